"""The roster audit's fast paths give the same answers as the plain ones: compact storage,
titles coded on worker processes, internal moves searched among eligible roles only."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from jobrisk.app.roster_audit import audit_input, recompute, run_roster_audit
from jobrisk.app.roster_input import parse_number, read_roster
from jobrisk.app.roster_storage import INPUT_FORMAT, parsed_from_input
from jobrisk.app.roster_titles import map_titles

ROSTER = (
    "Job Title,Department,Headcount,Salary,Weekly hours,Processes\n"
    'Data Scientist,Analytics,3,"$120,000",40,\n'
    "Software Developer,IT,5,110000,,Review pull requests: 6; Write tests\n"
    "Customer Service Representative,Support,20,,30,\n"
    "Registered Nurse,Clinic,4,,,\n"
    "Chief Wizard,Magic,1,,,\n"
    ",IT,1,,,\n"
    "Data Scientist,Analytics,1,not known,,\n"
).encode()


def _format_1(parsed, report) -> dict:
    """An audit as format 1 stored it (one dict per row), before the compact format."""
    return {
        "format": 1,
        "rows": [asdict(r) for r in parsed.rows],
        "rejected": [asdict(r) for r in parsed.rejected],
        "warnings": [asdict(w) for w in parsed.warnings],
        "columns_used": parsed.columns_used,
        "dropped_columns": [asdict(d) for d in parsed.dropped_columns],
        "ignored_columns": parsed.ignored_columns,
        "read_as": parsed.read_as,
        "blank_rows": parsed.blank_rows,
        "source_rows": parsed.source_rows,
        "notes": parsed.notes,
        "source_name": "staff.csv",
        "mappings": [{**asdict(m), "candidates": [asdict(c) for c in m.candidates]} for m in report.mappings],
    }


def test_stored_input_round_trips_and_older_audits_still_read(audit_parts):
    parsed = read_roster(ROSTER)
    report = run_roster_audit(parsed, audit_parts, source_name="staff.csv")
    stored = json.loads(json.dumps(audit_input(parsed, report)))
    assert stored["format"] == INPUT_FORMAT == 2
    again, mappings = parsed_from_input(stored)
    assert again == parsed and tuple(mappings) == report.mappings
    assert again.rejected[0].rejected and not again.warnings[0].rejected
    old_parsed, old_mappings = parsed_from_input(json.loads(json.dumps(_format_1(parsed, report))))
    assert old_parsed == parsed and tuple(old_mappings) == report.mappings
    assert recompute(stored, audit_parts).as_dict() == report.as_dict()
    # the compact form is smaller than one dict per row
    assert len(json.dumps(stored)) < 0.7 * len(json.dumps(_format_1(parsed, report)))


def test_titles_coded_on_two_processes_map_exactly_as_on_one(catalog, monkeypatch):
    from jobrisk.app import roster_titles
    from jobrisk.models.title_coder import TitleCoder

    monkeypatch.setattr(roster_titles, "CODE_PART_TITLES", 5)  # many parts, both passes streamed

    names = [o.title for o in catalog.occupations()]
    rows_csv = ["Job Title,Department"]
    for i in range(2400):  # enough distinct titles for two workers
        rows_csv.append(
            f'"{["Senior ", "Lead ", ""][i % 3]}{names[i % len(names)]} {i}",{["Finance", "IT", ""][i % 3]}'
        )
    parsed = read_roster("\n".join(rows_csv).encode())
    alone = map_titles(parsed.rows, TitleCoder.from_catalog(catalog, use_semantic=False), catalog)
    coder = TitleCoder.from_catalog(catalog, use_semantic=False)
    heard: list[list[str]] = []
    told: list[tuple[str, float]] = []
    forked = map_titles(
        parsed.rows,
        coder,
        catalog,
        workers=2,
        meanwhile=lambda codes: heard.append(list(codes)),
        progress=lambda step, share: told.append((step, share)),
    )
    assert len(alone) == 2400 and forked == alone
    # the bar moves while each pass codes (not only when a pass starts), forward, by at least 0.01
    shares = [share for _, share in told]
    assert shares == sorted(shares) and all(b - a >= 0.01 or sa != sb for (sa, a), (sb, b) in zip(told, told[1:]))
    first = [share for step, share in told if step.endswith("to occupations")]
    assert first[0] == 0.15 and abs(first[-1] - 0.35) < 1e-9 and any(0.15 < share < 0.35 for share in first)
    # this process heard the codes as the workers' parts came back (the first call: before any)
    assert heard[0] == [] and len(heard) >= 3
    assert {m.onet_soc_code for m in forked if m.status != "unknown"} <= {c for codes in heard for c in codes}
    # the same roster again: every title is in the coder's cache now, same answers
    assert map_titles(parsed.rows, coder, catalog, workers=2) == alone


def test_internal_moves_are_the_engines_full_list_filtered(audit_parts):
    """The prefix search gives what filtering the engine's whole list by freed share gives."""
    from jobrisk.scoring.roster_moves import MAX_MOVES, MOVE_MARGIN, RosterOccupation, internal_moves, roster_subspace
    from jobrisk.scoring.transitions import find_transitions, occupation_origin

    space = audit_parts.transition_space
    codes = sorted(space.codes)[:60]
    occupations = {c: RosterOccupation(c, f"Role {i}", {}, (i % 4) * 0.15 + i / 1000) for i, c in enumerate(codes)}
    found = internal_moves(occupations, space)
    sub = roster_subspace(space, sorted(occupations))
    checked = 0
    for code, moves in found.items():
        facts = space.destinations[space.row(code)]
        risk = (
            None
            if facts.risk_score is None
            else (facts.risk_score, facts.risk_low or facts.risk_score, facts.risk_high or facts.risk_score)
        )
        origin = occupation_origin(sub, code, job_zone=facts.job_zone, annual_pay_usd=facts.median_wage_usd, risk=risk)
        full = find_transitions(origin, sub, limit=len(sub.codes)).moves
        expected = [
            m.onet_soc_code
            for m in full
            if occupations[m.onet_soc_code].freed_share <= occupations[code].freed_share - MOVE_MARGIN
        ]
        assert [m.onet_soc_code for m in moves] == expected[:MAX_MOVES]
        checked += len(moves)
    assert checked >= 1  # the comparison saw a real suggestion (the fixture space has few)


