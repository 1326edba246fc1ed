"""A roster's rows grouped into role lines, in columns: rows that share job title, department,
occupation and uploaded processes are one line, their headcount, hours and pay summed.

:func:`role_lines` groups the rows with numpy (one pass over the rows to read their fields,
then sums per line with ``np.bincount``, which adds in row order like a loop over the rows
would); :class:`RoleLines` keeps the lines as arrays, in the order of each line's first row. The
hours and pay rules are those of :mod:`jobrisk.scoring.roster_work` (docs/roster-audit.md).

Pure functions (no I/O).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from jobrisk.scoring.roster_types import RosterRow

if TYPE_CHECKING:
    from jobrisk.scoring.roster_work import OccupationWork, ProcessWork, RosterAssumptions


@dataclass(frozen=True)
class RoleLine:
    """Rows that share title, department, occupation and process list, summed (one line of
    :class:`RoleLines`)."""

    job_title: str
    department: str | None
    onet_soc_code: str | None
    headcount: float
    hours_per_year: float  # all people in the line
    wage_hours_usd: float  # sum over rows of hours x loaded-free hourly cost (known wages)
    hours_without_wage: float  # hours of rows whose wage is unknown (roster and OEWS)
    roster_wage_headcount: float  # people whose pay came from the roster
    rows: tuple[int, ...]
    processes: tuple[ProcessWork, ...] = ()


@dataclass(frozen=True)
class RoleLines:
    """Role lines as columns (index ``i`` is one line). ``title``/``department`` index
    ``titles``/``departments`` (the roster's distinct job titles and departments, in order of
    first row; a department of ``None`` is a row without one); ``processes[i]`` is the line's
    scored processes (empty for most); ``row_line`` is each row's line."""

    titles: list[str]
    departments: list[str | None]
    codes: list[str | None]  # per title: its occupation, or None (not mapped)
    title: np.ndarray  # int, per line
    department: np.ndarray  # int, per line
    processes: list[tuple[ProcessWork, ...]]
    headcount: np.ndarray
    hours_per_year: np.ndarray
    wage_hours_usd: np.ndarray
    hours_without_wage: np.ndarray
    roster_wage_headcount: np.ndarray
    row_line: np.ndarray  # int, per row

    def __len__(self) -> int:
        return len(self.title)

    @property
    def mapped(self) -> np.ndarray:
        """Per line: does its title have an occupation?"""
        flags = np.array([c is not None for c in self.codes], dtype=bool)
        return flags[self.title] if len(self.title) else np.zeros(0, dtype=bool)

    def line(self, i: int, rows: Sequence[int] = ()) -> RoleLine:
        """Line ``i`` as one object (``rows``: its row numbers, when wanted)."""
        t = int(self.title[i])
        return RoleLine(
            self.titles[t],
            self.departments[int(self.department[i])],
            self.codes[t],
            float(self.headcount[i]),
            float(self.hours_per_year[i]),
            float(self.wage_hours_usd[i]),
            float(self.hours_without_wage[i]),
            float(self.roster_wage_headcount[i]),
            tuple(rows),
            self.processes[i],
        )


def _index(values: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """Each value's position among the distinct values (in order of first appearance)."""
    seen: dict[Any, int] = {}
    codes = [seen.setdefault(v, len(seen)) for v in values]
    return np.fromiter(codes, dtype=np.int64, count=len(codes)), list(seen)


def role_lines(
    rows: Sequence[RosterRow],
    codes: Mapping[str, str | None],
    work: Mapping[str, OccupationWork],
    a: RosterAssumptions,
    processes: Mapping[int, tuple[ProcessWork, ...]] | None = None,
) -> RoleLines:
    """Group rows into :class:`RoleLines` (``codes``: job title -> code or None; ``processes``:
    row number -> its scored processes).

    A person's hours per year = headcount x weekly hours (else ``default_weekly_hours``) x
    ``working_weeks_per_year``; the line's wage x hours adds, per row, hours x the roster's
    annual wage over its hours (else the OEWS median per worked hour of the occupation), and a
    row with neither adds its hours to ``hours_without_wage``.
    """
    processes = processes or {}
    weeks = a.working_weeks_per_year
    n = len(rows)
    title, titles = _index([r.job_title for r in rows])
    department, departments = _index([r.department for r in rows])
    own = [processes.get(r.row) or None for r in rows] if processes else []
    if own and any(p is not None for p in own):
        process_of, kinds = _index(own)
    else:
        process_of, kinds = np.zeros(n, dtype=np.int64), [None]
    title_codes = [codes.get(t) for t in titles]
    key = (title * len(departments) + department) * len(kinds) + process_of
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # lines in order of their first row
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    row_line = rank[inverse.reshape(-1)]
    lines = len(order)

    headcount = np.fromiter((r.headcount for r in rows), dtype=np.float64, count=n)
    weekly = np.fromiter((r.weekly_hours or a.default_weekly_hours for r in rows), dtype=np.float64, count=n)
    wage = np.fromiter(
        (np.nan if r.annual_wage_usd is None else r.annual_wage_usd for r in rows), dtype=np.float64, count=n
    )
    hours = headcount * weekly * weeks
    median_per_worked_hour = np.array(
        [
            work[c].hourly_median_usd * 52.0 / weeks  # type: ignore[operator]
            if c is not None and c in work and work[c].hourly_median_usd is not None
            else np.nan
            for c in title_codes
        ],
        dtype=np.float64,
    )
    median = median_per_worked_hour[title] if n else np.zeros(0)
    known = ~np.isnan(wage)
    with np.errstate(invalid="ignore"):
        wage_hours = np.where(known, hours * (wage / (weekly * weeks)), np.where(np.isnan(median), 0.0, hours * median))
    without = np.where(known | ~np.isnan(median), 0.0, hours)

    def per_line(values: np.ndarray) -> np.ndarray:
        return np.bincount(row_line, weights=values, minlength=lines)

    first_row = first[order]
    return RoleLines(
        titles=titles,
        departments=departments,
        codes=title_codes,
        title=title[first_row],
        department=department[first_row],
        processes=[kinds[int(k)] or () for k in process_of[first_row]],
        headcount=per_line(headcount),
        hours_per_year=per_line(hours),
        wage_hours_usd=per_line(wage_hours),
        hours_without_wage=per_line(without),
        roster_wage_headcount=per_line(np.where(known, headcount, 0.0)),
        row_line=row_line,
    )
