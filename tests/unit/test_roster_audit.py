"""The roster audit on the fixture catalog: mapping, work-time model, money rules, recompute."""

from __future__ import annotations

import json

import pytest

from jobrisk.app.roster_audit import audit_input, recompute, run_roster_audit
from jobrisk.app.roster_input import read_roster
from jobrisk.errors import InputError
from jobrisk.reports.roster import render
from jobrisk.scoring.roster_work import RosterAssumptions

ROSTER = b"""Employee ID,Name,Job Title,Department,Headcount,Salary,Weekly hours
1,Ann Lee,Data Scientist,Analytics,3,"$120,000",40
2,Bob Ray,Software Developer,IT,5,110000,
3,Cy Day,Customer Service Representative,Support,20,,30
4,Di Fox,Registered Nurse,Clinic,4,,
5,Ed Roe,Chief Wizard,Magic,1,,
6,Fi Kay,,IT,1,,
"""


@pytest.fixture(scope="module")
def report(audit_parts):
    return run_roster_audit(read_roster(ROSTER), audit_parts, source_name="staff.csv")


def test_summary_counts_every_accepted_employee_and_names_the_rejected_row(report):
    d = report.as_dict()
    assert d["summary"]["employees"] == 33
    assert d["rejected_rows"] == [{"row": 7, "reason": "job title is empty"}]
    assert {c["column"] for c in d["input"]["dropped_columns"]} == {"Employee ID", "Name"}


def test_no_names_or_ids_reach_the_report_in_any_format(report):
    for fmt in ("json", "md", "html", "csv", "xlsx"):
        body = render(report, fmt)
        for secret in (b"Ann Lee", b"Bob Ray", b"Di Fox"):
            assert secret not in body, (fmt, secret)


def test_unmapped_title_gets_hours_but_no_money(report):
    wizard = next(r for r in report.roles if r.job_title == "Chief Wizard")
    assert wizard.onet_soc_code is None
    assert wizard.hours_per_year == pytest.approx(40 * 46)
    assert wizard.hours_freed_per_year == 0 and wizard.value_usd_per_year is None
    assert report.mapping("Chief Wizard").needs_review


def test_hours_follow_weekly_hours_and_working_weeks(report):
    reps = next(r for r in report.roles if r.job_title == "Customer Service Representative")
    assert reps.hours_per_year == pytest.approx(20 * 30 * 46)
    total = report.summary
    assert total.hours_per_year == pytest.approx(sum(r.hours_per_year for r in report.roles))
    assert 0 < total.hours_freed_per_year < total.hours_exposed_per_year < total.hours_per_year


def test_opportunity_values_add_up_to_the_summary(report):
    assert sum(o.hours_freed_per_year for o in report.opportunities) == pytest.approx(
        report.summary.hours_freed_per_year, rel=1e-6
    )
    assert sum(o.value_usd_per_year or 0 for o in report.opportunities) == pytest.approx(
        report.summary.value_usd_per_year, rel=1e-6
    )
    assert {o.quadrant for o in report.opportunities} <= {"quick_win", "strategic_bet", "not_now"}
    assert any(o.quadrant != "not_now" for o in report.opportunities)


def test_api_fields_are_present(report):
    d = report.as_dict()
    for key in ("employees", "hours_per_year", "hours_freed_per_year", "value_usd_per_year", "fte_freed"):
        assert key in d["summary"]
    for key in ("name", "roles", "hours_freed_per_year", "value_usd_per_year", "ease", "quadrant"):
        assert key in d["opportunities"][0]
    for key in ("job_title", "onet_soc_code", "confidence", "status", "headcount"):
        assert key in d["roles"][0]
    assert set(d["assumptions"]) >= {"adoption_share", "review_share", "loaded_cost_factor"}
    json.dumps(d)


