"""The content rules of issue-level quality, checked on every one of the ~1,016 occupation reports.

1. The main text carries no O*NET element ids, label codes, data versions or internal flag names
   (those belong to the evidence panels and the JSON).
2. Every "what AI can't replace" task is low-exposure against the whole catalog (at or below the
   median task exposure), not highly automatable, and not linked to a machine tool category.
3. No empty action step (except for occupations O*NET gives nothing at all: no tasks, no ratings,
   no related occupations — the military-specific ones), and no trivial "lower-risk" neighbour:
   each scores lower beyond the uncertainty of both scores.
4. One voice: the headline and bottom line use one wording; the bottom line quotes no cut-off text.
"""

from __future__ import annotations

import re

import pytest

from jobrisk.reports.occupation.task_sections import HIGH_AUTOMATION
from jobrisk.reports.tools import match_occupation

pytestmark = pytest.mark.integration

ELEMENT_ID = re.compile(r"\b\d\.[A-D]\.\d(\.[a-z0-9]+)*\b")
INTERNAL = re.compile(
    r"unfamiliar_words|activity_pool|labels\(|\bgit [0-9a-f]{7}|curated alias|"
    r"\bE[012]\b|provenance|_[a-z]+_|\bp_e\d|\bIWA\b|\bDWA\b|descriptors|complementarity|"
    r"activity pool|group's mean"
)


def main_text(report) -> list[str]:
    """Every sentence a reader sees without opening an evidence panel."""
    h, s, t, he, b = (
        report.headline,
        report.state_of_ai,
        report.tasks_at_risk,
        report.human_edge,
        report.score_breakdown,
    )
    out = [
        h.verdict,
        *h.interpretation,
        h.range_note or "",
        s.summary,
        t.summary,
        he.summary,
        he.borrowed_note or "",
        b.summary,
        b.research_summary,
        report.bottom_line,
    ]
    out += [x for tool in s.tools for x in (tool.summary, tool.description, tool.automates)]
    out += [x.summary for x in t.tasks]
    out += [x for task in he.tasks for x in (task.why, task.strength or "")]
    out += [x for st in he.strengths for x in (st.name, st.why)]
    out += [x for m in he.machines for x in (m.already_does, m.still_needs_person)]
    out += [c.explanation for c in b.components] + list(b.caveats)
    out += [
        x for a in report.actions for x in (a.title, a.text, *(i.label for i in a.items), *(i.detail for i in a.items))
    ]
    return out


def test_main_text_has_no_element_ids_label_codes_or_internal_flags(all_reports):
    assert len(all_reports) >= 1000
    for code, report in all_reports.items():
        for text in main_text(report):
            assert not ELEMENT_ID.search(text), (code, text)
            assert not INTERNAL.search(text), (code, INTERNAL.search(text).group(0), text)


def test_what_ai_cannot_replace_is_low_exposure_not_automatable_and_not_machine_work(
    full_catalog, all_reports, context
):
    limit = context.task_exposure_median
    assert limit is not None and 0.1 < limit < 0.6
    listed = 0
    for code, report in all_reports.items():
        if not report.human_edge.tasks:
            continue
        tasks = full_catalog.tasks(code)
        comps = context.task_components[code]
        shares = dict(zip((e.task_id for e in comps.estimates), comps.time_shares))
        exposures = {t.task_id: t.exposure for t in report.human_edge.tasks}
        matches = match_occupation(
            tasks, full_catalog.task_dwas(code), full_catalog.technology(code), context.tools, shares, exposures
        )
        machine_tasks = {tm.task_id for m in matches if not m.category.weight_by_exposure for tm in m.task_matches}
        for task in report.human_edge.tasks:
            listed += 1
            assert task.exposure is not None and task.exposure <= limit, (code, task.task)
            assert task.automation is None or task.automation < HIGH_AUTOMATION, (code, task.task)
            assert task.task_id not in machine_tasks, (code, task.task)
    assert listed > 2000


def test_drivers_are_told_what_autonomous_vehicles_do_and_what_still_needs_a_person(all_reports):
    edge = all_reports["53-3032.00"].human_edge
    assert "autonomous_vehicles" in {m.category_id for m in edge.machines}
    assert not any(t.task.startswith("Drive") for t in edge.tasks)
    nurses = all_reports["29-1141.00"].human_edge
    assert any(t.strength == "In-person care" for t in nurses.tasks)


def test_no_action_step_is_empty_not_even_for_military_occupations(all_reports):
    for code, report in all_reports.items():
        assert len(report.actions) == 5
        for step in report.actions:
            assert step.text, (code, step.kind)
            assert step.items, (code, step.kind, step.text)
    military = {c: r for c, r in all_reports.items() if c.startswith("55-")}
    assert len(military) == 19
    with_duties = [c for c, r in military.items() if r.actions[0].items[0].label.startswith("Score the duty")]
    # every military occupation offers duties: its own, its supervised workers' or its group's
    assert sorted(with_duties) == sorted(military)


