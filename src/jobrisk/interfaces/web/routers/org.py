"""An organisation's members and API keys: the JSON API (``/api/v1/org``) and the owners' forms on
the audits page.

Thin shells over :class:`jobrisk.app.org_access.Organisations`, which holds the rules (owners
manage members and keys; members upload and read audits): a member asking gets 403, another
organisation's member or key id 404 like an id that does not exist. A new key is shown once,
in the answer that issues it.
"""

from __future__ import annotations

from dataclasses import dataclass

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from jobrisk.errors import InputError, NotAuthenticatedError, NotPermittedError
from jobrisk.interfaces.web.deps import Csrf, Templates
from jobrisk.interfaces.web.errors import status_for
from jobrisk.interfaces.web.routers.audits import AUTH_RESPONSES, FORBIDDEN, ApiWho, Audits, audits_context, page_who
from jobrisk.interfaces.web.security import CsrfProtection

if TYPE_CHECKING:  # the application database (SQLAlchemy) is imported by the first request that needs it
    from jobrisk.app.org_access import Organisations
    from jobrisk.app.roster_jobs import RosterAudits
    from jobrisk.appdb import IssuedKey, KeyRecord, Member

api_router = APIRouter(prefix="/api/v1/org", tags=["organisation"])
router = APIRouter(include_in_schema=False)
RESPONSES = {**AUTH_RESPONSES, 403: FORBIDDEN}
#: A member's or an API key's public id in the path.
PublicId = Annotated[str, Path(max_length=60)]
#: A route that creates an API key: 201, the key shown in the answer only.
NEW_KEY: dict[str, Any] = {"status_code": 201, "responses": RESPONSES}


def get_orgs(audits: Audits) -> Organisations:
    from jobrisk.app.org_access import Organisations

    return Organisations(audits.repository)


if TYPE_CHECKING:
    Orgs = Annotated[Organisations, Depends(get_orgs)]
else:
    Orgs = Annotated[object, Depends(get_orgs)]


def _json(record: object, *names: str) -> dict:
    """``record``'s attributes ``names`` as JSON values (times in ISO 8601)."""
    values = {name: getattr(record, name) for name in names}
    return {name: v.isoformat() if isinstance(v, datetime) else v for name, v in values.items()}


def _member(m: Member | None) -> dict | None:
    if m is None:
        return None
    return {"id": m.public_id, **_json(m, "label", "role", "created_at", "removed_at")}


def _key(k: KeyRecord) -> dict:
    return {**_json(k, "key_id"), "member": k.member_label, **_json(k, "created_at", "revoked_at")}


def _issued(issued: IssuedKey) -> dict:
    return {
        "key_id": issued.key_id,
        "api_key": issued.secret,
        "member": _member(issued.member),
        "note": "The key is shown only now; store it safely.",
    }


# ---------------------------------------------------------------------------------------- API
@api_router.get("", responses=AUTH_RESPONSES, summary="Who this key acts for and what it may do")
def api_me(who: ApiWho) -> dict:
    from jobrisk.app.org_access import allowed_actions, role_of

    return {
        "organisation": {"id": who.organisation.public_id, "name": who.organisation.name},
        "member": _member(who.member),
        "role": role_of(who),
        "key_id": who.key_id,
        "may": allowed_actions(who),
    }


@api_router.get("/members", responses=RESPONSES, summary="The organisation's members (owners only)")
def api_members(who: ApiWho, orgs: Orgs) -> dict:
    return {"members": [_member(m) for m in orgs.members(who)]}


@api_router.post("/members", **NEW_KEY, summary="Add a member with its first API key, shown once (owners only)")
def api_add_member(
    who: ApiWho,
    orgs: Orgs,
    label: str = Body(..., max_length=200, examples=["hr-analyst@example.com"]),
    role: str = Body("member", examples=["member"]),
) -> dict:
    return _issued(orgs.add_member(who, label, role))


