"""The one writer for every CSV and XLSX file jobrisk emits (titles, tasks, occupation export,
audits, batch results): safe to open in a spreadsheet, written atomically.

**Formula injection (CWE-1236).** Spreadsheets run a cell as a formula when its text starts
with ``=``, ``+``, ``-`` or ``@`` (and Excel also after a leading tab, carriage return or line
feed; some locales also accept the full-width forms ``＝ ＋ － ＠``). A job title such as
``=HYPERLINK("http://x")`` or ``=cmd|' /C calc'!A0`` must stay text. The rule:

- a text cell whose first character is one of those triggers gets a leading apostrophe ``'``
  (the spreadsheets' own "this is text" marker): ``=SUM(1;2)`` is written ``'=SUM(1;2)``;
- a text cell that already starts with an apostrophe followed by a trigger or another
  apostrophe gets one more, so :func:`restore` (drop one leading apostrophe where the rule
  added it) gives back exactly the original text;
- a cell that is entirely a plain decimal number (``-12``, ``+3.5``, ``-1.2e-3``) is left as
  it is, in any column: a bare number is never a formula, and negative numbers stay numbers;
- numbers given as ``int``/``float`` are written as numbers; ``None`` and NaN as an empty
  cell (missing is not zero).

XLSX files follow the same rule (one rule, so :func:`restore` works on both): text cells are
stored as text, never formulas, with the same leading apostrophe where the rule adds one, and
numbers in numeric columns are real numbers. Control characters XML cannot hold (U+0000-U+001F
except tab, LF, CR) are shown as U+FFFD in a workbook, and XML reads a bare CR as a line feed.

**Encoding.** CSV files are UTF-8 with a byte-order mark (``bom=True``, the default), which
is what makes Excel read accents correctly instead of showing mojibake; pass ``bom=False`` for
a plain UTF-8 file for programs that do not expect the mark. Rows end in CRLF (RFC 4180).

**Atomic.** Every file is written to a uniquely named temporary file beside the target,
fsync-ed and renamed over it (:mod:`jobrisk.durable`); a failure mid-way leaves the previous
file, if any, untouched and no partial output behind.

May import: ``jobrisk.durable``, ``jobrisk.errors``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from jobrisk.durable import atomic_open, atomic_path

#: First characters that make a spreadsheet treat a cell as a formula (or shift it into one).
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")

Row = Sequence[Any] | Mapping[str, Any]


def is_plain_number(text: str) -> bool:
    """True when ``text`` is a bare decimal number (``-12``, ``+3.5``, ``1e-3``)."""
    return _PLAIN_NUMBER.fullmatch(text) is not None


def needs_quote(text: str) -> bool:
    """True when the rule adds an apostrophe in front of ``text`` (see the module docstring)."""
    if not text:
        return False
    first = text[0]
    if first in FORMULA_TRIGGERS:
        return not is_plain_number(text)
    return first == QUOTE and len(text) > 1 and (text[1] in FORMULA_TRIGGERS or text[1] == QUOTE)


def neutralise(text: str) -> str:
    """``text`` made safe for a CSV cell: a leading apostrophe where the rule asks for one."""
    return QUOTE + text if needs_quote(text) else text


def restore(cell: str) -> str:
    """The original text of a cell written by :func:`neutralise` (the inverse of it)."""
    if cell.startswith(QUOTE) and len(cell) > 1 and needs_quote(cell[1:]):
        return cell[1:]
    return cell


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def csv_cell(value: Any) -> str:
    """One value as safe CSV text (numbers as numbers, missing as empty, text neutralised)."""
    if _is_missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # also numpy.float64
        return repr(float(value))
    if isinstance(value, int):
        return str(int(value))
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # other numpy scalars
        return csv_cell(value.item())
    return neutralise(str(value))


def _values(row: Row, columns: Sequence[str]) -> list[Any]:
    if isinstance(row, Mapping):
        return [row.get(c) for c in columns]
    if len(row) != len(columns):
        raise ValueError(f"row has {len(row)} values for {len(columns)} columns: {list(row)!r}")
    return list(row)


class _TableWriter:
    """What both writers share: ``columns``, ``rows_written`` and writing many rows or a frame
    through the writer's own ``writerow``."""

    columns: list[str]
    rows_written: int

    def writerow(self, row: Row) -> None:
        raise NotImplementedError

    def writerows(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.writerow(row)

    def write_frame(self, frame: Any) -> None:
        """Write every row of a pandas DataFrame with :attr:`columns` (in that order, no index)."""
        if len(frame.columns) != len(self.columns):  # names may differ only by pandas' de-duplication
            raise ValueError(
                f"frame has {len(frame.columns)} columns, the file {len(self.columns)}: "
                f"{list(frame.columns)} vs {self.columns}"
            )
        self.writerows(frame.itertuples(index=False, name=None))


class SafeCsvWriter(_TableWriter):
    """Writes rows of a fixed set of columns; every cell goes through :func:`csv_cell`."""

    def __init__(self, handle: Any, columns: Sequence[str]):
        self.columns = [str(c) for c in columns]
        self.rows_written = 0
        self._csv = csv.writer(handle, lineterminator="\r\n")
        self._csv.writerow([neutralise(c) for c in self.columns])

    def writerow(self, row: Row) -> None:
        self._csv.writerow([csv_cell(v) for v in _values(row, self.columns)])
        self.rows_written += 1


@contextlib.contextmanager
def open_csv(path: str | Path, columns: Sequence[str], *, bom: bool = True) -> Iterator[SafeCsvWriter]:
    """A :class:`SafeCsvWriter` on ``path`` (for writing in chunks); the file appears only when the
    block ends without an error."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        yield SafeCsvWriter(handle, columns)


def write_csv(path: str | Path, columns: Sequence[str], rows: Iterable[Row], *, bom: bool = True) -> int:
    """Write ``rows`` (sequences in column order, or mappings by column name) to ``path``;
    returns the number of rows written."""
    with open_csv(path, columns, bom=bom) as writer:
        writer.writerows(rows)
        return writer.rows_written


def csv_text(columns: Sequence[str], rows: Iterable[Row]) -> str:
    """The same safe CSV as text (no BOM), for a download built in memory."""
    buffer = io.StringIO(newline="")
    writer = SafeCsvWriter(buffer, columns)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_bytes(columns: Sequence[str], rows: Iterable[Row], *, bom: bool = True) -> bytes:
    """The same safe CSV as bytes (UTF-8, with a BOM by default), for an HTTP download."""
    return ("\ufeff" if bom else "").encode() + csv_text(columns, rows).encode("utf-8")


# ---------------------------------------------------------------- XLSX
#: Control characters XML 1.0 cannot hold; shown as U+FFFD in a workbook (CSV keeps them).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_cell(sheet: Any, value: Any, numeric: bool) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if _is_missing(value):
        return WriteOnlyCell(sheet, value=None)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    text = _XLSX_ILLEGAL.sub("\ufffd", str(value))
    if numeric and is_plain_number(text):
        return WriteOnlyCell(sheet, value=float(text) if any(c in text for c in ".eE") else int(text))
    cell = WriteOnlyCell(sheet, value=neutralise(text))
    cell.data_type = "s"  # a text cell, never a formula, whatever the first character
    return cell


class SafeXlsxWriter(_TableWriter):
    """Writes rows into a sheet of a workbook (streamed, openpyxl write-only mode); give ``book``
    to add another sheet to the same workbook."""

    def __init__(
        self, columns: Sequence[str], numeric_columns: Iterable[str] = (), sheet_name: str = "data", book: Any = None
    ):
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.columns = [str(c) for c in columns]
        numeric = set(numeric_columns)
        self._numeric = [c in numeric for c in self.columns]
        self.rows_written = 0
        self.book = book if book is not None else Workbook(write_only=True)
        self._sheet = self.book.create_sheet(sheet_name[:31] or "data")
        header = [_xlsx_cell(self._sheet, c, False) for c in self.columns]
        for cell in header:
            cell.font = Font(bold=True)
        self._sheet.append(header)

    def writerow(self, row: Row) -> None:
        values = _values(row, self.columns)
        self._sheet.append([_xlsx_cell(self._sheet, v, f) for v, f in zip(values, self._numeric)])
        self.rows_written += 1


def is_xlsx(path: str | Path) -> bool:
    """True when ``path`` names an Excel workbook (``.xlsx``); anything else is written as CSV."""
    return Path(path).suffix.lower() == ".xlsx"


@contextlib.contextmanager
def open_table(
    path: str | Path, columns: Sequence[str], *, numeric_columns: Iterable[str] = (), bom: bool = True
) -> Iterator[SafeCsvWriter | SafeXlsxWriter]:
    """A safe writer on ``path``: XLSX for ``.xlsx``, CSV otherwise; the file appears (atomically)
    only when the block ends without an error."""
    if not is_xlsx(path):
        with open_csv(path, columns, bom=bom) as writer:
            yield writer
        return
    xlsx = SafeXlsxWriter(columns, numeric_columns)
    yield xlsx
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temp:
        xlsx.book.save(temp)


def xlsx_bytes(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Row]]], *, numeric_columns: Iterable[str] = ()
) -> bytes:
    """A workbook of one sheet per ``(name, columns, rows)``, as bytes (for an HTTP download).
    Plain numbers in ``numeric_columns`` (any sheet) are numbers; ``int``/``float`` always are."""
    from openpyxl import Workbook

    numeric = tuple(numeric_columns)
    book = Workbook(write_only=True)
    for name, columns, rows in sheets:
        SafeXlsxWriter(columns, numeric, name, book=book).writerows(rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_xlsx(
    path: str | Path, columns: Sequence[str], rows: Iterable[Row], *, numeric_columns: Iterable[str] = ()
) -> int:
    """Write ``rows`` to a one-sheet XLSX workbook at ``path``; returns rows written.

    Text cells are text (never formulas); plain numbers in ``numeric_columns`` are numbers.
    """
    if not is_xlsx(path):
        raise ValueError(f"write_xlsx needs a .xlsx path; got {path}")
    with open_table(path, columns, numeric_columns=numeric_columns) as writer:
        writer.writerows(rows)
        return writer.rows_written


def write_table(
    path: str | Path,
    columns: Sequence[str],
    rows: Iterable[Row],
    *,
    numeric_columns: Iterable[str] = (),
    bom: bool = True,
) -> int:
    """CSV or XLSX by the file's suffix (``.xlsx`` -> workbook, anything else -> CSV)."""
    with open_table(path, columns, numeric_columns=numeric_columns, bom=bom) as writer:
        writer.writerows(rows)
        return writer.rows_written


def write_frame(path: str | Path, frame: Any, *, numeric_columns: Iterable[str] = (), bom: bool = True) -> int:
    """A pandas DataFrame (its columns, no index) to CSV or XLSX by suffix; returns rows written."""
    with open_table(path, [str(c) for c in frame.columns], numeric_columns=numeric_columns, bom=bom) as writer:
        writer.write_frame(frame)
        return writer.rows_written
