"""Train task-model variants and compare their free text on both development sets and halves.

Usage::

    .venv/bin/python benchmarks/eval_free_text_variants.py --data-dir DIR \\
        '{"sense_split": false}' '{"sense_split": true}' '{"unknown_share": true}'

Each argument is a JSON object of :class:`TaskExposureEstimator` parameters; every variant is
trained on the catalog's labelled O*NET tasks with the shipped seed (a few minutes each) and
scored, as free text, on ``benchmarks/data/modern_tasks_dev.csv`` and ``modern_tasks_dev2.csv``:
kappa / Spearman on the whole set, its jargon half (a product name O*NET's vocabulary explains
or a word no labelled O*NET task has) and its plain rest. ``--saved`` adds the saved model of
DIR as the first row. Prints a markdown table; saves nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from jobrisk.catalog import Catalog
from jobrisk.models.task_exposure import TaskExposureModel
from jobrisk.models.task_exposure.dev_set import DEV_SET_PATHS, _LABELS, agreement, halves, jargon_mask, read_dev_set
from jobrisk.models.task_exposure.estimator import TaskExposureEstimator
from jobrisk.models.task_exposure.model import FREE_TEXT_PRIOR_SHIFT
from jobrisk.models.task_exposure.training import DEFAULT_SEED, training_set
from jobrisk.settings import Settings


def _cells(model: TaskExposureModel) -> list[str]:
    cells = []
    for path in DEV_SET_PATHS:
        frame = read_dev_set(path)
        y = frame["label"].map(_LABELS).to_numpy(int)
        arrays = model.score_arrays(frame["task"].tolist())
        parts = halves(y, arrays.proba, jargon_mask(arrays))
        for m in (agreement(y, arrays.proba), parts["jargon"], parts["plain"]):
            cells.append(f"{m['kappa']:.3f} / {m['spearman']:.3f}")
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--saved", action="store_true", help="also score the saved model of the data directory")
    parser.add_argument("variants", nargs="*", help="JSON objects of estimator parameters")
    args = parser.parse_args()
    settings = Settings.load(data_dir=args.data_dir)
    catalog = Catalog.open(settings.catalog_path)
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    header = [f"{p.stem} {half}" for p in DEV_SET_PATHS for half in ("all", "jargon", "plain")]
    print("| variant | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(header))
    if args.saved:
        print("| saved model | " + " | ".join(_cells(TaskExposureModel.load(settings, catalog))) + " |", flush=True)
    if not args.variants:
        return
    data = training_set(catalog)
    human, gpt4, automation = data.targets()
    for spec in args.variants:
        started = time.perf_counter()
        estimator = TaskExposureEstimator(seed=DEFAULT_SEED, **json.loads(spec)).fit(
            data.rows(), human, gpt4, automation, context_rows=data.context_rows(), dwa_reference=data.dwa_reference
        )
        model = TaskExposureModel.from_training(estimator, data, {"free_text_prior_shift": FREE_TEXT_PRIOR_SHIFT})
        cells = _cells(model)
        print(f"| `{spec}` ({time.perf_counter() - started:.0f} s) | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
