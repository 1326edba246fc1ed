"""JSON API for scoring free-text tasks with the task exposure model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends

from jobrisk.errors import InputError, JobriskError
from jobrisk.field_copy import copy_fields
from jobrisk.interfaces.web.deps import get_directory, get_services
from jobrisk.interfaces.web.errors import ERROR_RESPONSES
from jobrisk.interfaces.web.schemas import NearestActivity, NearestTask, TaskScoreRequest, TaskScoreResult
from jobrisk.interfaces.web.views import OccupationDirectory, occupation_url
from jobrisk.app.services import Services

if TYPE_CHECKING:
    from jobrisk.models.task_exposure.model import ActivityNeighbour, Neighbour

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])


def _nearest(neighbour: Neighbour, directory: OccupationDirectory) -> NearestTask:
    try:
        title: str | None = directory.row(neighbour.onet_soc_code).title
    except JobriskError:
        title = None
    return NearestTask(
        task=neighbour.task,
        onet_soc_code=neighbour.onet_soc_code,
        occupation_title=title,
        similarity=neighbour.similarity,
        exposure_label=neighbour.human_exposure,
        url=occupation_url(neighbour.onet_soc_code),
    )


def score_task(services: Services, directory: OccupationDirectory, request: TaskScoreRequest) -> TaskScoreResult:
    """Score one task text (with the occupation's context when a code is given), with its nearest
    labelled tasks and work activities when asked; raises a JobriskError (503) while the model is
    unavailable."""
    text = request.task.strip()
    if not text:
        raise InputError("Type a task to score; the text was empty.")
    if request.onet_soc_code:
        directory.row(request.onet_soc_code)  # unknown code -> 404
    model = services.task_model
    from jobrisk.models.task_exposure import word_notes

    neighbours: list[Neighbour] = []
    activities: list[ActivityNeighbour] = []
    if request.neighbours:
        explained = model.explain(text, k=request.neighbours, onet_soc_code=request.onet_soc_code or None)
        scored = explained.score
        neighbours, activities = explained.neighbours[: request.neighbours], explained.activities
    else:
        codes = [request.onet_soc_code] if request.onet_soc_code else None
        scored = model.score_texts([text], onet_soc_codes=codes)[0]
    return copy_fields(
        TaskScoreResult,
        scored,
        task=text,
        cleaned_task=scored.text,
        nearest_tasks=[_nearest(n, directory) for n in neighbours],
        word_notes=word_notes(scored, neighbours),
        nearest_activities=[NearestActivity.model_validate(a, from_attributes=True) for a in activities],
    )


@router.post("/score", response_model=TaskScoreResult, summary="Score a task's AI exposure", responses=ERROR_RESPONSES)
def score(
    body: TaskScoreRequest,
    services: Services = Depends(get_services),
    directory: OccupationDirectory = Depends(get_directory),
) -> TaskScoreResult:
    return score_task(services, directory, body)
