"""Scores on the full catalog: sanity cases, coverage of all 1,016 occupations, determinism,
and the ``jobrisk occupations export`` contract."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from jobrisk.catalog import Catalog
from jobrisk.interfaces.cli.main import app
from jobrisk.reports.score_export import CONTRACT_COLUMNS, export_csv
from jobrisk.app.scoring_inputs import score_catalog
from jobrisk.reports.validation import EXPECTED_BANDS, SANITY_CASES

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def catalog_path(built_settings):
    return built_settings.catalog_path


@pytest.mark.parametrize("code,expected", SANITY_CASES)
def test_research_consensus_cases_land_in_the_expected_band(scorebook, code, expected):
    score = scorebook.score(code)
    assert score.band in EXPECTED_BANDS[expected], (
        f"{score.title}: band {score.band} (risk {score.risk_score:.1f}), expected {expected}"
    )


def test_every_one_of_the_1016_occupations_has_a_score_or_says_why_not(scorebook):
    assert len(scorebook) == 1016
    for score in scorebook:
        if score.risk is None:
            assert score.band == "Insufficient data" and score.basis == "insufficient_data"
            assert score.caveats, score.onet_soc_code
        else:
            assert score.exposure is not None and score.complementarity is not None
            assert 0.0 <= score.risk.low <= score.risk.score <= score.risk.high <= 100.0


def test_occupations_without_tasks_are_derived_or_insufficient_never_silent(scorebook):
    taskless = [s for s in scorebook if s.tasks_total == 0]
    assert len(taskless) == 93
    for score in taskless:
        assert score.basis != "tasks"
        assert score.basis == "insufficient_data" or score.derived_from


def test_military_codes_report_insufficient_data(scorebook):
    military = [s for s in scorebook if s.onet_soc_code.startswith("55-")]
    assert military and all(s.band == "Insufficient data" for s in military)


def test_all_other_code_is_derived_from_its_soc_group(scorebook):
    score = scorebook.score("11-9199.00")
    assert score.basis.startswith("derived:")
    assert all(code.startswith("11-9") for code in score.derived_from)


def test_same_catalog_gives_identical_scores(catalog_path, scorebook):
    with Catalog.open(catalog_path) as catalog:
        again = score_catalog(catalog)
    assert export_csv(again) == export_csv(scorebook)


def test_exposure_tracks_the_published_task_label_measure(scorebook):
    from scipy.stats import spearmanr

    pairs = [
        (s.exposure_share, m.value)
        for s in scorebook
        if s.status == "scored"
        for m in s.research
        if m.measure == "gpts_human_beta"
    ]
    assert len(pairs) > 700
    assert spearmanr(*zip(*pairs))[0] > 0.9


def test_score_sets_substitutable_work_against_bls_projected_employment(scorebook):
    for score in scorebook:
        if score.risk is None:
            continue
        expected = 1.0 if score.outlook is None else 100.0 / (100.0 + score.outlook.change_pct)
        assert score.demand_factor == pytest.approx(expected), score.onet_soc_code
        assert score.risk_score == pytest.approx(min(100.0, 100.0 * score.substitution_share * score.demand_factor))
    # growing demand absorbs part of the work, shrinking demand leaves less room
    assert scorebook.score("15-1252.00").demand_factor < 1.0 < scorebook.score("43-9021.00").demand_factor


def test_scorebook_keeps_every_scored_task_of_every_occupation(scorebook):
    for score in scorebook:
        tasks = scorebook.tasks(score.onet_soc_code)
        if score.basis == "tasks":
            assert len(tasks) == score.tasks_scored and tasks[: len(score.evidence)] == score.evidence
            assert sum(t.time_share for t in tasks) == pytest.approx(1.0)
        else:
            assert tasks == ()


def test_cli_export_writes_the_contract_columns_for_every_code(catalog_path, tmp_path):
    out = tmp_path / "scores.csv"
    result = CliRunner().invoke(app, ["--data-dir", str(catalog_path.parent), "occupations", "export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1016
    assert tuple(rows[0])[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert len({r["onet_soc_code"] for r in rows}) == 1016


def test_cli_occupation_prints_the_breakdown(catalog_path):
    result = CliRunner().invoke(app, ["--data-dir", str(catalog_path.parent), "occupation", "15-2051.00"])
    assert result.exit_code == 0, result.output
    assert "Data Scientists" in result.output and "capability exposure" in result.output
    assert "demand factor" in result.output


def test_cli_occupation_unknown_code_exits_not_found(catalog_path):
    result = CliRunner().invoke(app, ["--data-dir", str(catalog_path.parent), "occupation", "99-9999.00"])
    assert result.exit_code == 3
