"""Nearest labelled O*NET tasks as evidence for free text (the nearest-neighbour view).

A task typed in someone's own words has no DWA links, so the text models alone must judge
it. This view adds what the most similar labelled task statements say: for each text, the
``k`` nearest labelled tasks by a blend of word TF-IDF cosine and encoder-vector cosine, and
from them similarity-weighted human-label and GPT-4-label distributions plus the top and
mean similarities (so stage 2 learns when to trust the neighbours).

During fitting the features of a training task come only from tasks of other occupations
(cross-fitted by occupation), exactly as for a new text, so stage 2 never learns to trust a
task's own occupation's labels.

Pure numpy/scipy; no catalog imports.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

#: Feature columns: human-label distribution (3), GPT-4-label distribution (3), top-1 and mean top-k similarity.
N_NEIGHBOUR_FEATURES = 8
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
    return out


def nearest(query_words: sparse.csr_matrix, query_vectors: np.ndarray, ref_words: sparse.csr_matrix,
            ref_vectors: np.ndarray, k: int = DEFAULT_K) -> tuple[np.ndarray, np.ndarray]:
    """(indices, blended similarities) of the ``k`` most similar reference rows, best first.

    Word rows are L2-normalised TF-IDF; vectors are unit rows (zero for empty text).
    """
    n, m = query_words.shape[0], ref_words.shape[0]
    k = max(1, min(k, m))
    index = np.zeros((n, k), dtype=np.int64)
    sims = np.zeros((n, k))
    ref_t = ref_words.T.tocsc()
    ref_v = np.ascontiguousarray(ref_vectors, dtype=np.float32).T
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
    """Neighbour feature rows from :func:`nearest` output and the reference tasks' labels."""
    n = len(index)
    out = np.zeros((n, N_NEIGHBOUR_FEATURES))
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


def neighbour_features(query_words: sparse.csr_matrix, query_vectors: np.ndarray, ref_words: sparse.csr_matrix,
                       ref_vectors: np.ndarray, ref_human: np.ndarray, ref_gpt4: np.ndarray,
                       k: int = DEFAULT_K) -> np.ndarray:
    """Neighbour features of each query row against the labelled reference rows."""
    if query_words.shape[0] == 0:
        return np.zeros((0, N_NEIGHBOUR_FEATURES))
    index, sims = nearest(query_words, query_vectors, ref_words, ref_vectors, k)
    return features_from(index, sims, np.asarray(ref_human), np.asarray(ref_gpt4))


def stage2_part(features: np.ndarray) -> np.ndarray:
    """Stage-2 inputs from neighbour features: log distributions, similarities, and their products
    (so trust in the neighbours can grow with their similarity)."""
    log_h = np.log(np.clip(features[:, 0:3], 0.02, 1.0))
    log_g = np.log(np.clip(features[:, 3:6], 0.02, 1.0))
    top = features[:, 6:7]
    return np.hstack([log_h, log_g, features[:, 6:8], top * log_h, top * log_g])
