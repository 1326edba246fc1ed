"""Migrations in both directions on SQLite and PostgreSQL: populated 0001 and 0002 databases upgrade to
0003 without loss, and 0003 -> 0002 -> 0001 downgrades keep what the older schema can hold."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select, text

from jobrisk.appdb import AppRepository
from jobrisk.appdb.tables import members


def _alembic(repo: AppRepository, direction: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(resources.files("jobrisk.appdb").joinpath("migrations")))
    with repo.engine.begin() as c:
        config.attributes["connection"] = c
        getattr(command, direction)(config, revision)


OLD_ORGANISATION = (
    "INSERT INTO organisations (id, public_id, name, created_at) VALUES (1, 'org_1', 'Old Co', CURRENT_TIMESTAMP)"
)


def _written(repo: AppRepository, revision: str, *statements: str) -> None:
    """Migrate ``repo``'s empty database to ``revision``, then run ``statements`` (rows written
    with that revision's columns) in one transaction."""
    _alembic(repo, "upgrade", revision)
    with repo.engine.begin() as c:
        for statement in statements:
            c.execute(text(statement))


def _columns(repo: AppRepository, table: str) -> set[str]:
    return {c["name"] for c in inspect(repo.engine).get_columns(table)}


def _populated_0002(database_url: str):
    """A 0002 database with an organisation, an owner and a member with keys, a web session, a
    finished audit and a correction that points at it; written through the 0002 schema."""
    repo = AppRepository.open(database_url, migrate=False)
    _written(
        repo,
        "0002",
        OLD_ORGANISATION,
        "INSERT INTO members (id, public_id, organisation_id, label, role, created_at) VALUES "
        "(1, 'mem_owner', 1, 'HR lead', 'owner', CURRENT_TIMESTAMP), "
        "(2, 'mem_analyst', 1, 'analyst@old.example', 'member', CURRENT_TIMESTAMP)",
        "INSERT INTO api_keys (id, key_id, organisation_id, secret_sha256, created_at, member_id) "
        "VALUES (1, 'abc', 1, '2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b', "
        "CURRENT_TIMESTAMP, 1), (2, 'def', 1, "
        "'2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b', CURRENT_TIMESTAMP, 2)",
        "INSERT INTO web_sessions (token_sha256, organisation_id, api_key_id, member_id, created_at, "
        "expires_at, last_seen_at) VALUES ('t1', 1, 2, 2, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
        "CURRENT_TIMESTAMP)",
        "INSERT INTO audits (public_id, organisation_id, kind, source_name, created_at, status, "
        "input_json, report_json, progress_step, progress_share, updated_at) VALUES ('aud_old1', 1, "
        "'roster', 'staff.csv', CURRENT_TIMESTAMP, 'done', '{\"rows\": [1]}', '{\"summary\": 1}', "
        "'done', 1.0, CURRENT_TIMESTAMP)",
        "INSERT INTO mapping_corrections (organisation_id, title_key, onet_soc_code, audit_id, "
        "updated_at) VALUES (1, 'clerk', '43-9061.00', "
        "(SELECT id FROM audits WHERE public_id = 'aud_old1'), CURRENT_TIMESTAMP)",
    )
    return repo


def test_a_populated_0002_database_upgrades_to_0003_without_loss(database_url: str):
    repo = _populated_0002(database_url)
    repo.migrate()
    assert repo.schema_revision() == "0003" and "created_by_key_id" in _columns(repo, "audits")
    owner = repo.principal("jrk_abc_secret")
    analyst = repo.principal("jrk_def_secret")
    assert owner.member.label == "HR lead" and owner.member.role == "owner"
    assert analyst.member.label == "analyst@old.example" and analyst.member.role == "member"
    org = owner.organisation
    old = repo.audit(org, "aud_old1")
    assert (old.status, old.source_name, old.input_data, old.report_data) == (
        "done",
        "staff.csv",
        {"rows": [1]},
        {"summary": 1},
    )
    assert old.created_by is None  # saved before creators were recorded
    assert repo.corrections(org) == {"clerk": "43-9061.00"}
    with repo.engine.connect() as c:
        assert c.execute(text("SELECT audit_id FROM mapping_corrections")).scalar_one() == 1
        assert c.execute(text("SELECT count(*) FROM web_sessions")).scalar_one() == 1
    new = repo.start_audit(org, "roster", "new.csv", created_by_key_id="def")
    listed = {a["id"]: a for a in repo.audit_listing(org)}
    assert listed[new]["created_by"] == {"key_id": "def", "member": "analyst@old.example", "member_id": "mem_analyst"}
    assert listed["aud_old1"]["created_by"] is None
    repo.close()


