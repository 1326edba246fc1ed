"""Literal gates of the title-cleaning patterns: the required strings found, and the same results
as the full pattern on texts that do and do not hold them."""

from __future__ import annotations

import re

from jobrisk.models.title_coder import normalize
from jobrisk.models.title_coder.gates import GatedAlternation, required_strings


def test_required_strings_of_literals_branches_and_repeats():
    assert required_strings(r"\bpto\b") == {"pto"}
    assert required_strings(r"\b(full|part)[- ]?time\b") == {
        "full time",
        "full-time",
        "fulltime",
        "part time",
        "part-time",
        "parttime",
    }
    assert required_strings(r"\b\d+\s*(hr|hour)\b") == {"hr", "hour"}
    assert required_strings(r"\$\s*\d") == {"$"}
    assert required_strings(r"\blocums?\b") == {"locum"}


def test_nothing_is_required_where_a_match_may_lack_it():
    assert required_strings(r"\w+") is None
    assert required_strings(r"(?i)nurse") is None  # case-insensitive: 'Nurse' matches too
    assert required_strings(r"(nurse)?") is None  # optional
    assert required_strings(r"a|\w") is None  # one branch requires nothing
    assert required_strings(r"[^a]") is None
    assert required_strings(r"(?=nurse)\w") is None  # a look-ahead consumes nothing
    assert required_strings(r"\d") is None  # other scripts' digits match too
    assert required_strings(r"\d", ascii_text=True) == set("0123456789")
    assert required_strings(r"(") is None  # not a pattern: never gated


def test_gated_alternation_matches_as_the_full_pattern():
    parts = [r"\bnight\b", r"\bnights?\s+shift\b", r"\$\s*\d+", r"\b(temp|contract)\b(?!\s+agency)", r"#\s*\d+"]
    gated = GatedAlternation(parts, ascii_text=True)
    full = re.compile("|".join(f"(?:{p})" for p in parts))
    texts = [
        "night shift nurse",
        "nights shift lead $ 25",
        "temp agency clerk",
        "contract nurse #12",
        "registered nurse",
        "",
        "nighttime",
        "$$ # temp",
    ]
    for text in texts:
        assert gated.sub("_", text) == full.sub("_", text), text
    assert gated.for_text("registered nurse") is None  # nothing to run


def test_cleaning_noise_and_employers_unchanged_by_the_gates():
    noisy = [
        "sr. nurse $25/hr nights - remote",
        "temp to hire forklift operator (req #12345)",
        "part-time cashier 2nd shift",
        "cdl a driver home weekly 3x12s",
        "shift lead",
        "registered nurse",
    ]
    for text in noisy:
        low = normalize.fold_ascii(text)
        assert normalize._NOISE.sub(" ", low) == normalize._NOISE.full.sub(" ", low)
    rules = normalize.CleaningRules(employers_anywhere=("walmart", "chick fil a"), employers_segment=frozenset())
    assert rules.drop_employers("Chick-fil-A team member") == ("team member", ["chick fil a"])
    assert rules.drop_employers("Walmart") == ("", ["Walmart"])
    assert rules.drop_employers("Cashier") == ("Cashier", [])
    assert rules.drop_employers("chick a") == ("chick a", [])
