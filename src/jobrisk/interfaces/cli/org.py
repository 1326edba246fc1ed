"""``jobrisk org create|key|revoke|keys|add-member|members|remove-member``: organisations, their
members and API keys in the application database (``JOBRISK_DATABASE_URL``, else SQLite
``app.sqlite`` in the data dir).

A key's full secret is printed once, when it is issued; only its hash is stored. A member is a
seat labelled the way the organisation likes ("HR lead", a work email); names are not needed.
These commands act as the local operator (whoever holds the database) through
:class:`jobrisk.app.org_access.Organisations`, with the rules every interface shares (an
organisation always keeps one owner). Owners manage their own organisation through the API
(``/api/v1/org``) and the audits page; members cannot.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from jobrisk.interfaces.cli.common import console, err_console, handle_errors, settings_from

if TYPE_CHECKING:
    from jobrisk.app.org_access import Operator, Organisations
    from jobrisk.appdb import AppRepository

app = typer.Typer(help="Organisations and API keys for the audit API.", no_args_is_help=True)


_ORG = typer.Argument(..., metavar="ORG", help="Organisation name or id (org_...).")
_JSON = typer.Option(False, "--json", help="Print JSON (for scripts).")


@contextmanager
def _repository(ctx: typer.Context) -> Iterator[AppRepository]:
    """The application database, closed after use."""
    from jobrisk.appdb import AppRepository

    repo = AppRepository.open(settings_from(ctx).app_database_url)
    try:
        yield repo
    finally:
        repo.close()


def _orgs(repo: AppRepository) -> Organisations:
    """The organisation use cases, acting as the local operator (see :mod:`jobrisk.app.org_access`)."""
    from jobrisk.app.org_access import Organisations

    return Organisations(repo)


def _operator() -> Operator:
    from jobrisk.app.org_access import LOCAL_OPERATOR

    return LOCAL_OPERATOR


def _print_key(issued, as_json: bool, created: bool) -> None:
    member = issued.member
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "organisation": {"id": issued.organisation.public_id, "name": issued.organisation.name},
                    "member": None
                    if member is None
                    else {"id": member.public_id, "label": member.label, "role": member.role},
                    "key_id": issued.key_id,
                    "api_key": issued.secret,
                }
            )
        )
        return
    what = "Created organisation" if created else "New API key for"
    held = f", held by member '{member.label}' ({member.public_id}, {member.role})" if member else ""
    err_console.print(f"{what} '{issued.organisation.name}' ({issued.organisation.public_id}){held}.", highlight=False)
    err_console.print(f"API key id {issued.key_id}. The key is shown only now; store it safely:", highlight=False)
    typer.echo(issued.secret)


@app.command()
@handle_errors
def create(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The organisation's name."),
    owner: str = typer.Option("owner", "--owner", help="Label of the owner member ('HR lead', a work email)."),
    as_json: bool = _JSON,
) -> None:
    """Create an organisation with its owner member and print the owner's first API key (once)."""
    with _repository(ctx) as repo:
        _print_key(_orgs(repo).create(_operator(), name, owner_label=owner), as_json, created=True)


@app.command()
@handle_errors
def key(
    ctx: typer.Context,
    org: str = _ORG,
    member: str | None = typer.Option(None, "--member", help="Member id (mem_...) or label; default: the owner."),
    as_json: bool = _JSON,
) -> None:
    """Issue another API key for an organisation's member (printed once)."""
    with _repository(ctx) as repo:
        _print_key(_orgs(repo).issue_key(_operator(), org, member=member), as_json, created=False)


@app.command()
@handle_errors
def revoke(
    ctx: typer.Context, key_id: str = typer.Argument(..., metavar="KEY_ID", help="The key's id (shown when issued).")
) -> None:
    """Revoke an API key: requests using it get 401 from then on."""
    with _repository(ctx) as repo:
        record = _orgs(repo).revoke_key(_operator(), key_id)
    console.print(
        f"Revoked key {record.key_id} of '{record.organisation_name}' (at {record.revoked_at:%Y-%m-%d %H:%M} UTC).",
        highlight=False,
    )


@app.command("keys")
@handle_errors
def list_keys(ctx: typer.Context, org: str = _ORG) -> None:
    """List an organisation's API keys (ids and dates; secrets are never stored)."""
    with _repository(ctx) as repo:
        records = _orgs(repo).keys(_operator(), org)
    for r in records:
        state = f"revoked {r.revoked_at:%Y-%m-%d}" if r.revoked_at else "active"
        held = f"  member '{r.member_label}'" if r.member_label else ""
        console.print(f"{r.key_id}  created {r.created_at:%Y-%m-%d}  {state}{held}", highlight=False)


@app.command("add-member")
@handle_errors
def add_member(
    ctx: typer.Context,
    org: str = _ORG,
    label: str = typer.Argument(..., help="How you tell this seat apart: 'HR analyst', a work email."),
    role: str = typer.Option(
        "member",
        "--role",
        help="owner (also manages members, keys and deletions) or member (uploads and reads audits).",
    ),
    as_json: bool = _JSON,
) -> None:
    """Add a member to an organisation and print the member's first API key (once)."""
    with _repository(ctx) as repo:
        _print_key(_orgs(repo).add_member(_operator(), label, role, organisation=org), as_json, created=False)


@app.command("members")
@handle_errors
def list_members(ctx: typer.Context, org: str = _ORG) -> None:
    """List an organisation's members."""
    with _repository(ctx) as repo:
        records = _orgs(repo).members(_operator(), org)
    for m in records:
        state = f"removed {m.removed_at:%Y-%m-%d}" if m.removed_at else "active"
        console.print(f"{m.public_id}  {m.role:<6}  {m.label}  added {m.created_at:%Y-%m-%d}  {state}", highlight=False)


@app.command("remove-member")
@handle_errors
def remove_member(
    ctx: typer.Context, member_id: str = typer.Argument(..., metavar="MEMBER_ID", help="The member's id (mem_...).")
) -> None:
    """Remove a member: its API keys are revoked and its web sessions end."""
    with _repository(ctx) as repo:
        record = _orgs(repo).remove_member(_operator(), member_id)
    console.print(
        f"Removed member '{record.label}' ({record.public_id}) of '{record.organisation_name}'; "
        "its API keys are revoked.",
        highlight=False,
    )
