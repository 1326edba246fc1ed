"""Business roster audits: the JSON API (``/api/v1/audits``) and the pages (``/audits``).

Thin shells over :class:`jobrisk.app.roster_jobs.RosterAudits`. API requests authenticate with
``Authorization: Bearer <API key>``. The pages sign in once with the key: the server starts a web
session (application database: random token stored hashed, 8-hour expiry, ended by signing out or
by revoking the key) and the browser keeps only the session token, in an HTTP-only,
SameSite=Strict cookie; the key itself is never kept in the browser. Without a valid key or
session: 401. Another organisation's audit, or an id that does not exist: 404 alike.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Form, Path, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from jobrisk.errors import InputError, NotAuthenticatedError
from jobrisk.interfaces.web.deps import Csrf, Templates, get_services
from jobrisk.interfaces.web.errors import ERROR_RESPONSES, status_for
from jobrisk.interfaces.web.path_ids import AUDIT, AuditId
from jobrisk.interfaces.web.security import CSRF_FIELD
from jobrisk.app.services import Services

if TYPE_CHECKING:  # the application database (SQLAlchemy) is imported by the first audit request
    from jobrisk.app.roster_jobs import RosterAudits
    from jobrisk.appdb import Principal

api_router = APIRouter(prefix="/api/v1/audits", tags=["audits"])
router = APIRouter(include_in_schema=False)

SESSION_COOKIE = "jobrisk_session"
EXPORTS = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
AUTH_RESPONSES = {**ERROR_RESPONSES, 401: {"model": ERROR_RESPONSES[404]["model"], "description": "No valid API key"}}
FORBIDDEN = {"model": ERROR_RESPONSES[404]["model"], "description": "Your member role does not allow this"}
_lock = threading.Lock()


def get_audits(request: Request, services: Services = Depends(get_services)) -> RosterAudits:
    """The app's :class:`RosterAudits`, created on first use (application database + parts)."""
    state = request.app.state
    audits = getattr(state, "roster_audits", None)
    if audits is None:
        with _lock:
            audits = getattr(state, "roster_audits", None)
            if audits is None:
                from jobrisk.app.roster_audit import parts_from_services
                from jobrisk.app.roster_jobs import RosterAudits
                from jobrisk.appdb import AppRepository

                settings = services.settings
                # An app built without settings (embedded, tests) gets an empty in-memory database.
                url = settings.app_database_url if settings is not None else "sqlite://"
                holder: dict[str, Any] = {}

                def parts():
                    if "parts" not in holder:
                        holder["parts"] = parts_from_services(services)
                    return holder["parts"]

                audits = RosterAudits(AppRepository.open(url), parts)
                state.roster_audits = audits
    return audits


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def api_who(request: Request, audits: RosterAudits = Depends(get_audits)) -> Principal:
    """Who the request's API key acts for (401 without a valid one)."""
    return audits.authenticate(_bearer(request))


#: The parameters most routes here take: who the API key acts for, and the audits. (At run time
#: the two classes are not imported: FastAPI needs only the dependency.)
if TYPE_CHECKING:
    ApiWho = Annotated[Principal, Depends(api_who)]
    Audits = Annotated[RosterAudits, Depends(get_audits)]
else:
    ApiWho = Annotated[object, Depends(api_who)]
    Audits = Annotated[object, Depends(get_audits)]


def page_who(request: Request, audits: RosterAudits, *, touch: bool = True) -> Principal | None:
    """Who the browser's web session acts for, or None (``touch=False``: only reads)."""
    return audits.signed_in(request.cookies.get(SESSION_COOKIE), touch=touch)


# ---------------------------------------------------------------------------------------- API
@api_router.post(
    "/roster", status_code=201, responses=AUTH_RESPONSES, summary="Upload a roster (CSV or XLSX) and audit it"
)
async def api_create_roster_audit(
    who: ApiWho,
    audits: Audits,
    file: UploadFile = File(..., description="The roster: CSV or XLSX with a job title column."),
    sheet: str | None = Form(None, description="Workbook sheet (default: the first)."),
    wait: bool = Form(True, description="Answer when the audit is done (false: at once; poll GET)."),
) -> dict:
    data = await file.read()
    audit_id = await run_in_threadpool(audits.submit, who, data, file.filename, sheet=sheet, wait=wait)
    progress = audits.progress(who, audit_id)
    return {"id": audit_id, "status": progress.status, "error": progress.error, "url": f"/api/v1/audits/{audit_id}"}


