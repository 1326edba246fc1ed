"""Typed records returned by :class:`jobrisk.catalog.Catalog` queries.

Small frozen dataclasses; names carry units (``_usd``, ``_thousands``, ``_pct``).
``None`` means "no data", never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Occupation:
    onet_soc_code: str
    title: str
    description: str
    soc_code: str
    major_group: str
    job_zone: int | None
    task_count: int


@dataclass(frozen=True)
class Task:
    task_id: int
    onet_soc_code: str
    task: str
    task_type: str | None  # 'Core' | 'Supplemental' | None
    type_weight: float


@dataclass(frozen=True)
class TitleRecord:
    onet_soc_code: str
    title: str
    kind: str  # 'occupation' | 'alternate' | 'short' | 'reported'
    source: str


@dataclass(frozen=True)
class TaskLabel:
    task_id: int
    onet_soc_code: str
    task: str
    human_exposure: str | None
    gpt4_exposure: str | None
    gpt4_exposure_alt: str | None
    gpt4_automation: str | None
    gpt4_automation_alt: str | None
    human_automation: str | None
    in_onet: bool


@dataclass(frozen=True)
class ExposureEstimate:
    """One estimate of a task's exposure: the class probabilities (E0/E1/E2), the exposure they
    give (0-1), the automation level (0-1) and the confidence (0-1)."""

    p_e0: float
    p_e1: float
    p_e2: float
    exposure: float
    automation: float
    confidence: float


@dataclass(frozen=True)
class TaskExposure(ExposureEstimate):
    """A task's stored exposure estimate and where it comes from (``provenance``)."""

    task_id: int
    onet_soc_code: str
    provenance: str  # 'human' | 'gpt4' | 'model'
    model_version: str | None
    # The model's out-of-fold prediction (cross-fitted by occupation group); None if not computed.
    model: ExposureEstimate | None = None


@dataclass(frozen=True)
class ElementRating:
    element_id: str
    element_name: str
    domain: str
    importance: float | None
    level: float | None
    context: float | None
    onet_release: str


@dataclass(frozen=True)
class Technology:
    kind: str  # 'technology' | 'tool'
    example: str
    commodity_code: str
    commodity_title: str
    hot: bool | None
    in_demand: bool | None


@dataclass(frozen=True)
class RelatedOccupation:
    onet_soc_code: str
    title: str
    tier: str
    rank: int


@dataclass(frozen=True)
class Wage:
    soc_code: str
    title: str
    employment: int | None
    annual_median_usd: float | None
    hourly_median_usd: float | None
    annual_mean_usd: float | None
    annual_p10_usd: float | None
    annual_p90_usd: float | None
    wage_note: str | None


@dataclass(frozen=True)
class Projection:
    soc_code: str
    title: str
    employment_2024_thousands: float | None
    employment_2034_thousands: float | None
    change_pct: float | None
    openings_per_year_thousands: float | None
    median_wage_2024_usd: float | None
    education: str | None


@dataclass(frozen=True)
class PublishedMeasure:
    measure: str
    value: float
    percentile: float | None
    vintage: str
    source_code: str
    mapping_status: str


@dataclass(frozen=True)
class Dwa:
    dwa_id: str
    dwa_title: str
    iwa_id: str
    iwa_title: str
    element_id: str


@dataclass(frozen=True)
class Coverage:
    occupations: int
    with_tasks: int
    tasks: int
    titles: int
    with_wages: int
    with_projections: int
    with_exposure_labels: int
    labelled_tasks: int
    tasks_with_exposure: int


@dataclass(frozen=True)
class ObservedUseRelease:
    """One release of observed AI use (Anthropic Economic Index) and how well it joined the catalog."""

    release: str  # '2025-03-27'
    usage_file: str
    data_period: str  # when the classified conversations took place
    task_texts: int
    joined_texts: int
    joined_usage_pct: float  # share of the release's conversations on texts joined to catalog tasks
    joined_tasks: int  # catalog tasks marked observed
    joined_by_text: int  # of them, joined by equal text (the rest through the index's Task IDs)
    texts_with_modes: int | None  # None: the release publishes no per-task modes
    automation_share_overall: float | None

    @property
    def joined_texts_pct(self) -> float:
        return 100.0 * self.joined_texts / self.task_texts if self.task_texts else 0.0


@dataclass(frozen=True)
class ObservedTaskUse:
    """A task (text) seen in AI use in one release. No record means not observed, never zero use."""

    release: str
    task_key: str  # the index's lower-cased task text
    usage_share_pct: float  # percent of the release's classified conversations (shared by every
    #                         occupation whose task has this text)
    automation_share: float | None  # directive + feedback loop of the five modes; None: too few
    #                                 conversations (filtered >= 0.5) or no per-task modes published
    directive: float | None
    feedback_loop: float | None
    task_iteration: float | None
    validation: float | None
    learning: float | None
    filtered: float | None
    join_method: str | None = None  # 'text' | 'task_id' for a catalog task; None for a text lookup

    @property
    def mode(self) -> Literal["automation", "augmentation"] | None:
        """'automation' (AI does the work) | 'augmentation' (works with the person) | None."""
        if self.automation_share is None:
            return None
        return "automation" if self.automation_share >= 0.5 else "augmentation"


@dataclass(frozen=True)
class ObservedOccupationUse:
    """An occupation's observed AI use in one release."""

    release: str
    onet_soc_code: str
    tasks: int
    tasks_observed: int
    observed_time_share: float  # 0-1, share of task time (O*NET type weights) on observed tasks
    observed_time_share_percentile: float  # 0-100 among occupations with tasks
    usage_share_pct: float  # summed usage share of its distinct observed task texts
    tasks_with_modes: int
    automation_share: float | None  # usage-weighted over its observed tasks that have modes
    automation_share_percentile: float | None

    @property
    def observed(self) -> bool:
        """True when at least one of its tasks is observed. When none is, its shares are not shown
        anywhere (a 0% would read as "nobody uses AI for it"; not observed is not zero use)."""
        return self.tasks_observed > 0


@dataclass(frozen=True)
class TaskAdoption:
    """A task's adoption estimate. ``p_adoption``: 1 for an observed task (the fact wins), else the model."""

    task_id: int
    onet_soc_code: str
    release: str
    observed: bool
    p_adoption_model: float
    model_version: str

    @property
    def p_adoption(self) -> float:
        return 1.0 if self.observed else self.p_adoption_model
