"""HTML pages: home and title search, occupation reports, browse, compare, score a task.

Each page has a JSON twin under ``/api/v1`` built from the same objects. Pages that depend on
a part still loading or missing render with a clear notice instead of failing.
"""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from jobrisk.app.services import Services
from jobrisk.errors import InputError, JobriskError
from jobrisk.interfaces.web.deps import get_csrf, get_directory, get_services, get_templates
from jobrisk.interfaces.web.errors import status_for
from jobrisk.interfaces.web.routers.api_occupations import CODE_PATTERN
from jobrisk.interfaces.web.routers.api_tasks import score_task
from jobrisk.interfaces.web.routers.api_titles import MAX_TITLE_CHARS, search_titles
from jobrisk.interfaces.web.schemas import TaskScoreRequest
from jobrisk.interfaces.web.security import CsrfProtection
from jobrisk.interfaces.web.views import SORT_KEYS, OccupationDirectory, parse_codes
from jobrisk.reports.occupation.resolve import confident, title_resolution

router = APIRouter(include_in_schema=False)

EXAMPLE_TITLES = ("Data scientist", "Paralegal", "Truck driver", "Nurse", "Translator", "Roofer")
SCATTER_Y = {
    "wage": ("annual_median_wage_usd", "Median annual wage (USD)", "usd"),
    "growth": ("employment_change_pct", "Projected employment change 2024-2034 (%)", "pct"),
}


def render(
    request: Request, templates: Jinja2Templates, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, templates: Jinja2Templates = Depends(get_templates)) -> HTMLResponse:
    return render(request, templates, "home.html", {"examples": EXAMPLE_TITLES})


def from_title_url(query: str) -> Callable[[str], str]:
    """Report links that keep the typed title, so the report can say how it was reached."""
    return lambda code: f"/occupations/{code}?{urlencode({'q': query})}"


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = Query("", max_length=MAX_TITLE_CHARS),
    services: Services = Depends(get_services),
    directory: OccupationDirectory = Depends(get_directory),
    templates: Jinja2Templates = Depends(get_templates),
) -> Response:
    """A confident match opens its report; an uncertain one offers the candidates once; no match
    says so and offers browsing."""
    query = q.strip()
    context: dict[str, Any] = {"q": query, "result": None, "resolution": None, "examples": EXAMPLE_TITLES}
    if query:
        try:
            coder = services.title_coder
        except JobriskError:
            context["result"] = search_titles(services, directory, query, limit=8)
            return render(request, templates, "search.html", context)
        match = coder.code(query)
        if confident(match) and match.onet_soc_code is not None:
            return RedirectResponse(from_title_url(query)(match.onet_soc_code), status_code=303)
        with services.catalog_lock:
            context["resolution"] = title_resolution(services.catalog, match, query, from_title_url(query))
    return render(request, templates, "search.html", context)


@router.get("/occupations/{onet_soc_code}", response_class=HTMLResponse)
async def occupation_page(
    request: Request,
    onet_soc_code: str = Path(..., pattern=CODE_PATTERN),
    q: str = Query("", max_length=MAX_TITLE_CHARS),
) -> Response:
    pages = request.app.state.occupation_pages
    query = q.strip()
    if query:
        body = await run_in_threadpool(_page_from_title, request.app.state.services, pages, onet_soc_code, query)
        return Response(body, media_type="text/html; charset=utf-8")
    body = pages.cached_html(onet_soc_code)
    if body is None:
        body = await run_in_threadpool(pages.html, onet_soc_code)
    return Response(body, media_type="text/html; charset=utf-8")


def _page_from_title(services: Services, pages: Any, code: str, query: str) -> bytes:
    """The report page reached from a typed title: it names the title and the other close matches."""
    try:
        coder = services.title_coder
    except JobriskError:
        return pages.html(code)
    match = coder.code(query)
    with services.catalog_lock:
        resolution = title_resolution(services.catalog, match, query, from_title_url(query), chosen_code=code)
    return pages.html_with_resolution(code, resolution)


