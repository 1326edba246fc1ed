"""Row-wise arithmetic of the title index: the fast forms give the same numbers as the plain ones."""

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

from jobrisk.models.title_coder import rowwise


def test_pair_dots_equal_the_dot_products_of_dense_rows():
    rng = np.random.default_rng(4)
    rows = sparse.random(7, 300, density=0.05, format="csr", dtype=np.float32, random_state=1)
    keys = sparse.random(40, 300, density=0.08, format="csr", dtype=np.float32, random_state=2)
    keys.sort_indices()
    pair_row = rng.integers(0, 7, size=90)
    pair_key = rng.integers(0, 40, size=90)
    got = rowwise.pair_dots(rows, keys, pair_row, pair_key)
    dense_rows, dense_keys = rows.toarray(), keys.toarray()
    want = np.array([dense_rows[r] @ dense_keys[k] for r, k in zip(pair_row, pair_key)], dtype=np.float32)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    assert (got[np.abs(want) > 0] != 0).all()
    # a pair's value does not depend on the other pairs computed with it
    alone = [rowwise.pair_dots(rows, keys, pair_row[i : i + 1], pair_key[i : i + 1])[0] for i in range(90)]
    assert np.array_equal(np.array(alone, dtype=np.float32), got)


def test_token_sort_ratio_is_the_ratio_of_the_sorted_words():
    pairs = [("payable accounts manager", "accounts payable manager"), ("nurse registered", "registered nurse aide")]
    for a, b in pairs:
        assert fuzz.token_sort_ratio(a, b) == fuzz.ratio(" ".join(sorted(a.split())), " ".join(sorted(b.split())))
