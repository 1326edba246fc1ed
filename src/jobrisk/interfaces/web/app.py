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

from fastapi import APIRouter, Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.routing import Match

from jobrisk._version import __version__
from jobrisk.errors import JobriskError
from jobrisk.interfaces.web.config import WebConfig
from jobrisk.interfaces.web.errors import ErrorBody, UnexpectedErrorMiddleware, install_error_handlers
from jobrisk.interfaces.web.logs import RequestLogMiddleware, RequestsInFlight
from jobrisk.interfaces.web.occupation_pages import OccupationPages
from jobrisk.interfaces.web.printable import PrintableJSONResponse
from jobrisk.interfaces.web.query_params import single_valued_query
from jobrisk.interfaces.web.rendering import STATIC_DIR, make_templates
from jobrisk.interfaces.web.routers import (
    about,
    api_occupations,
    api_tasks,
    api_titles,
    audits,
    career,
    health,
    org,
    pages,
)
from jobrisk.interfaces.web.security import CsrfProtection, RateLimiter, SecurityMiddleware, TrustedProxies, rate_limit
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
    org.api_router,
    career.api_router,
    pages.router,
    audits.router,
    org.router,
    career.router,
    about.router,
]

# Routers whose routes are not rate limited: probes must always answer, and the information
# pages (methodology, sources, API docs) are static text. Every other router's routes get the
# rate_limit dependency (after routing, so a wrong method is 405, not 429).
UNLIMITED_ROUTERS: list[APIRouter] = [health.router, about.router]

# The main menu: (path, label). A new product adds its entry here.
SITE_NAV: list[tuple[str, str]] = [
    ("/", "Search"),
    ("/occupations", "Browse"),
    ("/tasks/score", "Score a task"),
    ("/audit/career", "Audit my job"),
    ("/audits", "Business audit"),
    ("/methodology", "Methodology"),
    ("/sources", "Data sources"),
    ("/docs", "API"),
]

#: Calls to action on the home page and every report: (path, label, text), shown only when the
#: app serves the path (see :func:`audit_links`), so nothing links to a missing page.
AUDIT_LINKS: list[tuple[str, str, str]] = [
    ("/audit/career", "Audit your own job", "Score your own tasks and see which to hand off and which to grow."),
    ("/audits", "Audit your team", "Upload your team's job titles and see where AI reaches the work."),
]

DESCRIPTION = """Will AI replace my job? Task-level AI exposure and risk for every O*NET occupation,
from public data. Every HTML page has a JSON twin here. Missing values are `null`, never zero;
errors share one format: `{"error": {"status", "code", "message", "details"}}`."""


def _warm(app: FastAPI, prerender: bool, stop: threading.Event) -> None:
    """Load what pages need first (catalog, scores, report context, and the templates, by
    rendering one occupation page), then the title coder and the task model (after which
    ``/ready`` says ready), then render every occupation page, one at a time while no request
    is being answered, then build the occupation space of the audits' moves. A part that
    failed is tried again after its back-off until it loads or the app stops; nothing here may
    end the thread with an exception."""
    services: Services = app.state.services
    try:
        _warm_once(app, services)
        if prerender and "scorebook" not in services.failed_parts():
            _prerender(app, stop)
        # a second or two of work that would slow any page answered meanwhile: started when none is
        app.state.requests_in_flight.wait_for_none(stop)
        if not stop.is_set():
            services.prepare_audits()
        while not stop.is_set():
            wait_s = services.next_retry_in_s()
            if wait_s is None:
                return
            if not stop.wait(max(wait_s, 0.5)):
                _warm_once(app, services)
    except Exception:  # noqa: BLE001 - a warm-up failure must be logged, never kill silently
        log.exception("warm-up failed")


def _warm_once(app: FastAPI, services: Services) -> None:
    services.warm_up(("catalog", "scorebook"))
    try:
        rows = app.state.directory.rows()
    except JobriskError:
        pass
    else:
        services.prepare_reports()
        if rows:
            app.state.occupation_pages.prerender([rows[0].onet_soc_code])
    services.warm_up(("title_coder", "task_model"))
    limit_native_threads(app.state.config.native_threads)  # reaches the libraries the models loaded


