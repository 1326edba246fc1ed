"""The scorebook on the fixture catalog: coverage, derivation, determinism, export contract."""

import csv
import io
from dataclasses import replace

import pytest

from jobrisk.catalog import Catalog
from jobrisk.errors import NotFoundError
from jobrisk.reports.score_export import CONTRACT_COLUMNS, export_csv
from jobrisk.app.scoring_inputs import gather_inputs, score_catalog
from jobrisk.scoring.scorebook import Scorebook, all_components
from jobrisk.scoring.occupation_score import BASIS_TASKS


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
    again = export_csv(score_catalog(Catalog.fixture()))
    assert text == again
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys())[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert len(rows) == len(scorebook)
    for row in rows:
        for column in ("exposure", "automation", "complementarity"):
            assert row[column] == "" or 0.0 <= float(row[column]) <= 1.0
        assert row["risk_score"] == "" or 0.0 <= float(row["risk_score"]) <= 100.0


def test_scorebook_keeps_every_task_behind_a_score_not_only_the_evidence(scorebook):
    score = scorebook.score("43-9021.00")
    tasks = scorebook.tasks("43-9021.00")
    assert len(tasks) == score.tasks_scored > len(score.evidence)
    assert tasks[: len(score.evidence)] == score.evidence
    assert sum(t.time_share for t in tasks) == pytest.approx(1.0)
    assert all(t.task and t.provenance and 0.0 <= t.exposure <= 1.0 for t in tasks)
    assert scorebook.tasks("15-1299.00") == ()  # derived from peers: no tasks of its own


def test_kept_task_components_are_those_a_fresh_computation_gives(scorebook):
    inputs = gather_inputs(Catalog.fixture())
    fresh = all_components(inputs, scorebook.params)
    assert set(scorebook.task_components) == set(fresh)
    for code, components in fresh.items():
        assert scorebook.task_components[code] == components


def test_risk_is_substitution_share_set_against_projected_employment(scorebook):
    for score in scorebook:
        if score.risk is None:
            assert score.demand_factor is None
            continue
        expected = 1.0 if score.outlook is None else 100.0 / (100.0 + score.outlook.change_pct)
        assert score.demand_factor == pytest.approx(expected)
        assert score.risk_score == pytest.approx(min(100.0, 100.0 * score.substitution_share * score.demand_factor))


def test_occupation_without_a_projection_keeps_factor_one_and_says_so(scorebook):
    inputs = gather_inputs(Catalog.fixture())
    code = "43-9021.00"
    assert scorebook.score(code).outlook is not None
    soc = next(o.soc_code for o in inputs.occupations if o.onet_soc_code == code)
    without = replace(inputs, projections={k: v for k, v in inputs.projections.items() if k != soc})
    score = Scorebook.from_inputs(without).score(code)
    assert score.outlook is None and score.demand_factor == 1.0
    assert score.risk_score == pytest.approx(100.0 * score.substitution_share)
    assert any("No BLS projection" in c for c in score.caveats)
