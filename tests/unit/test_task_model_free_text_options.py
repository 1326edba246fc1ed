"""Free-text options of the task exposure model: the physical/other split of the neighbour
searches, the share of unknown words, and the development sets' jargon half."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from jobrisk.models.task_exposure.dev_set import halves, jargon_mask
from jobrisk.models.task_exposure.estimator import _NEIGHBOURS, _UNKNOWN, TaskExposureEstimator, TaskRows
from jobrisk.models.task_exposure.model import ScoreArrays
from jobrisk.models.task_exposure.neighbours import (
    OTHER,
    PHYSICAL,
    UNKNOWN,
    Query,
    Reference,
    dwa_kinds,
    nearest,
    nearest_parts,
    neighbour_features,
    task_kinds,
)
from jobrisk.models.task_exposure.stage1 import unknown_word_share
from jobrisk.models.task_exposure.vocabulary import TermNote
from toy_tasks import TOY_CODES, TOY_TEXTS

REFERENCE = [
    "Tune engines and replace spark plugs",
    "Tune pianos and repair their keys",
    "Tune parameters of statistical models",
    "Write reports on model results",
]
#: handling and moving objects (physical), repairing mechanical equipment (physical), analysing data
_PHYSICAL_DWA, _REPAIR_DWA, _DATA_DWA = "4.A.3.a.2.I05.D01", "4.A.3.b.4.I01.D02", "4.A.2.a.4.I03.D07"


def _views(texts):
    vectorizer = TfidfVectorizer().fit(REFERENCE)
    words = vectorizer.transform(texts)
    return words, words.toarray().astype(np.float32)


def test_a_task_is_physical_when_half_its_work_activities_are():
    kinds = task_kinds(
        [
            f"D_{_PHYSICAL_DWA} I_x A_y",
            f"D_{_PHYSICAL_DWA} D_{_DATA_DWA}",  # one of two: physical
            f"D_{_REPAIR_DWA} D_{_DATA_DWA} D_4.A.2.a.4.I03.D01",  # one of three: other work
            "",
        ]
    )
    assert kinds.tolist() == [PHYSICAL, PHYSICAL, OTHER, UNKNOWN]
    assert dwa_kinds([_REPAIR_DWA, _DATA_DWA]).tolist() == [PHYSICAL, OTHER]


def test_searches_within_parts_find_only_their_part_and_agree_with_the_whole_search():
    ref_words, ref_vectors = _views(REFERENCE)
    query_words, query_vectors = _views(["Tune hyperparameters of models"])
    query, reference = Query(query_words, query_vectors), Reference(ref_words, ref_vectors)
    whole = nearest(query, reference, k=4)
    (all_index, all_sims), (phys_index, _), (other_index, other_sims) = nearest_parts(
        query, reference, 2, (np.arange(4), np.array([0, 1]), np.array([2, 3]))
    )
    assert np.array_equal(all_index[0], whole[0][0, :2]) and np.allclose(all_sims, whole[1][:, :2])
    assert set(phys_index[0]) == {0, 1} and set(other_index[0]) == {2, 3}
    assert other_index[0, 0] == 2 and other_sims[0, 0] == pytest.approx(whole[1][0, 0])


def test_neighbour_evidence_of_other_work_comes_from_other_work_only():
    ref_words, ref_vectors = _views(REFERENCE)
    query_words, query_vectors = _views(["Tune the engines"])
    human = np.array([0, 0, 2, 1])
    kinds = np.array([PHYSICAL, PHYSICAL, OTHER, UNKNOWN], dtype=np.int8)
    reference = Reference(ref_words, ref_vectors, kinds=kinds)

    def features(p_physical: float | None) -> np.ndarray:
        p = None if p_physical is None else np.array([p_physical])
        return neighbour_features(Query(query_words, query_vectors, p), reference, human, human.copy(), k=2)

    plain, as_other, as_physical, half = features(None), features(0.0), features(1.0), features(0.5)
    assert plain[0, 0] > 0.99  # the engine tuners: E0
    assert as_physical[0, 0] > 0.99 and as_other[0, 0] < 0.01  # other work: the model tuners and report writers
    assert np.allclose(half, 0.5 * as_physical + 0.5 * as_other)


def test_unknown_word_share_counts_the_words_the_vocabulary_lacks():
    vocabulary = frozenset({"tune", "models", "parameters"})
    shares = unknown_word_share(["Tune hyperparameters of boosted models", "Tune the models", ""], vocabulary)
    assert shares.tolist() == pytest.approx([0.5, 0.0, 0.0])  # stop words ('of', 'the') aside


@pytest.mark.parametrize("options", [{"sense_split": True}, {"unknown_share": True}])
def test_each_option_fits_cross_fitted_and_scores_new_text(options):
    texts, codes = TOY_TEXTS, TOY_CODES
    links = [f"D_{_PHYSICAL_DWA}"] * 3 + [f"D_{_DATA_DWA}"] * 3
    rows = TaskRows(texts, codes, links * 2)
    human = np.array([0, 0, 0, 1, 1, 2] * 2)
    est = TaskExposureEstimator(crossfit_folds=2, seed=3, n_jobs=1, **options).fit(rows, human, human, human)
    new = TaskRows(["Tune hyperparameters of boosted models"], [""], [""])
    stage1 = est.stage1(new)
    proba, _, _ = est.combine(stage1, new, np.array([True]))
    assert proba.sum() == pytest.approx(1.0)
    if options.get("sense_split"):
        assert (
            "text_p" in est.stage1_
            and est.task_kinds_.tolist() == [PHYSICAL] * 3 + [OTHER] * 3 + [PHYSICAL] * 3 + [OTHER] * 3
        )
        assert 0.0 < float(est.physical_proba(est.featurizer_.text_blocks(new.task))[0]) < 1.0
        assert np.all(np.isfinite(stage1[:, _NEIGHBOURS]))
    else:
        assert stage1[0, _UNKNOWN] == pytest.approx(2 / 4)  # 'hyperparameters' and 'boosted'
        assert np.any(est.oof_stage1_[:, _UNKNOWN] > 0)  # a fold's vocabulary lacks some other-fold words


def test_jargon_half_is_the_tasks_with_a_product_name_or_an_unknown_word():
    proba = np.array([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.8, 0.1, 0.1], [0.1, 0.8, 0.1]])
    arrays = ScoreArrays(
        ["a", "b", "c", "d", "e"],
        proba,
        np.zeros(5),
        np.ones(5),
        [()] * 5,
        ["text"] * 5,
        [(TermNote("NetSuite", "Enterprise resource planning ERP software", "technology"),), (), (), (), ()],
        [(), ("QBRs",), (), (), ()],
    )
    jargon = jargon_mask(arrays)
    assert jargon.tolist() == [True, True, False, False, False]
    parts = halves(np.array([0, 1, 2, 0, 0]), proba, jargon)
    assert parts["jargon"]["tasks"] == 2 and parts["jargon"]["kappa"] == pytest.approx(1.0)
    assert parts["plain"]["tasks"] == 3 and parts["plain"]["accuracy"] == pytest.approx(2 / 3)
