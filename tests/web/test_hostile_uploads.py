"""Hostile roster uploads over HTTP (API and the signed-in page): a compression-bomb workbook and
a CSV of millions of delimiters are refused at once with 413 in the one error format, nothing is
stored, and the connection and the app stay usable."""

from __future__ import annotations

import pytest


from hostile_files import workbook_bomb
from web_app_factory import audits_client, sign_in, upload_page

ROSTER = b"Job Title,Headcount\nData Scientist,3\nSoftware Developer,5\n"


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return workbook_bomb(300 * 1024 * 1024)


@pytest.fixture
def setup(tmp_path, audit_parts):
    with audits_client(tmp_path / "app.sqlite", audit_parts) as (client, repo):
        yield client, repo.create_organisation("Acme").secret


def _api_upload(client, key, data, name):
    return client.post(
        "/api/v1/audits/roster",
        files={"file": (name, data, "application/octet-stream")},
        headers={"Authorization": f"Bearer {key}"},
    )


@pytest.mark.parametrize(
    "name, make, expected",
    [
        ("staff.xlsx", None, "staff.xlsx is not an ordinary workbook"),
        ("staff.csv", lambda: b"title,notes\nNurse" + b"," * 1_000_000, "splits into more than 20,000 cells"),
    ],
)
def test_the_api_refuses_a_hostile_roster_with_413_and_stores_nothing(setup, bomb, name, make, expected):
    client, key = setup
    r = _api_upload(client, key, bomb if make is None else make(), name)
    assert r.status_code == 413, r.text
    error = r.json()["error"]
    assert error["code"] == "input_too_large" and expected in error["message"]
    assert "Traceback" not in r.text
    listed = client.get("/api/v1/audits", headers={"Authorization": f"Bearer {key}"}).json()
    assert listed == {"audits": []}
    ok = _api_upload(client, key, ROSTER, "staff.csv")  # same connection, app still works
    assert ok.status_code == 201, ok.text


def test_the_signed_in_page_refuses_the_bomb_with_the_message_on_the_page(setup, bomb):
    client, key = setup
    token, _ = sign_in(client, key)
    r = upload_page(client, token, "staff.xlsx", bomb, "application/octet-stream")
    assert r.status_code == 413
    assert "staff.xlsx is not an ordinary workbook" in r.text and "save it as CSV" in r.text
    assert "Traceback" not in r.text
