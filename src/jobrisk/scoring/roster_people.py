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

from collections import defaultdict
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np

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


_second = itemgetter(1)


def _share_then_id(kv: tuple[str, float]) -> tuple[float, str]:
    return kv[1], kv[0]


def role_impacts(model: WorkModel, space: TransitionSpace | None = None, max_listed: int = 3) -> list[RoleImpact]:
    """One :class:`RoleImpact` per job title, most affected (freed share) first; internal moves
    (:func:`jobrisk.scoring.roster_moves.internal_moves`) need the career-move ``space``."""
    lines = model.lines
    headcount, hours, exposed, freed, value = (
        model.per_title(v).tolist()
        for v in (lines.headcount, lines.hours_per_year, model.exposed, model.freed, model.value)
    )
    money = model.per_title(model.money.astype(np.float64)).tolist()
    departments: list[set[str]] = [set() for _ in lines.titles]
    for t, d in set(zip(lines.title.tolist(), lines.department.tolist())):
        name = lines.departments[d]
        if name:
            departments[t].add(name)
    acc: dict[str, dict[str, Any]] = {
        title: {
            "code": lines.codes[t],
            "headcount": headcount[t],
            "hours": hours[t],
            "exposed": exposed[t],
            "freed": freed[t],
            "value": value[t],
            "money": money[t] > 0,
            "departments": departments[t],
            "cells": model.title_clusters.get(title, {}),  # cluster id -> [hours, freed hours]
        }
        for t, title in enumerate(lines.titles)
    }
    moves_by_code = internal_moves(roster_occupations(acc), space)
    shares = {t: (r["freed"] / r["hours"] if r["hours"] else 0.0) for t, r in acc.items()}
    names = model.cluster_names
    out = []
    for title, r in acc.items():
        cells = r["cells"]
        # the largest freed hours first (the first listed of equal ones); sorted(), stable, is
        # heapq.nlargest/nsmallest's documented equivalent and faster on a role's few clusters
        changes = sorted([(cid, cell[1]) for cid, cell in cells.items()], key=_second, reverse=True)[:max_listed]
        changing = {c for c, h in changes if h > 0}
        floor = STAYS_MIN_HOURS_SHARE * r["hours"]
        stays = sorted(
            [(cid, cell[1] / cell[0]) for cid, cell in cells.items() if cell[0] >= floor and cid not in changing],
            key=_share_then_id,
        )[:max_listed]
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
    lines = model.lines
    sums = [
        model.per_department(v).tolist()
        for v in (lines.headcount, lines.hours_per_year, model.freed, model.value, model.money.astype(np.float64))
    ]
    acc: dict[str, list[Any]] = {}
    for d, department in enumerate(lines.departments):
        into = acc.setdefault(department or "(no department)", [0.0, 0.0, 0.0, 0.0, False])
        for i in range(4):
            into[i] += sums[i][d]
        into[4] = into[4] or sums[4][d] > 0
    out = [
        DepartmentView(name, d[0], d[1], d[2], d[3] if d[4] else None, d[2] / d[1] if d[1] else 0.0)
        for name, d in acc.items()
    ]
    out.sort(key=lambda v: (-(v.value_usd_per_year or 0.0), -v.hours_freed_per_year, v.department))
    return out
