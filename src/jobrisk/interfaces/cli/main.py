"""Root of the ``jobrisk`` command: global options and command registration."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jobrisk import __version__
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
        None, "--data-dir", envvar="JOBRISK_DATA_DIR",
        help="Where the catalog, models and raw data live (default: the user data dir)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    ctx.obj = Settings.load(data_dir=data_dir)


def _register() -> None:
    from jobrisk.interfaces.cli import build, data

    app.add_typer(data.app, name="data")
    app.command("build")(build.build)
    from jobrisk.interfaces.cli import serve

    app.command("serve")(serve.serve)
    from jobrisk.interfaces.cli import report

    app.command("report")(report.report)
    app.add_typer(report.site_app, name="site")
    from jobrisk.interfaces.cli import occupations

    app.add_typer(occupations.app, name="occupations")
    app.command("occupation")(occupations.occupation)
    from jobrisk.interfaces.cli import titles

    app.add_typer(titles.app, name="titles")
    from jobrisk.interfaces.cli import models, tasks

    app.add_typer(tasks.app, name="tasks")
    app.add_typer(models.app, name="models")


_register()
