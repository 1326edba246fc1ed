"""Benchmark the free-text path of the task model: batch throughput, single-task latency, start-up.

Usage::

    .venv/bin/python benchmarks/bench_free_text.py --data-dir DIR [--tasks 5000]

Needs a built catalog and trained model in DIR (``jobrisk build``). Batch texts are the
development-set tasks with distinct suffixes (so no vector comes from the encoder's cache),
then the same batch again (every vector cached, as in files that repeat tasks). Single-task
latency is ``score_texts([text])`` on warm model, distinct texts. Prints figures (and the load
average: the machine may be shared); asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from jobrisk.catalog import Catalog
from jobrisk.models.task_exposure import TaskExposureModel
from jobrisk.models.task_exposure.dev_set import DEFAULT_PATH
from jobrisk.settings import Settings

_PLACES = (
    "for the Austin office",
    "for the night shift",
    "for our biggest client",
    "before Friday",
    "for the new team",
    "every Monday",
    "for the regional managers",
    "for the spring launch",
)


def _texts(n: int) -> list[str]:
    base = [r["task"] for r in csv.DictReader(DEFAULT_PATH.open(encoding="utf-8"))]
    return [
        f"{base[i % len(base)]} {_PLACES[(i // len(base)) % len(_PLACES)]} (batch {i // (len(base) * len(_PLACES))})"
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--tasks", type=int, default=5000)
    args = parser.parse_args()
    settings = Settings.load(data_dir=args.data_dir)
    print(f"cores: {os.cpu_count()}; load average at start: {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from jobrisk.interfaces.cli.main import app; app()", "--help"],
        check=True,
        capture_output=True,
    )
    print(f"CLI start-up (jobrisk --help, new process): {time.perf_counter() - started:.2f}s")
    catalog = Catalog.open(settings.catalog_path)
    started = time.perf_counter()
    model = TaskExposureModel.load(settings, catalog)
    model.score_texts(["warm up the encoder"])
    print(f"model load + first score: {time.perf_counter() - started:.1f}s (encoder {model.manifest.get('encoder')})")
    texts = _texts(args.tasks)
    for label in ("distinct texts, nothing cached", "same texts again, vectors cached"):
        started, cpu = time.perf_counter(), time.process_time()
        model.score_arrays(texts)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"batch score_arrays, {label}: {len(texts):,} tasks in {seconds:.1f}s = "
            f"{len(texts) / seconds:,.0f} tasks/s (target >= 500); CPU {cpu_seconds:.1f}s = "
            f"{len(texts) / cpu_seconds:,.0f} tasks per CPU-second"
        )
    latencies, cpu_times = [], []
    for text in _texts(200):
        started, cpu = time.perf_counter(), time.process_time()
        model.score_texts([text + " once"])
        latencies.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu)
    ms, cpu_ms = np.array(latencies) * 1000, np.array(cpu_times) * 1000
    print(
        f"single task, warm, distinct texts: p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms "
        f"(target p95 <= 50 ms); CPU p50 {np.percentile(cpu_ms, 50):.1f} ms, p95 {np.percentile(cpu_ms, 95):.1f} ms"
    )
    started = time.perf_counter()
    model.explain("Tune hyperparameters of gradient boosted models in scikit-learn")
    print(f"explain one text, first call (builds the same-work test): {1000 * (time.perf_counter() - started):.0f} ms")
    latencies = []
    for text in _texts(100):
        started = time.perf_counter()
        model.explain(text + " again", k=5)
        latencies.append(time.perf_counter() - started)
    ms = np.array(latencies) * 1000
    print(
        f"explain one text, warm, distinct texts: p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms"
    )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
