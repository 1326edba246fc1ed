"""CSV text of a scored chunk, vectorised: the rule of :mod:`jobrisk.tabular.safe_writer`, fast.

Every cell is written as :func:`jobrisk.tabular.safe_writer.csv_cell` writes it: text made safe
against formula injection (:func:`~jobrisk.tabular.safe_writer.neutralise`), numbers as Python
writes them (``45.0``, ``0.1234``), missing values as an empty cell; quoted as the ``csv``
module quotes (only a cell holding a comma, a double quote or a line break, quotes doubled).
Rows end in CRLF. The work is done column by column on Arrow arrays: the formula rule runs in
Python only on the rare cells that start with a trigger character, and numbers are formatted
once per distinct value.

:func:`rendered_cells` gives one column's cells, so a caller can render a table of distinct
values once and repeat its rows (``take``) instead of rendering every row.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from jobrisk.app.batch.frames import DistinctRows, ScoredParts
from jobrisk.tabular.safe_writer import FORMULA_TRIGGERS, QUOTE, csv_cell, neutralise

_FIRST_CHARACTERS = pa.array(sorted(FORMULA_TRIGGERS | {QUOTE}))
_NEEDS_CSV_QUOTES = r'[",\r\n]'


def _text_array(values: pd.Series) -> pa.Array:
    """A text column as an Arrow string array, missing values as ''."""
    array = pa.array(values, type=pa.string(), from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return pc.fill_null(array, "") if array.null_count else array


def safe_text(array: pa.Array) -> pa.Array:
    """Text cells neutralised against formula injection and quoted where CSV needs it."""
    first = pc.utf8_slice_codeunits(array, 0, 1)
    risky = pc.is_in(first, value_set=_FIRST_CHARACTERS)
    if pc.any(risky).as_py():
        positions = np.flatnonzero(risky.to_numpy(zero_copy_only=False))
        fixed = [neutralise(t) for t in array.take(pa.array(positions)).to_pylist()]
        array = pc.replace_with_mask(array, risky, pa.array(fixed, type=pa.string()))
    quoted = pc.match_substring_regex(array, _NEEDS_CSV_QUOTES)
    if pc.any(quoted).as_py():
        doubled = pc.replace_substring(array, '"', '""')
        array = pc.if_else(quoted, pc.binary_join_element_wise('"', doubled, '"', ""), array)
    return array


def _number_array(values: pd.Series) -> pa.Array:
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    cells = pa.array([csv_cell(v) for v in distinct.tolist()], type=pa.string())
    return cells.take(pa.array(codes))


def rendered_cells(values: pd.Series) -> pa.Array:
    """One column's CSV cells (see the module docstring), one per row."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        return _number_array(values)
    if pd.api.types.is_object_dtype(dtype) and len(values) and not all(isinstance(v, str) for v in values.head(1000)):
        return safe_text(pa.array([csv_cell(v) for v in values.tolist()], type=pa.string()))
    return safe_text(_text_array(values))


#: rows joined at a time (keeps every joined block far below Arrow's 2 GB per string array)
JOIN_ROWS = 16_384


def join_rows(columns: Sequence[pa.Array]) -> bytes:
    """The CSV lines of rendered columns (same length each), CRLF after every row."""
    rows = len(columns[0]) if columns else 0
    blocks = []
    for start in range(0, rows, JOIN_ROWS):
        block = [c.slice(start, JOIN_ROWS) for c in columns]
        lines = pc.binary_join_element_wise(*block, ",") if len(block) > 1 else block[0]
        blocks.append(_values_bytes(pc.binary_join_element_wise(lines, "", "\r\n")))  # CRLF
    return b"".join(blocks)


def _values_bytes(lines: pa.Array) -> bytes:
    """The concatenated text of a string array without nulls (its values buffer, sliced)."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=lines.offset + len(lines) + 1)
    start, end = int(offsets[lines.offset]), int(offsets[-1])
    return lines.buffers()[2].to_pybytes()[start:end] if end > start else b""


def header_line(columns: Sequence[object]) -> bytes:
    """The header row: column names made safe like text cells."""
    return join_rows([safe_text(pa.array([str(c)], type=pa.string())) for c in columns])


def _frame_cells(frame: pd.DataFrame) -> list[pa.Array]:
    return [rendered_cells(frame.iloc[:, i]) for i in range(frame.shape[1])]


def frame_csv(frame: pd.DataFrame) -> bytes:
    """Every row of ``frame`` as safe CSV lines (no header)."""
    return join_rows(_frame_cells(frame))


def write_parts_csv(parts: ScoredParts, handle: BinaryIO) -> None:
    """Write the CSV lines of a scored chunk to ``handle``, :data:`JOIN_ROWS` rows at a time
    (so the text of a whole chunk is never held at once); the distinct rows of a part are
    rendered once."""
    distinct = []
    for part in parts.added:
        if isinstance(part, DistinctRows):
            cells = _frame_cells(part.distinct)
            distinct.append(pc.binary_join_element_wise(*cells, ",") if len(cells) > 1 else cells[0])
    for start in range(0, len(parts), JOIN_ROWS):
        rows = slice(start, start + JOIN_ROWS)
        columns = _frame_cells(parts.inputs.iloc[rows])
        joined = iter(distinct)
        for part in parts.added:
            if isinstance(part, DistinctRows):
                columns.append(next(joined).take(pa.array(part.positions[rows])))
            else:
                columns.extend(_frame_cells(part.iloc[rows]))
        handle.write(join_rows(columns))


def parts_csv(parts: ScoredParts) -> bytes:
    """The CSV lines of a scored chunk (see :func:`write_parts_csv`)."""
    buffer = io.BytesIO()
    write_parts_csv(parts, buffer)
    return buffer.getvalue()


def parts_columns(parts: ScoredParts) -> list[str]:
    names = [str(c) for c in parts.inputs.columns]
    for part in parts.added:
        names.extend(str(c) for c in (part.distinct if isinstance(part, DistinctRows) else part).columns)
    return names
