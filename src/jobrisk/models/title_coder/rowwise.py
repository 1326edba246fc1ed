"""Row-wise arithmetic for the title index: top-k, pair dot products, look-ups in sparse rows.

Every function here computes each row's (or pair's) result from that row's values alone, in a
fixed order, so a title gets the same numbers whichever batch, process or worker codes it.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def row(matrix: sparse.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[a:b], matrix.data[a:b]


def top_rows(matrix: np.ndarray, limit: int, positive: bool = True) -> list[np.ndarray]:
    """Per row, the column ids of the ``limit`` largest values (only positive ones unless
    ``positive=False``), best first, ties by column id: a function of the row's values alone."""
    n = matrix.shape[1]
    if limit < n:
        kth = np.partition(matrix, n - limit, axis=1)[:, n - limit]
    else:
        kth = matrix.min(axis=1)
    out = []
    for row, cut in zip(matrix, kth):
        ids = np.flatnonzero(row >= cut)
        if positive:
            ids = ids[row[ids] > 0]
        ids = ids[np.lexsort((ids, -row[ids]))][:limit]
        out.append(ids)
    return out


def best(ids: np.ndarray, vals: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` largest positive ``vals``, best first, ties by id."""
    keep = np.flatnonzero(vals > 0)
    if len(keep) > limit:
        keep = keep[np.argpartition(-vals[keep], limit - 1)[:limit]]
    return keep[np.lexsort((ids[keep], -vals[keep]))]


def pool(ids: np.ndarray, vals: np.ndarray, size: int) -> np.ndarray:
    """The ids of the ``size`` largest positive ``vals`` (any order; ties at the cut all kept)."""
    keep = vals > 0
    ids, vals = ids[keep], vals[keep]
    if len(ids) > size:
        cut = np.partition(vals, len(vals) - size)[len(vals) - size]
        ids = ids[vals >= cut]
    return ids.astype(np.int64)


def pair_dots(
    rows: sparse.csr_matrix, keys: sparse.csr_matrix, pair_row: np.ndarray, pair_key: np.ndarray
) -> np.ndarray:
    """dot(rows[pair_row[i]], keys[pair_key[i]]) for every pair, float32.

    Each pair's sum runs over the key's n-grams in column order, so its value depends on the
    two vectors alone, never on the other pairs computed alongside.
    """
    out = np.zeros(len(pair_key), dtype=np.float32)
    if not len(pair_key) or not rows.nnz:
        return out
    starts, lengths = keys.indptr[pair_key], np.diff(keys.indptr)[pair_key]
    total = int(lengths.sum())
    if not total:
        return out
    # the rows as a dense table over only the columns they use (plus one column of zeros for
    # the keys' other columns): small enough to stay in cache, unlike the full vocabulary width
    used, local = np.unique(rows.indices, return_inverse=True)
    dense = np.zeros((rows.shape[0], len(used) + 1), dtype=np.float32)
    dense[np.repeat(np.arange(rows.shape[0]), np.diff(rows.indptr)), local] = rows.data
    column = np.full(rows.shape[1], len(used), dtype=np.int64)
    column[used] = np.arange(len(used))
    offsets = np.cumsum(lengths) - lengths
    owner = np.repeat(np.arange(len(pair_key), dtype=np.int64), lengths)
    pos = np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lengths)
    weights = dense[pair_row[owner], column[keys.indices[pos]]] * keys.data[pos]
    filled = np.flatnonzero(lengths)
    out[filled] = np.add.reduceat(weights, offsets[filled])
    return out


def pair_values(matrix: sparse.csr_matrix, pair_row: np.ndarray, pair_col: np.ndarray) -> np.ndarray:
    """matrix[pair_row[i], pair_col[i]] for every pair (0 where not stored), float32."""
    out = np.zeros(len(pair_col), dtype=np.float32)
    if not len(pair_col) or not matrix.nnz:
        return out
    matrix.sort_indices()
    width = np.int64(matrix.shape[1])
    row_of = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    stored = row_of * width + matrix.indices
    wanted = pair_row * width + pair_col
    at = np.minimum(np.searchsorted(stored, wanted), len(stored) - 1)
    return np.where(stored[at] == wanted, matrix.data[at], np.float32(0)).astype(np.float32)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.where(norms > 0, norms, 1.0), dtype=np.float32)


def dots(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Row-wise dot products computed element by element (the same bits whatever else is
    computed alongside, unlike a BLAS product whose blocking depends on the batch)."""
    return (matrix * vector).sum(axis=1, dtype=np.float32)
