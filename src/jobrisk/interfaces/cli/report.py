"""``jobrisk report QUERY`` and ``jobrisk site build OUT_DIR``: the occupation report and the static site.

Thin shells: parse options, resolve the query (code or title), build the report with
:meth:`jobrisk.app.services.Services.report` (from the scores and report context stored by
``jobrisk build``), render it in the chosen format.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from jobrisk.interfaces.cli.common import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    DocumentFormat,
    document_renderers,
    Renderers,
    err_console,
    handle_errors,
    emit_document,
    settings_from,
)
from jobrisk.app.services import Services

site_app = typer.Typer(help="Build the static website of every occupation report.", no_args_is_help=True)


def _renderers() -> Renderers:
    from jobrisk.reports.occupation import html, markdown, pdf

    return document_renderers(markdown.render_markdown, html.render_html, pdf.render_pdf)


@handle_errors
def report(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="An O*NET-SOC code (15-2051.00), a SOC code (15-2051) or a job title."),
    format: DocumentFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Will AI replace <occupation>? The full report for one occupation or job title."""
    from jobrisk.reports.occupation.resolve import AmbiguousTitleError, resolve_query

    services = Services(settings_from(ctx))
    catalog = services.catalog
    try:
        code, resolution = resolve_query(catalog, query, lambda: services.title_coder)
    except AmbiguousTitleError as exc:
        if format is DocumentFormat.json:
            typer.echo(
                json.dumps(
                    {"resolution": exc.resolution.model_dump(mode="json"), "report": None}, indent=2, ensure_ascii=False
                )
            )
        raise
    result = services.report(code)
    if resolution is not None:
        result = result.with_resolution(resolution)
        err_console.print(f"{resolution.reason}", highlight=False)
    emit_document(result, format, output, _renderers)


@site_app.command("build")
@handle_errors
def build(
    ctx: typer.Context,
    out_dir: Path = typer.Argument(..., metavar="OUT_DIR", help="Folder to write the site into (created)."),
    base_url: str = typer.Option(
        "https://jobrisk.example.org",
        "--base-url",
        help="Public URL the site will be served from (for canonical links).",
    ),
    app_url: str | None = typer.Option(
        None,
        "--app-url",
        help="URL of a running jobrisk app (jobrisk serve): the pages then link "
        "to its task scorer. Without it they say scoring needs the app.",
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Processes rendering pages (forked; each reopens the catalog)."
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N occupations (preview)."),
) -> None:
    """Write every occupation page, an index with client-side search, and SEO metadata."""
    from jobrisk.reports.occupation.site import build_site

    services = Services(settings_from(ctx))  # the stored scores, as the web app reads them
    summary = build_site(
        services.catalog,
        services.scorebook,
        out_dir,
        base_url=base_url,
        app_url=app_url,
        workers=workers,
        limit=limit,
        progress=lambda msg: err_console.print(msg, highlight=False),
    )
    err_console.print(
        f"Wrote {summary.pages:,} occupation pages and the index to {out_dir} "
        f"in {summary.seconds:.1f} s ({summary.bytes_written / 1e6:.1f} MB).",
        highlight=False,
    )
