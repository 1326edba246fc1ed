"""The cached title index: reused for the same catalog, refused for another one."""

from __future__ import annotations

import json

from jobrisk.catalog import Catalog
from jobrisk.models.title_coder import TitleCoder
from jobrisk.models.title_coder.artifact import ARTIFACT_DIR, MANIFEST_FILE, load_index
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
    assert load_index(tmp_path / "models", catalog.fingerprint(), None) is None   # other encoder


def test_missing_artifact_means_build(tmp_path):
    assert load_index(tmp_path / "models", "anything", None) is None


def _damage_truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _damage_flip(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


import pytest  # noqa: E402


@pytest.mark.parametrize("damage", [_damage_truncate, _damage_flip, lambda p: p.write_bytes(b""),
                                    lambda p: p.write_bytes(b"\x80\x05garbage")],
                         ids=["truncated", "bit-flip", "empty", "garbage"])
def test_a_damaged_index_is_never_unpickled_and_is_rebuilt(tmp_path, damage, caplog, monkeypatch):
    from jobrisk.models.title_coder import artifact

    catalog = Catalog.fixture()
    settings = Settings(data_dir=tmp_path)
    TitleCoder.from_catalog(catalog, settings, use_semantic=False)
    index_path = tmp_path / "models" / ARTIFACT_DIR / artifact.INDEX_FILE
    damage(index_path)
    unpickled = []
    real_unpickle = artifact._unpickle
    monkeypatch.setattr(artifact, "_unpickle", lambda p: unpickled.append(p) or real_unpickle(p))
    with caplog.at_level("WARNING", logger="jobrisk.models.title_coder"):
        assert load_index(tmp_path / "models", catalog.fingerprint(), None) is None
    assert unpickled == []                                   # refused before unpickling
    assert any("unusable" in r.getMessage() for r in caplog.records)
    coder = TitleCoder.from_catalog(catalog, settings, use_semantic=False)       # rebuilt from the catalog...
    assert coder.code("RN").onet_soc_code == "29-1141.00"
    assert load_index(tmp_path / "models", catalog.fingerprint(), None) is not None  # ...and saved


def test_manifest_records_the_index_checksum(tmp_path):
    from jobrisk.durable import sha256_file
    from jobrisk.models.title_coder import artifact

    TitleCoder.from_catalog(Catalog.fixture(), Settings(data_dir=tmp_path))
    folder = tmp_path / "models" / ARTIFACT_DIR
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    assert manifest["files"][artifact.INDEX_FILE]["sha256"] == sha256_file(folder / artifact.INDEX_FILE)
    assert sorted(p.name for p in folder.iterdir()) == sorted([MANIFEST_FILE, artifact.INDEX_FILE])
