"""Liveness (``/health``) and readiness (``/ready``) endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from jobrisk._version import __version__
from jobrisk.interfaces.web.deps import get_services
from jobrisk.interfaces.web.schemas import Health, PartState, Readiness
from jobrisk.app.services import Services

router = APIRouter(tags=["health"])

# Parts without which occupation pages cannot be served.
REQUIRED_PARTS = ("catalog", "scorebook")
# Parts that must at least have been tried (title search falls back to word matching without it).
TRIED_PARTS = ("title_coder",)


@router.get("/health", response_model=Health, summary="The process is up")
def health() -> Health:
    return Health(status="ok", version=__version__)


@router.get("/ready", response_model=Readiness,
            summary="The catalog and scores are loaded and the title coder tried",
            responses={503: {"model": Readiness, "description": "Still loading or a part failed"}})
def ready(services: Services = Depends(get_services)) -> JSONResponse:
    parts = [PartState(name=p.name, state=p.state, message=p.message) for p in services.part_status()]
    loaded = {p.name for p in parts if p.state == "loaded"}
    tried = loaded | {p.name for p in parts if p.state == "failed"}
    is_ready = all(n in loaded for n in REQUIRED_PARTS) and all(n in tried for n in TRIED_PARTS)
    body = Readiness(status="ready" if is_ready else "not_ready", parts=parts)
    return JSONResponse(body.model_dump(), status_code=200 if is_ready else 503)
