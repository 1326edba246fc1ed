"""``sync_sources`` from a mirror: verified copies, idempotence, refusal of bad or missing files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from jobrisk.errors import ChecksumMismatchError, NotFoundError, SourceUnavailableError
from jobrisk.sources.registry import Registry, load_registry
from jobrisk.sources.status import raw_status
from jobrisk.sources.sync import sync_sources

TASKS = b'O*NET-SOC Code\tTitle\tTask\n15-1252.00\tSoftware Developers\tWrite "clean" code.\n'
WAGES = b"OCC_CODE,OCC_TITLE,A_MEDIAN\n15-1252,Software Developers,133080\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


SOURCE_TOML = """
[[source]]
id = "{sid}"
title = "{sid} title"
publisher = "P"
version = "1.0"
release_date = "2025"
license = "Public domain"
license_url = "https://example.org/l"
attribution = "{sid} data"
landing_url = "https://example.org/"
mirror_folder = "{sid}"
"""
FILE_TOML = """
[[source.file]]
name = "{name}"
urls = ["https://example.org/{name}"]
conversion = "none"
checksum_status = "official"
sha256_official = "{sha}"
sha256_mirror = "{sha}"
"""


def write_registry(tmp_path: Path, sources: dict[str, dict[str, bytes]]) -> Registry:
    """A registry of byte-copy files: {source id (= folder): {file name: mirror bytes}}."""
    text = "schema_version = 1\n"
    for sid, files in sources.items():
        text += SOURCE_TOML.format(sid=sid)
        text += "".join(FILE_TOML.format(name=name, sha=sha(data)) for name, data in files.items())
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path)


@pytest.fixture
def setup(tmp_path):
    files = {"onet": {"Task Statements.txt": TASKS}, "bls": {"wages.csv": WAGES}}
    registry = write_registry(tmp_path, files)
    mirror = tmp_path / "mirror"
    for sid, named in files.items():
        (mirror / sid).mkdir(parents=True)
        for name, data in named.items():
            (mirror / sid / name).write_bytes(data)
    return registry, mirror, tmp_path / "raw"


def test_sync_copies_each_file_into_the_mirror_layout_and_records_it(setup):
    registry, mirror, raw = setup
    report = sync_sources(raw, mirror_dir=mirror, registry=registry)
    assert report.count("copied") == 2 and report.failures == ()
    assert (raw / "onet" / "Task Statements.txt").read_bytes() == TASKS
    assert (raw / "bls" / "wages.csv").read_bytes() == WAGES
    manifest = json.loads((raw / "MANIFEST.json").read_text())
    entry = manifest["files"]["onet/Task Statements.txt"]
    assert entry["sha256"] == sha(TASKS)
    assert entry["method"] == "mirror"
    assert entry["obtained_from"] == str(mirror / "onet" / "Task Statements.txt")
    assert entry["verified_against"] == "sha256_mirror"
    assert entry["checksum_status"] == "official"
    assert entry["synced_at"].endswith("+00:00")


def test_second_sync_skips_files_already_in_place(setup):
    registry, mirror, raw = setup
    sync_sources(raw, mirror_dir=mirror, registry=registry)
    placed = raw / "bls" / "wages.csv"
    inode_before = placed.stat().st_ino
    report = sync_sources(raw, mirror_dir=mirror, registry=registry)
    assert report.count("skipped") == 2 and report.count("copied") == 0
    assert placed.stat().st_ino == inode_before


def test_force_copies_again(setup):
    registry, mirror, raw = setup
    sync_sources(raw, mirror_dir=mirror, registry=registry)
    report = sync_sources(raw, mirror_dir=mirror, registry=registry, force=True)
    assert report.count("copied") == 2


def test_corrupted_mirror_file_raises_and_replaces_nothing(setup):
    registry, mirror, raw = setup
    sync_sources(raw, mirror_dir=mirror, registry=registry)
    (mirror / "bls" / "wages.csv").write_bytes(WAGES.replace(b"133080", b"999999"))
    with pytest.raises(ChecksumMismatchError) as caught:
        sync_sources(raw, mirror_dir=mirror, registry=registry, force=True)
    assert caught.value.expected == sha(WAGES)
    assert "wages.csv" in str(caught.value)
    assert (raw / "bls" / "wages.csv").read_bytes() == WAGES
    assert [p.name for p in (raw / "bls").iterdir()] == ["wages.csv"]  # no temp file left


def test_corrupted_mirror_file_is_not_placed_on_first_sync(setup):
    registry, mirror, raw = setup
    (mirror / "onet" / "Task Statements.txt").write_bytes(TASKS + b"extra\n")
    report = sync_sources(raw, mirror_dir=mirror, registry=registry, raise_on_failure=False)
    assert [o.file.name for o in report.failures] == ["Task Statements.txt"]
    assert isinstance(report.failures[0].error, ChecksumMismatchError)
    assert not (raw / "onet" / "Task Statements.txt").exists()
    assert (raw / "bls" / "wages.csv").read_bytes() == WAGES  # the good file still arrives
    manifest = json.loads((raw / "MANIFEST.json").read_text())
    assert list(manifest["files"]) == ["bls/wages.csv"]


def test_file_missing_from_the_mirror_names_file_source_and_remedy(setup):
    registry, mirror, raw = setup
    (mirror / "bls" / "wages.csv").unlink()
    with pytest.raises(SourceUnavailableError, match=r"has no bls/wages\.csv \(source 'bls'\)"):
        sync_sources(raw, mirror_dir=mirror, registry=registry)


def test_mirror_folder_that_does_not_exist_is_reported(setup, tmp_path):
    registry, _, raw = setup
    with pytest.raises(SourceUnavailableError, match="does not exist.*bls, onet"):
        sync_sources(raw, mirror_dir=tmp_path / "nowhere", registry=registry)


def test_source_option_limits_the_sync(setup):
    registry, mirror, raw = setup
    report = sync_sources(raw, mirror_dir=mirror, registry=registry, source_ids=["bls"])
    assert [o.file.key for o in report.outcomes] == ["bls/wages.csv"]
    assert not (raw / "onet").exists()


def test_unknown_source_id_is_refused(setup):
    registry, mirror, raw = setup
    with pytest.raises(NotFoundError, match="Unknown source id 'oent'"):
        sync_sources(raw, mirror_dir=mirror, registry=registry, source_ids=["oent"])


def test_a_locally_modified_file_is_replaced_by_the_verified_mirror_copy(setup):
    registry, mirror, raw = setup
    sync_sources(raw, mirror_dir=mirror, registry=registry)
    (raw / "bls" / "wages.csv").write_bytes(b"edited by hand\n")
    assert raw_status(raw, registry).sources[1].files[0].state == "bad"
    report = sync_sources(raw, mirror_dir=mirror, registry=registry)
    assert report.count("copied") == 1
    assert (raw / "bls" / "wages.csv").read_bytes() == WAGES


def test_status_reports_missing_and_ok_files(setup):
    registry, mirror, raw = setup
    sync_sources(raw, mirror_dir=mirror, registry=registry, source_ids=["onet"])
    status = raw_status(raw, registry)
    assert {s.source.id: [f.state for f in s.files] for s in status.sources} == {"onet": ["ok"], "bls": ["missing"]}
    assert not status.complete
    assert status.to_dict()["counts"] == {"ok": 1, "unverified": 0, "bad": 0, "missing": 1}


def test_a_folder_in_the_way_of_a_file_is_reported_as_a_data_error(setup):
    from jobrisk.errors import DataError

    registry, mirror, raw = setup
    (raw / "bls" / "wages.csv").mkdir(parents=True)
    with pytest.raises(DataError, match=r"Could not obtain bls/wages\.csv \(source 'bls'\)"):
        sync_sources(raw, mirror_dir=mirror, registry=registry)
    assert (raw / "onet" / "Task Statements.txt").read_bytes() == TASKS
    assert [p.name for p in (raw / "bls").iterdir()] == ["wages.csv"]  # no temp file left