def test_military_occupations_without_duties_of_their_own_take_those_they_point_to(all_reports, full_catalog):
    described = {o.onet_soc_code: o.description for o in full_catalog.occupations()}
    for code in ("55-1019.00", "55-2012.00", "55-2013.00", "55-3019.00"):
        assert "Duties include" not in described[code]
        steps = all_reports[code].actions
        assert "these are the duties it names for" in steps[0].text, code
        duties = [i for s in steps[:2] for i in s.items]
        assert len(duties) == 6 and all(i.label.startswith("Score the duty") for i in duties), code
        assert all("A duty of " in i.detail for i in duties) or "supervising" in steps[0].text, code
        # each duty is one of those O*NET lists for the occupations named as the source
        for item in duties:
            owner = item.detail.split("A duty of ")[-1].rstrip(".") if "A duty of " in item.detail else None
            if owner:
                source = next(o for o in full_catalog.occupations() if o.title == owner)
                assert source.onet_soc_code[:2] == "55" and "Duties include" in source.description
    officers = all_reports["55-1019.00"].actions[0].text
    assert "Air Crew Officers" in officers and "Infantry Officers" in officers


def test_lower_risk_neighbours_are_lower_beyond_the_uncertainty_of_both_scores(all_reports, context):
    lower = 0
    for code, report in all_reports.items():
        step = report.actions[2]
        if not step.text.startswith("Related occupations that score lower"):
            continue
        lower += 1
        own_low = context.risk_range[code][0]
        for item in step.items:
            other = item.url.rsplit("/", 1)[-1]
            assert context.risk_range[other][1] < own_low, (code, other)
    assert lower > 500


def test_borrowed_wages_say_where_they_come_from(all_reports, context):
    for code, report in all_reports.items():
        for item in report.actions[2].items:
            other = item.url.rsplit("/", 1)[-1]
            if not other.endswith(".00") and "median wage $" in item.detail:
                assert "for all of SOC" in item.detail, (code, item.detail)


def test_headline_and_bottom_line_speak_with_one_voice(all_reports):
    for code, report in all_reports.items():
        h = report.headline
        if h.band and h.score_status == "scored":
            assert h.verdict.startswith(f"{h.band} risk: "), code
            assert report.bottom_line.startswith(f"{h.band} risk for "), code
        assert "\u2026" not in report.bottom_line, code
        if h.risk_score is not None:
            assert h.risk_percentile is not None and len(h.interpretation) >= 2


def test_a_range_across_bands_is_said_plainly(all_reports):
    spanning = [r for r in all_reports.values() if r.headline.range_note]
    assert spanning
    for r in spanning:
        assert "crosses the band line" in r.headline.range_note


def test_tasks_at_risk_are_listed_in_the_order_the_section_says(all_reports):
    for code, report in all_reports.items():
        tasks = report.tasks_at_risk.tasks
        weights = [t.risk_weight for t in tasks]
        assert weights == sorted(weights, reverse=True), code
        if not report.tasks_at_risk.time_shares_differ:
            shown = [t.automatable_share for t in tasks]
            assert shown == sorted(shown, reverse=True), code


def test_tool_categories_are_ranked_by_the_task_time_they_reach(all_reports):
    for code, report in all_reports.items():
        reach = [t.task_time_share for t in report.state_of_ai.tools]
        assert reach == sorted(reach, reverse=True), code
    trucks = [t.category_id for t in all_reports["53-3032.00"].state_of_ai.tools]
    if "rpa_workflow" in trucks:
        assert trucks.index("autonomous_vehicles") < trucks.index("rpa_workflow")


def test_no_step_hands_ai_a_task_it_barely_reaches_nor_names_machines_that_are_not_there(all_reports):
    from jobrisk.reports.occupation.actions import HAND_OFF_MIN_EXPOSURE
    from jobrisk.reports.occupation.format import sentence_task

    for code, report in all_reports.items():
        reshape = next(a for a in report.actions if a.kind == "reshape_work")
        exposure = {sentence_task(t.task): t.exposure for t in report.tasks_at_risk.tasks}
        for item in reshape.items:
            task = item.label.removeprefix("Hand AI the first pass: ")
            if task != item.label and task in exposure:  # (a stand-in's tasks are not this report's)
                assert exposure[task] >= HAND_OFF_MIN_EXPOSURE, (code, task, exposure[task])
        tools = next(a for a in report.actions if a.kind == "master_tools")
        if "the machines that do are named" in tools.text:
            assert report.human_edge.machines or report.state_of_ai.tools, code
    roofers = all_reports["47-2181.00"]
    assert not any(i.label.startswith("Hand AI") for a in roofers.actions for i in a.items)
    assert "First step: score your own tasks" not in roofers.bottom_line
