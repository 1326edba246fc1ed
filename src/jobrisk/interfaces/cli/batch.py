"""``jobrisk batch titles|tasks|roster INPUT -o OUTPUT``: a thin shell over
:func:`jobrisk.app.batch.run_batch` with a progress bar."""

from __future__ import annotations

from pathlib import Path

import typer

from jobrisk.interfaces.cli.common import err_console, handle_errors, settings_from

app = typer.Typer(
    help="Score files of any size: job titles, tasks or a roster (CSV or Parquet), "
    "in chunks, resumable after an interruption.",
    no_args_is_help=True,
)

_INPUT = typer.Argument(..., metavar="INPUT", help="A .csv or .parquet file.")
_OUTPUT = typer.Option(..., "-o", "--output", metavar="OUTPUT", help="Where to write the result (.csv or .parquet).")
_CHUNK = typer.Option(100_000, "--chunk-rows", min=1, help="Rows read and scored at a time.")
_TIMINGS = typer.Option(
    False, "--timings", help="Print the wall and CPU seconds of each step (read, code, score, write)."
)
_WORKERS = typer.Option(
    None, "--workers", min=1, help="Processes coding new job titles (default: one per CPU this process may use)."
)


def _run(
    ctx: typer.Context,
    kind: str,
    input_path: Path,
    output: Path,
    chunk_rows: int,
    workers: int | None,
    timings: bool = False,
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from jobrisk.app.batch import BatchScorer, run_batch
    from jobrisk.app.batch.parallel import default_workers

    with err_console.status("Loading the title coder and occupation scores..."):
        scorer = BatchScorer.load(settings_from(ctx), titles=kind != "tasks")
    scorer.workers = workers or default_workers()
    columns = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=err_console, transient=False) as bar:
        task = bar.add_task(f"Scoring {kind}", total=None)

        def progress(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        result = run_batch(kind, input_path, output, scorer, chunk_rows=chunk_rows, progress=progress)
    if result.restarted_because:
        err_console.print(f"Started over: {result.restarted_because}.", highlight=False)
    if result.chunks_resumed:
        err_console.print(
            f"Resumed: {result.chunks_resumed} of {result.chunks} chunks were already scored by an earlier run.",
            highlight=False,
        )
    if result.encoding == "cp1252":
        err_console.print("The input is not valid UTF-8; it was read as Windows-1252.", highlight=False)
    err_console.print(
        f"Scored {result.rows_out:,} rows into {output} in {result.seconds:.1f} s "
        f"({result.rows_per_second:,.0f} rows/s).",
        highlight=False,
    )
    if result.rejected:
        err_console.print(
            f"[yellow]{result.rejected:,} rows could not be used[/]; each is listed with "
            f"its row number and reason in {result.rejected_path}:",
            highlight=False,
        )
        for row, reason in result.rejected_sample[:5]:
            err_console.print(f"  row {row}: {reason}", highlight=False, markup=False)
    if timings:
        for step, spent in result.steps.items():
            err_console.print(
                f"  {step:<14} {spent['wall_s']:8.2f} s wall {spent['cpu_s']:8.2f} s CPU", highlight=False
            )


#: One command per kind of input, each with the same options: kind -> its help text.
KINDS = {
    "titles": "Code a 'title' column and add each occupation's risk, exposure and automation.",
    "tasks": "Score a 'task' column (optional 'onet_soc_code') for AI exposure and automation.",
    "roster": "Code a roster's job titles (job_title/title/position; optional headcount) and add risk.",
}


def _add_command(kind: str, help_text: str) -> None:
    def command(
        ctx: typer.Context,
        input_path: Path = _INPUT,
        output: Path = _OUTPUT,
        chunk_rows: int = _CHUNK,
        workers: int | None = _WORKERS,
        timings: bool = _TIMINGS,
    ) -> None:
        _run(ctx, kind, input_path, output, chunk_rows, workers, timings)

    command.__doc__ = help_text
    app.command(name=kind)(handle_errors(command))


for _kind, _help in KINDS.items():
    _add_command(_kind, _help)
