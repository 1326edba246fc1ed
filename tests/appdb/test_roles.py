"""Owner and member roles, enforced by the application layer (jobrisk.app.org_access and
RosterAudits) on SQLite and PostgreSQL; audits record who created them; progress only reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, update
from typer.testing import CliRunner

from jobrisk.app.org_access import LOCAL_OPERATOR, Action, Organisations, allowed_actions, may, role_of
from jobrisk.app.roster_jobs import STALLED_AFTER, STALLED_MESSAGE, RosterAudits
from jobrisk.appdb import AppRepository
from jobrisk.appdb.records import now
from jobrisk.appdb.tables import audits as audits_table
from jobrisk.errors import InputError, NotFoundError, NotPermittedError


@pytest.fixture
def acme(repo: AppRepository):
    """Acme's owner and a member (principals), the use cases, and a rival organisation's owner."""
    orgs = Organisations(repo)
    owner = orgs.create(LOCAL_OPERATOR, "Acme", owner_label="Head of People")
    member = orgs.add_member(LOCAL_OPERATOR, "analyst@acme.example", organisation="Acme")
    rival = orgs.create(LOCAL_OPERATOR, "Rival")
    return (orgs, repo.principal(owner.secret), repo.principal(member.secret), repo.principal(rival.secret), member)


def _no_parts():
    raise AssertionError("these tests never compute an audit")


def test_the_rules_table_gives_owners_everything_and_members_audits_only(acme):
    orgs, owner, member, _, _ = acme
    assert role_of(owner) == "owner" and role_of(member) == "member" and role_of(LOCAL_OPERATOR) == "operator"
    assert all(may(owner, a) for a in Action) and all(may(LOCAL_OPERATOR, a) for a in Action)
    assert allowed_actions(member) == ["create_audit", "read_audits", "change_audit"]


def test_a_member_cannot_issue_or_revoke_keys_or_manage_members(acme):
    orgs, owner, member, _, issued_member = acme
    for attempt in (
        lambda: orgs.issue_key(member),
        lambda: orgs.revoke_key(member, owner.key_id),
        lambda: orgs.keys(member),
        lambda: orgs.add_member(member, "intruder"),
        lambda: orgs.members(member),
        lambda: orgs.remove_member(member, owner.member.public_id),
    ):
        with pytest.raises(NotPermittedError, match="Only an organisation's owners may .*'analyst@acme.example'"):
            attempt()
    # nothing changed: the owner's key works, no member was added
    assert all(k.revoked_at is None for k in orgs.keys(owner))
    assert [m.label for m in orgs.members(owner)] == ["Head of People", "analyst@acme.example"]
    assert issued_member.member.role == "member"


def test_an_owner_manages_its_own_organisation_only(acme):
    orgs, owner, member, rival, issued_member = acme
    added = orgs.add_member(owner, "payroll@acme.example")
    assert added.member.organisation_name == "Acme" and orgs.repository.authenticate(added.secret).name == "Acme"
    extra = orgs.issue_key(owner, member=issued_member.member.public_id)
    assert orgs.revoke_key(owner, extra.key_id).revoked_at is not None
    assert orgs.repository.principal(extra.secret) is None
    # Acme's ids are "not found" for Rival's owner, like ids that do not exist
    with pytest.raises(NotFoundError):
        orgs.revoke_key(rival, member.key_id)
    with pytest.raises(NotFoundError):
        orgs.remove_member(rival, issued_member.member.public_id)
    with pytest.raises(NotFoundError):
        orgs.issue_key(rival, member=issued_member.member.public_id)
    assert orgs.repository.principal(issued_member.secret) is not None  # untouched
    # naming another organisation changes nothing: an owner acts on its own
    assert [m.label for m in orgs.members(rival, "Acme")] == ["owner"]
    removed = orgs.remove_member(owner, issued_member.member.public_id)
    assert removed.removed_at is not None and orgs.repository.principal(issued_member.secret) is None


def test_an_organisation_always_keeps_one_owner(acme):
    orgs, owner, _, _, _ = acme
    for actor in (owner, LOCAL_OPERATOR):
        with pytest.raises(InputError, match="only owner"):
            orgs.remove_member(actor, owner.member.public_id)
    second = orgs.add_member(owner, "COO", role="owner")
    assert orgs.remove_member(owner, owner.member.public_id).removed_at is not None
    assert orgs.repository.principal(second.secret).member.role == "owner"


def test_only_the_operator_creates_organisations_and_old_keys_act_as_owners(acme, repo):
    orgs, owner, _, _, _ = acme
    with pytest.raises(NotPermittedError):
        orgs.create(owner, "Spin-off")
    legacy = repo.issue_key("Rival")  # Rival's owner is its first member: this key has one too
    assert repo.principal(legacy.secret).member is not None
    with repo.engine.begin() as c:  # a key from before members existed has none
        from jobrisk.appdb.tables import api_keys

        c.execute(update(api_keys).where(api_keys.c.key_id == legacy.key_id).values(member_id=None))
    old = repo.principal(legacy.secret)
    assert old.member is None and role_of(old) == "owner" and may(old, Action.MANAGE_KEYS)


def test_only_owners_delete_audits_and_every_audit_names_who_created_it(acme, repo):
    _, owner, member, rival, _ = acme
    jobs = RosterAudits(repo, _no_parts)
    try:
        by_member = repo.start_audit(member.organisation, "roster", "staff.csv", created_by_key_id=member.key_id)
        repo.finish_audit(member.organisation, by_member, {}, {"summary": {}})
        with pytest.raises(NotPermittedError, match="delete audits"):
            jobs.delete(member, by_member)
        listed = jobs.list(member)
        assert [a["id"] for a in listed] == [by_member]
        assert listed[0]["created_by"] == {
            "key_id": member.key_id,
            "member": "analyst@acme.example",
            "member_id": member.member.public_id,
        }
        assert jobs.report_data(owner, by_member)["created_by"]["member"] == "analyst@acme.example"
        with pytest.raises(NotFoundError):
            jobs.delete(rival, by_member)  # another organisation's owner: not found
        jobs.delete(owner, by_member)
        assert jobs.list(owner) == []
    finally:
        jobs.close()


def test_asking_for_progress_writes_nothing_even_for_a_stalled_audit(acme, repo):
    _, owner, member, _, _ = acme
    jobs = RosterAudits(repo, _no_parts)
    audit_id = repo.start_audit(owner.organisation, "roster", "staff.csv", created_by_key_id=member.key_id)
    repo.set_progress(owner.organisation, audit_id, "coding job titles", 0.3)
    session = repo.start_session(_secret_for(repo, member))
    writes: list[str] = []

    def record(conn, cursor, statement, *args):
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    event.listen(repo.engine, "before_cursor_execute", record)
    try:
        progress = jobs.progress(member, audit_id)
        assert (progress.status, progress.step, progress.share) == ("running", "coding job titles", 0.3)
        assert jobs.signed_in(session.token, touch=False) is not None
        assert writes == []
        with repo.engine.begin() as c:  # the server stopped long ago: the row never moved again
            c.execute(update(audits_table).values(updated_at=now() - STALLED_AFTER - timedelta(minutes=1)))
        assert any("UPDATE" in w.upper() for w in writes)  # the listener sees writes
        writes.clear()
        stalled = jobs.progress(member, audit_id)
        assert (stalled.status, stalled.error) == ("failed", STALLED_MESSAGE)
        assert jobs.list(member)[0]["status"] == "failed"
        assert jobs.report_data(member, audit_id)["status"] == "failed"
        assert writes == []
    finally:
        event.remove(repo.engine, "before_cursor_execute", record)
        jobs.close()
    assert repo.audit_state(owner.organisation, audit_id).status == "running"  # read, not rewritten


def _secret_for(repo: AppRepository, principal) -> str:
    """A fresh key for the principal's member (the fixture keeps no secrets around)."""
    return repo.issue_key(principal.organisation.public_id, member=principal.member.public_id).secret


def test_the_org_commands_refuse_to_remove_the_last_owner(tmp_path, database_url):
    import json

    from jobrisk.interfaces.cli.main import app

    env = {"JOBRISK_DATA_DIR": str(tmp_path), "JOBRISK_DATABASE_URL": database_url}
    created = json.loads(CliRunner().invoke(app, ["org", "create", "Acme", "--json"], env=env).stdout)
    refused = CliRunner().invoke(app, ["org", "remove-member", created["member"]["id"]], env=env)
    assert refused.exit_code == 2 and "only owner" in refused.output
