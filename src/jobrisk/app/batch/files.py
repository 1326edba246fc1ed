"""``jobrisk batch``: score a CSV or Parquet file of any size in chunks, resumably.

Input is read in chunks of ``chunk_rows`` rows, so memory stays bounded whatever the file size.
Each scored chunk is written as one part file in ``OUTPUT.partial/`` (atomically: a part is
either complete or absent), and the part list is the checkpoint: a rerun after an interruption
(Ctrl-C, a killed process, a crash) skips the chunks already written and continues, so no row is
scored twice and none is duplicated. When every chunk is done the parts are joined into OUTPUT
(atomically) and the partial folder is removed. A rerun whose input file or options changed
starts over, and says so.

Bad rows are never dropped silently: a CSV line whose field count differs from the header is
rejected before scoring, and a row that cannot be scored (an empty title, a bad headcount) stays
in the output with its reason; both are listed, with their 1-based data row number, in
``OUTPUT.rejected.csv``.

CSV input: UTF-8 (with or without BOM) or UTF-16 with a BOM; a file that is not valid UTF-8 is
read as Windows-1252 and the result says so. CSV output: UTF-8 with BOM, every text cell made
safe against spreadsheet formula injection (:mod:`jobrisk.tabular.safe_writer`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jobrisk.app.batch import frames
from jobrisk.app.batch.scorer import BatchScorer
from jobrisk.durable import atomic_path, atomic_write_json
from jobrisk.errors import InputError
from jobrisk.tabular.safe_writer import FORMULA_TRIGGERS, QUOTE, neutralise, write_csv

KINDS = ("titles", "tasks", "roster")
FORMATS = (".csv", ".parquet")
PART_FORMAT_VERSION = 1
DEFAULT_CHUNK_ROWS = 100_000

Progress = Callable[[int, int | None], None]  # (rows done, rows in total or None)


@dataclass
class BatchResult:
    kind: str
    input_path: Path
    output_path: Path
    rows_in: int = 0
    rows_out: int = 0
    rejected: int = 0
    chunks: int = 0
    chunks_resumed: int = 0
    restarted_because: str = ""
    encoding: str = ""
    seconds: float = 0.0
    rejected_path: Path | None = None
    rejected_sample: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows_in / self.seconds if self.seconds > 0 else float("inf")


# ---------------------------------------------------------------------------------- reading


def detect_encoding(path: Path) -> str:
    """The text encoding of a CSV file: BOM first, then whole-file UTF-8 validation, else cp1252."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


@dataclass
class Chunk:
    frame: pd.DataFrame
    first_row: int  # 1-based data row number of the chunk's first input row
    rejected: list[tuple[int, str]]  # (row, reason) of lines that could not be read


def _csv_chunks(path: Path, chunk_rows: int, encoding: str) -> Iterator[Chunk]:
    with path.open("r", encoding=encoding, errors="strict", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"Input file {path} is empty; it needs a header row") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"Input file {path} is not a readable CSV file: {exc}") from exc
        if len(set(header)) != len(header):
            raise InputError(f"Input file {path} repeats a column name in its header: {header}")
        width = len(header)
        rows: list[list[str]] = []
        rejected: list[tuple[int, str]] = []
        row_number = 0
        first = 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                row_number += 1
                rejected.append((row_number, f"line {reader.line_num}: not readable as CSV ({exc})"))
                continue
            row_number += 1
            if len(record) != width:
                if not any(cell.strip() for cell in record):
                    rejected.append((row_number, "blank line"))
                else:
                    rejected.append(
                        (row_number, f"line {reader.line_num}: {len(record)} fields, the header has {width}")
                    )
            else:
                rows.append(record)
            if row_number - first + 1 >= chunk_rows:
                yield Chunk(pd.DataFrame(rows, columns=header, dtype=object), first, rejected)
                rows, rejected, first = [], [], row_number + 1
        if rows or rejected or first == 1:
            yield Chunk(pd.DataFrame(rows, columns=header, dtype=object), first, rejected)


def open_parquet(path: Path) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"Input file {path} is not a readable Parquet file: {exc}") from exc


def _parquet_chunks(source: pq.ParquetFile, chunk_rows: int) -> Iterator[Chunk]:
    first = 1
    any_batch = False
    for batch in source.iter_batches(batch_size=chunk_rows):
        any_batch = True
        frame = batch.to_pandas()
        yield Chunk(frame, first, [])
        first += len(frame)
    if not any_batch:
        yield Chunk(source.schema_arrow.empty_table().to_pandas(), 1, [])


