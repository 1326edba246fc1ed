"""Occupation reports built on the fixture catalog: sections, content, honesty about missing data."""

import re

import pytest

from jobrisk.catalog.fixture import FIXTURE_CODES
from jobrisk.errors import NotFoundError
from jobrisk.reports.occupation import OccupationReport, ReportContext, build_report
from jobrisk.reports.occupation.markdown import render_markdown

LEAKS = re.compile(r"\bNone\b(?! of\b)|\bnan\b|\bNaN\b|\$0\b|\bnull\b")


@pytest.fixture(scope="module")
def context(catalog, scorebook):
    return ReportContext.build(catalog, scorebook)


@pytest.fixture(scope="module")
def reports(catalog, scorebook, context):
    return {code: build_report(catalog, scorebook, code, context=context) for code in FIXTURE_CODES}


def _texts(report: OccupationReport) -> list[str]:
    """Every generated sentence of a report."""
    out = [
        report.headline.verdict,
        report.state_of_ai.summary,
        report.tasks_at_risk.summary,
        report.human_edge.summary,
        report.score_breakdown.summary,
        report.score_breakdown.research_summary,
        report.bottom_line,
    ]
    out += [t.reason for t in report.state_of_ai.tools]
    out += [t.why for t in report.tasks_at_risk.tasks] + [t.why for t in report.human_edge.tasks]
    out += [s.why for s in report.human_edge.strengths]
    for a in report.actions:
        out += [a.text] + [i.label for i in a.items] + [i.detail for i in a.items]
    return out


def test_every_fixture_occupation_has_all_sections_and_five_action_steps(reports):
    for code, report in reports.items():
        assert report.occupation.onet_soc_code == code
        assert report.headline.verdict and report.state_of_ai.summary and report.bottom_line
        assert [a.kind for a in report.actions] == [
            "strengthen",
            "master_tools",
            "move_adjacent",
            "credentials",
            "reshape_work",
        ]
        assert len(report.score_breakdown.components) == 4
        assert report.about.sources and all(s.attribution for s in report.about.sources)


def test_no_none_nan_or_zero_dollars_leak_into_text(reports):
    for code, report in reports.items():
        for text in _texts(report):
            assert not LEAKS.search(text), (code, text)
        assert not LEAKS.search(render_markdown(report)), code


def test_data_scientists_report_names_automl_or_hyperparameter_tuning(reports):
    names = " ".join(t.name for t in reports["15-2051.00"].state_of_ai.tools)
    assert "AutoML" in names or "hyperparameter" in names


def test_roofers_report_ranks_physical_tasks_among_what_ai_cannot_replace(reports):
    edge = reports["47-2181.00"].human_edge
    assert sum(t.physical for t in edge.tasks[:5]) >= 2
    assert all(t.exposure is not None and t.exposure <= 0.25 for t in edge.tasks)


def test_tasks_at_risk_are_ranked_by_exposure_times_automation_times_time(reports):
    tasks = reports["43-9021.00"].tasks_at_risk.tasks
    assert tasks
    weights = [t.risk_weight for t in tasks]
    assert weights == sorted(weights, reverse=True)
    assert all(t.why.startswith("Exposure") for t in tasks)


def test_occupation_without_tasks_says_so_instead_of_inventing_tasks(reports):
    report = reports["15-1299.00"]
    assert report.state_of_ai.tasks_total == 0
    assert not report.tasks_at_risk.tasks and not report.human_edge.tasks
    assert "no tasks" in report.state_of_ai.summary
    if report.headline.score_status == "derived":
        assert "not from the occupation's own tasks" in report.headline.verdict


def test_unknown_code_is_not_found(catalog, scorebook, context):
    with pytest.raises(NotFoundError, match="99-9999.99"):
        build_report(catalog, scorebook, "99-9999.99", context=context)


def test_same_data_gives_the_same_report(catalog, scorebook, context, reports):
    again = build_report(catalog, scorebook, "29-1141.00", context=context)
    assert again.model_dump_json() == reports["29-1141.00"].model_dump_json()


