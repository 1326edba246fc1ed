"""The TitleCoder facade on the small fixture catalog: statuses, candidates, reasons, cache, CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from jobrisk.catalog import Catalog
from jobrisk.errors import MissingColumnError
from jobrisk.app.title_files import code_titles_file, read_titles_file
from jobrisk.models.title_coder import TitleCoder


@pytest.fixture(scope="module")
def coder() -> TitleCoder:
    return TitleCoder.from_catalog(Catalog.fixture())


def test_abbreviated_title_is_matched_with_a_reason(coder):
    match = coder.code("RN - ICU nights")
    assert match.status == "matched"
    assert match.onet_soc_code == "29-1141.00"
    assert match.title == "Registered Nurses"
    assert 0.0 < match.confidence <= 1.0
    assert match.candidates[0].reason


def test_alias_fast_path_names_the_alias(coder):
    match = coder.code("Sr. ML Engineer")
    assert match.status == "matched"
    assert match.onet_soc_code == "15-2051.00"
    assert match.candidates[0].match_kind == "alias"
    assert "machine learning engineer" in match.candidates[0].reason


def test_exact_onet_title_is_matched(coder):
    match = coder.code("Software Developers")
    assert match.onet_soc_code == "15-1252.00"
    assert match.candidates[0].match_kind in ("exact", "alias")


def test_misspelt_title_is_corrected_and_says_so(coder):
    match = coder.code("Acountant")
    assert match.onet_soc_code == "13-2011.00"
    assert "accountant" in match.candidates[0].reason


def test_candidates_are_at_most_five_distinct_codes_best_first(coder):
    match = coder.code("customer service specialist")
    codes = [c.onet_soc_code for c in match.candidates]
    assert 1 <= len(codes) <= 5 and len(set(codes)) == len(codes)
    assert codes[0] == "43-4051.00"


@pytest.mark.parametrize("bad", ["", "   ", "12345", "软件工程师", "x" * 1000, None])
def test_bad_input_is_unknown_with_a_reason(coder, bad):
    match = coder.code(bad)
    assert match.status == "unknown"
    assert match.onet_soc_code is None and match.candidates == ()
    assert match.reason


def test_unrelated_title_is_not_matched_confidently(coder):
    match = coder.code("Zookeeper of penguins")  # no such occupation in the fixture catalog
    assert match.status in ("uncertain", "matched")
    if match.status == "uncertain":
        assert match.onet_soc_code is None and match.candidates
        assert "not sure" in match.reason
    assert match.confidence < 0.9


def test_code_many_matches_code_one_by_one_and_repeats(coder):
    titles = ["Truck Driver", "Roofer", "Truck Driver", "", "Data Entry Clerk"] * 3
    many = coder.code_many(titles)
    assert len(many) == len(titles)
    assert [m.onet_soc_code for m in many] == [coder.code(t).onet_soc_code for t in titles]
    assert many[0] is many[2]


def _answer(match):
    return (
        match.status,
        match.onet_soc_code,
        match.confidence,
        tuple((c.onet_soc_code, c.similarity, c.reason) for c in match.candidates),
    )


def test_a_title_is_coded_the_same_whatever_else_is_in_its_batch():
    titles = [
        "Sr Data Analyst II",
        "nurse practitioner - nights",
        "Forklift Operatr",
        "Truck Driver",
        "senior data analyst ii",
        "Marketing Coordinator (Remote)",
        "Roofer helper",
        "ML Engineer",
        "Chief Revenue Officer",
        "pipe welder weekend",
        "Acountant",
        "Zookeeper of penguins",
    ]
    one_by_one = TitleCoder.from_catalog(Catalog.fixture())
    alone = [_answer(one_by_one.code(t)) for t in titles]
    in_bulk = TitleCoder.from_catalog(Catalog.fixture())
    reversed_small_batches = in_bulk.code_many(titles[::-1], batch_size=3)[::-1]
    assert [_answer(m) for m in reversed_small_batches] == alone
    fresh = TitleCoder.from_catalog(Catalog.fixture())
    assert [_answer(m) for m in fresh.code_many(titles, batch_size=512)] == alone


def test_titles_differing_only_in_case_share_the_answer_but_keep_their_own_text(coder):
    upper, lower = coder.code_many(["SENIOR PAYROLL CLERK", "senior payroll clerk"])
    assert upper.input_title == "SENIOR PAYROLL CLERK" and lower.input_title == "senior payroll clerk"
    assert _answer(upper) == _answer(lower)


def test_duties_text_is_accepted_and_keeps_the_right_answer(coder):
    match = coder.code("Specialist", duties="Answer customer calls, resolve billing complaints, process orders")
    assert match.candidates
    assert "43-4051.00" in [c.onet_soc_code for c in match.candidates]


def test_suggest_returns_prefix_matches_first(coder):
    suggestions = coder.suggest("regis", limit=5)
    assert suggestions and len(suggestions) <= 5
    assert suggestions[0].label.lower().startswith("regis")
    assert all(s.onet_soc_code and s.occupation_title for s in suggestions)
    assert coder.suggest("", limit=5) == []


def test_suggest_tolerates_typos(coder):
    labels = [s.label.lower() for s in coder.suggest("sofware develo", limit=8)]
    assert any("software" in label for label in labels)


def test_coded_titles_file_keeps_input_columns_and_adds_the_contract_columns(coder, tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"employee_id": ["1", "2", "3"], "title": ["RN", "", "Roofer"]}).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    counts = code_titles_file(read_titles_file(src), out, coder)
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(df.columns) == ["employee_id", "title", "onet_soc_code", "confidence", "status", "candidates"]
    assert df["employee_id"].tolist() == ["1", "2", "3"]
    assert df["status"].tolist() == ["matched", "unknown", "matched"]
    assert df["onet_soc_code"].tolist()[1] == ""
    assert df["candidates"][0].split(";")[0] == df["onet_soc_code"][0]
    assert counts["matched"] == 2


def test_csv_without_title_column_names_the_columns_found(coder, tmp_path):
    src = tmp_path / "roster.csv"
    src.write_text("name,job_title\nAna,Nurse\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="name, job_title"):
        read_titles_file(src)


def test_titles_with_departments_are_coded_in_bulk_as_one_by_one():
    titles = ["Coordinator", "Analyst", "Roofer", "Coordinator", "Specialist"]
    departments = ["Marketing", "Finance", "", None, "Payroll"]
    one_by_one = TitleCoder.from_catalog(Catalog.fixture())
    alone = [_answer(one_by_one.code(t, department=d)) for t, d in zip(titles, departments)]
    bulk = TitleCoder.from_catalog(Catalog.fixture())
    assert [_answer(m) for m in bulk.code_many(titles, departments=departments)] == alone
    assert bulk.is_cached("Marketing Coordinator") and bulk.is_cached("Payroll Specialist")


def test_clear_cache_forgets_the_index_look_ups_and_answers_stay_the_same():
    coder = TitleCoder.from_catalog(Catalog.fixture())
    titles = ["Data Scientist", "data sciencist", "Telemarketing Agent - nights", "Senior Payroll Clerk II"]
    before = [_answer(m) for m in coder.code_many(titles)]
    assert coder.index.__dict__.get("_lexical_memo")
    assert coder.index._char_q._word_grams  # each word's character n-grams, found once
    coder.clear_cache()
    assert not coder.index.__dict__.get("_lexical_memo")
    assert not coder.index.__dict__.get("_semantic_memo")
    assert not coder.index._char_q._memo and not coder.index._word_q._memo
    assert not coder.index._char_q._word_grams
    assert not coder.is_cached("Data Scientist")
    assert [_answer(m) for m in coder.code_many(titles)] == before
