"""Typed rows of a business roster, as the roster analysis receives them (no I/O here).

A :class:`RosterRow` is one accepted row of an uploaded roster with people's details already
removed: a job title, how many people hold it, and what is known about their pay and hours.
Money is US dollars per year (``_usd_per_year``); hours are per week or per year as named.
``None`` means "not given", never zero.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Process:
    """A free-text process or task the roster says a role does, with its hours per week if given."""

    text: str
    hours_per_week: float | None


@dataclass(frozen=True)
class RosterRow:
    row: int  # row number as a spreadsheet shows it
    job_title: str
    headcount: float
    department: str | None = None
    location: str | None = None
    annual_wage_usd: float | None = None  # salary, or hourly wage x weekly hours x 52
    wage_basis: str | None = None  # 'salary' | 'hourly' | None
    weekly_hours: float | None = None
    processes: tuple[Process, ...] = ()


@dataclass(frozen=True)
class RowIssue:
    """A row that was rejected (``rejected=True``) or accepted with a value set aside, and why."""

    row: int
    reason: str
    rejected: bool = True
