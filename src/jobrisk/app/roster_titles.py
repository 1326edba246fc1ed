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
keys are found on forked worker processes (the loaded title coder is shared with them, not
loaded again) and the titles are coded with :func:`jobrisk.app.batch.parallel.code_titles`. A
title's answer does not depend on the process or batch that coded it, so the mapping is the
same with any number of workers.

May import: app (batch), catalog, models (title coder, through the object handed in), reports, errors.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jobrisk.app.batch.parallel import code_titles
from jobrisk.catalog import Catalog
from jobrisk.errors import InputError
from jobrisk.reports.roster.model import Candidate, RoleMapping
from jobrisk.scoring.roster_types import RosterRow

#: fewer distinct titles than this per process are keyed in this process
MIN_TITLES_PER_WORKER = 1_000
PART_TITLES = 1_024
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
) -> list[RoleMapping]:
    """One :class:`RoleMapping` per distinct job title (see the module docstring): each key's
    title coded alone, the unsure ones again with their main department; an organisation's saved
    corrections win and are not coded at all. ``progress(step, share)`` hears each pass start
    (shares 0.15 and 0.35 of the whole audit)."""
    say = progress or (lambda step, share: None)
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
    say(f"matching {len(todo):,} distinct job title{'' if len(todo) == 1 else 's'} to occupations", 0.15)
    matches = dict(zip(todo, code_titles(coder, todo, workers)))
    unsure = [t for t in todo if needs_department(matches[t]) and by_key.get(keys[t])]
    if unsure:
        say(
            f"matching {len(unsure):,} unsure job title{'' if len(unsure) == 1 else 's'} again with their departments",
            0.35,
        )
        context = [_main_department(by_key[keys[t]]) for t in unsure]
        code_titles(coder, [f"{d} {t}" for t, d in zip(unsure, context)], workers)
        matches.update(zip(unsure, coder.code_many(unsure, departments=context)))
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


def needs_department(match: Any) -> bool:
    """Is a title's answer alone unsure enough to read it again with its department?"""
    return match.status != "matched" or float(match.confidence) < SURE_CONFIDENCE


def title_keys(coder: Any, titles: Sequence[str], workers: int = 1) -> dict[str, str]:
    """title -> :func:`title_key`, found on ``workers`` processes when there are enough titles."""
    workers = min(workers, len(titles) // MIN_TITLES_PER_WORKER)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return {t: title_key(coder, t) for t in titles}
    global _CODER
    parts = [list(titles[i : i + PART_TITLES]) for i in range(0, len(titles), PART_TITLES)]
    keys: dict[str, str] = {}
    _CODER = coder
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_one_thread) as pool:
            for found in pool.imap_unordered(_keys, parts):
                keys.update(found)
    finally:
        _CODER = None
    return {t: keys[t] for t in titles}


def _one_thread() -> None:
    """Each worker is one process on one core: no extra BLAS threads competing with the others."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _keys(titles: list[str]) -> dict[str, str]:
    assert _CODER is not None, "worker started without a title coder"
    return {t: title_key(_CODER, t) for t in titles}


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
