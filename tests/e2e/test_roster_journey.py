"""The business audit as an HR person uses it, in a real browser over the full catalog: sign in
with a key, upload a roster, watch the progress, read the report at desktop and phone widths; a
hostile file gets every bad row named and nothing that identifies a person shown."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from jobrisk.appdb import AppRepository

ROSTER = """Employee ID,Full Name,Email,Job Title,Department,Headcount,Annual Salary,Weekly Hours,Processes
E001,Jane Smith,jane@acme.example,Customer Service Representative,Customer Service,24,"$41,000",40,"Answer customer emails: 12; Handle phone complaints: 15"
E002,Raj Patel,raj@acme.example,Sr. Accountant,Finance,4,82000,40,
E003,Li Wei,li@acme.example,Accounts Payable Clerk,Finance,6,45000,40,"Enter invoices into the ledger: 15"
E004,Sam Green,sam@acme.example,Software Engineer II,IT,8,125000,40,
E005,Bob White,bob@acme.example,Warehouse Associate,Warehouse,40,,40,
E006,Chris Black,chris@acme.example,Truck Driver (CDL-A),Logistics,15,58000,50,
E007,Dana Cruz,dana@acme.example,Dispatcher,Logistics,3,48000,40,
E008,Finn Ray,finn@acme.example,Sales Representative,Sales,10,65000,40,
E009,Gia Moss,gia@acme.example,Receptionist,Facilities,2,36000,40,
"""
HOSTILE = (
    "Name,Work Email,Position,HC,Pay\n"
    "Alice Doe,alice@x.example,<script>alert(1)</script> Manager,1,55000\n"
    "Bob Roe,bob@x.example,,3,40000\n"
    "Cy Poe,cy@x.example,Cashier,-4,30000\n"
    'Di Loe,di@x.example,=HYPERLINK("http://evil.example"),1,30000\n'
    'Ed Moe,ed@x.example,Stock Clerk,5,"1,000,000,000"\n'
)


@pytest.fixture
def signed_in(page, server_url, e2e_settings):
    repo = AppRepository.open(e2e_settings.app_database_url)
    try:
        issued = repo.create_organisation(f"Acme {uuid.uuid4().hex[:8]}", owner_label="HR lead")
    finally:
        repo.close()
    page.goto(f"{server_url}/audits")
    page.fill("input[name=api_key]", issued.secret)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=as HR lead")
    assert issued.secret not in str(page.context.cookies())
    return page


def _upload(page, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[action='/audits/roster'] button[type=submit]")
    page.wait_for_url("**/audits/aud_*", timeout=120_000)
    page.wait_for_selector("text=What your business could automate first", timeout=300_000)


def test_an_hr_person_uploads_a_roster_and_reads_the_report(signed_in, server_url, tmp_path, screenshot):
    page = signed_in
    _upload(page, tmp_path, "acme_staff.csv", ROSTER)
    body = page.inner_text("body")
    assert "Across 112 employees in 9 job titles" in body
    assert "Exposure is not job loss" in body and "Possible moves in your roster" in body
    for person in ("Jane Smith", "jane@acme.example", "E001"):
        assert person not in body
    assert "Customer Service Representatives" in body and "Heavy and Tractor-Trailer Truck Drivers" in body
    screenshot("roster-report-1280")
    page.set_viewport_size({"width": 390, "height": 900})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing pushes the page sideways
    screenshot("roster-report-390")
    page.goto(f"{server_url}/audits")
    assert "acme_staff.csv" in page.inner_text("body")  # past audits are listed by file name


def test_a_hostile_roster_gets_every_bad_row_named_and_no_markup_runs(signed_in, tmp_path, screenshot):
    page = signed_in
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _upload(page, tmp_path, "hostile.csv", HOSTILE)
    body = page.inner_text("body")
    assert dialogs == []
    assert "<script>alert(1)</script> Manager" in body  # shown as text, for the user to correct
    assert "job title is empty" in body and "headcount -4 is not positive" in body
    assert "annual salary 1,000,000,000 is outside 1,000–5,000,000" in body
    for person in ("Alice Doe", "alice@x.example", "Bob Roe"):
        assert person not in body
    screenshot("roster-hostile-1280")