@api_router.delete(
    "/members/{member_id}",
    responses=RESPONSES,
    summary="Remove a member: its keys are revoked and its sessions end (owners only)",
)
def api_remove_member(member_id: PublicId, who: ApiWho, orgs: Orgs) -> dict:
    return _member(orgs.remove_member(who, member_id)) or {}


@api_router.get("/keys", responses=RESPONSES, summary="The organisation's API keys, without secrets (owners only)")
def api_keys(who: ApiWho, orgs: Orgs) -> dict:
    return {"keys": [_key(k) for k in orgs.keys(who)]}


@api_router.post("/keys", **NEW_KEY, summary="Issue an API key for a member (default: you), shown once (owners only)")
def api_issue_key(who: ApiWho, orgs: Orgs, member: str | None = Body(None, embed=True, max_length=200)) -> dict:
    default = who.member.public_id if who.member is not None else None
    return _issued(orgs.issue_key(who, member=member or default))


@api_router.delete("/keys/{key_id}", responses=RESPONSES, summary="Revoke an API key (owners only)")
def api_revoke_key(key_id: PublicId, who: ApiWho, orgs: Orgs) -> dict:
    return _key(orgs.revoke_key(who, key_id))


# ---------------------------------------------------------------------------------------- pages
@dataclass
class OwnerForm:
    """What an owner's form post needs (one dependency for the four owner routes)."""

    request: Request
    audits: RosterAudits
    orgs: Organisations
    templates: Jinja2Templates
    csrf: CsrfProtection

    def run(self, csrf_token: str, action, done: str | None = None) -> Response:
        """Run the form's ``action(who)`` and show the audits page with its result: ``done``
        formatted with it (``{0.label}``), else the dict it returns (a new key, once); or its error."""
        self.csrf.verify(self.request, csrf_token)
        who = page_who(self.request, self.audits)
        if who is None:
            raise NotAuthenticatedError("Sign in with your organisation's API key first.")
        extra: dict = {}
        status = 200
        try:
            result = action(who)
            extra = {"done": done.format(result)} if done is not None else (result or {})
        except (InputError, NotPermittedError) as exc:
            status, _ = status_for(exc)
            extra = {"error": str(exc)}
        context = {**audits_context(who, self.audits), **extra}
        return self.csrf.form_page(self.request, self.templates, "audits.html", context, status)


def owner_form(request: Request, audits: Audits, orgs: Orgs, templates: Templates, csrf: Csrf) -> OwnerForm:
    return OwnerForm(request, audits, orgs, templates, csrf)


@router.post("/audits/members", response_class=HTMLResponse)
def page_add_member(
    label: str = Form(""), role: str = Form("member"), csrf_token: str = Form(""), form: OwnerForm = Depends(owner_form)
) -> Response:
    return form.run(csrf_token, lambda who: {"new_key": form.orgs.add_member(who, label, role)})


@router.post("/audits/members/{member_id}/remove", response_class=HTMLResponse)
def page_remove_member(
    member_id: PublicId, csrf_token: str = Form(""), form: OwnerForm = Depends(owner_form)
) -> Response:
    done = "Removed member '{0.label}'; its API keys are revoked."
    return form.run(csrf_token, lambda who: form.orgs.remove_member(who, member_id), done)


@router.post("/audits/keys", response_class=HTMLResponse)
def page_issue_key(
    member: str = Form(""), csrf_token: str = Form(""), form: OwnerForm = Depends(owner_form)
) -> Response:
    return form.run(csrf_token, lambda who: {"new_key": form.orgs.issue_key(who, member=member or None)})


@router.post("/audits/keys/{key_id}/revoke", response_class=HTMLResponse)
def page_revoke_key(key_id: PublicId, csrf_token: str = Form(""), form: OwnerForm = Depends(owner_form)) -> Response:
    return form.run(csrf_token, lambda who: form.orgs.revoke_key(who, key_id), "Revoked API key {0.key_id}.")
