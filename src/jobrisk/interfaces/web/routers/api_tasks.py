"""JSON API for scoring free-text tasks with the task exposure model."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from jobrisk.errors import InputError, JobriskError
from jobrisk.interfaces.web.deps import get_directory, get_services
from jobrisk.interfaces.web.errors import ERROR_RESPONSES
from jobrisk.interfaces.web.schemas import NearestActivity, NearestTask, TaskScoreRequest, TaskScoreResult
from jobrisk.interfaces.web.views import OccupationDirectory, occupation_url
from jobrisk.app.services import Services

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])


def _get(item: Any, *names: str) -> Any:
    for name in names:
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if value is not None:
            return value
    return None


def _nearest(item: Any, directory: OccupationDirectory) -> NearestTask:
    code = _get(item, "onet_soc_code")
    title = _get(item, "occupation_title")
    if code and title is None:
        try:
            title = directory.row(code).title
        except JobriskError:
            title = None
    similarity = _get(item, "similarity")
    exposure = _get(item, "exposure")
    label = _get(item, "exposure_label", "label", "human_exposure", "gpt4_exposure")
    return NearestTask(
        task=str(_get(item, "task", "text") or ""),
        onet_soc_code=code,
        occupation_title=title,
        similarity=None if similarity is None else float(similarity),
        exposure_label=None if label is None else str(label),
        exposure=None if exposure is None else float(exposure),
        url=occupation_url(code) if code else None,
    )


def score_task(services: Services, directory: OccupationDirectory, request: TaskScoreRequest) -> TaskScoreResult:
    """Score one task text; raises a JobriskError (503) while the model is unavailable."""
    text = request.task.strip()
    if not text:
        raise InputError("Type a task to score; the text was empty.")
    if request.onet_soc_code:
        directory.row(request.onet_soc_code)  # unknown code -> 404
    model = services.task_model
    explained = None
    if request.neighbours and not request.onet_soc_code:
        explained = model.explain(text, k=request.neighbours)
        scored = _get(explained, "score") or model.score_texts([text])[0]
        nearest = [_nearest(n, directory) for n in _neighbours(explained)[: request.neighbours]]
    else:
        codes = [request.onet_soc_code] if request.onet_soc_code else None
        scored = model.score_texts([text], onet_soc_codes=codes)[0]
        nearest = []
        if request.neighbours:
            explained = model.explain(text, k=request.neighbours)
            nearest = [_nearest(n, directory) for n in _neighbours(explained)[: request.neighbours]]
    flags = _get(scored, "flags") or []
    from jobrisk.models.task_exposure import word_notes

    activities = [
        NearestActivity(
            dwa_title=a.dwa_title,
            labelled_tasks=a.labelled_tasks,
            exposed_share=a.exposed_share,
            similarity=a.similarity,
        )
        for a in (getattr(explained, "activities", None) or [])
    ]
    return TaskScoreResult(
        task=text,
        cleaned_task=_get(scored, "cleaned_text", "cleaned", "text"),
        p_e0=float(scored.p_e0),
        p_e1=float(scored.p_e1),
        p_e2=float(scored.p_e2),
        exposure=float(scored.exposure),
        automation=float(scored.automation),
        confidence=float(scored.confidence),
        flags=[str(f) for f in (flags.split(",") if isinstance(flags, str) else flags) if f],
        nearest_tasks=nearest,
        word_notes=word_notes(scored, _neighbours(explained)[: request.neighbours] if explained else ()),
        nearest_activities=activities,
    )


def _neighbours(explained: Any) -> list[Any]:
    """The nearest labelled tasks of an explanation (``.neighbours``)."""
    for name in ("neighbours", "neighbors", "nearest"):
        inner = _get(explained, name)
        if inner is not None:
            return list(inner)
    return list(explained)


@router.post("/score", response_model=TaskScoreResult, summary="Score a task's AI exposure", responses=ERROR_RESPONSES)
def score(
    body: TaskScoreRequest,
    services: Services = Depends(get_services),
    directory: OccupationDirectory = Depends(get_directory),
) -> TaskScoreResult:
    return score_task(services, directory, body)
