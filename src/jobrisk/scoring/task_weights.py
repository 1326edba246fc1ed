"""Time-share weights of an occupation's tasks.

O*NET's Task Ratings (importance, relevance, frequency per task) are not in our data mirror, so
a task's share of work time is estimated from what the catalog has:

1. **Task type** — O*NET marks a task Core (critical, most incumbents perform it) or
   Supplemental; some tasks have no type. Core tasks get ``core_weight`` (2), Supplemental
   ``supplemental_weight`` (1), unrated ``unrated_weight`` (1.5): the GPTs-are-GPTs ``coreweight``
   convention, with unrated tasks halfway.
2. **Work-activity importance** — each task is linked (task -> DWA -> IWA -> generalized work
   activity) to O*NET work activities, and O*NET rates how important each work activity is to
   the occupation (IM, 1-5). A task whose activities matter more to the occupation gets more
   weight: ``(mean importance / 5) ** activity_importance_power``. Tasks without a linked
   activity take the occupation's mean over its tasks, so they are neither favoured nor dropped.

Shares sum to 1 within the occupation. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobrisk.scoring.params import ScoringParams

IMPORTANCE_SCALE_MAX = 5.0


def task_type_weight(task_type: str | None, params: ScoringParams) -> float:
    """Relative time weight of a task from its O*NET task type (Core / Supplemental / unrated)."""
    if task_type == "Core":
        return params.core_weight
    if task_type == "Supplemental":
        return params.supplemental_weight
    return params.unrated_weight


def task_time_shares(
    task_types: Sequence[str | None], activity_importances: Sequence[float | None], params: ScoringParams
) -> list[float]:
    """Each task's estimated share of the occupation's work time (sums to 1).

    ``activity_importances[i]`` is the mean O*NET importance (1-5) of task i's work activities in
    this occupation, or None when the task has no linked activity or the occupation no ratings.
    """
    if len(task_types) != len(activity_importances):
        raise ValueError(
            f"task_time_shares: got {len(task_types)} task types but {len(activity_importances)} activity importances"
        )
    if not task_types:
        return []
    known = [v for v in activity_importances if v is not None]
    fill = sum(known) / len(known) if known else None
    raw: list[float] = []
    for task_type, importance in zip(task_types, activity_importances):
        weight = task_type_weight(task_type, params)
        value = importance if importance is not None else fill
        if value is not None and params.activity_importance_power > 0:
            weight *= (max(value, 1.0) / IMPORTANCE_SCALE_MAX) ** params.activity_importance_power
        raw.append(weight)
    total = sum(raw)
    if total <= 0:
        return [1.0 / len(raw)] * len(raw)
    return [w / total for w in raw]
