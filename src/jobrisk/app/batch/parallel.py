"""Coding many new job titles on several processes of this machine, for in-process batch runs.

The title coder is loaded once; worker processes are forked from it (its index is shared, not
copied or loaded again), each codes a share of the titles not coded yet, and the answers come
back to the parent's cache. A title's answer never depends on which process or batch coded it
(see :mod:`jobrisk.models.title_coder.features`), so the output is the same with any number of
workers. Used only where ``fork`` exists (Linux, macOS); elsewhere, and for small jobs, titles
are coded in this process. Dask and Spark workers code in their own process (one worker each).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobrisk.models.title_coder import TitleCoder, TitleMatch

#: fewer new titles than this are coded in this process (forking costs more than it saves)
MIN_TITLES_PER_WORKER = 1_000
PART_TITLES = 1_024

_CODER: TitleCoder | None = None


def default_workers() -> int:
    """The processes this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def code_titles(coder: TitleCoder, titles: Sequence[str], workers: int = 1) -> list[TitleMatch]:
    """``coder.code_many(titles)``, with the new titles coded on ``workers`` processes."""
    new = [t for t in dict.fromkeys(titles) if not coder.is_cached(t)]
    workers = min(workers, len(new) // MIN_TITLES_PER_WORKER)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        _code_in_workers(coder, new, workers)
    return coder.code_many(titles)


def _code_in_workers(coder: TitleCoder, titles: list[str], workers: int) -> None:
    global _CODER
    parts = [titles[i : i + PART_TITLES] for i in range(0, len(titles), PART_TITLES)]
    _CODER = coder
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_one_thread) as pool:
            for matches in pool.imap_unordered(_code_part, parts):
                coder.adopt(matches)
    finally:
        _CODER = None


def _one_thread() -> None:
    """Each worker is one process on one core: no extra BLAS threads competing with the others."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _code_part(titles: list[str]) -> list[TitleMatch]:
    assert _CODER is not None, "worker started without a title coder"
    return _CODER.code_many(titles)
