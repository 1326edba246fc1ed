"""Input hygiene of the task exposure model: cleaning and flags for text it cannot judge well."""

import pytest

from jobrisk.models.task_exposure.text import (
    MAX_TASK_CHARS,
    clean_task_text,
    input_flags,
    quality_factor,
    shrink_factor,
    text_key,
)

VOCABULARY = frozenset(["prepare", "tax", "returns", "for", "clients", "audit", "reports", "models", "tune"])


def flags_of(text):
    cleaned, cut = clean_task_text(text)
    return input_flags(cleaned, cut, VOCABULARY)


@pytest.mark.parametrize(
    "text, flag",
    [
        ("", "empty"),
        ("   \t", "empty"),
        (None, "empty"),
        ("?!?", "empty"),
        ("asdkjh qwrtzp xxxxx", "gibberish"),
        ("12345", "gibberish"),
        ("Preparar declaraciones de impuestos para clientes", "non_english"),
        ("Préparer les déclarations fiscales des clients", "non_english"),
        ("準備納稅申報表", "non_english"),
    ],
)
def test_bad_text_gets_its_flag(text, flag):
    assert flag in flags_of(text)


def test_plain_english_task_has_no_flags():
    assert flags_of("Prepare tax returns for clients.") == ()


def test_very_long_text_is_cut_at_a_word_and_flagged():
    cleaned, cut = clean_task_text("audit reports " * 500)
    assert cut and len(cleaned) <= MAX_TASK_CHARS
    assert "too_long" in input_flags(cleaned, cut, VOCABULARY)


def test_cleaning_collapses_whitespace_and_control_characters():
    assert clean_task_text("  Prepare\x00 tax\n\nreturns  ") == ("Prepare tax returns", False)


def test_flags_lower_confidence_and_empty_text_has_none():
    assert quality_factor(()) == 1.0
    assert quality_factor(("empty",)) == 0.0
    assert 0 < quality_factor(("gibberish",)) < quality_factor(("unfamiliar_words",)) < 1


def test_text_key_ignores_case_spacing_and_final_period():
    assert text_key("Prepare  Tax returns.") == text_key("prepare tax returns")


def test_unfamiliar_words_lower_confidence_but_keep_the_probabilities():
    assert quality_factor(("unfamiliar_words",)) < 1.0
    assert shrink_factor(("unfamiliar_words",)) == 1.0
    assert shrink_factor(("gibberish", "unfamiliar_words")) == quality_factor(("gibberish",)) < 1.0
