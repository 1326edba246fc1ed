"""Title cleaning: seniority, noise, word order, abbreviations, spelling, bad input."""

from __future__ import annotations

import pytest

from jobrisk.models.title_coder.aliases import load_title_knowledge
from jobrisk.models.title_coder.normalize import bag_key, clean_title, singularize
from jobrisk.models.title_coder.spelling import SpellFixer

ABBREVIATIONS = load_title_knowledge().abbreviations


def cleaned(text: str) -> str:
    return clean_title(text, ABBREVIATIONS).cleaned


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Sr. ML Engineer", "machine learning engineer"),
        ("Software Engineer II (Remote) $150k", "software engineer"),
        ("Lead Line Cook", "line cook"),
        ("Level 2 Help Desk Technician", "help desk technician"),
        ("Data Scientist III", "data scientist"),
        ("Part-time Barista, weekends", "barista"),
        ("Rail Signal Inspector / Weekend", "rail signal inspector"),
        ("PT Cashier", "cashier"),
    ],
)
def test_seniority_and_noise_are_removed(typed, expected):
    assert cleaned(typed) == expected


def test_removed_words_are_kept_as_evidence():
    c = clean_title("Sr. Accountant - Remote - $80k", ABBREVIATIONS)
    assert c.cleaned == "accountant"
    assert "sr" in c.removed and "$80k" in c.removed


def test_word_order_with_comma_is_restored():
    assert cleaned("Manager, Accounts Payable") == "accounts payable manager"
    assert cleaned("Engineer, Software") == "software engineer"


def test_head_of_becomes_director():
    assert cleaned("Head of Growth") == "growth director"


def test_abbreviations_expand_the_same_way_for_plural_index_titles():
    assert cleaned("RN") == "registered nurse"
    assert cleaned("Registered Nurses") == "registered nurse"
    assert cleaned("CNA") == "certified nursing assistant"


def test_location_and_store_number_are_dropped_but_the_job_stays_first():
    c = clean_title("Cashier - Walmart #1234 - Dallas, TX", ABBREVIATIONS)
    assert c.cleaned.startswith("cashier")
    assert "cashier" in c.variants
    assert "dallas" not in c.cleaned and "1234" not in c.cleaned


def test_parenthesised_acronym_does_not_repeat_words():
    assert cleaned("CEO (Chief Executive Officer)") == "chief executive officer"
    assert cleaned("Nurse (RN) - Night Shift - Full Time") == "registered nurse"


def test_911_dispatcher_keeps_its_number():
    assert cleaned("911 Dispatcher") == "911 dispatcher"


@pytest.mark.parametrize(
    "bad, reason_word",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("12345", "letters"),
        ("软件工程师", "Latin"),
        ("x" * 500, "longer"),
        ("$$$ !!!", "letters"),
        (None, "empty"),
    ],
)
def test_bad_input_reports_a_problem_instead_of_raising(bad, reason_word):
    c = clean_title(bad, ABBREVIATIONS)
    assert c.cleaned == ""
    assert reason_word in c.problem


def test_singularize_keeps_words_that_only_look_plural():
    assert singularize("nurses") == "nurse"
    assert singularize("secretaries") == "secretary"
    assert singularize("sales") == "sales"
    assert singularize("analytics") == "analytics"
    assert singularize("business") == "business"


def test_bag_key_ignores_order_and_connectors():
    assert bag_key("director of marketing") == bag_key("marketing director")


def test_spell_fixer_corrects_to_the_frequent_close_word():
    fixer = SpellFixer({"accountant": 50, "accounting": 40, "nurse": 30})
    assert fixer.fix("acountant")[0] == "accountant"
    assert fixer.fix("acountant")[1] == [("acountant", "accountant")]
    assert fixer.fix("nurse")[0] == "nurse"
    assert fixer.fix("zzzzzzzz")[0] == "zzzzzzzz"