@api_router.get("", responses=AUTH_RESPONSES, summary="Your organisation's audits")
def api_list_audits(who: ApiWho, audits: Audits) -> dict:
    return {"audits": audits.list(who)}


@api_router.get(f"/{AUDIT}", responses=AUTH_RESPONSES, summary="An audit's report")
def api_get_audit(audit_id: AuditId, who: ApiWho, audits: Audits) -> dict:
    return audits.report_data(who, audit_id)


@api_router.delete(
    f"/{AUDIT}", status_code=204, responses={**AUTH_RESPONSES, 403: FORBIDDEN}, summary="Delete an audit (owners only)"
)
def api_delete_audit(audit_id: AuditId, who: ApiWho, audits: Audits) -> Response:
    audits.delete(who, audit_id)
    return Response(status_code=204)


@api_router.get(
    f"/{AUDIT}/progress",
    responses=AUTH_RESPONSES,
    summary="How far an audit has got (reads only: polling writes nothing)",
)
def api_audit_progress(request: Request, audit_id: AuditId, audits: Audits) -> dict:
    who = _who_from_either(request, audits, touch=False)
    p = audits.progress(who, audit_id)
    return {"id": p.audit_id, "status": p.status, "step": p.step, "progress": round(p.share, 2), "error": p.error}


@api_router.post(f"/{AUDIT}/assumptions", responses=AUTH_RESPONSES, summary="Change assumptions and recompute")
def api_change_assumptions(
    audit_id: AuditId,
    who: ApiWho,
    audits: Audits,
    changes: dict[str, float] = Body(..., examples=[{"adoption_share": 0.3}]),
) -> dict:
    return audits.change_assumptions(who, audit_id, changes).as_dict()


@api_router.post(
    f"/{AUDIT}/mapping",
    responses=AUTH_RESPONSES,
    summary="Correct title mappings (kept for your later audits) and recompute",
)
def api_correct_mapping(
    audit_id: AuditId,
    who: ApiWho,
    audits: Audits,
    corrections: dict[str, str] = Body(..., embed=True, examples=[{"store associate": "41-2031.00"}]),
) -> dict:
    return audits.correct_mapping(who, audit_id, corrections).as_dict()


@api_router.get(f"/{AUDIT}/export/{{fmt}}", responses=AUTH_RESPONSES, summary="The report as a file")
def api_export(
    request: Request, audit_id: AuditId, audits: Audits, fmt: str = Path(..., pattern="^(json|md|html|pdf|csv|xlsx)$")
) -> Response:
    from jobrisk.reports.roster import render

    who = _who_from_either(request, audits)
    body = render(audits.report(who, audit_id), fmt)
    return Response(
        body, media_type=EXPORTS[fmt], headers={"Content-Disposition": f'attachment; filename="{audit_id}.{fmt}"'}
    )


def _who_from_either(request: Request, audits: RosterAudits, *, touch: bool = True) -> Principal:
    """Bearer key for programs, the web session for the pages."""
    bearer = _bearer(request)
    if bearer:
        return audits.authenticate(bearer)
    who = page_who(request, audits, touch=touch)
    if who is None:
        return audits.authenticate(None)  # raises: an API key or a signed-in session is needed
    return who


# ---------------------------------------------------------------------------------------- pages
@router.get("/audits", response_class=HTMLResponse)
def audits_page(request: Request, audits: Audits, templates: Templates, csrf: Csrf) -> HTMLResponse:
    who = page_who(request, audits)
    return csrf.form_page(request, templates, "audits.html", audits_context(who, audits))


@router.get("/audits/roster")
@router.get("/audits/sign-in")
@router.get("/audits/sign-out")
def audits_form_targets() -> RedirectResponse:
    """The forms' own addresses, opened in a browser (a bookmark, a reload after a refusal): the audits page."""
    return RedirectResponse("/audits", status_code=303)


@router.post("/audits/sign-in")
def sign_in(
    request: Request,
    audits: Audits,
    templates: Templates,
    csrf: Csrf,
    api_key: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    csrf.verify(request, csrf_token)
    try:
        session = audits.sign_in(api_key.strip())
    except NotAuthenticatedError as exc:
        return csrf.form_page(
            request, templates, "audits.html", {**audits_context(None, audits), "error": str(exc)}, 401
        )
    response = RedirectResponse("/audits", status_code=303)
    max_age = max(int((session.expires_at - datetime.now(timezone.utc)).total_seconds()), 0)
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
        max_age=max_age,
    )
    return response


