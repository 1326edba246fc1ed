"""The career audit object: what every interface renders (JSON, Markdown, HTML, PDF).

Fields a program can rely on (the API contract): ``personal.risk_score``, ``personal.risk_low``,
``personal.risk_high``, ``occupation.onet_soc_code``, ``occupation.risk_score``, ``drivers``,
``plan`` and ``transitions`` (each with ``onet_soc_code``, ``similarity``, ``risk_score``,
``median_wage_usd``). Shares are 0-1, scores 0-100, wages USD a year; ``None`` = no data.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jobrisk.reports.occupation.model import ObservedTaskUseRef, TitleResolution

OBSERVED_USE_FIELD = (
    "observed AI use of the task (Anthropic Economic Index, latest release); None = not observed, which is not zero use"
)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class ScoreSummary(_Model):
    """A risk score with the same components and range as the occupation score."""

    risk_score: float | None = Field(None, description="AI risk score, 0-100")
    risk_low: float | None = Field(None, description="low end of the uncertainty range, 0-100")
    risk_high: float | None = Field(None, description="high end of the uncertainty range, 0-100")
    band: str
    exposure: float | None = Field(None, description="time-weighted capability exposure, 0-1")
    automation: float | None = Field(None, description="share of exposed work AI could do alone, 0-1")
    complementarity: float | None = Field(None, description="human advantage, 0-1 percentile")
    outlook: float | None = Field(None, description="labour-market outlook, 0-1 percentile")
    substitution_share: float | None = Field(None, description="share of work time AI could take over, 0-1")
    demand_factor: float | None = Field(None, description="BLS employment 2024 / projected 2034")
    tasks_scored: int


class OccupationSummary(ScoreSummary):
    onet_soc_code: str
    title: str
    url: str
    score_status: str
    job_zone: int | None
    median_wage_usd: float | None


class ToolSuggestion(_Model):
    category_id: str
    name: str
    example_products: list[str]
    reason: str = Field(description="why the category reaches this task (O*NET work activity or words)")
    evidence_id: str | None = Field(None, description="the O*NET work activity (DWA or IWA id) behind the reason")
    already_using: list[str] = Field(default_factory=list, description="tools from the profile in this category")


class SameWorkTask(_Model):
    """A labelled task about the same work as a free-text task, shown to explain its score."""

    task: str
    source: Literal["onet", "modern"] = Field(description="an O*NET task, or one of jobrisk's labelled modern tasks")
    source_label: str = Field(description="where the task comes from, in plain words")
    onet_soc_code: str
    label: str = Field(description="its exposure label, E0 / E1 / E2")
    shared_words: list[str] = Field(default_factory=list, description="the words that make it about the same work")


class AuditTask(_Model):
    """One task of the person's profile as scored."""

    task_id: int | None = Field(None, description="O*NET task id; None for a free-text task")
    text: str
    source: Literal["onet", "free_text"]
    share: float = Field(description="share of working time after normalising, 0-1")
    default_share: float | None = Field(None, description="the occupation's default share, 0-1; None if not its task")
    exposure: float = Field(description="task exposure, 0-1")
    automation: float | None
    confidence: float | None = Field(None, description="task model confidence for free text, 0-1")
    flags: list[str] = Field(default_factory=list)
    provenance: str
    risk_points: float = Field(description="the task's part of the personal score, in score points")
    tools: list[ToolSuggestion] = Field(default_factory=list)
    observed_use: ObservedTaskUseRef | None = Field(default=None, description=OBSERVED_USE_FIELD)
    same_work: list[SameWorkTask] = Field(
        default_factory=list, description="free text: the nearest labelled tasks about the same work (may be none)"
    )
    explanation_notes: list[str] = Field(
        default_factory=list, description="free text: plain notes on its words and on the tasks shown or left out"
    )


class MixRow(_Model):
    """One task of the person's list or of the occupation's defaults, for the task-mix chart."""

    task_id: int | None
    text: str
    share: float = Field(description="the person's share of time, 0-1 (0 = not in their list)")
    default_share: float | None = Field(None, description="the occupation's default share; None if not its task")
    exposure: float


