"""``jobrisk batch``: score a CSV or Parquet file of any size in chunks, resumably.

Input is read in chunks of ``chunk_rows`` rows, so memory stays bounded whatever the file size.
Each scored chunk is written as one part file in ``OUTPUT.partial/`` (atomically: a part is
either complete or absent), and the part list is the checkpoint: a rerun after an interruption
(Ctrl-C, a killed process, a crash) skips the chunks already written and continues, so no row is
scored twice and none is duplicated. When every chunk is done the parts are joined into OUTPUT
(atomically) and the partial folder is removed. A rerun whose input file or options changed
starts over, and says so.

Bad rows are never dropped silently: a CSV row whose field count differs from the header, or
that holds no value at all (a blank line), is rejected before scoring
(:mod:`jobrisk.app.batch.reading`), and a row that cannot be scored (an empty title, a bad headcount) stays
in the output with its reason; both are listed, with their 1-based data row number, in
``OUTPUT.rejected.csv``.

CSV input: UTF-8 (with or without BOM) or UTF-16 with a BOM; a file that is not valid UTF-8 is
read as Windows-1252 and the result says so. CSV output: UTF-8 with BOM, every text cell made
safe against spreadsheet formula injection, cell for cell as :mod:`jobrisk.tabular.safe_writer`
writes it (:mod:`jobrisk.app.batch.csv_out`).

Job titles are coded on ``scorer.workers`` forked processes (:mod:`jobrisk.app.batch.parallel`):
the new titles of chunk N+1 are handed to them before chunk N is scored and written, so this
process works while they code. ``BatchResult.steps`` says where the time went
(:mod:`jobrisk.app.batch.steps`).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jobrisk.app.batch import csv_out, frames
from jobrisk.app.batch.parallel import TitleWorkers, can_fork
from jobrisk.app.batch.reading import Chunk, csv_chunks, detect_encoding, open_parquet, parquet_chunks
from jobrisk.app.batch.scorer import BatchScorer
from jobrisk.app.batch.steps import StepTimes
from jobrisk.durable import atomic_path, atomic_write_json
from jobrisk.errors import InputError
from jobrisk.tabular.safe_writer import write_csv

KINDS = ("titles", "tasks", "roster")
FORMATS = (".csv", ".parquet")
PART_FORMAT_VERSION = 2
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
    #: wall and CPU seconds per step (see :mod:`jobrisk.app.batch.steps`)
    steps: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows_in / self.seconds if self.seconds > 0 else float("inf")


# ---------------------------------------------------------------------------------- scoring


def score_chunk(
    kind: str, frame: pd.DataFrame, scorer: BatchScorer
) -> tuple[frames.ScoredParts, list[tuple[int, str]]]:
    """Score one chunk; returns the scored parts and (position in chunk, reason) of unusable rows."""
    steps = scorer.steps
    coding = steps.steps.get("code")
    coded_before = (coding.wall_s, coding.cpu_s) if coding else (0.0, 0.0)
    wall, cpu = time.perf_counter(), time.process_time()
    if kind == "titles":
        parts = frames.titles_parts(frame, scorer)
        bad, reasons = _unusable(parts.added[0], "status", lambda s: s.eq("unknown"), "reason")
    elif kind == "tasks":
        parts = frames.tasks_parts(frame, scorer)
        bad, reasons = _unusable(parts.added[0], "flags", lambda s: s.str.contains("empty", regex=False), "flags")
        reasons = ["task text is empty: " + r for r in reasons]
    elif kind == "roster":
        parts = frames.roster_parts(frame, scorer)
        checked = cast(pd.DataFrame, parts.added[1])
        bad = checked["row_error"].ne("").to_numpy().nonzero()[0]
        reasons = [str(r) for r in checked["row_error"].to_numpy()[bad]]
    else:
        raise InputError(f"batch kind must be one of {', '.join(KINDS)}; got {kind!r}")
    coding = steps.steps.get("code")
    coded = (coding.wall_s - coded_before[0], coding.cpu_s - coded_before[1]) if coding else (0.0, 0.0)
    steps.add("score", time.perf_counter() - wall - coded[0], time.process_time() - cpu - coded[1])
    return parts, [(int(i), r) for i, r in zip(bad, reasons)]


def _unusable(part: Any, column: str, is_bad: Callable[[pd.Series], pd.Series], reason: str) -> tuple[Any, list[str]]:
    """Positions of the rows whose distinct value is unusable, and each one's reason."""
    bad_distinct = is_bad(part.distinct[column]).to_numpy(dtype=bool)
    if not bad_distinct.any():
        return np.zeros(0, dtype=np.int64), []
    bad = np.flatnonzero(bad_distinct[part.positions])
    text = part.distinct[reason].to_numpy(dtype=object)
    if reason == "reason":
        text = np.where(text == "", "title could not be coded", text)
    return bad, [str(t) for t in text[part.positions[bad]]]


