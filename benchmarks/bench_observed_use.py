"""Timings of the observed-use parts on the full catalog: the join, the adoption fit, annotation.

    JOBRISK_DATA_DIR=... .venv/bin/python benchmarks/bench_observed_use.py [--rows 10000]

Prints seconds (and rows per second) for: reading and joining both releases to the catalog's
tasks; fitting the adoption model on the latest release; building the annotator of
``jobrisk tasks score``; annotating N free-text rows. Peak memory (ru_maxrss) at the end.
The machine may be shared: compare ratios within one run, not absolute figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from jobrisk.catalog import Catalog
from jobrisk.catalog.build_observed import link_tasks, occupation_use, renormalised_modes
from jobrisk.models.adoption.annotate import ObservedUseAnnotator
from jobrisk.models.adoption.catalog_step import fit_adoption
from jobrisk.settings import Settings
from jobrisk.sources.readers import aei


def _timed(label: str, fn, rows: int | None = None):
    started = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - started
    rate = f" ({rows / seconds:,.0f} rows/s)" if rows else ""
    print(f"{label}: {seconds:.2f} s{rate}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    settings = Settings(data_dir=Path(os.environ.get("JOBRISK_DATA_DIR", "~/.local/share/jobrisk")).expanduser())
    catalog = Catalog.open(settings.catalog_path)
    folder = settings.raw_dir / aei.FOLDER
    tasks = pd.DataFrame(
        [(t.task_id, t.onet_soc_code, t.task, t.type_weight) for t in catalog.tasks()],
        columns=["task_id", "onet_soc_code", "task", "type_weight"],
    )

    def join_both() -> int:
        statements = aei.task_statements(folder)
        n = 0
        for release, files in aei.RELEASES.items():
            usage = aei.task_usage(folder, release)
            links = link_tasks(usage, tasks, statements)
            use = usage
            if files.mode_file is not None:
                use = usage.merge(renormalised_modes(aei.task_modes(folder, release)), on="task_key", how="left")
            else:
                use = usage.assign(automation_share=np.nan)
            occupation_use(tasks, links, use)
            n += len(links)
        return n

    links = _timed("read + join both releases (+ per-occupation shares)", join_both)
    print(f"  catalog tasks linked over both releases: {links:,}")
    model = _timed("fit the adoption model (latest release)", lambda: fit_adoption(catalog))
    annotator = _timed("build the tasks-score annotator", lambda: ObservedUseAnnotator(catalog, model))
    texts = [f"Draft weekly summary number {i} of sales results for managers" for i in range(args.rows)]
    exposure = np.tile([0.3, 0.6, 0.6, 0.5], (args.rows, 1))
    _timed(f"annotate {args.rows:,} free-text rows", lambda: annotator(catalog, texts, None, exposure), rows=args.rows)
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
