"""The roster audit report object: everything a page, the API, a file export or the PDF shows.

:class:`RosterReport` is built by :func:`jobrisk.app.roster_audit.run_roster_audit` from the parsed
roster, the title mapping and the scoring results; :meth:`RosterReport.as_dict` is its JSON form
(the API's ``GET /api/v1/audits/{id}``), and the renderers in this package draw the same object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jobrisk.catalog.types import ObservedOccupationUse
from jobrisk.scoring.roster_people import DepartmentView, RoleImpact
from jobrisk.scoring.roster_priorities import QUADRANT_LABELS, Opportunity, ToolInfo

REPORT_VERSION = "1.0"

EXPOSURE_NOT_JOB_LOSS = (
    "Hours AI could free are capacity, not jobs. They estimate the time today's tasks would take "
    "less if AI tools were adopted as assumed, after people review what the tools produce. "
    "Whether that time becomes more output, better service, new work or fewer hires is a business "
    "decision; demand for the work, and how tasks change, are not predicted here. Exposure "
    "measures what AI can do (capability), not what it is used for today."
)


@dataclass(frozen=True)
class Candidate:
    onet_soc_code: str
    title: str
    similarity: float


@dataclass(frozen=True)
class RoleMapping:
    """How one distinct job title of the roster was coded to an O*NET occupation."""

    job_title: str
    title_key: str  # the cleaned title corrections are saved under
    status: str  # matched | uncertain | unknown | corrected
    onet_soc_code: str | None
    occupation_title: str | None
    confidence: float
    headcount: float
    rows: int
    candidates: tuple[Candidate, ...]
    reason: str = ""

    @property
    def needs_review(self) -> bool:
        return self.status in ("uncertain", "unknown")


@dataclass(frozen=True)
class Summary:
    employees: float
    employees_mapped: float
    employees_unmapped: float
    employees_uncertain: float
    roles: int
    hours_per_year: float
    hours_exposed_per_year: float
    hours_freed_per_year: float
    value_usd_per_year: float | None
    fte_freed: float
    freed_share: float
    employees_with_roster_wage: float


@dataclass(frozen=True)
class InputReport:
    """What happened to the uploaded file: how it was read, which columns were used or dropped."""

    source_name: str | None
    read_as: str
    source_rows: int
    accepted_rows: int
    blank_rows: int
    columns_used: dict[str, str]
    dropped_columns: tuple[tuple[str, str], ...]  # (column, reason): identify people, never kept
    ignored_columns: tuple[str, ...]
    rejected_rows: tuple[tuple[int, str], ...]  # (row, reason)
    warnings: tuple[tuple[int, str], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class RosterReport:
    summary: Summary
    assumptions: dict[str, float]
    opportunities: tuple[Opportunity, ...]
    roles: tuple[RoleImpact, ...]
    mappings: tuple[RoleMapping, ...]
    departments: tuple[DepartmentView, ...]
    tools: dict[str, ToolInfo]
    input: InputReport
    sources: tuple[str, ...]
    caveats: tuple[str, ...]
    audit_id: str | None = None
    version: str = REPORT_VERSION
    #: occupation code -> its observed AI use (latest release); absent = not observed (not zero use)
    observed_use: Mapping[str, ObservedOccupationUse] = field(default_factory=dict)

    def observed_words(self, onet_soc_code: str | None) -> str:
        """'Tasks seen in AI use: 37% of its work time (2025-03-27)', or '' when not observed."""
        use = self.observed_use.get(onet_soc_code or "")
        if use is None:
            return ""
        return f"Tasks seen in AI use: {use.observed_time_share:.0%} of its work time ({use.release})"

    @property
    def needs_review(self) -> tuple[RoleMapping, ...]:
        return tuple(m for m in self.mappings if m.needs_review)

    def mapping(self, job_title: str) -> RoleMapping | None:
        return next((m for m in self.mappings if m.job_title == job_title), None)

    def by_quadrant(self, quadrant: str) -> tuple[Opportunity, ...]:
        return tuple(o for o in self.opportunities if o.quadrant == quadrant)

    def with_id(self, audit_id: str) -> RosterReport:
        from dataclasses import replace

        return replace(self, audit_id=audit_id)

    # ------------------------------------------------------------------ JSON
    def as_dict(self) -> dict:
        s = self.summary
        mapping = {m.job_title: m for m in self.mappings}
        return {
            "id": self.audit_id,
            "report_version": self.version,
            "summary": {
                "employees": _r(s.employees, 2),
                "employees_mapped": _r(s.employees_mapped, 2),
                "employees_unmapped": _r(s.employees_unmapped, 2),
                "employees_uncertain": _r(s.employees_uncertain, 2),
                "roles": s.roles,
                "hours_per_year": _r(s.hours_per_year),
                "hours_exposed_per_year": _r(s.hours_exposed_per_year),
                "hours_freed_per_year": _r(s.hours_freed_per_year),
                "value_usd_per_year": _r(s.value_usd_per_year),
                "fte_freed": _r(s.fte_freed, 2),
                "freed_share": _r(s.freed_share, 4),
                "employees_with_roster_wage": _r(s.employees_with_roster_wage, 2),
            },
            "assumptions": dict(self.assumptions),
            "opportunities": [
                {
                    "rank": o.rank,
                    "id": o.cluster_id,
                    "name": o.name,
                    "roles": [t for t, _ in o.roles],
                    "hours_per_year": _r(o.hours_per_year),
                    "hours_exposed_per_year": _r(o.hours_exposed_per_year),
                    "hours_freed_per_year": _r(o.hours_freed_per_year),
                    "value_usd_per_year": _r(o.value_usd_per_year),
                    "fte_freed": _r(o.fte_freed, 2),
                    "ease": o.ease.ease,
                    "ease_parts": {
                        "tool_readiness": o.ease.tool_readiness,
                        "automation": _r(o.ease.automation, 3),
                        "oversight_need": _r(o.ease.oversight_need, 3),
                        "observed_use_share": o.ease.observed_share,
                    },
                    "quadrant": o.quadrant,
                    "quadrant_label": QUADRANT_LABELS[o.quadrant],
                    "tools": [
                        {
                            "id": t,
                            "name": self.tools[t].name if t in self.tools else t,
                            "maturity": self.tools[t].maturity if t in self.tools else None,
                        }
                        for t, _ in o.tools[:5]
                    ],
                }
                for o in self.opportunities
            ],
            "roles": [
                {
                    "job_title": r.job_title,
                    "onet_soc_code": r.onet_soc_code,
                    "occupation_title": mapping[r.job_title].occupation_title if r.job_title in mapping else None,
                    "confidence": round(mapping[r.job_title].confidence, 3) if r.job_title in mapping else 0.0,
                    "status": mapping[r.job_title].status if r.job_title in mapping else "unknown",
                    "headcount": _r(r.headcount, 2),
                    "departments": list(r.departments),
                    "hours_per_year": _r(r.hours_per_year),
                    "hours_freed_per_year": _r(r.hours_freed_per_year),
                    "value_usd_per_year": _r(r.value_usd_per_year),
                    "freed_share": _r(r.freed_share, 4),
                    "work_that_changes": list(r.work_that_changes),
                    "work_that_stays": list(r.work_that_stays),
                    "observed_use": _observed(self.observed_use.get(r.onet_soc_code or "")),
                    "internal_moves": [
                        {
                            "job_title": m.job_title,
                            "onet_soc_code": m.onet_soc_code,
                            "similarity": m.similarity,
                            "viability": m.viability,
                            "freed_share": _r(m.freed_share, 4),
                            "risk_score": _r(m.risk_score, 1),
                            "pay_ratio": _r(m.pay_ratio, 2),
                            "skill_gaps": list(m.skill_gaps),
                        }
                        for m in r.moves
                    ],
                }
                for r in self.roles
            ],
            "mapping_review": [
                {
                    "job_title": m.job_title,
                    "title_key": m.title_key,
                    "status": m.status,
                    "onet_soc_code": m.onet_soc_code,
                    "occupation_title": m.occupation_title,
                    "confidence": round(m.confidence, 3),
                    "headcount": _r(m.headcount, 2),
                    "reason": m.reason,
                    "candidates": [
                        {"onet_soc_code": c.onet_soc_code, "title": c.title, "similarity": round(c.similarity, 3)}
                        for c in m.candidates
                    ],
                }
                for m in self.needs_review
            ],
            "departments": [
                {
                    "department": d.department,
                    "employees": _r(d.employees, 2),
                    "hours_per_year": _r(d.hours_per_year),
                    "hours_freed_per_year": _r(d.hours_freed_per_year),
                    "value_usd_per_year": _r(d.value_usd_per_year),
                    "freed_share": _r(d.freed_share, 4),
                }
                for d in self.departments
            ],
            "input": {
                "source_name": self.input.source_name,
                "read_as": self.input.read_as,
                "source_rows": self.input.source_rows,
                "accepted_rows": self.input.accepted_rows,
                "blank_rows": self.input.blank_rows,
                "columns_used": self.input.columns_used,
                "dropped_columns": [{"column": c, "reason": why} for c, why in self.input.dropped_columns],
                "ignored_columns": list(self.input.ignored_columns),
                "notes": list(self.input.notes),
            },
            "rejected_rows": [{"row": n, "reason": why} for n, why in self.input.rejected_rows],
            "warnings": [{"row": n, "reason": why} for n, why in self.input.warnings],
            "exposure_is_not_job_loss": EXPOSURE_NOT_JOB_LOSS,
            "sources": list(self.sources),
            "caveats": list(self.caveats),
        }


def _observed(use: ObservedOccupationUse | None) -> dict | None:
    """A role's observed AI use in the JSON (shares 0-1); None when its occupation is not observed."""
    if use is None:
        return None
    return {
        "observed_time_share": _r(use.observed_time_share, 4),
        "automation_share": _r(use.automation_share, 4),
        "release": use.release,
    }


def _r(value: float | None, digits: int = 0) -> float | None:
    if value is None:
        return None
    return round(float(value), digits) if digits else float(round(float(value)))
