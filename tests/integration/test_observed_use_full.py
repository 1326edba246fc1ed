"""Observed AI use and the adoption estimate on the full catalog built from the data mirror."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from jobrisk.interfaces.cli.main import app

pytestmark = pytest.mark.integration


def test_both_releases_join_most_task_texts_to_onet_29_3(full_catalog):
    releases = {r.release: r for r in full_catalog.observed_use_releases()}
    assert set(releases) == {"2025-02-10", "2025-03-27"}
    for r in releases.values():
        assert r.joined_texts_pct > 90.0 and r.joined_usage_pct > 80.0
        assert r.joined_tasks > r.joined_texts  # one text stands for several occupations' tasks
        assert 0 < r.joined_by_text < r.joined_tasks  # the rest join through Task IDs
    assert releases["2025-03-27"].texts_with_modes == 2063


def test_software_developers_are_observed_more_than_roofers(full_catalog):
    software = full_catalog.observed_occupation_use("15-1252.00")
    roofers = full_catalog.observed_occupation_use("47-2181.00")
    assert software is not None and roofers is not None
    assert software.observed_time_share > roofers.observed_time_share
    assert software.observed_time_share_percentile > 70 > roofers.observed_time_share_percentile


def test_every_task_has_an_adoption_estimate_and_observed_ones_are_one(full_catalog):
    adoption = full_catalog.task_adoption()
    assert len(adoption) == len(full_catalog.tasks())
    observed = full_catalog.observed_task_ids()
    assert {i for i, a in adoption.items() if a.observed} == set(observed)
    assert all(a.p_adoption == 1.0 for a in adoption.values() if a.observed)
    unobserved = [a.p_adoption_model for a in adoption.values() if not a.observed]
    assert 0.0 < sum(unobserved) / len(unobserved) < 0.5


def test_tasks_score_adds_observed_share_and_adoption(built_settings, tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    observed_text = "Analyze user needs and software requirements to determine feasibility of design within time and cost constraints."
    src.write_text(
        f'task,onet_soc_code\n"{observed_text}",15-1252.00\nInstall roofing shingles on steep roofs,\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["--data-dir", str(built_settings.data_dir), "tasks", "score", str(src), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert float(rows[0]["observed_share_pct"]) > 0 and rows[0]["p_adoption"] == "1.0"
    assert rows[1]["observed_share_pct"] == ""  # not observed: empty, not zero
    assert 0.0 < float(rows[1]["p_adoption"]) < 0.5
