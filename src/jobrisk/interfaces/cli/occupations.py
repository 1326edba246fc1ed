"""``jobrisk occupations export|validate`` and ``jobrisk occupation CODE``: thin shells over the
scorebook (:mod:`jobrisk.scoring.scorebook`), the export table and the validation report.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from jobrisk.interfaces.cli.common import console, handle_errors, open_catalog, settings_from, value_option
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the scoring stack is imported when a command runs, not at CLI start-up
    from jobrisk.scoring.occupation_score import OccupationScore

app = typer.Typer(help="Every occupation's AI risk score: export the table, validate the method.", no_args_is_help=True)


@app.command()
@handle_errors
def export(
    ctx: typer.Context,
    out: Path = value_option(
        "-o",
        "--out",
        metavar="OUT.csv",
        help="Where to write the table (one row per O*NET-SOC code; CSV, or an Excel workbook for .xlsx).",
        default=...,
    ),
) -> None:
    """Write every occupation's score and components to a CSV file."""
    from jobrisk.app.services import Services

    scorebook = Services(settings_from(ctx)).scorebook
    from jobrisk.reports.score_export import write_export

    write_export(out, scorebook)
    scored = sum(1 for s in scorebook if s.has_score)
    console.print(
        f"Wrote {len(scorebook)} occupations ({scored} with a score, "
        f"{len(scorebook) - scored} insufficient data) to {out} "
        f"[method {scorebook.method_version}]",
        highlight=False,
    )


@app.command()
@handle_errors
def validate(
    ctx: typer.Context,
    docs_dir: Path = typer.Option(
        Path("docs"), "--docs-dir", metavar="DIR", help="Where validation.md and its charts are written."
    ),
) -> None:
    """Regenerate the validation report (docs/validation.md and its SVG charts)."""
    from jobrisk.reports.validation import build_validation
    from jobrisk.reports.validation_render import write_validation

    with open_catalog(ctx) as catalog:
        from jobrisk.app.scoring_inputs import gather_inputs
        from jobrisk.scoring.scorebook import Scorebook

        inputs = gather_inputs(catalog)
    scorebook = Scorebook.from_inputs(inputs)
    report = build_validation(inputs, scorebook)
    written = write_validation(report, docs_dir)
    failed = [s for s in report.sanity if not s.passed]
    for path in written:
        console.print(f"Wrote {path}", highlight=False)
    console.print(f"Sanity cases: {len(report.sanity) - len(failed)}/{len(report.sanity)} pass", highlight=False)
    for row in report.correlations:
        console.print(f"  Spearman(exposure, {row.measure}) = {row.spearman_exposure:.3f} (n={row.n})", highlight=False)


def _pct(value: float | None) -> str:
    return "no data" if value is None else f"{value:.2f}"


@handle_errors
def occupation(
    ctx: typer.Context, code: str = typer.Argument(..., metavar="CODE", help="O*NET-SOC code, e.g. 15-2051.00")
) -> None:
    """Show one occupation's AI risk score and how it was built."""
    from jobrisk.app.services import Services

    services = Services(settings_from(ctx))
    services.catalog.occupation(code)  # NotFoundError with the exact code for unknown codes
    render_score(services.scorebook.score(code))


def render_score(score: OccupationScore) -> None:
    from jobrisk.scoring.human_advantage import FACET_LABELS

    """Print the breakdown of one score (rich)."""
    console.print(f"[bold]{score.title}[/] ({score.onet_soc_code})", highlight=False)
    if score.risk is None:
        console.print(f"[yellow]{score.band}[/]: {score.basis_detail}", highlight=False)
    else:
        console.print(
            f"AI risk score [bold]{score.risk.score:.0f}[/]/100 - {score.band} "
            f"(range {score.risk.low:.0f}-{score.risk.high:.0f})",
            highlight=False,
        )
        console.print(score.basis_detail, highlight=False)
    table = Table(title="Components (0-1)", header_style="bold")
    table.add_column("component")
    table.add_column("value", justify="right")
    table.add_column("meaning")
    exposure = score.exposure
    table.add_row(
        "capability exposure",
        _pct(score.exposure_share),
        "share of work time AI could do >= 50% faster (default scenario)",
    )
    if exposure is not None:
        table.add_row("  LLM alone", _pct(exposure.llm_alone), "E1 tasks only")
        table.add_row("  LLM + tools", _pct(exposure.llm_with_tools), "E1 and E2 tasks")
    table.add_row("automation", _pct(score.automation), "of the exposed work, share AI could do without a person")
    table.add_row("complementarity", _pct(score.complementarity), "human advantage: percentile among occupations")
    if score.advantage is not None:
        for name, value in score.advantage.facets:
            table.add_row(f"  {FACET_LABELS[name]}", _pct(value), "percentile")
    outlook = score.outlook
    table.add_row(
        "outlook",
        _pct(score.outlook_index),
        "no BLS projection"
        if outlook is None
        else f"BLS 2024-34: {outlook.change_pct:+.1f}% employment, "
        f"{outlook.openings_per_year_thousands:.1f}k openings/yr (percentile, shown "
        "for context)",
    )
    console.print(table)
    if score.risk is not None:
        formula = Table(title="How the score is made", header_style="bold")
        formula.add_column("step")
        formula.add_column("value", justify="right")
        formula.add_column("meaning")
        formula.add_row(
            "substitution share", _pct(score.substitution_share), "share of the work time AI could take over"
        )
        formula.add_row(
            "demand factor",
            _pct(score.demand_factor),
            "no BLS projection: factor 1"
            if outlook is None
            else f"employment 2024 / projected 2034 (BLS {outlook.change_pct:+.1f}%)",
        )
        formula.add_row(
            "risk score", f"{score.risk.score:.1f}", "100 x substitution share x demand factor (at most 100)"
        )
        console.print(formula)
    if score.evidence:
        tasks = Table(title="Tasks contributing most to exposure", header_style="bold")
        for column in ("task", "time", "exposure", "sources"):
            tasks.add_column(column)
        for row in score.evidence:
            tasks.add_row(row.task[:80], f"{row.time_share:.0%}", f"{row.exposure:.2f}", row.provenance)
        console.print(tasks)
    if score.research:
        research = Table(title="Published measures (for comparison)", header_style="bold")
        for column in ("measure", "value", "percentile", "vintage", "mapping"):
            research.add_column(column)
        for m in score.research:
            research.add_row(
                m.label,
                f"{m.value:.3f}",
                "" if m.percentile is None else f"{m.percentile:.0f}",
                m.vintage,
                m.mapping_status + (" (ambiguous)" if m.ambiguous else ""),
            )
        console.print(research)
    for caveat in score.caveats:
        console.print(f"[yellow]note:[/] {caveat}", highlight=False)
    console.print(
        f"Method version {score.method_version}. Exposure is not job loss: demand for the work can grow.",
        highlight=False,
    )
