"""People impact of a roster audit: roles most affected, what their work turns into, internal moves.

Pure functions over :class:`jobrisk.scoring.roster_work.WorkModel`. Rules (docs/roster-audit.md):

* A role is a distinct job title of the roster (all its departments together).
* **Freed share** = hours AI could free / the role's hours. Roles are listed most affected first.
* **Work that changes**: the role's clusters with the most freed hours. **Work that stays**: its
  other clusters (each at least 3 % of the role's hours) with the smallest share of their hours
  freed; reskilling means moving time from the first to the second, and to reviewing what AI
  produces.
* **Internal moves** (for roles whose freed share is at least ``MOVE_FROM_SHARE``): other
  occupations present in the same roster whose freed share is at least ``MOVE_MARGIN`` lower and
  whose work is similar: cosine similarity of the two occupations' hours per work-activity
  cluster in this roster at least ``MOVE_MIN_SIMILARITY``. Best three by similarity, each shown as
  the roster's job title with the most people in that occupation. A suggestion to look at, not
  a plan: pay, skills and openings are not modelled.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from jobrisk.scoring.roster_work import WorkModel

MOVE_FROM_SHARE = 0.10
MOVE_MARGIN = 0.05
MOVE_MIN_SIMILARITY = 0.25
MAX_MOVES = 3
STAYS_MIN_HOURS_SHARE = 0.03  # "work that stays" lists clusters with at least this share of the role's hours


@dataclass(frozen=True)
class InternalMove:
    job_title: str
    onet_soc_code: str
    similarity: float
    freed_share: float


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


def _similar_occupations(acc: dict[str, dict]) -> tuple[dict[str, list[tuple[str, float]]], dict[str, float],
                                                        dict[str, str]]:
    """For each occupation in the roster: the others by cosine similarity of their hours per
    cluster (best first, at least ``MOVE_MIN_SIMILARITY``); each occupation's freed share; and the
    job title that represents it (the one with most people)."""
    hours: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    freed: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    best_title: dict[str, tuple[float, str]] = {}
    for title, r in acc.items():
        code = r["code"]
        if code is None:
            continue
        for cid, h in r["hours_by"].items():
            hours[code][cid] += h
        freed[code][0] += r["freed"]
        freed[code][1] += r["hours"]
        if code not in best_title or (r["headcount"], title) > best_title[code]:
            best_title[code] = (r["headcount"], title)
    codes = sorted(hours)
    if not codes:
        return {}, {}, {}
    cids = sorted({cid for h in hours.values() for cid in h})
    column = {cid: j for j, cid in enumerate(cids)}
    matrix = np.zeros((len(codes), len(cids)))
    for i, code in enumerate(codes):
        for cid, h in hours[code].items():
            matrix[i, column[cid]] = h
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    similarity = matrix @ matrix.T
    out: dict[str, list[tuple[str, float]]] = {}
    for i, code in enumerate(codes):
        order = np.argsort(-similarity[i], kind="stable")
        out[code] = [(codes[j], float(similarity[i, j])) for j in order
                     if j != i and similarity[i, j] >= MOVE_MIN_SIMILARITY]
    shares = {c: (f / h if h else 0.0) for c, (f, h) in freed.items()}
    return out, shares, {c: t for c, (_, t) in best_title.items()}


def role_impacts(model: WorkModel, max_listed: int = 3) -> list[RoleImpact]:
    """One :class:`RoleImpact` per job title, most affected (freed share) first."""
    acc: dict[str, dict] = {}
    for line, total in zip(model.lines, model.line_totals):
        r = acc.setdefault(line.job_title, {
            "code": line.onet_soc_code, "headcount": 0.0, "hours": 0.0, "exposed": 0.0, "freed": 0.0,
            "value": 0.0, "money": False, "departments": set(), "hours_by": defaultdict(float),
            "freed_by": defaultdict(float)})
        r["headcount"] += line.headcount
        r["hours"] += total.hours_per_year
        r["exposed"] += total.hours_exposed_per_year
        r["freed"] += total.hours_freed_per_year
        r["value"] += total.value_usd_per_year
        r["money"] = r["money"] or (line.onet_soc_code is not None
                                    and line.hours_without_wage < line.hours_per_year)
        if line.department:
            r["departments"].add(line.department)
    for title, cells in model.title_clusters.items():
        r = acc[title]
        for cid, (hours, freed) in cells.items():
            r["hours_by"][cid] += hours
            r["freed_by"][cid] += freed
    similar, occupation_shares, representative = _similar_occupations(acc)
    shares = {t: (r["freed"] / r["hours"] if r["hours"] else 0.0) for t, r in acc.items()}
    names = model.cluster_names
    out = []
    for title, r in acc.items():
        changes = sorted(r["freed_by"].items(), key=lambda kv: -kv[1])
        changing = {c for c, h in changes[:max_listed] if h > 0}
        floor = STAYS_MIN_HOURS_SHARE * r["hours"]
        stays = sorted(((cid, r["freed_by"].get(cid, 0.0) / h) for cid, h in r["hours_by"].items()
                        if h >= floor and cid not in changing), key=lambda kv: (kv[1], kv[0]))
        moves: list[InternalMove] = []
        if r["code"] is not None and shares[title] >= MOVE_FROM_SHARE:
            for code, sim in similar.get(r["code"], ()):
                if occupation_shares[code] <= shares[title] - MOVE_MARGIN:
                    moves.append(InternalMove(representative[code], code, round(sim, 3), occupation_shares[code]))
                    if len(moves) == MAX_MOVES:
                        break
        out.append(RoleImpact(
            job_title=title, onet_soc_code=r["code"], headcount=r["headcount"], hours_per_year=r["hours"],
            hours_exposed_per_year=r["exposed"], hours_freed_per_year=r["freed"],
            value_usd_per_year=r["value"] if r["money"] else None, freed_share=shares[title],
            departments=tuple(sorted(r["departments"])),
            work_that_changes=tuple(names.get(c, c) for c, h in changes[:max_listed] if h > 0),
            work_that_stays=tuple(names.get(c, c) for c, _ in stays[:max_listed]),
            moves=tuple(moves)))
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
    acc: dict[str, list] = {}
    for line, total in zip(model.lines, model.line_totals):
        d = acc.setdefault(line.department or "(no department)", [0.0, 0.0, 0.0, 0.0, False])
        d[0] += line.headcount
        d[1] += total.hours_per_year
        d[2] += total.hours_freed_per_year
        d[3] += total.value_usd_per_year
        d[4] = d[4] or (line.onet_soc_code is not None and line.hours_without_wage < line.hours_per_year)
    out = [DepartmentView(name, d[0], d[1], d[2], d[3] if d[4] else None, d[2] / d[1] if d[1] else 0.0)
           for name, d in acc.items()]
    out.sort(key=lambda v: (-(v.value_usd_per_year or 0.0), -v.hours_freed_per_year, v.department))
    return out
