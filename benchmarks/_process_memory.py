"""Peak memory of this process and every process it started (forked workers included), sampled.

``ru_maxrss`` gives one process's peak, and for children only the largest child's; summing the
resident sizes of a parent and its forked workers counts their shared (copy-on-write) pages once
per process. This sampler reads ``/proc/PID/smaps_rollup`` of this process and all its
descendants every ``interval_s`` (0.1 s; PSS every 0.5 s) and keeps the peak of two sums:

- ``pss``: proportional set size, each shared page divided among the processes sharing it, so the
  sum is the memory the whole group really holds;
- ``rss``: resident size, shared pages counted once per process (an upper bound).

Linux only; elsewhere both peaks stay 0.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                children = [int(c) for c in task.read_text().split()]
            except OSError:
                continue
            found.extend(children)
            todo.extend(children)
    return found


def _rss_kb(pid: int) -> int:
    """Resident size from ``/proc/PID/statm`` (cheap: no page-table walk); 0 once exited."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except OSError:
        return 0


def _rollup(pid: int) -> tuple[int, int]:
    """(Pss, Rss) of ``pid`` in kB; (0, 0) once it has exited."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


class GroupMemory:
    """``with GroupMemory() as memory: ...`` then ``memory.peak_pss_mb``, ``memory.peak_rss_mb``,
    ``memory.peak_processes``."""

    def __init__(self, interval_s: float = 0.1):
        self.interval_s = interval_s
        #: PSS is read every ``pss_every`` rounds (each read walks the page tables: about 10 ms
        #: for a process of 500 MB), resident sizes every round
        self.pss_every = 5
        #: CPU seconds the sampling thread itself used (reading smaps walks page tables), to be
        #: taken off the measured process's CPU time
        self.sampler_cpu_s = 0.0
        self.peak_pss_mb = 0.0
        self.peak_rss_mb = 0.0
        self.peak_processes = 0
        #: each process's PSS at the peak (this process first) and when it was, seconds from the start
        self.peak_pss_parts_mb: list[float] = []
        self.peak_pss_at_s = 0.0
        self._started = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self, pss: bool = True) -> None:
        pids = [os.getpid(), *_descendants(os.getpid())]
        total_pss = total_rss = 0
        parts = []
        for pid in pids:
            p, r = _rollup(pid) if pss else (0, _rss_kb(pid))
            total_pss, total_rss = total_pss + p, total_rss + r
            parts.append(round(p / 1024))
        if total_pss / 1024 > self.peak_pss_mb:
            self.peak_pss_parts_mb = parts
            self.peak_pss_at_s = round(time.perf_counter() - self._started, 1)
        self.peak_pss_mb = max(self.peak_pss_mb, total_pss / 1024)
        self.peak_rss_mb = max(self.peak_rss_mb, total_rss / 1024)
        self.peak_processes = max(self.peak_processes, len(pids))

    def _run(self) -> None:
        started = time.thread_time()
        rounds = 0
        while not self._stop.wait(self.interval_s):
            rounds += 1
            self.sample(pss=rounds % self.pss_every == 0)
        self.sampler_cpu_s = time.thread_time() - started

    def __enter__(self) -> GroupMemory:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
