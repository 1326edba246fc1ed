"""Stored scores: what ``jobrisk build`` writes is what serve, report and occupation read back,
and a stored file that does not belong to the open catalog is refused with a clear message."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from jobrisk.app.score_store import (
    MANIFEST_FILE,
    compute_scores,
    load_stored_scores,
    save_stored_scores,
    scores_dir,
    scores_path,
)
from jobrisk.catalog import Catalog
from jobrisk.catalog.fixture import load_fixture
from jobrisk.errors import CatalogMismatchError, DataError, NotFoundError, PartUnavailableError
from jobrisk.reports.occupation.context import ReportContext
from jobrisk.app.services import Services
from jobrisk.settings import Settings


@pytest.fixture(scope="module")
def stored_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stored")
    catalog = Catalog.create(folder / "catalog.sqlite")
    load_fixture(catalog)
    catalog.commit()
    save_stored_scores(compute_scores(catalog), catalog, Settings(data_dir=folder))
    catalog.close()
    return folder


@pytest.fixture
def data_dir(stored_dir: Path, tmp_path: Path) -> Path:
    """A private copy (tests below damage it)."""
    copy = tmp_path / "data"
    shutil.copytree(stored_dir, copy)
    return copy


def test_stored_scores_read_back_equal_to_a_fresh_computation(stored_dir, scorebook):
    with Catalog.open(stored_dir / "catalog.sqlite") as catalog:
        loaded = load_stored_scores(Settings(data_dir=stored_dir), catalog)
        fresh_context = ReportContext.build(catalog, scorebook)
    assert loaded.scorebook.scores() == scorebook.scores()
    assert dict(loaded.scorebook.task_components) == dict(scorebook.task_components)
    assert loaded.scorebook.model_available == scorebook.model_available
    for f in fields(ReportContext):
        if f.name != "tools":  # loaded from the packaged tool file either way
            assert getattr(loaded.context, f.name) == getattr(fresh_context, f.name), f.name
    assert loaded.context.tools.version == fresh_context.tools.version


def test_stored_files_are_data_not_code(stored_dir):
    folder = scores_dir(Settings(data_dir=stored_dir))
    data = gzip.decompress(scores_path(Settings(data_dir=stored_dir)).read_bytes())
    head, body = data.split(b"\n", 1)
    header = json.loads(head)
    assert set(header["spans"]) == {"scores", "task_components", "context"}
    start, end = header["spans"]["scores"]["43-9021.00"]
    assert "43-9021.00" in json.loads(body[start:end])  # each stored value is a JSON text
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    assert manifest["occupations"] == 12 and len(manifest["scores_sha256"]) == 64


def _rewrite_value(path: Path, section: str, key: str, value: object) -> None:
    """Replace one stored value (a file that passes its sha256 check but holds the wrong shape)."""
    head, body = gzip.decompress(path.read_bytes()).split(b"\n", 1)
    header = json.loads(head)
    start, end = header["spans"][section][key]
    text = json.dumps(value).encode()
    body = body[:start] + text + body[end:]
    shift = len(text) - (end - start)
    for spans in header["spans"].values():
        for span in spans.values():
            if span[0] > start:
                span[0], span[1] = span[0] + shift, span[1] + shift
    header["spans"][section][key] = [start, start + len(text)]
    data = gzip.compress(json.dumps(header).encode() + b"\n" + body)
    path.write_bytes(data)
    manifest_path = path.parent / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text())
    manifest["scores_sha256"] = hashlib.sha256(data).hexdigest()
    manifest_path.write_text(json.dumps(manifest))


def test_a_stored_score_of_the_wrong_shape_is_a_data_error_when_first_used(data_dir):
    settings = Settings(data_dir=data_dir)
    path = scores_path(settings)
    last = sorted(json.loads(gzip.decompress(path.read_bytes()).split(b"\n", 1)[0])["spans"]["scores"])[-1]
    _rewrite_value(path, "scores", last, {"not": "a score"})
    with Catalog.open(data_dir / "catalog.sqlite") as catalog:
        book = load_stored_scores(settings, catalog).scorebook  # loads: only the first is decoded
        with pytest.raises(DataError, match=r"cannot be read as stored scores \(TypeError"):
            book.score(last)
        with pytest.raises(NotFoundError):
            book.score("99-9999.99")  # an unknown code is still not found, not damage


def test_a_stored_report_fact_of_the_wrong_shape_is_a_data_error(data_dir):
    settings = Settings(data_dir=data_dir)
    path = scores_path(settings)
    header = json.loads(gzip.decompress(path.read_bytes()).split(b"\n", 1)[0])
    _rewrite_value(path, "context", sorted(header["spans"]["context"])[0], [1, 2, 3])
    with Catalog.open(data_dir / "catalog.sqlite") as catalog:
        stored = load_stored_scores(settings, catalog)
        with pytest.raises(DataError, match="cannot be read as stored scores"):
            _ = stored.context


def test_scores_built_for_another_catalog_are_refused(data_dir, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    catalog = Catalog.create(other / "catalog.sqlite")
    load_fixture(catalog)
    catalog.set_manifest("fingerprint", "f" * 64)
    catalog.commit()
    with pytest.raises(CatalogMismatchError, match=r"built for catalog .* open catalog is ffff"):
        load_stored_scores(Settings(data_dir=data_dir), catalog)
    catalog.close()


def test_changed_score_file_is_refused_as_damaged(data_dir):
    path = scores_path(Settings(data_dir=data_dir))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with Catalog.open(data_dir / "catalog.sqlite") as catalog:
        with pytest.raises(DataError, match="does not match the sha256"):
            load_stored_scores(Settings(data_dir=data_dir), catalog)


def test_scores_of_another_method_version_are_refused(data_dir):
    path = scores_dir(Settings(data_dir=data_dir)) / MANIFEST_FILE
    manifest = json.loads(path.read_text())
    manifest["method_version"] = "0.9.0"
    path.write_text(json.dumps(manifest))
    with Catalog.open(data_dir / "catalog.sqlite") as catalog:
        with pytest.raises(PartUnavailableError, match="another scoring method .*--scores-only"):
            load_stored_scores(Settings(data_dir=data_dir), catalog)


def test_missing_scores_say_what_to_run(data_dir):
    shutil.rmtree(scores_dir(Settings(data_dir=data_dir)))
    with Catalog.open(data_dir / "catalog.sqlite") as catalog:
        with pytest.raises(PartUnavailableError, match="No stored occupation scores"):
            load_stored_scores(Settings(data_dir=data_dir), catalog)


def test_services_serve_the_stored_scores_and_report_context(stored_dir, scorebook):
    services = Services(Settings(data_dir=stored_dir))
    assert services.scorebook.score("43-9021.00") == scorebook.score("43-9021.00")
    report = services.report("43-9021.00")
    assert report.occupation.onet_soc_code == "43-9021.00"
    assert report.headline is not None


def test_a_save_interrupted_before_the_manifest_switch_keeps_the_previous_scores(data_dir, monkeypatch):
    from jobrisk.app import score_store
    from jobrisk.scoring.params import DEFAULT_PARAMS

    settings = Settings(data_dir=data_dir)
    before = scores_path(settings)
    with Catalog.open(data_dir / "catalog.sqlite") as catalog:
        changed = compute_scores(catalog, dataclasses.replace(DEFAULT_PARAMS, core_weight=3.0))

        def crash(path, payload):
            raise KeyboardInterrupt("killed while saving")

        monkeypatch.setattr(score_store, "atomic_write_json", crash)
        with pytest.raises(KeyboardInterrupt):
            save_stored_scores(changed, catalog, settings)
        assert scores_path(settings) == before and before.exists()
        assert len(load_stored_scores(settings, catalog).scorebook) == 12  # still the previous, whole
        monkeypatch.undo()
        save_stored_scores(compute_scores(catalog), catalog, settings)
    names = sorted(p.name for p in scores_dir(settings).iterdir())
    assert names == sorted([MANIFEST_FILE, scores_path(settings).name])  # the unnamed file is gone
