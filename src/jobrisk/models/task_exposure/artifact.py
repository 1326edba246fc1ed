"""Saving and loading the trained task exposure model with its manifest.

Layout under ``settings.models_dir / "task_exposure"``::

    model.joblib    the fitted estimator and its reference tasks
    manifest.json   training-data sha256, catalog fingerprint, seed, code version, metrics

``load_model(settings, catalog)`` refuses (CatalogMismatchError) a model trained on a
catalog with another fingerprint, and says how to retrain when none exists.

Durability (:mod:`jobrisk.durable`): each file is written to a uniquely named temp file,
fsync-ed and renamed; the model first, then the manifest that records its sha256 and size.
Loading verifies the model file against the manifest *before* unpickling it, so a truncated,
damaged or swapped file is refused with ArtifactCorruptError ("run `jobrisk build`") instead of
being unpickled; a run killed between the two renames is caught the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import joblib

from jobrisk.catalog import Catalog
from jobrisk.durable import atomic_path, atomic_write_json, file_entry, verified_load
from jobrisk.errors import ArtifactCorruptError, CatalogMismatchError, ModelNotTrainedError
from jobrisk.models.task_exposure.model import TaskExposureModel
from jobrisk.settings import Settings

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"


def artifact_dir(settings: Settings) -> Path:
    return settings.models_dir / "task_exposure"


WHAT = "task exposure model"


def save_model(model: TaskExposureModel, settings: Settings) -> Path:
    """Write model and manifest (atomically replacing an older artifact); returns the folder."""
    folder = artifact_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_path(folder / MODEL_FILE) as tmp_model:
        joblib.dump({"estimator": model.estimator, "reference": model.reference}, tmp_model, compress=3)
        entry = file_entry(tmp_model)
    manifest = dict(model.manifest, model_sha256=entry["sha256"], model_bytes=entry["bytes"])
    atomic_write_json(folder / MANIFEST_FILE, manifest)
    model.manifest = manifest
    return folder


def read_manifest(settings: Settings) -> dict:
    path = artifact_dir(settings) / MANIFEST_FILE
    if not path.exists():
        raise ModelNotTrainedError(
            f"No task exposure model at {path.parent}; run 'jobrisk build' or 'jobrisk models train'.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArtifactCorruptError(WHAT, path, f"its manifest is not readable JSON ({exc})") from exc
    if not isinstance(manifest, dict):
        raise ArtifactCorruptError(WHAT, path, "its manifest is not a JSON object")
    return manifest


def load_model(settings: Settings, catalog: Catalog) -> TaskExposureModel:
    """Load the saved model; it must have been trained on ``catalog`` (same fingerprint)."""
    manifest = read_manifest(settings)
    folder = artifact_dir(settings)
    expected, actual = manifest.get("catalog_fingerprint"), catalog.fingerprint()
    if expected != actual:
        raise CatalogMismatchError(
            f"The task exposure model in {folder} was trained on catalog {str(expected)[:12]}..., "
            f"but the open catalog is {str(actual)[:12]}...; retrain with 'jobrisk models train' "
            "(or rebuild with 'jobrisk build').")
    model_path = folder / MODEL_FILE
    if not manifest.get("model_sha256"):
        raise ArtifactCorruptError(WHAT, folder / MANIFEST_FILE, "its manifest records no model "
                                   "checksum (saved by an older version)")
    expected = {"sha256": manifest["model_sha256"]}
    if "model_bytes" in manifest:
        expected["bytes"] = manifest["model_bytes"]
    payload = verified_load(model_path, expected, WHAT, joblib.load)
    if not isinstance(payload, dict) or not {"estimator", "reference"} <= set(payload):
        raise ArtifactCorruptError(WHAT, model_path, "it does not hold an estimator and its "
                                                     "reference tasks")
    return TaskExposureModel(payload["estimator"], payload["reference"], manifest)
