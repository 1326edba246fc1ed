"""The fitted adoption model, saved under ``settings.models_dir / "adoption"`` with a manifest.

    model.joblib    the fitted AdoptionEstimator
    manifest.json   catalog fingerprint, release it was fit on, task counts, versions, model sha256

:func:`load_model` refuses a model fit on a catalog with another fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import joblib

from jobrisk.catalog import Catalog
from jobrisk.errors import CatalogMismatchError, ModelError, ModelNotTrainedError
from jobrisk.models.adoption.estimator import AdoptionEstimator
from jobrisk.settings import Settings

MODEL_VERSION = "adoption-1.0"
MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"


@dataclass
class AdoptionModel:
    estimator: AdoptionEstimator
    manifest: dict = field(default_factory=dict)

    @property
    def release(self) -> str:
        return str(self.manifest["release"])


def artifact_dir(settings: Settings) -> Path:
    return settings.models_dir / "adoption"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_model(model: AdoptionModel, settings: Settings) -> Path:
    folder = artifact_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    tmp_model = folder / (MODEL_FILE + ".tmp")
    joblib.dump(model.estimator, tmp_model, compress=3)
    model.manifest = dict(model.manifest, model_sha256=_sha256(tmp_model))
    tmp_manifest = folder / (MANIFEST_FILE + ".tmp")
    tmp_manifest.write_text(json.dumps(model.manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp_model, folder / MODEL_FILE)
    os.replace(tmp_manifest, folder / MANIFEST_FILE)
    return folder


def load_model(settings: Settings, catalog: Catalog) -> AdoptionModel:
    folder = artifact_dir(settings)
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.exists():
        raise ModelNotTrainedError(f"No adoption model at {folder}; run 'jobrisk build'.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    expected, actual = manifest.get("catalog_fingerprint"), catalog.fingerprint()
    if expected != actual:
        raise CatalogMismatchError(
            f"The adoption model in {folder} was fit on catalog {str(expected)[:12]}..., but the "
            f"open catalog is {str(actual)[:12]}...; rebuild with 'jobrisk build'."
        )
    path = folder / MODEL_FILE
    if _sha256(path) != manifest.get("model_sha256"):
        raise ModelError(f"{path} does not match the sha256 in its manifest; rebuild with 'jobrisk build'.")
    return AdoptionModel(joblib.load(path), manifest)
