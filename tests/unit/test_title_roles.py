"""A helper, apprentice, tester or assistant is coded to its role's occupation, not the trade's."""

from __future__ import annotations

import pytest

from jobrisk.models.title_coder.matches import Candidate
from jobrisk.models.title_coder.roles import (
    ROLE_CONFIDENCE_CAP,
    ROLE_CONFIDENCE_FLOOR,
    occupation_parts,
    role_choice,
    role_first,
    role_reading,
    role_table,
)

OCCUPATIONS = {  # O*NET 29.3 titles
    "47-2031.00": "Carpenters",
    "47-3012.00": "Helpers--Carpenters",
    "47-3013.00": "Helpers--Electricians",
    "47-2111.00": "Electricians",
    "47-2081.00": "Drywall and Ceiling Tile Installers",
    "47-3019.00": "Helpers, Construction Trades, All Other",
    "29-1123.00": "Physical Therapists",
    "31-2021.00": "Physical Therapist Assistants",
    "31-2022.00": "Physical Therapist Aides",
    "29-1071.00": "Physician Assistants",
    "15-1255.01": "Video Game Designers",
    "15-1253.00": "Software Quality Assurance Analysts and Testers",
    "15-1299.04": "Penetration Testers",
    "51-9061.00": "Inspectors, Testers, Sorters, Samplers, and Weighers",
    "19-4031.00": "Chemical Technicians",
    "31-9096.00": "Veterinary Assistants and Laboratory Animal Caretakers",
    "19-4021.00": "Biological Technicians",
}
TABLE = role_table(OCCUPATIONS)


def cands(*codes: str) -> list[Candidate]:
    return [Candidate(c, OCCUPATIONS[c], OCCUPATIONS[c].lower(), "fuzzy", 0.8, "near") for c in codes]


def test_occupation_titles_are_read_in_parts():
    assert occupation_parts("Helpers--Carpenters") == (frozenset({"helper", "carpenter"}),)
    tester = occupation_parts("Software Quality Assurance Analysts and Testers")[-1]
    assert {"tester", "software"} <= tester  # the lone role inherits the words before it
    vet = occupation_parts("Veterinary Assistants and Laboratory Animal Caretakers")
    assert not any({"assistant", "laboratory"} <= p for p in vet)


def test_role_reading_of_a_head_or_a_leading_apprentice():
    assert role_reading("carpenter apprentice").role == "apprentice"
    assert role_reading("apprentice carpenter").modifiers == ("carpenter",)
    assert role_reading("physical therapist assistant").modifiers == ("physical", "therapist")
    assert role_reading("assistant store manager") is None
    assert role_reading("assistant") is None


@pytest.mark.parametrize(
    ("title", "ranked", "first"),
    [
        ("carpenter apprentice", ("47-3013.00", "47-2031.00"), "47-3012.00"),  # the helper of that trade
        ("physical therapist assistant", ("29-1123.00", "29-1071.00"), "31-2021.00"),  # not the therapist
        ("video game tester", ("15-1255.01", "15-1253.00"), "15-1253.00"),  # not the designer
        ("drywall helper", ("47-2081.00", "47-3019.00"), "47-3019.00"),  # a runner-up naming the role
    ],
)
def test_the_role_occupation_goes_first(title, ranked, first):
    choice = role_choice(TABLE, role_reading(title), list(ranked))
    assert choice is not None and choice[0] == first


@pytest.mark.parametrize(
    ("title", "ranked"),
    [
        ("electrician apprentice", ("47-3013.00", "47-2111.00")),  # already the helpers
        ("water quality tester", ("51-9061.00", "15-1253.00")),  # names the role; software QA is another group
        ("concrete tester", ("19-4031.00", "15-1299.04")),  # runner-up of another major group
        ("laboratory assistant", ("19-4021.00", "31-9096.00")),  # 'laboratory' is in another part
    ],
)
def test_answers_that_agree_or_have_no_sibling_stay(title, ranked):
    assert role_choice(TABLE, role_reading(title), list(ranked)) is None


def test_role_first_moves_the_candidate_and_bounds_the_confidence():
    out, confidence = role_first(TABLE, OCCUPATIONS, ["carpenter apprentice"], cands("47-3013.00", "47-2031.00"), 0.3)
    assert out[0].onet_soc_code == "47-3012.00" and "apprentice" in out[0].reason
    assert confidence == ROLE_CONFIDENCE_FLOOR and len(out) == 2
    _, confidence = role_first(TABLE, OCCUPATIONS, ["video game tester"], cands("15-1255.01", "15-1253.00"), 0.95)
    assert confidence == ROLE_CONFIDENCE_CAP
    kept, same = role_first(TABLE, OCCUPATIONS, ["carpenter"], cands("47-2031.00"), 0.9)
    assert kept[0].onet_soc_code == "47-2031.00" and same == 0.9


def test_role_first_honours_the_context():
    out, _ = role_first(
        TABLE, OCCUPATIONS, ["carpenter apprentice"], cands("47-3013.00"), 0.3, allowed=lambda c: c != "47-3012.00"
    )
    assert out[0].onet_soc_code == "47-3013.00"


def test_a_journeyman_is_the_trade_not_its_helper():
    occupations = {**OCCUPATIONS, "47-3015.00": "Helpers--Pipelayers, Plumbers, Pipefitters, and Steamfitters"}
    occupations["47-2152.00"] = "Plumbers, Pipefitters, and Steamfitters"
    table = role_table(occupations)
    ranked = [Candidate(c, occupations[c], "x", "fuzzy", 0.5, "near") for c in ("47-3015.00", "47-2152.00")]
    out, confidence = role_first(table, occupations, ["journeyman plumber"], ranked, 0.9)
    assert out[0].onet_soc_code == "47-2152.00" and "qualified" in out[0].reason
    assert confidence == ROLE_CONFIDENCE_CAP
    same, _ = role_first(table, occupations, ["plumber"], ranked, 0.9)
    assert same[0].onet_soc_code == "47-3015.00"  # no qualification word: left to the index
