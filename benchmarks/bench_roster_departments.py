"""Benchmark: does reading a job title with its department change the roster audit's mapping?

The roster audit codes each distinct (cleaned) title on its own and reads it again with the
department most of its people are in only when it is unsure alone (not matched, or matched below
``SURE_CONFIDENCE``: :mod:`jobrisk.app.roster_titles`). This script codes every title both ways,
on two rosters, and counts the mappings the department changes:

* the speed benchmark's roster (``bench_roster_audit.generate_roster``: messy titles, departments
  drawn at random, so a department says nothing about the job);
* a realistic roster: each title belongs to a department whose work it is (accountants in
  Finance, nurses in Clinical...; 85 % of its people there, the rest anywhere), and 15 % of the
  titles are the generic ones departments make sense of ("Coordinator", "Analyst", "Specialist").

For each: rows, distinct titles, distinct (title, department) pairs, keys coded, the statuses
alone, titles read again under the rule, and the mappings that differ from reading every title
with its department, by how sure the title was alone. Seeded, so every run codes the same titles.

    JOBRISK_DATA_DIR=... .venv/bin/python benchmarks/bench_roster_departments.py [--rows 100000] [--titles 10000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_roster_audit import generate_roster, messy_title  # noqa: E402

#: department -> the SOC code prefixes of the work done in it
DEPARTMENT_WORK = {
    "Finance": ("13-2", "43-3", "11-3031"),
    "IT": ("15-", "11-3021"),
    "Sales": ("41-", "11-2022"),
    "Customer Service": ("43-4",),
    "Warehouse": ("53-7",),
    "HR": ("13-107", "11-312", "43-416"),
    "Marketing": ("13-116", "11-2021", "27-3"),
    "Facilities": ("37-", "49-9071", "47-"),
    "Legal": ("23-",),
    "Engineering": ("17-",),
    "Clinical": ("29-", "31-"),
    "Logistics": ("53-3", "43-5"),
}
SWEEP = (0.35, 0.5, 0.6, 0.7, 0.8)
GENERIC = [
    "Coordinator",
    "Analyst",
    "Specialist",
    "Associate",
    "Manager",
    "Supervisor",
    "Assistant",
    "Clerk",
    "Technician",
    "Representative",
    "Administrator",
    "Team Lead",
]


def realistic_roster(catalog, rows: int, distinct: int, seed: int = 11) -> bytes:
    """CSV bytes of a roster whose departments go with the titles' work."""
    rng = random.Random(seed)
    by_department: dict[str, list[str]] = {d: [] for d in DEPARTMENT_WORK}
    for t in catalog.titles():
        if t.kind in ("reported", "alternate", "occupation") and len(t.title) < 60:
            for d, prefixes in DEPARTMENT_WORK.items():
                if t.onet_soc_code.startswith(prefixes):
                    by_department[d].append(t.title)
    departments = sorted(d for d, found in by_department.items() if found)
    for d in departments:
        by_department[d] = sorted(set(by_department[d]))
    titles: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(titles) < distinct:
        d = rng.choice(departments)
        base = rng.choice(GENERIC) if rng.random() < 0.15 else rng.choice(by_department[d])
        v = messy_title(rng, base)
        if v not in seen:
            seen.add(v)
            titles.append((v, d))
    weights = [1.0 / (i + 1) ** 0.6 for i in range(len(titles))]
    chosen = rng.choices(titles, weights=weights, k=rows)
    chosen[: len(titles)] = titles
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Job Title", "Department", "Headcount"])
    for title, home in chosen:
        w.writerow([title, home if rng.random() < 0.85 else rng.choice(departments), 1])
    return out.getvalue().encode("utf-8")


