"""``jobrisk audit roster ROSTER.csv|xlsx``: the business roster audit, locally (no account needed).

Thin shell: read the file (:func:`jobrisk.app.roster_input.read_roster`), run
:func:`jobrisk.app.roster_audit.run_roster_audit`, render with :func:`jobrisk.reports.roster.render`.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from jobrisk.interfaces.cli.common import (
    output_option,
    check_file_destination,
    err_console,
    handle_errors,
    settings_from,
    write_document,
)


class AuditFormat(str, Enum):
    md = "md"
    json = "json"
    html = "html"
    pdf = "pdf"
    csv = "csv"
    xlsx = "xlsx"


@handle_errors
def roster(
    ctx: typer.Context,
    roster_file: Path = typer.Argument(
        ...,
        metavar="ROSTER.csv|xlsx",
        help="Your roster: a job title column, optional headcount, department, "
        "salary or hourly wage, weekly hours, location, processes.",
    ),
    format: AuditFormat = typer.Option(AuditFormat.md, "--format", "-f", help="Output format."),
    output: Path | None = output_option(
        metavar="OUT", help="Write to OUT instead of standard output (pdf/xlsx need a file or a redirect)."
    ),
    sheet: str | None = typer.Option(None, "--sheet", help="Workbook sheet to read (default: the first)."),
    corrections: Path | None = typer.Option(
        None, "--corrections", metavar="FILE.csv", help="Your title mapping: job_title,onet_soc_code rows."
    ),
    assume: list[str] = typer.Option(
        [], "--set", metavar="NAME=VALUE", help="Change an assumption, e.g. --set adoption_share=0.3 (repeatable)."
    ),
) -> None:
    """What should your business automate first? Analyse a staff roster."""
    from jobrisk.app.roster_audit import parts_from_services, read_corrections_file, run_roster_audit
    from jobrisk.app.roster_titles import title_key
    from jobrisk.app.roster_input import read_roster
    from jobrisk.errors import InputError
    from jobrisk.reports.roster import render
    from jobrisk.scoring.roster_work import RosterAssumptions
    from jobrisk.app.services import Services

    changes: dict[str, float] = {}
    for item in assume:
        name, _, value = item.partition("=")
        try:
            changes[name.strip()] = float(value)
        except ValueError:
            raise InputError(f"--set {item!r}: expected NAME=NUMBER, e.g. adoption_share=0.3") from None
    try:
        assumptions = RosterAssumptions().updated(changes)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    if format in (AuditFormat.pdf, AuditFormat.xlsx):
        check_file_destination(output, format.value.upper())
    parsed = read_roster(roster_file, sheet=sheet)
    err_console.print(
        f"Read {roster_file.name}: {parsed.read_as}; {len(parsed.rows)} rows used, {len(parsed.rejected)} not used.",
        highlight=False,
    )
    if parsed.dropped_columns:
        err_console.print(
            "Not kept (they identify people): " + ", ".join(d.column for d in parsed.dropped_columns), highlight=False
        )
    parts = parts_from_services(Services(settings_from(ctx)), with_task_model=any(r.processes for r in parsed.rows))
    fixed = {}
    if corrections is not None:
        fixed = {title_key(parts.title_coder, t): code for t, code in read_corrections_file(str(corrections)).items()}
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err_console, transient=False
    ) as bar:
        task = bar.add_task("reading the roster", total=1.0)
        report = run_roster_audit(
            parsed,
            parts,
            source_name=roster_file.name,
            corrections=fixed,
            assumptions=assumptions,
            progress=lambda step, share: bar.update(task, description=step, completed=share),
        )
    data = render(report, format.value)
    write_document(data, output, text=format not in (AuditFormat.pdf, AuditFormat.xlsx))
    if report.needs_review:
        err_console.print(
            f"{len(report.needs_review)} job title(s) need review (unmapped until confirmed; "
            "see the report's mapping section).",
            highlight=False,
        )
