"""Coding job titles for batch scoring: one small answer kept per title, new titles coded on
worker processes forked from this one.

The title coder is loaded once, in this process; the workers are forked from it, so they share
its index copy-on-write instead of loading or copying it. Before the fork the coder codes a few
titles (:data:`WARM_UP_TITLES`) so the tables it builds on first use are built once and shared,
and the garbage collector's bookkeeping is frozen, so the workers' collector leaves those pages
alone. A :class:`TitleWorkers` pool lives
for a whole ``jobrisk batch`` run: the parent hands it the new titles of the next chunk
(:meth:`TitleWorkers.submit`) and, while the workers code them, joins and writes the chunk
before; small parts of :data:`PART_TITLES` titles keep both workers busy to the end. A worker
sends back only what the batch output needs of each answer (:data:`Answer`), not the coder's
full match, and the parent keeps those in ``scorer.title_memo`` (bounded).

Many titles are read alike ("Sr. Cashier - Night Shift" and "cashier": the same cleaned words,
route and context; :meth:`TitleCoder.reading`) and get the same answer, so a worker codes only
the first title of each reading and answers the others from its memo of answers by reading
(about 42,000 readings for 134,000 distinct titles in the batch benchmark). The workers send
the new readings' answers back with the titles', the parent keeps them
(:attr:`TitleWorkers.readings`), and fresh forks start with all of them.

A title's answer never depends on which process or batch coded it (see
:mod:`jobrisk.models.title_coder.features`), so the output is the same with any number of
workers. Used only where ``fork`` exists (Linux, macOS); elsewhere, and for small jobs, titles
are coded in this process. Dask and Spark workers code in their own process (one worker each).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from jobrisk.app.batch.steps import StepTimes

if TYPE_CHECKING:
    from jobrisk.models.title_coder import TitleCoder, TitleMatch

#: fewer new titles than this per worker are coded in this process (forking costs more)
MIN_TITLES_PER_WORKER = 1_000
#: titles per task sent to a worker: small enough that no worker idles long at the end
PART_TITLES = 256
#: titles per task when workers send back the coder's full matches (:func:`code_titles`)
MATCH_PART_TITLES = 1_024
#: the worker processes are replaced by fresh forks after coding this many titles between them:
#: a worker's memory creeps up as it touches the pages it shares with this process (copy on
#: write) and fills the coder's own bounded tables; a fresh fork starts shared again
RECYCLE_TITLES = 60_000
#: answers kept per scorer (about 400 bytes each); past it, only those still needed are kept
TITLE_MEMO_LIMIT = 400_000

#: titles coded before the workers are forked, one down each of the coder's paths (exact, fast,
#: re-ranked, misspelt, unknown), so the tables it builds on first use are built once and shared
WARM_UP_TITLES = (
    "Registered Nurse",
    "Sr. Software Engineer - Remote",
    "chief happiness officer",
    "Forklift Operatr",
    "Marketing Coordinator, Senior",
    "asdfgh",
    "ML engineer",
    "Night Shift Cashier PRN",
)

#: (onet_soc_code or "", confidence 0-1, status, candidate codes ";"-joined, reason or "")
Answer: TypeAlias = tuple[str, float, str, str, str]
#: the key of the coder's reading of a title (:meth:`TitleCoder.reading`)
Reading: TypeAlias = tuple[Any, ...]

#: a worker forgets the coder's full matches after this many titles (its memory stays flat; it
#: keeps the small answers by reading, :data:`READING_MEMO_LIMIT`)
WORKER_CACHE_TITLES = 4_096
#: answers kept by reading (a key of about 0.5 kB and an answer each); past it, forgotten
READING_MEMO_LIMIT = 200_000

_CODER: TitleCoder | None = None
#: answers by the coder's reading of a title (:meth:`TitleCoder.reading`), inherited by the workers
_READINGS: dict[Reading, Answer] = {}
R = TypeVar("R")
_CODED_IN_WORKER = 0


def default_workers() -> int:
    """The processes this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def answer_of(match: TitleMatch) -> Answer:
    """What batch output keeps of a coder's match."""
    return (
        match.onet_soc_code or "",
        float(match.confidence),
        match.status,
        ";".join(c.onet_soc_code for c in match.candidates),
        match.reason or "",
    )


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class TitleWorkers:
    """Worker processes coding titles for one coder into ``memo`` (use as a context manager)."""

    def __init__(self, coder: TitleCoder, memo: dict[str, Answer], workers: int, steps: StepTimes | None = None):
        self.coder = coder
        self.memo = memo
        self.workers = workers
        self.steps = steps if steps is not None else StepTimes()
        self._executor: ProcessPoolExecutor | None = None
        self._sent = 0  # titles sent to the current workers
        self._strings: dict[str, str] = {}  # one copy of each code, status, reason, candidate list
        self._in_flight: dict[str, Future[tuple[list[str], list[Answer], list[tuple[Reading, Answer]], float]]] = {}
        #: answers by reading (:meth:`TitleCoder.reading`) the workers found so far; fresh forks
        #: inherit them
        self.readings: dict[Reading, Answer] = {}
        #: the titles of the last :meth:`submit` (kept when the memo is trimmed: they are needed next)
        self.upcoming: Sequence[str] = ()

    def __enter__(self) -> TitleWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        global _CODER, _READINGS
        if self._executor is not None:
            for future in set(self._in_flight.values()):
                future.cancel()
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            _CODER = None
            _READINGS = {}
        self._in_flight.clear()

    def _start(self) -> ProcessPoolExecutor:
        global _CODER, _READINGS
        _CODER = self.coder
        _READINGS = self.readings
        with self.steps.timed("warm_up"):  # tables the coder builds on first use, built once here
            self.coder.code_many(WARM_UP_TITLES)
        started = time.perf_counter()
        executor = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_one_thread
        )
        gc.collect()
        gc.freeze()  # the workers' garbage collector leaves the shared pages alone
        try:
            executor.submit(_ready).result()  # forks every worker now (fork starts them all at once)
        finally:
            gc.unfreeze()
        self.steps.add("start_workers", time.perf_counter() - started, 0.0)
        return executor

    def submit(self, titles: Sequence[str]) -> int:
        """Send the titles a coming chunk needs (those not answered or on their way yet) to the
        workers, without waiting; returns how many were sent. Workers that have coded
        :data:`RECYCLE_TITLES` between them are replaced by fresh forks first, once the titles
        they were given are answered (the chunk before needs those answers next anyway)."""
        self.upcoming = titles
        if self._executor is not None and self._sent >= RECYCLE_TITLES:
            self.wait(list(self._in_flight))
            self._executor.shutdown(wait=True)
            self._executor = None
            self.steps.add("recycle_workers", 0.0, 0.0)
        return self._send(titles)

    def _send(self, titles: Sequence[str]) -> int:
        key = self.coder._form  # titles that differ only in letter case or outer spaces: coded alike
        firsts: dict[str, str] = {}
        for title in titles:
            firsts.setdefault(key(title), title)
        new = [t for k, t in firsts.items() if k not in self.memo and k not in self._in_flight]
        if not new or (self._executor is None and len(new) < MIN_TITLES_PER_WORKER * 2):
            return 0  # too few to be worth starting the workers: coded in this process
        if self._executor is None:
            self._executor = self._start()
            self._sent = 0
        self._sent += len(new)
        for start in range(0, len(new), PART_TITLES):
            part = new[start : start + PART_TITLES]
            future = self._executor.submit(_code_part, part)
            for title in part:
                self._in_flight[key(title)] = future
        return len(new)

    def code(self, titles: Sequence[str]) -> None:
        """Have ``titles`` answered in ``memo`` by the workers (those they are given)."""
        self._send(titles)
        self.wait(titles)

    def wait(self, titles: Sequence[str]) -> None:
        """Block until every one of ``titles`` sent to the workers is answered in ``memo``."""
        key = self.coder._form
        futures = {id(f): f for f in (self._in_flight.get(key(t)) for t in titles) if f is not None}
        for future in futures.values():
            part, answers, readings, cpu_s = future.result()
            forms = [key(t) for t in part]
            if len(self._strings) > TITLE_MEMO_LIMIT:
                self._strings.clear()
            self.memo.update(zip(forms, map(self._shared, answers)))
            if len(self.readings) + len(readings) > READING_MEMO_LIMIT:
                self.readings.clear()
            self.readings.update((k, self._shared(a)) for k, a in readings)  # the same strings as the memo's
            for form in forms:
                self._in_flight.pop(form, None)
            self.steps.add("code_workers", 0.0, cpu_s)

    def _shared(self, answer: Answer) -> Answer:
        """``answer`` with one copy of each code, status, candidate list and reason string."""
        one = self._strings.setdefault
        code, confidence, status, candidates, reason = answer
        return one(code, code), confidence, one(status, status), one(candidates, candidates), one(reason, reason)


