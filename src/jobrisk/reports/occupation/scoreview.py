"""What the report needs from an occupation's score, read into one small typed view.

:func:`score_view` reads the scorebook's :class:`OccupationScore` (risk score, range, band,
components, scenarios, research comparison, caveats, method version) and the per-task estimates
and time shares behind it (:class:`TaskBasedComponents`, every task, not only the top five the
score keeps as evidence). Without a scorebook, or for an occupation it has no task estimates for,
the per-task rows come from the catalog's task-exposure records with task-type time weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jobrisk.catalog import Catalog
from jobrisk.scoring.task_list import TaskBasedComponents
from jobrisk.scoring.occupation_score import OccupationScore
from jobrisk.scoring.params import DEFAULT_PARAMS


@dataclass(frozen=True)
class TaskScore:
    task_id: int
    time_share: float
    exposure: float | None       # 0-1 (default scenario); None = no estimate
    automation: float | None     # 0-1; None = no estimate
    provenance: str | None       # e.g. 'labels(human+gpt4) + activity_pool', 'human', 'model'
    disagreement: float | None = None
    p_e1: float | None = None
    p_e2: float | None = None
    human_label: str | None = None
    gpt4_label: str | None = None
    capability_automation: float | None = None  # the sources' automation before observed use
    observed_automation: float | None = None     # observed automation share that informed it


@dataclass(frozen=True)
class ResearchValue:
    measure: str
    label: str
    value: float
    percentile: float | None
    vintage: str
    mapping_status: str
    ambiguous: bool


@dataclass(frozen=True)
class ScoreView:
    status: str                                   # 'scored' | 'derived' | 'insufficient_data'
    risk_score: float | None
    risk_low: float | None
    risk_high: float | None
    band: str | None                              # None when not scored
    components: Mapping[str, float | None]        # exposure, automation, complementarity, outlook (0-1)
    facets: Mapping[str, float | None]            # human-advantage facets (percentiles, 0-1)
    scenarios: Mapping[str, float | None]         # llm_alone, default, llm_with_tools (0-1)
    tasks: tuple[TaskScore, ...]
    research: tuple[ResearchValue, ...]
    caveats: tuple[str, ...]
    method_version: str | None
    basis_detail: str | None = None
    derived_from: tuple[str, ...] = ()
    substitution_share: float | None = None       # share of work time AI could take over (0-1)
    demand_factor: float | None = None            # BLS employment 2024 / projected 2034
    employment_change_pct: float | None = None    # BLS projected change 2024-34 behind the factor


COMPONENT_KEYS = ("exposure", "automation", "complementarity", "outlook")
SCENARIO_KEYS = ("llm_alone", "default", "llm_with_tools")


def lookup_score(scorebook: Any, code: str) -> OccupationScore | None:
    """The scorebook's score for ``code``, or None (no scorebook, or not in it)."""
    return None if scorebook is None else scorebook.get(code)


def _label(source: Any) -> str | None:
    if source is None:
        return None
    probs = source.probs
    return ("E0", "E1", "E2")[max(range(3), key=lambda i: probs[i])]


def component_tasks(components: TaskBasedComponents, e2_weight: float) -> tuple[TaskScore, ...]:
    """Every estimated task of an occupation with its time share (from the scoring functions)."""
    out = []
    for share, est in zip(components.time_shares, components.estimates):
        out.append(TaskScore(
            task_id=est.task_id, time_share=share, exposure=est.exposure(e2_weight),
            automation=est.automation, provenance=est.provenance, disagreement=est.disagreement,
            p_e1=est.probs[1], p_e2=est.probs[2],
            human_label=_label(est.source("human")), gpt4_label=_label(est.source("gpt4")),
            capability_automation=est.capability_automation, observed_automation=est.observed_automation))
    return tuple(out)


def catalog_tasks(catalog: Catalog, code: str) -> tuple[TaskScore, ...]:
    """Per-task rows from the catalog's task-exposure records, with task-type time weights."""
    tasks = catalog.tasks(code)
    exposures = {e.task_id: e for e in catalog.task_exposures(code)}
    rated = [t for t in tasks if t.task_id in exposures]
    total = sum(t.type_weight for t in rated)
    if total <= 0:
        return ()
    out = []
    for t in rated:
        e = exposures[t.task_id]
        out.append(TaskScore(t.task_id, t.type_weight / total, e.exposure, e.automation, e.provenance,
                             None, e.p_e1, e.p_e2))
    return tuple(out)


def score_view(catalog: Catalog, scorebook: Any, code: str,
               components: TaskBasedComponents | None = None) -> ScoreView:
    """The report's view of ``code``'s score (see the module docstring for the fallbacks)."""
    score = lookup_score(scorebook, code)
    params = getattr(scorebook, "params", DEFAULT_PARAMS)
    tasks = component_tasks(components, params.e2_weight) if components is not None \
        else catalog_tasks(catalog, code)
    if score is None:
        research = tuple(ResearchValue(m.measure, m.measure, m.value, m.percentile, m.vintage,
                                       m.mapping_status, m.mapping_status not in ("direct", "one-to-one"))
                         for m in catalog.published_measures(code))
        return ScoreView("insufficient_data", None, None, None, None,
                         {k: None for k in COMPONENT_KEYS}, {}, {k: None for k in SCENARIO_KEYS},
                         tasks, research, ("No risk score is available for this occupation.",),
                         getattr(scorebook, "method_version", None))
    exposure = score.exposure
    scenarios = {k: (None if exposure is None else getattr(exposure, k)) for k in SCENARIO_KEYS}
    facets = dict(score.advantage.facets) if score.advantage is not None else {}
    return ScoreView(
        status=score.status, risk_score=score.risk_score, risk_low=score.risk_low,
        risk_high=score.risk_high, band=score.band if score.has_score else None,
        components=score.components, facets=facets, scenarios=scenarios, tasks=tasks,
        research=tuple(ResearchValue(r.measure, r.label, r.value, r.percentile, r.vintage,
                                     r.mapping_status, r.ambiguous) for r in score.research),
        caveats=tuple(score.caveats), method_version=score.method_version,
        basis_detail=score.basis_detail, derived_from=tuple(score.derived_from),
        substitution_share=score.substitution_share, demand_factor=score.demand_factor,
        employment_change_pct=None if score.outlook is None else score.outlook.change_pct,
    )
