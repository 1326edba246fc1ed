"""``jobrisk data sync`` / ``jobrisk data status`` through typer's CliRunner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobrisk.catalog import Catalog
from jobrisk.interfaces.cli.data import app
from jobrisk.sources.registry import default_registry

REPO = Path(__file__).resolve().parents[2]
MIRROR = Path(os.environ.get("JOBRISK_MIRROR") or REPO.parent / "shared" / "data")
needs_mirror = pytest.mark.skipif(not MIRROR.is_dir(), reason=f"no data mirror at {MIRROR}")

runner = CliRunner()


def invoke(data_dir: Path, *args: str):
    env = {"JOBRISK_DATA_DIR": str(data_dir), "JOBRISK_MIRROR": "", "COLUMNS": "160"}
    return runner.invoke(app, list(args), env=env)


@needs_mirror
def test_sync_from_mirror_then_status_as_json(tmp_path):
    result = invoke(tmp_path, "sync", "--mirror", str(MIRROR), "--source", "frey_osborne")
    assert result.exit_code == 0, result.output
    assert "2 copied" in result.output
    assert (tmp_path / "raw" / "frey_osborne" / "frey_osborne_2013_probability_soc2010.csv").is_file()

    again = invoke(tmp_path, "sync", "--mirror", str(MIRROR), "--source", "frey_osborne")
    assert "0 copied" in again.output and "2 skipped" in again.output

    status = invoke(tmp_path, "status", "--json")
    assert status.exit_code == 0, status.output
    payload = json.loads(status.output)
    by_id = {s["id"]: s for s in payload["raw"]["sources"]}
    assert by_id["frey_osborne"]["counts"]["ok"] == 2
    assert by_id["onet"]["counts"]["missing"] == len(default_registry().source("onet").files)
    assert payload["raw"]["complete"] is False
    assert payload["catalog"] is None


def test_sync_from_a_mirror_that_does_not_exist_exits_with_the_source_unavailable_code(tmp_path):
    result = invoke(tmp_path, "sync", "--mirror", str(tmp_path / "nowhere"))
    assert result.exit_code == 5
    assert "does not exist" in result.output


def test_sync_of_an_unknown_source_lists_the_known_ones(tmp_path):
    result = invoke(tmp_path, "sync", "--mirror", str(tmp_path), "--source", "onet_31")
    assert result.exit_code == 3
    assert "known sources: onet" in result.output


def test_status_table_names_every_source_and_what_is_missing(tmp_path):
    result = invoke(tmp_path, "status")
    assert result.exit_code == 0, result.output
    for source_id in default_registry().ids:
        assert source_id in result.output
    assert "missing" in result.output and "jobrisk data sync" in result.output
    assert "No catalog built yet" in result.output


def _finished(catalog: Catalog) -> None:
    """The manifest keys a finished build writes (a catalog without them is refused as corrupt)."""
    catalog.set_manifest("schema_version", 1)
    catalog.set_manifest("fingerprint", "test-catalog")


def test_status_reports_a_half_built_catalog_as_corrupt(tmp_path):
    Catalog.create(tmp_path / "catalog.sqlite").close()
    payload = json.loads(invoke(tmp_path, "status", "--json").output)
    assert "catalog is corrupt" in payload["catalog"]["error"]


def test_status_shows_catalog_coverage_and_build_time(tmp_path):
    catalog = Catalog.create(tmp_path / "catalog.sqlite")
    _finished(catalog)
    catalog.set_manifest("built_at", "2026-11-27T08:00:00+00:00")
    catalog.set_manifest("code_version", "9.9.9")
    catalog.commit()
    catalog.close()
    table = invoke(tmp_path, "status")
    assert "with tasks" in table.output and "2026-11-27T08:00:00+00:00" in table.output
    payload = json.loads(invoke(tmp_path, "status", "--json").output)
    assert payload["catalog"]["code_version"] == "9.9.9"
    assert payload["catalog"]["coverage"]["occupations"] == 0
    assert set(payload["catalog"]["coverage"]) >= {
        "occupations",
        "with_tasks",
        "with_wages",
        "with_exposure_labels",
        "titles",
        "tasks",
    }


def test_every_data_command_has_help():
    for command in ("sync", "status"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


@needs_mirror
def test_status_warns_when_raw_files_changed_since_the_catalog_was_built(tmp_path):
    invoke(tmp_path, "sync", "--mirror", str(MIRROR), "--source", "frey_osborne")
    key = "frey_osborne/frey_osborne_2013_probability_soc2010.csv"
    catalog = Catalog.create(tmp_path / "catalog.sqlite")
    _finished(catalog)
    catalog.set_manifest("sources", {"frey_osborne": {"version": "2013", "files": {key: {"sha256": "0" * 64}}}})
    catalog.commit()
    catalog.close()
    payload = json.loads(invoke(tmp_path, "status", "--json").output)
    assert payload["catalog"]["files_changed_since_build"] == [key]
    assert "changed since this catalog was built" in invoke(tmp_path, "status").output


def test_status_files_option_lists_every_registry_file(tmp_path):
    result = invoke(tmp_path, "status", "--files")
    assert result.exit_code == 0, result.output
    assert "onet/Task Statements.txt" in result.output
    assert "crosswalks/bls_nem_onet_to_soc_crosswalk.xlsx" in result.output
