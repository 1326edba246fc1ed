"""``jobrisk build`` on a tiny raw folder: progress, row counts, exit codes."""

from __future__ import annotations

from pathlib import Path

from tiny_raw import write_tiny_raw
from typer.testing import CliRunner

from jobrisk.catalog import Catalog
from jobrisk.interfaces.cli.main import app

runner = CliRunner()


def test_build_command_prints_row_counts_and_writes_the_catalog(tmp_path: Path) -> None:
    write_tiny_raw(tmp_path / "raw")
    result = runner.invoke(app, ["--data-dir", str(tmp_path), "build", "--no-verify"])
    assert result.exit_code == 0, result.output
    assert "occupations" in result.output
    assert "Fingerprint" in result.output
    with Catalog.open(tmp_path / "catalog.sqlite") as catalog:
        assert catalog.coverage().occupations == 3


def test_build_command_accepts_its_own_data_dir_option(tmp_path: Path) -> None:
    write_tiny_raw(tmp_path / "data" / "raw")
    result = runner.invoke(app, ["build", "--data-dir", str(tmp_path / "data"), "--no-verify"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "catalog.sqlite").exists()


def test_build_without_raw_data_exits_with_source_unavailable_code(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--data-dir", str(tmp_path), "build"])
    assert result.exit_code == 5
    assert "jobrisk data sync" in result.output


def test_build_of_files_with_unknown_checksums_is_refused_by_default(tmp_path: Path) -> None:
    write_tiny_raw(tmp_path / "raw")
    result = runner.invoke(app, ["--data-dir", str(tmp_path), "build"])
    assert result.exit_code == 4
    assert not (tmp_path / "catalog.sqlite").exists()
