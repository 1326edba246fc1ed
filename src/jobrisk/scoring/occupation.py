"""Assemble an :class:`OccupationScore`: from an occupation's own tasks, from its SOC peers when
it has no tasks, or as an explicit "insufficient data" result. Pure functions, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from jobrisk.catalog.types import Occupation
from jobrisk.scoring.automation_share import automation_share
from jobrisk.scoring.capability_exposure import ExposureScenarios, capability_exposure
from jobrisk.scoring.human_advantage import HumanAdvantage
from jobrisk.scoring.labour_market_outlook import LabourMarketOutlook
from jobrisk.scoring.occupation_score import (
    BASIS_INSUFFICIENT,
    BASIS_TASKS,
    OccupationScore,
    ResearchComparison,
    SensitivityResult,
    TaskContribution,
)
from jobrisk.scoring.params import METHOD_VERSION, ScoringParams
from jobrisk.scoring.risk import (
    INSUFFICIENT_DATA,
    RiskRange,
    demand_factor,
    risk_band,
    risk_range,
    risk_score,
    substitution_share,
)
from jobrisk.scoring.task_exposure import (
    ActivityPool,
    TaskEvidence,
    TaskExposureEstimate,
    estimate_task_exposure,
)
from jobrisk.scoring.task_weights import task_time_shares

#: Neutral values used, with a caveat, when a component cannot be measured or derived.
NEUTRAL_AUTOMATION = 0.5
NEUTRAL_COMPLEMENTARITY = 0.5
EVIDENCE_TASKS = 5


@dataclass(frozen=True)
class TaskBasedComponents:
    """Exposure and automation of one occupation from its task estimates."""

    estimates: tuple[TaskExposureEstimate, ...]
    time_shares: tuple[float, ...]
    exposure: ExposureScenarios
    automation: float | None


def task_based_components(evidence: Sequence[TaskEvidence], pool: ActivityPool | None,
                          params: ScoringParams,
                          reuse: TaskBasedComponents | None = None) -> TaskBasedComponents | None:
    """Estimate every task and aggregate; None when no task has any exposure source.

    ``reuse``: components computed with the same exposure choices (only task weights or
    scenario differ); its task estimates are kept and only the aggregation is redone.
    """
    if reuse is not None:
        by_id = {e.task_id: e for e in evidence}
        pairs = [(by_id[est.task_id], est) for est in reuse.estimates]
    else:
        if pool is None:
            raise ValueError("task_based_components needs a pool unless it reuses estimates")
        pairs = [(e, est) for e in evidence
                 if (est := estimate_task_exposure(e, pool, params)) is not None]
    if not pairs:
        return None
    shares = task_time_shares([e.task_type for e, _ in pairs],
                              [e.activity_importance for e, _ in pairs], params)
    estimates = [est for _, est in pairs]
    return TaskBasedComponents(
        estimates=tuple(estimates),
        time_shares=tuple(shares),
        exposure=capability_exposure(estimates, shares, params.e2_weight),
        automation=automation_share(estimates, shares, params.e2_weight),
    )


def components_risk(components: TaskBasedComponents, complementarity: float,
                    projected_employment_ratio: float | None, params: ScoringParams) -> float:
    """The 0-100 risk score implied by task-based components (used for every variant)."""
    automation = NEUTRAL_AUTOMATION if components.automation is None else components.automation
    return risk_score(components.exposure.default, automation, complementarity,
                      projected_employment_ratio, params)


def employment_ratio(outlook: LabourMarketOutlook | None) -> float | None:
    """BLS projected employment 2034 / 2024 behind ``outlook``; None without a projection."""
    return None if outlook is None else outlook.projected_employment_ratio


#: Caveat of an occupation BLS does not project.
NO_PROJECTION_NOTE = ("No BLS projection for this occupation: the work AI could take is not set "
                      "against projected demand (demand factor 1).")


def task_contributions(components: TaskBasedComponents,
                       params: ScoringParams) -> tuple[TaskContribution, ...]:
    """Every estimated task's part in the occupation's exposure, largest contribution first."""
    total = sum(s * est.exposure(params.e2_weight)
                for s, est in zip(components.time_shares, components.estimates))
    rows = []
    for share, est in zip(components.time_shares, components.estimates):
        exposure = est.exposure(params.e2_weight)
        human, gpt4 = est.source("human"), est.source("gpt4")
        model, pooled = est.source("model"), est.source("activity_pool")
        rows.append(TaskContribution(
            task_id=est.task_id, task=est.task, time_share=share, exposure=exposure,
            automation=est.automation,
            contribution=(share * exposure / total) if total > 0 else 0.0,
            provenance=est.provenance, disagreement=est.disagreement,
            human_label=_label(human), gpt4_label=_label(gpt4),
            model_exposure=None if model is None else model.exposure(params.e2_weight),
            pool_exposure=None if pooled is None else pooled.exposure(params.e2_weight)))
    rows.sort(key=lambda r: (-r.contribution, r.task_id))
    return tuple(rows)


def _label(source: object) -> str | None:
    if source is None:
        return None
    probs = source.probs  # type: ignore[attr-defined]
    return f"E{probs.index(max(probs))}"


def score_from_tasks(
    occupation: Occupation,
    components: TaskBasedComponents,
    advantage: HumanAdvantage | None,
    outlook: LabourMarketOutlook | None,
    sensitivity: Sequence[SensitivityResult],
    research: Sequence[ResearchComparison],
    params: ScoringParams,
    notes: Sequence[str] = (),
) -> OccupationScore:
    """The score of an occupation with its own tasks."""
    caveats = list(notes)
    automation = components.automation
    if automation is None:
        caveats.append("No source rates automation for this occupation's exposed tasks; "
                       f"automation taken as {NEUTRAL_AUTOMATION} (neutral).")
    complementarity = NEUTRAL_COMPLEMENTARITY if advantage is None else advantage.complementarity
    if advantage is None:
        caveats.append("No O*NET descriptors for this occupation or its SOC group; "
                       f"complementarity taken as {NEUTRAL_COMPLEMENTARITY} (neutral).")
    ratio = employment_ratio(outlook)
    factor = demand_factor(ratio, params)
    if outlook is None:
        caveats.append(NO_PROJECTION_NOTE)
    elif outlook.soc_code != occupation.soc_code:
        caveats.append(f"BLS projects this occupation only within {outlook.soc_code} "
                       f"({outlook.projection_title}); the outlook and projected demand are "
                       "that group's.")
    central = components_risk(components, complementarity, ratio, params)
    share = substitution_share(components.exposure.default,
                               NEUTRAL_AUTOMATION if automation is None else automation,
                               complementarity)
    exposure = components.exposure.default
    se_points = (100.0 * components.exposure.standard_error * (share / exposure)
                 * factor) if exposure > 0 else 0.0
    risk = risk_range(central, [s.risk_score for s in sensitivity], se_points)
    unlabelled = sum(1 for est in components.estimates if "labels" not in est.provenance)
    if unlabelled == len(components.estimates):
        caveats.append("No task of this occupation carries a human or GPT-4 label: its exposure "
                       "comes from the activity pool and the task model only.")
    return OccupationScore(
        onet_soc_code=occupation.onet_soc_code, title=occupation.title,
        soc_code=occupation.soc_code, major_group=occupation.major_group,
        basis=BASIS_TASKS,
        basis_detail=f"From {len(components.estimates)} of its {occupation.task_count} O*NET tasks.",
        derived_from=(), exposure=components.exposure, automation=automation, advantage=advantage,
        outlook=outlook, substitution_share=share, demand_factor=factor, risk=risk,
        band=risk_band(central, params),
        tasks_total=occupation.task_count, tasks_scored=len(components.estimates),
        provenance_counts=tuple(sorted(Counter(e.provenance for e in components.estimates).items())),
        evidence=task_contributions(components, params)[:EVIDENCE_TASKS],
        sensitivity=tuple(sensitivity),
        research=tuple(research), caveats=tuple(caveats), method_version=METHOD_VERSION)


def mean_advantage(advantages: Sequence[HumanAdvantage]) -> HumanAdvantage | None:
    """Facet-by-facet mean of several occupations' human advantage (for derived values)."""
    if not advantages:
        return None

    def mean_of(pairs_list: list[tuple[tuple[str, float | None], ...]]) -> tuple:
        out = []
        for name, _ in pairs_list[0]:
            values = [v for pairs in pairs_list if (v := dict(pairs).get(name)) is not None]
            out.append((name, sum(values) / len(values) if values else None))
        return tuple(out)

    return HumanAdvantage(
        complementarity=sum(a.complementarity for a in advantages) / len(advantages),
        facets=mean_of([a.facets for a in advantages]),
        facet_readings=mean_of([a.facet_readings for a in advantages]),
        descriptors_used=0, descriptors_expected=advantages[0].descriptors_expected)


