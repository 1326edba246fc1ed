"""Saving and loading the trained task exposure model with its manifest.

Layout under ``settings.models_dir / "task_exposure"``::

    model.joblib    the fitted estimator and its reference tasks
    manifest.json   training-data sha256, catalog fingerprint, seed, code version, metrics

``load_model(settings, catalog)`` refuses (CatalogMismatchError) a model trained on a
catalog with another fingerprint, and says how to retrain when none exists.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import joblib

from jobrisk.catalog import Catalog
from jobrisk.errors import CatalogMismatchError, ModelError, ModelNotTrainedError
from jobrisk.models.task_exposure.model import TaskExposureModel
from jobrisk.settings import Settings

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"


def artifact_dir(settings: Settings) -> Path:
    return settings.models_dir / "task_exposure"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(model: TaskExposureModel, settings: Settings) -> Path:
    """Write model and manifest (atomically replacing an older artifact); returns the folder."""
    folder = artifact_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    tmp_model = folder / (MODEL_FILE + ".tmp")
    joblib.dump({"estimator": model.estimator, "reference": model.reference}, tmp_model, compress=3)
    manifest = dict(model.manifest, model_sha256=_sha256(tmp_model))
    tmp_manifest = folder / (MANIFEST_FILE + ".tmp")
    tmp_manifest.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp_model, folder / MODEL_FILE)
    os.replace(tmp_manifest, folder / MANIFEST_FILE)
    model.manifest = manifest
    return folder


def read_manifest(settings: Settings) -> dict:
    path = artifact_dir(settings) / MANIFEST_FILE
    if not path.exists():
        raise ModelNotTrainedError(
            f"No task exposure model at {path.parent}; run 'jobrisk build' or 'jobrisk models train'.")
    return json.loads(path.read_text(encoding="utf-8"))


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
    if manifest.get("model_sha256") and _sha256(model_path) != manifest["model_sha256"]:
        raise ModelError(f"{model_path} does not match the sha256 in its manifest; retrain with "
                         "'jobrisk models train'.")
    payload = joblib.load(model_path)
    return TaskExposureModel(payload["estimator"], payload["reference"], manifest)