@router.get("/occupations", response_class=HTMLResponse)
def browse(
    request: Request,
    page: int = Query(1, ge=1, le=10_000),
    per_page: int = Query(50, ge=10, le=200),
    sort: str = Query("risk_score", max_length=40),
    order: str | None = Query(None, max_length=4),
    major_group: str | None = Query(None, max_length=2),
    band: str | None = Query(None, max_length=40),
    q: str | None = Query(None, max_length=200),
    directory: OccupationDirectory = Depends(get_directory),
    templates: Jinja2Templates = Depends(get_templates),
) -> HTMLResponse:
    listing = directory.page(
        page=page,
        per_page=per_page,
        sort=sort,
        order=order or None,
        major_group=major_group or None,
        band=band or None,
        q=q or None,
        base_path="/occupations",
    )
    return render(
        request,
        templates,
        "browse.html",
        {
            "listing": listing,
            "groups": directory.major_groups(),
            "bands": directory.bands(),
            "sort_keys": SORT_KEYS,
            "filters": {"major_group": major_group or "", "band": band or "", "q": q or ""},
        },
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    codes: list[str] = Query([], max_length=20),
    y: str = Query("wage", pattern="^(wage|growth)$"),
    directory: OccupationDirectory = Depends(get_directory),
    templates: Jinja2Templates = Depends(get_templates),
) -> HTMLResponse:
    chosen = parse_codes(codes)
    try:
        result = directory.compare(chosen)
    except InputError as exc:
        return render(
            request, templates, "compare.html", {"result": None, "error": str(exc), "codes": chosen}, status_code=422
        )
    y_field, y_label, _ = SCATTER_Y[y]
    highlighted = {r.onet_soc_code for r in result.occupations}
    points = directory.scatter_points(y_field)
    return render(
        request,
        templates,
        "compare.html",
        {
            "result": result,
            "error": None,
            "codes": chosen,
            "y": y,
            "y_field": y_field,
            "y_label": y_label,
            "points": points,
            "highlighted": highlighted,
        },
    )


@router.get("/charts/exposure-{y}.svg")
async def scatter_cloud(request: Request, y: str = Path(..., pattern="^(wage|growth)$")) -> Response:
    """The grey cloud of all occupations behind the scatter charts (one file, cached by browsers)."""
    y_field, y_label, y_format = SCATTER_Y[y]
    pages = request.app.state.occupation_pages
    svg = await run_in_threadpool(pages.cloud_svg, y_field, y_label, y_format)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=300"})


def _score_page(
    request: Request, templates: Jinja2Templates, csrf: CsrfProtection, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    return csrf.form_page(request, templates, "score_task.html", context, status_code)


@router.get("/tasks/score", response_class=HTMLResponse)
def score_task_form(
    request: Request,
    task: str = Query("", max_length=1000),
    services: Services = Depends(get_services),
    directory: OccupationDirectory = Depends(get_directory),
    templates: Jinja2Templates = Depends(get_templates),
    csrf: CsrfProtection = Depends(get_csrf),
) -> HTMLResponse:
    """The form, and with ``?task=...`` its result: a GET, so a result has a URL to share."""
    if not task.strip():
        return _score_page(request, templates, csrf, {"task": "", "result": None, "error": None})
    return _scored(request, task, services, directory, templates, csrf)


def _scored(
    request: Request,
    task: str,
    services: Services,
    directory: OccupationDirectory,
    templates: Jinja2Templates,
    csrf: CsrfProtection,
) -> HTMLResponse:
    context: dict[str, Any] = {"task": task, "result": None, "error": None}
    status = 200
    if not task.strip():
        context["error"] = "Type a task to score, for example “Answer customer questions by email”."
        status = 422
    else:
        try:
            request_body = TaskScoreRequest.model_validate({"task": task.strip()})
            context["result"] = score_task(services, directory, request_body)
        except JobriskError as exc:
            status = status_for(exc)[0]
            context["error"] = str(exc)
    return _score_page(request, templates, csrf, context, status)


@router.post("/tasks/score", response_class=HTMLResponse)
def score_task_submit(
    request: Request,
    task: str = Form("", max_length=1000),
    csrf_token: str = Form(""),
    services: Services = Depends(get_services),
    directory: OccupationDirectory = Depends(get_directory),
    templates: Jinja2Templates = Depends(get_templates),
    csrf: CsrfProtection = Depends(get_csrf),
) -> HTMLResponse:
    csrf.verify(request, csrf_token)
    return _scored(request, task, services, directory, templates, csrf)
