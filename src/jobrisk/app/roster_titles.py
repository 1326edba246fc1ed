"""A roster's job titles -> one :class:`jobrisk.reports.roster.model.RoleMapping` per distinct title.

Each distinct title gets its key (:func:`title_key`, the cleaned title an organisation's
corrections are saved under); titles that share a key are coded once, as the title most of their
people hold; saved corrections win and are not coded at all.

Coding is in two passes. First each key's title is coded on its own. Then the titles that are
unsure alone (not matched, or matched below ``SURE_CONFIDENCE``) are read again with the
department most of their people are in ("Coordinator" in "Finance"), through the coder's own
rule (``code_many(titles, departments=...)``), which keeps the reading with the department only
when it is surer. A title matched alone at ``SURE_CONFIDENCE`` or above keeps its answer: its
department could replace it only by being 0.05 surer still, which no title of the benchmark's
rosters is (``benchmarks/bench_roster_departments.py`` counts the mappings that would change).

With ``workers`` > 1 and enough titles (at least ``MIN_TITLES_PER_WORKER`` per process), the
keys are found and the titles coded on one pool of forked worker processes (the loaded title
coder is shared with them, not loaded again), in parts of ``CODE_PART_TITLES`` that come back as
they are done: a title unsure alone is sent again with its department as soon as its first
answer is in, so the second pass does not wait for the first one's last part, and this process
hands the answers to the caller's ``meanwhile`` (the audit gathers those occupations' tasks
meanwhile). A title's answer does not depend on the process or part that coded it, so the
mapping is the same with any number of workers.

May import: catalog, models (title coder, through the object handed in), reports, errors.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from jobrisk.catalog import Catalog
from jobrisk.errors import InputError
from jobrisk.reports.roster.model import Candidate, RoleMapping
from jobrisk.scoring.roster_types import RosterRow

#: fewer distinct titles than this per process are keyed in this process
MIN_TITLES_PER_WORKER = 1_000
#: titles per part a worker finds the keys of
KEY_PART_TITLES = 1_024
#: titles per part a worker codes: small, so that answers come back while the rest is coded
CODE_PART_TITLES = 128
#: a title matched alone at this confidence or above is not read again with its department
SURE_CONFIDENCE = 0.9

_CODER: Any = None


def title_key(coder: Any, title: str) -> str:
    """The key a title's mapping (and an organisation's correction) is kept under."""
    cleaned = coder.clean(title)
    return (cleaned.cleaned or " ".join(title.casefold().split()))[:300]


def map_titles(
    rows: Sequence[RosterRow],
    coder: Any,
    catalog: Catalog,
    corrections: Mapping[str, str] | None = None,
    *,
    workers: int = 1,
    progress: Callable[[str, float], None] | None = None,
    meanwhile: Callable[[Sequence[str]], None] | None = None,
) -> list[RoleMapping]:
    """One :class:`RoleMapping` per distinct job title (see the module docstring): each key's
    title coded alone, the unsure ones again with their main department; an organisation's saved
    corrections win and are not coded at all. ``progress(step, share)`` hears each pass start
    (shares 0.15 and 0.35 of the whole audit), and again as each part's answers come back (the
    share moves on to 0.35 and 0.5). ``meanwhile(codes)`` is called in this process
    while the workers code: once with no codes as soon as the first pass is sent, then with the
    occupation codes of each part's answers as they arrive, so the caller can prepare what those
    occupations need (it may be called with a code no title keeps in the end)."""
    say = progress or (lambda step, share: None)
    hear = meanwhile or (lambda codes: None)
    corrections = corrections or {}
    counts: dict[str, list[float]] = {}
    departments: dict[str, dict[str, float]] = {}
    for r in rows:
        c = counts.get(r.job_title)
        if c is None:
            c = counts[r.job_title] = [0.0, 0]
        c[0] += r.headcount
        c[1] += 1
        if r.department:
            held = departments.setdefault(r.job_title, {})
            held[r.department] = held.get(r.department, 0.0) + r.headcount
    with _Workers(coder, min(workers, len(counts) // MIN_TITLES_PER_WORKER)) as pool:
        keys = pool.keys(list(counts))
        representative: dict[str, str] = {}
        for t, k in keys.items():
            if k not in representative or counts[t][0] > counts[representative[k]][0]:
                representative[k] = t
        by_key: dict[str, dict[str, float]] = {}
        for t, found in departments.items():
            merged = by_key.setdefault(keys[t], {})
            for d, n in found.items():
                merged[d] = merged.get(d, 0.0) + n
        todo = [t for k, t in representative.items() if k not in corrections]
        context = {t: _main_department(by_key.get(keys[t])) for t in todo}
        tell = _Told(say)
        first_step = f"matching {len(todo):,} distinct job title{'' if len(todo) == 1 else 's'} to occupations"
        tell(first_step, 0.15)
        unsure: list[str] = []
        done = [0, 0]  # titles answered in the first pass, in the second

        def second_step() -> None:
            n = len(unsure)
            step = f"matching {n:,} unsure job title{'' if n == 1 else 's'} again with their departments"
            tell(step, 0.35 + 0.15 * done[1] / n)

        def answered(titles: Sequence[str], found: Sequence[Any]) -> Sequence[str]:
            """Pass 1's answers for ``titles``: the unsure ones with a department go to pass 2."""
            again = [t for t, m in zip(titles, found) if needs_department(m) and context[t]]
            unsure.extend(again)
            hear(_codes(found))
            done[0] += len(titles)
            tell(first_step, 0.15 + 0.2 * done[0] / len(todo))
            return [f"{context[t]} {t}" for t in again]

        def answered_again(found: Sequence[Any]) -> None:
            hear(_codes(found))
            done[1] += len(found)
            if done[0] >= len(todo):  # the second pass's share moves once the first pass is done
                second_step()

        pool.code(todo, answered, answered_again, meanwhile=lambda: hear(()))
        if unsure:
            second_step()
        pool.finish()
    matches = dict(zip(todo, coder.code_many(todo)))  # answered above: from the coder's cache
    if unsure:
        matches.update(zip(unsure, coder.code_many(unsure, departments=[context[t] for t in unsure])))
    titles = {o.onet_soc_code: o.title for o in catalog.occupations()}
    out = []
    for t, (headcount, n_rows) in counts.items():
        key = keys[t]
        if key in corrections:
            code = corrections[key]
            out.append(
                RoleMapping(
                    t,
                    key,
                    "corrected",
                    code,
                    titles.get(code),
                    1.0,
                    headcount,
                    int(n_rows),
                    (),
                    "corrected by your organisation",
                )
            )
            continue
        m = matches[representative[key]]
        candidates = tuple(
            Candidate(c.onet_soc_code, c.occupation_title, float(c.similarity)) for c in m.candidates[:5]
        )
        out.append(
            RoleMapping(
                t,
                key,
                m.status,
                m.onet_soc_code,
                m.title,
                float(m.confidence),
                headcount,
                int(n_rows),
                candidates,
                m.reason or (m.candidates[0].reason if m.candidates else ""),
            )
        )
    return out


