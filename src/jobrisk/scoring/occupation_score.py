"""The typed result of scoring one occupation: :class:`OccupationScore` and its parts.

What the report page, the API, the CLI and the export all render. Every value a user sees is
here with its unit in the name or the docstring; ``None`` means "no data", never zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobrisk.scoring.capability_exposure import ExposureScenarios
from jobrisk.scoring.human_advantage import HumanAdvantage
from jobrisk.scoring.labour_market_outlook import LabourMarketOutlook
from jobrisk.scoring.risk import RiskRange

#: How an occupation's score was obtained.
BASIS_TASKS = "tasks"  # from its own O*NET tasks
BASIS_SOC_BROAD_GROUP = "derived:soc_broad_group"  # mean of scored occupations in its SOC broad group
BASIS_SOC_MINOR_GROUP = "derived:soc_minor_group"  # ... in its SOC minor group
BASIS_INSUFFICIENT = "insufficient_data"  # no score: nothing defensible to derive from


@dataclass(frozen=True)
class TaskContribution:
    """One task's part in the occupation's exposure (evidence shown to users).

    time_share: estimated share of work time (0-1). exposure / automation: the blended task
    estimate (0-1; default scenario). contribution: the task's share of the occupation's exposure
    (0-1). human_label / gpt4_label: the GPTs-are-GPTs classes ('E0'/'E1'/'E2') or None.
    model_exposure / pool_exposure: the task model's and the activity pool's exposure, or None.
    p_e1 / p_e2: the blended probabilities of the GPTs-are-GPTs classes E1 (an LLM alone halves
    the time) and E2 (LLM-powered tools would). capability_automation: the sources' automation
    before observed use informed it; observed_automation: the observed automation share (AI does
    the work) that did, or None.
    """

    task_id: int
    task: str
    time_share: float
    exposure: float
    automation: float | None
    contribution: float
    provenance: str
    disagreement: float
    human_label: str | None
    gpt4_label: str | None
    model_exposure: float | None
    pool_exposure: float | None
    p_e1: float
    p_e2: float
    capability_automation: float | None
    observed_automation: float | None


@dataclass(frozen=True)
class ResearchComparison:
    """A published measure for this occupation, for comparison (not an input of the score).

    percentile: 0-100 among O*NET occupations that have the measure. mapping_status: how the
    measure's own code reached this O*NET code ('direct', 'one-to-one', 'split', 'merged',
    'aggregate'); ambiguous is True for anything but a direct or one-to-one mapping.
    """

    measure: str
    label: str
    value: float
    percentile: float | None
    vintage: str
    source_code: str
    mapping_status: str
    ambiguous: bool


@dataclass(frozen=True)
class SensitivityResult:
    """The risk score (0-100) when one weighting choice is changed (see scoring.sensitivity)."""

    variant: str
    description: str
    risk_score: float


def user_components(
    exposure_share: float | None,
    automation: float | None,
    advantage: HumanAdvantage | None,
    outlook: LabourMarketOutlook | None,
) -> dict[str, float | None]:
    """The four component values users see, by name (0-1 each; None = no data)."""
    return {
        "exposure": exposure_share,
        "automation": automation,
        "complementarity": None if advantage is None else advantage.complementarity,
        "outlook": None if outlook is None else outlook.outlook,
    }


@dataclass(frozen=True)
class OccupationScore:
    """The AI displacement risk of one O*NET occupation, with everything behind it.

    basis: one of the BASIS_* constants; basis_detail says it in words; derived_from lists
    the occupations a derived score averages. exposure: capability exposure scenarios (0-1).
    automation: share of the exposed work AI could do without a person (0-1).
    advantage: complementarity (0-1) and its facets. outlook: BLS-based demand (0-1) or None.
    substitution_share: share of work time AI could take over (0-1), before projected demand.
    demand_factor: BLS employment 2024 / projected employment 2034 (1 without a projection;
        None with basis insufficient_data); risk = 100 x clip(substitution_share x demand_factor).
    risk: the 0-100 score and its uncertainty range; None with basis insufficient_data.
    band: Low / Moderate / High / Very high / Insufficient data.
    tasks_total / tasks_scored: O*NET tasks of the occupation and those with an estimate.
    provenance_counts: how many tasks each provenance covered.
    evidence: the tasks contributing most to exposure, largest first.
    """

    onet_soc_code: str
    title: str
    soc_code: str
    major_group: str
    basis: str
    basis_detail: str
    derived_from: tuple[str, ...]
    exposure: ExposureScenarios | None
    automation: float | None
    advantage: HumanAdvantage | None
    outlook: LabourMarketOutlook | None
    substitution_share: float | None
    demand_factor: float | None
    risk: RiskRange | None
    band: str
    tasks_total: int
    tasks_scored: int
    provenance_counts: tuple[tuple[str, int], ...]
    evidence: tuple[TaskContribution, ...]
    sensitivity: tuple[SensitivityResult, ...]
    research: tuple[ResearchComparison, ...]
    caveats: tuple[str, ...]
    method_version: str

    @property
    def has_score(self) -> bool:
        return self.risk is not None

    @property
    def status(self) -> str:
        """'scored' (own tasks), 'derived' (from SOC peers) or 'insufficient_data'."""
        if self.risk is None:
            return "insufficient_data"
        return "scored" if self.basis == BASIS_TASKS else "derived"

    @property
    def risk_score(self) -> float | None:
        return None if self.risk is None else self.risk.score

    @property
    def risk_low(self) -> float | None:
        return None if self.risk is None else self.risk.low

    @property
    def risk_high(self) -> float | None:
        return None if self.risk is None else self.risk.high

    @property
    def components(self) -> dict[str, float | None]:
        """The four component values users see (0-1 each; None = no data)."""
        return user_components(self.exposure_share, self.automation, self.advantage, self.outlook)

    @property
    def exposure_share(self) -> float | None:
        """Default-scenario capability exposure (0-1), the export's ``exposure`` column."""
        return None if self.exposure is None else self.exposure.default

    @property
    def complementarity(self) -> float | None:
        return None if self.advantage is None else self.advantage.complementarity

    @property
    def outlook_index(self) -> float | None:
        return None if self.outlook is None else self.outlook.outlook
