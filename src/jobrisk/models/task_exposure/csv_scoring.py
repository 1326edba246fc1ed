"""Scoring a CSV file of tasks, in chunks, into a new CSV.

Input: a ``task`` column (exact name) and optionally ``onet_soc_code``; any other columns are
kept. Output: every input column in input order, then ``p_e0, p_e1, p_e2, exposure,
automation, confidence, flags`` (flags joined by '|', empty when the text is fine), then the
columns of an optional ``annotate`` hook (e.g. observed use and the adoption estimate).

Reading: the one tabular reader (:mod:`jobrisk.tabular.reader`) takes CSV (any usual encoding,
BOM and delimiter) or XLSX; the result names the encoding it read (e.g. ``UTF-8``,
``Windows-1252``).

Output goes through the one safe writer (:mod:`jobrisk.tabular.safe_writer`): formula-like
cells neutralised, UTF-8 with a BOM (``.xlsx`` gives a workbook), written atomically, so a
failed run leaves no partial file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jobrisk.errors import InputError, MissingColumnError
from jobrisk.models.task_exposure.model import ScoreArrays, TaskExposureModel
from jobrisk.tabular.reader import read_table
from jobrisk.tabular.safe_writer import open_table

OUTPUT_COLUMNS = ("p_e0", "p_e1", "p_e2", "exposure", "automation", "confidence", "flags")
TASK_COLUMN = "task"
CODE_COLUMN = "onet_soc_code"
#: ``annotate(texts, codes, scores) -> {column: values}``: extra output columns per chunk.
Annotate = Callable[[Sequence[str], Sequence[str] | None, ScoreArrays], dict[str, list]]


@dataclass(frozen=True)
class CsvScoringResult:
    rows: int
    flagged_rows: int
    encoding: str
    seconds: float
    output_path: Path

    @property
    def tasks_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float("inf")


def check_columns(columns: list[str], what: str = "Input CSV", extra_outputs: Sequence[str] = ()) -> None:
    """Raise MissingColumnError unless a ``task`` column exists; refuse output-name clashes."""
    if TASK_COLUMN not in columns:
        near = [c for c in columns if c.strip().lower() == TASK_COLUMN]
        hint = f" (did you mean to rename {near[0]!r} to 'task'?)" if near else ""
        raise MissingColumnError(what + hint, TASK_COLUMN, columns)
    clash = [c for c in (*OUTPUT_COLUMNS, *extra_outputs) if c in columns]
    if clash:
        raise InputError(f"{what} already has column(s) {', '.join(clash)} that scoring would write; rename them first")


def score_csv(
    model: TaskExposureModel | Callable[[], TaskExposureModel],
    input_path: str | Path,
    output_path: str | Path,
    chunk_rows: int = 20000,
    annotate: Annotate | None = None,
    annotate_columns: Sequence[str] = (),
) -> CsvScoringResult:
    """Score every row of ``input_path`` into ``output_path``; returns counts and timing.

    ``annotate`` (with the names of the columns it adds, ``annotate_columns``) is called once
    per chunk after the task model scored it. The file is read by the one tabular reader
    (:func:`jobrisk.tabular.reader.read_table`: CSV or XLSX, encoding, BOM, delimiter, size
    limits); a row it could not read as it was (say, a cell over the length limit) is an
    InputError naming the row. ``model`` may be a function that loads it: it is called once the
    file is read and checked, so a bad file is refused before the model is loaded.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    if not input_path.exists():
        raise InputError(f"Input CSV {input_path} does not exist")
    started = time.perf_counter()
    table = read_table(input_path)
    if table.problems:
        shown = "; ".join(f"row {p.row}: {p.reason}" for p in table.problems[:10])
        raise InputError(f"Input file {input_path}: {len(table.problems)} row(s) cannot be scored: {shown}")
    columns = list(table.columns)
    check_columns(columns, extra_outputs=annotate_columns)
    if callable(model) and not isinstance(model, TaskExposureModel):
        model = model()
    frame = pd.DataFrame(table.rows, columns=columns, dtype=str)
    rows = flagged = 0
    numeric = [c for c in OUTPUT_COLUMNS if c != "flags"] + list(annotate_columns)
    header = columns + list(OUTPUT_COLUMNS) + list(annotate_columns)
    with open_table(output_path, header, numeric_columns=numeric) as out:
        for start in range(0, len(frame), chunk_rows):
            chunk = frame.iloc[start : start + chunk_rows]
            codes = chunk[CODE_COLUMN].tolist() if CODE_COLUMN in chunk.columns else None
            scores = model.score_arrays(chunk[TASK_COLUMN].tolist(), codes)
            result = chunk.copy()
            for i, name in enumerate(("p_e0", "p_e1", "p_e2")):
                result[name] = scores.proba[:, i].round(4)
            result["exposure"] = scores.exposure.round(4)
            result["automation"] = scores.automation.round(4)
            result["confidence"] = scores.confidence.round(4)
            result["flags"] = ["|".join(f) for f in scores.flags]
            if annotate is not None:
                for name, values in annotate(chunk[TASK_COLUMN].tolist(), codes, scores).items():
                    result[name] = values
            out.write_frame(result)
            rows += len(chunk)
            flagged += sum(1 for f in scores.flags if f)
    return CsvScoringResult(rows, flagged, table.encoding or "XLSX", time.perf_counter() - started, output_path)
