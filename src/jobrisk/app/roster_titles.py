"""A roster's job titles -> one :class:`jobrisk.reports.roster.model.RoleMapping` per distinct title.

Each distinct title gets its key (:func:`title_key`, the cleaned title an organisation's
corrections are saved under); titles that share a key are coded once, read with the department
most of their people are in ("Coordinator" in "Finance"); saved corrections win and are not
coded at all.

With ``workers`` > 1 and enough new titles (at least ``MIN_TITLES_PER_WORKER`` per process),
the keys and the titles' own codes are found on forked worker processes (the loaded title coder
is shared with them, not loaded again) and the titles read with their departments are coded with
:func:`jobrisk.app.batch.parallel.code_titles`. A title's answer does not depend on the process
or batch that coded it, so the mapping is the same with any number of workers.

May import: app (batch), catalog, models (title coder, through the object handed in), reports, errors.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from typing import Any

from jobrisk.app.batch.parallel import code_titles
from jobrisk.catalog import Catalog
from jobrisk.errors import InputError
from jobrisk.reports.roster.model import Candidate, RoleMapping
from jobrisk.scoring.roster_types import RosterRow

#: fewer distinct titles than this per process are keyed and coded in this process
MIN_TITLES_PER_WORKER = 1_000
PART_TITLES = 1_024

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
) -> list[RoleMapping]:
    """One :class:`RoleMapping` per distinct job title. Titles are coded in bulk with
    ``coder.code_many(titles, departments=...)``, each cleaned title once, read with the
    department most of its people are in ("Coordinator" in "Finance"); an organisation's saved
    corrections win and are not coded at all."""
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
    keys = title_keys(coder, list(counts), workers)
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
    context = [_main_department(by_key.get(keys[t])) for t in todo]
    if workers > 1:  # the titles read with their departments, coded on the workers first
        code_titles(coder, [f"{d} {t}" for t, d in zip(todo, context) if d], workers)
    matches = dict(zip(todo, coder.code_many(todo, departments=context)))
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


def title_keys(coder: Any, titles: Sequence[str], workers: int = 1) -> dict[str, str]:
    """title -> :func:`title_key`. On ``workers`` processes (when there are enough titles) the
    workers also code each title on its own, and this process's coder keeps their answers."""
    workers = min(workers, len(titles) // MIN_TITLES_PER_WORKER)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return {t: title_key(coder, t) for t in titles}
    global _CODER
    parts = [list(titles[i : i + PART_TITLES]) for i in range(0, len(titles), PART_TITLES)]
    keys: dict[str, str] = {}
    _CODER = coder
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_one_thread) as pool:
            for found, matches in pool.imap_unordered(_keys_and_codes, parts):
                keys.update(found)
                coder.adopt(matches)
    finally:
        _CODER = None
    return {t: keys[t] for t in titles}


def _one_thread() -> None:
    """Each worker is one process on one core: no extra BLAS threads competing with the others."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _keys_and_codes(titles: list[str]) -> tuple[dict[str, str], list[Any]]:
    assert _CODER is not None, "worker started without a title coder"
    new = [t for t in titles if not _CODER.is_cached(t)]
    return {t: title_key(_CODER, t) for t in titles}, _CODER.code_many(new)


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
