"""The saved task exposure model: verified against its manifest before it is unpickled; a damaged
file or manifest gives the documented ArtifactCorruptError, never an unpickling traceback."""

from __future__ import annotations

import json

import pytest

from jobrisk.errors import ArtifactCorruptError
from jobrisk.models.task_exposure import TaskExposureModel, train_model
from jobrisk.models.task_exposure import artifact
from jobrisk.settings import Settings


@pytest.fixture(scope="module")
def saved(catalog, tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("model"))
    train_model(catalog, seed=7, crossfit_folds=2, n_jobs=1).save(settings)
    return settings


def _copy_settings(saved, tmp_path):
    import shutil

    shutil.copytree(saved.models_dir, tmp_path / "models")
    return Settings(data_dir=tmp_path)


def test_save_leaves_exactly_the_model_and_its_manifest(saved):
    folder = artifact.artifact_dir(saved)
    assert sorted(p.name for p in folder.iterdir()) == [artifact.MANIFEST_FILE, artifact.MODEL_FILE]
    manifest = json.loads((folder / artifact.MANIFEST_FILE).read_text())
    assert manifest["model_bytes"] == (folder / artifact.MODEL_FILE).stat().st_size


DAMAGES = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:1000]),
    "empty": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(b"\x80\x04not a model at all" * 10),
    "bit-flip": lambda p: p.write_bytes(bytes([p.read_bytes()[0] ^ 1]) + p.read_bytes()[1:]),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_model_file_is_refused_before_loading(saved, catalog, tmp_path, damage, monkeypatch):
    settings = _copy_settings(saved, tmp_path)
    DAMAGES[damage](artifact.artifact_dir(settings) / artifact.MODEL_FILE)
    monkeypatch.setattr(artifact.joblib, "load", lambda *a, **k: pytest.fail("unpickled"))
    with pytest.raises(ArtifactCorruptError, match="jobrisk build") as info:
        TaskExposureModel.load(settings, catalog)
    assert artifact.MODEL_FILE in str(info.value)


@pytest.mark.parametrize("text", ["", "{truncated", "[]"])
def test_a_damaged_manifest_is_the_documented_error(saved, catalog, tmp_path, text):
    settings = _copy_settings(saved, tmp_path)
    (artifact.artifact_dir(settings) / artifact.MANIFEST_FILE).write_text(text)
    with pytest.raises(ArtifactCorruptError, match="manifest"):
        TaskExposureModel.load(settings, catalog)


def test_an_intact_model_loads_and_scores(saved, catalog):
    model = TaskExposureModel.load(saved, catalog)
    assert 0.0 <= model.score_texts(["Prepare tax returns"])[0].exposure <= 1.0
