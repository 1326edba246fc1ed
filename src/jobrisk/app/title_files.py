"""Coding a user's file of job titles (``jobrisk titles code``): read, code, write.

The file is read by the one tabular reader (:func:`jobrisk.tabular.reader.read_table`: CSV with
any usual encoding, BOM and delimiter, or XLSX, with size limits); it needs a ``title`` column.
Coding adds the columns of :func:`jobrisk.models.title_coder.csv_coding.code_frame`, and the
result goes through the one safe writer (:func:`jobrisk.tabular.safe_writer.write_frame`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from jobrisk.errors import InputError, MissingColumnError
from jobrisk.models.title_coder import TitleCoder
from jobrisk.models.title_coder.csv_coding import code_frame
from jobrisk.tabular.reader import read_table
from jobrisk.tabular.safe_writer import write_frame

TITLE_COLUMN = "title"
#: Rows with a problem named in the error, at most.
PROBLEMS_SHOWN = 10


def read_titles_file(path: str | Path) -> pd.DataFrame:
    """Every row of the file as text cells; InputError for an unreadable file, a row the reader
    could not take as it was (each named), or a missing ``title`` column."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"Input file {path} does not exist")
    table = read_table(path)
    if table.problems:
        shown = "; ".join(f"row {p.row}: {p.reason}" for p in table.problems[:PROBLEMS_SHOWN])
        raise InputError(f"Input file {path}: {len(table.problems)} row(s) cannot be coded: {shown}")
    if TITLE_COLUMN not in table.columns:
        raise MissingColumnError(f"Input file {path}:", TITLE_COLUMN, list(table.columns))
    return pd.DataFrame(table.rows, columns=list(table.columns), dtype=str)


def code_titles_file(
    titles: pd.DataFrame, out_path: str | Path, coder: TitleCoder, explain: bool = False
) -> Counter[str]:
    """Code every row of ``titles`` (from :func:`read_titles_file`) into ``out_path``; returns how
    many rows got each status (matched / uncertain / unknown)."""
    coded = code_frame(titles, coder, explain)
    write_frame(out_path, coded, numeric_columns=("confidence",))
    return Counter(coded["status"])