class TaskShift(_Model):
    task_id: int | None
    text: str
    share: float
    default_share: float
    risk_points_change: float = Field(description="score points this task's share moves the score by")


class Difference(_Model):
    """Why the personal score differs from the occupation's."""

    risk_points: float | None = Field(None, description="personal minus occupation score")
    summary: str
    shifts: list[TaskShift] = Field(description="the tasks that move the score most, largest first")
    other_tasks_points: float = Field(0.0, description="what the tasks not listed move it by, together")
    other_points: float = Field(
        0.0,
        description="the part not attributed to single tasks (rounding, the score's 0-100 clip, automation averaging)",
    )


class Driver(_Model):
    task_id: int | None
    text: str
    share: float
    exposure: float
    automation: float | None
    risk_points: float
    why: str
    observed_use: ObservedTaskUseRef | None = Field(default=None, description=OBSERVED_USE_FIELD)


class Opportunity(_Model):
    task_id: int | None
    text: str
    share: float
    exposure: float
    automation: float | None
    why: str
    tools: list[ToolSuggestion]
    observed_use: ObservedTaskUseRef | None = Field(default=None, description=OBSERVED_USE_FIELD)


class SkillGap(_Model):
    element_id: str
    name: str
    domain: str
    destination_importance: float = Field(description="O*NET importance in the destination, 1-5")
    destination_level: float = Field(description="O*NET level in the destination, 0-7")
    origin_level: float = Field(description="O*NET level in the starting occupation, 0-7")


class Move(_Model):
    onet_soc_code: str
    title: str
    url: str
    similarity: float = Field(description="equal-weight similarity of work over four facets, 0-1")
    facet_similarity: dict[str, float | None]
    viability: Literal["highly viable", "viable"]
    risk_score: float
    risk_low: float
    risk_high: float
    band: str | None
    median_wage_usd: float
    pay_ratio: float | None = Field(None, description="destination median wage / current pay")
    employment_change_pct: float | None = Field(None, description="BLS projected change 2024-2034, %")
    job_zone: int | None
    job_zone_name: str | None
    job_zone_difference: int | None
    education: str | None = Field(None, description="BLS typical education for entry")
    skill_gaps: list[SkillGap]


class TransitionScreening(_Model):
    """How the moves were chosen: the thresholds and what each removed."""

    viable_similarity: float
    highly_viable_similarity: float
    max_job_zone_difference: int
    min_pay_ratio: float
    current_pay_usd: float | None
    pay_basis: str | None
    considered: int
    similar: int
    removed_job_zone: int
    removed_pay: int
    removed_not_safer: int
    summary: str
    notes: list[str]


class PlanItem(_Model):
    kind: Literal["learn_tool", "strengthen_skill", "grow_task", "explore_move", "keep"]
    label: str
    detail: str
    evidence: list[str] = Field(description="the data behind the item (task ids, O*NET elements, codes)")
    url: str | None = None


class Plan(_Model):
    days_30: list[PlanItem]
    days_90: list[PlanItem]


class CareerAudit(_Model):
    """A person's AI risk from their own tasks, next to their occupation's, and what to do about it."""

    profile: dict = Field(description="the profile as read (compact form; the shareable link encodes it)")
    resolution: TitleResolution | None = None
    personal: ScoreSummary
    occupation: OccupationSummary
    difference: Difference
    tasks: list[AuditTask]
    task_mix: list[MixRow] = Field(description="the person's tasks and the occupation's, largest share first")
    drivers: list[Driver]
    opportunities: list[Opportunity]
    transitions: list[Move]
    transition_screening: TransitionScreening
    plan: Plan
    notices: list[str] = Field(description="what was changed or assumed about the input")
    caveats: list[str]
    method_version: str
    share_path: str | None = Field(None, description="link path that reproduces this audit (nothing stored)")
