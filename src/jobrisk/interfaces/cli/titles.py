"""``jobrisk titles code|search|suggest`` and ``evaluate_titles``: thin shells over the title coder
(:mod:`jobrisk.models.title_coder`).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from jobrisk.interfaces.cli.common import (
    console,
    err_console,
    handle_errors,
    open_catalog,
    settings_from,
    output_option,
    value_option,
)

app = typer.Typer(
    help="Job titles -> O*NET occupations: code a CSV, search one title, autocomplete.", no_args_is_help=True
)


def _coder(ctx: typer.Context):
    from jobrisk.models.title_coder import TitleCoder

    catalog = open_catalog(ctx)
    return TitleCoder.from_catalog(catalog, settings_from(ctx))


@app.command()
@handle_errors
def code(
    ctx: typer.Context,
    input_csv: Path = typer.Argument(
        ..., metavar="INPUT.csv", help="CSV with a 'title' column (an optional 'duties' column helps)."
    ),
    out: Path = output_option(
        metavar="OUTPUT.csv",
        help="Where to write the input plus onet_soc_code, confidence, status, "
        "candidates (CSV, or an Excel workbook for .xlsx).",
        default=...,
    ),
    explain: bool = typer.Option(
        False, "--explain", help="Also write occupation_title, cleaned_title and reason columns."
    ),
) -> None:
    """Code every title of a CSV file to its O*NET-SOC occupation (or say it is not sure)."""
    from jobrisk.app.title_files import code_titles_file, read_titles_file

    titles = read_titles_file(input_csv)  # fail on a bad file before loading the coder
    counts = code_titles_file(titles, out, _coder(ctx), explain=explain)
    total = sum(counts.values())
    err_console.print(
        f"Coded {total} titles to {out}: {counts.get('matched', 0)} matched, "
        f"{counts.get('uncertain', 0)} uncertain, {counts.get('unknown', 0)} unknown",
        highlight=False,
    )


@app.command()
@handle_errors
def search(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="A job title as a person would type it."),
    duties: str | None = typer.Option(None, "--duties", help="What the job involves (free text)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Show the best O*NET occupations for one title, with the reason for each."""
    match = _coder(ctx).code(title, duties=duties)
    if as_json:
        from dataclasses import asdict

        typer.echo(json.dumps(asdict(match), indent=2))
        return
    console.print(
        f"[bold]{match.input_title}[/] -> cleaned '{match.cleaned_title}': "
        f"{match.status} (confidence {match.confidence:.2f})",
        highlight=False,
    )
    if match.status == "matched":
        console.print(f"Best: {match.onet_soc_code} {match.title}", highlight=False)
    if match.reason:
        console.print(match.reason, highlight=False)
    if match.candidates:
        table = Table("#", "O*NET-SOC", "Occupation", "How", "Sim.", "Why")
        for i, c in enumerate(match.candidates, 1):
            table.add_row(str(i), c.onet_soc_code, c.occupation_title, c.match_kind, f"{c.similarity:.2f}", c.reason)
        console.print(table)


@app.command()
@handle_errors
def suggest(
    ctx: typer.Context,
    prefix: str = typer.Argument(..., help="The start of a job title."),
    limit: int = typer.Option(8, "--limit", min=1, max=50, help="How many suggestions."),
) -> None:
    """Autocomplete a partly typed job title."""
    for s in _coder(ctx).suggest(prefix, limit=limit):
        console.print(f"{s.label}  [dim]({s.onet_soc_code} {s.occupation_title})[/]", highlight=False)


@handle_errors
def evaluate_titles(
    ctx: typer.Context,
    messy: Path | None = value_option(
        "--messy", metavar="GOLD.csv", help="Extra test set: CSV with 'title' and 'gold_codes' (';'-separated) columns."
    ),
    train: int = typer.Option(2500, "--train", help="Held-out titles used to train the re-ranker."),
    test: int = typer.Option(1200, "--test", help="Other held-out titles used to score it."),
    occupations: int = typer.Option(30, "--occupations", help="Whole occupations held out."),
    no_semantic: bool = typer.Option(False, "--no-semantic", help="Without embedding retrieval."),
    show_misses: bool = typer.Option(False, "--show-misses", help="List every wrong top-1."),
) -> None:
    """Evaluate the title coder on held-out O*NET titles and occupations (and a gold CSV)."""
    from jobrisk.models.title_coder.evaluation import evaluate_titles as run
    from jobrisk.models.title_coder.evaluation import format_report

    with open_catalog(ctx) as catalog:
        report = run(
            catalog, train=train, test=test, occupations=occupations, semantic=not no_semantic, messy_path=messy
        )
    console.print(format_report(report, show_misses=show_misses), highlight=False, markup=False)
