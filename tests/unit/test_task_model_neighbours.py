"""The nearest-neighbour view of the task exposure model: similarity, features, no own-occupation evidence."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from jobrisk.catalog import Catalog
from jobrisk.errors import MissingColumnError
from jobrisk.models.task_exposure import train_model
from jobrisk.models.task_exposure.estimator import _NEIGHBOURS, TaskExposureEstimator, TaskRows
from jobrisk.models.task_exposure.free_text_check import free_text_check, render_free_text_check
from jobrisk.models.task_exposure.neighbours import (
    N_TASK_FEATURES,
    Query,
    Reference,
    features_from,
    nearest,
    neighbour_features,
)

REFERENCE = [
    "Prepare tax returns for clients",
    "Pour concrete for foundations",
    "Write reports on audit findings",
    "Repair roofs and replace shingles",
]


def _views(texts, fitted_on=REFERENCE):
    vectorizer = TfidfVectorizer().fit(fitted_on)
    words = vectorizer.transform(texts)
    vectors = words.toarray().astype(np.float32)  # any unit vectors will do here
    return words, vectors


def test_nearest_puts_the_same_text_first_and_sorts_by_similarity():
    ref_words, ref_vectors = _views(REFERENCE)
    query_words, query_vectors = _views(["Write reports on audit findings", "replace roofs shingles"])
    index, sims = nearest(Query(query_words, query_vectors), Reference(ref_words, ref_vectors), k=3)
    assert index[0, 0] == 2 and sims[0, 0] == pytest.approx(1.0, abs=1e-5)
    assert index[1, 0] == 3
    assert np.all(np.diff(sims, axis=1) <= 1e-9)


def test_neighbour_label_distributions_are_weighted_by_similarity():
    index = np.array([[0, 1, 2]])
    sims = np.array([[0.9, 0.5, 0.4]])
    features = features_from(index, sims, ref_human=np.array([2, 0, 0]), ref_gpt4=np.array([1, -1, 0]))
    assert features[0, 0:3].sum() == pytest.approx(1.0) and features[0, 3:6].sum() == pytest.approx(1.0)
    assert features[0, 2] > 0.9  # the much closer E2 neighbour dominates the two E0 ones
    assert features[0, 6] == pytest.approx(0.9) and features[0, 7] == pytest.approx(0.6)


def test_no_neighbours_for_an_empty_query():
    ref_words, ref_vectors = _views(REFERENCE)
    words = sparse.csr_matrix((0, ref_words.shape[1]))
    query = Query(words, np.zeros((0, ref_vectors.shape[1])))
    features = neighbour_features(query, Reference(ref_words, ref_vectors), np.zeros(4), np.zeros(4))
    assert features.shape == (0, N_TASK_FEATURES) == (0, 8)


def test_training_tasks_never_get_neighbour_evidence_from_their_own_occupation():
    roofer = ["Repair roofs and write reports", "Repair roofs and write reports", "Inspect roofs and write reports"]
    auditor = [
        "Prepare accounts and write reports",
        "Audit accounts and write reports",
        "Audit accounts and write reports",
    ]
    texts = roofer + auditor + ["Repair roofs and inspect roofs", "Audit accounts and prepare accounts"]
    codes = ["47-2181.00"] * 3 + ["13-2011.00"] * 3 + ["47-2181.01", "13-2011.01"]
    human = np.array([0, 0, 0, 1, 1, 1, 0, 2])
    rows = TaskRows(texts, codes, ["D_1 I_1 A_1"] * len(texts))
    est = TaskExposureEstimator(crossfit_folds=2, seed=3, n_jobs=1).fit(rows, human, human.copy(), human.copy())
    top_similarity = est.oof_stage1_[:, _NEIGHBOURS][:, 6]
    # the repeated statements have an exact twin, but only inside their own occupation
    assert np.all(top_similarity[[0, 1, 4, 5]] < 0.99)
    # a new text that is one of them finds it
    assert est.stage1(TaskRows(["Audit accounts and write reports"], [""], [""]))[0, _NEIGHBOURS][6] > 0.99


@pytest.fixture(scope="module")
def fixture_model():
    return train_model(Catalog.fixture(), seed=7, crossfit_folds=2, n_jobs=1)


def test_free_text_check_reports_agreement_and_one_row_per_task(fixture_model, tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text(
        "task,expected,occupation\nPrepare tax returns for clients,E2,tax preparer\n"
        "Pour concrete for foundations,E0,concrete worker\n",
        encoding="utf-8",
    )
    check = free_text_check(fixture_model, path)
    assert check["tasks"] == 2 and len(check["rows"]) == 2
    assert 0 <= check["exact_agreement"] <= 1 and set(check["mean_exposure_by_expected"]) == {"E0", "E2"}
    text = "\n".join(render_free_text_check(check))
    assert "not a benchmark" in text and "Pour concrete for foundations" in text


def test_free_text_check_needs_an_expected_column(fixture_model, tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text("task\nPrepare tax returns\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="expected"):
        free_text_check(fixture_model, path)