# ---------------------------------------------------------------------------------- scoring


def score_chunk(kind: str, frame: pd.DataFrame, scorer: BatchScorer) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Score one chunk; returns the scored frame and (position in chunk, reason) of unusable rows."""
    out: pd.DataFrame
    if kind == "titles":
        out = cast(pd.DataFrame, frames.score_titles(frame, scorer))
        bad = out["status"].eq("unknown").to_numpy()
        reasons = out["reason"].where(out["reason"] != "", "title could not be coded")
    elif kind == "tasks":
        out = cast(pd.DataFrame, frames.score_tasks(frame, scorer))
        bad = out["flags"].str.contains("empty", regex=False).to_numpy()
        reasons = "task text is empty: " + out["flags"]
    elif kind == "roster":
        out = cast(pd.DataFrame, frames.score_roster(frame, scorer))
        bad = out["row_error"].ne("").to_numpy()
        reasons = out["row_error"]
    else:
        raise InputError(f"batch kind must be one of {', '.join(KINDS)}; got {kind!r}")
    positions = [int(i) for i in bad.nonzero()[0]]
    return out, [(i, str(reasons.iloc[i])) for i in positions]


# ---------------------------------------------------------------------------------- writing


def safe_text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell neutralised against formula injection (vectorised)."""
    out = frame.copy()
    triggers = list(FORMULA_TRIGGERS) + [QUOTE]
    for name in out.columns:
        column = out[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            text = column.astype(object).where(column.notna(), "").map(str)
            risky = text.str[:1].isin(triggers)
            if risky.any():
                text = text.where(~risky, text[risky].map(neutralise))
            out[name] = text
    safe_columns = [neutralise(str(c)) for c in out.columns]
    out.columns = safe_columns
    return out


def _part_name(index: int, suffix: str) -> str:
    return f"part-{index:06d}{suffix}"


def _write_part(frame: pd.DataFrame, rejected: list[tuple[int, str]], partial: Path, index: int, suffix: str) -> None:
    """Write one scored chunk (and its rejected rows) atomically; the part file goes last."""
    atomic_write_json(partial / f"part-{index:06d}.json", {"rows": len(frame), "rejected": rejected})
    atomic_write_json(partial / "columns.json", [str(c) for c in frame.columns])
    with atomic_path(partial / _part_name(index, suffix)) as tmp:
        if suffix == ".csv":
            safe_text_frame(frame).to_csv(tmp, index=False, header=False, encoding="utf-8", lineterminator="\r\n")
        else:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            pq.write_table(table, tmp)


def _assemble(partial: Path, count: int, output: Path, suffix: str) -> None:
    columns = json.loads((partial / "columns.json").read_text(encoding="utf-8"))
    with atomic_path(output) as tmp:
        if suffix == ".csv":
            with open(tmp, "wb") as out:
                out.write(codecs.BOM_UTF8)
                header = pd.DataFrame(columns=columns)
                out.write(safe_text_frame(header).to_csv(index=False, lineterminator="\r\n").encode("utf-8"))
                for i in range(count):
                    with (partial / _part_name(i, suffix)).open("rb") as part:
                        shutil.copyfileobj(part, out, 1 << 20)
        else:
            writer = None
            try:
                for i in range(count):
                    table = pq.read_table(partial / _part_name(i, suffix))
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, table.schema)
                    elif table.schema != writer.schema:
                        table = table.cast(writer.schema)
                    writer.write_table(table)
            finally:
                if writer is not None:
                    writer.close()


def _part_meta(partial: Path, index: int) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads((partial / f"part-{index:06d}.json").read_text(encoding="utf-8")))


def _write_rejected(partial: Path, count: int, output: Path) -> tuple[Path | None, int, list[tuple[int, str]]]:
    rows: list[tuple[int, str]] = []
    for i in range(count):
        rows.extend((int(r[0]), str(r[1])) for r in _part_meta(partial, i)["rejected"])
    target = output.with_name(output.stem + ".rejected.csv")
    if not rows:
        target.unlink(missing_ok=True)
        return None, 0, []
    rows.sort()
    write_csv(target, ["row", "reason"], rows)
    return target, len(rows), rows[:10]


# ---------------------------------------------------------------------------------- driver


