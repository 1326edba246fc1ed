"""Scoring a CSV file of tasks, in chunks, into a new CSV.

Input: a ``task`` column (exact name) and optionally ``onet_soc_code``; any other columns are
kept. Output: every input column in input order, then ``p_e0, p_e1, p_e2, exposure,
automation, confidence, flags`` (flags joined by '|', empty when the text is fine), then the
columns of an optional ``annotate`` hook (e.g. observed use and the adoption estimate).

Encodings: UTF-8 (with or without BOM) is expected; a file that is not valid UTF-8 is read
as Windows-1252 (a superset of Latin-1 for text) and the result says so.

Output goes through the one safe writer (:mod:`jobrisk.tabular.safe_writer`): formula-like
cells neutralised, UTF-8 with a BOM (``.xlsx`` gives a workbook), written atomically, so a
failed run leaves no partial file.
"""

from __future__ import annotations

import codecs
import csv
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jobrisk.errors import InputError, MissingColumnError
from jobrisk.models.task_exposure.model import ScoreArrays, TaskExposureModel
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


def _detect_encoding(path: Path) -> str:
    """'utf-8-sig' / 'utf-8' when the whole file decodes as UTF-8, else 'cp1252'."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        head = handle.read(3)
        handle.seek(0)
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig" if head == b"\xef\xbb\xbf" else "utf-8"


def read_header(path: Path, encoding: str) -> list[str]:
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        try:
            return next(csv.reader(handle))
        except StopIteration:
            return []


def check_columns(columns: list[str], what: str = "Input CSV",
                  extra_outputs: Sequence[str] = ()) -> None:
    """Raise MissingColumnError unless a ``task`` column exists; refuse output-name clashes."""
    if TASK_COLUMN not in columns:
        near = [c for c in columns if c.strip().lower() == TASK_COLUMN]
        hint = f" (did you mean to rename {near[0]!r} to 'task'?)" if near else ""
        raise MissingColumnError(what + hint, TASK_COLUMN, columns)
    clash = [c for c in (*OUTPUT_COLUMNS, *extra_outputs) if c in columns]
    if clash:
        raise InputError(f"{what} already has column(s) {', '.join(clash)} that scoring would write; "
                         "rename them first")


def score_csv(model: TaskExposureModel, input_path: str | Path, output_path: str | Path,
              chunk_rows: int = 20000, annotate: Annotate | None = None,
              annotate_columns: Sequence[str] = ()) -> CsvScoringResult:
    """Score every row of ``input_path`` into ``output_path``; returns counts and timing.

    ``annotate`` (with the names of the columns it adds, ``annotate_columns``) is called once
    per chunk after the task model scored it.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    if not input_path.exists():
        raise InputError(f"Input CSV {input_path} does not exist")
    started = time.perf_counter()
    encoding = _detect_encoding(input_path)
    columns = read_header(input_path, encoding)
    check_columns(columns, extra_outputs=annotate_columns)
    rows = flagged = 0
    reader = pd.read_csv(input_path, dtype=str, keep_default_na=False, encoding=encoding,
                         chunksize=chunk_rows, on_bad_lines="error", encoding_errors="replace")
    numeric = [c for c in OUTPUT_COLUMNS if c != "flags"] + list(annotate_columns)
    header = columns + list(OUTPUT_COLUMNS) + list(annotate_columns)
    try:
        with open_table(output_path, header, numeric_columns=numeric) as out:
            for chunk in reader:
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
    except pd.errors.ParserError as exc:
        raise InputError(f"Input CSV {input_path} could not be parsed: {exc}") from exc
    return CsvScoringResult(rows, flagged, encoding, time.perf_counter() - started, output_path)
