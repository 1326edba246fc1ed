"""What the report needs from an occupation's score, read into one small typed view.

:func:`score_view` reads the scorebook's :class:`OccupationScore` (risk score, range, band,
components, scenarios, research comparison, caveats, method version) and a row for every task
behind it (:func:`jobrisk.scoring.task_list.task_rows` over the scorebook's task components:
every estimated task, not only the top five the score keeps as evidence). The rows and the
research comparison are the scoring layer's own types (:class:`TaskContribution`,
:class:`ResearchComparison`), so a task's exposure in the report is the one its score was made
from. An occupation without task estimates (derived from its SOC peers, or not scored) has no
task rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jobrisk.scoring.occupation_score import ResearchComparison, TaskContribution
from jobrisk.scoring.scorebook import Scorebook
from jobrisk.scoring.task_list import task_rows


@dataclass(frozen=True)
class ScoreView:
    status: str  # 'scored' | 'derived' | 'insufficient_data'
    risk_score: float | None
    risk_low: float | None
    risk_high: float | None
    band: str | None  # None when not scored
    components: Mapping[str, float | None]  # exposure, automation, complementarity, outlook (0-1)
    facets: Mapping[str, float | None]  # human-advantage facets (percentiles, 0-1)
    scenarios: Mapping[str, float | None]  # llm_alone, default, llm_with_tools (0-1)
    tasks: tuple[TaskContribution, ...]  # every estimated task, in the order of the estimates
    research: tuple[ResearchComparison, ...]
    caveats: tuple[str, ...]
    method_version: str | None
    basis_detail: str | None = None
    derived_from: tuple[str, ...] = ()
    substitution_share: float | None = None  # share of work time AI could take over (0-1)
    demand_factor: float | None = None  # BLS employment 2024 / projected 2034
    employment_change_pct: float | None = None  # BLS projected change 2024-34 behind the factor


COMPONENT_KEYS = ("exposure", "automation", "complementarity", "outlook")
SCENARIO_KEYS = ("llm_alone", "default", "llm_with_tools")


def score_view(scorebook: Scorebook, code: str) -> ScoreView:
    """The report's view of ``code``'s score and of every task behind it (see the module docstring)."""
    score = scorebook.get(code)
    components = scorebook.task_components.get(code)
    tasks = () if components is None else task_rows(components, scorebook.params)
    if score is None:
        return ScoreView(
            "insufficient_data",
            None,
            None,
            None,
            None,
            {k: None for k in COMPONENT_KEYS},
            {},
            {k: None for k in SCENARIO_KEYS},
            tasks,
            (),
            ("No risk score is available for this occupation.",),
            scorebook.method_version,
        )
    exposure = score.exposure
    scenarios = {k: (None if exposure is None else getattr(exposure, k)) for k in SCENARIO_KEYS}
    facets = dict(score.advantage.facets) if score.advantage is not None else {}
    return ScoreView(
        status=score.status,
        risk_score=score.risk_score,
        risk_low=score.risk_low,
        risk_high=score.risk_high,
        band=score.band if score.has_score else None,
        components=score.components,
        facets=facets,
        scenarios=scenarios,
        tasks=tasks,
        research=score.research,
        caveats=tuple(score.caveats),
        method_version=score.method_version,
        basis_detail=score.basis_detail,
        derived_from=tuple(score.derived_from),
        substitution_share=score.substitution_share,
        demand_factor=score.demand_factor,
        employment_change_pct=None if score.outlook is None else score.outlook.change_pct,
    )
