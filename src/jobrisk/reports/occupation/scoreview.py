"""What the report needs from an occupation's score, read into one small typed view.

:func:`score_view` reads the scorebook's ``OccupationScore`` for one occupation (risk score, range,
band, components, scenarios, per-task exposure and time shares, research comparison, caveats,
method version). When the scorebook has no score for the occupation, the view says
``insufficient_data`` and the per-task rows come straight from the catalog's task-exposure
records with task-type time weights, so the report can still show the tasks honestly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from jobrisk.catalog import Catalog


@dataclass(frozen=True)
class TaskScore:
    task_id: int
    time_share: float
    exposure: float | None       # 0-1 (default scenario); None = no estimate
    automation: float | None     # 0-1; None = no estimate
    provenance: str | None       # e.g. 'human', 'gpt4', 'labels', 'activity_pool', 'model'
    confidence: float | None
    p_e1: float | None = None
    p_e2: float | None = None


@dataclass(frozen=True)
class ResearchValue:
    measure: str
    value: float
    percentile: float | None
    vintage: str
    mapping_status: str


@dataclass(frozen=True)
class ScoreView:
    status: str                                   # 'scored' | 'derived' | 'insufficient_data'
    risk_score: float | None
    risk_low: float | None
    risk_high: float | None
    band: str | None
    components: Mapping[str, float | None]        # exposure, automation, complementarity, outlook (0-1)
    facets: Mapping[str, float | None]
    scenarios: Mapping[str, float | None]         # llm_alone, default, llm_with_tools (0-1)
    tasks: tuple[TaskScore, ...]
    research: tuple[ResearchValue, ...]
    caveats: tuple[str, ...]
    method_version: str | None
    derived_from: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def task(self, task_id: int) -> TaskScore | None:
        for t in self.tasks:
            if t.task_id == task_id:
                return t
        return None


def _num(value: Any) -> float | None:
    value = getattr(value, "value", value)
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        if obj is None:
            return None
        if isinstance(obj, Mapping):
            if name in obj:
                return obj[name]
            continue
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


def lookup_score(scorebook: Any, code: str) -> Any:
    """The scorebook's score for ``code``, or None."""
    if scorebook is None:
        return None
    getter = getattr(scorebook, "get", None)
    if callable(getter):
        return getter(code)
    try:
        return scorebook[code]
    except (KeyError, TypeError, IndexError):
        return None


def _catalog_tasks(catalog: Catalog, code: str) -> tuple[TaskScore, ...]:
    tasks = catalog.tasks(code)
    if not tasks:
        return ()
    exposures = {e.task_id: e for e in catalog.task_exposures(code)}
    total = sum(t.type_weight for t in tasks) or 1.0
    out = []
    for t in tasks:
        e = exposures.get(t.task_id)
        out.append(TaskScore(t.task_id, t.type_weight / total,
                             e.exposure if e else None, e.automation if e else None,
                             e.provenance if e else None, e.confidence if e else None,
                             e.p_e1 if e else None, e.p_e2 if e else None))
    return tuple(out)


def _score_tasks(score: Any) -> tuple[TaskScore, ...]:
    rows = _get(score, "tasks", "task_scores", "task_exposures") or ()
    out = []
    for r in rows:
        est = _get(r, "estimate")
        probs = _get(r, "probs") or _get(est, "probs")
        p_e1 = _num(probs[1]) if probs is not None and len(probs) == 3 else _num(_get(r, "p_e1"))
        p_e2 = _num(probs[2]) if probs is not None and len(probs) == 3 else _num(_get(r, "p_e2"))
        out.append(TaskScore(
            task_id=int(_get(r, "task_id") if _get(r, "task_id") is not None else _get(est, "task_id")),
            time_share=_num(_get(r, "time_share", "weight")) or 0.0,
            exposure=_num(_get(r, "exposure", "exposure_share")),
            automation=_num(_get(r, "automation", "automation_share")) if _get(r, "automation") is not None
            else _num(_get(est, "automation")),
            provenance=_get(r, "provenance") or _get(est, "provenance"),
            confidence=_num(_get(r, "confidence")),
            p_e1=p_e1, p_e2=p_e2,
        ))
    return tuple(out)


def _research(score: Any, catalog: Catalog, code: str) -> tuple[ResearchValue, ...]:
    rows = _get(score, "research", "research_comparison", "published")
    if rows:
        out = []
        for r in rows:
            value = _num(_get(r, "value"))
            if value is None:
                continue
            out.append(ResearchValue(str(_get(r, "measure")), value, _num(_get(r, "percentile")),
                                     str(_get(r, "vintage") or ""), str(_get(r, "mapping_status") or "")))
        return tuple(out)
    return tuple(ResearchValue(m.measure, m.value, m.percentile, m.vintage, m.mapping_status)
                 for m in catalog.published_measures(code))


def _mapping(obj: Any, keys: tuple[str, ...]) -> dict[str, float | None]:
    return {k: _num(_get(obj, k)) for k in keys}


COMPONENT_KEYS = ("exposure", "automation", "complementarity", "outlook")
FACET_KEYS = ("social_and_care", "physical_and_manual", "responsibility_for_others",
              "consequence_of_error", "creativity")
SCENARIO_KEYS = ("llm_alone", "default", "llm_with_tools")


def score_view(catalog: Catalog, scorebook: Any, code: str) -> ScoreView:
    """The report's view of ``code``'s score (see the module docstring for the fallback)."""
    score = lookup_score(scorebook, code)
    if score is None:
        return ScoreView("insufficient_data", None, None, None, None,
                         {k: None for k in COMPONENT_KEYS}, {k: None for k in FACET_KEYS},
                         {k: None for k in SCENARIO_KEYS}, _catalog_tasks(catalog, code),
                         _research(None, catalog, code),
                         ("No risk score: the scorebook has no score for this occupation.",),
                         _get(scorebook, "method_version"))
    status = _get(score, "status")
    status = str(getattr(status, "value", status) or "scored")
    components = _get(score, "components")
    comp = _mapping(components if components is not None else score, COMPONENT_KEYS)
    for key, alt in (("exposure", "capability_exposure"), ("automation", "automation_share"),
                     ("complementarity", "human_advantage"), ("outlook", "labour_market_outlook")):
        if comp[key] is None:
            comp[key] = _num(_get(components, alt)) or _num(_get(score, alt))
    facets = _get(score, "facets") or _get(components, "facets")
    scenarios = _get(score, "scenarios") or _get(components, "scenarios")
    tasks = _score_tasks(score) or _catalog_tasks(catalog, code)
    band = _get(score, "band")
    caveats = _get(score, "caveats") or ()
    return ScoreView(
        status=status if status in ("scored", "derived", "insufficient_data") else "scored",
        risk_score=_num(_get(score, "risk_score")),
        risk_low=_num(_get(score, "risk_low")), risk_high=_num(_get(score, "risk_high")),
        band=str(getattr(band, "value", band)) if band is not None else None,
        components=comp, facets=_mapping(facets, FACET_KEYS), scenarios=_mapping(scenarios, SCENARIO_KEYS),
        tasks=tasks, research=_research(score, catalog, code),
        caveats=tuple(str(c) for c in caveats),
        method_version=_get(score, "method_version") or _get(scorebook, "method_version"),
        derived_from=_get(score, "derived_from"),
    )
