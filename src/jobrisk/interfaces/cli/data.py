"""``jobrisk data sync`` and ``jobrisk data status``: obtain the public data and show its state.

Thin shells: parsing options, calling :func:`jobrisk.sources.sync.sync_sources` /
:func:`jobrisk.sources.status.raw_status` (and the catalog's coverage), rendering with rich.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from jobrisk.catalog import Catalog
from jobrisk.errors import JobriskError
from jobrisk.interfaces.cli.common import console, err_console, handle_errors, settings_from, value_option
from jobrisk.sources.registry import SourceFile, default_registry
from jobrisk.sources.status import RawStatus, files_changed_since_build, raw_status
from jobrisk.sources.sync import FileOutcome, SyncObserver, SyncReport, sync_sources

app = typer.Typer(help="Obtain the public data jobrisk is built from, and check it.", no_args_is_help=True)

_STATE_STYLE = {"ok": "green", "unverified": "yellow", "bad": "bold red", "missing": "red"}


@app.command()
@handle_errors
def sync(
    ctx: typer.Context,
    mirror: Path | None = value_option(
        "--mirror",
        metavar="DIR",
        help="Copy from this data mirror (one folder per source) instead of downloading. Default: $JOBRISK_MIRROR.",
    ),
    source: list[str] | None = value_option(
        "--source",
        metavar="ID",
        help="Only this source (repeatable). Default: every source. See 'jobrisk data status'.",
    ),
    force: bool = typer.Option(False, "--force", help="Fetch again even files already in place and verified."),
) -> None:
    """Fill the raw data folder from a mirror or from the publishers, verifying checksums."""
    settings = settings_from(ctx)
    mirror_dir = mirror.expanduser().resolve() if mirror else settings.mirror_dir
    where = f"mirror {mirror_dir}" if mirror_dir else "the publishers (download)"
    console.print(f"Syncing into [bold]{settings.raw_dir}[/] from {where}", highlight=False)
    with _RichObserver(console) as observer:
        report = sync_sources(
            settings.raw_dir,
            mirror_dir=mirror_dir,
            source_ids=source or None,
            force=force,
            observer=observer,
            raise_on_failure=False,
        )
    _print_sync_summary(report)
    report.raise_for_failures()


@app.command()
@handle_errors
def status(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the same information as JSON."),
    files: bool = typer.Option(False, "--files", help="List every file, not only problems."),
) -> None:
    """Show each source's files (present, missing, bad), versions and the catalog's coverage."""
    settings = settings_from(ctx)
    raw = raw_status(settings.raw_dir, default_registry())
    catalog = _catalog_summary(settings.catalog_path, raw)
    if as_json:
        typer.echo(json.dumps({"raw": raw.to_dict(), "catalog": catalog}, indent=2, ensure_ascii=False))
        return
    _print_raw_status(raw, every_file=files)
    _print_catalog(catalog)


# ---------------------------------------------------------------------------- sync rendering
class _RichObserver(SyncObserver):
    """A byte progress bar per copied/downloaded file, and a line per placed or failed file."""

    def __init__(self, out: Console):
        self.out = out
        self.progress = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=out,
            transient=True,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _RichObserver:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def file_started(self, file: SourceFile, method: str) -> None:
        if method != "check":
            self.tasks[file.key] = self.progress.add_task(file.key, total=None)

    def bytes_expected(self, file: SourceFile, total_bytes: int | None, done_bytes: int) -> None:
        if file.key in self.tasks:
            self.progress.update(self.tasks[file.key], total=total_bytes, completed=done_bytes)

    def bytes_done(self, file: SourceFile, n_bytes: int) -> None:
        if file.key in self.tasks:
            self.progress.advance(self.tasks[file.key], n_bytes)

    def file_finished(self, outcome: FileOutcome) -> None:
        task = self.tasks.pop(outcome.file.key, None)
        if task is not None:
            self.progress.remove_task(task)
        key = outcome.file.key
        if outcome.action == "failed":
            self.out.print(f"[red]failed[/]     {key}: {outcome.error}", highlight=False)
        elif outcome.action != "skipped":
            mark = "" if outcome.verified_against else "  [yellow](unverified)[/]"
            self.out.print(f"[green]{outcome.action:<10}[/] {key}{mark}", highlight=False)

    def warn(self, message: str) -> None:
        err_console.print(f"[bold yellow]warning:[/] {message}", highlight=False)


def _print_sync_summary(report: SyncReport) -> None:
    parts = [f"{report.count(a)} {a}" for a in ("copied", "downloaded", "derived", "skipped", "failed")]
    style = "red" if report.failures else "green"
    console.print(f"[{style}]{', '.join(parts)}[/]", highlight=False)
    console.print(f"manifest: {report.manifest_path}", highlight=False, soft_wrap=True)
    if report.unverified:
        err_console.print(
            f"[bold yellow]{len(report.unverified)} file(s) are unverified[/] (no official "
            "checksum known): " + ", ".join(o.file.key for o in report.unverified),
            highlight=False,
        )


# ---------------------------------------------------------------------------- status rendering
def _print_raw_status(raw: RawStatus, *, every_file: bool = False) -> None:
    table = Table(title=f"Sources in {raw.raw_dir}", title_justify="left")
    table.add_column("source", no_wrap=True)
    table.add_column("version")
    for col in ("files", "ok", "unverified", "bad", "missing"):
        table.add_column(col, justify="right")
    table.add_column("checksum status")
    for s in raw.sources:
        version = s.source.version
        if len(s.releases) > 1:
            version += " (also " + ", ".join(s.releases[1:]) + ")"
        counts = s.counts
        cells = [
            f"[{_STATE_STYLE[state]}]{counts[state]}[/]" if counts[state] else "-"
            for state in ("ok", "unverified", "bad", "missing")
        ]
        statuses = ", ".join(f"{k} {v}" for k, v in s.checksum_statuses.items())
        table.add_row(s.source.id, version, str(len(s.files)), *cells, statuses)
    console.print(table)
    shown = [f for s in raw.sources for f in s.files if every_file or f.state in ("bad", "missing", "unverified")]
    if shown:
        listing = Table(title="Files" if every_file else "Files needing attention", title_justify="left")
        for col in ("file", "state", "release", "checksum status", "verified against"):
            listing.add_column(col)
        for f in shown:
            listing.add_row(
                f.file.key,
                f"[{_STATE_STYLE[f.state]}]{f.state}[/]",
                f.file.release,
                f.file.checksum_status,
                f.verified_against or "-",
            )
        console.print(listing)
    if raw.complete:
        console.print("[green]All registry files are present.[/]")
    else:
        console.print(
            "[red]Some files are missing or bad:[/] run 'jobrisk data sync "
            "--mirror DIR' (or without --mirror to download)."
        )


def _catalog_summary(path: Path, raw: RawStatus) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        with Catalog.open(path, check="quick") as catalog:  # every page checked (about 1 s)
            coverage = catalog.coverage()
            manifest = catalog.manifest()
            observed = catalog.observed_use_releases()
    except (sqlite3.Error, JobriskError) as exc:
        return {"path": str(path), "error": f"{type(exc).__name__}: {exc}"}
    return {
        "path": str(path),
        "built_at": manifest.get("built_at"),
        "code_version": manifest.get("code_version"),
        "fingerprint": manifest.get("fingerprint"),
        "files_changed_since_build": files_changed_since_build(raw, _built_sha256(manifest)),
        "coverage": {name: getattr(coverage, name) for name in coverage.__dataclass_fields__},
        "observed_use": [{**asdict(r), "joined_texts_pct": r.joined_texts_pct} for r in observed],
    }


def _built_sha256(manifest: dict[str, Any]) -> dict[str, str]:
    """``{file key: sha256}`` of the inputs recorded in a catalog's build manifest."""
    sources = manifest.get("sources")
    if not isinstance(sources, dict):
        return {}
    return {
        key: entry["sha256"]
        for source in sources.values()
        if isinstance(source, dict)
        for key, entry in source.get("files", {}).items()
        if isinstance(entry, dict) and "sha256" in entry
    }