def _fingerprint(input_path: Path, kind: str, chunk_rows: int, suffix: str) -> dict[str, Any]:
    stat = input_path.stat()
    return {
        "version": PART_FORMAT_VERSION,
        "kind": kind,
        "input": str(input_path.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "chunk_rows": chunk_rows,
        "output_format": suffix,
    }


def _prepare_partial(partial: Path, fingerprint: dict[str, Any]) -> tuple[int, str]:
    """(chunks already done, why the partial output was discarded or '')."""
    manifest = partial / "manifest.json"
    if partial.is_dir():
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = None
        if previous == fingerprint:
            done = 0
            while (partial / _part_name(done, fingerprint["output_format"])).exists():
                done += 1
            return done, ""
        reason = (
            "the input file or the options changed since the interrupted run"
            if previous is not None
            else "the partial output had no readable manifest"
        )
        shutil.rmtree(partial)
    else:
        reason = ""
    partial.mkdir(parents=True)
    atomic_write_json(manifest, fingerprint)
    return 0, reason


def _check_paths(input_path: Path, output_path: Path) -> str:
    if not input_path.exists():
        raise InputError(f"Input file {input_path} does not exist")
    for path, what in ((input_path, "Input"), (output_path, "Output")):
        if path.suffix.lower() not in FORMATS:
            raise InputError(f"{what} file {path} must end in .csv or .parquet")
    if input_path.resolve() == output_path.resolve():
        raise InputError("The output file must not be the input file")
    return output_path.suffix.lower()


def run_batch(
    kind: str,
    input_path: str | Path,
    output_path: str | Path,
    scorer: BatchScorer,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    progress: Progress | None = None,
) -> BatchResult:
    """Score ``input_path`` into ``output_path`` (see the module docstring); resumes when it can."""
    if kind not in KINDS:
        raise InputError(f"batch kind must be one of {', '.join(KINDS)}; got {kind!r}")
    if chunk_rows < 1:
        raise InputError(f"chunk size must be at least 1 row; got {chunk_rows}")
    input_path, output_path = Path(input_path), Path(output_path)
    suffix = _check_paths(input_path, output_path)
    started = time.perf_counter()
    result = BatchResult(kind, input_path, output_path)
    total: int | None = None
    if input_path.suffix.lower() == ".csv":
        result.encoding = detect_encoding(input_path)
        chunks = _csv_chunks(input_path, chunk_rows, result.encoding)
    else:
        source = open_parquet(input_path)
        total = source.metadata.num_rows
        chunks = _parquet_chunks(source, chunk_rows)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    partial = output_path.with_name(output_path.name + ".partial")
    done, result.restarted_because = _prepare_partial(partial, _fingerprint(input_path, kind, chunk_rows, suffix))
    result.chunks_resumed = done
    try:
        for index, chunk in enumerate(chunks):
            result.rows_in += len(chunk.frame) + len(chunk.rejected)
            if index >= done:
                scored, unusable = score_chunk(kind, chunk.frame, scorer)
                kept_rows = _kept_row_numbers(chunk)
                rejected = sorted(chunk.rejected + [(kept_rows[i], reason) for i, reason in unusable])
                _write_part(scored, rejected, partial, index, suffix)
            result.chunks = index + 1
            if progress is not None:
                progress(result.rows_in, total)
    except InputError:
        if result.chunks == 0 and done == 0:
            shutil.rmtree(partial, ignore_errors=True)  # nothing was scored: leave nothing behind
        raise
    _assemble(partial, result.chunks, output_path, suffix)
    result.rejected_path, listed, result.rejected_sample = _write_rejected(partial, result.chunks, output_path)
    result.rejected = listed
    result.rows_out = sum(_part_meta(partial, i)["rows"] for i in range(result.chunks))
    shutil.rmtree(partial)
    result.seconds = time.perf_counter() - started
    return result


def _kept_row_numbers(chunk: Chunk) -> list[int]:
    """1-based data row numbers of the chunk's frame rows (rejected lines are not in the frame)."""
    skipped = {row for row, _ in chunk.rejected}
    numbers: list[int] = []
    row = chunk.first_row
    while len(numbers) < len(chunk.frame):
        if row not in skipped:
            numbers.append(row)
        row += 1
    return numbers


def file_digest(path: Path) -> str:
    """sha256 of a file (used by tests and benchmarks to compare outputs)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
