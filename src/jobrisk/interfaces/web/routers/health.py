"""Liveness (``/health``) and readiness (``/ready``) endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from jobrisk._version import __version__
from jobrisk.interfaces.web.deps import get_services
from jobrisk.interfaces.web.printable import PrintableJSONResponse
from jobrisk.interfaces.web.schemas import Health, PartState, Readiness
from jobrisk.app.services import Services

router = APIRouter(tags=["health"])

# Every part a request may need: pages and the API (catalog, scores), search (title coder) and
# task scoring (task model). Ready means all are loaded; load balancers should probe /ready.
REQUIRED_PARTS = ("catalog", "scorebook", "title_coder", "task_model")


@router.get("/health", response_model=Health, summary="The process is up")
def health() -> Health:
    return Health(status="ok", version=__version__)


@router.get(
    "/ready",
    response_model=Readiness,
    summary="Every part a request needs is loaded (catalog, scores, title coder, task model)",
    responses={
        503: {
            "model": Readiness,
            "description": "Still loading, or a part failed (its message says why and when it is tried again)",
        }
    },
)
def ready(services: Services = Depends(get_services)) -> PrintableJSONResponse:
    parts = [
        PartState(name=p.name, state=p.state, message=p.message, retry_in_s=p.retry_in_s)
        for p in services.part_status()
    ]
    loaded = {p.name for p in parts if p.state == "loaded"}
    missing = [p for p in parts if p.name in REQUIRED_PARTS and p.state != "loaded"]
    is_ready = not missing and all(n in loaded for n in REQUIRED_PARTS)
    reason = (
        None
        if is_ready
        else "; ".join(f"{p.name}: {p.message}" if p.message else f"{p.name}: still loading" for p in missing)
    )
    body = Readiness(status="ready" if is_ready else "not_ready", reason=reason, parts=parts)
    return PrintableJSONResponse(body.model_dump(), status_code=200 if is_ready else 503)
