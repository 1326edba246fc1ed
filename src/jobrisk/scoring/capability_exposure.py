"""Component 1 — capability exposure: the time-weighted share of work AI could do >= 50 % faster.

Three scenarios, from the same task estimates (GPTs-are-GPTs rubric, Eloundou et al. 2024):
``llm_alone`` counts E1 tasks only (alpha), ``llm_with_tools`` counts E1 and E2 (gamma) and the
default credits an E2 task with ``e2_weight`` (0.5 = beta). Each is a mean of task exposure
weighted by the tasks' estimated time shares. This is a capability measure, not a forecast of
use or of job loss. Pure functions, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from jobrisk.scoring.task_exposure import TaskExposureEstimate


@dataclass(frozen=True)
class ExposureScenarios:
    """Capability exposure (0-1 share of work time) under each scenario.

    standard_error: sampling error of ``default`` from the per-task uncertainty (the spread of
    each task's class probabilities), treating tasks as independent.
    """

    llm_alone: float
    llm_with_tools: float
    default: float
    standard_error: float

    @property
    def value(self) -> float:
        """The default scenario (what the export's ``exposure`` column shows)."""
        return self.default


def capability_exposure(
    estimates: Sequence[TaskExposureEstimate], time_shares: Sequence[float], e2_weight: float
) -> ExposureScenarios:
    """Time-weighted exposure of an occupation's tasks under the three scenarios."""
    if len(estimates) != len(time_shares):
        raise ValueError(f"capability_exposure: {len(estimates)} estimates but {len(time_shares)} time shares")
    if not estimates:
        raise ValueError("capability_exposure needs at least one task estimate")
    total = sum(time_shares)
    alone = tools = default = variance = 0.0
    for est, share in zip(estimates, time_shares):
        w = share / total
        _p0, p1, p2 = est.probs
        alone += w * p1
        tools += w * (p1 + p2)
        mean = p1 + e2_weight * p2
        default += w * mean
        variance += w * w * (p1 + e2_weight**2 * p2 - mean * mean)
    return ExposureScenarios(
        llm_alone=alone, llm_with_tools=tools, default=default, standard_error=math.sqrt(max(variance, 0.0))
    )
