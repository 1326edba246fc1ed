"""The web app runs native math single-threaded per request (requests are the parallelism)."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from threadpoolctl import threadpool_info, threadpool_limits

from jobrisk.interfaces.web.config import WebConfig
from jobrisk.models.task_exposure.neighbours import Query, Reference, nearest, reference_views

from web_app_factory import fixture_app


def test_creating_the_app_caps_blas_threads_at_one_by_default():
    with threadpool_limits(limits=2):
        fixture_app(config=WebConfig(rate_limit=False))
        pools = [p for p in threadpool_info() if p["user_api"] == "blas"]
        assert pools and all(p["num_threads"] == 1 for p in pools)


def test_the_word_view_of_the_neighbour_search_is_csr_and_finds_the_same_neighbours():
    rng = np.random.default_rng(0)
    ref_words = sparse.random(300, 50, density=0.1, format="csr", random_state=2, dtype=np.float32)
    ref_vectors = rng.normal(size=(300, 8)).astype(np.float32)
    query = Query(ref_words[:5], ref_vectors[:5])
    views = reference_views(ref_words, ref_vectors)
    assert views[0].format == "csr"  # SciPy multiplies CSR by CSR without converting per call
    with_views = nearest(query, Reference(ref_words, ref_vectors, views), 4)
    csc = (ref_words.T.tocsc(), views[1])
    assert all(
        np.array_equal(a, b) for a, b in zip(with_views, nearest(query, Reference(ref_words, ref_vectors, csc), 4))
    )
