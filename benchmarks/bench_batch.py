"""Batch scoring benchmark: generated job titles with a realistic repeat distribution, scored end
to end (read, code, score, write) in process, on a local Dask cluster and on Spark local mode.

Titles: O*NET reported and alternate titles drawn with Zipf-like weights (a few very common,
a long tail of rare ones), about a third of them made messy (seniority, shift and site noise,
case, typos, inverted "X, Senior" order), written to the input file in chunks (the benchmark
never holds them all). Memory: the peak (sampled: resident sizes every 0.1 s, PSS when they
grew or every 2 s, see ``_process_memory``) of the summed proportional set
size (PSS: shared pages split between the processes sharing them) of this process and every
worker it forks, from loading the models to the written output; the peak of the summed resident
sizes (shared pages counted once per process) is reported beside it as an upper bound.

Usage:
    python benchmarks/bench_batch.py [--rows 1000000] [--engines inprocess,dask,spark]
                                     [--engine-rows 200000] [--tasks 200000] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import atexit
import csv
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _process_memory import GroupMemory  # noqa: E402

NOISE_PREFIX = ["Sr. ", "Senior ", "Jr. ", "Lead ", "Principal ", "Assistant ", "", "", ""]
NOISE_SUFFIX = [
    " - Night Shift",
    " II",
    " III",
    " (Remote)",
    " - Store #1423",
    " PRN",
    " FT",
    " / Weekend",
    ", Contract",
    "",
]


def generate_titles(base: list[str], rows: int, seed: int = 7, chunk_rows: int = 100_000) -> Iterator[np.ndarray]:
    """``rows`` titles in chunks of ``chunk_rows`` (so the benchmark never holds them all)."""
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, len(base) + 1)
    weights = 1.0 / ranks**1.1
    weights /= weights.sum()
    names = np.asarray(base, dtype=object)
    for start in range(0, rows, chunk_rows):
        n = min(chunk_rows, rows - start)
        titles = names[rng.choice(len(base), size=n, p=weights)]
        messy = rng.random(n) < 0.33
        out = titles.copy()
        prefix = rng.choice(NOISE_PREFIX, size=n)
        suffix = rng.choice(NOISE_SUFFIX, size=n)
        for i in np.nonzero(messy)[0]:
            t = prefix[i] + titles[i] + suffix[i]
            r = rng.random()
            if r < 0.2:
                t = t.upper()
            elif r < 0.35:
                t = t.lower()
            elif r < 0.45 and len(t) > 6:
                j = int(rng.integers(1, len(t) - 2))
                t = t[:j] + t[j + 1] + t[j] + t[j + 2 :]  # a transposition typo
            out[i] = t
        yield out


def write_titles_csv(path: Path, base: list[str], rows: int) -> int:
    """Write ``rows`` generated titles (and a posting id) to ``path``; returns the distinct count."""
    distinct: set[str] = set()
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["title", "posting_id"])
        for chunk in generate_titles(base, rows):
            distinct.update(chunk)
            writer.writerows(zip(chunk, range(written, written + len(chunk))))
            written += len(chunk)
    return len(distinct)


def base_titles(catalog) -> list[str]:
    rng = np.random.default_rng(3)
    titles = sorted({t.title for t in catalog.titles()})
    rng.shuffle(titles)
    return titles[:20000]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _same_rows(got: pd.DataFrame, expected: pd.DataFrame) -> bool:
    """Every value of every row equal (the engines may hold text in another string dtype)."""
    try:
        pd.testing.assert_frame_equal(got[list(expected.columns)], expected, check_dtype=False, check_index_type=False)
    except AssertionError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engine-rows", type=int, default=200_000)
    parser.add_argument("--engines", default="inprocess,dask,spark")
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--data-dir", default=os.environ.get("JOBRISK_DATA_DIR"))
    parser.add_argument("--workers", type=int, default=1, help="processes coding new titles in process")
    args = parser.parse_args()

    from jobrisk.app.batch import BatchScorer, run_batch, score_titles
    from jobrisk.catalog import Catalog
    from jobrisk.settings import Settings

    settings = Settings.load(data_dir=args.data_dir)
    with Catalog.open(settings.catalog_path) as catalog:
        base = base_titles(catalog)
        task_texts = [t.task for t in catalog.tasks()]
    generated_at = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="jobrisk-bench-batch-"))
    atexit.register(shutil.rmtree, work, True)  # the generated files (about 255 MB for 1M rows) go at exit
    src = work / "titles.csv"
    distinct = write_titles_csv(src, base, args.rows)  # streamed: the input is never held in memory
    results: dict[str, object] = {
        "rows": args.rows,
        "distinct_titles": distinct,
        "input_mb": round(src.stat().st_size / 1e6, 1),
        "generate_s": round(time.perf_counter() - generated_at, 1),
        "workers": args.workers,
        "load_average_1m_before": round(os.getloadavg()[0], 1),
    }
    before = GroupMemory()
    before.sample()
    results["memory_before_load_mb"] = round(before.peak_pss_mb)
    with GroupMemory() as memory:
        t0, c0 = time.perf_counter(), time.process_time()
        scorer = BatchScorer.load(settings)
        scorer.workers = args.workers
        results["load_s"] = round(time.perf_counter() - t0, 2)
        results["load_cpu_s"] = round(time.process_time() - c0, 2)
        loaded = GroupMemory()
        loaded.sample()
        results["memory_loaded_mb"] = round(loaded.peak_pss_mb)
        t0, c0 = time.perf_counter(), time.process_time()
        batch = run_batch("titles", src, work / "scored.csv", scorer)
        seconds = time.perf_counter() - t0
        parent_cpu = time.process_time() - c0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    results["end_to_end_s"] = round(seconds, 2)
    parent_cpu -= memory.sampler_cpu_s  # the memory sampler's own reading of /proc
    results["end_to_end_cpu_s"] = round(parent_cpu + children.ru_utime + children.ru_stime, 2)
    results["parent_cpu_s"] = round(parent_cpu, 2)
    results["memory_sampler_cpu_s"] = round(memory.sampler_cpu_s, 2)
    results["memory_pss_reads"] = memory.pss_reads
    results["workers_cpu_s"] = round(children.ru_utime + children.ru_stime, 2)
    results["load_average_1m"] = round(os.getloadavg()[0], 1)
    results["rows_per_s"] = round(args.rows / seconds)
    coder_cpu_s = getattr(batch, "steps", {}).get("code_workers", {}).get("cpu_s", 0.0)  # in the workers
    results["worker_coder_ms_per_distinct_title"] = round(1000 * coder_cpu_s / distinct, 3)
    results["peak_memory_pss_mb"] = round(memory.peak_pss_mb)
    results["peak_memory_pss_by_process_mb"] = memory.peak_pss_parts_mb
    results["peak_memory_at_s"] = memory.peak_pss_at_s
    results["peak_memory_rss_sum_mb"] = round(memory.peak_rss_mb)
    results["peak_processes"] = memory.peak_processes
    results["peak_rss_parent_mb"] = round(peak_mb())
    results["peak_rss_largest_worker_mb"] = round(children.ru_maxrss / 1024.0)
    results["rejected_rows"] = batch.rejected
    results["steps"] = getattr(batch, "steps", {})  # (older versions did not time their steps)
    print(json.dumps(results), file=sys.stderr, flush=True)

    engines = args.engines.split(",")
    frame = pd.read_csv(src, nrows=args.engine_rows, dtype={"title": str}, keep_default_na=False)
    fresh = BatchScorer.load(settings)  # an empty title cache, as each worker starts
    t0 = time.perf_counter()
    expected = score_titles(frame, fresh)
    inproc = time.perf_counter() - t0
    results["engine_rows"] = len(frame)
    results["inprocess_frame_s"] = round(inproc, 2)
    if "dask" in engines:
        import dask.dataframe as dd
        from dask.distributed import Client, LocalCluster

        from jobrisk.interfaces.batch import dask_frames

        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, host="127.0.0.1") as cluster,
            Client(cluster),
        ):
            t0 = time.perf_counter()
            got = dask_frames.score_titles(dd.from_pandas(frame, npartitions=8), fresh).compute()
            results["dask_s"] = round(time.perf_counter() - t0, 2)
        results["dask_equal"] = _same_rows(got.reset_index(drop=True), expected)
        results["dask_ratio"] = round(results["dask_s"] / inproc, 2)
    if "spark" in engines:
        os.environ["PYSPARK_PYTHON"] = sys.executable
        from pyspark.sql import SparkSession

        from jobrisk.interfaces.batch import spark_frames

        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate()
        )
        try:
            sdf = spark.createDataFrame(frame).repartition(8).cache()
            sdf.count()
            t0 = time.perf_counter()
            got = spark_frames.score_titles(sdf, fresh).toPandas()
            results["spark_s"] = round(time.perf_counter() - t0, 2)
        finally:
            spark.stop()
        got = got.sort_values("posting_id").reset_index(drop=True)[list(expected.columns)]
        results["spark_equal"] = _same_rows(got, expected)
        results["spark_ratio"] = round(results["spark_s"] / inproc, 2)

    if args.tasks:
        rng = np.random.default_rng(11)
        texts = pd.DataFrame({"task": rng.choice(np.asarray(task_texts, dtype=object), args.tasks)})
        texts["task"] = texts["task"] + np.where(rng.random(args.tasks) < 0.5, " for clients", "")
        tpath = work / "tasks.csv"
        texts.to_csv(tpath, index=False)
        assert scorer.task_model is not None  # load it before timing
        t0, c0 = time.perf_counter(), time.process_time()
        run_batch("tasks", tpath, work / "tasks_scored.parquet", scorer)
        tsec = time.perf_counter() - t0
        results["tasks_cpu_s"] = round(time.process_time() - c0, 2)
        results["tasks"] = args.tasks
        results["distinct_tasks"] = int(texts["task"].nunique())
        results["tasks_per_s"] = round(args.tasks / tsec)
    print(json.dumps(results, indent=2), flush=True)


if __name__ == "__main__":
    main()
