"""The career audit on the web: form, result page (shareable link, PDF, JSON) and the JSON API.

- ``GET /audit/career`` — step 1 asks for a job title or code; with ``?code=`` (or a matched
  ``?title=``) the form lists the occupation's tasks with their default shares; ``?p=`` refills it
  from a shared audit.
- ``POST /audit/career`` — the submitted form; redirects (303) to the result's shareable link.
- ``GET /audit/career/result?p=TOKEN[&format=pdf|json]`` — the audit of the profile the link
  carries (nothing is stored on the server).
- ``POST /api/v1/audits/career`` — a :class:`CareerProfile` as JSON, the :class:`CareerAudit` back.
"""

from __future__ import annotations


from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from jobrisk.app.career_audit import run_career_audit
from jobrisk.errors import JobriskError
from jobrisk.interfaces.web.career_form import build_form, profile_from_form
from jobrisk.interfaces.web.deps import get_csrf, get_services, get_templates
from jobrisk.interfaces.web.errors import ERROR_RESPONSES, status_for
from jobrisk.interfaces.web.printable import PrintableJSONResponse
from jobrisk.interfaces.web.security import CsrfProtection
from jobrisk.reports.career.model import CareerAudit
from jobrisk.reports.career.profile import MAX_SHARE_TOKEN_CHARS, CareerProfile, decode_profile, encode_profile
from jobrisk.reports.occupation.resolve import AmbiguousTitleError, resolve_query
from jobrisk.app.services import Services

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1/audits", tags=["audits"])
FORM_PATH = "/audit/career"
RESULT_PATH = "/audit/career/result"


def _start(
    request: Request,
    templates: Jinja2Templates,
    csrf: CsrfProtection,
    *,
    title: str = "",
    error: str | None = None,
    candidates: list | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return csrf.form_page(
        request,
        templates,
        "career_form.html",
        {"form": None, "title": title, "error": error, "candidates": candidates or []},
        status_code,
    )


@router.get(FORM_PATH, response_class=HTMLResponse)
def career_form(
    request: Request,
    code: str = Query("", max_length=10, pattern=r"^(\d{2}-\d{4}\.\d{2})?$"),
    title: str = Query("", max_length=200),
    p: str = Query("", max_length=MAX_SHARE_TOKEN_CHARS),
    services: Services = Depends(get_services),
    templates: Jinja2Templates = Depends(get_templates),
    csrf: CsrfProtection = Depends(get_csrf),
) -> HTMLResponse:
    profile: CareerProfile | None = None
    resolution = None
    try:
        if p:
            profile = decode_profile(p)
            code = profile.onet_soc_code or code
            title = profile.title or title
        if not code and title.strip():
            code, resolution = resolve_query(services.catalog, title, lambda: services.title_coder)
        if not code:
            return _start(request, templates, csrf, title=title)
        form = build_form(services, code, title, profile)
    except AmbiguousTitleError as exc:
        return _start(
            request,
            templates,
            csrf,
            title=title,
            candidates=exc.resolution.candidates,
            error=f"Which of these is your job? We could not tell from “{title}” alone.",
            status_code=200,
        )
    except JobriskError as exc:
        return _start(request, templates, csrf, title=title, error=str(exc), status_code=status_for(exc)[0])
    return csrf.form_page(
        request,
        templates,
        "career_form.html",
        {"form": form, "resolution": resolution, "error": None, "candidates": []},
    )


@router.post(FORM_PATH, response_class=HTMLResponse)
async def career_submit(
    request: Request,
    services: Services = Depends(get_services),
    templates: Jinja2Templates = Depends(get_templates),
    csrf: CsrfProtection = Depends(get_csrf),
) -> Response:
    posted = await csrf.verified_form(request)
    single = {k: str(v) for k, v in posted.items()}
    multi = {k: [str(v) for v in posted.getlist(k)] for k in ("skill", "tool")}
    code = single.get("onet_soc_code", "")
    try:
        form = await run_in_threadpool(build_form, services, code, single.get("title", ""))
        defaults = {t.task_id: t.default_pct for t in form.tasks}
        profile = profile_from_form(single, multi, defaults)
        token = encode_profile(profile)
        if token is not None:
            return RedirectResponse(f"{RESULT_PATH}?p={token}", status_code=303)
        audit = await run_in_threadpool(run_career_audit, services, profile)
    except JobriskError as exc:
        status = status_for(exc)[0]
        if not code:
            return _start(request, templates, csrf, error=str(exc), status_code=status)
        try:
            form = await run_in_threadpool(build_form, services, code, single.get("title", ""))
        except JobriskError:
            return _start(request, templates, csrf, error=str(exc), status_code=status)
        form.errors.append(str(exc))
        return csrf.form_page(
            request, templates, "career_form.html", {"form": form, "error": None, "candidates": []}, status
        )
    return templates.TemplateResponse(request, "career_result.html", {"audit": audit, "live": True})


@router.get(RESULT_PATH, response_class=HTMLResponse)
async def career_result(
    request: Request,
    p: str = Query(..., min_length=1, max_length=MAX_SHARE_TOKEN_CHARS),
    format: str = Query("html", pattern="^(html|pdf|json)$"),
    services: Services = Depends(get_services),
    templates: Jinja2Templates = Depends(get_templates),
) -> Response:
    profile = decode_profile(p)
    audit = await run_in_threadpool(run_career_audit, services, profile)
    if format == "json":
        return PrintableJSONResponse(audit.model_dump(mode="json"))
    if format == "pdf":
        from jobrisk.reports.career.html import render_pdf

        pdf = await run_in_threadpool(render_pdf, audit)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="career-audit-{audit.occupation.onet_soc_code}.pdf"'
            },
        )
    share_url = str(request.url.replace(query=f"p={p}"))
    return templates.TemplateResponse(
        request, "career_result.html", {"audit": audit, "live": True, "share_url": share_url}
    )


@api_router.post(
    "/career",
    response_model=CareerAudit,
    summary="Audit your own job: personal AI risk, career moves and a 30/90-day plan",
    responses=ERROR_RESPONSES,
)
def career_audit_api(body: CareerProfile, services: Services = Depends(get_services)) -> CareerAudit:
    """The career audit of a profile (see ``CareerProfile``). An unsure job title answers 422 with the
    candidate occupations in ``error.details``; pass one as ``onet_soc_code``."""
    return run_career_audit(services, body)  # an unsure title: AmbiguousTitleError, its candidates in details
