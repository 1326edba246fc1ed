"""``jobrisk occupations export`` and ``jobrisk occupation CODE`` on a fixture catalog file."""

import csv

import pytest
from typer.testing import CliRunner

from jobrisk.catalog import Catalog
from jobrisk.catalog.fixture import FIXTURE_CODES, load_fixture
from jobrisk.interfaces.cli.main import app
from jobrisk.reports.score_export import CONTRACT_COLUMNS


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fixture-data")
    catalog = Catalog.create(folder / "catalog.sqlite")
    load_fixture(catalog)
    catalog.commit()
    catalog.close()
    stored = run(folder, "build", "--scores-only")
    assert stored.exit_code == 0, stored.output
    assert "Stored the scores of 12 occupations" in stored.output
    return folder


def run(data_dir, *args):
    return CliRunner().invoke(app, ["--data-dir", str(data_dir), *args])


def test_without_stored_scores_the_commands_say_what_to_run(tmp_path):
    catalog = Catalog.create(tmp_path / "catalog.sqlite")
    load_fixture(catalog)
    catalog.commit()
    catalog.close()
    result = run(tmp_path, "occupation", "43-9021.00")
    assert result.exit_code == 10
    assert "No stored occupation scores" in result.output and "--scores-only" in result.output


def test_export_writes_one_contract_row_per_occupation(data_dir, tmp_path):
    out = tmp_path / "scores.csv"
    result = run(data_dir, "occupations", "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0])[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert sorted(r["onet_soc_code"] for r in rows) == sorted(FIXTURE_CODES)


def test_export_twice_gives_identical_files(data_dir, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run(data_dir, "occupations", "export", "-o", str(first)).exit_code == 0
    assert run(data_dir, "occupations", "export", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_occupation_prints_components_evidence_and_version(data_dir):
    result = run(data_dir, "occupation", "43-9021.00")
    assert result.exit_code == 0, result.output
    for text in (
        "Data Entry Keyers",
        "AI risk score",
        "capability exposure",
        "automation",
        "complementarity",
        "outlook",
        "substitution share",
        "demand factor",
        "Method version",
    ):
        assert text in result.output


def test_unknown_code_exits_with_the_not_found_code(data_dir):
    result = run(data_dir, "occupation", "99-9999.00")
    assert result.exit_code == 3
