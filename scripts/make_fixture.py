"""Regenerate the unit-test fixture (``src/jobrisk/catalog/fixture_data/``) from a full catalog.

Usage: ``.venv/bin/python scripts/make_fixture.py [--catalog PATH] [--out DIR]``
(default catalog: the one of the configured data dir, i.e. $JOBRISK_DATA_DIR). Build the
catalog first with ``jobrisk build`` so the post-build tables (task exposure) are included.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from jobrisk.catalog import Catalog
from jobrisk.catalog.fixture import FIXTURE_CODES, export_fixture
from jobrisk.settings import Settings

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src" / "jobrisk" / "catalog" / "fixture_data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=None, help="full catalog to copy rows from")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixture folder to write")
    args = parser.parse_args()
    path = args.catalog or Settings.load().catalog_path
    with Catalog.open(path) as catalog:
        counts = export_fixture(catalog, args.out, FIXTURE_CODES)
    total_bytes = 0
    for table, rows in counts.items():
        size = (args.out / f"{table}.json.gz").stat().st_size
        total_bytes += size
        print(f"{table:22s} {rows:7,d} rows {size / 1024:8.1f} KiB")
    print(f"{'total':22s} {sum(counts.values()):7,d} rows {total_bytes / 1024:8.1f} KiB -> {args.out}")


if __name__ == "__main__":
    main()
