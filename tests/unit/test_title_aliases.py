"""The curated alias and abbreviation file: shape, codes, and no silent collisions."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from jobrisk.errors import DataError
from jobrisk.models.title_coder.aliases import load_title_knowledge
from jobrisk.models.title_coder.normalize import clean_title

KNOWLEDGE = load_title_knowledge()


def test_every_alias_has_well_formed_codes():
    for typed, codes in KNOWLEDGE.aliases.items():
        assert codes, typed
        assert all(re.fullmatch(r"\d{2}-\d{4}\.\d{2}", c) for c in codes), typed


def test_every_alias_cleans_to_words():
    for typed in KNOWLEDGE.aliases:
        c = clean_title(typed, KNOWLEDGE.abbreviations)
        assert c.problem is None and c.cleaned, typed


def test_aliases_that_clean_to_the_same_words_agree_on_the_best_code():
    first: dict[str, tuple[str, str]] = {}
    for typed, codes in KNOWLEDGE.aliases.items():
        key = clean_title(typed, KNOWLEDGE.abbreviations).cleaned
        if key in first:
            assert first[key][1] == codes[0], f"{typed!r} and {first[key][0]!r} disagree"
        else:
            first[key] = (typed, codes[0])


def test_alias_codes_exist_in_onet(onet_codes):
    missing = sorted({c for c in KNOWLEDGE.codes() if c not in onet_codes})
    assert missing == []


def test_abbreviations_are_lower_case_words_or_punctuated_forms():
    for short, long in KNOWLEDGE.abbreviations.items():
        assert re.fullmatch(r"[a-z0-9]+|[a-z0-9]+([-/&][a-z0-9]+)+", short), short
        assert long == long.lower()


def test_punctuated_abbreviations_are_expanded_before_words_are_split():
    assert clean_title("OTR/L - Acute Care", KNOWLEDGE.abbreviations).cleaned.startswith("occupational therapist")
    assert clean_title("A&P Mechanic", KNOWLEDGE.abbreviations).cleaned == "airframe and powerplant mechanic"


def _outside_set(name: str) -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    path = {
        "dev": root.parent / "shared" / "titles" / "dev_titles.csv",
        "second": root / "benchmarks" / "data" / "second_dev_titles.csv",
    }[name]
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return pd.read_csv(path, dtype=str, keep_default_na=False)["title"].tolist()


def test_no_alias_equals_a_title_of_the_outside_development_set():
    """The outside development set is for finding weaknesses; its titles must never become aliases."""
    titles = {" ".join(t.lower().split()) for t in _outside_set("dev")}
    assert sorted(a for a in KNOWLEDGE.aliases if a in titles) == []


def test_workplace_aliases_are_loaded_after_the_curated_ones():
    assert len(KNOWLEDGE.workplace) > 1000
    assert "aliases.toml" in KNOWLEDGE.source and "workplace_aliases.toml" in KNOWLEDGE.source
    assert not KNOWLEDGE.workplace & set(load_title_knowledge(workplace=False).aliases)
    assert "shelf stacker" in KNOWLEDGE.workplace  # a UK shop-floor term of the workplace file


def test_no_workplace_alias_cleans_to_a_title_of_the_outside_development_set():
    """Stricter for the workplace file: not even the cleaned forms meet (61 entries were dropped)."""
    titles = {clean_title(t, KNOWLEDGE.abbreviations, KNOWLEDGE.rules).cleaned for t in _outside_set("dev")}
    hits = [
        a for a in KNOWLEDGE.workplace if clean_title(a, KNOWLEDGE.abbreviations, KNOWLEDGE.rules).cleaned in titles
    ]
    assert sorted(hits) == []


def test_modern_ai_titles_are_covered():
    table = KNOWLEDGE.alias_table()
    for typed in ("machine learning engineer", "generative ai engineer", "ai engineer", "data scientist"):
        key = clean_title(typed, KNOWLEDGE.abbreviations).cleaned
        assert key in table, typed


def test_a_malformed_file_fails_loudly(tmp_path):
    bad = tmp_path / "aliases.toml"
    bad.write_text('[abbreviations]\n[aliases]\n"nurse" = ["29-1141"]\n', encoding="utf-8")
    with pytest.raises(DataError, match="29-1141"):
        load_title_knowledge(bad)
    bad.write_text("[aliases]\n", encoding="utf-8")
    with pytest.raises(DataError, match="abbreviations"):
        load_title_knowledge(bad)


@pytest.fixture(scope="module")
def onet_codes():
    from pathlib import Path

    occupations = Path(__file__).resolve().parents[3] / "shared" / "data" / "onet" / "Occupation Data.txt"
    if not occupations.exists():
        from jobrisk.catalog import Catalog

        pytest.skip("O*NET occupation list not available") if not Catalog else None
    df = pd.read_csv(occupations, sep="\t", dtype=str, keep_default_na=False, quoting=3)
    return set(df["O*NET-SOC Code"])
