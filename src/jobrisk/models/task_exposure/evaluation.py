"""Evaluation of the task exposure model against the human labels, next to baselines.

``evaluate(data, seed)`` runs two grouped splits (5-fold GroupKFold by occupation, and
5-fold GroupKFold by SOC major group, so whole major groups are unseen), fits the model on
each training fold and scores the test fold three ways:

- ``full``: as the catalog scores O*NET tasks (DWA links + occupation context);
- ``onet_statement``: DWA links, no occupation code;
- ``free_text``: text only, combined as a user's own words are (the free-text stage 2, fit on
  both raters' labels; scored here against the human label like every row);
- ``free_text_human``: text only, combined by the stage 2 fit on human labels alone.

Each is reported on all test tasks and on test tasks whose nearest training task is not a
near-duplicate (cosine similarity of encoder vectors < NEAR_DUPLICATE_SIMILARITY).
Baselines: majority class, TF-IDF + logistic regression (word 1-2 grams), and GPT-4's own
labels. Metrics: 3-class accuracy, Cohen's kappa, linear-weighted kappa, binary kappa and AUC
(exposed = E1 or E2), occupation-level exposure Pearson r, expected calibration error, and
for automation the Spearman rho with GPT-4's T-level.

Free text is evaluated honestly: the ``free_text`` path of a test task sees neither its DWA
links nor its occupation, and its nearest-neighbour evidence comes from the training folds
only (other occupations). Finally a model fit on all labelled tasks scores the team-written
free-text sanity set (:mod:`.free_text_check`) and the modern-task development set
development sets (:mod:`.dev_set`), when the repository's copies are present.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, roc_auc_score
from sklearn.model_selection import GroupKFold

from jobrisk.models.embeddings import get_encoder
from jobrisk.models.task_exposure.estimator import TASK_ENCODER, TaskExposureEstimator, TaskRows
from jobrisk.models.task_exposure.training import SHIPPED_PARAMS, fit_on

NEAR_DUPLICATE_SIMILARITY = 0.9
_WEIGHTS = np.array([0.0, 1.0, 0.5])


def expected_calibration_error(y: np.ndarray, proba: np.ndarray, bins: int = 10) -> float:
    """Top-label ECE: mean |accuracy - confidence| over equal-width confidence bins, weighted by size."""
    top = proba.max(axis=1)
    correct = proba.argmax(axis=1) == y
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(top, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        pick = which == b
        if pick.any():
            total += pick.sum() * abs(correct[pick].mean() - top[pick].mean())
    return float(total / len(y))


def classification_metrics(y: np.ndarray, proba: np.ndarray, groups: list[str]) -> dict:
    """Every human-label metric of the report for class indices ``y`` and probabilities ``proba``."""
    y = np.asarray(y, dtype=int)
    pred = proba.argmax(axis=1)
    exposed_true, exposed_score = y > 0, 1 - proba[:, 0]
    exposure = proba @ _WEIGHTS
    occ = pd.DataFrame({"code": groups, "pred": exposure, "true": _WEIGHTS[y]}).groupby("code").mean()
    two_classes = len(set(exposed_true)) == 2
    return {
        "tasks": len(y),
        "accuracy": float(np.mean(pred == y)),
        "kappa": float(cohen_kappa_score(y, pred)),
        "kappa_linear": float(cohen_kappa_score(y, pred, weights="linear")),
        "binary_kappa": float(cohen_kappa_score(exposed_true, exposed_score >= 0.5)),
        "binary_auc": float(roc_auc_score(exposed_true, exposed_score)) if two_classes else float("nan"),
        "occupation_exposure_pearson": float(np.corrcoef(occ["pred"], occ["true"])[0, 1])
        if len(occ) > 2
        else float("nan"),
        "occupations": len(occ),
        "ece": expected_calibration_error(y, proba),
    }


def tfidf_lr(train_text: list[str], train_y: np.ndarray, test_text: list[str]) -> np.ndarray:
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(vectorizer.fit_transform(train_text), train_y)
    out = np.zeros((len(test_text), 3))
    out[:, model.classes_] = model.predict_proba(vectorizer.transform(test_text))
    return out


def _max_similarity(test_vectors: np.ndarray, train_vectors: np.ndarray) -> np.ndarray:
    out = np.zeros(len(test_vectors))
    for start in range(0, len(test_vectors), 2048):
        out[start : start + 2048] = (test_vectors[start : start + 2048] @ train_vectors.T).max(axis=1)
    return out


def _split_groups(data, how: str) -> np.ndarray:
    codes = data.labelled["onet_soc_code"]
    return (codes if how == "occupation" else codes.str[:2]).to_numpy()


def modern_summary(data) -> dict | None:
    """What the shipped settings train on of the modern tasks (None when they are off)."""
    from jobrisk.models.task_exposure.modern import MODERN_PARTS
    from jobrisk.models.task_exposure.training import modern_checksum

    weight = float(SHIPPED_PARAMS.get("modern_weight", 0.0))
    if weight <= 0 or data.modern is None or not len(data.modern):
        return None
    parts = list(SHIPPED_PARAMS.get("modern_parts", MODERN_PARTS))
    return {"tasks": len(data.modern), "weight": weight, "parts": parts, "sha256": modern_checksum(data.modern)}


def _modern_outside(data, how: str, test_groups: set[str]):
    """The modern training rows whose occupation (or major group) is not among the test groups."""
    inputs = data.modern_inputs()
    if inputs is None:
        return None
    rows, labels = inputs
    keys = [c if how == "occupation" else c[:2] for c in rows.onet_soc_code]
    keep = np.array([k not in test_groups for k in keys], dtype=bool)
    return rows.take(np.flatnonzero(keep)), labels[keep]


def cross_validate(
    data, how: str, seed: int, crossfit_folds: int = 3, n_jobs: int = 2, log: Callable[[str], None] = print
) -> dict:
    """Out-of-fold predictions of the model and the baselines for one grouped split."""
    frame = data.labelled
    rows, context = data.rows(), data.context_rows()
    human, gpt4, automation = data.targets()
    groups = _split_groups(data, how)
    vectors = get_encoder(TASK_ENCODER).encode(rows.task)
    n = len(frame)
    out = {
        name: np.zeros((n, 3))
        for name in ("full", "onet_statement", "free_text", "free_text_human", "tfidf_lr", "majority")
    }
    auto = {name: np.zeros(n) for name in ("full", "free_text")}
    max_sim = np.zeros(n)
    splitter = GroupKFold(n_splits=5, shuffle=True, random_state=seed)
    for fold, (train, test) in enumerate(splitter.split(vectors, human, groups)):
        started = time.perf_counter()
        est = TaskExposureEstimator(crossfit_folds=crossfit_folds, seed=seed, n_jobs=n_jobs, **SHIPPED_PARAMS).fit(
            rows.take(train),
            human[train],
            gpt4[train],
            automation[train],
            context_rows=context,
            dwa_reference=data.dwa_reference,
            modern=_modern_outside(data, how, set(groups[test].tolist())),
        )
        test_rows = rows.take(test)
        s1 = est.stage1(test_rows, vectors[test])
        out["full"][test], auto["full"][test], _ = est.combine(s1, test_rows)
        no_code = TaskRows(test_rows.task, [""] * len(test), test_rows.dwa_tokens)
        out["onet_statement"][test] = est.combine(s1, no_code)[0]
        free = TaskRows(test_rows.task, [""] * len(test), [""] * len(test))
        free_s1 = est.stage1(free, vectors[test])
        out["free_text"][test], auto["free_text"][test], _ = est.combine(free_s1, free, np.ones(len(test), bool))
        out["free_text_human"][test] = est.combine(free_s1, free)[0]
        out["tfidf_lr"][test] = tfidf_lr([rows.task[i] for i in train], human[train], test_rows.task)
        out["majority"][test] = np.bincount(human[train], minlength=3)[None, :] / len(train)
        max_sim[test] = _max_similarity(vectors[test], vectors[train])
        log(
            f"  {how} fold {fold + 1}/5: {len(train)} train / {len(test)} test tasks, "
            f"{time.perf_counter() - started:.0f}s"
        )
    return {"proba": out, "automation": auto, "max_similarity": max_sim, "groups": groups}


def _gpt4_proba(gpt4: np.ndarray) -> np.ndarray:
    known = gpt4 >= 0
    proba = np.full((len(gpt4), 3), 1 / 3)
    proba[known] = np.eye(3)[gpt4[known]]
    return proba


def summarise(data, result: dict) -> dict:
    """Metrics tables for one split: {subset: {method: metrics}} plus automation rank correlations."""
    human, gpt4, automation = data.targets()
    codes = data.labelled["onet_soc_code"].tolist()
    novel = result["max_similarity"] < NEAR_DUPLICATE_SIMILARITY
    methods = dict(result["proba"], gpt4_labels=_gpt4_proba(gpt4))
    tables: dict[str, object] = {}
    for subset, pick in (("all", np.ones(len(human), dtype=bool)), ("not_near_duplicate", novel)):
        index = np.flatnonzero(pick)
        tables[subset] = {
            name: classification_metrics(human[index], proba[index], [codes[i] for i in index])
            for name, proba in methods.items()
        }
    known = automation >= 0
    tables["automation_spearman_vs_gpt4_level"] = {
        name: float(spearmanr(values[known], automation[known]).statistic)
        for name, values in result["automation"].items()
    }
    tables["near_duplicate_share"] = float(1 - novel.mean())
    return tables


def evaluate(data, seed: int, crossfit_folds: int = 3, n_jobs: int = 2, log: Callable[[str], None] = print) -> dict:
    """The full evaluation (both splits); returns a JSON-ready dict."""
    from jobrisk.models.task_exposure.dev_set import DEV_SET_PATHS, dev_set_check
    from jobrisk.models.task_exposure.free_text_check import DEFAULT_PATH, free_text_check
    from jobrisk.models.task_exposure.model import TaskExposureModel

    report = {
        "modern_tasks": modern_summary(data),
        "seed": seed,
        "near_duplicate_similarity": NEAR_DUPLICATE_SIMILARITY,
        "tasks": len(data.labelled),
        "occupations": int(data.labelled["onet_soc_code"].nunique()),
        "training_data_sha256": data.checksum,
        "splits": {},
    }
    for how in ("occupation", "major_group"):
        started = time.perf_counter()
        log(f"GroupKFold by {how}")
        result = cross_validate(data, how, seed, crossfit_folds=crossfit_folds, n_jobs=n_jobs, log=log)
        report["splits"][how] = summarise(data, result)
        report["splits"][how]["seconds"] = round(time.perf_counter() - started, 1)
    if DEFAULT_PATH.exists():
        log("free-text sanity check (model fit on all labelled tasks)")
        est = fit_on(
            TaskExposureEstimator(crossfit_folds=crossfit_folds, seed=seed, n_jobs=n_jobs, **SHIPPED_PARAMS), data
        )
        model = TaskExposureModel.from_training(est, data, {})
        report["free_text_check"] = free_text_check(model)
        report["dev_sets"] = []
        for path in DEV_SET_PATHS:
            if path.exists():
                log(f"modern-task development set {path.name}")
                report["dev_sets"].append(dev_set_check(model, data.labelled, path))
    return report
