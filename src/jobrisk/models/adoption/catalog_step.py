"""Post-build step: fit the adoption estimate on the latest observed-use release, write
``task_adoption`` (one row per O*NET task) and save the model for scoring users' own tasks.

Label: the task is observed in the latest release. Unobserved tasks get the model's
probability; observed tasks keep theirs too (``p_adoption_model``), but every reader shows the
fact (``TaskAdoption.p_adoption`` is 1 for them).
"""

from __future__ import annotations

import logging

import numpy as np

from jobrisk._version import __version__
from jobrisk.catalog import Catalog
from jobrisk.models.adoption.artifact import MODEL_VERSION, AdoptionModel, save_model
from jobrisk.models.adoption.estimator import AdoptionEstimator
from jobrisk.models.adoption.rows import catalog_rows
from jobrisk.settings import Settings

COLUMNS = ("task_id", "onet_soc_code", "release", "observed", "p_adoption_model", "model_version")
logger = logging.getLogger(__name__)


def fit_adoption(catalog: Catalog) -> AdoptionModel | None:
    """The adoption model fit on the catalog's latest release; None when it has no release."""
    release = catalog.latest_observed_release()
    if release is None:
        return None
    rows = catalog_rows(catalog)
    observed = catalog.observed_task_ids(release)
    y = np.array([i in observed for i in rows.task_id], dtype=int)
    if len(np.unique(y)) < 2:
        return None
    estimator = AdoptionEstimator().fit(rows, y)
    manifest = {
        "catalog_fingerprint": catalog.fingerprint(),
        "release": release,
        "tasks": len(rows),
        "observed_tasks": int(y.sum()),
        "model_version": MODEL_VERSION,
        "code_version": __version__,
    }
    return AdoptionModel(estimator, manifest)


def train_and_write_adoption(catalog: Catalog, settings: Settings) -> None:
    model = fit_adoption(catalog)
    if model is None:
        logger.warning(
            "adoption: no observed-use release with observed and unobserved tasks; no task_adoption rows written"
        )
        return
    rows = catalog_rows(catalog)
    p = model.estimator.predict_proba(rows)[:, 1]
    observed = catalog.observed_task_ids(model.release)
    catalog.replace_rows(
        "task_adoption",
        COLUMNS,
        [
            (task_id, code, model.release, int(task_id in observed), round(float(prob), 6), MODEL_VERSION)
            for task_id, code, prob in zip(rows.task_id, rows.onet_soc_code, p)
        ],
    )
    save_model(model, settings)
