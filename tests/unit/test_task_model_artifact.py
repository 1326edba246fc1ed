"""The saved task exposure model: data only (JSON + .npz, never pickle), verified against its
manifest before it is decoded, and switched as one pair, so an interrupted save never leaves a
mixed or half-written model; a damaged file or manifest gives the documented ArtifactCorruptError."""

from __future__ import annotations

import io
import json
import pickle
import shutil

import numpy as np
import pytest

from jobrisk.durable import atomic_write_json, file_entry
from jobrisk.errors import ArtifactCorruptError
from jobrisk.models import data_only_files
from jobrisk.models.task_exposure import TaskExposureModel, artifact, train_model
from jobrisk.settings import Settings

PROBES = ["Prepare tax returns", "Answer customer questions by email", "Repair damaged roofs"]


@pytest.fixture(scope="module")
def trained(catalog):
    return train_model(catalog, seed=7, crossfit_folds=2, n_jobs=1)


@pytest.fixture(scope="module")
def saved(trained, tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("model"))
    trained.save(settings)
    return settings


def _copy_settings(saved, tmp_path):
    shutil.copytree(saved.models_dir, tmp_path / "models")
    return Settings(data_dir=tmp_path)


def _visible(folder):
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def _pair(settings):
    folder = artifact.artifact_dir(settings)
    manifest = json.loads((folder / artifact.MANIFEST_FILE).read_text())
    json_name, npz_name = artifact.model_files(manifest)
    return folder, manifest, folder / json_name, folder / npz_name


def _rewrite(settings, path, data: bytes):
    """Replace one file of the pair and record its new checksum, as an attacker with write access would."""
    folder, manifest, _, _ = _pair(settings)
    path.write_bytes(data)
    manifest["files"][path.name] = file_entry(path)
    atomic_write_json(folder / artifact.MANIFEST_FILE, manifest)


def test_save_leaves_the_manifest_and_one_data_only_pair(saved):
    folder, manifest, structure, numbers = _pair(saved)
    assert _visible(folder) == sorted([artifact.MANIFEST_FILE, structure.name, numbers.name])
    assert manifest["format"] == artifact.FORMAT
    assert manifest["files"][numbers.name]["bytes"] == numbers.stat().st_size
    assert json.loads(structure.read_text())["format"] == artifact.FORMAT
    with np.load(numbers, allow_pickle=False) as archive:  # plain arrays, no pickled objects
        assert all(archive[name].dtype.kind != "O" for name in archive.files)
    assert not structure.read_bytes().startswith(b"\x80")  # not a pickle stream


def test_a_saved_model_loads_without_pickle_and_scores_exactly_as_trained(saved, trained, catalog, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("pickle was used to load the model")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    loaded = TaskExposureModel.load(saved, catalog)
    assert loaded.score_texts(PROBES) == trained.score_texts(PROBES)
    assert loaded.reference["task"] == trained.reference["task"]


DAMAGES = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:1000]),
    "empty": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(b"\x80\x04not a model at all" * 10),
    "bit-flip": lambda p: p.write_bytes(bytes([p.read_bytes()[0] ^ 1]) + p.read_bytes()[1:]),
    "missing": lambda p: p.unlink(),
}


@pytest.mark.parametrize("which", ["structure", "numbers"])
@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_model_file_is_refused_before_decoding(saved, catalog, tmp_path, damage, which, monkeypatch):
    settings = _copy_settings(saved, tmp_path)
    _, _, structure, numbers = _pair(settings)
    target = structure if which == "structure" else numbers
    DAMAGES[damage](target)
    monkeypatch.setattr(data_only_files, "decode", lambda *a, **k: pytest.fail("decoded a damaged file"))
    with pytest.raises(ArtifactCorruptError, match="jobrisk build") as info:
        TaskExposureModel.load(settings, catalog)
    assert target.name in str(info.value)


def test_a_replaced_arrays_file_holding_a_pickled_object_is_refused(saved, catalog, tmp_path):
    settings = _copy_settings(saved, tmp_path)
    _, _, _, numbers = _pair(settings)
    buffer = io.BytesIO()
    np.savez(buffer, a0=np.array([{"run": "code"}], dtype=object))  # needs pickle to read back
    _rewrite(settings, numbers, buffer.getvalue())
    with pytest.raises(ArtifactCorruptError, match="arrays could not be read"):
        TaskExposureModel.load(settings, catalog)


