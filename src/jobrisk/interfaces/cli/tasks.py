"""``jobrisk tasks score``: score work tasks (a CSV file or one text) for AI exposure.

A thin shell over :mod:`jobrisk.models.task_exposure`: loads the trained model for the
catalog, calls ``score_csv`` or ``explain``, renders the result.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import JustifyMethod
from rich.table import Table

from jobrisk.errors import InputError
from jobrisk.interfaces.cli.common import (
    console,
    err_console,
    handle_errors,
    open_catalog,
    settings_from,
    output_option,
)
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model stack is imported when a command runs, keeping CLI start-up fast
    from jobrisk.models.task_exposure import TaskExplanation

app = typer.Typer(help="Score work tasks for AI exposure and automation potential.", no_args_is_help=True)


def _render(explanation: TaskExplanation) -> None:
    s = explanation.score
    console.print(f"[bold]Task:[/] {s.text or '(empty)'}", highlight=False)
    table = Table(show_header=True, header_style="bold")
    for name in ("P(E0) none", "P(E1) direct", "P(E2) via tools", "exposure", "automation", "confidence"):
        table.add_column(name, justify="right")
    table.add_row(*(f"{v:.2f}" for v in (s.p_e0, s.p_e1, s.p_e2, s.exposure, s.automation, s.confidence)))
    console.print(table)
    console.print(f"Evidence used: {s.evidence.replace('_', ' ')}", highlight=False)
    if s.flags:
        console.print(f"[yellow]Flagged:[/] {', '.join(s.flags)} -- scored with low confidence.", highlight=False)
    for note in explanation.word_notes:
        console.print(f"[cyan]Words:[/] {note}", highlight=False)
    for note in explanation.same_work_notes + explanation.activity_notes:
        console.print(f"[cyan]Shown:[/] {note}", highlight=False)
    if explanation.neighbours:
        near = _table("Labelled tasks about the same work", "similarity>", "label^", "from<", "occupation<", "task<")
        for n in explanation.neighbours:
            source = "jobrisk modern tasks" if n.source == "modern" else "O*NET"
            near.add_row(f"{n.similarity:.2f}", n.human_exposure, source, n.onet_soc_code, n.task)
        console.print(near)
    if explanation.activities:
        acts = _table(
            "O*NET work activities about the same work (labelled tasks under each)",
            "similarity>",
            "exposed>",
            "tasks>",
            "work activity<",
        )
        for a in explanation.activities:
            share = "-" if a.exposed_share is None else f"{a.exposed_share:.0%}"
            acts.add_row(f"{a.similarity:.2f}", share, str(a.labelled_tasks), a.dwa_title)
        console.print(acts)
    console.print(
        "E0 = no exposure, E1 = an LLM alone halves the time, E2 = halved with LLM-based "
        "software; exposure = P(E1) + 0.5 P(E2); automation = expected T-level / 4.",
        style="dim",
        highlight=False,
    )


_JUSTIFY: dict[str, JustifyMethod] = {">": "right", "^": "center", "<": "left"}


def _table(title: str, *columns: str) -> Table:
    """A table with a bold header; each column is its name and '>' (right), '^' (centre) or '<' (left)."""
    table = Table(title=title, show_header=True, header_style="bold")
    for column in columns:
        table.add_column(column[:-1], justify=_JUSTIFY[column[-1]])
    return table


def _annotator(ctx: typer.Context, catalog):  # -> ObservedUseAnnotator
    from jobrisk.errors import ModelNotTrainedError
    from jobrisk.models.adoption.annotate import ObservedUseAnnotator
    from jobrisk.models.adoption.artifact import load_model

    try:
        adoption = load_model(settings_from(ctx), catalog)
    except ModelNotTrainedError as exc:
        err_console.print(f"[yellow]No adoption estimate for your own task texts:[/] {exc}", highlight=False)
        adoption = None
    return ObservedUseAnnotator(catalog, adoption)


def _exposure_view(scores):  # ScoreArrays -> (n, 4): P(E1), P(E2), exposure, automation
    import numpy as np

    return np.column_stack([scores.proba[:, 1], scores.proba[:, 2], scores.exposure, scores.automation])


def _render_observed(observed: dict | None, p_adoption: float | None, release: str | None) -> None:
    if observed is None:
        console.print(
            f"Observed AI use: not observed (Anthropic Economic Index, release {release}); "
            "not observed is not zero use.",
            highlight=False,
        )
    else:
        mode = {"automation": "mostly AI doing the work", "augmentation": "mostly AI helping the person"}.get(
            observed["mode"] or "", "too few conversations to tell how"
        )
        console.print(
            f"Observed AI use: yes, {observed['share_pct']:.3f}% of classified "
            f"conversations (release {observed['release']}); {mode}.",
            highlight=False,
        )
    if p_adoption is not None:
        console.print(
            f"p_adoption (chance the task shows up in observed AI use): {p_adoption:.2f}"
            + (" (observed)" if observed is not None else ""),
            highlight=False,
        )
    console.print(
        "Observed use: one AI product's users (Claude.ai consumer chat), early 2025.", style="dim", highlight=False
    )


@app.command("score")
@handle_errors
def score(
    ctx: typer.Context,
    input_csv: Path | None = typer.Argument(
        None, metavar="INPUT.csv", help="CSV with a 'task' column (optional 'onet_soc_code')."
    ),
    output: Path | None = output_option(
        metavar="OUTPUT.csv", help="Where to write the scored table (CSV, or an Excel workbook for .xlsx)."
    ),
    text: str | None = typer.Option(None, "--text", help="Score and explain one task text."),
    onet_soc_code: str | None = typer.Option(
        None, "--onet-soc-code", help="Occupation of --text (adds occupation context)."
    ),
    k: int = typer.Option(5, "--k", min=0, max=50, help="Nearest labelled tasks to show with --text."),
    as_json: bool = typer.Option(False, "--json", help="Print the --text result as JSON."),
) -> None:
    """Score a CSV of tasks into a new CSV, or explain the score of one --text."""
    if (input_csv is None) == (text is None):
        raise InputError('Give either INPUT.csv (with -o OUTPUT.csv) or --text "...", not both or neither.')
    if input_csv is not None and output is None:
        raise InputError("Scoring a CSV needs -o OUTPUT.csv.")
    from jobrisk.models.adoption.annotate import COLUMNS as OBSERVED_COLUMNS
    from jobrisk.models.task_exposure import TaskExposureModel, score_csv

    if input_csv is not None and output is not None:
        loaded: list = []  # catalog and annotator, opened with the model once the file is read and checked

        def load_models() -> TaskExposureModel:
            catalog = open_catalog(ctx)
            model = TaskExposureModel.load(settings_from(ctx), catalog)
            loaded.extend((catalog, _annotator(ctx, catalog)))
            return model

        def annotate(texts, codes, scores):  # type: ignore[no-untyped-def]
            catalog, annotator = loaded
            return annotator(catalog, texts, codes, _exposure_view(scores))

        result = score_csv(load_models, input_csv, output, annotate=annotate, annotate_columns=OBSERVED_COLUMNS)
        note = "" if result.encoding.startswith("UTF-8") else f" (read as {result.encoding})"
        err_console.print(
            f"Scored {result.rows:,} tasks into {result.output_path} in {result.seconds:.1f}s "
            f"({result.tasks_per_second:,.0f} tasks/s); {result.flagged_rows:,} flagged{note}.",
            highlight=False,
        )
        return
    assert text is not None  # exactly one of INPUT.csv and --text was given (checked above)
    catalog = open_catalog(ctx)
    model = TaskExposureModel.load(settings_from(ctx), catalog)
    annotator = _annotator(ctx, catalog)
    explanation = model.explain(text, k=k, onet_soc_code=onet_soc_code)
    scores = model.score_arrays([text], [onet_soc_code or ""])
    extra = annotator(catalog, [text], [onet_soc_code or ""], _exposure_view(scores))
    use = annotator.observed(catalog, text, onet_soc_code or "")
    observed = (
        None
        if use is None
        else {
            "share_pct": round(use.usage_share_pct, 6),
            "automation_share": use.automation_share,
            "mode": use.mode,
            "release": use.release,
        }
    )
    if as_json:
        console.print_json(
            json.dumps(
                {
                    **asdict(explanation),
                    "score": explanation.score.as_dict(),
                    "observed_use": observed,
                    "p_adoption": extra["p_adoption"][0],
                }
            )
        )
    else:
        _render(explanation)
        _render_observed(observed, extra["p_adoption"][0], annotator.release)