# ---------------------------------------------------------------------------------- writing


def _part_name(index: int, suffix: str) -> str:
    return f"part-{index:06d}{suffix}"


def _write_part(
    parts: frames.ScoredParts, rejected: list[tuple[int, str]], partial: Path, index: int, suffix: str
) -> None:
    """Write one scored chunk (and its rejected rows) atomically; the part file goes last."""
    atomic_write_json(partial / f"part-{index:06d}.json", {"rows": len(parts), "rejected": rejected})
    atomic_write_json(partial / "columns.json", csv_out.parts_columns(parts))
    with atomic_path(partial / _part_name(index, suffix)) as tmp:
        if suffix == ".csv":
            with open(tmp, "wb") as handle:
                csv_out.write_parts_csv(parts, handle)
        else:
            table = pa.Table.from_pandas(parts.frame(), preserve_index=False)
            pq.write_table(table, tmp)


def _assemble(partial: Path, count: int, output: Path, suffix: str) -> None:
    columns = json.loads((partial / "columns.json").read_text(encoding="utf-8"))
    with atomic_path(output) as tmp:
        if suffix == ".csv":
            with open(tmp, "wb") as out:
                out.write(codecs.BOM_UTF8)
                out.write(csv_out.header_line(columns))
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
        chunks = csv_chunks(input_path, chunk_rows, result.encoding)
    else:
        source = open_parquet(input_path)
        total = source.metadata.num_rows
        chunks = parquet_chunks(source, chunk_rows)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    partial = output_path.with_name(output_path.name + ".partial")
    done, result.restarted_because = _prepare_partial(partial, _fingerprint(input_path, kind, chunk_rows, suffix))
    result.chunks_resumed = done
    scorer.steps = steps = StepTimes()
    pool = _title_pool(kind, scorer)
    scorer.title_pool = pool

    def finish(index: int, chunk: Chunk, rows_in: int) -> None:
        scored, unusable = score_chunk(kind, chunk.frame, scorer)
        rejected = sorted(chunk.rejected + _row_numbers(chunk, unusable))
        with steps.timed("write"):
            _write_part(scored, rejected, partial, index, suffix)
            pa.default_memory_pool().release_unused()  # the chunk's Arrow buffers back to the system
        if progress is not None:
            progress(rows_in, total)

    try:
        pending: tuple[int, Chunk, int] | None = None
        for index, chunk in _timed(enumerate(chunks), steps):
            result.rows_in += len(chunk.frame) + len(chunk.rejected)
            result.chunks = index + 1
            if index < done:
                continue
            if pool is not None:  # the workers start on this chunk's new titles now
                pool.submit(frames.chunk_titles(kind, chunk.frame))
            if pending is not None:  # ... while this process scores and writes the chunk before
                finish(*pending)
            pending = (index, chunk, result.rows_in)
        if pending is not None:
            finish(*pending)
        elif progress is not None:
            progress(result.rows_in, total)
    except InputError:
        if result.chunks == 0 and done == 0:
            shutil.rmtree(partial, ignore_errors=True)  # nothing was scored: leave nothing behind
        raise
    finally:
        if pool is not None:
            pool.close()
        scorer.title_pool = None
    with steps.timed("assemble"):
        _assemble(partial, result.chunks, output_path, suffix)
        result.rejected_path, listed, result.rejected_sample = _write_rejected(partial, result.chunks, output_path)
        result.rejected = listed
        result.rows_out = sum(_part_meta(partial, i)["rows"] for i in range(result.chunks))
        shutil.rmtree(partial)
    result.seconds = time.perf_counter() - started
    result.steps = steps.as_dict()
    return result


def _title_pool(kind: str, scorer: BatchScorer) -> TitleWorkers | None:
    """Worker processes for the run's new job titles (``scorer.workers`` > 1, where fork exists)."""
    if kind == "tasks" or scorer.workers < 2 or not can_fork():
        return None
    return TitleWorkers(scorer.coder, scorer.title_memo, scorer.workers, scorer.steps)


def _timed(chunks: Iterator[tuple[int, Chunk]], steps: StepTimes) -> Iterator[tuple[int, Chunk]]:
    """``chunks``, the time spent reading each counted as the ``read`` step."""
    while True:
        with steps.timed("read"):
            item = next(chunks, None)
        if item is None:
            return
        yield item


def _row_numbers(chunk: Chunk, unusable: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(1-based data row number, reason) of the chunk's unusable frame rows (rejected lines are
    not in the frame, but they have row numbers)."""
    if not unusable:
        return []
    span = np.arange(chunk.first_row, chunk.first_row + len(chunk.frame) + len(chunk.rejected))
    kept = np.setdiff1d(span, np.array([row for row, _ in chunk.rejected], dtype=span.dtype), assume_unique=True)
    return [(int(kept[i]), reason) for i, reason in unusable]


def file_digest(path: Path) -> str:
    """sha256 of a file (used by tests and benchmarks to compare outputs)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
