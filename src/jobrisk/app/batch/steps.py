"""Where a batch run spends its time: wall and CPU seconds per step.

Steps of ``jobrisk batch`` (:func:`jobrisk.app.batch.run_batch`): ``read`` (parse the input
chunks), ``code`` (code new job titles: in this process, or the wait for the worker processes),
``code_workers`` (CPU seconds the worker processes spent coding), ``score`` (distinct values,
occupation scores, the task model, joining them back to the rows), ``write`` (one part file per
chunk) and ``assemble`` (join the parts into the output file). CPU seconds are this process's
(all its threads), except for ``code_workers``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class StepTime:
    wall_s: float = 0.0
    cpu_s: float = 0.0


@dataclass
class StepTimes:
    steps: dict[str, StepTime] = field(default_factory=dict)

    def add(self, name: str, wall_s: float, cpu_s: float) -> None:
        step = self.steps.setdefault(name, StepTime())
        step.wall_s += wall_s
        step.cpu_s += cpu_s

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - wall, time.process_time() - cpu)

    def as_dict(self) -> dict[str, dict[str, float]]:
        """``{step: {"wall_s": ..., "cpu_s": ...}}``, rounded to milliseconds."""
        return {k: {"wall_s": round(v.wall_s, 3), "cpu_s": round(v.cpu_s, 3)} for k, v in self.steps.items()}