def test_downgrades_0003_to_0002_to_0001_keep_what_each_schema_holds_and_upgrade_again(database_url: str):
    repo = _populated_0002(database_url)
    repo.migrate()
    org = repo.principal("jrk_abc_secret").organisation
    repo.start_audit(org, "roster", "new.csv", created_by_key_id="def")

    _alembic(repo, "downgrade", "0002")
    assert repo.schema_revision() == "0002" and "created_by_key_id" not in _columns(repo, "audits")
    with repo.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM audits")).scalar_one() == 2
        assert c.execute(text("SELECT audit_id FROM mapping_corrections")).scalar_one() == 1  # still points at it
        assert c.execute(text("SELECT member_id FROM api_keys ORDER BY id")).scalars().all() == [1, 2]
        assert c.execute(text("SELECT count(*) FROM web_sessions")).scalar_one() == 1

    _alembic(repo, "downgrade", "0001")
    assert repo.schema_revision() == "0001"
    tables = set(inspect(repo.engine).get_table_names())
    assert {"organisations", "api_keys", "audits", "mapping_corrections"} <= tables
    assert not {"members", "web_sessions"} & tables
    assert "member_id" not in _columns(repo, "api_keys")
    assert not {"progress_step", "progress_share", "updated_at"} & _columns(repo, "audits")
    with repo.engine.connect() as c:
        assert c.execute(text("SELECT key_id FROM api_keys ORDER BY id")).scalars().all() == ["abc", "def"]
        assert c.execute(text("SELECT public_id FROM audits ORDER BY id")).scalars().first() == "aud_old1"
        assert c.execute(text("SELECT count(*) FROM audits")).scalar_one() == 2
        assert c.execute(text("SELECT audit_id, onet_soc_code FROM mapping_corrections")).one() == (1, "43-9061.00")

    repo.migrate()  # and up again to the newest schema: the keys work, the audits are there
    assert repo.schema_revision() == "0003"
    org = repo.authenticate("jrk_abc_secret")
    assert org is not None and repo.principal("jrk_abc_secret").member is None  # members went with 0001
    assert repo.audit(org, "aud_old1").report_data == {"summary": 1}
    assert repo.corrections(org) == {"clerk": "43-9061.00"}
    repo.close()


def test_upgrading_a_0001_database_keeps_its_keys_audits_and_corrections(database_url: str):
    repo = AppRepository.open(database_url, migrate=False)
    _written(  # what a 0001 database holds, written with 0001's columns
        repo,
        "0001",
        OLD_ORGANISATION,
        "INSERT INTO api_keys (key_id, organisation_id, secret_sha256, created_at) VALUES "
        "('abc', 1, '2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b', "
        "CURRENT_TIMESTAMP)",
        "INSERT INTO audits (id, public_id, organisation_id, kind, created_at, status, "
        "input_json, report_json) VALUES (1, 'aud_old1', 1, 'roster', CURRENT_TIMESTAMP, "
        "'done', '{}', '{}')",
        "INSERT INTO mapping_corrections (organisation_id, title_key, onet_soc_code, audit_id, "
        "updated_at) VALUES (1, 'clerk', '43-9061.00', 1, CURRENT_TIMESTAMP)",
    )  # the api key's secret_sha256 is sha256("secret")
    repo.migrate()
    assert repo.schema_revision() == "0003"
    org = repo.authenticate("jrk_abc_secret")
    assert org is not None and org.name == "Old Co"
    assert repo.principal("jrk_abc_secret").member is None  # keys from before members stay valid
    assert repo.audit(org, "aud_old1").status == "done" and repo.corrections(org) == {"clerk": "43-9061.00"}
    with repo.engine.connect() as c:
        assert c.execute(text("SELECT audit_id FROM mapping_corrections")).scalar_one() == 1
        assert c.execute(select(members.c.id)).all() == []
    assert repo.start_session("jrk_abc_secret") is not None
    repo.close()
