"""Saving and loading the trained task exposure model: data only, verified, swapped as one.

Layout under ``settings.models_dir / "task_exposure"``::

    manifest.json        training-data sha256, catalog fingerprint, seed, code version, metrics,
                         and the sha256 and size of the two files below (``files``)
    model-<id>.json      the model's structure (:mod:`jobrisk.models.data_only`)
    model-<id>.npz       its numbers (NumPy arrays, read with ``allow_pickle=False``)

Nothing here is pickle: loading parses JSON and reads arrays, and rebuilds only the trusted
classes listed in ``TRUSTED``, so a replaced file can make the model wrong but never run code.
Its scikit-learn parts load into the NumPy-only classes of :mod:`jobrisk.models.fitted_sklearn`
(the same numbers, without importing scikit-learn to serve).

Saving writes a new pair under a fresh ``<id>`` (each file to a unique temp name, fsync-ed,
renamed), then replaces ``manifest.json`` atomically: that rename is the one moment the model
changes. A crash before it leaves the previous manifest naming the previous pair, untouched; a
crash after it leaves the new one. Files no manifest names (an older pair, an interrupted save,
a ``model.joblib`` of an older version) are removed after the switch. Saves into one folder are
serialised by a lock file.

``load_model(settings, catalog)`` refuses (CatalogMismatchError) a model trained on a catalog
with another fingerprint, says how to train when none exists (ModelNotTrainedError), and turns a
missing, truncated, damaged or swapped file, or an undecodable one, into ArtifactCorruptError
("run `jobrisk build`") after checking each file's sha256 and size against the manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jobrisk.catalog import Catalog
from jobrisk.errors import ArtifactCorruptError, CatalogMismatchError, ModelNotTrainedError
from jobrisk.models import fitted_sklearn
from jobrisk.models.data_only import trusted_classes
from jobrisk.models.data_only_files import FORMAT, MANIFEST_FILE, load_pair, pair_files, save_pair
from jobrisk.models.task_exposure.estimator import TaskExposureEstimator
from jobrisk.models.task_exposure.features import TaskFeaturizer
from jobrisk.models.task_exposure.model import TaskExposureModel
from jobrisk.models.task_exposure.vocabulary import JargonVocabulary
from jobrisk.settings import Settings

WHAT = "task exposure model"
_OWN_CLASSES = [TaskExposureEstimator, TaskFeaturizer, JargonVocabulary]
#: The only classes a saved model may contain (stored name -> the class it loads into).
TRUSTED = {**trusted_classes(_OWN_CLASSES), **fitted_sklearn.TRUSTED_NAMES}
_OLD_PICKLE = "model.joblib"


def artifact_dir(settings: Settings) -> Path:
    return settings.models_dir / "task_exposure"


def model_files(manifest: dict[str, Any]) -> tuple[str, str]:
    """(structure file, arrays file) named by a manifest."""
    return pair_files(manifest)


def save_model(model: TaskExposureModel, settings: Settings) -> Path:
    """Write the model as a new pair of files and switch the manifest to it; returns the folder."""
    folder = artifact_dir(settings)
    from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    manifest = {k: v for k, v in model.manifest.items() if k not in ("model_sha256", "model_bytes")}
    model.manifest = save_pair(
        folder,
        "model",
        {"estimator": model.estimator, "reference": model.reference},
        trusted_classes([*_OWN_CLASSES, LogisticRegression, TfidfVectorizer, TfidfTransformer]),
        manifest,
        stale=[_OLD_PICKLE],
    )
    return folder


def read_manifest(settings: Settings) -> dict:
    path = artifact_dir(settings) / MANIFEST_FILE
    if not path.exists():
        raise ModelNotTrainedError(
            f"No task exposure model at {path.parent}; run 'jobrisk build' or 'jobrisk models train'."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArtifactCorruptError(WHAT, path, f"its manifest is not readable JSON ({exc})") from exc
    if not isinstance(manifest, dict):
        raise ArtifactCorruptError(WHAT, path, "its manifest is not a JSON object")
    return manifest


def load_model(settings: Settings, catalog: Catalog) -> TaskExposureModel:
    """Load the saved model; it must have been trained on ``catalog`` (same fingerprint).

    A save that switches the manifest while this reads it is met by reading the new manifest once.
    """
    manifest = read_manifest(settings)
    try:
        return _load(settings, catalog, manifest)
    except ArtifactCorruptError:
        again = read_manifest(settings)
        if again == manifest:
            raise
        return _load(settings, catalog, again)


def _load(settings: Settings, catalog: Catalog, manifest: dict) -> TaskExposureModel:
    folder = artifact_dir(settings)
    expected, actual = manifest.get("catalog_fingerprint"), catalog.fingerprint()
    if expected != actual:
        raise CatalogMismatchError(
            f"The task exposure model in {folder} was trained on catalog {str(expected)[:12]}..., "
            f"but the open catalog is {str(actual)[:12]}...; retrain with 'jobrisk models train' "
            "(or rebuild with 'jobrisk build')."
        )
    if manifest.get("format") != FORMAT:
        old = " (a pickle, which is no longer loaded)" if manifest.get("model_sha256") else ""
        raise ArtifactCorruptError(
            WHAT,
            folder / MANIFEST_FILE,
            f"it was saved in an older format{old}; its format is "
            f"{manifest.get('format')!r}, this version reads {FORMAT!r}",
        )
    payload = load_pair(folder, manifest, WHAT, TRUSTED)
    if (
        not isinstance(payload, dict)
        or not {"estimator", "reference"} <= set(payload)
        or not isinstance(payload["estimator"], TaskExposureEstimator)
    ):
        raise ArtifactCorruptError(
            WHAT, folder / pair_files(manifest)[0], "it does not hold an estimator and its reference tasks"
        )
    return TaskExposureModel(payload["estimator"], payload["reference"], manifest)
