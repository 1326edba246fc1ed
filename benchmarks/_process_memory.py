"""Peak memory of this process and every process it started (forked workers included), sampled.

``ru_maxrss`` gives one process's peak, and for children only the largest child's; summing the
resident sizes of a parent and its forked workers counts their shared (copy-on-write) pages once
per process. This sampler reads the resident sizes (``/proc/PID/statm``: cheap) of this process
and all its descendants every ``interval_s`` (0.1 s), and their PSS (``/proc/PID/smaps_rollup``:
a walk of every page table, about 10 ms for a process of 500 MB, on the same cores as the
measured run) only when the group's resident size grew by ``pss_on_growth_mb`` (32 MB) from
its lowest since the last PSS reading, or ``pss_every_s`` (2 s) went by: a peak made of new allocations is read
when it happens, and memory that creeps (pages shared copy-on-write with the workers copied one
by one) at least every 2 s. It keeps the peak of two sums:

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


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def _rss_kb(pid: int) -> int:
    """Resident size from ``/proc/PID/statm`` (cheap: no page-table walk); 0 once exited."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * _PAGE_KB
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
        #: PSS is read when the summed resident size grew this much since the last PSS reading ...
        self.pss_on_growth_mb = 32.0
        #: ... or this long after it (resident sizes are read every round)
        self.pss_every_s = 2.0
        #: how many times PSS was read
        self.pss_reads = 0
        self._rss_floor_mb = 0.0  # the lowest summed resident size since the last PSS reading
        self._pss_at_s = 0.0
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
        """One reading of the group's resident sizes, and of its PSS: always when ``pss``, else
        when the rules of the module docstring say so."""
        pids = [os.getpid(), *_descendants(os.getpid())]
        now = time.perf_counter()
        if not pss:
            rss = [_rss_kb(pid) for pid in pids]
            total_rss = sum(rss)
            self.peak_rss_mb = max(self.peak_rss_mb, total_rss / 1024)
            self.peak_processes = max(self.peak_processes, len(pids))
            self._rss_floor_mb = min(self._rss_floor_mb, total_rss / 1024)
            grown = total_rss / 1024 - self._rss_floor_mb >= self.pss_on_growth_mb
            if not grown and now - self._pss_at_s < self.pss_every_s:
                return
        self.pss_reads += 1
        self._pss_at_s = now
        total_pss = total_rss = 0
        parts = []
        for pid in pids:
            p, r = _rollup(pid)
            total_pss, total_rss = total_pss + p, total_rss + r
            parts.append(round(p / 1024))
        self._rss_floor_mb = total_rss / 1024
        if total_pss / 1024 > self.peak_pss_mb:
            self.peak_pss_parts_mb = parts
            self.peak_pss_at_s = round(time.perf_counter() - self._started, 1)
        self.peak_pss_mb = max(self.peak_pss_mb, total_pss / 1024)
        self.peak_rss_mb = max(self.peak_rss_mb, total_rss / 1024)
        self.peak_processes = max(self.peak_processes, len(pids))

    def _run(self) -> None:
        started = time.thread_time()
        while not self._stop.wait(self.interval_s):
            self.sample(pss=False)
        self.sampler_cpu_s = time.thread_time() - started

    def __enter__(self) -> GroupMemory:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
