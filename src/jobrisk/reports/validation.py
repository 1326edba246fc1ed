"""Validation report data: how the scores are distributed, how they compare with published
measures, how much each weighting choice moves them, and the sanity cases.

:func:`build_validation` computes a :class:`ValidationReport` from the scoring inputs and the
scorebook; :mod:`jobrisk.reports.validation_render` writes it as ``docs/validation.md`` with
SVG charts (``jobrisk occupations validate``). The sanity cases here are also asserted by the
integration tests.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from scipy.stats import spearmanr

from jobrisk.scoring.scorebook import (
    MEASURE_LABELS,
    UNAMBIGUOUS_MAPPINGS,
    Scorebook,
    ScoringInputs,
    all_components,
    score_all,
)
from jobrisk.scoring.occupation_score import OccupationScore
from jobrisk.scoring.params import ScoringParams
from jobrisk.scoring.risk import BANDS, INSUFFICIENT_DATA
from jobrisk.scoring.sensitivity import REPORT_VARIANTS, UNCERTAINTY_VARIANTS, Variant

#: (O*NET-SOC code, expected 'high' | 'low'): cases where the research consensus is strong.
SANITY_CASES: tuple[tuple[str, str], ...] = (
    ("43-9021.00", "high"),  # Data Entry Keyers
    ("41-9041.00", "high"),  # Telemarketers
    ("43-4051.00", "high"),  # Customer Service Representatives
    ("27-3091.00", "high"),  # Interpreters and Translators
    ("47-2181.00", "low"),  # Roofers
    ("27-2031.00", "low"),  # Dancers
    ("33-2011.00", "low"),  # Firefighters
    ("29-1242.00", "low"),  # Orthopedic Surgeons, Except Pediatric
    ("29-1243.00", "low"),  # Pediatric Surgeons
    ("29-1022.00", "low"),  # Oral and Maxillofacial Surgeons
)
EXPECTED_BANDS = {"high": ("High", "Very high"), "low": ("Low",)}
HISTOGRAM_BIN_POINTS = 5
RANKED_COUNT = 20


@dataclass(frozen=True)
class MeasureCorrelation:
    """Spearman correlation of our exposure and risk with one published measure."""

    measure: str
    label: str
    vintage: str
    n: int
    spearman_exposure: float
    spearman_risk: float
    n_unambiguous: int
    spearman_exposure_unambiguous: float | None


@dataclass(frozen=True)
class VariantSensitivity:
    """How far one alternative choice moves the scores. kind: 'uncertainty' (part of every
    score's range) or 'choice' (changes what the score means)."""

    name: str
    description: str
    kind: str
    spearman_risk: float
    spearman_exposure: float
    mean_abs_change_points: float
    band_changes_pct: float


@dataclass(frozen=True)
class AgreementCheck:
    """Spearman agreement of an exposure built from one label source (plus smoothing) with the
    occupation mean of the *other* source's labels: does smoothing remove noise?"""

    name: str
    description: str
    n: int
    spearman: float


@dataclass(frozen=True)
class SanityResult:
    onet_soc_code: str
    title: str
    expected: str
    band: str
    risk_score: float | None
    passed: bool


@dataclass(frozen=True)
class RankedOccupation:
    onet_soc_code: str
    title: str
    risk_score: float
    risk_low: float
    risk_high: float
    band: str
    exposure: float


@dataclass(frozen=True)
class ValidationReport:
    method_version: str
    catalog_fingerprint: str
    model_available: bool
    occupations: int
    basis_counts: tuple[tuple[str, int], ...]
    band_counts: tuple[tuple[str, int], ...]
    risk_histogram: tuple[tuple[float, int], ...]  # (bin start, count), bins of 5 points
    exposure_histogram: tuple[tuple[float, int], ...]  # (bin start 0-1, count), bins of 0.05
    correlations: tuple[MeasureCorrelation, ...]
    baseline_correlations: tuple[MeasureCorrelation, ...]  # the plain label baseline
    labelled_correlations: tuple[MeasureCorrelation, ...]  # ours, on the baseline's occupations
    agreement: tuple[AgreementCheck, ...]
    sensitivity: tuple[VariantSensitivity, ...]
    top: tuple[RankedOccupation, ...]
    bottom: tuple[RankedOccupation, ...]
    sanity: tuple[SanityResult, ...]


def _rho(a: Sequence[float], b: Sequence[float]) -> float:
    if len(a) < 3:
        return float("nan")
    return float(spearmanr(a, b)[0])


def _histogram(values: Sequence[float], width: float, top: float) -> tuple[tuple[float, int], ...]:
    bins = round(top / width)
    counts = Counter(min(int(v / width), bins - 1) for v in values)
    return tuple((round(i * width, 4), counts.get(i, 0)) for i in range(bins))


def baseline_exposure(inputs: ScoringInputs) -> dict[str, float]:
    """The plain baseline: core-weighted mean of task labels (human where present, else GPT-4;
    E1 = 1, E2 = 0.5), with no smoothing, model or work-activity weights."""
    values = {"E0": 0.0, "E1": 1.0, "E2": 0.5}
    weights = {"Core": 2.0, "Supplemental": 1.0}
    out = {}
    for code, evidence in inputs.evidence.items():
        num = den = 0.0
        for e in evidence:
            label = e.human_exposure or e.gpt4_exposure
            if label in values:
                w = weights.get(e.task_type or "", 1.5)
                num += w * values[label]
                den += w
        if den > 0:
            out[code] = num / den
    return out


def _correlations(
    ours: Mapping[str, float], risk: Mapping[str, float], inputs: ScoringInputs
) -> tuple[MeasureCorrelation, ...]:
    rows = []
    for measure in MEASURE_LABELS:
        pairs, unambiguous, vintage = [], [], ""
        for code, measures in inputs.measures.items():
            m = next((m for m in measures if m.measure == measure), None)
            if m is None or code not in ours:
                continue
            vintage = m.vintage
            pairs.append((ours[code], risk.get(code, float("nan")), m.value))
            if m.mapping_status in UNAMBIGUOUS_MAPPINGS:
                unambiguous.append((ours[code], m.value))
        if len(pairs) < 3:
            continue
        with_risk = [(r, v) for _, r, v in pairs if not math.isnan(r)]
        rows.append(
            MeasureCorrelation(
                measure=measure,
                label=MEASURE_LABELS[measure],
                vintage=vintage,
                n=len(pairs),
                spearman_exposure=_rho([p[0] for p in pairs], [p[2] for p in pairs]),
                spearman_risk=_rho([r for r, _ in with_risk], [v for _, v in with_risk]),
                n_unambiguous=len(unambiguous),
                spearman_exposure_unambiguous=(
                    _rho([u[0] for u in unambiguous], [u[1] for u in unambiguous]) if len(unambiguous) >= 3 else None
                ),
            )
        )
    return tuple(rows)


def _label_mean(inputs: ScoringInputs, pick: Callable[[object], str | None]) -> dict[str, float]:
    values = {"E0": 0.0, "E1": 1.0, "E2": 0.5}
    weights = {"Core": 2.0, "Supplemental": 1.0}
    out = {}
    for code, evidence in inputs.evidence.items():
        pairs = [(weights.get(e.task_type or "", 1.5), values[v]) for e in evidence if (v := pick(e)) in values]
        if pairs:
            out[code] = sum(w * v for w, v in pairs) / sum(w for w, _ in pairs)
    return out


def agreement_checks(inputs: ScoringInputs, params: ScoringParams) -> tuple[AgreementCheck, ...]:
    """Cross-source agreement of smoothed single-source exposure (task-type weights only)."""
    human = _label_mean(inputs, lambda e: e.human_exposure)  # type: ignore[attr-defined]
    gpt4 = _label_mean(inputs, lambda e: e.gpt4_exposure)  # type: ignore[attr-defined]
    base = params.with_changes(activity_importance_power=0.0, e2_weight=0.5)
    setups = [
        ("labels only", {"activity_pool_weight": 0.0, "model_weight": 0.0}),
        ("labels + activity pool", {"model_weight": 0.0}),
        ("labels + activity pool + model", {}),
        ("activity pool only", {"own_label_weight": 0.0, "model_weight": 0.0}),
    ]
    if inputs.model_available:
        setups.append(("model only", {"own_label_weight": 0.0, "activity_pool_weight": 0.0, "model_weight": 1.0}))
    out = []
    for source, share, target, target_name in (("GPT-4", 0.0, human, "human"), ("human", 1.0, gpt4, "GPT-4")):
        for name, changes in setups:
            p = base.with_changes(human_share_of_labels=share, **changes)
            comps = all_components(_single_source(inputs, source), p)
            codes = sorted(c for c in comps if c in target)
            out.append(
                AgreementCheck(
                    name=f"{source}: {name}",
                    description=f"exposure from {source} labels ({name}) vs the occupation's {target_name}-label mean",
                    n=len(codes),
                    spearman=_rho([comps[c].exposure.default for c in codes], [target[c] for c in codes]),
                )
            )
    return tuple(out)


def holdout_checks(inputs: ScoringInputs, params: ScoringParams) -> tuple[AgreementCheck, ...]:
    """How well occupations *without* labels are scored: every 7th labelled occupation (by code
    order) has its labels removed, is re-scored from the activity pool (and the model), and is
    compared with its own human- and GPT-4-label means."""
    labelled = sorted(c for c, evs in inputs.evidence.items() if any(e.human_exposure or e.gpt4_exposure for e in evs))
    held = set(labelled[::7])
    from dataclasses import replace

    blanked = replace(
        inputs,
        evidence={
            code: tuple(replace(e, human_exposure=None, gpt4_exposure=None, gpt4_automation=None) for e in evs)
            if code in held
            else evs
            for code, evs in inputs.evidence.items()
        },
    )
    human = _label_mean(inputs, lambda e: e.human_exposure)  # type: ignore[attr-defined]
    gpt4 = _label_mean(inputs, lambda e: e.gpt4_exposure)  # type: ignore[attr-defined]
    comps = all_components(blanked, params)
    out = []
    for target, name in ((human, "human"), (gpt4, "GPT-4")):
        codes = sorted(c for c in held if c in comps and c in target)
        out.append(
            AgreementCheck(
                name=f"held-out occupations vs {name} labels",
                description=f"labels of {len(held)} occupations removed; their exposure (pool"
                f"{' + model' if inputs.model_available else ''}) vs their {name}-label mean",
                n=len(codes),
                spearman=_rho([comps[c].exposure.default for c in codes], [target[c] for c in codes]),
            )
        )
    return tuple(out)


def _single_source(inputs: ScoringInputs, source: str) -> ScoringInputs:
    """Inputs with only one label source kept (the other blanked), for agreement checks."""
    from dataclasses import replace

    keep_human = source == "human"
    evidence = {
        code: tuple(replace(e, gpt4_exposure=None) if keep_human else replace(e, human_exposure=None) for e in evs)
        for code, evs in inputs.evidence.items()
    }
    return replace(inputs, evidence=evidence)


def _sensitivity(inputs: ScoringInputs, scorebook: Scorebook) -> tuple[VariantSensitivity, ...]:
    central = {s.onet_soc_code: s for s in scorebook if s.risk_score is not None}
    rows = []
    for kind, variants in (("uncertainty", UNCERTAINTY_VARIANTS), ("choice", REPORT_VARIANTS)):
        for variant in variants:
            rows.append(_variant_row(kind, variant, inputs, scorebook.params, central))
    return tuple(rows)


def _variant_row(
    kind: str, variant: Variant, inputs: ScoringInputs, params: ScoringParams, central: Mapping[str, OccupationScore]
) -> VariantSensitivity:
    alt = score_all(inputs, variant.apply(params), variants=())
    codes = sorted(c for c in central if c in alt and alt[c].risk_score is not None)
    a = [central[c].risk_score for c in codes]
    b = [alt[c].risk_score for c in codes]
    return VariantSensitivity(
        name=variant.name,
        description=variant.description,
        kind=kind,
        spearman_risk=_rho(a, b),  # type: ignore[arg-type]
        spearman_exposure=_rho(
            [central[c].exposure_share for c in codes],  # type: ignore[misc]
            [alt[c].exposure_share for c in codes],  # type: ignore[misc]
        ),
        mean_abs_change_points=sum(abs(x - y) for x, y in zip(a, b)) / len(codes),  # type: ignore[operator]
        band_changes_pct=100.0 * sum(central[c].band != alt[c].band for c in codes) / len(codes),
    )


def _ranked(score: OccupationScore) -> RankedOccupation:
    return RankedOccupation(
        score.onet_soc_code,
        score.title,
        score.risk_score or 0.0,
        score.risk_low or 0.0,
        score.risk_high or 0.0,
        score.band,
        score.exposure_share or 0.0,
    )


def build_validation(inputs: ScoringInputs, scorebook: Scorebook) -> ValidationReport:
    """Everything ``docs/validation.md`` shows, computed from the scorebook and its inputs."""
    scored = [s for s in scorebook if s.risk_score is not None]
    exposure = {s.onet_soc_code: s.exposure_share for s in scored if s.exposure_share is not None}
    risk = {s.onet_soc_code: s.risk_score for s in scored}
    baseline = baseline_exposure(inputs)
    ranked = sorted(scored, key=lambda s: (-(s.risk_score or 0.0), s.onet_soc_code))
    own = [s for s in ranked if s.status == "scored"]
    by_code = {s.onet_soc_code: s for s in scorebook}
    sanity = []
    for code, expected in SANITY_CASES:
        s = by_code.get(code)
        band = s.band if s is not None else INSUFFICIENT_DATA
        sanity.append(
            SanityResult(
                code,
                s.title if s else code,
                expected,
                band,
                s.risk_score if s else None,
                band in EXPECTED_BANDS[expected],
            )
        )
    bands = Counter(s.band for s in scorebook)
    return ValidationReport(
        method_version=scorebook.method_version,
        catalog_fingerprint=scorebook.catalog_fingerprint,
        model_available=scorebook.model_available,
        occupations=len(scorebook),
        basis_counts=tuple(sorted(Counter(s.basis for s in scorebook).items())),
        band_counts=tuple((b, bands.get(b, 0)) for b in (*BANDS, INSUFFICIENT_DATA)),
        risk_histogram=_histogram([s.risk_score for s in scored], HISTOGRAM_BIN_POINTS, 100.0),  # type: ignore[misc]
        exposure_histogram=_histogram(list(exposure.values()), 0.05, 1.0),  # type: ignore[arg-type]
        correlations=_correlations(exposure, risk, inputs),  # type: ignore[arg-type]
        baseline_correlations=_correlations(baseline, {}, inputs),
        labelled_correlations=_correlations({c: v for c, v in exposure.items() if c in baseline}, {}, inputs),  # type: ignore[misc]
        agreement=agreement_checks(inputs, scorebook.params) + holdout_checks(inputs, scorebook.params),
        sensitivity=_sensitivity(inputs, scorebook),
        top=tuple(_ranked(s) for s in own[:RANKED_COUNT]),
        bottom=tuple(_ranked(s) for s in own[-RANKED_COUNT:][::-1]),
        sanity=tuple(sanity),
    )


__all__ = ["SANITY_CASES", "ValidationReport", "baseline_exposure", "build_validation"]
