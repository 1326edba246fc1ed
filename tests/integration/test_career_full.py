"""The career audit on the full catalog: the CLI, the exact default profile, and career moves that
respect the documented screens (and a calibration of the similarity cut-offs that could fail)."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from typer.testing import CliRunner

from jobrisk.app.career_audit import run_career_audit
from jobrisk.app.transition_space import transition_space_for
from jobrisk.interfaces.cli.main import app
from jobrisk.reports.career.profile import CareerProfile
from jobrisk.scoring.transitions import facet_similarities, occupation_origin, similarity
from jobrisk.scoring.transition_types import DEFAULT_SCREENS
from jobrisk.app.services import Services

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def services(built_settings):
    return Services(built_settings)


def test_default_profiles_reproduce_occupation_scores_exactly(services):
    scored = [s for s in services.scorebook if s.status == "scored"]
    for occupation in random.Random(13).sample(scored, 15):
        audit = run_career_audit(services, CareerProfile(onet_soc_code=occupation.onet_soc_code))
        assert (audit.personal.risk_score, audit.personal.risk_low, audit.personal.risk_high) == (
            occupation.risk_score,
            occupation.risk_low,
            occupation.risk_high,
        ), occupation.onet_soc_code


@pytest.mark.parametrize("code", ["43-4051.00", "23-2011.00", "53-3032.00", "29-1141.00", "15-1252.00"])
def test_career_moves_respect_every_screen(services, code):
    audit = run_career_audit(services, CareerProfile(onet_soc_code=code))
    s = audit.transition_screening
    assert s.considered > 900
    zone = audit.occupation.job_zone
    for move in audit.transitions:
        assert move.similarity >= s.viable_similarity
        assert move.viability == ("highly viable" if move.similarity >= s.highly_viable_similarity else "viable")
        assert move.risk_high < audit.personal.risk_low
        assert zone is None or abs(move.job_zone - zone) <= s.max_job_zone_difference
        assert move.median_wage_usd >= s.min_pay_ratio * s.current_pay_usd
        assert move.onet_soc_code != code
    sims = [m.similarity for m in audit.transitions]
    assert sims == sorted(sims, reverse=True)


def test_onet_related_occupations_mostly_pass_the_viable_cut_off_and_random_pairs_mostly_do_not(full_catalog, services):
    space = transition_space_for(full_catalog, services.scorebook)
    related, rng = [], random.Random(3)
    all_pairs = []
    for code in rng.sample(list(space.codes), 150):
        origin = occupation_origin(space, code, job_zone=None, annual_pay_usd=None, risk=None)
        overall = similarity(facet_similarities(origin, space), DEFAULT_SCREENS.min_facets)
        all_pairs += [v for v in overall if not np.isnan(v)]
        for rel in full_catalog.related_occupations(code):
            j = space.row(rel.onet_soc_code)
            if rel.tier == "Primary-Short" and j is not None and not np.isnan(overall[j]):
                related.append(overall[j])
    assert np.mean(np.array(related) >= DEFAULT_SCREENS.viable_similarity) > 0.85
    assert np.mean(np.array(all_pairs) >= DEFAULT_SCREENS.viable_similarity) < 0.35


def test_cli_audits_a_yaml_profile_and_names_bad_input(built_settings, tmp_path):
    runner = CliRunner()
    base = ["--data-dir", str(built_settings.data_dir), "audit", "career"]
    profile = tmp_path / "me.yaml"
    profile.write_text(
        "title: paralegal\nannual_pay_usd: 60000\ntasks:\n"
        "  - {text: 'Draft discovery requests with an AI assistant', share: 30}\n"
        "  - {text: 'Meet clients to take their statements', share: 70}\n"
    )
    result = runner.invoke(app, base + [str(profile), "--format", "json"])
    assert result.exit_code == 0, result.output
    audit = json.loads(result.stdout[result.stdout.index("{") :])
    assert audit["occupation"]["onet_soc_code"] == "23-2011.00"
    assert [t["source"] for t in audit["tasks"]] == ["free_text", "free_text"]
    pdf = tmp_path / "me.pdf"
    assert runner.invoke(app, base + [str(profile), "--format", "pdf", "-o", str(pdf)]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    vague = tmp_path / "vague.json"
    vague.write_text('{"title": "engineer"}')
    result = runner.invoke(app, base + [str(vague)])
    assert result.exit_code == 2 and "Candidates:" in result.output and "17-" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"onet_soc_code": "23-2011.00", "tasks": [{"task_id": 1, "share": 1}]}')
    result = runner.invoke(app, base + [str(bad)])
    assert result.exit_code == 2 and "Task id 1 is not among" in result.output