def derive_from_peers(occupation: Occupation, peers: Sequence[OccupationScore], basis: str,
                      group_label: str, outlook: LabourMarketOutlook | None,
                      research: Sequence[ResearchComparison],
                      params: ScoringParams) -> OccupationScore:
    """Score a task-less occupation as the mean of scored peers (its SOC group), and say so.

    The range spans the peers' own ranges: a derived score is only as precise as its peers agree.
    """
    scored = [p for p in peers if p.risk is not None and p.exposure is not None]
    if not scored:
        raise ValueError(f"derive_from_peers: no scored peer for {occupation.onet_soc_code}")
    n = len(scored)
    exposure = ExposureScenarios(
        llm_alone=sum(p.exposure.llm_alone for p in scored) / n,  # type: ignore[union-attr]
        llm_with_tools=sum(p.exposure.llm_with_tools for p in scored) / n,  # type: ignore[union-attr]
        default=sum(p.exposure.default for p in scored) / n,  # type: ignore[union-attr]
        standard_error=0.0)
    automations = [p.automation for p in scored if p.automation is not None]
    automation = sum(automations) / len(automations) if automations else NEUTRAL_AUTOMATION
    advantage = mean_advantage([p.advantage for p in scored if p.advantage is not None])
    complementarity = NEUTRAL_COMPLEMENTARITY if advantage is None else advantage.complementarity
    ratio = employment_ratio(outlook)
    factor = demand_factor(ratio, params)
    central = risk_score(exposure.default, automation, complementarity, ratio, params)
    low = min([central] + [p.risk.low for p in scored])  # type: ignore[union-attr]
    high = max([central] + [p.risk.high for p in scored])  # type: ignore[union-attr]
    codes = tuple(p.onet_soc_code for p in scored)
    return OccupationScore(
        onet_soc_code=occupation.onet_soc_code, title=occupation.title,
        soc_code=occupation.soc_code, major_group=occupation.major_group,
        basis=basis,
        basis_detail=(f"O*NET lists no tasks for this occupation; derived as the mean of the {n} "
                      f"scored occupation(s) in its {group_label}."),
        derived_from=codes, exposure=exposure, automation=automation, advantage=advantage,
        outlook=outlook,
        substitution_share=substitution_share(exposure.default, automation, complementarity),
        demand_factor=factor, risk=RiskRange(central, low, high), band=risk_band(central, params),
        tasks_total=occupation.task_count, tasks_scored=0, provenance_counts=(), evidence=(),
        sensitivity=(), research=tuple(research),
        caveats=(("Derived from related occupations, not from this occupation's own tasks: "
                  "treat it as indicative."),
                 *(() if outlook is not None else (NO_PROJECTION_NOTE,))),
        method_version=METHOD_VERSION)


def insufficient_data(occupation: Occupation, reason: str, outlook: LabourMarketOutlook | None,
                      research: Sequence[ResearchComparison]) -> OccupationScore:
    """An explicit no-score result: never a silent 0."""
    return OccupationScore(
        onet_soc_code=occupation.onet_soc_code, title=occupation.title,
        soc_code=occupation.soc_code, major_group=occupation.major_group,
        basis=BASIS_INSUFFICIENT, basis_detail=reason, derived_from=(), exposure=None,
        automation=None, advantage=None, outlook=outlook, substitution_share=None,
        demand_factor=None, risk=None,
        band=INSUFFICIENT_DATA, tasks_total=occupation.task_count, tasks_scored=0,
        provenance_counts=(), evidence=(), sensitivity=(), research=tuple(research),
        caveats=(reason,), method_version=METHOD_VERSION)