def test_changing_an_assumption_recomputes_every_figure(audit_parts, report):
    stored = json.loads(json.dumps(audit_input(read_roster(ROSTER), report)))
    doubled = recompute(stored, audit_parts, assumptions=RosterAssumptions(adoption_share=1.0))
    assert doubled.summary.hours_freed_per_year == pytest.approx(2 * report.summary.hours_freed_per_year)
    assert doubled.summary.value_usd_per_year == pytest.approx(2 * report.summary.value_usd_per_year)
    assert doubled.summary.hours_per_year == report.summary.hours_per_year
    loaded = recompute(stored, audit_parts, assumptions=RosterAssumptions(loaded_cost_factor=2.8))
    assert loaded.summary.value_usd_per_year == pytest.approx(2 * report.summary.value_usd_per_year)


def test_a_correction_maps_the_title_and_brings_money(audit_parts, report):
    stored = json.loads(json.dumps(audit_input(read_roster(ROSTER), report)))
    key = report.mapping("Chief Wizard").title_key
    fixed = recompute(stored, audit_parts, corrections={key: "15-1252.00"})
    wizard = next(r for r in fixed.roles if r.job_title == "Chief Wizard")
    assert wizard.onet_soc_code == "15-1252.00" and wizard.value_usd_per_year > 0
    assert fixed.mapping("Chief Wizard").status == "corrected"
    assert fixed.summary.employees_unmapped == report.summary.employees_unmapped - 1


def test_a_correction_to_an_unknown_code_is_refused(audit_parts, report):
    stored = audit_input(read_roster(ROSTER), report)
    with pytest.raises(InputError, match="99-9999.99"):
        recompute(stored, audit_parts, corrections={"chief wizard": "99-9999.99"})


def test_roster_wage_is_used_before_the_median(audit_parts):
    cheap = run_roster_audit(read_roster(b"title,salary\nSoftware Developer,20000\n"), audit_parts)
    dear = run_roster_audit(read_roster(b"title,salary\nSoftware Developer,200000\n"), audit_parts)
    assert dear.summary.value_usd_per_year == pytest.approx(10 * cheap.summary.value_usd_per_year)


def test_assumptions_out_of_range_are_refused():
    with pytest.raises(ValueError, match="adoption_share"):
        RosterAssumptions(adoption_share=1.5)
    with pytest.raises(ValueError, match="unknown assumption"):
        RosterAssumptions().updated({"magic": 1})


def test_a_roster_with_no_usable_rows_is_a_clear_error(audit_parts):
    with pytest.raises(InputError, match="no usable rows.*row 2: job title is empty"):
        run_roster_audit(read_roster(b"title,dept\n,IT\n"), audit_parts)


def test_pdf_and_markdown_render_the_report(report):
    pdf = render(report, "pdf")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    md = render(report, "md").decode("utf-8")
    assert "## Exposure is not job loss" in md and "| 7 | job title is empty |" in md


def test_work_that_stays_is_not_the_work_that_changes(report):
    for role in report.roles:
        assert not set(role.work_that_stays) & set(role.work_that_changes), role.job_title


def test_uploaded_processes_take_their_hours_and_are_scored_as_a_task_list(catalog, scorebook, audit_parts):
    from dataclasses import replace

    from jobrisk.models.task_exposure import train_model

    with_model = replace(audit_parts, task_model=train_model(catalog, crossfit_folds=2, n_jobs=1), work_cache={})
    plain = b"title,weekly hours\nCustomer Service Representative,40\n"
    listed = (
        b'title,weekly hours,processes\nCustomer Service Representative,40,"Answer customer questions by email: 20"\n'
    )
    a = run_roster_audit(read_roster(plain), with_model)
    b = run_roster_audit(read_roster(listed), with_model)
    assert a.summary.hours_per_year == b.summary.hours_per_year == 40 * 46
    assert b.summary.hours_freed_per_year != pytest.approx(a.summary.hours_freed_per_year)
    assert sum(o.hours_per_year for o in b.opportunities) <= b.summary.hours_per_year + 1e-6
    # the report says the processes were used, and nothing was set aside
    assert b.input.notes[0].startswith("1 uploaded process(es) were scored as tasks") and len(b.input.notes) == 1
    no_model = run_roster_audit(read_roster(listed), audit_parts)
    assert "not scored" in " ".join(no_model.input.notes)


