"""Which opportunities first: ease, value and the quick wins / strategic bets / not now roadmap.

Pure functions over :class:`jobrisk.scoring.roster_work.WorkModel`. Rules (docs/roster-audit.md):

* **Ease** (0-1) of a cluster = 0.4 x tool readiness + 0.3 x automation + 0.3 x (1 - oversight need).
  *Tool readiness*: the freed-hours-weighted maturity of the AI tool categories that match the
  cluster's tasks (established 1.0, maturing 0.6, early 0.3; work no category matches counts 0.2),
  blended with *observed use*: the share of the cluster's freed hours in tasks people already do
  with AI (Anthropic Economic Index, latest release; ``TaskWork.observed``) counts as established
  (1.0), so readiness = observed share x 1.0 + (1 - observed share) x category readiness. Tasks not
  observed are not taken as unused (not observed is not zero use): they keep the category's value.
  *Automation*: the mean share of the exposed work AI could do without a person (augmentation
  needs more change to how people work, and saves less). *Oversight need*: the
  consequence-of-error percentile of the occupations doing the work (O*NET work context).
  Unknown parts count 0.5.
* **Value**: clusters are ranked by value (money where wages are known; freed hours otherwise
  never turn into money). The smallest set of clusters making up ``high_value_share`` (80 %) of
  the roster's total value is *high value*.
* **Quadrant**: high value and ease >= ``quick_win_ease`` -> ``quick_win``; high value and harder ->
  ``strategic_bet``; everything else (including clusters with no money figure) -> ``not_now``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jobrisk.scoring.roster_work import RosterAssumptions, WorkModel, WorkTotals

MATURITY_READINESS = {"established": 1.0, "maturing": 0.6, "early": 0.3}
NO_TOOL_READINESS = 0.2
UNKNOWN_PART = 0.5
EASE_WEIGHTS = {"tool_readiness": 0.4, "automation": 0.3, "low_oversight": 0.3}
QUADRANTS = ("quick_win", "strategic_bet", "not_now")
QUADRANT_LABELS = {"quick_win": "Quick win", "strategic_bet": "Strategic bet", "not_now": "Not now"}


@dataclass(frozen=True)
class ToolInfo:
    tool_id: str
    name: str
    maturity: str  # established | maturing | early


@dataclass(frozen=True)
class Ease:
    ease: float
    tool_readiness: float
    automation: float | None
    oversight_need: float | None
    observed_share: float = 0.0  # freed-hours share in tasks people already use AI for


@dataclass(frozen=True)
class Opportunity:
    cluster_id: str
    name: str
    hours_per_year: float
    hours_exposed_per_year: float
    hours_freed_per_year: float
    value_usd_per_year: float | None  # None: no freed hour has a wage
    fte_freed: float
    ease: Ease
    quadrant: str
    roles: tuple[tuple[str, float], ...]  # (job title, hours freed per year), largest first
    tools: tuple[tuple[str, float], ...]  # (tool id, hours freed per year), largest first
    rank: int


def cluster_ease(c: WorkTotals, tools: Mapping[str, ToolInfo]) -> Ease:
    matched = sum(c.tool_hours.values())
    if c.hours_freed_per_year > 0:
        weighted = sum(
            h * MATURITY_READINESS.get(tools[t].maturity if t in tools else "", NO_TOOL_READINESS)
            for t, h in c.tool_hours.items()
        )
        unmatched = max(c.hours_freed_per_year - matched, 0.0)
        readiness = (weighted + unmatched * NO_TOOL_READINESS) / (matched + unmatched)
    else:
        readiness = NO_TOOL_READINESS
    observed = min(c.observed_freed_hours / c.hours_freed_per_year, 1.0) if c.hours_freed_per_year > 0 else 0.0
    readiness = observed * MATURITY_READINESS["established"] + (1.0 - observed) * readiness
    automation, oversight = c.mean_automation, c.mean_oversight
    ease = (
        EASE_WEIGHTS["tool_readiness"] * readiness
        + EASE_WEIGHTS["automation"] * (UNKNOWN_PART if automation is None else automation)
        + EASE_WEIGHTS["low_oversight"] * (1.0 - (UNKNOWN_PART if oversight is None else oversight))
    )
    return Ease(round(ease, 4), round(readiness, 4), automation, oversight, round(observed, 4))


def opportunities(
    model: WorkModel, tools: Mapping[str, ToolInfo], a: RosterAssumptions, max_roles: int = 8
) -> list[Opportunity]:
    """Every cluster with freed hours, ranked (value first, then freed hours), with its quadrant."""
    rows = [(cid, c) for cid, c in model.clusters.items() if c.hours_freed_per_year > 0]
    rows.sort(key=lambda x: (-x[1].value_usd_per_year, -x[1].hours_freed_per_year, x[0]))
    total_value = sum(c.value_usd_per_year for _, c in rows)
    high_value: set[str] = set()
    running = 0.0
    for cid, c in rows:
        if total_value <= 0 or c.value_usd_per_year <= 0 or running >= a.high_value_share * total_value:
            break
        high_value.add(cid)
        running += c.value_usd_per_year
    out = []
    for rank, (cid, c) in enumerate(rows, start=1):
        ease = cluster_ease(c, tools)
        if cid in high_value:
            quadrant = "quick_win" if ease.ease >= a.quick_win_ease else "strategic_bet"
        else:
            quadrant = "not_now"
        has_money = c.value_usd_per_year > 0 or c.hours_freed_without_wage < c.hours_freed_per_year
        out.append(
            Opportunity(
                cluster_id=cid,
                name=model.cluster_names.get(cid, cid),
                hours_per_year=c.hours_per_year,
                hours_exposed_per_year=c.hours_exposed_per_year,
                hours_freed_per_year=c.hours_freed_per_year,
                value_usd_per_year=c.value_usd_per_year if has_money else None,
                fte_freed=c.hours_freed_per_year / a.fte_hours_per_year,
                ease=ease,
                quadrant=quadrant,
                roles=tuple(sorted(c.role_hours.items(), key=lambda kv: -kv[1])[:max_roles]),
                tools=tuple(sorted(c.tool_hours.items(), key=lambda kv: -kv[1])),
                rank=rank,
            )
        )
    return out
