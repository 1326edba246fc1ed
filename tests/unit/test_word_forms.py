"""Word forms: words the task model's vocabulary lacks, read as the known words they are forms of."""

from __future__ import annotations

import pytest

from jobrisk.models.task_exposure.word_forms import FormNote, WordForms

VOCABULARY = frozenset(
    "rotate dashboards tag train parameters duplicate map models tune prepare reports factor lock assign".split()
)


@pytest.mark.parametrize(
    "word, known",
    [
        # inflections of known words are read as the known word
        ("rotates", "rotate"),
        ("dashboard", "dashboards"),
        ("tagged", "tag"),
        ("mapping", "map"),
        ("Rotating", "rotate"),
        # a common prefix in front of a known word is read as that word
        ("hyperparameters", "parameters"),
        ("retrain", "train"),
        ("deduplicate", "duplicate"),
        ("reassigned", "assign"),
    ],
)
def test_forms_of_known_words_are_read_as_the_known_word(word, known):
    assert WordForms(VOCABULARY).form(word) == known


def test_known_words_short_words_acronyms_and_product_spellings_are_left_alone():
    forms = WordForms(VOCABULARY | {"rags", "pipes"})
    for word in ("rotate", "Tune", "RAG", "PIP", "PowerShell", "S3bucket", "zorblaxian", "boo"):
        assert forms.form(word) is None, word


def test_rewrite_replaces_each_form_once_noted_and_keeps_explained_words():
    forms = WordForms(VOCABULARY)
    text, notes = forms.rewrite("Tune hyperparameters and retrain models; tune hyperparameters again")
    assert text == "Tune parameters and train models; tune parameters again"
    assert notes == (FormNote("hyperparameters", "parameters"), FormNote("retrain", "train"))
    kept, notes = forms.rewrite("Retrain the models", explained=frozenset({"retrain"}))
    assert kept == "Retrain the models" and notes == ()
