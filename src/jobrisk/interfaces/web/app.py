"""The web application factory: :func:`create_app`.

One FastAPI app serves the HTML pages and the versioned JSON API (``/api/v1``) from the same
objects. Everything it needs hangs off ``app.state``: ``services`` (catalog, models, scores,
reports), ``directory`` (occupation rows for lists), ``occupation_pages`` (cached report pages),
``templates`` and ``csrf``. A new product (such as the career or business audit) plugs in as
one router module in ``routers/`` plus its templates (extending ``base.html``): add the router
to :data:`ROUTERS` and its entry page to :data:`SITE_NAV`; its JSON routes go under
``/api/v1/`` and get the error format, limits and logs of every other route.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from jobrisk._version import __version__
from jobrisk.errors import JobriskError
from jobrisk.interfaces.web.config import WebConfig
from jobrisk.interfaces.web.errors import install_error_handlers
from jobrisk.interfaces.web.logs import RequestLogMiddleware
from jobrisk.interfaces.web.occupation_pages import OccupationPages
from jobrisk.interfaces.web.rendering import STATIC_DIR, make_templates
from jobrisk.interfaces.web.routers import (
    about,
    api_occupations,
    api_tasks,
    api_titles,
    audits,
    career,
    health,
    pages,
)
from jobrisk.interfaces.web.security import CsrfProtection, SecurityMiddleware
from jobrisk.interfaces.web.views import OccupationDirectory
from jobrisk.app.services import Services
from jobrisk.settings import Settings

log = logging.getLogger("jobrisk.web")

ROUTERS: list[APIRouter] = [
    health.router,
    api_occupations.router,
    api_titles.router,
    api_tasks.router,
    about.api_router,
    audits.api_router,
    career.api_router,
    pages.router,
    audits.router,
    career.router,
    about.router,
]

# The main menu: (path, label). A new product adds its entry here.
SITE_NAV: list[tuple[str, str]] = [
    ("/", "Search"), ("/occupations", "Browse"), ("/tasks/score", "Score a task"),
    ("/audit/career", "Audit my job"), ("/audits", "Business audit"),
    ("/methodology", "Methodology"), ("/sources", "Data sources"), ("/docs", "API"),
]

DESCRIPTION = """Will AI replace my job? Task-level AI exposure and risk for every O*NET occupation,
from public data. Every HTML page has a JSON twin here. Missing values are `null`, never zero;
errors share one format: `{"error": {"status", "code", "message", "details"}}`."""


def _warm(app: FastAPI, prerender: bool) -> None:
    """Load what pages need first (catalog, scores, report context), then the title coder (after
    which ``/ready`` says ready), then render every occupation page in the background."""
    services: Services = app.state.services
    services.warm_up(("catalog", "scorebook"))
    try:
        app.state.directory.rows()
    except JobriskError as exc:
        log.warning("warm-up stopped: %s", exc)
        return
    services.prepare_reports()
    services.warm_up(("title_coder",))
    if prerender:
        start = time.perf_counter()
        rendered = app.state.occupation_pages.prerender(
            [row.onet_soc_code for row in app.state.directory.rows()])
        log.info("pre-rendered occupation pages", extra={
            "pages": rendered, "duration_ms": round((time.perf_counter() - start) * 1000)})


def create_app(settings: Settings | None = None, *, services: Services | None = None,
               config: WebConfig | None = None) -> FastAPI:
    """Build the web app over ``services`` (default: ``Services(settings)``, loaded lazily)."""
    config = config or WebConfig()
    services = services or Services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if config.warm_up:
            threading.Thread(target=_warm, args=(app, config.prerender), name="jobrisk-warm-up",
                             daemon=True).start()
        yield

    app = FastAPI(title="jobrisk", version=__version__, description=DESCRIPTION,
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None, lifespan=lifespan)
    templates = make_templates()
    templates.env.globals["site_nav"] = SITE_NAV
    directory = OccupationDirectory(services)
    app.state.config = config
    app.state.services = services
    app.state.directory = directory
    app.state.templates = templates
    app.state.csrf = CsrfProtection(config.secret_key)
    app.state.occupation_pages = OccupationPages(services, directory, templates.env,
                                                 config.page_cache_size)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    # Added last = outermost: the request log times everything, including refused requests.
    app.add_middleware(SecurityMiddleware, config=config)
    app.add_middleware(RequestLogMiddleware)
    return app
