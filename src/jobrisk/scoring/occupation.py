"""Assemble an :class:`OccupationScore`: from an occupation's own tasks (its task list's score), from its SOC peers when
it has no tasks, or as an explicit "insufficient data" result. Pure functions, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from jobrisk.catalog.types import Occupation
from jobrisk.field_copy import copy_fields
from jobrisk.scoring.capability_exposure import ExposureScenarios
from jobrisk.scoring.labour_market_outlook import LabourMarketOutlook
from jobrisk.scoring.occupation_score import BASIS_INSUFFICIENT, BASIS_TASKS, OccupationScore, ResearchComparison
from jobrisk.scoring.params import METHOD_VERSION, ScoringParams
from jobrisk.scoring.reference import mean_advantage
from jobrisk.scoring.risk import INSUFFICIENT_DATA, RiskRange, demand_factor, risk_band, risk_score, substitution_share
from jobrisk.scoring.task_list import NEUTRAL_AUTOMATION, NEUTRAL_COMPLEMENTARITY, NO_PROJECTION_NOTE, TaskListScore

#: Tasks kept as an occupation score's evidence (the largest contributions to exposure).
EVIDENCE_TASKS = 5
#: What an occupation scored from its own tasks takes from its task list's score unchanged.
FROM_TASK_LIST = (
    "advantage",
    "outlook",
    "substitution_share",
    "demand_factor",
    "risk",
    "band",
    "sensitivity",
    "caveats",
)


def employment_ratio(outlook: LabourMarketOutlook | None) -> float | None:
    """BLS projected employment 2034 / 2024 behind ``outlook``; None without a projection."""
    return None if outlook is None else outlook.projected_employment_ratio


def _score(occupation: Occupation, research: Sequence[ResearchComparison], **fields: Any) -> OccupationScore:
    """An OccupationScore of ``occupation``: its identity, its research, and ``fields``; what a
    score without task evidence lacks (tasks scored, evidence, sensitivity) is empty, and a
    component not given is None (no data)."""
    base: dict[str, Any] = {
        "derived_from": (),
        "tasks_scored": 0,
        "provenance_counts": (),
        "evidence": (),
        "sensitivity": (),
        "exposure": None,
        "automation": None,
        "advantage": None,
        "substitution_share": None,
        "demand_factor": None,
        "risk": None,
    }
    return copy_fields(
        OccupationScore,
        occupation,
        tasks_total=occupation.task_count,
        research=tuple(research),
        method_version=METHOD_VERSION,
        **(base | fields),
    )


def score_from_tasks(
    occupation: Occupation, scored: TaskListScore, research: Sequence[ResearchComparison]
) -> OccupationScore:
    """The score of an occupation with its own tasks: its task list's score
    (:func:`jobrisk.scoring.task_list.score_task_list` on the occupation's O*NET tasks with the
    O*NET-based time shares), with the occupation's identity and published research."""
    components = scored.task_components
    return _score(
        occupation,
        research,
        basis=BASIS_TASKS,
        basis_detail=f"From {len(components.estimates)} of its {occupation.task_count} O*NET tasks.",
        exposure=components.exposure,
        automation=components.automation,
        tasks_scored=len(components.estimates),
        provenance_counts=tuple(sorted(Counter(e.provenance for e in components.estimates).items())),
        evidence=scored.contributions[:EVIDENCE_TASKS],
        **{name: getattr(scored, name) for name in FROM_TASK_LIST},
    )


def derive_from_peers(
    occupation: Occupation,
    peers: Sequence[OccupationScore],
    basis: str,
    group_label: str,
    outlook: LabourMarketOutlook | None,
    research: Sequence[ResearchComparison],
    params: ScoringParams,
) -> OccupationScore:
    """Score a task-less occupation as the mean of scored peers (its SOC group), and say so.

    The range spans the peers' own ranges: a derived score is only as precise as its peers agree.
    """
    scored = [p for p in peers if p.risk is not None and p.exposure is not None]
    if not scored:
        raise ValueError(f"derive_from_peers: no scored peer for {occupation.onet_soc_code}")
    n = len(scored)
    exposures = [p.exposure for p in scored if p.exposure is not None]
    ranges = [p.risk for p in scored if p.risk is not None]
    exposure = ExposureScenarios(
        llm_alone=sum(e.llm_alone for e in exposures) / n,
        llm_with_tools=sum(e.llm_with_tools for e in exposures) / n,
        default=sum(e.default for e in exposures) / n,
        standard_error=0.0,
    )
    automations = [p.automation for p in scored if p.automation is not None]
    automation = sum(automations) / len(automations) if automations else NEUTRAL_AUTOMATION
    advantage = mean_advantage([p.advantage for p in scored if p.advantage is not None])
    complementarity = NEUTRAL_COMPLEMENTARITY if advantage is None else advantage.complementarity
    ratio = employment_ratio(outlook)
    factor = demand_factor(ratio, params)
    central = risk_score(exposure.default, automation, complementarity, ratio, params)
    low = min([central] + [r.low for r in ranges])
    high = max([central] + [r.high for r in ranges])
    codes = tuple(p.onet_soc_code for p in scored)
    return _score(
        occupation,
        research,
        basis=basis,
        basis_detail=(
            f"O*NET lists no tasks for this occupation; derived as the mean of the {n} "
            f"scored occupation(s) in its {group_label}."
        ),
        derived_from=codes,
        exposure=exposure,
        automation=automation,
        advantage=advantage,
        outlook=outlook,
        substitution_share=substitution_share(exposure.default, automation, complementarity),
        demand_factor=factor,
        risk=RiskRange(central, low, high),
        band=risk_band(central, params),
        caveats=(
            ("Derived from related occupations, not from this occupation's own tasks: treat it as indicative."),
            *(() if outlook is not None else (NO_PROJECTION_NOTE,)),
        ),
    )


def insufficient_data(
    occupation: Occupation, reason: str, outlook: LabourMarketOutlook | None, research: Sequence[ResearchComparison]
) -> OccupationScore:
    """An explicit no-score result: never a silent 0."""
    return _score(
        occupation,
        research,
        basis=BASIS_INSUFFICIENT,
        basis_detail=reason,
        outlook=outlook,
        band=INSUFFICIENT_DATA,
        caveats=(reason,),
    )
