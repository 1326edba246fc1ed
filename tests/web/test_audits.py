"""Roster audits over HTTP: API keys (401), uploads, reports, recompute, isolation (404), pages."""

from __future__ import annotations

import io

import openpyxl
import pytest

from jobrisk.app.roster_jobs import RosterAudits
from jobrisk.appdb import AppRepository
from web_app_factory import audits_client, sign_in, upload_page

ROSTER = (
    b"Employee ID,Full Name,Job Title,Department,Headcount,Salary\n"
    b"E1,Ann Lee,Data Scientist,Analytics,3,120000\n"
    b"E2,Bob Ray,Software Developer,IT,5,\n"
    b"E3,Cy Day,Customer Service Representative,Support,12,\n"
    b"E4,Di Fox,Chief Wizard,Magic,1,\n"
    b"E5,Ed Roe,,IT,1,\n"
)


@pytest.fixture
def setup(tmp_path, audit_parts):
    with audits_client(tmp_path / "app.sqlite", audit_parts) as (client, repo):
        acme = repo.create_organisation("Acme")
        rival = repo.create_organisation("Rival")
        yield client, acme.secret, rival.secret, repo


def _auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _upload(client, key, data=ROSTER, name="staff.csv", **form):
    return client.post(
        "/api/v1/audits/roster", files={"file": (name, data, "text/csv")}, data=form, headers=_auth(key) if key else {}
    )


def test_upload_without_or_with_a_bad_key_is_401(setup):
    client, _, _, _ = setup
    for headers in ({}, _auth("jrk_nothing_here"), {"Authorization": "Basic abc"}):
        r = client.post("/api/v1/audits/roster", files={"file": ("s.csv", ROSTER, "text/csv")}, headers=headers)
        assert r.status_code == 401, r.text
        assert r.json()["error"]["code"] == "unauthorized"
        assert r.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/v1/audits/aud_whatever123").status_code == 401


def test_upload_then_get_gives_the_fields_programs_rely_on(setup):
    client, key, _, _ = setup
    r = _upload(client, key)
    assert r.status_code == 201, r.text
    audit_id = r.json()["id"]
    assert r.json()["status"] == "done"
    report = client.get(f"/api/v1/audits/{audit_id}", headers=_auth(key)).json()
    assert report["id"] == audit_id and report["status"] == "done"
    s = report["summary"]
    assert s["employees"] == 21 and s["hours_per_year"] > s["hours_freed_per_year"] > 0
    assert s["value_usd_per_year"] > 0 and s["fte_freed"] > 0
    o = report["opportunities"][0]
    assert {"name", "roles", "hours_freed_per_year", "value_usd_per_year", "ease", "quadrant"} <= set(o)
    role = next(x for x in report["roles"] if x["job_title"] == "Data Scientist")
    assert role["onet_soc_code"] == "15-2051.00" and role["status"] == "matched" and role["headcount"] == 3
    assert report["rejected_rows"] == [{"row": 6, "reason": "job title is empty"}]
    assert {"adoption_share", "loaded_cost_factor"} <= set(report["assumptions"])
    assert "Ann Lee" not in r.text + str(report) and "E1" not in str(report["roles"])


def test_another_organisation_gets_404_for_real_guessed_and_sequential_ids(setup):
    client, key, rival_key, _ = setup
    audit_id = _upload(client, key).json()["id"]
    bodies = set()
    for guess in ("1", "2", "aud_1", "../" + audit_id):  # not an audit id's shape: no such address
        assert client.get(f"/api/v1/audits/{guess}", headers=_auth(rival_key)).status_code == 404
    # Well-formed ids, real or guessed: one answer, so a rival cannot tell which ids exist.
    for guess in (audit_id, audit_id[:-1] + ("Z" if audit_id[-1] != "Z" else "Y"), "aud_" + "0" * 16):
        for path in (
            f"/api/v1/audits/{guess}",
            f"/api/v1/audits/{guess}/progress",
            f"/api/v1/audits/{guess}/export/json",
        ):
            r = client.get(path, headers=_auth(rival_key))
            assert r.status_code == 404, (path, r.status_code)
            bodies.add(r.json()["error"]["message"].replace(guess, "ID"))
        r = client.post(f"/api/v1/audits/{guess}/assumptions", json={"adoption_share": 0.2}, headers=_auth(rival_key))
        assert r.status_code == 404
    assert len(bodies) == 1
    assert client.get("/api/v1/audits", headers=_auth(rival_key)).json() == {"audits": []}
    assert client.get(f"/api/v1/audits/{audit_id}", headers=_auth(key)).status_code == 200
    listed = client.get("/api/v1/audits", headers=_auth(key)).json()["audits"]
    assert [(a["id"], a["source_name"], a["status"]) for a in listed] == [(audit_id, "staff.csv", "done")]


