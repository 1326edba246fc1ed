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
    from jobrisk.models.task_exposure.explanation import Neighbour

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])


def _nearest(neighbour: Neighbour, directory: OccupationDirectory) -> NearestTask:
    try:
        title: str | None = directory.row(neighbour.onet_soc_code).title
    except JobriskError:
        title = neighbour.occupation or None
    return NearestTask(
        task=neighbour.task,
        onet_soc_code=neighbour.onet_soc_code,
        occupation_title=title,
        similarity=neighbour.similarity,
        exposure_label=neighbour.human_exposure,
        url=occupation_url(neighbour.onet_soc_code),
        source=neighbour.source,
        source_label=neighbour.source_label,
        shared_words=list(neighbour.shared),
    )


def score_task(services: Services, directory: OccupationDirectory, request: TaskScoreRequest) -> TaskScoreResult:
    """Score one task text (with the occupation's context when a code is given), with the nearest
    labelled tasks and work activities about the same work when asked; raises a JobriskError (503) while the model is
    unavailable."""
    text = request.task.strip()
    if not text:
        raise InputError("Type a task to score; the text was empty.")
    if request.onet_soc_code:
        directory.row(request.onet_soc_code)  # unknown code -> 404
    model = services.task_model
    code = request.onet_soc_code or None
    if request.neighbours:
        explained = model.explain(text, k=request.neighbours, onet_soc_code=code)
    else:
        from jobrisk.models.task_exposure.explanation import TaskExplanation, word_notes

        scored = model.score_texts([text], onet_soc_codes=None if code is None else [code])[0]
        explained = TaskExplanation(scored, [], [], word_notes(scored))
    scored = explained.score
    return copy_fields(
        TaskScoreResult,
        scored,
        task=text,
        cleaned_task=scored.text,
        nearest_tasks=[_nearest(n, directory) for n in explained.neighbours[: request.neighbours]],
        word_notes=explained.word_notes,
        nearest_activities=[
            NearestActivity(
                dwa_title=a.dwa_title,
                labelled_tasks=a.labelled_tasks,
                exposed_share=a.exposed_share,
                similarity=a.similarity,
                shared_words=list(a.shared),
            )
            for a in explained.activities
        ],
        same_work_notes=explained.same_work_notes + explained.activity_notes,
    )


@router.post("/score", response_model=TaskScoreResult, summary="Score a task's AI exposure", responses=ERROR_RESPONSES)
def score(
    body: TaskScoreRequest,
    services: Services = Depends(get_services),
    directory: OccupationDirectory = Depends(get_directory),
) -> TaskScoreResult:
    return score_task(services, directory, body)
