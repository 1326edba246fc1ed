"""O*NET's vocabulary for jargon, and the nearest-DWA view of the free-text path."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from jobrisk.models.task_exposure.neighbours import (
    DWA_PRIOR_WEIGHT,
    N_DWA_FEATURES,
    Query,
    Reference,
    dwa_features,
    dwa_label_pools,
)
from jobrisk.models.task_exposure.vocabulary import JargonVocabulary

TERMS = [
    ("technology", "Kubernetes", "Application server software"),
    ("technology", "Intuit QuickBooks", "Accounting software"),
    ("technology", "Microsoft Excel", "Spreadsheet software"),
    ("technology", "Epic Systems", "Medical software"),
    ("technology", "Instructure Canvas", "Computer based training software"),
    ("technology", "ACD Systems Canvas", "Graphics or photo imaging software"),
    ("tool", "Japanese saws", "Saws"),
]
ORDINARY = [
    "Prepare tax returns for clients.",
    "Paint a canvas for an exhibition.",
    "Write epic poems.",
    "Answer customer questions in plain language.",
]
ENGLISH = {"plain", "language", "japanese", "customers", "excel", "epic", "canvas", "chart", "patient"}


@pytest.fixture(scope="module")
def vocabulary():
    return JargonVocabulary.from_terms(TERMS, ORDINARY, ENGLISH)


def test_product_names_get_their_onet_commodity_title(vocabulary):
    translation = vocabulary.translate("Deploy the API to Kubernetes and book invoices in QuickBooks")
    assert [(n.term, n.meaning) for n in translation.notes] == [
        ("Kubernetes", "Application server software"),
        ("QuickBooks", "Accounting software"),
    ]
    assert translation.text.endswith("(using application server software; accounting software)")


def test_a_vendor_word_may_be_left_out_and_capitals_mark_a_common_word_as_a_name(vocabulary):
    assert [n.meaning for n in vocabulary.translate("Build a forecast model in Excel").notes] == [
        "Spreadsheet software"
    ]
    assert vocabulary.translate("excel at teamwork").notes == ()


def test_ordinary_words_are_not_read_as_product_names(vocabulary):
    for text in (
        "Write discharge instructions in plain language",
        "Translate replies for Japanese customers",
        "Chart patient assessments on the canvas",
    ):
        assert vocabulary.translate(text).notes == (), text
    assert vocabulary.translate("Chart patient assessments in Epic").notes[0].meaning == "Medical software"


def test_text_without_known_names_is_unchanged(vocabulary):
    translation = vocabulary.translate("Pour concrete foundations")
    assert translation.text == "Pour concrete foundations" and translation.notes == ()


def test_dwa_pools_count_linked_labelled_tasks_and_fall_back_to_the_prior():
    prior = np.array([0.5, 0.3, 0.2])
    pools = dwa_label_pools(["A", "B", "C"], ["D_A I_x", "D_A D_B", "D_A", ""], np.array([1, 1, 1, 0]), prior)
    assert pools.sum(axis=1) == pytest.approx(np.ones(3))
    assert pools[0, 1] == pytest.approx((3 + DWA_PRIOR_WEIGHT * 0.3) / (3 + DWA_PRIOR_WEIGHT))
    assert pools[2] == pytest.approx(prior)  # no labelled task links to C
    assert pools[0, 1] > pools[1, 1] > prior[1]  # more evidence, further from the prior


def test_dwa_features_follow_the_most_similar_activity():
    titles = ["Write computer programs", "Operate forklifts or other industrial vehicles"]
    vectorizer = TfidfVectorizer().fit(titles + ["write programs for the forklift"])
    words = vectorizer.transform(titles)
    vectors = words.toarray().astype(np.float32)
    pools = np.array([[0.1, 0.8, 0.1], [0.9, 0.05, 0.05]])
    query = vectorizer.transform(["write computer programs"])
    features = dwa_features(Query(query, query.toarray().astype(np.float32)), Reference(words, vectors), pools, k=2)
    assert features.shape == (1, N_DWA_FEATURES)
    assert features[0, 1] > 0.75 and features[0, 3] == pytest.approx(1.0, abs=1e-5)
