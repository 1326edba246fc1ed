"""The cached title index: reused for the same catalog, refused for another one."""

from __future__ import annotations

import json

import pytest

from jobrisk.catalog import Catalog
from jobrisk.models.title_coder import TitleCoder
from jobrisk.models import data_only_files
from jobrisk.models.title_coder.artifact import ARTIFACT_DIR, MANIFEST_FILE, load_index, save_index
from jobrisk.settings import Settings


def test_index_is_cached_and_reused_for_the_same_catalog(tmp_path):
    catalog = Catalog.fixture()
    settings = Settings(data_dir=tmp_path)
    first = TitleCoder.from_catalog(catalog, settings)
    manifest = json.loads((tmp_path / "models" / ARTIFACT_DIR / MANIFEST_FILE).read_text())
    assert manifest["catalog_fingerprint"] == catalog.fingerprint()
    again = TitleCoder.from_catalog(catalog, settings)
    assert again.index.keys == first.index.keys
    assert again.code("RN").onet_soc_code == first.code("RN").onet_soc_code == "29-1141.00"


def test_index_made_for_another_catalog_is_not_loaded(tmp_path):
    catalog = Catalog.fixture()
    TitleCoder.from_catalog(catalog, Settings(data_dir=tmp_path))
    assert load_index(tmp_path / "models", "a-different-catalog", None) is None
    assert load_index(tmp_path / "models", catalog.fingerprint(), None) is None  # other encoder


def test_missing_artifact_means_build(tmp_path):
    assert load_index(tmp_path / "models", "anything", None) is None


def _damage_truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _damage_flip(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _pair(folder):
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    structure, numbers = data_only_files.pair_files(manifest)
    return manifest, folder / structure, folder / numbers


@pytest.mark.parametrize("which", ["structure", "numbers"])
@pytest.mark.parametrize(
    "damage",
    [
        _damage_truncate,
        _damage_flip,
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(b"\x80\x05garbage"),
        lambda p: p.unlink(),
    ],
    ids=["truncated", "bit-flip", "empty", "garbage", "missing"],
)
def test_a_damaged_index_is_never_decoded_and_is_rebuilt(tmp_path, damage, which, caplog, monkeypatch):
    catalog = Catalog.fixture()
    settings = Settings(data_dir=tmp_path)
    TitleCoder.from_catalog(catalog, settings, use_semantic=False)
    folder = tmp_path / "models" / ARTIFACT_DIR
    _, structure, numbers = _pair(folder)
    damage(structure if which == "structure" else numbers)
    decoded = []
    real_decode = data_only_files.decode
    monkeypatch.setattr(data_only_files, "decode", lambda *a: decoded.append(a) or real_decode(*a))
    with caplog.at_level("WARNING", logger="jobrisk.models.title_coder"):
        assert load_index(tmp_path / "models", catalog.fingerprint(), None) is None
    assert decoded == []  # refused before parsing
    assert any("unusable" in r.getMessage() for r in caplog.records)
    coder = TitleCoder.from_catalog(catalog, settings, use_semantic=False)  # rebuilt from the catalog...
    assert coder.code("RN").onet_soc_code == "29-1141.00"
    assert load_index(tmp_path / "models", catalog.fingerprint(), None) is not None  # ...and saved


def test_an_index_file_holding_a_pickle_is_refused_without_running_it(tmp_path):
    """Even with a matching checksum (a replaced file and manifest), a pickled object is not loaded."""
    import io
    import pickle

    import numpy as np

    from jobrisk.durable import atomic_write_json, file_entry

    catalog = Catalog.fixture()
    TitleCoder.from_catalog(catalog, Settings(data_dir=tmp_path), use_semantic=False)
    folder = tmp_path / "models" / ARTIFACT_DIR
    manifest, structure, numbers = _pair(folder)
    buffer = io.BytesIO()
    np.savez(buffer, a0=np.array([{"run": "code"}], dtype=object))
    numbers.write_bytes(buffer.getvalue())
    structure.write_bytes(
        json.dumps({"format": data_only_files.FORMAT, "value": {"$object": "builtins.eval", "state": {}}}).encode()
    )
    manifest["files"] = {p.name: file_entry(p) for p in (structure, numbers)}
    atomic_write_json(folder / MANIFEST_FILE, manifest)
    assert load_index(tmp_path / "models", catalog.fingerprint(), None) is None
    assert pickle.dumps is not None  # nothing ran: the process is intact


def test_the_index_is_data_only_and_its_manifest_records_both_files(tmp_path):
    from jobrisk.durable import sha256_file

    TitleCoder.from_catalog(Catalog.fixture(), Settings(data_dir=tmp_path))
    folder = tmp_path / "models" / ARTIFACT_DIR
    manifest, structure, numbers = _pair(folder)
    for path in (structure, numbers):
        assert manifest["files"][path.name]["sha256"] == sha256_file(path)
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(
        [MANIFEST_FILE, structure.name, numbers.name]
    )
    assert not list(folder.glob("*.pkl"))
    assert json.loads(structure.read_text())["format"] == data_only_files.FORMAT


def test_a_save_replaces_the_pair_and_an_old_pickle(tmp_path):
    catalog = Catalog.fixture()
    settings = Settings(data_dir=tmp_path)
    coder = TitleCoder.from_catalog(catalog, settings, use_semantic=False)
    folder = tmp_path / "models" / ARTIFACT_DIR
    (folder / "title_index.pkl").write_bytes(b"an index of an older version")
    before, _, _ = _pair(folder)
    save_index(coder.index, tmp_path / "models", catalog.fingerprint())
    after, structure, numbers = _pair(folder)
    assert after["files"] != before["files"]
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(
        [MANIFEST_FILE, structure.name, numbers.name]
    )
    again = load_index(tmp_path / "models", catalog.fingerprint(), None)
    assert again is not None and again.keys == coder.index.keys
