"""Post-build step: train the task exposure model and write one ``task_exposure`` row per O*NET task.

Provenance of the main columns (p_e0..p_e2, exposure, automation, confidence):

- ``human``: the task has a human label (GPTs-are-GPTs). Probabilities are the label itself
  (one-hot), so ``exposure`` equals the paper's beta for that task; confidence 1.
- ``gpt4``: no human label but a GPT-4 label. Probabilities are the empirical distribution of
  human labels among training tasks with the same GPT-4 label (P(human | GPT-4), add-one
  smoothed), which puts GPT-4's labels on the human scale; confidence = its top probability.
- ``model``: no label; the model's prediction.

``automation`` is the GPT-4 T-level / 4 when that label exists, else the model's.
The ``model_*`` columns always hold the model's own prediction; for labelled tasks it is
out-of-fold (stage-1 models cross-fitted by occupation never saw the task's occupation; the
small stage-2 combiner is fit once on all out-of-fold outputs).
"""

from __future__ import annotations

import logging

import numpy as np

from jobrisk.catalog import Catalog
from jobrisk.models.task_exposure.estimator import TaskRows
from jobrisk.models.task_exposure.evaluation import classification_metrics
from jobrisk.models.task_exposure.model import TaskExposureModel
from jobrisk.models.task_exposure.text import clean_task_text, input_flags
from jobrisk.models.task_exposure.training import TrainingSet, train_model, training_set
from jobrisk.settings import Settings

_E = {"E0": 0, "E1": 1, "E2": 2}
_T = {"T0": 0, "T1": 1, "T2": 2, "T3": 3, "T4": 4}
MIN_TRAINING_TASKS = 50
logger = logging.getLogger(__name__)
COLUMNS = (
    "task_id",
    "onet_soc_code",
    "provenance",
    "p_e0",
    "p_e1",
    "p_e2",
    "exposure",
    "automation",
    "confidence",
    "model_version",
    "model_p_e0",
    "model_p_e1",
    "model_p_e2",
    "model_exposure",
    "model_automation",
    "model_confidence",
)


def gpt4_to_human(data: TrainingSet) -> np.ndarray:
    """3x3 row-stochastic matrix P(human label | GPT-4 label), add-one smoothed."""
    counts = np.ones((3, 3))
    frame = data.labelled[data.labelled["gpt4"] >= 0]
    np.add.at(counts, (frame["gpt4"].to_numpy(int), frame["human"].to_numpy(int)), 1)
    return counts / counts.sum(axis=1, keepdims=True)


def model_predictions(model: TaskExposureModel, data: TrainingSet):
    """Model scores for every O*NET task; labelled tasks get their out-of-fold prediction."""
    onet = data.onet_tasks
    rows = TaskRows.from_frame(onet)
    vocabulary = model.estimator.featurizer_.vocabulary_
    cleaned = [clean_task_text(t) for t in rows.task]
    flags = [input_flags(c, cut, vocabulary) for c, cut in cleaned]
    stage1 = model.estimator.stage1(rows)
    position = {task_id: i for i, task_id in enumerate(data.labelled["task_id"])}
    for i, task_id in enumerate(onet["task_id"]):
        if task_id in position:
            stage1[i] = model.estimator.oof_stage1_[position[task_id]]
    return model.score_rows(rows, flags, [c for c, _ in cleaned], stage1=stage1)


def exposure_rows(model: TaskExposureModel | None, data: TrainingSet, catalog: Catalog) -> list[tuple]:
    """One row per O*NET task in :data:`COLUMNS` order.

    Without a model (too few labels to train one) only labelled tasks get rows, and the
    ``model_*`` columns are NULL.
    """
    scores = model_predictions(model, data) if model is not None else None
    labels = {r.task_id: r for r in catalog.task_labels() if r.in_onet}
    to_human = gpt4_to_human(data)
    version = model.model_version if model is not None else None
    rows = []
    exposure_weights = np.array([0.0, 1.0, 0.5])
    for i, (task_id, code) in enumerate(zip(data.onet_tasks["task_id"], data.onet_tasks["onet_soc_code"])):
        label = labels.get(int(task_id))
        human = _E.get(label.human_exposure or "") if label else None
        gpt4 = _E.get(label.gpt4_exposure or "") if label else None
        level = _T.get(label.gpt4_automation or "") if label else None
        if scores is None:
            if human is None and gpt4 is None:
                continue
            m_p, m_auto, m_conf = None, None, None
            model_columns: tuple[float | None, ...] = (None,) * 6
        else:
            m_p = scores.proba[i]
            m_auto, m_conf = float(scores.automation[i]), float(scores.confidence[i])
            model_columns = (*map(float, m_p), float(m_p @ exposure_weights), m_auto, m_conf)
        confidence: float | None
        if human is not None:
            provenance, p, confidence = "human", np.eye(3)[human], 1.0
        elif gpt4 is not None:
            provenance, p = "gpt4", to_human[gpt4]
            confidence = float(p.max())
        else:
            provenance, p, confidence = "model", m_p, m_conf
        automation = level / 4 if level is not None else m_auto
        if automation is None:  # a label without a T-level and no model: the labels' mean level
            automation = float(np.mean([v for v in data.labelled["automation_level"] if v >= 0] or [2]) / 4)
        rows.append(
            (
                int(task_id),
                code,
                provenance,
                *map(float, p),
                float(p @ exposure_weights),
                automation,
                confidence,
                version,
                *model_columns,
            )
        )
    return rows


def out_of_fold_metrics(model: TaskExposureModel, data: TrainingSet) -> dict:
    """Metrics of the out-of-fold predictions on the training labels (recorded in the manifest)."""
    proba, _ = model.estimator.out_of_fold(data.rows())
    return classification_metrics(data.labelled["human"].to_numpy(int), proba, data.labelled["onet_soc_code"].tolist())


def trainability_problem(data: TrainingSet) -> str | None:
    """Why a model cannot be trained on ``data`` (None when it can)."""
    frame = data.labelled
    if len(frame) < MIN_TRAINING_TASKS:
        return f"only {len(frame)} human-labelled O*NET tasks (needs >= {MIN_TRAINING_TASKS})"
    if frame["onet_soc_code"].nunique() < 2 or frame["human"].nunique() < 2:
        return "labels from fewer than 2 occupations or of a single class"
    return None


def train_and_write_task_exposure(catalog: Catalog, settings: Settings) -> None:
    """The post-build step: train on ``catalog``, save the artifact, fill ``task_exposure``.

    A catalog with too few labels (e.g. a tiny test build) gets label rows only; the reason is
    recorded in the build manifest under ``task_exposure_model`` and logged as a warning.
    """
    data = training_set(catalog, require_labels=False)
    problem = trainability_problem(data)
    if problem is not None:
        message = f"task exposure model not trained: {problem}; task_exposure holds labelled tasks only"
        logger.warning(message)
        catalog.set_manifest("task_exposure_model", {"trained": False, "reason": message})
        catalog.replace_rows("task_exposure", COLUMNS, exposure_rows(None, data, catalog))
        return
    model = train_model(catalog, data=data)
    model.manifest["metrics"] = {"out_of_fold": out_of_fold_metrics(model, data)}
    model.save(settings)
    catalog.set_manifest("task_exposure_model", {"trained": True, "model_version": model.model_version})
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # the stored rows as reproducible as the model (see train_model)
        rows = exposure_rows(model, data, catalog)
    catalog.replace_rows("task_exposure", COLUMNS, rows)
