"""Gathering the scores' inputs from the catalog: :func:`gather_inputs`.

Everything :mod:`jobrisk.scoring.scorebook` scores from (tasks, labels, task-model predictions,
work activities, descriptors, projections, published measures), read through the catalog's named
methods in one pass. The rest of scoring is pure.
"""

from __future__ import annotations

from jobrisk.field_copy import copy_fields
from jobrisk.catalog import Catalog
from jobrisk.catalog.types import Projection
from jobrisk.scoring.human_advantage import DESCRIPTOR_VALUE
from jobrisk.scoring.params import DEFAULT_PARAMS, ScoringParams
from jobrisk.scoring.scorebook import Scorebook, ScoringInputs
from jobrisk.scoring.task_exposure import SourceEstimate, TaskEvidence


def gather_inputs(catalog: Catalog) -> ScoringInputs:
    """Read every input of the scores from ``catalog`` (the only I/O of scoring)."""
    occupations = tuple(catalog.occupations())
    labels = {lab.task_id: lab for lab in catalog.task_labels()}
    exposures = {te.task_id: te for te in catalog.task_exposures()}
    dwas = catalog.task_dwas()
    importance = catalog.element_matrix("work_activities", "importance")
    observed = catalog.observed_task_use()  # latest release; absent = not observed
    evidence: dict[str, list[TaskEvidence]] = {}
    model_available = False
    for task in catalog.tasks():
        lab = labels.get(task.task_id)
        te = exposures.get(task.task_id)
        # the model's estimate: its out-of-fold prediction, else the stored one when the model made it
        model = None if te is None else te.model if te.model is not None else te if te.provenance == "model" else None
        model_available = model_available or model is not None
        links = dwas.get(task.task_id, [])
        occ_importance = importance.get(task.onet_soc_code, {})
        values = [occ_importance[d.element_id] for d in links if d.element_id in occ_importance]
        evidence.setdefault(task.onet_soc_code, []).append(
            copy_fields(
                TaskEvidence,
                task,
                lab,  # the labels, None when the task has none (their fields stay None)
                model=None
                if model is None
                else SourceEstimate("model", (model.p_e0, model.p_e1, model.p_e2), model.automation),
                model_confidence=None if model is None else model.confidence,
                iwa_ids=tuple(sorted({d.iwa_id for d in links})),
                activity_importance=sum(values) / len(values) if values else None,
                observed_automation=(use.automation_share if (use := observed.get(task.task_id)) is not None else None),
            )
        )
    profiles: dict[str, dict[str, dict[str, float]]] = {}
    for domain, value in DESCRIPTOR_VALUE.items():
        for code, row in catalog.element_matrix(domain, value).items():
            profiles.setdefault(code, {})[domain] = row
    projections: dict[str, Projection] = {}
    for occ in occupations:
        if occ.soc_code not in projections and (p := catalog.projection(occ.soc_code)) is not None:
            projections[occ.soc_code] = p
    measures = {occ.onet_soc_code: tuple(catalog.published_measures(occ.onet_soc_code)) for occ in occupations}
    return ScoringInputs(
        occupations=occupations,
        evidence={k: tuple(v) for k, v in evidence.items()},
        profiles=profiles,
        projections=projections,
        measures=measures,
        fingerprint=catalog.fingerprint(),
        model_available=model_available,
    )


def score_catalog(catalog: Catalog, params: ScoringParams = DEFAULT_PARAMS) -> Scorebook:
    """Score every occupation of ``catalog`` now (the build does this once and stores it; see
    :mod:`jobrisk.app.score_store`)."""
    return Scorebook.from_inputs(gather_inputs(catalog), params)
