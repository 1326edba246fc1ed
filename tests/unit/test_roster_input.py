"""Roster parsing: header aliases, people's details dropped, every set-aside row named with its reason."""

from __future__ import annotations

import pytest

from jobrisk.app.roster_input import parse_number, read_roster
from jobrisk.errors import InputError, MissingColumnError


def _roster(text: str):
    return read_roster(text.encode("utf-8"))


@pytest.mark.parametrize("header", ["job_title", "Job Title", "TITLE", "Position", "role"])
def test_common_job_title_headers_are_recognised(header):
    parsed = _roster(f"{header},dept\nNurse,Ward 3\n")
    assert parsed.rows[0].job_title == "Nurse"
    assert parsed.columns_used["job_title"] == header


def test_missing_title_column_names_the_columns_found():
    with pytest.raises(MissingColumnError, match="got columns: name, dept, salary"):
        _roster("name,dept,salary\nAnn,Sales,50000\n")


def test_two_columns_for_one_field_is_an_error_naming_both():
    with pytest.raises(InputError, match="'title' and 'position'"):
        _roster("title,position\nNurse,Nurse\n")


def test_people_columns_are_dropped_and_listed_and_never_kept():
    parsed = _roster(
        "Employee ID,First Name,Last Name,Work Email,Job Title,Contact,Phone\n"
        "E123,Ann,Lee,ann@acme.com,Nurse,ann.lee@acme.com,555-1234\n"
    )
    dropped = {d.column for d in parsed.dropped_columns}
    assert dropped == {"Employee ID", "First Name", "Last Name", "Work Email", "Contact", "Phone"}
    row = parsed.rows[0]
    kept = repr(row) + repr(parsed.columns_used) + repr(parsed.ignored_columns)
    for secret in ("E123", "Ann", "Lee", "ann@acme.com", "555-1234"):
        assert secret not in kept


def test_headcount_defaults_to_one_and_bad_rows_are_rejected_with_reasons():
    parsed = _roster("title,headcount\nNurse,\nClerk,3\n,2\nWelder,abc\nPilot,0\nCook,2.5\n")
    assert [(r.job_title, r.headcount) for r in parsed.rows] == [("Nurse", 1.0), ("Clerk", 3.0), ("Cook", 2.5)]
    assert [(r.row, r.reason) for r in parsed.rejected] == [
        (4, "job title is empty"),
        (5, "headcount 'abc' is not a number"),
        (6, "headcount 0 is not positive"),
    ]
    assert parsed.employees == 6.5
    assert parsed.source_rows == 6


def test_salary_and_hourly_wages_and_bad_values_are_warnings_not_silent():
    parsed = _roster(
        'title,salary,hourly rate,hours per week\nNurse,"$72,500",,\nCashier,,15.50,30\nClerk,lots,,\nCook,,,500\n'
    )
    nurse, cashier, clerk, cook = parsed.rows
    assert nurse.annual_wage_usd == 72500 and nurse.wage_basis == "salary"
    assert cashier.annual_wage_usd == pytest.approx(15.5 * 30 * 52) and cashier.wage_basis == "hourly"
    assert clerk.annual_wage_usd is None and cook.weekly_hours is None
    assert [(w.row, w.rejected) for w in parsed.warnings] == [(4, False), (5, False)]
    assert "annual salary 'lots' is not a number" in parsed.warnings[0].reason


def test_processes_with_hours_in_one_cell_or_in_paired_columns():
    parsed = _roster('title,processes\nClerk,"Answer customer emails: 6; Prepare invoices (4 h)\nFile records"\n')
    assert [(p.text, p.hours_per_week) for p in parsed.rows[0].processes] == [
        ("Answer customer emails", 6.0),
        ("Prepare invoices", 4.0),
        ("File records", None),
    ]
    parsed = _roster("title,process_1,process_1_hours,process_2\nClerk,Scan invoices,5,Greet visitors\n")
    assert [(p.text, p.hours_per_week) for p in parsed.rows[0].processes] == [
        ("Scan invoices", 5.0),
        ("Greet visitors", None),
    ]


def test_unused_columns_are_listed_as_ignored():
    parsed = _roster("title,favourite colour,department\nNurse,blue,Ward\n")
    assert parsed.ignored_columns == ["favourite colour"] and parsed.rows[0].department == "Ward"


def test_reader_problems_become_rejected_rows():
    parsed = _roster("title,dept\nNurse,Ward\nClerk,Office,EXTRA\n")
    assert parsed.rejected[0].row == 3 and "cells" in parsed.rejected[0].reason


@pytest.mark.parametrize(
    "text,value",
    [
        ("55,000", 55000),
        ("$55k", 55000),
        ("55.000,50", 55000.5),
        ("€ 31 200", 31200),
        ("40h", 40),
        ("30,5", 30.5),
        ("1.234.567", 1234567),
        ("abc", None),
        ("", None),
    ],
)
def test_numbers_as_people_type_them(text, value):
    assert parse_number(text) == value


def test_implausible_values_are_explained_with_readable_bounds():
    from jobrisk.app.roster_input import read_roster

    parsed = read_roster(b'title,salary,weekly hours\nClerk,"1,000,000,000",200\n')
    reasons = [w.reason for w in parsed.warnings]
    assert "annual salary 1,000,000,000 is outside 1,000–5,000,000; the occupation's median wage is used" in reasons
    assert "weekly hours 200 is outside 1–100; 40 hours a week is used" in reasons
    assert len(parsed.rows) == 1 and parsed.rows[0].annual_wage_usd is None
