"""Component 2 — automation vs augmentation: of the exposed work, how much AI could do alone.

Each task's automation level (GPT-4 automation rubric T0 "no automation" .. T4 "full
automation", as 0-1, blended with the activity pool and the task model like exposure) is
averaged over the occupation's tasks, weighted by time share x exposure: a task that is not
exposed says nothing about automation. 1 - automation is the augmented part: work where AI
helps a person who stays in charge. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobrisk.scoring.task_exposure import TaskExposureEstimate


def automation_share(
    estimates: Sequence[TaskExposureEstimate], time_shares: Sequence[float], e2_weight: float
) -> float | None:
    """Exposure-weighted mean automation level (0-1); None when no exposed task rates automation."""
    if len(estimates) != len(time_shares):
        raise ValueError(f"automation_share: {len(estimates)} estimates but {len(time_shares)} time shares")
    num = den = 0.0
    for est, share in zip(estimates, time_shares):
        if est.automation is None:
            continue
        weight = share * est.exposure(e2_weight)
        num += weight * est.automation
        den += weight
    return num / den if den > 0 else None
