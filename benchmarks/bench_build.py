"""Time a full catalog build from the data mirror and report peak memory.

Usage: ``.venv/bin/python benchmarks/bench_build.py [--mirror DIR] [--repeat N] [--with-post-build]``

Builds into a temporary folder (the mirror is used as the raw directory, read-only).
By default only :func:`jobrisk.catalog.build.build_catalog` runs; ``--with-post-build``
runs :func:`jobrisk.app.pipeline.build_all`, i.e. also every registered post-build step.
Prints seconds per run and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from jobrisk.catalog.build import build_catalog
from jobrisk.app.pipeline import POST_BUILD_STEPS, build_all
from jobrisk.settings import Settings

DEFAULT_MIRROR = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path(os.environ.get("JOBRISK_MIRROR", DEFAULT_MIRROR)))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--with-post-build", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobrisk-bench-") as tmp:
        data_dir = Path(tmp)
        (data_dir / "raw").symlink_to(args.mirror.resolve(), target_is_directory=True)
        settings = Settings(data_dir=data_dir)
        for run in range(1, args.repeat + 1):
            started = time.perf_counter()
            if args.with_post_build:
                result = build_all(settings)
            else:
                result = build_catalog(settings.raw_dir, settings.catalog_path)
            seconds = time.perf_counter() - started
            size_mb = settings.catalog_path.stat().st_size / 1e6
            print(f"run {run}: {seconds:.2f} s  catalog {size_mb:.1f} MB  fingerprint {result.fingerprint[:16]}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    what = f"build_all with {len(POST_BUILD_STEPS)} post-build step(s)" if args.with_post_build else "build_catalog"
    print(
        f"{what}: peak resident memory {peak_mb:.0f} MB; rows: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(result.row_counts.items()))
    )


if __name__ == "__main__":
    main()
