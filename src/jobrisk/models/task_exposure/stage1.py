"""Stage 1 of the task exposure model: fitting and applying the text and text + DWA models.

``_fit_stage1`` fits, on one training fold, the featurizer and the multinomial logistic
regressions of stage 1 (text view -> human exposure, GPT-4 exposure, GPT-4 automation; text +
DWA view -> human exposure, automation) and, when asked, the binary model of physical work
(text view -> whether the task's DWA links lie under O*NET's physical work activities; see
:mod:`.neighbours`). ``_predict_stage1`` applies them from feature blocks without stacking the
blocks; ``unknown_word_share`` measures how many of a text's words the text models never saw.

Used by :mod:`.estimator` only. scikit-learn is imported to fit, never to predict.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from jobrisk.models.task_exposure.features import TaskFeaturizer

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

    from jobrisk.models.task_exposure.estimator import TaskRows

_WORD = re.compile(r"\b\w\w+\b")


def _lr(C: float) -> LogisticRegression:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=500, tol=1e-3)


def _fit_stage1(
    rows: TaskRows,
    human: np.ndarray,
    gpt4: np.ndarray,
    automation: np.ndarray,
    embeddings: np.ndarray,
    physical: np.ndarray | None,
    weights: np.ndarray | None,
    text_only: np.ndarray | None,
    encoder_name: str,
    C: float,
    char_ngrams: bool = False,
) -> tuple:
    """Featurizer and stage-1 models of one fold. ``weights`` (default 1) weigh the rows in every
    model; rows marked ``text_only`` (modern tasks, without DWA links) stay out of the text + DWA
    models."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # parallelism comes from joblib over folds, not BLAS threads
        featurizer = TaskFeaturizer(encoder_name, char_ngrams=char_ngrams).fit(rows.task, rows.dwa_tokens)
        text_x = featurizer.text_matrix(rows.task, embeddings)
        full_x = featurizer.full_matrix(text_x, rows.dwa_tokens)
        models = {}
        weights = np.ones(len(human)) if weights is None else np.asarray(weights, dtype=np.float64)
        with_dwas = np.ones(len(human), dtype=bool) if text_only is None else ~np.asarray(text_only, dtype=bool)
        for name, x, target in (
            ("text_h", text_x, human),
            ("text_g", text_x, gpt4),
            ("text_a", text_x, automation),
            ("full_h", full_x, human),
            ("full_a", full_x, automation),
        ):
            known = (target >= 0) & (with_dwas if name.startswith("full") else True)
            models[name] = _lr(C).fit(x[known], target[known], sample_weight=weights[known])
        if physical is not None and len(set(physical[physical >= 0].tolist())) == 2:
            known = physical >= 0
            models["text_p"] = _lr(C).fit(text_x[known], physical[known], sample_weight=weights[known])
        return featurizer, models


def _full_proba(model: LogisticRegression, x, n_classes: int) -> np.ndarray:
    """predict_proba with a column for every class, also ones missing from the training fold."""
    out = np.zeros((x.shape[0], n_classes))
    out[:, model.classes_] = model.predict_proba(x)
    return out


def _block_proba(model: LogisticRegression, blocks: tuple, n_classes: int) -> np.ndarray:
    """predict_proba from feature blocks (sparse words, dense vectors, sparse DWA tokens) without
    stacking them: the same softmax of the linear decision, several times faster on dense blocks."""
    if model.coef_.shape[0] == 1:  # two classes only (tiny training folds): use sklearn's own path
        stacked = sparse.hstack([sparse.csr_matrix(b) for b in blocks]).tocsr()
        return _full_proba(model, stacked, n_classes)
    decision = np.tile(model.intercept_, (blocks[0].shape[0], 1))
    start = 0
    for block in blocks:
        width = block.shape[1]
        decision += np.asarray(block @ model.coef_[:, start : start + width].T)
        start += width
    decision -= decision.max(axis=1, keepdims=True)
    np.exp(decision, out=decision)
    decision /= decision.sum(axis=1, keepdims=True)
    out = np.zeros((decision.shape[0], n_classes))
    out[:, model.classes_] = decision
    return out


def _physical_proba(models: dict, text: tuple) -> np.ndarray | None:
    """P(the text describes physical work) from the text-view blocks; None without that model."""
    model = models.get("text_p")
    if model is None:
        return None
    decision = np.full(text[0].shape[0], float(np.ravel(model.intercept_)[0]))
    start = 0
    for block in text:
        width = block.shape[1]
        decision += np.asarray(block @ model.coef_[0, start : start + width]).ravel()
        start += width
    return 1.0 / (1.0 + np.exp(-decision))


def _predict_stage1(
    featurizer: TaskFeaturizer, models: dict, rows: TaskRows, embeddings: np.ndarray, text: tuple | None = None
) -> np.ndarray:
    text = featurizer.text_blocks(rows.task, embeddings) if text is None else text
    full = (*text, featurizer.dwas_.transform(rows.dwa_tokens))
    return np.hstack(
        [
            _block_proba(models["text_h"], text, 3),
            _block_proba(models["text_g"], text, 3),
            _block_proba(models["text_a"], text, 5),
            _block_proba(models["full_h"], full, 3),
            _block_proba(models["full_a"], full, 5),
        ]
    )


def unknown_word_share(texts: list[str], vocabulary: frozenset[str]) -> np.ndarray:
    """Per text, the share of its words (stop words aside) that ``vocabulary`` lacks (0 for none)."""
    from jobrisk.models.fitted_sklearn import ENGLISH_STOP_WORDS

    out = np.zeros(len(texts))
    for i, text in enumerate(texts):
        words = [w for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]
        if words:
            out[i] = sum(w not in vocabulary for w in words) / len(words)
    return out