def test_revoked_key_gets_401(setup):
    client, key, _, repo = setup
    repo.revoke_key(key.split("_")[1])
    assert _upload(client, key).status_code == 401


def test_changing_assumptions_recomputes_and_is_saved(setup):
    client, key, _, _ = setup
    audit_id = _upload(client, key).json()["id"]
    before = client.get(f"/api/v1/audits/{audit_id}", headers=_auth(key)).json()["summary"]
    r = client.post(f"/api/v1/audits/{audit_id}/assumptions", json={"adoption_share": 1.0}, headers=_auth(key))
    assert r.status_code == 200, r.text
    after = client.get(f"/api/v1/audits/{audit_id}", headers=_auth(key)).json()
    assert after["assumptions"]["adoption_share"] == 1.0
    assert after["summary"]["hours_freed_per_year"] == pytest.approx(2 * before["hours_freed_per_year"], rel=1e-3)
    bad = client.post(f"/api/v1/audits/{audit_id}/assumptions", json={"adoption_share": 7}, headers=_auth(key))
    assert bad.status_code == 422 and "adoption_share" in bad.json()["error"]["message"]


def test_mapping_corrections_are_reused_by_the_next_audit(setup):
    client, key, rival_key, _ = setup
    first = _upload(client, key).json()["id"]
    review = client.get(f"/api/v1/audits/{first}", headers=_auth(key)).json()["mapping_review"]
    wizard = next(m for m in review if m["job_title"] == "Chief Wizard")
    r = client.post(
        f"/api/v1/audits/{first}/mapping", json={"corrections": {wizard["title_key"]: "15-1252.00"}}, headers=_auth(key)
    )
    assert r.status_code == 200, r.text
    second = client.get(f"/api/v1/audits/{_upload(client, key).json()['id']}", headers=_auth(key)).json()
    role = next(x for x in second["roles"] if x["job_title"] == "Chief Wizard")
    assert role["status"] == "corrected" and role["onet_soc_code"] == "15-1252.00"
    other = client.get(f"/api/v1/audits/{_upload(client, rival_key).json()['id']}", headers=_auth(rival_key)).json()
    assert next(x for x in other["roles"] if x["job_title"] == "Chief Wizard")["status"] != "corrected"


def test_a_file_without_a_title_column_is_422_and_stores_nothing(setup):
    client, key, _, _ = setup
    r = _upload(client, key, b"name,dept\nAnn,IT\n")
    assert r.status_code == 422 and "job_title" in r.json()["error"]["message"]
    assert client.get("/api/v1/audits", headers=_auth(key)).json() == {"audits": []}


def test_xlsx_upload_and_exports_are_spreadsheet_safe(setup):
    client, key, _, _ = setup
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Position", "Team", "Count"])
    ws.append(['=HYPERLINK("http://evil","x")', "IT", 1])
    ws.append(["Software Developer", "=1+2", 2])
    out = io.BytesIO()
    book.save(out)
    r = _upload(client, key, out.getvalue(), "staff.xlsx")
    assert r.status_code == 201, r.text
    audit_id = r.json()["id"]
    export = client.get(f"/api/v1/audits/{audit_id}/export/xlsx", headers=_auth(key))
    assert export.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(export.content))
    for sheet in sheets.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith("=")), (sheet.title, value)
    csv_body = client.get(f"/api/v1/audits/{audit_id}/export/csv", headers=_auth(key)).content.decode("utf-8-sig")
    assert "\n=" not in csv_body and ",=" not in csv_body


def test_pages_sign_in_upload_progress_and_report(setup):
    client, key, _, _ = setup
    page = client.get("/audits")
    assert page.status_code == 200 and "Sign in" in page.text
    token = client.cookies.get("jobrisk_csrf")
    bad = client.post("/audits/sign-in", data={"api_key": "jrk_x_y", "csrf_token": token})
    assert bad.status_code == 401
    token, _ = sign_in(client, key)
    r = upload_page(client, token, "staff.csv", ROSTER, "text/csv")
    assert r.status_code == 303, r.text
    audit_url = r.headers["location"]
    audit_id = audit_url.rsplit("/", 1)[1]
    client.app.state.roster_audits._pool.submit(lambda: None).result()  # the analysis has finished
    report = client.get(audit_url)
    assert report.status_code == 200
    assert "Exposure is not job loss" in report.text and "Value against ease" in report.text
    assert "Ann Lee" not in report.text
    changed = client.post(
        f"{audit_url}/assumptions", data={"adoption_share": "0.25", "csrf_token": token}, follow_redirects=False
    )
    assert changed.status_code == 303
    assert client.get(f"/api/v1/audits/{audit_id}/progress").json()["status"] == "done"
    client.cookies.delete("jobrisk_session")
    assert client.get(audit_url).status_code == 401


