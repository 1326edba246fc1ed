"""Root of the ``jobrisk`` command: global options and command registration."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jobrisk._version import __version__
from jobrisk.settings import Settings

app = typer.Typer(
    name="jobrisk",
    help="Will AI replace my job? Task-level AI exposure and risk from public data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jobrisk {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data_dir: Optional[Path] = typer.Option(
        None,
        "--data-dir",
        envvar="JOBRISK_DATA_DIR",
        help="Where the catalog, models and raw data live (default: the user data dir).",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    ctx.obj = Settings.load(data_dir=data_dir)


def _register() -> None:
    """Attach every command group; each module imports its heavy parts only when a command runs."""
    from jobrisk.interfaces.cli import (
        audit,
        audit_career,
        audit_roster,
        batch,
        build,
        data,
        models,
        occupations,
        org,
        report,
        serve,
        tasks,
        titles,
    )

    app.add_typer(data.app, name="data")
    app.command("build")(build.build)
    app.command("serve")(serve.serve)
    app.add_typer(titles.app, name="titles")
    app.add_typer(tasks.app, name="tasks")
    app.command("occupation")(occupations.occupation)
    app.add_typer(occupations.app, name="occupations")
    app.command("report")(report.report)
    app.add_typer(report.site_app, name="site")
    models.app.command("evaluate-titles")(titles.evaluate_titles)
    app.add_typer(models.app, name="models")
    app.add_typer(org.app, name="org")
    audit.app.command("roster")(audit_roster.roster)
    audit.app.command("career")(audit_career.career)
    app.add_typer(audit.app, name="audit")
    app.add_typer(batch.app, name="batch")


_register()
