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

Physical or other work (the sense of a verb). A word such as "tune", "build", "rotate" or
"set up" names physical work in most O*NET statements ("Tune or overhaul engines", "Rotate
tires") and other work in a person's own task ("Tune hyperparameters of ...", "Rotate expiring
TLS certs"). O*NET says which work is physical: its content model groups work activities under
Performing Physical and Manual Work Activities (4.A.3.a.*) and Repairing and Maintaining
Mechanical or Electronic Equipment (4.A.3.b.4, 4.A.3.b.5) (``PHYSICAL_ELEMENTS``). A labelled task
is physical when at least half of its DWA links lie under them, a DWA when it does. With
``p_physical`` (the probability that the text describes physical work, from a model of the
text's words and sentence vector) each block is the mixture of two searches: among the physical
reference rows and among the others (rows of unknown kind in both), weighted ``p_physical`` and
``1 - p_physical``. So the neighbours of a text read as other work are other work, whatever its
verb's usual O*NET sense, and nothing is thresholded. This is the estimator's ``sense_split``
option; it did not lift the development sets and is off in the shipped model (docs/free-text.md).

During fitting the features of a training task come only from tasks of other occupations
(cross-fitted by occupation), exactly as for a new text, so stage 2 never learns to trust a
task's own occupation's labels; the DWA pools likewise count only the other folds' tasks, and a
training task's ``p_physical`` comes from a model fit on the other folds.

Pure numpy/scipy; no catalog imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
#: O*NET content-model work activities of physical work (see the module docstring).
PHYSICAL_ELEMENTS = frozenset({"4.A.3.a.1", "4.A.3.a.2", "4.A.3.a.3", "4.A.3.a.4", "4.A.3.b.4", "4.A.3.b.5"})
#: Kinds of reference rows: physical work, other work, unknown (no DWA links).
PHYSICAL, OTHER, UNKNOWN = 1, 0, -1


def task_kinds(dwa_token_strings: list[str]) -> np.ndarray:
    """PHYSICAL, OTHER or UNKNOWN per task, from its DWA token string (``D_<dwa id>`` tokens)."""
    out = np.full(len(dwa_token_strings), UNKNOWN, dtype=np.int8)
    for i, tokens in enumerate(dwa_token_strings):
        dwas = [t[2:] for t in tokens.split() if t.startswith("D_")]
        if dwas:
            physical = sum(dwa_element(d) in PHYSICAL_ELEMENTS for d in dwas)
            out[i] = PHYSICAL if 2 * physical >= len(dwas) else OTHER
    return out


def dwa_element(dwa_id: str) -> str:
    """The content-model work activity of a DWA id ("4.A.3.a.2.I05.D01" -> "4.A.3.a.2")."""
    return dwa_id.split(".I", 1)[0]


def dwa_kinds(dwa_ids: list[str]) -> np.ndarray:
    return np.array([PHYSICAL if dwa_element(d) in PHYSICAL_ELEMENTS else OTHER for d in dwa_ids], dtype=np.int8)


def _kind_columns(kinds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(physical-or-unknown columns, other-or-unknown columns) of the reference."""
    kinds = np.asarray(kinds)
    return np.flatnonzero(kinds != OTHER), np.flatnonzero(kinds != PHYSICAL)


def neutral_features(n: int, prior: np.ndarray | None = None) -> np.ndarray:
    """Feature rows that carry no neighbour evidence (used for rows that never need it)."""
    prior = np.full(3, 1 / 3) if prior is None else np.asarray(prior, dtype=np.float64)
    out = np.zeros((n, N_NEIGHBOUR_FEATURES))
    out[:, 0:3] = prior
    out[:, 3:6] = prior
    out[:, N_TASK_FEATURES : N_TASK_FEATURES + 3] = prior
    return out


@dataclass(frozen=True)
class Query:
    """The rows a search looks up: TF-IDF word rows (L2-normalised), unit vectors (zero for empty
    text), and with the sense split each row's P(physical work) (None: one search)."""

    words: sparse.csr_matrix
    vectors: np.ndarray
    p_physical: np.ndarray | None = None


@dataclass(frozen=True)
class Reference:
    """The rows a query is compared with, as :class:`Query` rows are written; ``views``: their
    :func:`reference_views` when the caller keeps them; ``kinds``: PHYSICAL, OTHER or UNKNOWN per
    row, for the sense split (None: one search over all rows)."""

    words: sparse.csr_matrix
    vectors: np.ndarray
    views: tuple | None = None
    kinds: np.ndarray | None = None


def reference_views(ref_words: sparse.csr_matrix, ref_vectors: np.ndarray) -> tuple:
    """The transposed reference matrices :func:`nearest` multiplies by (build once, reuse).

    The word view is CSR: SciPy multiplies CSR by CSR, so a CSC view was converted on every call
    (about 3 ms of CPU per query on the O*NET reference, 20 times the product itself)."""
    return ref_words.T.tocsr(), np.ascontiguousarray(np.asarray(ref_vectors, dtype=np.float32).T)


def nearest(query: Query, reference: Reference, k: int = DEFAULT_K) -> tuple[np.ndarray, np.ndarray]:
    """(indices, blended similarities) of the ``k`` most similar reference rows, best first."""
    return nearest_parts(query, reference, k)[0]


def nearest_parts(
    query: Query, reference: Reference, k: int = DEFAULT_K, parts: tuple[np.ndarray, ...] | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`nearest` within each part of the reference (``parts``: arrays of reference row
    numbers; default one part, the whole reference), the similarities computed once."""
    query_words, query_vectors = query.words, query.vectors
    n, m = query_words.shape[0], reference.words.shape[0]
    columns = [None] if parts is None else list(parts)
    out = []
    for cols in columns:
        size = m if cols is None else len(cols)
        kk = max(1, min(k, size))
        out.append((np.zeros((n, kk), dtype=np.int64), np.zeros((n, kk))))
    views = reference.views
    ref_t, ref_v = views if views is not None else reference_views(reference.words, reference.vectors)
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        block = (1 - WORD_WEIGHT) * (np.asarray(query_vectors[start:stop], dtype=np.float32) @ ref_v)
        block += WORD_WEIGHT * (query_words[start:stop] @ ref_t).toarray().astype(np.float32)
        for cols, (index, sims) in zip(columns, out):
            part = block if cols is None else block[:, cols]
            top, values = _top(part, index.shape[1])
            index[start:stop] = top if cols is None else cols[top]
            sims[start:stop] = values
    return out


def _top(block: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column numbers and values of each row's ``k`` largest entries, largest first."""
    m = block.shape[1]
    if m == 0:
        return np.zeros((block.shape[0], k), dtype=np.int64), np.zeros((block.shape[0], k))
    if k < m:
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
    else:
        top = np.tile(np.arange(m), (block.shape[0], 1))
    values = np.take_along_axis(block, top, axis=1)
    order = np.argsort(-values, axis=1, kind="stable")
    return np.take_along_axis(top, order, axis=1), np.take_along_axis(values, order, axis=1)


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


def _dwa_block(pools: np.ndarray, index: np.ndarray, sims: np.ndarray) -> np.ndarray:
    out = np.zeros((len(index), N_DWA_FEATURES))
    weights = np.exp((sims - sims[:, :1]) / TEMPERATURE)
    weights /= weights.sum(axis=1, keepdims=True)
    out[:, 0:3] = np.einsum("nk,nkc->nc", weights, pools[index])
    out[:, 3] = sims[:, 0]
    out[:, 4] = sims.mean(axis=1)
    return out


def _mixed(blocks: list[np.ndarray], p_physical: np.ndarray | None) -> np.ndarray:
    """One block, or the mixture of the physical and other searches' blocks by ``p_physical``."""
    if len(blocks) == 1:
        return blocks[0]
    p = np.asarray(p_physical, dtype=np.float64)[:, None]
    return p * blocks[0] + (1 - p) * blocks[1]


def _searched(
    query: Query, reference: Reference, k: int, block: Callable[[np.ndarray, np.ndarray], np.ndarray]
) -> np.ndarray:
    """``block`` of each search's (indices, similarities): one search, or with ``p_physical`` and
    the reference's ``kinds`` the mixture of the searches among physical and other rows."""
    kinds = reference.kinds
    parts = None if query.p_physical is None or kinds is None else _kind_columns(kinds)
    found = nearest_parts(query, reference, k, parts)
    return _mixed([block(index, sims) for index, sims in found], query.p_physical)


def dwa_features(query: Query, dwas: Reference, pools: np.ndarray, k: int = DWA_K) -> np.ndarray:
    """The DWA block for each query row (see the module docstring): the DWAs' pooled labels
    (``pools``, :func:`dwa_label_pools`) weighed by their similarity."""
    if query.words.shape[0] == 0:
        return np.zeros((0, N_DWA_FEATURES))
    return _searched(query, dwas, k, lambda index, sims: _dwa_block(pools, index, sims))


def neighbour_features(
    query: Query, reference: Reference, ref_human: np.ndarray, ref_gpt4: np.ndarray, k: int = DEFAULT_K
) -> np.ndarray:
    """Neighbour features of each query row against the labelled reference rows (their human and
    GPT-4 labels)."""
    if query.words.shape[0] == 0:
        return np.zeros((0, N_TASK_FEATURES))
    human, gpt4 = np.asarray(ref_human), np.asarray(ref_gpt4)
    return _searched(query, reference, k, lambda index, sims: features_from(index, sims, human, gpt4))


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
