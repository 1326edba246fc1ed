"""The :class:`OccupationReport` object and its sections (pydantic).

One report object per occupation; every format (JSON, Markdown, HTML, PDF) renders this object
and nothing else. ``None`` means "no data" and is rendered as such, never as zero. Every
sentence in a ``text``/``summary`` field is generated from the fields next to it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_VERSION = "1.1"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ------------------------------------------------------------------ identity and title resolution
class OccupationRef(_Model):
    onet_soc_code: str
    title: str
    url: str


class TitleCandidate(_Model):
    onet_soc_code: str
    title: str
    similarity: float | None = Field(None, description="how closely the typed title matched, 0-1")
    reason: str
    url: str = Field("", description="this candidate's report, reached from the same typed title")


class TitleResolution(_Model):
    """How a typed job title was turned into an occupation (absent when a code was given)."""

    query: str
    status: str  # the title coder's status, e.g. 'exact', 'matched', 'uncertain'
    chosen: OccupationRef | None
    confidence: float | None = None
    reason: str
    candidates: list[TitleCandidate] = Field(default_factory=list)
    picked: bool = Field(False, description="the reader chose this occupation among the candidates")

    @property
    def heading(self) -> str:
        """'Machine Learning Engineer → closest occupation: Data Scientists' (or the one picked)."""
        if self.chosen is None:
            return f"{self.query} → no confident match"
        if self.picked:
            return f"{self.query} → {self.chosen.title}"
        return f"{self.query} → closest occupation: {self.chosen.title}"


# ------------------------------------------------------------------ 1. headline
class Headline(_Model):
    score_status: Literal["scored", "derived", "insufficient_data"]
    risk_score: float | None = Field(None, description="AI risk score, 0-100")
    risk_low: float | None = None
    risk_high: float | None = None
    band: str | None = None
    risk_percentile: float | None = Field(None, description="share of scored occupations (0-100) with a lower score")
    verdict: str
    interpretation: list[str] = Field(
        default_factory=list, description="what the score measures, what drives it, what would change it"
    )
    range_note: str | None = Field(None, description="set when the plausible range spans more than one band")
    employment: int | None = None
    employment_vintage: str | None = None
    annual_median_wage_usd: float | None = None
    hourly_median_wage_usd: float | None = None
    wage_vintage: str | None = None
    wage_note: str | None = None
    employment_change_pct: float | None = None
    openings_per_year_thousands: float | None = None
    projection_period: str | None = None


# ------------------------------------------------------------------ 2. state of AI
class ToolUse(_Model):
    category_id: str
    name: str
    description: str
    automates: str
    example_products: list[str]
    relevance: float
    task_time_share: float = Field(description="share of task time in tasks linked to the category, 0-1")
    matched_tasks: int
    example_tasks: list[str]
    software: list[str] = Field(description="O*NET technology skills of this occupation in the category")
    summary: str = Field("", description="plain-language reason")
    reason: str = Field(description="evidence: the O*NET links behind the match")


class StateOfAI(_Model):
    summary: str
    exposed_time_share: float | None = Field(None, description="time-weighted task exposure, 0-1")
    tasks_total: int
    tasks_by_provenance: dict[str, int]
    tools: list[ToolUse]
    tool_catalog_version: str


# ------------------------------------------------------------------ 3. tasks at risk
class ToolRef(_Model):
    category_id: str
    name: str
    reason: str


class ObservedTaskUseRef(_Model):
    """A task seen in observed AI use (Anthropic Economic Index); absent (None) = not observed."""

    share_pct: float = Field(description="percent of the release's classified conversations on this task text")
    automation_share: float | None = Field(
        None,
        description="share of its conversations where AI does the work (directive, feedback "
        "loop), 0-1; None = too few conversations to classify",
    )
    mode: Literal["automation", "augmentation"] | None = None
    release: str


class ObservedUse(_Model):
    """What AI is already used for in this occupation (capability is elsewhere in the report)."""

    release: str
    data_period: str
    tasks_total: int
    tasks_observed: int
    observed_time_share: float | None = Field(None, description="share of task time on observed tasks, 0-1")
    observed_time_share_percentile: float | None = None
    automation_share: float | None = Field(
        None,
        description="usage-weighted automation share of observed use, 0-1; None = no observed "
        "task with enough conversations",
    )
    automation_share_percentile: float | None = None
    tasks_mostly_automation: int
    tasks_mostly_augmentation: int
    summary: str
    caveat: str


class TaskRisk(_Model):
    task_id: int
    task: str
    task_type: str | None
    time_share: float
    exposure: float
    automation: float | None
    risk_weight: float = Field(description="exposure x automation x time share")
    automatable_share: float = Field(0.0, description="exposure x automation: share of the task AI could do unattended")
    provenance: str
    confidence: float | None
    summary: str = Field("", description="plain-language reading of the numbers")
    why: str = Field(description="evidence: label sources, probabilities, automation level")
    tools: list[ToolRef]
    observed_use: ObservedTaskUseRef | None = Field(
        None, description="observed AI use of this task; None = not observed (not zero use)"
    )
    p_adoption: float | None = Field(None, description="chance the task shows up in observed AI use (1 when observed)")
    observed_summary: str = Field(
        default="",
        description="plain-language reading of observed_use; empty when the catalog holds no observed-use release",
    )


class TasksAtRisk(_Model):
    summary: str
    tasks: list[TaskRisk]
    time_shares_differ: bool = Field(True, description="False when every task counts the same")


# ------------------------------------------------------------------ 4. what AI can't replace
class HumanTask(_Model):
    task_id: int
    task: str
    time_share: float
    exposure: float | None
    automation: float | None = None
    physical: bool
    strength: str | None = Field(None, description="the human strength the task draws on")
    draws_on: str | None = Field(None, description="that strength as it reads after 'draws on'")
    why: str
    evidence: str = ""


class HumanStrength(_Model):
    key: str  # 'care' | 'physical' | 'responsibility' | 'judgement' | ...
    name: str
    percentile: float = Field(description="0-100: relies on it more than this share of occupations")
    why: str
    descriptors: list[str] = Field(default_factory=list, description="O*NET descriptors behind it")
    domain: str = Field("", description="O*NET domain of the strongest descriptor (evidence)")
    element_id: str = Field("", description="O*NET element id of the strongest descriptor (evidence)")
    evidence: str = ""


class MachineNote(_Model):
    """A machine (not language-model) tool category that reaches this work, and what still needs a person."""

    category_id: str
    name: str
    already_does: str
    still_needs_person: str
    task_time_share: float


class HumanEdge(_Model):
    summary: str
    tasks: list[HumanTask]
    strengths: list[HumanStrength]
    machines: list[MachineNote] = Field(default_factory=list)
    borrowed_note: str | None = Field(None, description="set when O*NET ratings were borrowed from similar occupations")
    low_exposure_limit: float | None = Field(None, description="median task exposure across the catalog")


# ------------------------------------------------------------------ 5. score breakdown
class ScoreComponent(_Model):
    key: str
    label: str
    value: float | None = Field(description="0-1; None = no data")
    direction: Literal["raises", "lowers", "context"]
    explanation: str


class ScenarioValue(_Model):
    key: str
    label: str
    exposure: float | None


class ResearchComparison(_Model):
    measure: str
    label: str
    value: float
    percentile: float | None
    vintage: str
    mapping_status: str
    citation: str
    crosswalk: str = Field(description="how the measure's code reached this occupation")
    source_version: str = Field("", description="the data version of the measure (evidence)")


class ScoreBreakdown(_Model):
    summary: str
    components: list[ScoreComponent]
    scenarios: list[ScenarioValue]
    research: list[ResearchComparison]
    research_summary: str
    method_version: str | None
    caveats: list[str]


# ------------------------------------------------------------------ 6. action steps
class ActionItem(_Model):
    label: str
    detail: str
    url: str | None = None


class ActionStep(_Model):
    kind: Literal["strengthen", "master_tools", "move_adjacent", "credentials", "reshape_work"]
    title: str
    text: str
    items: list[ActionItem]


# ------------------------------------------------------------------ 7. bottom line and sources
class SourceVintage(_Model):
    source_id: str
    title: str
    version: str
    license: str
    attribution: str
    url: str | None = None


class About(_Model):
    method_url: str
    method_version: str | None
    tool_catalog_version: str
    catalog_fingerprint: str | None
    sources: list[SourceVintage]


class OccupationReport(_Model):
    """Will AI replace <occupation>? — the whole report."""

    schema_version: str = REPORT_SCHEMA_VERSION
    occupation: OccupationRef
    description: str
    major_group: str
    major_group_title: str | None
    job_zone: int | None
    resolution: TitleResolution | None = None
    headline: Headline
    state_of_ai: StateOfAI
    tasks_at_risk: TasksAtRisk
    observed_use: ObservedUse | None = None
    human_edge: HumanEdge
    score_breakdown: ScoreBreakdown
    actions: list[ActionStep]
    bottom_line: str
    about: About

    @property
    def page_title(self) -> str:
        if self.resolution is not None and self.resolution.chosen is not None:
            return f"{self.resolution.heading}. Will AI replace {self.occupation.title}?"
        return f"Will AI replace {self.occupation.title}?"

    def with_resolution(self, resolution: TitleResolution) -> OccupationReport:
        return self.model_copy(update={"resolution": resolution})
