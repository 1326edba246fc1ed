"""Evaluate the job title coder on titles it has never indexed, and on the messy-title test set.

    .venv/bin/python benchmarks/eval_titles.py [--catalog PATH] [--train N] [--test N]
        [--occupations N] [--no-semantic] [--write-weights] [--show-misses]

A thin wrapper over :func:`jobrisk.models.title_coder.evaluation.evaluate_titles` (also
``jobrisk models evaluate-titles``): held-out titles, held-out whole occupations, and
benchmarks/data/messy_titles.csv with and without the curated aliases. Without --catalog the
O*NET 29.3 files of the data mirror are read into an in-memory catalog.
``--write-weights`` saves the re-ranker trained here as the weights shipped in the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from jobrisk.catalog import Catalog
from jobrisk.models.title_coder.evaluation import evaluate_titles, format_report

HERE = Path(__file__).parent
WEIGHTS = HERE.parent / "src" / "jobrisk" / "models" / "title_coder" / "reranker_weights.json"


def catalog_parser(doc: str) -> argparse.ArgumentParser:
    """A title benchmark's arguments: its docstring's first line and ``--catalog``."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--catalog", help="a built catalog.sqlite")
    return ap


def open_catalog(path: str | None) -> Catalog:
    if path:
        return Catalog.open(path)
    from _mirror_catalog import mirror_catalog

    print("(no --catalog given: O*NET 29.3 occupations/titles/tasks read from the data mirror)")
    return mirror_catalog()


def main() -> None:
    ap = catalog_parser(__doc__)
    ap.add_argument("--train", type=int, default=2500)
    ap.add_argument("--test", type=int, default=1200)
    ap.add_argument("--occupations", type=int, default=30)
    ap.add_argument("--no-semantic", action="store_true")
    ap.add_argument("--write-weights", action="store_true")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    catalog = open_catalog(args.catalog)
    report = evaluate_titles(
        catalog,
        train=args.train,
        test=args.test,
        occupations=args.occupations,
        semantic=not args.no_semantic,
        messy_path=HERE / "data" / "messy_titles.csv",
    )
    print(format_report(report, show_misses=args.show_misses))
    if args.write_weights:
        r = report["reranker"]
        WEIGHTS.write_text(
            json.dumps(
                {
                    "trained_on": "held-out O*NET titles (Occupation Data, Alternate Titles, Sample of Reported "
                    f"Titles): {r['trained on held-out titles']} titles, seed 2026, "
                    f"semantic={not args.no_semantic}",
                    "reranker": r["weights"],
                },
                indent=1,
            )
            + "\n"
        )
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
