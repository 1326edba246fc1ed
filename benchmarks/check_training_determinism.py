"""Does the same catalog give the same task model under any BLAS thread count?

Copies a built data directory twice, retrains the task model in each (``jobrisk models train``),
once with the machine's default BLAS threads and once with ``OMP_NUM_THREADS=1`` and
``OPENBLAS_NUM_THREADS=1``, then compares the stored model arrays and the catalog's refreshed
``task_exposure`` rows. Prints how many arrays and task rows differ and by how much.

    .venv/bin/python benchmarks/check_training_determinism.py --data-dir DIR [--work /tmp/det]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

RUNS = {"default threads": {}, "one thread": {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}}
COLUMNS = ("p_e0", "p_e1", "p_e2", "exposure", "automation", "confidence")


def train(source: Path, target: Path, extra_env: dict[str, str]) -> float:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    env = {**os.environ, **extra_env, "JOBRISK_DATA_DIR": str(target)}
    started = time.perf_counter()
    jobrisk = Path(sys.executable).with_name("jobrisk")
    subprocess.run([str(jobrisk), "models", "train"], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def newest_model(data_dir: Path) -> np.lib.npyio.NpzFile:
    return np.load(sorted((data_dir / "models" / "task_exposure").glob("*.npz"))[-1], allow_pickle=False)


def exposure_rows(data_dir: Path) -> np.ndarray:
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM task_exposure ORDER BY task_id").fetchall()
    return np.array(rows, dtype=float)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, type=Path, help="a built data directory (left unchanged)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/jobrisk-determinism"))
    args = parser.parse_args()
    dirs = {}
    for name, env in RUNS.items():
        dirs[name] = args.work / name.replace(" ", "-")
        print(f"{name}: trained in {train(args.data_dir, dirs[name], env):.0f} s", flush=True)
    a, b = (newest_model(d) for d in dirs.values())
    differ = [k for k in a.files if a[k].shape != b[k].shape or not np.array_equal(a[k], b[k], equal_nan=True)]
    print(f"model arrays: {len(differ)} of {len(a.files)} differ")
    ra, rb = (exposure_rows(d) for d in dirs.values())
    delta = np.nan_to_num(np.abs(ra - rb))
    for i, column in enumerate(COLUMNS):
        print(
            f"task_exposure.{column}: {int((delta[:, i] > 0).sum())} of {len(ra)} tasks differ, max {delta[:, i].max():.6f}"
        )
    shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
