"""The data-only model format: what it stores comes back equal, and what it cannot store fails loudly."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from jobrisk.errors import ArtifactCorruptError
from jobrisk.models.data_only import arrays_bytes, decode, encode, load_arrays, trusted_classes

TRUSTED = trusted_classes([LogisticRegression, TfidfVectorizer, TfidfTransformer])


def _round_trip(value, trusted=TRUSTED):
    document, arrays = encode(value, trusted)
    document = json.loads(json.dumps(document))  # it must survive being JSON
    return decode(document, load_arrays(arrays_bytes(arrays), "model", "x.npz"), trusted)


def test_plain_values_and_containers_come_back_with_their_types():
    value = {
        "none": None,
        "flag": True,
        "n": 3,
        "x": 0.25,
        "nan": float("nan"),
        "inf": float("-inf"),
        "text": "Zürich \u202e",
        "list": [1, "a", (2, 3)],
        "tuple": ("a", ("b",)),
        "set": {"b", "a"},
        "frozen": frozenset({"x"}),
        "pairs": {("a", "b"): ("c", "d"), 1: "one"},
        "np_int": np.int64(7),
        "np_float": np.float32(0.5),
        "dtype": np.float32,
        "dt": np.dtype("int16"),
    }
    back = _round_trip(value)
    assert np.isnan(back.pop("nan")) and back.pop("inf") == float("-inf")
    expected = {k: v for k, v in value.items() if k not in ("nan", "inf")}
    assert back == expected
    assert type(back["tuple"]) is tuple and type(back["frozen"]) is frozenset and type(back["set"]) is set
    assert type(back["np_int"]) is np.int64 and type(back["np_float"]) is np.float32
    assert back["dtype"] is np.float32 and back["dt"] == np.dtype("int16")


def test_arrays_sparse_matrices_and_array_dicts_come_back_equal():
    rng = np.random.default_rng(0)
    dense = rng.normal(size=(4, 3)).astype(np.float32)
    matrix = sparse.random(20, 30, density=0.1, format="csr", random_state=1, dtype=np.float32)
    value = {
        "dense": dense,
        "ints": np.arange(5),
        "strings": np.array(["a", "bc"], dtype=object),
        "matrix": matrix,
        "csc": sparse.csc_array(matrix.toarray()),
        "by_code": {"11-1011.00": np.ones(6), "15-2051.00": np.zeros(6)},
    }
    back = _round_trip(value)
    assert back["dense"].dtype == np.float32 and np.array_equal(back["dense"], dense)
    assert back["strings"].dtype == object and list(back["strings"]) == ["a", "bc"]
    assert isinstance(back["matrix"], sparse.csr_matrix) and (back["matrix"] != matrix).nnz == 0
    assert isinstance(back["csc"], sparse.csc_array)
    assert list(back["by_code"]) == ["11-1011.00", "15-2051.00"]
    assert np.array_equal(back["by_code"]["11-1011.00"], np.ones(6))


def test_fitted_scikit_learn_models_predict_the_same_after_a_round_trip():
    texts = ["prepare tax returns", "repair roofs", "answer email", "prepare budgets", "install roofs", "write email"]
    labels = np.array([0, 1, 2, 0, 1, 2])
    words = TfidfVectorizer(ngram_range=(1, 2), dtype=np.float32).fit(texts)
    model = LogisticRegression().fit(words.transform(texts), labels)
    back = _round_trip({"words": words, "model": model})
    probe = ["prepare roofs", "email taxes"]
    assert np.array_equal(
        back["model"].predict_proba(back["words"].transform(probe)), model.predict_proba(words.transform(probe))
    )


class Untrusted:
    def __init__(self):
        self.x = 1


@pytest.mark.parametrize(
    "value, match",
    [
        ({"f": lambda x: x}, r"value\[?.*f.*function"),
        ({"obj": Untrusted()}, "Untrusted cannot be stored"),
        ({"arr": np.array([{"a": 1}], dtype=object)}, "object array"),
        ({"big": sparse.coo_matrix(np.eye(2))}, "CSR or CSC"),
    ],
)
def test_values_it_cannot_store_fail_at_save_time_naming_where(value, match):
    with pytest.raises(TypeError, match=match):
        encode(value, TRUSTED)


def test_a_document_naming_an_untrusted_class_or_a_missing_array_is_refused():
    with pytest.raises(ValueError, match="not trusted"):
        decode({"$object": "os.system", "state": {}}, {}, TRUSTED)
    with pytest.raises(ValueError, match="does not hold"):
        decode({"$array": "a0"}, {}, TRUSTED)


def test_arrays_that_need_pickle_are_refused():
    import io

    buffer = io.BytesIO()
    np.savez(buffer, a0=np.array([object()], dtype=object))
    with pytest.raises(ArtifactCorruptError, match="arrays could not be read"):
        load_arrays(buffer.getvalue(), "model", "x.npz")
