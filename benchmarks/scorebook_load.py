"""Time building the scorebook (every occupation's score) from the built catalog.

Usage: .venv/bin/python benchmarks/scorebook_load.py [--data-dir DIR]
Prints seconds for reading the inputs, scoring all occupations, and one lookup.
"""

from __future__ import annotations

import argparse
import time

from jobrisk.catalog import Catalog
from jobrisk.app.scoring_inputs import gather_inputs
from jobrisk.scoring.scorebook import Scorebook
from jobrisk.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=None)
    settings = Settings.load(data_dir=parser.parse_args().data_dir)
    with Catalog.open(settings.catalog_path) as catalog:
        start = time.perf_counter()
        inputs = gather_inputs(catalog)
        gathered = time.perf_counter()
    scorebook = Scorebook.from_inputs(inputs)
    scored = time.perf_counter()
    for _ in range(1000):
        scorebook.get("15-2051.00")
    looked = time.perf_counter()
    print(f"gather inputs: {gathered - start:.2f} s")
    print(f"score {len(scorebook)} occupations: {scored - gathered:.2f} s")
    print(f"lookup: {(looked - scored) * 1000:.4f} ms per 1000")


if __name__ == "__main__":
    main()
