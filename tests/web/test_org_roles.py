"""Owner and member roles over HTTP: the organisation API (403 for members, 404 across
organisations), deleting audits, who created an audit, owners' forms on the audits page."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from web_app_factory import audits_client, sign_in

ROSTER = b"Job Title,Headcount\nData Scientist,3\nSoftware Developer,5\n"


@pytest.fixture
def setup(tmp_path, audit_parts):
    with audits_client(tmp_path / "app.sqlite", audit_parts) as (client, repo):
        owner = repo.create_organisation("Acme", owner_label="Head of People")
        member = repo.add_member("Acme", "analyst@acme.example")
        rival = repo.create_organisation("Rival")
        yield client, owner, member, rival, repo


def _auth(issued) -> dict:
    return {"Authorization": f"Bearer {issued.secret}"}


def _upload(client, issued) -> str:
    r = client.post("/api/v1/audits/roster", files={"file": ("staff.csv", ROSTER, "text/csv")}, headers=_auth(issued))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_who_am_i_names_the_role_and_what_it_may_do(setup):
    client, owner, member, _, _ = setup
    me = client.get("/api/v1/org", headers=_auth(member)).json()
    assert me["organisation"]["name"] == "Acme" and me["role"] == "member"
    assert me["member"]["label"] == "analyst@acme.example" and "delete_audit" not in me["may"]
    assert "manage_keys" in client.get("/api/v1/org", headers=_auth(owner)).json()["may"]
    assert client.get("/api/v1/org").status_code == 401


def test_members_get_403_for_keys_members_and_deleting(setup):
    client, owner, member, _, repo = setup
    audit_id = _upload(client, member)  # members upload and read
    assert client.get(f"/api/v1/audits/{audit_id}", headers=_auth(member)).json()["status"] == "done"
    refused = [
        client.post("/api/v1/org/keys", json={}, headers=_auth(member)),
        client.delete(f"/api/v1/org/keys/{owner.key_id}", headers=_auth(member)),
        client.get("/api/v1/org/keys", headers=_auth(member)),
        client.post("/api/v1/org/members", json={"label": "intruder"}, headers=_auth(member)),
        client.get("/api/v1/org/members", headers=_auth(member)),
        client.delete(f"/api/v1/org/members/{owner.member.public_id}", headers=_auth(member)),
        client.delete(f"/api/v1/audits/{audit_id}", headers=_auth(member)),
    ]
    for r in refused:
        assert r.status_code == 403, r.text
        assert r.json()["error"]["code"] == "forbidden" and "owners" in r.json()["error"]["message"]
    assert repo.principal(owner.secret) is not None and len(repo.members("Acme")) == 2
    assert client.get(f"/api/v1/audits/{audit_id}", headers=_auth(member)).status_code == 200  # not deleted


def test_owners_manage_members_keys_and_audits_of_their_organisation_only(setup):
    client, owner, member, rival, repo = setup
    added = client.post("/api/v1/org/members", json={"label": "payroll@acme.example"}, headers=_auth(owner))
    assert added.status_code == 201 and added.json()["api_key"].startswith("jrk_")
    assert added.json()["member"]["role"] == "member"
    new_key = client.post("/api/v1/org/keys", json={"member": member.member.public_id}, headers=_auth(owner)).json()
    assert (
        client.get("/api/v1/org", headers={"Authorization": f"Bearer {new_key['api_key']}"}).json()["role"] == "member"
    )
    listed = client.get("/api/v1/org/keys", headers=_auth(owner)).json()["keys"]
    assert new_key["key_id"] in {k["key_id"] for k in listed} and all("api_key" not in k for k in listed)
    assert client.delete(f"/api/v1/org/keys/{new_key['key_id']}", headers=_auth(owner)).json()["revoked_at"]
    assert client.get("/api/v1/org", headers={"Authorization": f"Bearer {new_key['api_key']}"}).status_code == 401
    # another organisation's ids are not found, like made-up ones
    for r in (
        client.delete(f"/api/v1/org/keys/{member.key_id}", headers=_auth(rival)),
        client.delete(f"/api/v1/org/members/{member.member.public_id}", headers=_auth(rival)),
        client.delete("/api/v1/org/members/mem_0000000000000000", headers=_auth(rival)),
    ):
        assert r.status_code == 404
    audit_id = _upload(client, member)
    assert client.delete(f"/api/v1/audits/{audit_id}", headers=_auth(rival)).status_code == 404
    assert client.delete(f"/api/v1/audits/{audit_id}", headers=_auth(owner)).status_code == 204
    assert client.get(f"/api/v1/audits/{audit_id}", headers=_auth(owner)).status_code == 404
    # the last owner stays
    last = client.delete(f"/api/v1/org/members/{owner.member.public_id}", headers=_auth(owner))
    assert last.status_code == 422 and "only owner" in last.json()["error"]["message"]


def test_an_audit_names_the_member_who_uploaded_it(setup):
    client, owner, member, _, _ = setup
    audit_id = _upload(client, member)
    listed = client.get("/api/v1/audits", headers=_auth(owner)).json()["audits"][0]
    assert listed["created_by"] == {
        "key_id": member.key_id,
        "member": "analyst@acme.example",
        "member_id": member.member.public_id,
    }
    assert (
        client.get(f"/api/v1/audits/{audit_id}", headers=_auth(owner)).json()["created_by"]["member"]
        == "analyst@acme.example"
    )
    token = _sign_in(client, owner)
    page = client.get("/audits").text
    assert "by analyst@acme.example" in page
    assert "uploaded by analyst@acme.example" in client.get(f"/audits/{audit_id}").text
    assert token


def _sign_in(client, issued) -> str:
    return sign_in(client, issued.secret)[0]


def test_owners_see_member_forms_and_members_do_not(setup):
    client, owner, member, _, repo = setup
    audit_id = _upload(client, member)
    token = _sign_in(client, member)
    page = client.get("/audits").text
    assert "Members and API keys are managed by your organisation's owners" in page
    assert f"/audits/{audit_id}/delete" not in page and "Add member" not in page
    refused = client.post("/audits/members", data={"label": "intruder", "csrf_token": token})
    assert refused.status_code == 403 and len(repo.members("Acme")) == 2
    assert client.post(f"/audits/{audit_id}/delete", data={"csrf_token": token}).status_code == 403

    token = _sign_in(client, owner)
    page = client.get("/audits").text
    assert "Add member" in page and f"/audits/{audit_id}/delete" in page and "analyst@acme.example" in page
    added = client.post("/audits/members", data={"label": "HR analyst", "role": "member", "csrf_token": token})
    assert added.status_code == 200 and "It is shown only now" in added.text
    secret = added.text.split('<code class="secret">')[1].split("</code>")[0]
    assert repo.principal(secret).member.label == "HR analyst"
    revoked = client.post(f"/audits/keys/{member.key_id}/revoke", data={"csrf_token": token})
    assert revoked.status_code == 200 and f"Revoked API key {member.key_id}" in revoked.text
    assert repo.principal(member.secret) is None
    gone = client.post(f"/audits/{audit_id}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303 and client.get(f"/api/v1/audits/{audit_id}", headers=_auth(owner)).status_code == 404


def test_polling_progress_with_a_web_session_writes_nothing(setup):
    client, owner, _, _, repo = setup
    audit_id = repo.start_audit(owner.organisation, "roster", "big.csv", created_by_key_id=owner.key_id)
    repo.set_progress(owner.organisation, audit_id, "coding job titles", 0.5)
    _sign_in(client, owner)
    writes: list[str] = []

    def record(conn, cursor, statement, *args):
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    from datetime import datetime, timedelta, timezone

    from sqlalchemy import update

    from jobrisk.appdb.tables import web_sessions

    with repo.engine.begin() as c:  # the session was last seen long ago: a page view would note it
        c.execute(update(web_sessions).values(last_seen_at=datetime.now(timezone.utc) - timedelta(hours=1)))
    event.listen(repo.engine, "before_cursor_execute", record)
    try:
        for _ in range(3):
            body = client.get(f"/api/v1/audits/{audit_id}/progress").json()
            assert body["step"] == "coding job titles" and body["progress"] == 0.5
            assert "Analysing your roster" in client.get(f"/audits/{audit_id}").text
        assert writes == []
        client.get("/audits")  # an ordinary page view notes when the session was last seen
        assert any("web_sessions" in w for w in writes)
    finally:
        event.remove(repo.engine, "before_cursor_execute", record)
