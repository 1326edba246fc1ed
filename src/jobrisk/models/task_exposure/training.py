"""Training data from the catalog, and training the task exposure model.

``training_set(catalog)`` collects the labelled O*NET tasks (GPTs-are-GPTs labels whose task
exists in the catalog's O*NET release) and every O*NET task (texts and DWA links, for
occupation context and for recognising O*NET statements at scoring time).
``train_model(catalog, seed=...)`` fits :class:`.estimator.TaskExposureEstimator` and wraps
it in a :class:`.model.TaskExposureModel` with its manifest. Training never reads files:
everything comes from the ``Catalog``.

Targets: ``human_exposure`` (E0/E1/E2, primary), ``gpt4_exposure`` (secondary, E0/E1/E2) and
``gpt4_automation`` (T0..T4 from the full_labelset run; expected level / 4 = automation).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from jobrisk._version import __version__
from jobrisk.catalog import Catalog
from jobrisk.errors import ModelError
from jobrisk.models.task_exposure.estimator import TaskExposureEstimator, TaskRows
from jobrisk.models.task_exposure.features import dwa_tokens
from jobrisk.models.task_exposure.modern import (  # noqa: F401  (modern_checksum: public via training)
    jargon_vocabulary,
    modern_checksum,
    modern_labels,
    modern_rows,
    read_modern_tasks,
)

DEFAULT_SEED = 20240301
#: Estimator settings of the shipped model beyond the defaults (used by training and by the grouped
#: evaluation alike). The modern training tasks are an option, measured in docs/free-text.md.
SHIPPED_PARAMS: dict = {"modern_weight": 3.0}
_EXPOSURE_INDEX = {"E0": 0, "E1": 1, "E2": 2}
_LEVEL_INDEX = {"T0": 0, "T1": 1, "T2": 2, "T3": 3, "T4": 4}


@dataclass(frozen=True)
class TrainingSet:
    """Labelled tasks (one row each) and every O*NET task, as DataFrames.

    ``labelled`` columns: task_id, onet_soc_code, task, dwa_tokens, human, gpt4, automation_level
    (class indices; -1 when missing). ``onet_tasks`` columns: task_id, onet_soc_code, task,
    dwa_tokens. ``checksum`` is the sha256 of the labelled rows as trained on.
    ``dwa_reference`` = (DWA ids, DWA titles) for the nearest-DWA view; ``technology_terms`` =
    (kind, example, commodity title) rows of O*NET Technology Skills and Tools Used, for the
    jargon vocabulary (:mod:`.vocabulary`), whose ordinary words include ``title_words``.
    """

    labelled: pd.DataFrame
    onet_tasks: pd.DataFrame
    checksum: str
    dwa_reference: tuple[list[str], list[str]] = (list(), list())
    technology_terms: list[tuple[str, str, str]] = field(default_factory=list)
    title_words: tuple[str, ...] = ()  # O*NET occupation and alternate titles (ordinary words too)
    modern: pd.DataFrame | None = None  # modern tasks labelled by the rubric (:mod:`.modern`)

    def rows(self) -> TaskRows:
        return TaskRows.from_frame(self.labelled)

    def context_rows(self) -> TaskRows:
        return TaskRows.from_frame(self.onet_tasks)

    def modern_inputs(self) -> tuple[TaskRows, np.ndarray] | None:
        """(rows as the model reads free text, rubric labels) of the modern tasks, or None."""
        if self.modern is None or not len(self.modern):
            return None
        return modern_rows(self.modern, jargon_vocabulary(self)), modern_labels(self.modern)

    def targets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        frame = self.labelled
        return (frame["human"].to_numpy(int), frame["gpt4"].to_numpy(int), frame["automation_level"].to_numpy(int))


def training_set(catalog: Catalog, require_labels: bool = True) -> TrainingSet:
    """Labelled O*NET tasks and all O*NET tasks of ``catalog``; raises ModelError without labels
    (unless ``require_labels`` is False)."""
    tasks = catalog.tasks()
    links = catalog.task_dwas()
    onet = pd.DataFrame(
        {
            "task_id": [t.task_id for t in tasks],
            "onet_soc_code": [t.onet_soc_code for t in tasks],
            "task": [t.task for t in tasks],
            "dwa_tokens": [dwa_tokens(links.get(t.task_id, ())) for t in tasks],
        }
    )
    known_ids = set(onet["task_id"])
    tokens_by_id = dict(zip(onet["task_id"], onet["dwa_tokens"]))
    labels = [
        r for r in catalog.task_labels() if r.in_onet and r.task_id in known_ids and r.human_exposure in _EXPOSURE_INDEX
    ]
    if not labels and require_labels:
        raise ModelError(
            "The catalog has no human-labelled O*NET tasks to train the task exposure model on; "
            "rebuild it with the GPTs-are-GPTs labels ('jobrisk build')."
        )
    labelled = (
        pd.DataFrame(
            {
                "task_id": [r.task_id for r in labels],
                "onet_soc_code": [r.onet_soc_code for r in labels],
                "task": [r.task for r in labels],
                "dwa_tokens": [tokens_by_id[r.task_id] for r in labels],
                "human": [_EXPOSURE_INDEX[r.human_exposure or ""] for r in labels],  # each one labelled
                "gpt4": [_EXPOSURE_INDEX.get(r.gpt4_exposure or "", -1) for r in labels],
                "automation_level": [_LEVEL_INDEX.get(r.gpt4_automation or "", -1) for r in labels],
            }
        )
        .sort_values("task_id", kind="stable")
        .reset_index(drop=True)
    )
    digest = hashlib.sha256()
    for row in labelled.itertuples(index=False):
        digest.update(
            f"{row.task_id}\t{row.onet_soc_code}\t{row.task}\t{row.human}\t{row.gpt4}\t"
            f"{row.automation_level}\t{row.dwa_tokens}\n".encode()
        )
    dwas = catalog.dwa_reference()
    return TrainingSet(
        labelled,
        onet,
        digest.hexdigest(),
        ([d.dwa_id for d in dwas], [d.dwa_title for d in dwas]),
        catalog.technology_terms(),
        tuple(sorted({r.title for r in catalog.titles()})),
        read_modern_tasks(),
    )


def code_version() -> str:
    """Package version plus a hash of this model's source files (changes whenever the method does)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(Path(__file__).parent.parent.joinpath("embeddings.py").read_bytes())
    digest.update(Path(__file__).parent.parent.joinpath("minilm.py").read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"


def fit_estimator(
    data: TrainingSet, seed: int = DEFAULT_SEED, crossfit_folds: int = 5, n_jobs: int = 2
) -> TaskExposureEstimator:
    from threadpoolctl import threadpool_limits

    # One BLAS thread: sums taken in another order on more threads differ in the last bits, and
    # those bits can flip a fold's choices, so the same catalog gave another model on another
    # machine (or under the test runner). Parallelism comes from the folds, in processes.
    with threadpool_limits(limits=1):
        return fit_on(
            TaskExposureEstimator(crossfit_folds=crossfit_folds, seed=seed, n_jobs=n_jobs, **SHIPPED_PARAMS), data
        )


def fit_on(estimator: TaskExposureEstimator, data: TrainingSet, *, modern: bool = True) -> TaskExposureEstimator:
    """Fit ``estimator`` on every labelled O*NET task of ``data``, with their context and the
    work-activity references, and with the modern training tasks unless ``modern`` is False."""
    human, gpt4, automation = data.targets()
    return estimator.fit(
        data.rows(),
        human,
        gpt4,
        automation,
        context_rows=data.context_rows(),
        dwa_reference=data.dwa_reference,
        modern=data.modern_inputs() if modern else None,
    )


def train_model(
    catalog: Catalog,
    seed: int = DEFAULT_SEED,
    crossfit_folds: int = 5,
    n_jobs: int = 2,
    metrics: dict | None = None,
    data: TrainingSet | None = None,
):
    """Train on ``catalog`` and return a :class:`TaskExposureModel` (not yet saved)."""
    from jobrisk.models.task_exposure.model import FREE_TEXT_PRIOR_SHIFT, TaskExposureModel

    started = time.perf_counter()
    data = training_set(catalog) if data is None else data
    estimator = fit_estimator(data, seed=seed, crossfit_folds=crossfit_folds, n_jobs=n_jobs)
    seconds = time.perf_counter() - started
    version = code_version()
    modern_used = float(estimator.modern_weight) > 0 and data.modern is not None and len(data.modern) > 0
    modern_sha = modern_checksum(data.modern) if modern_used else ""
    manifest = {
        "model": "task_exposure",
        "model_version": hashlib.sha256(f"{version}|{data.checksum}|{modern_sha}|{seed}".encode()).hexdigest()[:12],
        "code_version": version,
        "seed": seed,
        "crossfit_folds": crossfit_folds,
        "encoder": estimator.encoder_name,
        "catalog_fingerprint": catalog.fingerprint(),
        "training_data_sha256": data.checksum,
        "training_tasks": len(data.labelled),
        "training_occupations": int(data.labelled["onet_soc_code"].nunique()),
        "onet_tasks": len(data.onet_tasks),
        "training_seconds": round(seconds, 1),
        "metrics": metrics or {},
        "free_text_prior_shift": FREE_TEXT_PRIOR_SHIFT,
        "free_text_gpt4_weight": estimator.free_text_gpt4_weight,
        "modern_tasks": len(data.modern) if modern_used and data.modern is not None else 0,
        "modern_tasks_sha256": modern_sha,
        "modern_weight": float(estimator.modern_weight) if modern_used else 0.0,
        "modern_parts": list(estimator.modern_parts) if modern_used else [],
    }
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # the stored scores of every O*NET task, as reproducible as the fit
        return TaskExposureModel.from_training(estimator, data, manifest)
