"""Organisations, API keys, audits and mapping corrections, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from jobrisk.appdb import AppRepository, normalize_url
from jobrisk.appdb.tables import api_keys, audits, metadata
from jobrisk.errors import InputError, NotFoundError
from jobrisk.settings import Settings


def test_migrations_create_every_table_as_declared(repo: AppRepository):
    assert repo.schema_revision() == "0003"
    found = inspect(repo.engine)
    for table in metadata.sorted_tables:
        assert {c["name"] for c in found.get_columns(table.name)} == {c.name for c in table.columns}


def test_migrating_twice_changes_nothing(database_url: str):
    first = AppRepository.open(database_url)
    issued = first.create_organisation("Acme")
    first.close()
    again = AppRepository.open(database_url)
    assert again.schema_revision() == "0003"
    assert again.authenticate(issued.secret) == issued.organisation
    again.close()


def test_api_key_is_shown_once_and_stored_only_as_a_hash(repo: AppRepository):
    issued = repo.create_organisation("Acme Ltd")
    assert issued.secret.startswith(f"jrk_{issued.key_id}_")
    with repo.engine.connect() as c:
        stored = c.execute(select(api_keys)).one()
    secret_part = issued.secret.split("_", 2)[2]
    assert secret_part not in str(tuple(stored))
    assert len(stored.secret_sha256) == 64
    assert repo.authenticate(issued.secret) == issued.organisation


@pytest.mark.parametrize("presented", ["", "jrk_", "jrk_abc", "nonsense", "jrk_deadbeef_wrong"])
def test_malformed_or_unknown_keys_do_not_authenticate(repo: AppRepository, presented: str):
    repo.create_organisation("Acme")
    assert repo.authenticate(presented) is None


def test_a_right_key_id_with_a_wrong_secret_does_not_authenticate(repo: AppRepository):
    issued = repo.create_organisation("Acme")
    assert repo.authenticate(f"jrk_{issued.key_id}_{'x' * 43}") is None


def test_revoked_key_stops_working_and_other_keys_keep_working(repo: AppRepository):
    first = repo.create_organisation("Acme")
    second = repo.issue_key("Acme")
    record = repo.revoke_key(first.key_id)
    assert record.revoked_at is not None
    assert repo.authenticate(first.secret) is None
    assert repo.authenticate(second.secret) == first.organisation
    assert repo.revoke_key(first.key_id).revoked_at == record.revoked_at  # twice is harmless
    assert [k.key_id for k in repo.keys("Acme")] == [first.key_id, second.key_id]


def test_unknown_key_and_organisation_are_not_found(repo: AppRepository):
    with pytest.raises(NotFoundError):
        repo.revoke_key("000000000000")
    with pytest.raises(NotFoundError):
        repo.issue_key("Nobody Inc")


def test_organisation_names_are_unique_and_required(repo: AppRepository):
    repo.create_organisation("Acme")
    with pytest.raises(InputError, match="already exists"):
        repo.create_organisation("  Acme ")
    with pytest.raises(InputError, match="needs a name"):
        repo.create_organisation("   ")


def test_audit_round_trip(repo: AppRepository):
    org = repo.create_organisation("Acme").organisation
    audit_id = repo.save_audit(org, "roster", {"rows": [1, 2]}, {"summary": {"employees": 3}}, "staff.csv")
    saved = repo.audit(org, audit_id)
    assert saved.input_data == {"rows": [1, 2]} and saved.report_data["summary"]["employees"] == 3
    assert saved.source_name == "staff.csv" and saved.created_at.tzinfo is not None
    repo.update_audit_report(org, audit_id, {"summary": {"employees": 4}})
    assert repo.audit(org, audit_id).report_data == {"summary": {"employees": 4}}
    assert repo.audit_report(org, audit_id) == {"summary": {"employees": 4}}  # the report alone
    assert [a[0] for a in repo.audits(org)] == [audit_id]
    assert saved.status == "done" and saved.error is None


def test_an_audit_runs_then_finishes_or_fails(repo: AppRepository):
    org = repo.create_organisation("Acme").organisation
    running = repo.start_audit(org, "roster", "big.csv")
    assert repo.audit(org, running).status == "running"
    repo.finish_audit(org, running, {"rows": []}, {"summary": {}})
    assert repo.audit(org, running).status == "done"
    failed = repo.start_audit(org, "roster")
    repo.fail_audit(org, failed, "no usable rows")
    record = repo.audit(org, failed)
    assert record.status == "failed" and record.error == "no usable rows"


def test_no_organisation_reads_lists_or_changes_another_organisations_audits(repo: AppRepository):
    acme = repo.create_organisation("Acme").organisation
    rival = repo.create_organisation("Rival").organisation
    audit_id = repo.save_audit(acme, "roster", {}, {"secret": "acme figures"})
    assert repo.audits(rival) == []
    for attempt in (
        lambda: repo.audit(rival, audit_id),
        lambda: repo.audit_report(rival, audit_id),
        lambda: repo.update_audit_report(rival, audit_id, {}),
        lambda: repo.finish_audit(rival, audit_id, {}, {}),
        lambda: repo.fail_audit(rival, audit_id, "x"),
        lambda: repo.delete_audit(rival, audit_id),
        lambda: repo.save_corrections(rival, {"clerk": "43-9061.00"}, audit_id),
    ):
        with pytest.raises(NotFoundError):
            attempt()
    assert repo.audit(acme, audit_id).report_data == {"secret": "acme figures"}


def test_guessed_and_sequential_ids_are_not_found_with_the_same_message(repo: AppRepository):
    acme = repo.create_organisation("Acme").organisation
    rival = repo.create_organisation("Rival").organisation
    real = repo.save_audit(acme, "roster", {}, {})
    with repo.engine.connect() as c:
        integer_id = c.execute(select(audits.c.id)).scalar_one()
    messages = set()
    for guess in (str(integer_id), "1", "2", "aud_1", real[:-1] + "A", real.upper(), "' OR 1=1 --"):
        with pytest.raises(NotFoundError) as caught:
            repo.audit(acme if guess != real else rival, guess)
        messages.add(str(caught.value).replace(guess[:40], "ID"))
    with pytest.raises(NotFoundError) as caught:
        repo.audit(rival, real)
    messages.add(str(caught.value).replace(real, "ID"))
    assert len(messages) == 1


def test_audit_ids_are_random_not_sequential(repo: AppRepository):
    org = repo.create_organisation("Acme").organisation
    ids = [repo.save_audit(org, "roster", {}, {}) for _ in range(5)]
    assert len(set(ids)) == 5 and all(i.startswith("aud_") and len(i) >= 16 for i in ids)


def test_mapping_corrections_are_kept_per_organisation_and_updated(repo: AppRepository):
    acme = repo.create_organisation("Acme").organisation
    rival = repo.create_organisation("Rival").organisation
    audit_id = repo.save_audit(acme, "roster", {}, {})
    repo.save_corrections(acme, {"store associate": "41-2031.00"}, audit_id)
    repo.save_corrections(acme, {"store associate": "41-2011.00", "picker": "53-7065.00"})
    assert repo.corrections(acme) == {"store associate": "41-2011.00", "picker": "53-7065.00"}
    assert repo.corrections(rival) == {}


def test_deleting_an_organisations_audit_keeps_its_corrections(repo: AppRepository):
    acme = repo.create_organisation("Acme").organisation
    audit_id = repo.save_audit(acme, "roster", {}, {})
    repo.save_corrections(acme, {"picker": "53-7065.00"}, audit_id)
    repo.delete_audit(acme, audit_id)
    assert repo.corrections(acme) == {"picker": "53-7065.00"}
    with pytest.raises(NotFoundError):
        repo.audit(acme, audit_id)


def test_database_url_defaults_to_sqlite_in_the_data_dir_and_reads_postgres_urls(tmp_path):
    settings = Settings.load(data_dir=tmp_path, environ={})
    assert settings.app_database_url == f"sqlite:///{tmp_path.resolve() / 'app.sqlite'}"
    given = Settings.load(data_dir=tmp_path, environ={"JOBRISK_DATABASE_URL": "postgresql://u@h:5432/db"})
    assert normalize_url(given.app_database_url) == "postgresql+psycopg://u@h:5432/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:////x/y.db") == "sqlite:////x/y.db"


def test_an_in_memory_database_is_shared_by_every_connection():
    repo = AppRepository.open("sqlite://")
    issued = repo.create_organisation("Acme")
    assert repo.authenticate(issued.secret) == issued.organisation
    assert repo.keys("Acme")[0].key_id == issued.key_id
    repo.close()
