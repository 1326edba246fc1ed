"""``jobrisk report QUERY`` and ``jobrisk site build OUT_DIR``: the occupation report and the static site.

Thin shells: parse options, resolve the query (code or title), build the report with
:meth:`jobrisk.app.services.Services.report` (from the scores and report context stored by
``jobrisk build``), render it in the chosen format.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from jobrisk.interfaces.cli.common import err_console, handle_errors, settings_from
from jobrisk.app.services import Services

site_app = typer.Typer(help="Build the static website of every occupation report.", no_args_is_help=True)


class ReportFormat(str, Enum):
    md = "md"
    json = "json"
    html = "html"
    pdf = "pdf"


@handle_errors
def report(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="An O*NET-SOC code (15-2051.00), a SOC code (15-2051) or a job title."),
    format: ReportFormat = typer.Option(ReportFormat.md, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="Write to FILE instead of standard output (pdf needs a file or a redirect)."),
) -> None:
    """Will AI replace <occupation>? The full report for one occupation or job title."""
    from jobrisk.reports.occupation.resolve import AmbiguousTitleError, resolve_query

    services = Services(settings_from(ctx))
    catalog = services.catalog
    try:
        code, resolution = resolve_query(catalog, query, lambda: services.title_coder)
    except AmbiguousTitleError as exc:
        if format is ReportFormat.json:
            typer.echo(json.dumps({"resolution": exc.resolution.model_dump(mode="json"), "report": None},
                                  indent=2, ensure_ascii=False))
        raise
    result = services.report(code)
    if resolution is not None:
        result = result.with_resolution(resolution)
        err_console.print(f"{resolution.reason}", highlight=False)
    data: bytes
    if format is ReportFormat.json:
        data = result.model_dump_json(indent=2).encode("utf-8")
    elif format is ReportFormat.md:
        from jobrisk.reports.occupation.markdown import render_markdown
        data = render_markdown(result).encode("utf-8")
    elif format is ReportFormat.html:
        from jobrisk.reports.occupation.html import render_html
        data = render_html(result).encode("utf-8")
    else:
        from jobrisk.reports.occupation.pdf import render_pdf
        if output is None and sys.stdout.isatty():
            raise typer.BadParameter("PDF output needs --output FILE (or redirect standard output).")
        data = render_pdf(result)
    if output is None:
        sys.stdout.buffer.write(data)
        if format is not ReportFormat.pdf and not data.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
    else:
        output.write_bytes(data)
        err_console.print(f"Wrote {output} ({len(data):,} bytes)", highlight=False)


@site_app.command("build")
@handle_errors
def build(
    ctx: typer.Context,
    out_dir: Path = typer.Argument(..., metavar="OUT_DIR", help="Folder to write the site into (created)."),
    base_url: str = typer.Option("https://jobrisk.example.org", "--base-url",
                                 help="Public URL the site will be served from (for canonical links)."),
    workers: int = typer.Option(1, "--workers", min=1,
                                help="Processes rendering pages (forked; each reopens the catalog)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N occupations (preview)."),
) -> None:
    """Write every occupation page, an index with client-side search, and SEO metadata."""
    from jobrisk.reports.occupation.site import build_site

    services = Services(settings_from(ctx))  # the stored scores, as the web app reads them
    summary = build_site(services.catalog, services.scorebook, out_dir, base_url=base_url,
                         workers=workers, limit=limit,
                         progress=lambda msg: err_console.print(msg, highlight=False))
    err_console.print(f"Wrote {summary.pages:,} occupation pages and the index to {out_dir} "
                      f"in {summary.seconds:.1f} s ({summary.bytes_written / 1e6:.1f} MB).", highlight=False)
