"""Atomic writes, sha256 manifests and verified loads (jobrisk.durable)."""

from __future__ import annotations

import json

import pytest

from jobrisk import durable
from jobrisk.errors import ArtifactCorruptError


def test_atomic_write_replaces_the_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "a.json"
    durable.atomic_write_json(target, {"b": 1, "a": [1, 2]})
    durable.atomic_write_json(target, {"c": 2})
    assert json.loads(target.read_text()) == {"c": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_an_error_inside_atomic_open_keeps_the_old_file(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(ZeroDivisionError):
        with durable.atomic_open(target) as handle:
            handle.write("new, half written")
            raise ZeroDivisionError("simulated failure mid-write")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_temp_names_are_unique_and_hidden(tmp_path):
    names = {durable.temp_path_beside(tmp_path / "x.bin").name for _ in range(50)}
    assert len(names) == 50 and all(n.startswith(".x.bin.") and n.endswith(".tmp") for n in names)


def _artifact(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"0123456789" * 100)
    (tmp_path / "meta.json").write_text('{"k": 1}')
    durable.write_manifest(tmp_path, ["data.bin", "meta.json"], {"format": 1})
    return tmp_path


def test_manifest_records_checksums_and_verifies(tmp_path):
    manifest = durable.verify_manifest(_artifact(tmp_path), "test artifact")
    assert manifest["format"] == 1 and manifest["files"]["data.bin"]["bytes"] == 1000


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda p: p.write_bytes(b"0123456789" * 50), "bytes"),  # truncated
        (lambda p: p.write_bytes(b"9123456789" + b"0123456789" * 99), "sha256"),  # same size, changed
        (lambda p: p.unlink(), "missing"),
    ],
)
def test_a_damaged_file_is_named_in_the_error(tmp_path, damage, reason):
    folder = _artifact(tmp_path)
    damage(folder / "data.bin")
    with pytest.raises(ArtifactCorruptError, match=reason) as info:
        durable.verify_manifest(folder, "test artifact")
    assert "data.bin" in str(info.value) and "jobrisk build" in str(info.value)


@pytest.mark.parametrize("text", ["", "{not json", "[1, 2]", '{"files": {}}'])
def test_an_unreadable_manifest_is_a_corrupt_artifact(tmp_path, text):
    folder = _artifact(tmp_path)
    (folder / "manifest.json").write_text(text)
    with pytest.raises(ArtifactCorruptError):
        durable.verify_manifest(folder, "test artifact")


def test_verified_load_turns_a_decoding_failure_into_the_documented_error(tmp_path):
    folder = _artifact(tmp_path)
    entry = durable.file_entry(folder / "data.bin")
    assert durable.verified_load(folder / "data.bin", entry, "x", lambda p: p.read_bytes()[:3]) == b"012"
    with pytest.raises(ArtifactCorruptError, match="could not be read"):
        durable.verified_load(folder / "data.bin", entry, "x", lambda p: json.loads(p.read_text()))
    assert durable.verified_bytes(folder / "data.bin", entry, "x").startswith(b"0123")
