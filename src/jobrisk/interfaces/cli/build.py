"""``jobrisk build``: build the reference catalog (and run the post-build steps) from the raw data.

A thin shell over :func:`jobrisk.app.pipeline.build_all`: shows progress per step, then
the row counts, fingerprint and elapsed time.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jobrisk.interfaces.cli.common import console, handle_errors, settings_from, value_option


@handle_errors
def build(
    ctx: typer.Context,
    data_dir: Path | None = value_option(
        "--data-dir",
        metavar="DIR",
        help="Data directory to build in (overrides the global --data-dir / $JOBRISK_DATA_DIR).",
    ),
    no_verify: bool = typer.Option(
        False,
        "--no-verify",
        help="Build even from raw files whose checksum the source registry does not know "
        "(they are recorded as 'unverified').",
    ),
    scores_only: bool = typer.Option(
        False,
        "--scores-only",
        help="Only score every occupation of the existing catalog again and store the scores "
        "(after a change of the scoring method); the catalog and models stay as they are.",
    ),
) -> None:
    """Build the reference catalog from the synced raw data (run 'jobrisk data sync' first)."""
    settings = settings_from(ctx)
    if data_dir is not None:
        settings = settings.with_data_dir(data_dir)
    if scores_only:
        from jobrisk.app.pipeline import rebuild_scores

        count = rebuild_scores(settings)
        console.print(f"Stored the scores of {count} occupations in {settings.models_dir}", highlight=False)
        return
    console.print(f"Building [bold]{settings.catalog_path}[/] from {settings.raw_dir}", highlight=False)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:

        def progress(label: str, number: int, total: int) -> None:
            if not bar.tasks:
                bar.add_task(label, total=total)
            bar.update(bar.tasks[0].id, description=label, completed=number - 1, total=total)

        from jobrisk.app.pipeline import build_all  # heavy (models): imported when the command runs

        result = build_all(settings, progress=progress, verify_checksums=not no_verify)
        if bar.tasks:
            bar.update(bar.tasks[0].id, description="Done", completed=bar.tasks[0].total)

    table = Table(title="Catalog rows", show_header=True, header_style="bold")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in sorted(result.row_counts.items()):
        table.add_row(name, f"{count:,}")
    console.print(table)
    for note in result.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    console.print(f"Fingerprint {result.fingerprint}", highlight=False)
    console.print(f"Built {result.path} in {result.seconds:.1f} s", highlight=False)
