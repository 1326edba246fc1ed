"""``jobrisk org create|key|revoke|keys`` against the application database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from jobrisk.appdb import AppRepository
from jobrisk.interfaces.cli.main import app


def _run(args, tmp_path, database_url):
    env = {"JOBRISK_DATA_DIR": str(tmp_path), "JOBRISK_DATABASE_URL": database_url}
    return CliRunner().invoke(app, args, env=env)


def test_org_create_prints_a_working_key_once_and_key_revoke_follow(tmp_path, database_url):
    created = _run(["org", "create", "Acme Ltd", "--json"], tmp_path, database_url)
    assert created.exit_code == 0, created.output
    first = json.loads(created.stdout)
    assert first["organisation"]["name"] == "Acme Ltd" and first["api_key"].startswith("jrk_")

    again = _run(["org", "create", "Acme Ltd"], tmp_path, database_url)
    assert again.exit_code == 2 and "already exists" in again.output

    second = _run(["org", "key", "Acme Ltd", "--json"], tmp_path, database_url)
    assert second.exit_code == 0
    second_key = json.loads(second.stdout)["api_key"]

    revoked = _run(["org", "revoke", first["key_id"]], tmp_path, database_url)
    assert revoked.exit_code == 0 and first["key_id"] in revoked.stdout

    listing = _run(["org", "keys", "Acme Ltd"], tmp_path, database_url)
    assert "revoked" in listing.stdout and "active" in listing.stdout
    assert first["api_key"] not in listing.stdout  # secrets are never shown again

    repo = AppRepository.open(database_url)
    try:
        assert repo.authenticate(first["api_key"]) is None
        assert repo.authenticate(second_key).name == "Acme Ltd"
    finally:
        repo.close()


def test_org_revoke_of_an_unknown_key_is_not_found(tmp_path, database_url):
    result = _run(["org", "revoke", "123456789abc"], tmp_path, database_url)
    assert result.exit_code == 3 and "No API key" in result.output


def test_org_create_plain_output_puts_only_the_key_on_stdout(tmp_path, database_url):
    result = _run(["org", "create", "Beta"], tmp_path, database_url)
    assert result.exit_code == 0
    assert result.stdout.strip().startswith("jrk_") and len(result.stdout.strip().splitlines()) == 1


def test_members_are_added_listed_and_removed_from_the_command_line(tmp_path, database_url):
    created = json.loads(
        _run(["org", "create", "Acme", "--owner", "Head of People", "--json"], tmp_path, database_url).stdout
    )
    assert created["member"]["label"] == "Head of People" and created["member"]["role"] == "owner"
    added = _run(["org", "add-member", "Acme", "hr-analyst@acme.example", "--json"], tmp_path, database_url)
    assert added.exit_code == 0, added.output
    analyst = json.loads(added.stdout)
    assert analyst["member"]["role"] == "member" and analyst["api_key"].startswith("jrk_")
    extra = _run(["org", "key", "Acme", "--member", "hr-analyst@acme.example", "--json"], tmp_path, database_url)
    assert json.loads(extra.stdout)["member"]["id"] == analyst["member"]["id"]
    listing = _run(["org", "members", "Acme"], tmp_path, database_url)
    assert "Head of People" in listing.stdout and "hr-analyst@acme.example" in listing.stdout
    removed = _run(["org", "remove-member", analyst["member"]["id"]], tmp_path, database_url)
    assert removed.exit_code == 0 and "revoked" in removed.stdout
    assert "removed" in _run(["org", "members", "Acme"], tmp_path, database_url).stdout
    repo = AppRepository.open(database_url)
    try:
        assert repo.authenticate(analyst["api_key"]) is None
        assert repo.authenticate(json.loads(extra.stdout)["api_key"]) is None
        assert repo.authenticate(created["api_key"]).name == "Acme"
    finally:
        repo.close()
    bad_role = _run(["org", "add-member", "Acme", "x", "--role", "god"], tmp_path, database_url)
    assert bad_role.exit_code == 2 and "role" in bad_role.output