def test_headlines_and_bottom_lines_share_one_wording(reports):
    for r in reports.values():
        if r.headline.band:
            assert r.headline.verdict.startswith(f"{r.headline.band} risk: ")
            assert r.bottom_line.startswith(f"{r.headline.band} risk for {r.occupation.title}.")


def test_phrasing_varies_between_occupations_outside_the_headline(reports):
    summaries = {r.tasks_at_risk.summary.split(" ")[1] for r in reports.values() if r.tasks_at_risk.tasks}
    assert len(summaries) >= 2


def test_lower_risk_neighbours_are_lower_beyond_both_ranges(reports, context):
    for code, report in reports.items():
        step = report.actions[2]
        if not step.text.startswith("Related occupations that score lower"):
            continue
        own = context.risk_range[code]
        for item in step.items:
            other = item.url.rsplit("/", 1)[-1]
            assert context.risk_range[other][1] < own[0]


def test_tasks_at_risk_name_the_tools_that_automate_them_with_reasons(reports):
    tasks = reports["43-4051.00"].tasks_at_risk.tasks
    assert any(task.tools for task in tasks)
    for task in tasks:
        assert all(tool.name and tool.reason for tool in task.tools)


def test_report_json_round_trips(reports):
    report = reports["13-2011.00"]
    assert OccupationReport.model_validate_json(report.model_dump_json()) == report


def test_human_strengths_are_named_in_plain_words_with_their_percentile(reports):
    for r in reports.values():
        for s in r.human_edge.strengths:
            assert s.name and "." not in s.name  # a name, not an O*NET element id
            assert f"{s.percentile:.0f}%" in s.why


def test_report_context_reuses_the_scorebooks_task_components(scorebook, context, reports):
    # one computation shared by the score and the report: the very same objects, not a recomputation
    assert set(context.task_components) == set(scorebook.task_components)
    for code, components in scorebook.task_components.items():
        assert context.task_components[code] is components
    at_risk = {t.task_id for t in reports["43-9021.00"].tasks_at_risk.tasks}
    assert at_risk <= {t.task_id for t in scorebook.tasks("43-9021.00")}


def test_score_breakdown_shows_the_demand_factor_behind_the_score(reports, scorebook):
    score = scorebook.score("43-9021.00")
    report = reports["43-9021.00"]
    assert f"{score.substitution_share * 100:.0f}% of today's work time" in report.score_breakdown.summary
    assert "fewer jobs BLS projects by 2034" in report.score_breakdown.summary  # data entry keyers shrink
    assert any("fewer jobs by 2034, which leaves less room" in p for p in report.headline.interpretation)


def test_score_caveats_are_shown_in_plain_words_with_the_group_code():
    from jobrisk.catalog.types import Occupation
    from jobrisk.reports.occupation.caveats import plain_caveats

    occ = Occupation("15-2051.00", "Data Scientists", "", "15-2051", "15", 4, 16)
    shown = plain_caveats(
        occ,
        [
            "O*NET has no descriptors for this occupation; complementarity is its SOC broad group's mean.",
            "BLS projects this occupation only within 15-2050.",
        ],
        strengths_borrowed=True,
    )
    assert shown[0].startswith("O*NET has not rated the work context, skills or abilities of Data Scientists")
    assert "SOC group 15-2050" in shown[0] and "share the most work activities" in shown[0]
    assert "descriptors" not in shown[0] and "complementarity" not in shown[0]
    assert shown[1] == "BLS projects this occupation only within 15-2050."


def test_bottom_line_names_a_shield_that_is_also_the_first_step_once():
    from jobrisk.reports.occupation.narrative import bottom_line

    text = bottom_line(
        "Roofers",
        "scored",
        "Low",
        0.02,
        None,
        "Physical work in unpredictable places",
        "Build on physical work in unpredictable places",
    )
    assert text.endswith("The strongest shield is physical work in unpredictable places: build on it first.")
    assert text.count("physical work in unpredictable places") == 1
    other = bottom_line(
        "Data Scientists",
        "scored",
        "Very high",
        0.63,
        "routine data cleaning",
        "Original ideas",
        "Learn data analysis and BI assistants",
    )
    assert other.endswith("The strongest shield is original ideas. First step: learn data analysis and BI assistants.")