def limit_native_threads(threads: int | None) -> None:
    """Cap the BLAS and OpenMP thread pools of the native libraries loaded so far at ``threads``."""
    if threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads)


def _prerender(app: FastAPI, stop: threading.Event) -> None:
    start = time.perf_counter()
    in_flight: RequestsInFlight = app.state.requests_in_flight
    rendered = app.state.occupation_pages.prerender(
        [row.onet_soc_code for row in app.state.directory.rows()], before_each=lambda: in_flight.wait_for_none(stop)
    )
    log.info(
        "pre-rendered occupation pages",
        extra={"pages": rendered, "duration_ms": round((time.perf_counter() - start) * 1000)},
    )


#: Statuses any operation can answer, added to every operation of the OpenAPI schema.
LIMIT_STATUSES = {
    "400": "Malformed request (a body or header that cannot be parsed)",
    "413": "Request body too large",
    "414": "Address (URL) too long",
    "422": "Invalid input",
    "429": "Too many requests (see Retry-After)",
}


def _openapi_with_limits(app: FastAPI) -> dict:
    """The OpenAPI schema, with the limits every route enforces (400/413/414/422, 429 where
    limited) documented on each operation in the one error format."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorBody" not in schemas:
        body_schema = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(body_schema.pop("$defs", {}))
        schemas["ErrorBody"] = body_schema
    unlimited = {route.path for r in UNLIMITED_ROUTERS for route in r.routes}  # type: ignore[attr-defined]
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, text in LIMIT_STATUSES.items():
                if status == "429" and path in unlimited:
                    continue
                if status not in responses or status == "422":
                    responses[status] = {"description": responses.get(status, {}).get("description", text), **error}
    app.openapi_schema = schema
    return schema


def serves_page(app: FastAPI, path: str) -> bool:
    """True when a GET of ``path`` reaches one of the app's routes (asked of the router itself)."""
    scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "query_string": b"", "headers": []}
    return any(route.matches(scope)[0] == Match.FULL for route in app.router.routes)


def audit_links(app: FastAPI) -> list[tuple[str, str, str]]:
    """The calls to action whose pages this app serves."""
    return [link for link in AUDIT_LINKS if serves_page(app, link[0])]


def create_app(
    settings: Settings | None = None, *, services: Services | None = None, config: WebConfig | None = None
) -> FastAPI:
    """Build the web app over ``services`` (default: ``Services(settings)``, loaded lazily)."""
    config = config or WebConfig()
    services = services or Services(settings)
    limit_native_threads(config.native_threads)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        if config.warm_up:
            threading.Thread(
                target=_warm, args=(app, config.prerender, stop), name="jobrisk-warm-up", daemon=True
            ).start()
        yield
        stop.set()

    app = FastAPI(
        title="jobrisk",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        default_response_class=PrintableJSONResponse,
    )
    templates = make_templates()
    templates.env.globals["site_nav"] = SITE_NAV
    directory = OccupationDirectory(services)
    app.state.config = config
    app.state.services = services
    app.state.directory = directory
    app.state.requests_in_flight = RequestsInFlight()
    app.state.templates = templates
    app.state.csrf = CsrfProtection(config.secret_key)
    app.state.occupation_pages = OccupationPages(services, directory, templates.env, config.page_cache_size)
    TrustedProxies(config.forwarded_allow_ips)  # a malformed address fails here, at start-up
    app.state.rate_limiter = (
        RateLimiter(config.rate_limit_per_minute, config.rate_limit_burst, max_clients=config.rate_limit_clients)
        if config.rate_limit
        else None
    )
    install_error_handlers(app)
    for router in ROUTERS:
        limited = router not in UNLIMITED_ROUTERS
        checks = [Depends(rate_limit)] if limited else []
        app.include_router(router, dependencies=[*checks, Depends(single_valued_query)])
    app.openapi = lambda: _openapi_with_limits(app)  # type: ignore[method-assign]
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    templates.env.globals["audit_links"] = audit_links(app)
    # Added last = outermost: the request log times everything, including refused requests.
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(SecurityMiddleware, config=config)
    app.add_middleware(RequestLogMiddleware, in_flight=app.state.requests_in_flight)
    return app
