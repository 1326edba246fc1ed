"""``jobrisk org create|key|revoke|keys``: organisations and their API keys in the application
database (``JOBRISK_DATABASE_URL``, else SQLite ``app.sqlite`` in the data dir).

A key's full secret is printed once, when it is issued; only its hash is stored.
"""

from __future__ import annotations

import json

import typer

from jobrisk.interfaces.cli.common import console, err_console, handle_errors, settings_from

app = typer.Typer(help="Organisations and API keys for the audit API.", no_args_is_help=True)


def _repo(ctx: typer.Context):
    from jobrisk.appdb import AppRepository

    return AppRepository.open(settings_from(ctx).app_database_url)


def _print_key(issued, as_json: bool, created: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"organisation": {"id": issued.organisation.public_id,
                                                "name": issued.organisation.name},
                               "key_id": issued.key_id, "api_key": issued.secret}))
        return
    what = "Created organisation" if created else "New API key for"
    err_console.print(f"{what} '{issued.organisation.name}' ({issued.organisation.public_id}).",
                      highlight=False)
    err_console.print(f"API key id {issued.key_id}. The key is shown only now; store it safely:",
                      highlight=False)
    typer.echo(issued.secret)


@app.command()
@handle_errors
def create(ctx: typer.Context, name: str = typer.Argument(..., help="The organisation's name."),
           as_json: bool = typer.Option(False, "--json", help="Print JSON (for scripts).")) -> None:
    """Create an organisation and print its first API key (once)."""
    repo = _repo(ctx)
    try:
        _print_key(repo.create_organisation(name), as_json, created=True)
    finally:
        repo.close()


@app.command()
@handle_errors
def key(ctx: typer.Context, org: str = typer.Argument(..., metavar="ORG",
                                                       help="Organisation name or id (org_...)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON (for scripts).")) -> None:
    """Issue another API key for an organisation (printed once)."""
    repo = _repo(ctx)
    try:
        _print_key(repo.issue_key(org), as_json, created=False)
    finally:
        repo.close()


@app.command()
@handle_errors
def revoke(ctx: typer.Context, key_id: str = typer.Argument(..., metavar="KEY_ID",
                                                             help="The key's id (shown when issued).")) -> None:
    """Revoke an API key: requests using it get 401 from then on."""
    repo = _repo(ctx)
    try:
        record = repo.revoke_key(key_id)
    finally:
        repo.close()
    console.print(f"Revoked key {record.key_id} of '{record.organisation_name}' "
                  f"(at {record.revoked_at:%Y-%m-%d %H:%M} UTC).", highlight=False)


@app.command("keys")
@handle_errors
def list_keys(ctx: typer.Context, org: str = typer.Argument(..., metavar="ORG",
                                                             help="Organisation name or id.")) -> None:
    """List an organisation's API keys (ids and dates; secrets are never stored)."""
    repo = _repo(ctx)
    try:
        records = repo.keys(org)
    finally:
        repo.close()
    for r in records:
        state = f"revoked {r.revoked_at:%Y-%m-%d}" if r.revoked_at else "active"
        console.print(f"{r.key_id}  created {r.created_at:%Y-%m-%d}  {state}", highlight=False)
