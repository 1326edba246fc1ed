"""Evaluate the task exposure model (same as ``jobrisk models evaluate``) and print the headline figures.

Usage::

    .venv/bin/python benchmarks/eval_task_model.py --data-dir DIR [-o docs/task-model.md]

Writes the Markdown report and its JSON twin; see docs/task-model.md for the method.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from jobrisk.catalog import Catalog
from jobrisk.models.task_exposure import DEFAULT_SEED, training_set
from jobrisk.models.task_exposure.evaluation import evaluate
from jobrisk.models.task_exposure.report import write_report
from jobrisk.models.task_exposure.training import code_version
from jobrisk.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/task-model.md"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--crossfit-folds", type=int, default=3)
    args = parser.parse_args()
    catalog = Catalog.open(Settings.load(data_dir=args.data_dir).catalog_path)
    started = time.perf_counter()
    report = evaluate(training_set(catalog), args.seed, crossfit_folds=args.crossfit_folds)
    report["code_version"] = code_version()
    report["catalog_fingerprint"] = catalog.fingerprint()
    paths = write_report(report, args.output)
    for split in ("occupation", "major_group"):
        for subset in ("all", "not_near_duplicate"):
            table = report["splits"][split][subset]
            print(
                f"{split:12s} {subset:19s} "
                + "  ".join(
                    f"{name}: k={m['kappa']:.3f} r={m['occupation_exposure_pearson']:.3f} auc={m['binary_auc']:.3f}"
                    for name, m in table.items()
                    if name in ("full", "free_text", "tfidf_lr", "gpt4_labels")
                )
            )
    check = report.get("free_text_check")
    if check:
        print(
            f"free-text sanity set ({check['tasks']} team-written tasks): exact {check['exact_agreement']:.0%}, "
            f"exposed-vs-not {check['exposed_agreement']:.0%}, mean exposure by expected label "
            + ", ".join(f"{k} {v:.2f}" for k, v in check["mean_exposure_by_expected"].items())
        )
    print(f"wrote {paths[0]} and {paths[1]} in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