class _Told:
    """Passes progress on when the step changes or its share has moved by a hundredth (each
    part of titles answered moves it; the web app stores every report it hears)."""

    def __init__(self, say: Callable[[str, float], None]):
        self.say, self.step, self.share = say, "", -1.0

    def __call__(self, step: str, share: float) -> None:
        if step != self.step or share >= self.share + 0.01:
            self.step, self.share = step, share
            self.say(step, share)


def _codes(found: Sequence[Any]) -> list[str]:
    """The occupation codes of answers that name one."""
    return [m.onet_soc_code for m in found if m.onet_soc_code and m.status != "unknown"]


def needs_department(match: Any) -> bool:
    """Is a title's answer alone unsure enough to read it again with its department?"""
    return match.status != "matched" or float(match.confidence) < SURE_CONFIDENCE


def title_keys(coder: Any, titles: Sequence[str], workers: int = 1) -> dict[str, str]:
    """title -> :func:`title_key`, found on ``workers`` processes when there are enough titles."""
    with _Workers(coder, min(workers, len(titles) // MIN_TITLES_PER_WORKER)) as pool:
        return pool.keys(titles)


class _Workers:
    """Forked processes that work out title keys and code titles, handing each part's answers
    back as it is done (a context manager; with ``processes`` <= 1, or without ``fork``,
    everything happens in this process).

    The loaded title coder is shared with the workers (forked, not loaded again). While the
    workers work, this process handles the answers that have come back: the coder keeps them
    (:meth:`adopt`) as if coded here, and the callers' ``answered`` hooks decide what comes
    next (pass 2's titles are sent as soon as their pass-1 answers are in, so neither pass waits
    for the other's last part) and may do their own work meanwhile.
    """

    def __init__(self, coder: Any, processes: int):
        self.coder = coder
        self.processes = processes if processes > 1 and "fork" in multiprocessing.get_all_start_methods() else 1
        self._executor: ProcessPoolExecutor | None = None
        self._pending: dict[Future[Any], Callable[[Any], None]] = {}

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        global _CODER
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            _CODER = None
        self._pending.clear()

    def _send(self, fn: Callable[[list[str]], Any], part: list[str], then: Callable[[Any], None]) -> Future[Any]:
        global _CODER
        if self._executor is None:
            _CODER = self.coder
            self._executor = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("fork"), initializer=_one_thread
            )
        future = self._executor.submit(fn, part)
        self._pending[future] = then
        return future

    def _handle_next(self) -> None:
        """Wait for a part and hand its result to what was to be done with it."""
        done, _ = wait(list(self._pending), return_when=FIRST_COMPLETED)
        for future in done:
            self._pending.pop(future)(future.result())

    def keys(self, titles: Sequence[str]) -> dict[str, str]:
        """title -> :func:`title_key`."""
        if self.processes <= 1:
            return {t: title_key(self.coder, t) for t in titles}
        found: dict[str, str] = {}
        for i in range(0, len(titles), KEY_PART_TITLES):
            self._send(_keys, list(titles[i : i + KEY_PART_TITLES]), found.update)
        while self._pending:
            self._handle_next()
        return {t: found[t] for t in titles}

    def code(
        self,
        titles: Sequence[str],
        answered: Callable[[Sequence[str], Sequence[Any]], Sequence[str]],
        again: Callable[[Sequence[Any]], None],
        meanwhile: Callable[[], None] = lambda: None,
    ) -> None:
        """Code ``titles``, a part at a time. ``answered(part, matches)`` hears each part's
        answers and returns titles to code next (each then heard by ``again(matches)``); all of
        them answered when :meth:`finish` returns. The coder keeps every answer.
        ``meanwhile()`` runs here once every first part is sent, while the workers code them."""
        coder = self.coder
        if self.processes <= 1:
            meanwhile()
            more = answered(titles, coder.code_many(titles))
            if more:
                again(coder.code_many(more))
            return
        cached = [t for t in titles if coder.is_cached(t)]  # coded by an earlier audit of this process
        new = [t for t in dict.fromkeys(titles) if not coder.is_cached(t)]
        queued: list[str] = []
        first: set[Future[Any]] = set()  # pass 1's parts

        def take(part: list[str]) -> Callable[[Any], None]:
            def hear(matches: list[Any]) -> None:
                coder.adopt(matches)
                queued.extend(answered(part, matches))
                self._flush(queued, again, last=not first.intersection(self._pending))

            return hear

        for i in range(0, len(new), CODE_PART_TITLES):
            part = new[i : i + CODE_PART_TITLES]
            first.add(self._send(_match_part, part, take(part)))
        meanwhile()
        if cached:
            queued.extend(answered(cached, coder.code_many(cached)))
        while first.intersection(self._pending):
            self._handle_next()
        self._flush(queued, again, last=True)

    def _flush(self, queued: list[str], again: Callable[[Sequence[Any]], None], *, last: bool) -> None:
        """Send whole parts of ``queued`` titles (and the rest on the ``last`` call)."""
        while len(queued) >= CODE_PART_TITLES or (last and queued):
            part = [t for t in dict.fromkeys(queued[:CODE_PART_TITLES]) if not self.coder.is_cached(t)]
            del queued[:CODE_PART_TITLES]
            if part:
                self._send(_match_part, part, lambda matches: self._adopt(matches, again))

    def _adopt(self, matches: list[Any], then: Callable[[Sequence[Any]], None]) -> None:
        self.coder.adopt(matches)
        then(matches)

    def finish(self) -> None:
        """Wait until every title sent is answered (and heard)."""
        while self._pending:
            self._handle_next()


def _one_thread() -> None:
    """Each worker is one process on one core: no extra BLAS threads competing with the others."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _keys(titles: list[str]) -> dict[str, str]:
    assert _CODER is not None, "worker started without a title coder"
    return {t: title_key(_CODER, t) for t in titles}


def _match_part(titles: list[str]) -> list[Any]:
    assert _CODER is not None, "worker started without a title coder"
    matches: list[Any] = _CODER.code_many(titles)
    return matches


def _main_department(headcounts: Mapping[str, float] | None) -> str:
    """The department with the most people ('' when the roster gives none)."""
    if not headcounts:
        return ""
    return max(sorted(headcounts), key=lambda d: headcounts[d])


def check_corrections(corrections: Mapping[str, str], catalog: Catalog) -> dict[str, str]:
    """Corrections with known codes; InputError naming any unknown code."""
    bad = sorted({c for c in corrections.values() if not catalog.has_occupation(c)})
    if bad:
        raise InputError(
            f"Unknown O*NET-SOC code(s) in the mapping corrections: {', '.join(bad)} (codes look like '43-4051.00')."
        )
    return {str(k)[:300]: str(v) for k, v in corrections.items()}
