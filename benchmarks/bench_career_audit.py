"""Benchmark the career audit: one person's audit, in-process, after the parts are loaded.

Usage::

    .venv/bin/python benchmarks/bench_career_audit.py --data-dir DIR [--runs 60] [--code 43-4051.00]

Needs a built catalog and models in DIR. The profile has 30 tasks: 25 O*NET tasks of the
occupation with their own shares and 5 free-text tasks (the task model scores them each time;
the texts change every run so nothing is cached), plus skills, tools and pay. Prints the load
time of the shared parts (once per process) and the audit's p50/p95/max in milliseconds, and the
machine's load average (the figures are noisy on a shared machine). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from jobrisk.app.career_audit import run_career_audit
from jobrisk.reports.career.profile import CareerProfile
from jobrisk.app.services import Services
from jobrisk.settings import Settings

FREE_TEXT = (
    "Answer customer chat messages about order status",
    "Write weekly summaries of complaints for the team lead",
    "Train new colleagues on the ticketing system",
    "Call back customers whose refunds failed",
    "Update the knowledge base articles after product changes",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--code", default=None, help="occupation (default: the first with >= 25 tasks)")
    args = parser.parse_args()
    services = Services(Settings.load(data_dir=args.data_dir))
    print(f"cores available: {os.cpu_count()}; load average: {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    scorebook = services.scorebook
    code = args.code or next(s.onet_soc_code for s in scorebook if len(scorebook.tasks(s.onet_soc_code)) >= 25)
    tasks = scorebook.tasks(code)[:25]
    run_career_audit(services, CareerProfile(onet_soc_code=code, tasks=[{"text": FREE_TEXT[0], "share": 0.1}]))
    print(
        f"shared parts loaded (catalog, scores, models, transition space, report context): "
        f"{time.perf_counter() - started:.1f} s"
    )
    times = []
    for run in range(args.runs):
        profile = CareerProfile(
            onet_soc_code=code,
            tasks=[{"task_id": t.task_id, "share": t.time_share * (1 + (i + run) % 3)} for i, t in enumerate(tasks)]
            + [{"text": f"{text} (case {run})", "share": 0.04} for text in FREE_TEXT],
            skills=["Writing", "Active Listening"],
            tools=["Microsoft Excel", "Zendesk"],
            annual_pay_usd=48000,
        )
        t0 = time.perf_counter()
        audit = run_career_audit(services, profile)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(
        f"occupation {code}: {len(audit.tasks)} tasks ({sum(t.source == 'free_text' for t in audit.tasks)} free text), "
        f"{len(audit.transitions)} moves"
    )
    print(
        f"career audit over {args.runs} runs: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, "
        f"max {times[-1]:.0f} ms (budget: p95 <= 300 ms)"
    )


if __name__ == "__main__":
    main()
