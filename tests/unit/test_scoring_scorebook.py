"""The scorebook on the fixture catalog: coverage, derivation, determinism, export contract."""

import csv
import io

import pytest

from jobrisk.catalog import Catalog
from jobrisk.errors import NotFoundError
from jobrisk.reports.score_export import CONTRACT_COLUMNS, export_csv
from jobrisk.reports.scorebook import Scorebook
from jobrisk.scoring.occupation_score import BASIS_TASKS


@pytest.fixture(scope="module")
def scorebook():
    return Scorebook.from_catalog(Catalog.fixture())


def test_every_occupation_has_a_score_or_an_explicit_insufficient_data_status(scorebook):
    catalog = Catalog.fixture()
    assert {s.onet_soc_code for s in scorebook} == {o.onet_soc_code for o in catalog.occupations()}
    for score in scorebook:
        if score.risk is None:
            assert score.band == "Insufficient data" and score.caveats
        else:
            assert 0.0 <= score.risk.low <= score.risk.score <= score.risk.high <= 100.0


def test_occupation_without_tasks_is_derived_from_peers_and_says_so(scorebook):
    score = scorebook.score("15-1299.00")
    assert score.basis.startswith("derived:")
    assert score.derived_from and "15-1299.00" not in score.derived_from
    assert "derived" in score.basis_detail.lower() or "no tasks" in score.basis_detail.lower()


def test_scored_occupation_shows_its_evidence_and_sensitivity(scorebook):
    score = scorebook.score("43-9021.00")
    assert score.basis == BASIS_TASKS
    assert score.evidence and all(e.provenance for e in score.evidence)
    assert {s.variant for s in score.sensitivity} >= {"human_labels", "gpt4_labels"}
    assert score.exposure.llm_alone <= score.exposure.default <= score.exposure.llm_with_tools


def test_data_entry_keyers_score_above_roofers(scorebook):
    assert scorebook.score("43-9021.00").risk_score > 5 * scorebook.score("47-2181.00").risk_score


def test_unknown_code_is_a_not_found_error_naming_it(scorebook):
    with pytest.raises(NotFoundError, match="99-9999.00"):
        scorebook.score("99-9999.00")


def test_export_has_the_contract_columns_and_is_deterministic(scorebook):
    text = export_csv(scorebook)
    again = export_csv(Scorebook.from_catalog(Catalog.fixture()))
    assert text == again
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys())[:len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert len(rows) == len(scorebook)
    for row in rows:
        for column in ("exposure", "automation", "complementarity"):
            assert row[column] == "" or 0.0 <= float(row[column]) <= 1.0
        assert row["risk_score"] == "" or 0.0 <= float(row["risk_score"]) <= 100.0
