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