def answer_titles(
    coder: TitleCoder,
    titles: Sequence[str],
    memo: dict[str, Answer],
    *,
    workers: int = 1,
    pool: TitleWorkers | None = None,
    steps: StepTimes | None = None,
) -> list[Answer]:
    """The answer for each of ``titles`` (distinct), from ``memo`` or coded now: on ``pool``
    when given, on ``workers`` forked processes when there are enough new titles, else here.
    Titles that differ only in letter case or outer spaces are coded once (the coder codes
    them alike); ``memo`` is keyed by that form of the title."""
    steps = steps if steps is not None else StepTimes()
    with steps.timed("code"):
        keys = [coder._form(t) for t in titles]  # the memo's key (see :class:`TitleWorkers`)
        firsts: dict[str, str] = {}
        for k, title in zip(keys, titles):
            if k not in memo:
                firsts.setdefault(k, title)
        missing = list(firsts.values())
        processes = min(workers, len(missing) // MIN_TITLES_PER_WORKER)
        if missing and pool is None and processes > 1 and can_fork():
            with TitleWorkers(coder, memo, processes, steps) as own:
                own.code(missing)
        elif missing and pool is not None:
            pool.code(missing)
        still = [t for k, t in firsts.items() if k not in memo]
        if still:
            memo.update(zip((coder._form(t) for t in still), (answer_of(m) for m in coder.code_many(still))))
        answers = [memo[k] for k in keys]
        if len(memo) > TITLE_MEMO_LIMIT:
            keep = set(keys) | {coder._form(t) for t in (pool.upcoming if pool is not None else ())}
            for k in [k for k in memo if k not in keep]:
                del memo[k]
    return answers


def code_titles(coder: TitleCoder, titles: Sequence[str], workers: int = 1) -> list[TitleMatch]:
    """``coder.code_many(titles)``, with the new titles coded on ``workers`` processes and their
    full matches kept in the coder's own cache (for callers that need the matches themselves,
    such as the roster audit)."""
    new = [t for t in dict.fromkeys(titles) if not coder.is_cached(t)]
    workers = min(workers, len(new) // MIN_TITLES_PER_WORKER)
    if workers > 1 and can_fork():
        parts = [new[i : i + MATCH_PART_TITLES] for i in range(0, len(new), MATCH_PART_TITLES)]
        for matches in forked_parts(coder, _match_part, parts, workers):
            coder.adopt(matches)
    return coder.code_many(titles)


def forked_parts(
    coder: TitleCoder, work: Callable[[TitleCoder, list[str]], R], parts: list[list[str]], workers: int
) -> Iterator[R]:
    """``work(coder, part)`` of every part, on ``workers`` forked processes that share ``coder``
    (inherited, not pickled; one BLAS thread each), in the order they finish. ``work`` is a
    module-level function (it is sent to the workers by name)."""
    global _CODER
    _CODER = coder
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_one_thread) as pool:
            yield from pool.imap_unordered(partial(_with_coder, work), parts)
    finally:
        _CODER = None


def _with_coder(work: Callable[[TitleCoder, list[str]], R], titles: list[str]) -> R:
    assert _CODER is not None, "worker started without a title coder"
    return work(_CODER, titles)


def _match_part(coder: TitleCoder, titles: list[str]) -> list[TitleMatch]:
    return coder.code_many(titles)


def _ready() -> int:
    return os.getpid()


def _one_thread() -> None:
    """Each worker is one process on one core: no extra BLAS threads competing with the others."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _code_part(titles: list[str]) -> tuple[list[str], list[Answer], list[tuple[Reading, Answer]], float]:
    """The answers of ``titles``, the new readings' answers among them, and the CPU seconds taken:
    only the first title of each reading not answered before is coded (see the module docstring)."""
    global _CODED_IN_WORKER, _READINGS
    coder = _CODER
    assert coder is not None, "worker started without a title coder"
    cpu = time.process_time()
    if _CODED_IN_WORKER >= WORKER_CACHE_TITLES:  # the parent keeps the answers; the worker need not
        coder.clear_cache()
        _CODED_IN_WORKER = 0
    if len(_READINGS) > READING_MEMO_LIMIT:
        _READINGS = {}
    keys = []
    todo: dict[Reading, tuple[str, object]] = {}
    for title in titles:
        key, plan = coder.reading(title)
        keys.append(key)
        if key not in _READINGS:
            todo.setdefault(key, (title, plan))
    new = list(zip(todo, (answer_of(m) for m in coder.code_readings(list(todo.values())))))
    _READINGS.update(new)
    _CODED_IN_WORKER += len(todo)
    return titles, [_READINGS[k] for k in keys], new, time.process_time() - cpu
