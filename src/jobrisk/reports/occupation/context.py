"""Facts shared by every occupation report, computed once per catalog and scorebook.

:class:`ReportContext` holds the tool catalog, occupation titles and groups, each occupation's
exposure and risk (for comparisons and adjacent occupations), skill and work-activity profiles
(for overlap), every task's exposure estimate and time share (the scorebook's own per-task
components, not recomputed), and how strongly each O*NET skill, knowledge area and work style
goes with lower AI exposure across all occupations (``element_exposure_r``: the Pearson correlation between an
element's importance and the occupation's exposure; negative = associated with less exposure).
Build it once with :meth:`ReportContext.build` and pass it to every ``build_report`` call.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jobrisk.catalog import Catalog
from jobrisk.catalog.types import Occupation, Projection, Wage
from jobrisk.reports.occupation.borrowed import BORROWED_DOMAINS, Borrowing, borrow_ratings
from jobrisk.reports.occupation.strengths import CONTEXT_DOMAINS, percentile_tables
from jobrisk.reports.tools import ToolCatalog, load_tool_catalog
from jobrisk.scoring.params import DEFAULT_PARAMS
from jobrisk.scoring.scorebook import Scorebook
from jobrisk.scoring.task_list import TaskBasedComponents

STRENGTH_DOMAINS = ("skills", "knowledge", "work_styles")
#: Elements need a rating in at least this many occupations to get a correlation.
MIN_OCCUPATIONS_FOR_R = 50


@dataclass(frozen=True)
class ElementAssociation:
    r: float  # Pearson correlation of importance with occupation exposure
    n_occupations: int


@dataclass
class ReportContext:
    tools: ToolCatalog
    occupations: Mapping[str, Occupation]
    major_groups: Mapping[str, str]
    exposure: Mapping[str, float]  # occupation exposure (0-1), where known
    risk: Mapping[str, float]  # risk score (0-100), where scored
    band: Mapping[str, str]
    profiles: Mapping[str, Mapping[str, float]]  # code -> {skill/knowledge element: importance - mean}
    activities: Mapping[str, frozenset[str]]  # code -> DWA ids its tasks perform
    element_names: Mapping[str, Mapping[str, str]]  # domain -> {element_id: name}
    importance: Mapping[str, Mapping[str, Mapping[str, float]]]  # domain -> code -> {element: importance}
    task_components: Mapping[str, TaskBasedComponents]  # every task's estimate and time share
    element_exposure_r: Mapping[str, Mapping[str, ElementAssociation]]
    wages: Mapping[str, Wage | None]
    projections: Mapping[str, Projection | None]
    manifest: Mapping[str, Any]
    #: domain -> code -> {element: rating}, O*NET's ratings with unrated occupations borrowed (see .borrowed)
    ratings: Mapping[str, Mapping[str, Mapping[str, float]]] = dataclasses.field(default_factory=dict)
    borrowed: Mapping[str, Borrowing] = dataclasses.field(default_factory=dict)
    #: 'domain:element' -> sorted O*NET ratings across occupations, for strength percentiles
    strength_tables: Mapping[str, tuple[float, ...]] = dataclasses.field(default_factory=dict)
    all_element_names: Mapping[str, str] = dataclasses.field(default_factory=dict)
    risk_range: Mapping[str, tuple[float, float]] = dataclasses.field(default_factory=dict)
    #: every scored occupation's risk score, sorted (for "higher than N% of occupations")
    risk_sorted: tuple[float, ...] = ()
    #: median default-scenario exposure of every rated O*NET task (what "low exposure" is measured against)
    task_exposure_median: float | None = None
    tasks_rated: int = 0
    band_cutoffs: tuple[float, ...] = ()
    url_template: str = "/occupations/{code}"
    #: the task scorer's page; None where the site has none (a static site built without an app URL)
    task_scorer_url: str | None = "/tasks/score"
    #: where every occupation can be browsed by field
    browse_url: str = "/occupations"

    def url(self, code: str) -> str:
        """Link to an occupation's report (the static site uses relative file names)."""
        return self.url_template.format(code=code)

    @classmethod
    def build(cls, catalog: Catalog, scorebook: Scorebook, tools: ToolCatalog | None = None) -> ReportContext:
        occupations = {o.onet_soc_code: o for o in catalog.occupations()}
        exposure: dict[str, float] = {}
        risk: dict[str, float] = {}
        band: dict[str, str] = {}
        risk_range: dict[str, tuple[float, float]] = {}
        # the scorebook keeps every occupation's per-task components: one computation, shared
        task_components: Mapping[str, TaskBasedComponents] = scorebook.task_components
        for code in occupations:
            score = scorebook.get(code)
            if score is None:
                continue
            if score.exposure_share is not None:
                exposure[code] = score.exposure_share
            if score.has_score:
                risk[code] = float(score.risk_score)  # type: ignore[arg-type]
                band[code] = score.band
                if score.risk_low is not None and score.risk_high is not None:
                    risk_range[code] = (float(score.risk_low), float(score.risk_high))
        names = {d: catalog.element_names(d) for d in STRENGTH_DOMAINS}
        matrices = {d: catalog.element_matrix(d) for d in STRENGTH_DOMAINS}
        profiles: dict[str, dict[str, float]] = {}
        for domain in ("skills", "knowledge"):
            means = _element_means(matrices[domain])
            for code, row in matrices[domain].items():
                profiles.setdefault(code, {}).update({k: v - means[k] for k, v in row.items()})
        activities: dict[str, set[str]] = {}
        all_dwas = catalog.task_dwas()
        task_owner = {t.task_id: t.onet_soc_code for t in catalog.tasks()}
        for task_id, dwas in all_dwas.items():
            owner = task_owner.get(task_id)
            if owner is not None:
                activities.setdefault(owner, set()).update(d.dwa_id for d in dwas)
        socs = {o.soc_code for o in occupations.values()}
        activity_sets = {k: frozenset(v) for k, v in activities.items()}
        own = {
            d: catalog.element_matrix(d, "context" if d in CONTEXT_DOMAINS else "importance") for d in BORROWED_DOMAINS
        }
        ratings, borrowed = borrow_ratings(own, list(occupations), activity_sets)
        params = getattr(scorebook, "params", DEFAULT_PARAMS)
        exposures = [e for comp in task_components.values() for e in _task_exposures(comp, params)]
        return cls(
            tools=tools or load_tool_catalog(),
            occupations=occupations,
            major_groups=catalog.major_groups(),
            exposure=exposure,
            risk=risk,
            band=band,
            profiles=profiles,
            activities=activity_sets,
            element_names=names,
            importance=matrices,
            task_components=task_components,
            element_exposure_r={d: _associations(matrices[d], exposure) for d in STRENGTH_DOMAINS},
            wages={s: catalog.wage(s) for s in socs},
            projections={s: catalog.projection(s) for s in socs},
            manifest=catalog.manifest(),
            ratings=ratings,
            borrowed=borrowed,
            strength_tables=percentile_tables(own),
            all_element_names=catalog.element_names(),
            risk_range=risk_range,
            risk_sorted=tuple(sorted(risk.values())),
            task_exposure_median=statistics.median(exposures) if exposures else None,
            tasks_rated=len(exposures),
            band_cutoffs=tuple(getattr(params, "band_cutoffs", ())),
        )

    def risk_percentile(self, code: str) -> float | None:
        """Share of scored occupations (0-100) whose risk score is below this one's."""
        value = self.risk.get(code)
        if value is None or not self.risk_sorted:
            return None
        below = sum(1 for v in self.risk_sorted if v < value)
        return 100.0 * below / len(self.risk_sorted)


