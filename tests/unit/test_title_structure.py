"""Structure-aware title reading: executives of a function, context rules, employers, platforms."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jobrisk.catalog import Catalog
from jobrisk.models.title_coder import TitleCoder
from jobrisk.models.title_coder.aliases import load_title_knowledge
from jobrisk.models.title_coder.coder import group_prefix
from jobrisk.models.title_coder.spelling import SpellFixer

KNOWLEDGE = load_title_knowledge()
STRUCTURE = KNOWLEDGE.structure


def clean(text: str) -> str:
    return KNOWLEDGE.clean(text).cleaned


@pytest.fixture(scope="module")
def onet_codes() -> set[str]:
    path = Path(__file__).resolve().parents[3] / "shared" / "data" / "onet" / "Occupation Data.txt"
    if not path.exists():
        pytest.skip("O*NET occupation list not available")
    return set(pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3)["O*NET-SOC Code"])


def test_every_structure_code_exists_in_onet(onet_codes):
    codes = {c for cs in STRUCTURE.functions.values() for c in cs}
    codes |= {c for cs in STRUCTURE.platforms.values() for c in cs}
    codes |= {c for c in STRUCTURE.digital_excludes if not c.endswith("-")}
    codes |= {c for roles in STRUCTURE.tool_roles.values() for cs in roles.values() for c in cs}
    groups = {c for c in STRUCTURE.digital_excludes if c.endswith("-")}
    assert sorted(codes - onet_codes) == []
    assert groups and all(any(o.startswith(g) for o in onet_codes) for g in groups)


@pytest.mark.parametrize(
    ("title", "first", "second"),
    [
        ("Chief Marketing Officer", "11-1011.00", "11-2021.00"),
        ("CFO", "11-1011.00", "11-3031.00"),
        ("Chief AI Officer", "11-1011.00", "11-3021.00"),
        ("Chief Revenue Officer (CRO)", "11-1011.00", "11-2022.00"),
    ],
)
def test_chief_x_officer_is_a_top_executive_then_the_manager_of_x(title, first, second):
    cleaned = KNOWLEDGE.clean(title)
    reading = next(r for r in map(STRUCTURE.executive_reading, [cleaned.cleaned, *cleaned.variants]) if r)
    assert reading.role == "chief"
    assert reading.codes[:2] == (first, second)


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("VP, Finance", "11-3031.00"),
        ("VP of Engineering", "11-9041.00"),
        ("SVP Human Resources", "11-3121.00"),
        ("Vice President - Operations", "11-1021.00"),
        ("Associate Director of Admissions", "11-9033.00"),
    ],
)
def test_vp_and_director_of_a_function_are_managers_of_that_function(title, code):
    reading = STRUCTURE.executive_reading(clean(title))
    assert reading is not None and reading.codes[0] == code


def test_head_of_a_function_is_read_as_its_head():
    reading = STRUCTURE.executive_reading(clean("Head of Talent Acquisition"), head_of=True)
    assert reading.role == "head" and reading.codes[0] == "11-3121.00"


@pytest.mark.parametrize(
    "title",
    [
        "Chief Petty Officer",
        "Chief of Staff",
        "Chief Probation Officer",
        "Vice President",
        "Art Director",
        "Fire Chief",
    ],
)
def test_titles_that_are_not_executives_of_a_function_are_left_alone(title):
    assert STRUCTURE.executive_reading(clean(title)) is None


def test_military_codes_need_a_military_word():
    assert not STRUCTURE.allowed("55-3019.00", military=STRUCTURE.is_military(clean("Specialist II")), digital=False)
    assert STRUCTURE.is_military(clean("Army Infantryman"))
    assert STRUCTURE.allowed("55-3016.00", military=True, digital=False)


def test_digital_context_rules_out_police_and_intelligence_agency_codes():
    for title in ("Threat Intelligence Analyst - Cyber", "Information Security Officer", "AI Governance Analyst"):
        assert STRUCTURE.is_digital(clean(title)), title
    assert not STRUCTURE.allowed("33-3021.06", military=False, digital=True)
    assert not STRUCTURE.allowed("33-9099.02", military=False, digital=True)  # the whole 33- group
    assert STRUCTURE.allowed("15-1212.00", military=False, digital=True)
    assert not STRUCTURE.is_digital(clean("Security Officer - Hospital"))


@pytest.mark.parametrize("title", ["Data Pipeline Engineer", "LLM Platform Engineer", "Generative AI Engineer"])
def test_software_titles_rule_out_engineers_of_physical_products(title):
    assert STRUCTURE.is_software(clean(title)), title
    for code in ("17-2071.00", "53-4011.00", "51-9199.00", "49-2011.00"):
        assert not STRUCTURE.allowed(code, military=False, digital=True, software=True)
    assert STRUCTURE.allowed("15-1252.00", military=False, digital=True, software=True)


@pytest.mark.parametrize(
    "title", ["Embedded Hardware Engineer", "Controls Software Engineer", "Power Systems Engineer"]
)
def test_a_physical_discipline_keeps_engineering_codes(title):
    assert not STRUCTURE.is_software(clean(title)), title


def test_the_person_served_after_to_is_not_the_job():
    assert clean("Scheduler to the Mayor") == "scheduler"
    assert clean("Executive Assistant to VP Sales") == "executive assistant"
    assert clean("Door to Door Sales Representative") != "door"


def test_employer_names_are_dropped_but_ordinary_words_stay():
    assert clean("Cashier - Walmart #1234") == "cashier"
    assert clean("Overnight Stocker (Target)") == "stocker"
    assert "target" in clean("Target Marketing Specialist")


def test_platform_with_a_generic_gig_word_names_the_platform_job():
    reading = STRUCTURE.platform_reading(clean("DoorDash Dasher"))
    assert reading.platform == "doordash" and STRUCTURE.is_gig_rest(reading.rest)
    assert reading.codes[0] == "53-3031.00"
    reading = STRUCTURE.platform_reading(clean("Upwork Copywriter"))
    assert not STRUCTURE.is_gig_rest(reading.rest)


def test_spelling_fixer_swaps_letters_but_leaves_brand_words_alone():
    fixer = SpellFixer(
        {"chief": 30, "chef": 40, "washer": 9, "electrician": 5, "electrical": 50}, protected=frozenset({"dasher"})
    )
    assert fixer.fix_word("cheif") == "chief"
    assert fixer.fix_word("electrican") == "electrician"
    assert fixer.fix_word("dasher") == "dasher"
    assert fixer.fix_word("rasher") == "rasher"  # no same-first-letter word one edit away


def test_group_prefix_of_soc_groups():
    assert group_prefix("29-1140") == "29-114"
    assert group_prefix("29-1000") == "29-1"
    assert group_prefix("29-0000") == "29-"


@pytest.fixture(scope="module")
def coder() -> TitleCoder:
    return TitleCoder.from_catalog(Catalog.fixture())


def test_bare_generic_title_is_never_coded_confidently(coder):
    match = coder.code("Specialist II")
    assert match.status != "matched" and match.confidence < coder.reranker.threshold
    assert "kind of job" in match.reason
    assert all(not c.onet_soc_code.startswith("55-") for c in match.candidates)


def test_department_column_gives_a_generic_title_its_field(coder):
    alone = coder.code("Specialist")
    with_department = coder.code("Specialist", department="Data Entry")
    assert alone.status != "matched"
    assert with_department.status == "matched" and with_department.onet_soc_code == "43-9021.00"
    assert "department" in with_department.candidates[0].reason


def test_code_many_takes_departments(coder):
    out = coder.code_many(["Specialist", "Specialist"], departments=["Data Entry", None])
    assert out[0].onet_soc_code == "43-9021.00" and out[1].status != "matched"


def test_executive_reading_never_proposes_codes_the_catalog_lacks(coder):
    match = coder.code("Chief Technology Officer")  # the fixture catalog has no 11- occupations
    assert all(c.onet_soc_code in coder.occupations for c in match.candidates)
    assert all(c.match_kind != "alias" for c in match.candidates)


def test_the_person_served_is_kept_as_evidence():
    cleaned = KNOWLEDGE.clean("Personal Assistant to Chief Financial Officer")
    assert cleaned.cleaned == "personal assistant"
    assert any(r.startswith("to ") and "chief" in r for r in cleaned.removed)


def test_csv_department_column_is_used_and_broad_group_explained(coder, tmp_path):
    from jobrisk.app.title_files import code_titles_file, read_titles_file

    src = tmp_path / "roster.csv"
    src.write_text("title,department\nSpecialist,Data Entry\nSpecialist,\n", encoding="utf-8")
    out = tmp_path / "coded.csv"
    code_titles_file(read_titles_file(src), out, coder, explain=True)
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(df["onet_soc_code"])[0] == "43-9021.00" and df["status"][1] != "matched"
    assert "broad_group" in df.columns and list(df["department"]) == ["Data Entry", ""]


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Salesforce Administrator", "15-1244.00"),
        ("Workday HCM Analyst", "15-1211.00"),  # an unknown module word and a filler between
        ("Tableau Developer", "15-2051.01"),
        ("Okta Engineer", "15-1299.05"),
        ("HubSpot Specialist", "13-1161.00"),
    ],
)
def test_a_role_at_a_software_product(title, code):
    reading = STRUCTURE.tool_reading(clean(title), known=lambda w: w not in {"hcm"})
    assert reading is not None and reading.codes[0] == code
    assert STRUCTURE.is_digital(clean(title)) and STRUCTURE.is_software(clean(title))


def test_software_product_needs_a_role_word_and_no_other_job_words():
    known = {"database", "marketing"}.__contains__
    assert STRUCTURE.tool_reading("salesforce marketing specialist", known) is None  # a known word between
    assert STRUCTURE.tool_reading("salesforce", known) is None
    assert STRUCTURE.tool_reading("salesforce trainer coordinator", known) is None  # no role word last
    assert set(STRUCTURE.tools.values()) <= set(STRUCTURE.tool_roles)


def test_software_product_names_are_never_spelling_fixes():
    assert {"looker", "cerner", "marketo", "unity"} <= STRUCTURE.words()


@pytest.mark.parametrize(
    ("title", "first", "role"),
    [
        ("General Manager - Boutique Hotel", "11-9081.00", "general manager"),
        ("Owner, Dairy Farm", "11-9013.00", "owner"),
        ("Restaurant Franchisee", "11-9051.00", "owner"),
        ("Centre Manager - Childcare", "11-9031.00", "general manager"),
    ],
)
def test_who_runs_a_kind_of_business_is_its_manager(title, first, role):
    reading = STRUCTURE.business_reading(clean(title))
    assert reading is not None and reading.codes[0] == first and reading.role == role
    assert reading.codes[-1] == "11-1021.00"


@pytest.mark.parametrize(
    "title",
    ["Owner Operator - Trucking", "Product Owner", "General Manager", "General Manager, Sales - Hotel", "Owner / Chef"],
)
def test_owner_titles_of_other_jobs_are_left_alone(title):
    assert STRUCTURE.business_reading(clean(title)) is None
