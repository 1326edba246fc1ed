"""The validation report on the fixture catalog: its parts exist and render."""

import pytest

from jobrisk.catalog import Catalog
from jobrisk.app.scoring_inputs import gather_inputs
from jobrisk.scoring.scorebook import Scorebook
from jobrisk.reports.validation import baseline_exposure, build_validation
from jobrisk.reports.validation_render import render_markdown, write_validation
from jobrisk.scoring.sensitivity import REPORT_VARIANTS, UNCERTAINTY_VARIANTS


@pytest.fixture(scope="module")
def report():
    inputs = gather_inputs(Catalog.fixture())
    return build_validation(inputs, Scorebook.from_inputs(inputs))


def test_every_weighting_choice_has_a_sensitivity_row(report):
    names = {row.name for row in report.sensitivity}
    assert names == {v.name for v in (*UNCERTAINTY_VARIANTS, *REPORT_VARIANTS)}
    assert all(-1.0 <= row.spearman_risk <= 1.0 for row in report.sensitivity)


def test_sanity_cases_in_the_fixture_pass(report):
    present = [s for s in report.sanity if s.band != "Insufficient data"]
    assert {s.onet_soc_code for s in present} >= {"43-9021.00", "47-2181.00", "29-1242.00"}
    assert all(s.passed for s in present)


def test_bands_and_histogram_count_every_occupation(report):
    assert sum(n for _, n in report.band_counts) == report.occupations
    scored = report.occupations - dict(report.band_counts)["Insufficient data"]
    assert sum(n for _, n in report.risk_histogram) == scored


def test_baseline_uses_human_label_before_gpt4():
    inputs = gather_inputs(Catalog.fixture())
    baseline = baseline_exposure(inputs)
    assert "15-1299.00" not in baseline  # no tasks, no baseline
    assert 0.0 <= baseline["43-9021.00"] <= 1.0


def test_report_renders_markdown_and_charts(report, tmp_path):
    text = render_markdown(report)
    assert "## Sanity cases" in text and "## Rank sensitivity" in text
    written = write_validation(report, tmp_path)
    assert {p.name for p in written} == {
        "validation.md",
        "validation_risk_histogram.svg",
        "validation_exposure_histogram.svg",
    }
    assert (tmp_path / "validation_risk_histogram.svg").read_text().startswith("<svg")