def test_the_browser_keeps_a_session_token_never_the_api_key(setup):
    from sqlalchemy import select

    from jobrisk.appdb.tables import web_sessions

    client, key, _, repo = setup
    _, signed = sign_in(client, key)
    cookie = signed.headers["set-cookie"]
    assert key not in cookie and key.split("_", 2)[2] not in cookie
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    session = client.cookies.get("jobrisk_session")
    assert session and len(session) >= 40
    with repo.engine.connect() as c:
        stored = c.execute(select(web_sessions.c.token_sha256, web_sessions.c.expires_at)).all()
    assert len(stored) == 1 and stored[0].token_sha256 != session and len(stored[0].token_sha256) == 64
    assert "Signed in to <strong>Acme</strong> as owner." in client.get("/audits").text


def test_signing_out_ends_the_session_on_the_server(setup):
    client, key, _, _ = setup
    csrf, _ = sign_in(client, key)
    session = client.cookies.get("jobrisk_session")
    out = client.post("/audits/sign-out", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set("jobrisk_session", session)  # a copied cookie no longer works either
    assert client.get("/api/v1/audits/aud_abcdefgh12345678/progress").status_code == 401
    assert "Sign in" in client.get("/audits").text


def test_revoking_the_key_ends_its_web_sessions(setup):
    client, key, _, repo = setup
    sign_in(client, key)
    assert "Sign in" not in client.get("/audits").text
    repo.revoke_key(key.split("_")[1])
    assert "Sign in" in client.get("/audits").text


def test_an_expired_session_signs_nobody_in(setup):
    from sqlalchemy import update

    from jobrisk.appdb.tables import web_sessions

    client, key, _, repo = setup
    sign_in(client, key)
    with repo.engine.begin() as c:
        c.execute(update(web_sessions).values(expires_at=web_sessions.c.created_at))
    assert "Sign in" in client.get("/audits").text


def test_progress_is_read_from_the_database_by_any_server_process(setup, tmp_path, audit_parts):
    client, key, _, repo = setup
    who = repo.principal(key)
    org = who.organisation
    audit_id = repo.start_audit(org, "roster", "big.csv")
    repo.set_progress(org, audit_id, "coding job titles", 0.4)
    # a second server process: its own RosterAudits over the same database
    other = RosterAudits(AppRepository.open(str(repo.engine.url)), lambda: audit_parts)
    try:
        p = other.progress(who, audit_id)
        assert (p.status, p.step, p.share) == ("running", "coding job titles", 0.4)
        page = client.get(f"/api/v1/audits/{audit_id}/progress", headers=_auth(key)).json()
        assert page["step"] == "coding job titles" and page["progress"] == 0.4
    finally:
        other.close()


def test_an_audit_whose_server_stopped_is_reported_as_failed(setup):
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import update

    from jobrisk.appdb.tables import audits

    client, key, _, repo = setup
    org = repo.authenticate(key)
    audit_id = repo.start_audit(org, "roster", "big.csv")
    with repo.engine.begin() as c:
        c.execute(update(audits).values(updated_at=datetime.now(timezone.utc) - timedelta(hours=1)))
    body = client.get(f"/api/v1/audits/{audit_id}/progress", headers=_auth(key)).json()
    assert body["status"] == "failed" and "upload the roster again" in body["error"]
    assert client.get("/api/v1/audits", headers=_auth(key)).json()["audits"][0]["status"] == "failed"
    assert repo.audit(org, audit_id).status == "running"  # asking only reads: the row is left alone
    assert _upload(client, key).status_code == 201  # the next upload (a write anyway) records the failure
    assert repo.audit(org, audit_id).status == "failed"


def test_upload_limit_is_larger_for_rosters_only(setup):
    client, key, _, _ = setup
    big = b"title\n" + b"Software Developer\n" * 20_000  # about 380 kB: over the usual 64 kB body limit
    assert _upload(client, key, big).status_code == 201
    assert (
        client.post(
            "/api/v1/tasks/score", content=b"x" * 100_000, headers={"content-type": "application/json"}
        ).status_code
        == 413
    )
