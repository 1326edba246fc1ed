"""Shapes of the JSON API (pydantic models, so they appear in the OpenAPI schema).

The occupation report object itself belongs to ``jobrisk.reports.occupation``; the models here
are the list, search, comparison and task-scoring views the pages and the API share.
Missing values are ``null`` ("no data"), never zero.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class OccupationRow(BaseModel):
    """One occupation in lists and comparisons: its score and labour-market facts."""

    onet_soc_code: str = Field(examples=["15-2051.00"])
    title: str
    major_group: str = Field(description="SOC 2018 major group, e.g. '15'")
    major_group_title: str | None = None
    job_zone: int | None = None
    risk_score: float | None = Field(None, description="AI replacement risk, 0-100")
    risk_low: float | None = Field(None, description="Low end of the risk range, 0-100")
    risk_high: float | None = Field(None, description="High end of the risk range, 0-100")
    band: str | None = Field(None, description="Risk band, e.g. Low / Moderate / High / Very high")
    exposure: float | None = Field(None, description="Capability exposure of the tasks, 0-1")
    automation: float | None = Field(None, description="Share of work AI could do alone, 0-1")
    complementarity: float | None = Field(None, description="Human advantage, 0-1")
    outlook: float | None = Field(None, description="Labour-market outlook component, 0-1")
    annual_median_wage_usd: float | None = None
    employment: int | None = Field(None, description="OEWS national employment")
    employment_change_pct: float | None = Field(None, description="BLS projected change 2024-2034, %")
    score_status: str = Field("scored", description="'scored', 'insufficient_data' or 'unavailable'")
    url: str = Field(description="The occupation's report page")
    api_url: str = Field(description="The occupation's report object as JSON")


class PageLinks(BaseModel):
    self: str
    next: str | None = None
    prev: str | None = None


class OccupationPage(BaseModel):
    """A page of occupations (``GET /api/v1/occupations``)."""

    items: list[OccupationRow]
    page: int
    per_page: int
    total: int
    pages: int
    sort: str
    order: str
    links: PageLinks
    notice: str | None = Field(None, description="Set when scores are not available yet")


class MajorGroup(BaseModel):
    major_group: str
    title: str
    occupations: int


class TitleCandidate(BaseModel):
    onet_soc_code: str
    occupation_title: str
    matched_title: str | None = None
    match_kind: str | None = None
    similarity: float | None = None
    reason: str | None = None
    url: str


class TitleSearchResult(BaseModel):
    """How a typed job title was matched to an occupation (``GET /api/v1/titles/search``)."""

    input_title: str
    cleaned_title: str | None = None
    status: str = Field(description="'matched', 'uncertain' or 'unknown'")
    onet_soc_code: str | None = None
    title: str | None = None
    confidence: float | None = None
    reason: str | None = None
    url: str | None = None
    candidates: list[TitleCandidate]


class TitleSuggestion(BaseModel):
    label: str
    onet_soc_code: str
    occupation_title: str
    url: str


class TitleSuggestions(BaseModel):
    query: str
    suggestions: list[TitleSuggestion]


class TaskScoreRequest(BaseModel):
    task: str = Field(min_length=1, max_length=1000, examples=["Enter customer data into spreadsheets"])
    onet_soc_code: str | None = Field(None, max_length=10, pattern=r"^\d{2}-\d{4}\.\d{2}$")
    neighbours: int = Field(
        5, ge=0, le=20, description="How many nearest labelled tasks about the same work to return (at most)"
    )


class NearestTask(BaseModel):
    task: str
    onet_soc_code: str | None = None
    occupation_title: str | None = None
    similarity: float | None = None
    exposure_label: str | None = Field(None, description="E0 / E1 / E2 where labelled")
    exposure: float | None = None
    url: str | None = None
    source: str = Field("onet", description="'onet' (an O*NET task) or 'modern' (jobrisk's labelled modern tasks)")
    source_label: str = Field("O*NET task", description="Where the task comes from, in plain words")
    shared_words: list[str] = Field(
        default_factory=list, description="The words (or kinds of product) that make it about the same work"
    )


class NearestActivity(BaseModel):
    """An O*NET work activity (DWA) near a free-text task, with its labelled tasks."""

    dwa_title: str
    labelled_tasks: int = Field(description="Human-labelled O*NET tasks linked to this activity")
    exposed_share: float | None = Field(None, description="Share of them labelled E1 or E2")
    similarity: float
    shared_words: list[str] = Field(default_factory=list)


class TaskScoreResult(BaseModel):
    """A free-text task's AI exposure (``POST /api/v1/tasks/score``)."""

    task: str
    cleaned_task: str | None = None
    p_e0: float = Field(description="Probability that AI does not cut the task's time (E0)")
    p_e1: float = Field(description="Probability that an LLM alone halves the time (E1)")
    p_e2: float = Field(description="Probability that LLM-powered tools halve the time (E2)")
    exposure: float = Field(description="P(E1) + 0.5 P(E2), 0-1")
    automation: float = Field(description="Expected automation level / 4, 0-1")
    confidence: float
    flags: list[str]
    nearest_tasks: list[NearestTask]
    word_notes: list[str] = Field(
        default_factory=list,
        description=(
            "Plain-words notes on product names O*NET's vocabulary explained and words the model does not know"
        ),
    )
    nearest_activities: list[NearestActivity] = Field(default_factory=list)
    same_work_notes: list[str] = Field(
        default_factory=list,
        description=(
            "What the nearest tasks and work activities shown are, and which nearer ones were left out "
            "as about other work (or that none is about the same work)"
        ),
    )


class CompareResult(BaseModel):
    """Two or three occupations side by side (``GET /api/v1/compare``)."""

    occupations: list[OccupationRow]
    notice: str | None = None


class FileAttribution(BaseModel):
    files: str = Field(description="The files this attribution applies to")
    attribution: str


class SourceInfo(BaseModel):
    source_id: str
    title: str
    publisher: str | None = None
    version: str | None = None
    license: str | None = None
    attribution: str | None = None
    url: str | None = None
    file_attributions: list[FileAttribution] = Field(
        default_factory=list, description="Files that need their own attribution (other releases)"
    )


class CatalogInfo(BaseModel):
    fingerprint: str | None = None
    built_at: str | None = None
    coverage: dict[str, int] = Field(default_factory=dict)


class AboutInfo(BaseModel):
    """Method and data sources (``GET /api/v1/sources``)."""

    method_version: str | None = None
    sources: list[SourceInfo]
    catalog: CatalogInfo | None = None
    notice: str | None = None


class Health(BaseModel):
    status: str
    version: str


class PartState(BaseModel):
    name: str
    state: str = Field(description="'loaded', 'failed' or 'not_loaded'")
    message: str | None = None
    retry_in_s: float | None = Field(None, description="A failed part: seconds until it is tried again")


class Readiness(BaseModel):
    status: str = Field(description="'ready' or 'not_ready'")
    reason: str | None = Field(None, description="Why not ready: each part not loaded, and why")
    parts: list[PartState]
