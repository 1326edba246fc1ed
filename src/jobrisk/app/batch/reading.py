"""Reading a batch input file in chunks: CSV (any usual encoding) or Parquet.

A chunk covers ``chunk_rows`` consecutive data rows of the file (row 1 is the first row after
the header): the rows that can be read, as a frame of text columns, and the 1-based number and
reason of each row that cannot (a different number of fields than the header, a blank line).
Chunks are the same on every read of the same file, which is what lets an interrupted
``jobrisk batch`` run resume.

CSV is parsed by Arrow's streaming reader (one thread, so the reader knows each bad row's
number): fields quoted as the ``csv`` module and spreadsheets quote them (line breaks inside
quotes included), every cell read as text exactly as written (no type guessing, an empty cell
stays ''). A row with no value at all (an empty line, or nothing but separators) is a blank line.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from jobrisk.errors import InputError

#: bytes Arrow parses at a time (each block becomes one record batch)
BLOCK_BYTES = 4 << 20


@dataclass
class Chunk:
    frame: pd.DataFrame
    first_row: int  # 1-based data row number of the chunk's first input row
    rejected: list[tuple[int, str]]  # (row, reason) of lines that could not be read


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


def _header(path: Path, encoding: str) -> list[str]:
    with path.open("r", encoding=encoding, errors="strict", newline="") as handle:
        try:
            header = next(csv.reader(handle))
        except StopIteration:
            raise InputError(f"Input file {path} is empty; it needs a header row") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"Input file {path} is not a readable CSV file: {exc}") from exc
    if len(set(header)) != len(header):
        raise InputError(f"Input file {path} repeats a column name in its header: {header}")
    return header


class _Rows:
    """Gives each readable row its data row number, skipping the numbers of unreadable rows."""

    def __init__(self, width: int):
        self.width = width
        self.next_row = 1
        self.unreadable: list[tuple[int, str]] = []  # (row, reason), in file order
        self._seen = 0  # unreadable rows already placed

    def invalid(self, row: pacsv.InvalidRow) -> str:
        number = (row.number - 1) if row.number is not None else -1  # row 1 of the file is the header
        if not row.text.strip():
            reason = "blank line"
        else:
            reason = f"{row.actual_columns} fields, the header has {self.width}"
        self.unreadable.append((number, reason))
        return "skip"

    def numbers(self, count: int) -> tuple[np.ndarray, list[tuple[int, str]]]:
        """Row numbers of the next ``count`` readable rows, and the unreadable rows among them."""
        out = np.empty(count, dtype=np.int64)
        placed: list[tuple[int, str]] = []
        done = 0
        while done < count:
            bad = self._next_bad()
            take = count - done if bad is None else min(count - done, bad - self.next_row)
            out[done : done + take] = np.arange(self.next_row, self.next_row + take)
            done += take
            self.next_row += take
            if done < count:
                placed.append(self._place())
        return out, placed

    def rest(self) -> list[tuple[int, str]]:
        """The unreadable rows after the last readable one."""
        placed = []
        while self._seen < len(self.unreadable):
            placed.append(self._place())
        return placed

    def _next_bad(self) -> int | None:
        if self._seen >= len(self.unreadable):
            return None
        number = self.unreadable[self._seen][0]
        return number if number >= self.next_row else self.next_row  # an unknown number: here

    def _place(self) -> tuple[int, str]:
        _, reason = self.unreadable[self._seen]
        self._seen += 1
        placed = (self.next_row, reason)
        self.next_row += 1
        return placed


def csv_chunks(path: Path, chunk_rows: int, encoding: str) -> Iterator[Chunk]:
    """The chunks of a CSV file (see the module docstring)."""
    header = _header(path, encoding)
    rows = _Rows(len(header))
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                use_threads=False, block_size=BLOCK_BYTES, encoding="utf-8" if encoding == "utf-8-sig" else encoding
            ),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=rows.invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
        pieces: list[tuple[pa.Table, np.ndarray]] = []
        rejected: list[tuple[int, str]] = []
        first = 1
        for batch in _batches(reader, path):
            table = pa.Table.from_batches([batch])
            numbers, placed = rows.numbers(table.num_rows)
            rejected.extend(placed)
            blank = _blank(table)
            if blank is not None:
                rejected.extend((int(n), "blank line") for n in numbers[blank])
                keep = ~blank
                table, numbers = table.filter(pa.array(keep)), numbers[keep]
            pieces.append((table, numbers))
            while rows.next_row > first + chunk_rows - 1:  # every row of the chunk is placed
                yield _cut(pieces, rejected, first, first + chunk_rows, header)
                first += chunk_rows
        rejected.extend(rows.rest())
        end = rows.next_row if rows.next_row > 1 else 2  # a file without rows: one empty chunk
        while first < end:
            yield _cut(pieces, rejected, first, first + chunk_rows, header)
            first += chunk_rows
    except pa.ArrowInvalid as exc:
        raise InputError(f"Input file {path} is not a readable CSV file: {exc}") from exc


def _batches(reader: pacsv.CSVStreamingReader, path: Path) -> Iterator[pa.RecordBatch]:
    while True:
        try:
            yield reader.read_next_batch()
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise InputError(f"Input file {path} is not readable as {exc.encoding}: {exc}") from exc


def _blank(table: pa.Table) -> np.ndarray | None:
    """Which rows have no value in any column (None when there is none)."""
    if table.num_rows == 0 or table.num_columns == 0:
        return None
    empty = pc.equal(pc.utf8_length(table.column(0)), 0)
    for i in range(1, table.num_columns):
        empty = pc.and_(empty, pc.equal(pc.utf8_length(table.column(i)), 0))
    mask = empty.to_numpy(zero_copy_only=False)
    return mask if mask.any() else None


def _cut(
    pieces: list[tuple[pa.Table, np.ndarray]], rejected: list[tuple[int, str]], first: int, end: int, header: list[str]
) -> Chunk:
    """The chunk of rows ``first`` to ``end - 1``, taken off the front of ``pieces`` and ``rejected``."""
    taken: list[pa.Table] = []
    while pieces:
        table, numbers = pieces[0]
        cut = int(np.searchsorted(numbers, end))
        if cut < len(numbers):
            taken.append(table.slice(0, cut))
            pieces[0] = (table.slice(cut), numbers[cut:])
            break
        taken.append(table)
        pieces.pop(0)
    inside = [r for r in rejected if r[0] < end]
    rejected[:] = [r for r in rejected if r[0] >= end]
    if taken:
        frame = pa.concat_tables(taken).to_pandas()
    else:
        frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in header})
    return Chunk(frame, first, inside)


def open_parquet(path: Path) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"Input file {path} is not a readable Parquet file: {exc}") from exc


def parquet_chunks(source: pq.ParquetFile, chunk_rows: int) -> Iterator[Chunk]:
    first = 1
    any_batch = False
    for batch in source.iter_batches(batch_size=chunk_rows):
        any_batch = True
        frame = batch.to_pandas()
        yield Chunk(frame, first, [])
        first += len(frame)
    if not any_batch:
        yield Chunk(source.schema_arrow.empty_table().to_pandas(), 1, [])
