"""Nearest labelled O*NET tasks as evidence for free text (the nearest-neighbour view).

A task typed in someone's own words has no DWA links, so the text models alone must judge
it. This view adds what the most similar labelled task statements say: for each text, the
``k`` nearest labelled tasks by a blend of word TF-IDF cosine and encoder-vector cosine, and
from them similarity-weighted human-label and GPT-4-label distributions plus the top and
mean similarities (so stage 2 learns when to trust the neighbours).

A second block looks up the nearest O*NET Detailed Work Activities (DWA titles, e.g. "Write
computer programs") instead of tasks: each DWA carries the label distribution pooled over the
labelled tasks linked to it, so a free text inherits what is known about the work activity it
describes, however O*NET phrased the individual tasks. Its features: the similarity-weighted
pooled human-label distribution of the ``DWA_K`` nearest DWAs, the top and mean similarity.

During fitting the features of a training task come only from tasks of other occupations
(cross-fitted by occupation), exactly as for a new text, so stage 2 never learns to trust a
task's own occupation's labels; the DWA pools likewise count only the other folds' tasks.

Pure numpy/scipy; no catalog imports.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

#: Task block: human-label distribution (3), GPT-4-label distribution (3), top-1 and mean top-k similarity.
N_TASK_FEATURES = 8
#: DWA block: pooled human-label distribution (3), top-1 and mean top-k similarity.
N_DWA_FEATURES = 5
N_NEIGHBOUR_FEATURES = N_TASK_FEATURES + N_DWA_FEATURES
DWA_K = 5
#: Pseudo-count of the prior in a DWA's pooled label distribution (few linked tasks -> near the prior).
DWA_PRIOR_WEIGHT = 3.0
#: Weight of the word TF-IDF cosine in the blended similarity (the rest is the encoder cosine).
WORD_WEIGHT = 0.5
DEFAULT_K = 10
#: Softmax temperature turning the k similarities into neighbour weights.
TEMPERATURE = 0.05
_CHUNK = 1024


def neutral_features(n: int, prior: np.ndarray | None = None) -> np.ndarray:
    """Feature rows that carry no neighbour evidence (used for rows that never need it)."""
    prior = np.full(3, 1 / 3) if prior is None else np.asarray(prior, dtype=np.float64)
    out = np.zeros((n, N_NEIGHBOUR_FEATURES))
    out[:, 0:3] = prior
    out[:, 3:6] = prior
    out[:, N_TASK_FEATURES : N_TASK_FEATURES + 3] = prior
    return out


def reference_views(ref_words: sparse.csr_matrix, ref_vectors: np.ndarray) -> tuple:
    """The transposed reference matrices :func:`nearest` multiplies by (build once, reuse).

    The word view is CSR: SciPy multiplies CSR by CSR, so a CSC view was converted on every call
    (about 3 ms of CPU per query on the O*NET reference, 20 times the product itself)."""
    return ref_words.T.tocsr(), np.ascontiguousarray(np.asarray(ref_vectors, dtype=np.float32).T)


def nearest(
    query_words: sparse.csr_matrix,
    query_vectors: np.ndarray,
    ref_words: sparse.csr_matrix,
    ref_vectors: np.ndarray,
    k: int = DEFAULT_K,
    views: tuple | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(indices, blended similarities) of the ``k`` most similar reference rows, best first.

    Word rows are L2-normalised TF-IDF; vectors are unit rows (zero for empty text). ``views``
    = :func:`reference_views` of the reference, when the caller keeps them.
    """
    n, m = query_words.shape[0], ref_words.shape[0]
    k = max(1, min(k, m))
    index = np.zeros((n, k), dtype=np.int64)
    sims = np.zeros((n, k))
    ref_t, ref_v = views if views is not None else reference_views(ref_words, ref_vectors)
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        block = (1 - WORD_WEIGHT) * (np.asarray(query_vectors[start:stop], dtype=np.float32) @ ref_v)
        block += WORD_WEIGHT * (query_words[start:stop] @ ref_t).toarray().astype(np.float32)
        if k < m:
            top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        else:
            top = np.tile(np.arange(m), (stop - start, 1))
        values = np.take_along_axis(block, top, axis=1)
        order = np.argsort(-values, axis=1, kind="stable")
        index[start:stop] = np.take_along_axis(top, order, axis=1)
        sims[start:stop] = np.take_along_axis(values, order, axis=1)
    return index, sims


