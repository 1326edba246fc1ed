"""Occupation reports on the full catalog: every occupation builds, a sample renders across groups."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from jobrisk.interfaces.cli.main import app
from jobrisk.reports.occupation.html import environment, render_html
from jobrisk.reports.occupation.markdown import render_markdown
from jobrisk.reports.tools import load_tool_catalog

pytestmark = pytest.mark.integration

LEAKS = re.compile(r"\bNone\b(?! of\b)|\bnan\b|\bNaN\b|\$0\b|\bnull\b")
SECTIONS = (
    "## The state of AI in this occupation",
    "## Tasks at risk",
    "## What AI can\u2019t replace",
    "## Score breakdown",
    "## Five action steps",
    "## Bottom line",
)


def test_every_occupation_report_builds_including_those_without_tasks(full_catalog, all_reports):
    assert len(all_reports) == len(full_catalog.occupations()) >= 1000
    taskless = [r for r in all_reports.values() if r.state_of_ai.tasks_total == 0]
    assert len(taskless) >= 50
    for report in taskless:
        assert "no tasks" in report.state_of_ai.summary
        assert not report.tasks_at_risk.tasks
        if report.headline.score_status == "insufficient_data":
            assert report.headline.verdict.startswith("Not scored")


def test_no_report_leaks_none_nan_or_zero_dollars(all_reports):
    for code, report in all_reports.items():
        text = render_markdown(report)
        assert not LEAKS.search(text), (code, LEAKS.search(text).group(0))


def test_a_sample_across_major_groups_renders_every_section(all_reports):
    by_group: dict[str, str] = {}
    for code in sorted(all_reports):
        by_group.setdefault(code[:2], code)
    assert len(by_group) >= 20
    env = environment(strict=True)
    for code in by_group.values():
        report = all_reports[code]
        md = render_markdown(report)
        assert all(s in md for s in SECTIONS), code
        html = render_html(report, env=env)
        assert "application/ld+json" in html and report.occupation.title.split(",")[0] in html
        assert len(report.actions) == 5


def test_data_scientists_report_names_hyperparameter_tuning_or_automl(all_reports):
    tools = " ".join(t.name for t in all_reports["15-2051.00"].state_of_ai.tools)
    assert "AutoML" in tools or "hyperparameter" in tools


def test_roofers_report_ranks_physical_tasks_among_what_ai_cannot_replace(all_reports):
    edge = all_reports["47-2181.00"].human_edge
    assert edge.tasks and sum(t.physical for t in edge.tasks[:3]) >= 2


def test_every_report_names_human_strengths_except_where_o_net_rates_nothing(all_reports, context):
    unrated = [c for c, r in all_reports.items() if not r.human_edge.strengths]
    assert len(unrated) <= 25 and all(c.startswith("55-") for c in unrated)  # military: no ratings at all
    nurses = [s.key for s in all_reports["29-1141.00"].human_edge.strengths]
    assert "care" in nurses
    assert "physical" in [s.key for s in all_reports["47-2181.00"].human_edge.strengths]


def test_occupations_without_o_net_ratings_borrow_them_and_say_so_once(all_reports, context):
    for code in ("15-1252.00", "15-2051.00"):
        report = all_reports[code]
        assert code in context.borrowed and report.human_edge.borrowed_note
        assert report.human_edge.strengths
        assert render_markdown(report).count("borrowed from the most similar rated occupations") == 1


def test_tool_categories_reach_most_occupations_with_tasks(all_reports):
    with_tasks = [r for r in all_reports.values() if r.state_of_ai.tasks_total > 0]
    reached = [r for r in with_tasks if r.state_of_ai.tools]
    assert len(reached) / len(with_tasks) > 0.9


def test_every_onet_id_in_the_tool_catalog_exists(full_catalog):
    dwas = {d.dwa_id for ds in full_catalog.task_dwas().values() for d in ds}
    iwas = {d.iwa_id for ds in full_catalog.task_dwas().values() for d in ds}
    for category in load_tool_catalog().categories:
        assert category.dwa_ids <= dwas, (category.id, category.dwa_ids - dwas)
        assert category.iwa_ids <= iwas, (category.id, category.iwa_ids - iwas)


def test_cli_report_for_a_typed_title_says_which_occupation_it_chose(built_settings):
    result = CliRunner().invoke(
        app, ["--data-dir", str(built_settings.data_dir), "report", "Machine Learning Engineer", "--format", "md"]
    )
    assert result.exit_code == 0, result.output
    assert "Machine Learning Engineer \u2192 closest occupation: Data Scientists" in result.stdout
    assert "You searched for \u201cMachine Learning Engineer\u201d" in result.stdout
    assert "AutoML" in result.stdout or "hyperparameter" in result.stdout


def test_cli_report_json_for_a_code(built_settings):
    result = CliRunner().invoke(
        app, ["--data-dir", str(built_settings.data_dir), "report", "47-2181.00", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert '"onet_soc_code": "47-2181.00"' in result.stdout


def test_cli_site_build_writes_pages_index_and_seo_metadata(built_settings, tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(
        app,
        [
            "--data-dir",
            str(built_settings.data_dir),
            "site",
            "build",
            str(out),
            "--base-url",
            "https://jobs.example.org",
            "--limit",
            "25",
        ],
    )
    assert result.exit_code == 0, result.output
    pages = sorted((out / "occupations").glob("*.html"))
    assert len(pages) == 25
    page = pages[0].read_text()
    assert '<link rel="canonical" href="https://jobs.example.org/occupations/' in page
    assert '"@type": "WebPage"' in page or '"@type":"WebPage"' in page
    assert (out / "index.html").exists() and (out / "search.js").exists() and (out / "sitemap.xml").exists()
    document = (out / "method-document.html").read_text()
    assert "How the occupation AI risk score is made" in document and 'id="version-history"' in document
    assert 'href="method-document.html"' in (out / "method.html").read_text()
    assert 'href="../method-document.html"' in page  # each report's method link


def test_the_whole_static_site_links_only_to_pages_it_contains(full_catalog, scorebook, tmp_path):
    from site_links import dead_links

    from jobrisk.reports.occupation.site import build_site

    summary = build_site(full_catalog, scorebook, tmp_path, base_url="https://jobs.example.org", workers=2)
    assert summary.pages == len(full_catalog.occupations())
    assert dead_links(tmp_path, "https://jobs.example.org") == []
    military = (tmp_path / "occupations" / "55-3016.00.html").read_text()
    assert "Score the duty" in military and "jobrisk serve" in military and "/tasks/score" not in military
