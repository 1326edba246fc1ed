"""Time `jobrisk site build`: all occupation pages, index, search and SEO metadata.

Usage: .venv/bin/python benchmarks/bench_site.py [--data-dir DIR] [--workers 1 2]
Needs a built catalog (jobrisk data sync && jobrisk build). Prints the wall time of each phase
and of the whole build per worker count, and the CPU seconds used (wall time depends on what
else runs on the machine; the load average is printed too). The target is under 2 minutes.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from jobrisk.catalog import Catalog
from jobrisk.reports.occupation.site import build_site
from jobrisk.app.scoring_inputs import score_catalog
from jobrisk.settings import Settings


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    settings = Settings.load(data_dir=args.data_dir)
    for workers in args.workers:
        started = time.perf_counter()
        cpu_before = _cpu_seconds()
        catalog = Catalog.open(settings.catalog_path)
        scorebook = score_catalog(catalog)
        scored = time.perf_counter()
        with tempfile.TemporaryDirectory() as out:
            summary = build_site(catalog, scorebook, out, base_url="https://jobrisk.example.org", workers=workers)
            files = sum(1 for _ in Path(out).rglob("*"))
        total = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
        print(
            f"workers={workers}: scorebook {scored - started:.1f} s, site {summary.seconds:.1f} s, "
            f"total {total:.1f} s wall, {cpu:.1f} s CPU (all processes); {summary.pages} pages, "
            f"{files} files, {summary.bytes_written / 1e6:.1f} MB; load average "
            f"{os.getloadavg()[0]:.1f}"
        )
        catalog.close()


if __name__ == "__main__":
    main()