def test_a_replaced_structure_naming_an_untrusted_class_is_refused(saved, catalog, tmp_path):
    settings = _copy_settings(saved, tmp_path)
    _, _, structure, _ = _pair(settings)
    hostile = {
        "format": artifact.FORMAT,
        "value": {"$object": "subprocess.Popen", "state": {"args": ["touch", str(tmp_path / "owned")]}},
    }
    _rewrite(settings, structure, json.dumps(hostile).encode())
    with pytest.raises(ArtifactCorruptError, match="not trusted"):
        TaskExposureModel.load(settings, catalog)
    assert not (tmp_path / "owned").exists()


@pytest.mark.parametrize("text", ["", "{truncated", "[]"])
def test_a_damaged_manifest_is_the_documented_error(saved, catalog, tmp_path, text):
    settings = _copy_settings(saved, tmp_path)
    (artifact.artifact_dir(settings) / artifact.MANIFEST_FILE).write_text(text)
    with pytest.raises(ArtifactCorruptError, match="manifest"):
        TaskExposureModel.load(settings, catalog)


def test_a_model_saved_as_a_pickle_by_an_older_version_is_not_loaded(saved, catalog, tmp_path):
    settings = _copy_settings(saved, tmp_path)
    folder, manifest, _, _ = _pair(settings)
    (folder / "model.joblib").write_bytes(b"\x80\x04old pickle")
    old = {k: v for k, v in manifest.items() if k not in ("format", "files")}
    old.update(model_sha256=file_entry(folder / "model.joblib")["sha256"])
    atomic_write_json(folder / artifact.MANIFEST_FILE, old)
    with pytest.raises(ArtifactCorruptError, match="older format.*pickle"):
        TaskExposureModel.load(settings, catalog)


def test_a_save_interrupted_before_the_switch_leaves_the_previous_model_whole(
    saved, trained, catalog, tmp_path, monkeypatch
):
    settings = _copy_settings(saved, tmp_path)
    folder, before, _, _ = _pair(settings)
    expected = trained.score_texts(PROBES)

    def crash(path, payload):
        raise KeyboardInterrupt("killed while saving")

    monkeypatch.setattr(data_only_files, "atomic_write_json", crash)
    with pytest.raises(KeyboardInterrupt):
        artifact.save_model(TaskExposureModel(trained.estimator, trained.reference, dict(trained.manifest)), settings)
    assert len([n for n in _visible(folder) if n.startswith("model-")]) == 4  # the new pair, unnamed
    assert json.loads((folder / artifact.MANIFEST_FILE).read_text()) == before
    assert TaskExposureModel.load(settings, catalog).score_texts(PROBES) == expected

    monkeypatch.setattr(data_only_files, "atomic_write_json", atomic_write_json)
    artifact.save_model(TaskExposureModel(trained.estimator, trained.reference, dict(trained.manifest)), settings)
    folder, after, structure, numbers = _pair(settings)
    assert after["files"] != before["files"]
    assert _visible(folder) == sorted([artifact.MANIFEST_FILE, structure.name, numbers.name])  # leftovers gone
    assert TaskExposureModel.load(settings, catalog).score_texts(PROBES) == expected


def test_a_reader_that_meets_a_save_switching_the_pair_reads_the_new_manifest(
    saved, trained, catalog, tmp_path, monkeypatch
):
    settings = _copy_settings(saved, tmp_path)
    real_load = artifact._load
    calls = []

    def racing(settings_, catalog_, manifest):
        calls.append(manifest["files"])
        if len(calls) == 1:  # another process saves between this reader's manifest read and its file reads
            artifact.save_model(
                TaskExposureModel(trained.estimator, trained.reference, dict(trained.manifest)), settings_
            )
        return real_load(settings_, catalog_, manifest)

    monkeypatch.setattr(artifact, "_load", racing)
    model = artifact.load_model(settings, catalog)
    assert len(calls) == 2 and calls[0] != calls[1]
    assert model.score_texts(PROBES) == trained.score_texts(PROBES)