def _task_exposures(components: TaskBasedComponents, params: Any) -> list[float]:
    weight = getattr(params, "e2_weight", DEFAULT_PARAMS.e2_weight)
    values = (est.exposure(weight) for est in components.estimates)
    return [v for v in values if v is not None]


def _element_means(matrix: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    sums: dict[str, list[float]] = {}
    for row in matrix.values():
        for element, value in row.items():
            sums.setdefault(element, []).append(value)
    return {k: sum(v) / len(v) for k, v in sums.items()}


def _associations(
    matrix: Mapping[str, Mapping[str, float]], exposure: Mapping[str, float]
) -> dict[str, ElementAssociation]:
    by_element: dict[str, list[tuple[float, float]]] = {}
    for code, row in matrix.items():
        if code not in exposure:
            continue
        for element, importance in row.items():
            by_element.setdefault(element, []).append((importance, exposure[code]))
    out = {}
    for element, pairs in by_element.items():
        if len(pairs) < MIN_OCCUPATIONS_FOR_R:
            continue
        r = _pearson(pairs)
        if r is not None:
            out[element] = ElementAssociation(r, len(pairs))
    return out


def _pearson(pairs: list[tuple[float, float]]) -> float | None:
    n = len(pairs)
    mx = sum(p[0] for p in pairs) / n
    my = sum(p[1] for p in pairs) / n
    sxx = sum((p[0] - mx) ** 2 for p in pairs)
    syy = sum((p[1] - my) ** 2 for p in pairs)
    if sxx <= 0 or syy <= 0:
        return None
    return sum((p[0] - mx) * (p[1] - my) for p in pairs) / math.sqrt(sxx * syy)


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float | None:
    """Cosine similarity of two importance profiles (None when either is empty)."""
    keys = set(a) & set(b)
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    if not keys or na == 0 or nb == 0:
        return None
    return sum(a[k] * b[k] for k in keys) / (na * nb)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float | None:
    if not a or not b:
        return None
    return len(a & b) / len(a | b)
