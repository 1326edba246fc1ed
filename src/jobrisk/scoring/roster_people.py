"""People impact of a roster audit: roles most affected, what their work turns into, internal moves.

Pure functions over :class:`jobrisk.scoring.roster_work.WorkModel`. Rules (docs/roster-audit.md):

* A role is a distinct job title of the roster (all its departments together).
* **Freed share** = hours AI could free / the role's hours. Roles are listed most affected first.
* **Work that changes**: the role's clusters with the most freed hours. **Work that stays**: its
  other clusters (each at least 3 % of the role's hours) with the smallest share of their hours
  freed; reskilling means moving time from the first to the second, and to reviewing what AI
  produces.
* **Internal moves** (for roles whose freed share is at least ``MOVE_FROM_SHARE``): other
  occupations present in the same roster that the career audit's transitions engine passes
  (similar work, preparation, pay, a wholly lower risk range) and whose freed share in this
  roster is at least ``MOVE_MARGIN`` lower; see :mod:`jobrisk.scoring.roster_moves`. Best three
  by similarity, each shown as the roster's job title with the most people in that occupation.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from jobrisk.scoring.roster_moves import MOVE_FROM_SHARE, MOVE_MARGIN, InternalMove, RosterOccupation, internal_moves
from jobrisk.scoring.roster_work import WorkModel
from jobrisk.scoring.transition_types import TransitionSpace

__all__ = ["DepartmentView", "InternalMove", "RoleImpact", "department_views", "role_impacts"]
STAYS_MIN_HOURS_SHARE = 0.03  # "work that stays" lists clusters with at least this share of the role's hours


@dataclass(frozen=True)
class RoleImpact:
    job_title: str
    onet_soc_code: str | None
    headcount: float
    hours_per_year: float
    hours_exposed_per_year: float
    hours_freed_per_year: float
    value_usd_per_year: float | None
    freed_share: float
    departments: tuple[str, ...]
    work_that_changes: tuple[str, ...]
    work_that_stays: tuple[str, ...]
    moves: tuple[InternalMove, ...]


def roster_occupations(acc: dict[str, dict[str, Any]]) -> dict[str, RosterOccupation]:
    """Each occupation of the roster: its hours per cluster and freed share over all its job
    titles, shown as the title with the most people in it."""
    hours: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    freed: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    best_title: dict[str, tuple[float, str]] = {}
    for title, r in acc.items():
        code = r["code"]
        if code is None:
            continue
        for cid, cell in r["cells"].items():
            hours[code][cid] += cell[0]
        freed[code][0] += r["freed"]
        freed[code][1] += r["hours"]
        if code not in best_title or (r["headcount"], title) > best_title[code]:
            best_title[code] = (r["headcount"], title)
    return {
        code: RosterOccupation(code, best_title[code][1], dict(hours[code]), (f / h) if h else 0.0)
        for code, (f, h) in freed.items()
    }


def role_impacts(model: WorkModel, space: TransitionSpace | None = None, max_listed: int = 3) -> list[RoleImpact]:
    """One :class:`RoleImpact` per job title, most affected (freed share) first; internal moves
    (:func:`jobrisk.scoring.roster_moves.internal_moves`) need the career-move ``space``."""
    acc: dict[str, dict[str, Any]] = {}
    for line, total in zip(model.lines, model.line_totals):
        r = acc.setdefault(
            line.job_title,
            {
                "code": line.onet_soc_code,
                "headcount": 0.0,
                "hours": 0.0,
                "exposed": 0.0,
                "freed": 0.0,
                "value": 0.0,
                "money": False,
                "departments": set(),
                "cells": {},  # cluster id -> [hours, freed hours]
            },
        )
        r["headcount"] += line.headcount
        r["hours"] += total.hours_per_year
        r["exposed"] += total.hours_exposed_per_year
        r["freed"] += total.hours_freed_per_year
        r["value"] += total.value_usd_per_year
        r["money"] = r["money"] or (line.onet_soc_code is not None and line.hours_without_wage < line.hours_per_year)
        if line.department:
            r["departments"].add(line.department)
    for title, cells in model.title_clusters.items():  # title -> cluster -> [hours, freed hours]
        acc[title]["cells"] = cells
    moves_by_code = internal_moves(roster_occupations(acc), space)
    shares = {t: (r["freed"] / r["hours"] if r["hours"] else 0.0) for t, r in acc.items()}
    names = model.cluster_names
    out = []
    for title, r in acc.items():
        cells = r["cells"]
        # the largest freed hours first (the first listed of equal ones), as sorted(...)[:max_listed]
        changes = heapq.nlargest(max_listed, ((cid, cell[1]) for cid, cell in cells.items()), key=lambda kv: kv[1])
        changing = {c for c, h in changes if h > 0}
        floor = STAYS_MIN_HOURS_SHARE * r["hours"]
        stays = heapq.nsmallest(
            max_listed,
            ((cid, cell[1] / cell[0]) for cid, cell in cells.items() if cell[0] >= floor and cid not in changing),
            key=lambda kv: (kv[1], kv[0]),
        )
        # moves are the occupation's; a title whose own share is below the bar gets none
        moves = moves_by_code.get(r["code"], ()) if shares[title] >= MOVE_FROM_SHARE else ()
        moves = tuple(m for m in moves if m.freed_share <= shares[title] - MOVE_MARGIN)
        out.append(
            RoleImpact(
                job_title=title,
                onet_soc_code=r["code"],
                headcount=r["headcount"],
                hours_per_year=r["hours"],
                hours_exposed_per_year=r["exposed"],
                hours_freed_per_year=r["freed"],
                value_usd_per_year=r["value"] if r["money"] else None,
                freed_share=shares[title],
                departments=tuple(sorted(r["departments"])),
                work_that_changes=tuple(names.get(c, c) for c, h in changes if h > 0),
                work_that_stays=tuple(names.get(c, c) for c, _ in stays),
                moves=moves,
            )
        )
    out.sort(key=lambda x: (-x.freed_share, -x.headcount, x.job_title))
    return out


@dataclass(frozen=True)
class DepartmentView:
    department: str
    employees: float
    hours_per_year: float
    hours_freed_per_year: float
    value_usd_per_year: float | None
    freed_share: float


def department_views(model: WorkModel) -> list[DepartmentView]:
    """Totals per department (rows without one are "(no department)"), most value first."""
    acc: dict[str, list[Any]] = {}
    for line, total in zip(model.lines, model.line_totals):
        d = acc.setdefault(line.department or "(no department)", [0.0, 0.0, 0.0, 0.0, False])
        d[0] += line.headcount
        d[1] += total.hours_per_year
        d[2] += total.hours_freed_per_year
        d[3] += total.value_usd_per_year
        d[4] = d[4] or (line.onet_soc_code is not None and line.hours_without_wage < line.hours_per_year)
    out = [
        DepartmentView(name, d[0], d[1], d[2], d[3] if d[4] else None, d[2] / d[1] if d[1] else 0.0)
        for name, d in acc.items()
    ]
    out.sort(key=lambda v: (-(v.value_usd_per_year or 0.0), -v.hours_freed_per_year, v.department))
    return out
