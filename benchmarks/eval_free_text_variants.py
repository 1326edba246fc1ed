"""Train task-model variants and compare their free text on the three development sets and halves.

Usage::

    .venv/bin/python benchmarks/eval_free_text_variants.py --data-dir DIR --saved --baselines \\
        '{}' '{"modern_weight": 3}' '{"modern_weight": 3, "modern_parts": ["text"]}'

Each argument is a JSON object of :class:`TaskExposureEstimator` parameters; every variant is
trained on the catalog's labelled O*NET tasks with the shipped seed (a few minutes each) and,
when its ``modern_weight`` is above 0, on the modern training tasks
(``models/task_exposure/data/modern_tasks_train.csv``) too. Each is scored, as free text, on
``benchmarks/data/modern_tasks_dev.csv``, ``modern_tasks_dev2.csv`` and ``modern_tasks_dev3.csv``
(``dev_set.DEV_SET_PATHS``; the third written blind by another person, never tuned on): kappa / Spearman on
the whole set, its jargon half and its plain rest. The halves are fixed by the labelled O*NET
tasks (a product name O*NET's vocabulary explains or a word no labelled O*NET task has:
``dev_set.onet_jargon_mask``), so a variant that learns new words is judged on the same tasks.
The last three columns are the modern training set grouped by occupation (whole, jargon,
plain): for a variant trained on it, each task is scored by models that saw no modern task and
no O*NET label of its occupation (cross-fitted, 5 folds); for the others (they never saw the
set), the set is scored as free text. ``--saved`` adds the saved model as the first row,
``--baselines`` TF-IDF + logistic regression fit on the O*NET labels, and on the O*NET labels
plus the modern tasks (the training-set columns grouped by occupation, 5 folds). Prints a
markdown table; saves nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import zlib
from pathlib import Path

import numpy as np

from jobrisk.catalog import Catalog
from jobrisk.models.task_exposure import TaskExposureModel
from jobrisk.models.task_exposure.dev_set import (
    DEV_SET_PATHS,
    _LABELS,
    agreement,
    halves,
    onet_jargon_mask,
    read_dev_set,
)
from jobrisk.models.task_exposure.estimator import TaskExposureEstimator
from jobrisk.models.task_exposure.evaluation import tfidf_lr
from jobrisk.models.task_exposure.model import FREE_TEXT_PRIOR_SHIFT
from jobrisk.models.task_exposure.modern import modern_labels
from jobrisk.models.task_exposure.training import DEFAULT_SEED, fit_on, training_set
from jobrisk.settings import Settings


def _fmt(m: dict) -> str:
    return f"{m['kappa']:.3f} / {m['spearman']:.3f}"


def _set_cells(y: np.ndarray, proba: np.ndarray, jargon: np.ndarray) -> list[str]:
    parts = halves(y, proba, jargon)
    return [_fmt(agreement(y, proba)), _fmt(parts["jargon"]), _fmt(parts["plain"])]


def _shifted(proba: np.ndarray, prior: np.ndarray) -> np.ndarray:
    out = proba * prior[None, :] ** -FREE_TEXT_PRIOR_SHIFT
    return out / out.sum(axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--saved", action="store_true", help="also score the saved model of the data directory")
    parser.add_argument("--baselines", action="store_true", help="also the TF-IDF baselines")
    parser.add_argument("variants", nargs="*", help="JSON objects of estimator parameters")
    args = parser.parse_args()
    settings = Settings.load(data_dir=args.data_dir)
    catalog = Catalog.open(settings.catalog_path)
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    saved = TaskExposureModel.load(settings, catalog)
    data = training_set(catalog)
    sets = [read_dev_set(p) for p in DEV_SET_PATHS]
    ys = [f["label"].map(_LABELS).to_numpy(int) for f in sets]
    onet_text = data.labelled["task"].tolist()
    masks = [onet_jargon_mask(saved, f["task"].tolist(), onet_text) for f in sets]
    modern_y = modern_labels(data.modern)
    modern_text = data.modern["task"].tolist()
    modern_mask = onet_jargon_mask(saved, modern_text, onet_text)
    header = [
        f"{p.stem} {half} ({n})"
        for p, m in zip(DEV_SET_PATHS, masks)
        for half, n in (("all", len(m)), ("jargon", int(m.sum())), ("plain", int((~m).sum())))
    ]
    header += [
        f"training set grouped by occupation: {half} ({n})"
        for half, n in (
            ("all", len(modern_y)),
            ("jargon", int(modern_mask.sum())),
            ("plain", int((~modern_mask).sum())),
        )
    ]
    print("| variant | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(header))

    def dev_cells(score) -> list[str]:
        return [c for f, y, m in zip(sets, ys, masks) for c in _set_cells(y, score(f["task"].tolist()), m)]

    if args.saved:
        cells = dev_cells(lambda t: saved.score_arrays(t).proba)
        if saved.manifest.get("modern_tasks"):  # trained on the set: its own figures would be in-sample
            cells += ["n/a (trained on it)"] * 3
        else:
            cells += _set_cells(modern_y, saved.score_arrays(modern_text).proba, modern_mask)
        print("| saved model | " + " | ".join(cells) + " |", flush=True)
    human, gpt4, automation = data.targets()
    if args.baselines:
        cells = dev_cells(lambda t: tfidf_lr(onet_text, human, t))
        cells += _set_cells(modern_y, tfidf_lr(onet_text, human, modern_text), modern_mask)
        print("| baseline: TF-IDF + LR on O*NET labels | " + " | ".join(cells) + " |", flush=True)
        both_text, both_y = onet_text + modern_text, np.concatenate([human, modern_y])
        cells = dev_cells(lambda t: tfidf_lr(both_text, both_y, t))
        codes = data.modern["onet_soc_code"].to_numpy()
        fold = np.array([zlib.crc32(c.encode()) % 5 for c in codes])  # grouped by occupation
        cv = np.zeros((len(modern_y), 3))
        for k in range(5):
            train = fold != k
            text = onet_text + [t for t, keep in zip(modern_text, train) if keep]
            cv[~train] = tfidf_lr(text, np.concatenate([human, modern_y[train]]), list(np.array(modern_text)[~train]))
        cells += _set_cells(modern_y, cv, modern_mask)
        print("| baseline: TF-IDF + LR on O*NET labels + modern tasks | " + " | ".join(cells) + " |", flush=True)
    for spec in args.variants:
        started = time.perf_counter()
        params = json.loads(spec)
        uses_modern = float(params.get("modern_weight", 0)) > 0
        estimator = fit_on(
            TaskExposureEstimator(seed=DEFAULT_SEED, modern_cv=uses_modern, **params), data, modern=uses_modern
        )
        model = TaskExposureModel.from_training(estimator, data, {"free_text_prior_shift": FREE_TEXT_PRIOR_SHIFT})
        cells = dev_cells(lambda t, m=model: m.score_arrays(t).proba)
        if uses_modern:
            cells += _set_cells(modern_y, _shifted(estimator.modern_cv_proba_, estimator.class_prior_), modern_mask)
        else:
            cells += _set_cells(modern_y, model.score_arrays(modern_text).proba, modern_mask)
        print(f"| `{spec}` ({time.perf_counter() - started:.0f} s) | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