def measure(name: str, data: bytes, coder, workers: int) -> None:
    from jobrisk.app.batch.parallel import code_titles
    from jobrisk.app.roster_input import read_roster
    from jobrisk.app.roster_titles import SURE_CONFIDENCE, _main_department, needs_department, title_keys

    rows = read_roster(data, filename=f"{name}.csv").rows
    coder.clear_cache()
    heads: Counter[str] = Counter()
    held: dict[str, Counter[str]] = {}
    for r in rows:
        heads[r.job_title] += r.headcount
        if r.department:
            held.setdefault(r.job_title, Counter())[r.department] += r.headcount
    pairs = len({(r.job_title, r.department) for r in rows})
    keys = title_keys(coder, list(heads), workers)
    representative: dict[str, str] = {}
    for t, k in keys.items():
        if k not in representative or heads[t] > heads[representative[k]]:
            representative[k] = t
    by_key: dict[str, Counter[str]] = {}
    for t, found in held.items():
        by_key.setdefault(keys[t], Counter()).update(found)
    todo = list(representative.values())
    context = [_main_department(by_key.get(keys[t])) for t in todo]
    t0 = time.perf_counter()
    alone = code_titles(coder, todo, workers)
    t_alone = time.perf_counter() - t0
    t0 = time.perf_counter()
    code_titles(coder, [f"{d} {t}" for t, d in zip(todo, context) if d], workers)
    every = coder.code_many(todo, departments=context)
    t_every = time.perf_counter() - t0
    rule = [w if needs_department(a) and d else a for a, w, d in zip(alone, every, context)]
    reread = sum(1 for a, d in zip(alone, context) if needs_department(a) and d)

    def band(m) -> str:
        if m.status != "matched":
            return m.status
        return (
            f"matched >= {SURE_CONFIDENCE:g}" if m.confidence >= SURE_CONFIDENCE else f"matched < {SURE_CONFIDENCE:g}"
        )

    def answer(m) -> tuple:
        return (m.status, m.onet_soc_code)

    changed = Counter(band(a) for a, w in zip(alone, every) if answer(a) != answer(w))
    differ = sum(1 for r, w in zip(rule, every) if (answer(r), r.confidence) != (answer(w), w.confidence))
    print(f"\n{name}: {len(rows):,} rows, {len(heads):,} distinct titles, {pairs:,} distinct (title, department) pairs")
    print(f"  keys coded (one title each): {len(todo):,}; alone: {dict(Counter(band(a) for a in alone))}")
    print(f"  coding alone: {t_alone:.2f} s; every title again with its department: {t_every:.2f} s")
    print(f"  mappings the department changes (occupation or status), by how sure the title was alone: {dict(changed)}")
    print(
        f"  rule (re-read when not matched or below {SURE_CONFIDENCE:g}): {reread:,} titles read again; "
        f"mappings different from reading every title with its department: {differ}"
    )
    for bar in SWEEP:  # other bars for "sure": titles read again, and mappings that would differ
        kept = [
            w if (a.status != "matched" or a.confidence < bar) and d else a for a, w, d in zip(alone, every, context)
        ]
        print(
            f"    bar {bar:g}: {sum(1 for a, d in zip(alone, context) if (a.status != 'matched' or a.confidence < bar) and d):,} "
            f"read again, {sum(1 for k, w in zip(kept, every) if answer(k) != answer(w))} mappings different (occupation or status)"
        )
    shown = [(t, d, a, w) for t, d, a, w in zip(todo, context, alone, every) if answer(a) != answer(w)]
    for t, d, a, w in shown[:6]:
        print(
            f"    {t!r} in {d!r}: {a.status} {a.onet_soc_code} ({a.confidence:.2f}) -> "
            f"{w.status} {w.onet_soc_code} {w.title} ({w.confidence:.2f})"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--titles", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    from jobrisk.app.batch.parallel import default_workers
    from jobrisk.app.services import Services
    from jobrisk.settings import Settings

    services = Services(Settings.load())
    workers = args.workers or default_workers()
    coder, catalog = services.title_coder, services.catalog
    measure("benchmark roster", generate_roster(catalog, args.rows, args.titles), coder, workers)
    measure("realistic roster", realistic_roster(catalog, args.rows, args.titles), coder, workers)
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