def _print_catalog(catalog: dict[str, Any] | None) -> None:
    if catalog is None:
        console.print("No catalog built yet: run 'jobrisk build'.")
        return
    if "error" in catalog:
        console.print(f"[red]Catalog {catalog['path']} cannot be read:[/] {catalog['error']}", highlight=False)
        return
    table = Table(title=f"Catalog {catalog['path']}", title_justify="left")
    table.add_column("measure")
    table.add_column("count", justify="right")
    for name, value in catalog["coverage"].items():
        table.add_row(name.replace("_", " "), f"{value:,}")
    console.print(table)
    _print_observed_use(catalog["observed_use"])
    console.print(
        f"built at: {catalog['built_at'] or 'not recorded'}; code version: {catalog['code_version'] or 'not recorded'}",
        highlight=False,
    )
    changed = catalog["files_changed_since_build"]
    if changed:
        console.print(
            f"[yellow]{len(changed)} raw file(s) changed since this catalog was "
            f"built[/] ({', '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}): "
            "run 'jobrisk build' to rebuild.",
            highlight=False,
        )


def _print_observed_use(releases: list[dict[str, Any]]) -> None:
    """Join coverage of each observed-use release: task texts joined, their usage share, tasks."""
    if not releases:
        console.print("Observed AI use: no release in this catalog.")
        return
    table = Table(title="Observed AI use (Anthropic Economic Index): join to O*NET 29.3 tasks", title_justify="left")
    for name in (
        "release",
        "task texts",
        "texts joined",
        "usage joined",
        "O*NET tasks observed",
        "by equal text",
        "texts with modes",
    ):
        table.add_column(name, justify="left" if name == "release" else "right")
    for r in releases:
        modes = "not published" if r["texts_with_modes"] is None else f"{r['texts_with_modes']:,}"
        table.add_row(
            r["release"],
            f"{r['task_texts']:,}",
            f"{r['joined_texts']:,} ({r['joined_texts_pct']:.1f}%)",
            f"{r['joined_usage_pct']:.1f}%",
            f"{r['joined_tasks']:,}",
            f"{r['joined_by_text']:,}",
            modes,
        )
    console.print(table)