@router.post("/audits/sign-out")
def sign_out(request: Request, csrf: Csrf, audits: Audits, csrf_token: str = Form("")) -> Response:
    csrf.verify(request, csrf_token)
    audits.sign_out(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/audits", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/audits/roster")
async def upload_roster(
    request: Request,
    audits: Audits,
    templates: Templates,
    csrf: Csrf,
    file: UploadFile = File(...),
    sheet: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    csrf.verify(request, csrf_token)
    who = page_who(request, audits)
    if who is None:
        raise NotAuthenticatedError("Sign in with your organisation's API key first.")
    data = await file.read()
    try:
        audit_id = await run_in_threadpool(audits.submit, who, data, file.filename, sheet=sheet or None, wait=False)
    except InputError as exc:
        status, _ = status_for(exc)
        return csrf.form_page(
            request, templates, "audits.html", {**audits_context(who, audits), "error": str(exc)}, status
        )
    return RedirectResponse(f"/audits/{audit_id}", status_code=303)


@router.get(f"/audits/{AUDIT}", response_class=HTMLResponse)
def audit_page(request: Request, audit_id: AuditId, audits: Audits, templates: Templates, csrf: Csrf) -> HTMLResponse:
    who = page_who(request, audits, touch=False)  # refreshed while the audit runs: reads only
    if who is None:
        raise NotAuthenticatedError("Sign in with your organisation's API key to see your audits.")
    progress = audits.progress(who, audit_id)
    if progress.status != "done":
        return csrf.form_page(request, templates, "audit_progress.html", {"progress": progress})
    return csrf.form_page(
        request,
        templates,
        "roster_report.html",
        {
            "report": audits.report(who, audit_id),
            "editable": True,
            "layout": "base.html",
            "created_by": progress.created_by,
        },
    )


@dataclass(frozen=True)
class PostedForm:
    """A form posted to an audit page, its token verified, and who it acts for (key or session)."""

    form: FormData
    who: Principal
    audits: RosterAudits


async def posted_form(request: Request, audits: Audits, csrf: Csrf) -> PostedForm:
    form = await csrf.verified_form(request)
    return PostedForm(form, _who_from_either(request, audits), audits)


@router.post(f"/audits/{AUDIT}/assumptions")
async def audit_assumptions(audit_id: AuditId, posted: Annotated[PostedForm, Depends(posted_form)]) -> Response:
    changes = {}
    for key, value in posted.form.items():
        if key == CSRF_FIELD:
            continue
        try:
            changes[key] = float(str(value))
        except ValueError:
            raise InputError(f"Assumption '{key}' must be a number; got {str(value)[:20]!r}.") from None
    await run_in_threadpool(posted.audits.change_assumptions, posted.who, audit_id, changes)
    return RedirectResponse(f"/audits/{audit_id}#assumptions", status_code=303)


@router.post(f"/audits/{AUDIT}/mapping")
async def audit_mapping(audit_id: AuditId, posted: Annotated[PostedForm, Depends(posted_form)]) -> Response:
    corrections = {
        key[len("code::") :]: str(value)
        for key, value in posted.form.items()
        if key.startswith("code::") and str(value).strip()
    }
    if corrections:
        await run_in_threadpool(posted.audits.correct_mapping, posted.who, audit_id, corrections)
    return RedirectResponse(f"/audits/{audit_id}", status_code=303)


@router.post(f"/audits/{AUDIT}/delete")
def audit_delete(
    request: Request, audit_id: AuditId, audits: Audits, csrf: Csrf, csrf_token: str = Form("")
) -> Response:
    csrf.verify(request, csrf_token)
    audits.delete(_who_from_either(request, audits), audit_id)
    return RedirectResponse("/audits#past-h", status_code=303)


def audits_context(who: Principal | None, audits: RosterAudits) -> dict[str, Any]:
    """What the audits page shows for who is signed in (nothing of an organisation when no one is)."""
    from jobrisk.app.org_access import Organisations, allowed_actions, role_of

    if who is None:
        return {
            "org": None,
            "member": None,
            "role": None,
            "may": [],
            "audits": [],
            "members": [],
            "keys": [],
            "error": None,
        }
    may = allowed_actions(who)
    orgs = Organisations(audits.repository)
    return {
        "org": who.organisation,
        "member": who.member,
        "role": role_of(who),
        "may": may,
        "audits": audits.list(who),
        "error": None,
        "members": orgs.members(who) if "manage_members" in may else [],  # owners only
        "keys": orgs.keys(who) if "manage_keys" in may else [],
    }