def features_from(index: np.ndarray, sims: np.ndarray, ref_human: np.ndarray, ref_gpt4: np.ndarray) -> np.ndarray:
    """The task block of neighbour features from :func:`nearest` output and the reference tasks' labels."""
    n = len(index)
    out = np.zeros((n, N_TASK_FEATURES))
    if n == 0:
        return out
    weights = np.exp((sims - sims[:, :1]) / TEMPERATURE)
    human = ref_human[index]
    gpt4 = ref_gpt4[index]
    for c in range(3):
        out[:, c] = (weights * (human == c)).sum(axis=1)
        out[:, 3 + c] = (weights * (gpt4 == c)).sum(axis=1) + 1e-3
    out[:, 0:3] /= out[:, 0:3].sum(axis=1, keepdims=True)
    out[:, 3:6] /= out[:, 3:6].sum(axis=1, keepdims=True)
    out[:, 6] = sims[:, 0]
    out[:, 7] = sims.mean(axis=1)
    return out


def dwa_label_pools(dwa_ids: list[str], task_dwa_tokens: list[str], human: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """(n_dwas, 3) human-label distribution of the labelled tasks linked to each DWA, shrunk toward
    ``prior`` by DWA_PRIOR_WEIGHT pseudo-tasks (a DWA without labelled tasks gets the prior)."""
    position = {d: i for i, d in enumerate(dwa_ids)}
    counts = np.zeros((len(dwa_ids), 3))
    for tokens, label in zip(task_dwa_tokens, human):
        for token in tokens.split():
            if token.startswith("D_") and token[2:] in position:
                counts[position[token[2:]], label] += 1
    counts += DWA_PRIOR_WEIGHT * np.asarray(prior)[None, :]
    return counts / counts.sum(axis=1, keepdims=True)


def dwa_features(
    query_words: sparse.csr_matrix,
    query_vectors: np.ndarray,
    dwa_words: sparse.csr_matrix,
    dwa_vectors: np.ndarray,
    pools: np.ndarray,
    k: int = DWA_K,
    views: tuple | None = None,
) -> np.ndarray:
    """The DWA block for each query row (see the module docstring)."""
    n = query_words.shape[0]
    out = np.zeros((n, N_DWA_FEATURES))
    if n == 0:
        return out
    index, sims = nearest(query_words, query_vectors, dwa_words, dwa_vectors, k, views)
    weights = np.exp((sims - sims[:, :1]) / TEMPERATURE)
    weights /= weights.sum(axis=1, keepdims=True)
    out[:, 0:3] = np.einsum("nk,nkc->nc", weights, pools[index])
    out[:, 3] = sims[:, 0]
    out[:, 4] = sims.mean(axis=1)
    return out


def neighbour_features(
    query_words: sparse.csr_matrix,
    query_vectors: np.ndarray,
    ref_words: sparse.csr_matrix,
    ref_vectors: np.ndarray,
    ref_human: np.ndarray,
    ref_gpt4: np.ndarray,
    k: int = DEFAULT_K,
    views: tuple | None = None,
) -> np.ndarray:
    """Neighbour features of each query row against the labelled reference rows."""
    if query_words.shape[0] == 0:
        return np.zeros((0, N_TASK_FEATURES))
    index, sims = nearest(query_words, query_vectors, ref_words, ref_vectors, k, views)
    return features_from(index, sims, np.asarray(ref_human), np.asarray(ref_gpt4))


def stage2_part(features: np.ndarray) -> np.ndarray:
    """Stage-2 inputs from neighbour features: log distributions, similarities, and their products
    (so trust in the neighbours can grow with their similarity). A model saved before the DWA
    block has only the task block's columns."""
    log_h = np.log(np.clip(features[:, 0:3], 0.02, 1.0))
    log_g = np.log(np.clip(features[:, 3:6], 0.02, 1.0))
    top = features[:, 6:7]
    parts = [log_h, log_g, features[:, 6:8], top * log_h, top * log_g]
    if features.shape[1] >= N_NEIGHBOUR_FEATURES:
        dwa = features[:, N_TASK_FEATURES:N_NEIGHBOUR_FEATURES]
        log_d = np.log(np.clip(dwa[:, 0:3], 0.02, 1.0))
        parts += [log_d, dwa[:, 3:5], dwa[:, 3:4] * log_d]
    return np.hstack(parts)