@pytest.mark.parametrize(
    "text, value",
    [
        ("55000", 55000.0),
        ("55,000", 55000.0),
        ("$55k", 55000.0),
        ("37.5", 37.5),
        ("1_000", None),
        ("1e5", None),
        ("12.000", 12.0),
        ("55.000,50", 55000.5),
        ("nan", None),
    ],
)
def test_numbers_read_the_same_on_the_fast_path(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("workers", [1, 2])
def test_titles_read_with_departments_only_when_unsure_map_as_when_all_are(catalog, monkeypatch, workers):
    """Reading again with the department only the titles unsure alone gives the mapping that
    reading every title with its department gives (the coder keeps a department's reading of a
    matched title only when it is 0.05 surer); also when both passes stream through two workers."""
    from jobrisk.app import roster_titles
    from jobrisk.app.roster_titles import SURE_CONFIDENCE, needs_department
    from jobrisk.models.title_coder import TitleCoder

    monkeypatch.setattr(roster_titles, "MIN_TITLES_PER_WORKER", 10)
    monkeypatch.setattr(roster_titles, "CODE_PART_TITLES", 16)

    names = [o.title for o in catalog.occupations()][:300]
    departments = ["Finance", "IT", "Sales", "Clinical", "Warehouse", ""]
    generic = ["Coordinator", "Analyst", "Specialist", "Associate", "Supervisor", "Technician"]
    lines = ["Job Title,Department"]
    for i, name in enumerate(names + generic * 5):
        lines.append(f'"{["", "Senior ", "Lead "][i % 3]}{name}",{departments[i % len(departments)]}')
    parsed = read_roster("\n".join(lines).encode())
    mapped = map_titles(parsed.rows, TitleCoder.from_catalog(catalog, use_semantic=False), catalog, workers=workers)
    every = TitleCoder.from_catalog(catalog, use_semantic=False)
    department = {r.job_title: r.department or "" for r in parsed.rows}
    titles = [m.job_title for m in mapped]
    expected = every.code_many(titles, departments=[department[t] for t in titles])
    alone = every.code_many(titles)
    assert [(m.status, m.onet_soc_code, m.confidence) for m in mapped] == [
        (e.status, e.onet_soc_code, e.confidence) for e in expected
    ]
    assert any(needs_department(a) for a in alone) and any(a.confidence >= SURE_CONFIDENCE for a in alone)
    # the department did change some unsure titles' answers (the comparison is not vacuous)
    assert any((a.onet_soc_code, a.status) != (e.onet_soc_code, e.status) for a, e in zip(alone, expected))