def test_internal_moves_come_from_the_transitions_engine_and_stay_in_the_roster(audit_parts):
    from jobrisk.scoring.transition_types import DEFAULT_SCREENS

    roster = (
        b"title,headcount\nCustomer Service Representative,10\nTelemarketer,4\nData Entry Keyer,3\n"
        b"Software Developer,5\nData Scientist,2\nRegistered Nurse,6\nAccountant,3\n"
        b"Bookkeeping Clerk,4\nFile Clerk,2\nMedical Secretary,3\nReceptionist,2\n"
    )
    report = run_roster_audit(read_roster(roster), audit_parts)
    roles = {r.job_title: r for r in report.roles}
    space = audit_parts.transition_space
    for role in report.roles:
        for move in role.moves:
            assert role.freed_share >= 0.10
            assert move.onet_soc_code != role.onet_soc_code and move.job_title in roles
            assert move.freed_share <= role.freed_share - 0.05 + 1e-9
            assert move.similarity >= DEFAULT_SCREENS.viable_similarity
            origin = space.destinations[space.row(role.onet_soc_code)]
            dest = space.destinations[space.row(move.onet_soc_code)]
            assert dest.risk_high < origin.risk_low  # the engine's "safer": lower beyond the range
            assert abs(dest.job_zone - origin.job_zone) <= 1
            assert move.risk_score == pytest.approx(dest.risk_score)
    assert any(r.freed_share >= 0.10 for r in report.roles)


def test_internal_moves_on_the_catalog_space_pass_the_engine_screens(audit_parts):
    from jobrisk.scoring.roster_moves import RosterOccupation, internal_moves

    space = audit_parts.transition_space
    trucks, roofers, nurses = "53-3032.00", "47-2181.00", "29-1141.00"
    occupations = {
        trucks: RosterOccupation(trucks, "Driver", {}, 0.30),
        roofers: RosterOccupation(roofers, "Roofer", {}, 0.02),
        nurses: RosterOccupation(nurses, "Nurse", {}, 0.05),
    }
    moves = internal_moves(occupations, space)
    assert [m.job_title for m in moves[trucks]] == ["Roofer"]  # similar, safer, pay and zone pass
    assert moves[trucks][0].viability in ("viable", "highly viable")
    assert roofers not in moves and nurses not in moves  # freed share below 10 %: nothing suggested
    # the roofer's freed share in this roster must be lower by the margin, or it is not suggested
    occupations[roofers] = RosterOccupation(roofers, "Roofer", {}, 0.28)
    assert internal_moves(occupations, space)[trucks] == ()


def _space(codes, activity, zones, wages, risks):
    from jobrisk.scoring.transitions import transition_space
    from jobrisk.scoring.transition_types import Destination

    dests = [
        Destination(c, c, zones[c], wages[c], risks[c][0], risks[c][1], risks[c][2], None, None, None) for c in codes
    ]
    return transition_space(codes, activity, {}, dests, {}, {})


