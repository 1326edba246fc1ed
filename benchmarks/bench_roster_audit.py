"""Benchmark: a generated, realistic 100,000-row roster with 10,000 distinct job titles, audited.

The roster is made from O*NET's reported and alternate titles (the titles people really write)
with the mess real HR exports have: seniority prefixes and level suffixes, store and site numbers,
"(contract)", upper/lower case, abbreviations, a few typos; departments, salaries or hourly wages
(some missing, some as text like "$55k"), weekly hours, locations, and name / email / employee-id
columns that must be dropped. Seeded, so every run audits the same file.

Timed separately: loading the parts (catalog, scorebook, title coder, and the occupation space
internal moves are found in: done once per web-server process, as it starts), reading + checking
the file, coding the distinct titles, and the analysis itself. With ``--cold`` the occupation
space is left to the audit, which builds it while the title workers code (as a one-off
``jobrisk audit roster`` does). Peak memory is the process's maximum resident set size (everything loaded).

    JOBRISK_DATA_DIR=... .venv/bin/python benchmarks/bench_roster_audit.py [--rows 100000] [--titles 10000] [--cold]
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time

PREFIXES = ["", "", "", "Sr. ", "Senior ", "Jr ", "Lead ", "Junior ", "Principal ", "Assistant ", "Staff "]
SUFFIXES = [
    "",
    "",
    "",
    " II",
    " III",
    " I",
    " - Store {n}",
    " (Contract)",
    ", Night Shift",
    " - {city}",
    " #{n}",
    " (Temp)",
    " Level 2",
]
CITIES = ["Chicago", "Austin", "Denver", "Boston", "Remote", "Atlanta", "Seattle", "Phoenix"]
DEPARTMENTS = [
    "Operations",
    "Sales",
    "Finance",
    "IT",
    "Customer Service",
    "Warehouse",
    "HR",
    "Marketing",
    "Store Operations",
    "Facilities",
    "Legal",
    "Engineering",
    "Clinical",
    "Logistics",
]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def messy_title(rng: random.Random, base: str) -> str:
    """``base`` as people type it in a roster: a seniority prefix, a level or place, sometimes a
    different case or a swapped pair of letters."""
    v = rng.choice(PREFIXES) + base + rng.choice(SUFFIXES).format(n=rng.randint(1, 400), city=rng.choice(CITIES))
    r = rng.random()
    if r < 0.1:
        return v.upper()
    if r < 0.2:
        return v.lower()
    return _typo(rng, v) if r < 0.25 else v


def generate_roster(catalog, rows: int, distinct: int, seed: int = 7) -> bytes:
    """CSV bytes of a messy roster with about ``distinct`` distinct job titles."""
    rng = random.Random(seed)
    base = sorted(
        {t.title for t in catalog.titles() if t.kind in ("reported", "alternate", "occupation") and len(t.title) < 60}
    )
    rng.shuffle(base)
    bases = base[: max(distinct // 4, 1)]
    titles: list[str] = []
    seen: set[str] = set()
    while len(titles) < distinct:
        v = messy_title(rng, rng.choice(bases))
        if v not in seen:
            seen.add(v)
            titles.append(v)
    weights = [1.0 / (i + 1) ** 0.6 for i in range(len(titles))]  # a few titles hold many people
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "Employee ID",
            "Full Name",
            "Email",
            "Job Title",
            "Department",
            "Headcount",
            "Annual Salary",
            "Hourly Rate",
            "Weekly Hours",
            "Location",
        ]
    )
    chosen = rng.choices(titles, weights=weights, k=rows)
    chosen[: len(titles)] = titles  # every distinct title appears at least once
    rng.shuffle(chosen)
    for i, title in enumerate(chosen):
        salary = hourly = ""
        r = rng.random()
        if r < 0.45:
            salary = str(rng.randint(28, 180) * 1000)
        elif r < 0.55:
            salary = f"${rng.randint(30, 150)}k"
        elif r < 0.75:
            hourly = f"{rng.uniform(14, 60):.2f}"
        hours = "" if rng.random() < 0.5 else str(rng.choice([20, 24, 30, 32, 37.5, 40, 40, 40, 45]))
        w.writerow(
            [
                f"E{i:06d}",
                f"Person {i}",
                f"person{i}@example.com",
                title,
                rng.choice(DEPARTMENTS),
                "1" if rng.random() < 0.9 else str(rng.randint(2, 5)),
                salary,
                hourly,
                hours,
                rng.choice(CITIES),
            ]
        )
    return out.getvalue().encode("utf-8")


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--titles", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=None, help="processes coding titles (default: one per CPU)")
    ap.add_argument(
        "--cold",
        action="store_true",
        help="leave the occupation space of internal moves to the audit (as a one-off `jobrisk audit roster` does)",
    )
    args = ap.parse_args()
    from jobrisk.app.gc_pause import cycle_collection_paused
    from jobrisk.app.roster_audit import audit_input, parts_from_services, recompute, run_roster_audit
    from jobrisk.appdb import AppRepository
    from jobrisk.app.roster_input import read_roster
    from jobrisk.app.services import Services
    from jobrisk.settings import Settings

    t0 = time.perf_counter()
    services = Services(Settings.load())
    parts = parts_from_services(services, with_task_model=False, workers=args.workers)
    if not args.cold:
        services.prepare_audits()  # the occupation space of internal moves: the web app builds it as it starts
    t_load = time.perf_counter() - t0
    data = generate_roster(parts.catalog, args.rows, args.titles)
    print(f"roster: {args.rows:,} rows, {args.titles:,} distinct titles, {len(data) / 1e6:.1f} MB")
    t1, c1 = time.perf_counter(), _cpu_s()
    parsed = read_roster(data, filename="bench.csv")
    t_read, c_read = time.perf_counter() - t1, _cpu_s() - c1
    steps: dict[str, float] = {}
    cpu_steps: dict[str, float] = {}
    last = [time.perf_counter(), "start", _cpu_s()]

    def progress(step: str, share: float) -> None:
        now, cpu = time.perf_counter(), _cpu_s()
        steps[last[1]] = steps.get(last[1], 0.0) + now - last[0]  # a step is heard again as it moves on
        cpu_steps[last[1]] = cpu_steps.get(last[1], 0.0) + cpu - last[2]
        last[0], last[1], last[2] = now, step, cpu

    folder = tempfile.mkdtemp()
    repo = AppRepository.open(f"sqlite:///{folder}/app.sqlite")  # saved as the web app saves it (SQLite)
    org = repo.create_organisation("Bench").organisation
    audit_id = repo.start_audit(org, "roster", "bench.csv")
    # as jobrisk.app.roster_jobs runs an upload: the cycle collector paused until the audit is saved
    with cycle_collection_paused():
        t2, c2 = time.perf_counter(), _cpu_s()
        report = run_roster_audit(parsed, parts, source_name="bench.csv", progress=progress)
        steps[last[1]] = time.perf_counter() - last[0]
        cpu_steps[last[1]] = _cpu_s() - last[2]
        t_audit, c_audit = time.perf_counter() - t2, _cpu_s() - c2
        t4, c4 = time.perf_counter(), _cpu_s()
        repo.finish_audit(org, audit_id, audit_input(parsed, report), report.as_dict())
        t_save, c_save = time.perf_counter() - t4, _cpu_s() - c4
        t6 = time.perf_counter()
    gc.collect(0)  # the collector's first pass afterwards (if it has not run as the pause ended)
    t_collect = time.perf_counter() - t6
    t5, c5 = time.perf_counter(), _cpu_s()
    with cycle_collection_paused():
        recompute(repo.audit(org, audit_id).input_data, parts)
    t_reload, c_reload = time.perf_counter() - t5, _cpu_s() - c5
    repo.close()
    shutil.rmtree(folder, ignore_errors=True)
    peak_mb = (
        max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        / 1024
    )
    s = report.summary
    what = "the occupation space left to the audit" if args.cold else "the occupation space of internal moves included"
    print(f"load parts (once per process; {what}): {t_load:.1f} s")
    print(
        f"read + check file: {t_read:.2f} s (CPU {c_read:.2f} s; {len(parsed.rows):,} rows kept, {len(parsed.rejected)} rejected, "
        f"dropped columns: {', '.join(d.column for d in parsed.dropped_columns)})"
    )
    for step, seconds in steps.items():
        if step != "start":
            print(f"  {step}: {seconds:.2f} s (CPU {cpu_steps[step]:.2f} s, workers included)")
    coding_steps = list(steps)[1 : list(steps).index("gathering occupation tasks")]  # the title passes
    coding = sum(steps[step] for step in coding_steps)
    print(
        f"audit: {t_audit:.2f} s; read + audit: {t_read + t_audit:.2f} s "
        f"(title coding {coding:.2f} s on {parts.workers} process(es); everything else {t_read + t_audit - coding:.2f} s)"
    )
    print(f"audit CPU time (this process and its workers): {c_audit:.2f} s")
    print(f"collector's first pass after the audit is saved (the user does not wait for it): {t_collect:.2f} s")
    print(
        f"save to the application database (SQLite): {t_save:.2f} s (CPU {c_save:.2f} s); "
        f"reload and recompute: {t_reload:.2f} s (CPU {c_reload:.2f} s)"
    )
    print(f"peak memory (max RSS of this process or a worker, parts included): {peak_mb:,.0f} MB")
    statuses: dict[str, int] = {}
    for m in report.mappings:
        statuses[m.status] = statuses.get(m.status, 0) + 1
    print(
        f"titles: {statuses}; employees {s.employees:,.0f} (unmapped {s.employees_unmapped:,.0f}); "
        f"opportunities {len(report.opportunities)}; hours freed {s.hours_freed_per_year:,.0f}/yr"
    )
    t3 = time.perf_counter()
    again = run_roster_audit(read_roster(data, filename="bench.csv"), parts, source_name="bench.csv")
    t_again = time.perf_counter() - t3
    print(
        f"same file again (titles and occupation tasks cached, as in a running web server): "
        f"read + audit {t_again:.2f} s; same summary: {again.summary == report.summary}"
    )
    print(
        f"peak memory after both: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
