"""Members, API keys per member and web sessions, on SQLite and PostgreSQL (the upgrades are in test_migrations.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from jobrisk.appdb import AppRepository
from jobrisk.appdb.tables import api_keys, web_sessions
from jobrisk.errors import InputError, NotFoundError


def test_an_organisation_starts_with_an_owner_who_holds_the_first_key(repo: AppRepository):
    issued = repo.create_organisation("Acme", owner_label="Head of People")
    assert issued.member is not None and issued.member.role == "owner"
    assert [m.label for m in repo.members("Acme")] == ["Head of People"]
    principal = repo.principal(issued.secret)
    assert principal.member == issued.member and principal.organisation == issued.organisation
    assert repo.keys("Acme")[0].member_label == "Head of People"
    # another key without naming a member goes to the owner
    assert repo.issue_key("Acme").member == issued.member


def test_members_get_their_own_keys_and_labels_are_unique_per_organisation(repo: AppRepository):
    repo.create_organisation("Acme")
    repo.create_organisation("Rival")
    analyst = repo.add_member("Acme", "hr-analyst@acme.example")
    assert analyst.member.role == "member" and repo.authenticate(analyst.secret).name == "Acme"
    assert repo.add_member("Rival", "hr-analyst@acme.example").member.organisation_name == "Rival"
    with pytest.raises(InputError, match="already has a member"):
        repo.add_member("Acme", "hr-analyst@acme.example")
    with pytest.raises(InputError, match="role"):
        repo.add_member("Acme", "boss", role="god")
    with pytest.raises(InputError, match="label"):
        repo.add_member("Acme", "   ")
    second = repo.issue_key("Acme", member=analyst.member.public_id)
    assert second.member == analyst.member
    with pytest.raises(NotFoundError):
        repo.issue_key("Rival", member=analyst.member.public_id)  # another organisation's member


def test_removing_a_member_revokes_its_keys_and_sessions_only(repo: AppRepository):
    owner = repo.create_organisation("Acme")
    analyst = repo.add_member("Acme", "analyst")
    session = repo.start_session(analyst.secret)
    owner_session = repo.start_session(owner.secret)
    removed = repo.remove_member(analyst.member.public_id)
    assert removed.removed_at is not None
    assert repo.authenticate(analyst.secret) is None and repo.session(session.token) is None
    assert repo.authenticate(owner.secret).name == "Acme" and repo.session(owner_session.token) is not None
    with pytest.raises(InputError, match="removed"):
        repo.issue_key("Acme", member="analyst")
    with pytest.raises(NotFoundError):
        repo.remove_member("mem_0000000000000000")


def test_a_session_token_is_random_stored_hashed_and_expires(repo: AppRepository):
    issued = repo.create_organisation("Acme")
    first, second = repo.start_session(issued.secret), repo.start_session(issued.secret)
    assert first.token != second.token and len(first.token) >= 40
    assert repo.session(first.token).organisation == issued.organisation
    with repo.engine.connect() as c:
        stored = c.execute(select(web_sessions.c.token_sha256)).scalars().all()
    assert len(stored) == 2 and first.token not in stored and issued.secret not in stored
    assert first.expires_at - first.principal.organisation.created_at < timedelta(hours=9)
    with repo.engine.begin() as c:
        c.execute(update(web_sessions).values(expires_at=web_sessions.c.created_at))
    assert repo.session(first.token) is None
    assert repo.start_session(issued.secret) is not None  # signing in again clears expired sessions
    with repo.engine.connect() as c:
        assert len(c.execute(select(web_sessions.c.id)).all()) == 1


def test_bad_keys_and_tokens_start_no_session(repo: AppRepository):
    issued = repo.create_organisation("Acme")
    for bad in ("", "jrk_x_y", issued.secret + "x", "jrk_" + "a" * 500):
        assert repo.start_session(bad) is None
    for bad in (None, "", "x" * 1000, issued.secret):
        assert repo.session(bad) is None
    session = repo.start_session(issued.secret)
    repo.end_session(session.token)
    repo.end_session(session.token)  # twice is harmless
    repo.end_session("unknown")
    assert repo.session(session.token) is None


def test_revoking_a_key_ends_the_sessions_it_started(repo: AppRepository):
    issued = repo.create_organisation("Acme")
    other = repo.issue_key("Acme")
    ended, kept = repo.start_session(issued.secret), repo.start_session(other.secret)
    repo.revoke_key(issued.key_id)
    assert repo.session(ended.token) is None and repo.session(kept.token) is not None
    with repo.engine.connect() as c:
        revoked = c.execute(
            select(web_sessions.c.revoked_at).where(
                web_sessions.c.api_key_id
                == select(api_keys.c.id).where(api_keys.c.key_id == issued.key_id).scalar_subquery()
            )
        ).scalar_one()
    assert revoked is not None


def test_progress_is_stored_with_the_audit_and_finishing_keeps_it_done(repo: AppRepository):
    org = repo.create_organisation("Acme").organisation
    audit_id = repo.start_audit(org, "roster", "staff.csv")
    assert repo.audit(org, audit_id).progress_step == "queued"
    repo.set_progress(org, audit_id, "coding job titles", 0.3)
    record = repo.audit(org, audit_id)
    assert (record.progress_step, record.progress_share) == ("coding job titles", 0.3)
    repo.finish_audit(org, audit_id, {}, {})
    repo.set_progress(org, audit_id, "late message", 0.5)  # a finished audit is left alone
    record = repo.audit(org, audit_id)
    assert (record.status, record.progress_step, record.progress_share) == ("done", "done", 1.0)
    rival = repo.create_organisation("Rival").organisation
    with pytest.raises(NotFoundError):
        repo.set_progress(rival, audit_id, "x", 0.1)