def test_a_similar_safer_role_is_suggested_and_a_dissimilar_or_riskier_one_is_not():
    import numpy as np

    from jobrisk.scoring.roster_people import role_impacts
    from jobrisk.scoring.roster_types import RosterRow
    from jobrisk.scoring.roster_work import RosterAssumptions, WorkModel, WorkTotals, role_lines

    codes = ["43-9041.00", "13-1031.00", "51-4121.00", "43-4051.00"]
    # title, code, freed hours of its 1,000 (1 person x 25 hours x 40 weeks)
    people = [
        ("Claims clerk", codes[0], 300),
        ("Claims adjuster", codes[1], 100),
        ("Welder", codes[2], 50),
        ("Call centre agent", codes[3], 150),
    ]
    a = RosterAssumptions(working_weeks_per_year=40)
    rows = [RosterRow(i + 2, title, 1.0, weekly_hours=25.0) for i, (title, _, _) in enumerate(people)]
    lines = role_lines(rows, {title: code for title, code, _ in people}, {}, a)
    assert list(lines.hours_per_year) == [1000.0] * 4
    clusters = {
        "Claims clerk": {"a": [600, 250], "b": [400, 50]},
        "Claims adjuster": {"a": [500, 80], "b": [400, 20], "c": [100, 0]},
        "Welder": {"w": [1000, 50]},
        "Call centre agent": {"a": [550, 100], "b": [450, 50]},
    }
    freed = np.array([f for _, _, f in people], dtype=float)
    model = WorkModel(
        lines, freed, freed, np.zeros(4), clusters, {}, {"a": "A", "b": "B", "c": "C", "w": "W"}, WorkTotals()
    )
    activity = {
        codes[0]: {"a": 0.6, "b": 0.4},
        codes[1]: {"a": 0.5, "b": 0.4, "c": 0.1},
        codes[2]: {"w": 1.0},
        codes[3]: {"a": 0.55, "b": 0.45},
    }
    zones = dict.fromkeys(codes, 2)
    wages = dict.fromkeys(codes, 50_000.0)
    # the call centre agent's work is as similar, but its risk range overlaps the clerk's
    risks = {codes[0]: (70, 60, 80), codes[1]: (40, 30, 50), codes[2]: (20, 10, 30), codes[3]: (62, 55, 70)}
    impacts = {r.job_title: r for r in role_impacts(model, _space(codes, activity, zones, wages, risks))}
    moves = impacts["Claims clerk"].moves
    assert [m.job_title for m in moves] == ["Claims adjuster"]
    assert moves[0].similarity > 0.9 and moves[0].freed_share == pytest.approx(0.1)
    assert moves[0].risk_score == 40 and moves[0].pay_ratio == pytest.approx(1.0)
    assert impacts["Claims adjuster"].moves == ()  # 10 % freed, nothing less exposed and similar
    assert impacts["Welder"].moves == ()
    # pay below 0.75 of the clerk's screens the adjuster out too
    wages[codes[1]] = 30_000.0
    again = {r.job_title: r for r in role_impacts(model, _space(codes, activity, zones, wages, risks))}
    assert again["Claims clerk"].moves == ()
    # without a career-move space there are no suggestions (and nothing breaks)
    assert all(r.moves == () for r in role_impacts(model))


def test_processes_get_the_task_list_estimate_of_their_occupation(catalog, scorebook, audit_parts):
    from dataclasses import replace

    from jobrisk.app.roster_audit import score_processes
    from jobrisk.models.task_exposure import train_model
    from jobrisk.scoring.task_list import score_task_list
    from jobrisk.scoring.task_list_items import FreeTextTask

    model = train_model(catalog, crossfit_folds=2, n_jobs=1)
    with_model = replace(audit_parts, task_model=model, work_cache={})
    parsed = read_roster(
        b'title,processes\nCustomer Service Representative,"Answer emails: 10; File invoices"\n'
        b"Data Entry Keyer,File invoices: 5\n"
    )
    codes = {"Customer Service Representative": "43-4051.00", "Data Entry Keyer": "43-9021.00"}
    processes, notes = score_processes(parsed.rows, codes, with_model)
    assert len(notes) == 1 and notes[0].startswith("2 uploaded process(es) were scored") and sorted(processes) == [2, 3]
    basis = with_model.task_basis
    for row, code in ((2, "43-4051.00"), (3, "43-9021.00")):
        for p in processes[row]:
            est = model.score_texts([p.text], [code])[0]
            item = FreeTextTask(
                p.text,
                est.p_e0,
                est.p_e1,
                est.p_e2,
                est.automation,
                est.confidence,
                1.0,
                tuple(c.cluster_id for c in p.clusters),
            )
            alone = score_task_list([item], basis.reference(code), basis.params, variants=())
            assert p.exposure == pytest.approx(alone.contributions[0].exposure)
            assert p.automation == pytest.approx(alone.contributions[0].automation)
    assert [p.hours_per_week for p in processes[2]] == [10.0, None]


def test_titles_are_coded_once_each_and_the_unsure_again_with_their_main_department(audit_parts):
    from jobrisk.app.roster_audit import map_titles
    from jobrisk.app.roster_titles import needs_department

    calls = []

    class Counting:
        def __init__(self, coder):
            self.coder = coder

        def clean(self, title):
            return self.coder.clean(title)

        def is_cached(self, title):
            return self.coder.is_cached(title)

        def code_many(self, titles, departments=None):
            calls.append((list(titles), None if departments is None else list(departments)))
            return self.coder.code_many(titles, departments=departments)

    parsed = read_roster(
        b"title,department,headcount\nSpecialist,Data Entry,3\nSpecialist,Legal,1\n"
        b"SPECIALIST,Data Entry,1\nData Scientist,,2\ndata scientist,Analytics,1\n"
        b"Registered Nurse,Finance,2\n"
    )
    coder = audit_parts.title_coder
    mappings = {m.job_title: m for m in map_titles(parsed.rows, Counting(coder), audit_parts.catalog)}
    titles, departments = calls[0]
    assert sorted(titles) == ["Data Scientist", "Registered Nurse", "Specialist"] and departments is None  # once each
    alone = dict(zip(titles, coder.code_many(titles)))
    assert needs_department(alone["Specialist"]) and not needs_department(alone["Registered Nurse"])
    # only the unsure titles are read again, each with the department most of its people are in
    with_departments = [c for c in calls if c[1] is not None]
    assert len(with_departments) == 1
    again = dict(zip(*with_departments[0]))
    assert again["Specialist"] == "Data Entry" and "Registered Nurse" not in again
    assert all(needs_department(alone[t]) for t in again)
    assert mappings["Specialist"].onet_soc_code == mappings["SPECIALIST"].onet_soc_code == "43-9021.00"
    assert mappings["Specialist"].headcount == 4 and mappings["SPECIALIST"].headcount == 1
    # a sure title keeps its answer alone: the same as the coder's rule with its department gives
    nurse = coder.code("Registered Nurse", department="Finance")
    assert (mappings["Registered Nurse"].onet_soc_code, mappings["Registered Nurse"].confidence) == (
        nurse.onet_soc_code,
        nurse.confidence,
    )


def test_roles_carry_their_occupations_observed_use_with_the_release(report, audit_parts):
    d = report.as_dict()
    roles = {r["job_title"]: r for r in d["roles"]}
    rep = roles["Customer Service Representative"]
    use = audit_parts.catalog.observed_occupation_use(rep["onet_soc_code"])
    assert use is not None and use.observed
    assert rep["observed_use"] == {
        "observed_time_share": round(use.observed_time_share, 4),
        "automation_share": None if use.automation_share is None else round(use.automation_share, 4),
        "release": "2025-03-27",
    }
    assert roles["Chief Wizard"]["observed_use"] is None  # unmapped
    scientist = roles["Data Scientist"]
    none_seen = audit_parts.catalog.observed_occupation_use(scientist["onet_soc_code"])
    if none_seen is not None and not none_seen.observed:  # no task observed: no 0%, not zero use
        assert scientist["observed_use"] is None
    md = render(report, "md").decode("utf-8")
    assert f"Tasks seen in AI use: {use.observed_time_share:.0%} of its work time (2025-03-27)" in md
    assert "AI already in use" in md and "not seen in observed AI use" in md
    html = render(report, "html").decode("utf-8")
    assert "of its work time (2025-03-27)" in html


def test_progress_names_each_title_pass_and_only_moves_forward(audit_parts):
    parsed = read_roster(
        b"title,department,headcount\nSpecialist,Data Entry,3\nRegistered Nurse,Clinic,2\nData Scientist,IT,1\n"
    )
    heard = []
    run_roster_audit(parsed, audit_parts, progress=lambda step, share: heard.append((step, share)))
    steps = [s for s, _ in heard]
    assert steps[:2] == ["finding the distinct job titles", "matching 3 distinct job titles to occupations"]
    assert "matching 1 unsure job title again with their departments" in steps  # "Specialist" alone is unsure
    assert steps.index("matching 1 unsure job title again with their departments") < steps.index(
        "gathering occupation tasks"
    )
    shares = [share for _, share in heard]
    assert shares == sorted(shares) and 0 < shares[0] and shares[-1] < 1
