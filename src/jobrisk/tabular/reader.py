"""The one tabular reader: a user's CSV, TSV or XLSX file in, a :class:`Table` of text cells out.

What it takes care of, so no command has to:

* **Format**: XLSX is recognised by its zip signature (whatever the file is called), old binary
  ``.xls`` and other binary files are refused with a message saying what to do; everything else is
  read as delimited text.
* **Encoding** of text files: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) wins; UTF-16 without a
  mark is recognised by its zero bytes; then strict UTF-8; then Windows-1252 (the usual Excel "CSV"
  export in Western Europe and the US), and Latin-1 for the five bytes Windows-1252 leaves undefined.
* **Delimiter**: comma, semicolon, tab or pipe, chosen by which splits the first rows into the same
  number of columns (more columns wins a tie); a one-column file is fine.
* **Sheets**: the first sheet of a workbook, or the one named with ``sheet=``; an unknown name is an
  error listing the sheets present. Formulas are never evaluated: a cell holds the value Excel last
  saved for it (or nothing, if the file was never opened in a spreadsheet program).
* **Limits** (:class:`ReadLimits`): file size, rows, columns and unpacked workbook size are checked
  before the data is kept, and exceeding one raises :class:`jobrisk.errors.InputTooLargeError` naming
  the limit. A workbook's zip container is checked from its directory before anything is unpacked
  (:mod:`jobrisk.tabular.archive_guard`: a compression-bomb guard), and the cells read from a sheet
  are capped (``max_workbook_cells``, empty ones included: the sheet's declared size is not trusted).
  Compressed files (gzip, bzip2, xz, zstd, 7-Zip, RAR) are refused: unpack them first. A cell longer than ``max_cell_chars`` makes its row a :class:`RowProblem` (the row is
  reported, not silently cut).
* **Hostile content**: NUL and other control characters, and bidi-override characters, are removed
  from cells (the one rule of :mod:`jobrisk.unprintable`; counted in :attr:`Table.cleaned_cells`); text that looks like a formula (``=``, ``+``, ``-``, ``@``) is kept as
  plain text here; writers escape it when they write a spreadsheet.
* **Header**: the first non-blank row. Blank header cells become ``column_N``; repeated names get
  ``_2``, ``_3`` suffixes. Blank data rows are counted (:attr:`Table.blank_rows`), not returned.

Row numbers (:attr:`Table.row_numbers`, :attr:`RowProblem.row`) are the row a person sees in a
spreadsheet program: the header is row 1 when it is the first line.

May import: errors, unprintable, tabular.archive_guard.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from jobrisk.errors import InputError, InputTooLargeError
from jobrisk.tabular.archive_guard import check_workbook_archive
from jobrisk.unprintable import UNPRINTABLE

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc (Office 97-2003)
COMPRESSED_MAGIC = (
    (b"\x1f\x8b", "gzip (.gz)"),
    (b"BZh", "bzip2 (.bz2)"),
    (b"\xfd7zXZ\x00", "xz (.xz)"),
    (b"\x28\xb5\x2f\xfd", "zstd (.zst)"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip (.7z)"),
    (b"Rar!\x1a\x07", "RAR (.rar)"),
)
DELIMITERS = (",", ";", "\t", "|")
SNIFF_ROWS = 50
SNIFF_CHARS = 1_000_000  # the delimiter is chosen from the first rows within this many characters
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


@dataclass(frozen=True)
class ReadLimits:
    """How much a single upload may hold; every limit is checked with a clear error."""

    max_bytes: int = 64 * 1024 * 1024  # file as uploaded
    max_rows: int = 250_000  # data rows (header and blank rows not counted)
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_unpacked_bytes: int = 512 * 1024 * 1024  # XLSX contents once unzipped (zip-bomb guard)
    max_unpack_ratio: float = 100.0  # ... and each part at most this many times its packed
    unpack_ratio_floor_bytes: int = 1024 * 1024  # size, once it unpacks to more than this
    max_workbook_cells: int = 5_000_000  # cells read from a sheet, empty ones included
    max_row_cells: int = 20_000  # cells in one line of a text file, empty ones
    # included (Excel pads a row to at most 16,384)
    max_blank_rows: int = 250_000  # blank rows skipped


DEFAULT_LIMITS = ReadLimits()


@dataclass(frozen=True)
class RowProblem:
    """A row the reader could not hand on as it was, and why."""

    row: int
    reason: str


@dataclass
class Table:
    """A table of text cells: ``columns`` and ``rows`` (each row as long as ``columns``; "" = empty)."""

    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    row_numbers: list[int]
    file_format: str  # 'csv' | 'xlsx'
    encoding: str | None = None  # text files only
    delimiter: str | None = None  # text files only
    sheet: str | None = None  # workbooks only
    sheets: tuple[str, ...] = ()
    blank_rows: int = 0
    cleaned_cells: int = 0  # cells that had NUL or control characters removed
    problems: list[RowProblem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[str]:
        """Every row's cell in column ``name`` (KeyError if there is no such column)."""
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    def describe(self) -> str:
        """One line saying how the file was read (format, encoding, delimiter or sheet)."""
        if self.file_format == "xlsx":
            return f"XLSX, sheet '{self.sheet}' ({len(self.rows)} rows, {len(self.columns)} columns)"
        shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(self.delimiter or "", "?")
        return f"CSV, {self.encoding}, {shown}-separated ({len(self.rows)} rows, {len(self.columns)} columns)"


class ReadOptions(TypedDict, total=False):
    """How :func:`read_table` reads a file (its keyword arguments), for callers that pass them on."""

    filename: str | None
    sheet: str | None
    limits: ReadLimits


def read_table(
    source: bytes | str | Path,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Table:
    """Read a CSV/TSV/XLSX file (a path, or the uploaded bytes) into a :class:`Table`.

    ``filename`` is only used in messages. Raises :class:`InputError` for an unreadable file and
    :class:`InputTooLargeError` when a :class:`ReadLimits` limit is exceeded.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = filename or path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(f"Cannot read {name}: {exc.strerror or exc}") from exc
        _check_size(size, name, limits)
        data = path.read_bytes()
    else:
        data = bytes(source)
        name = filename or "the uploaded file"
        _check_size(len(data), name, limits)
    if not data.strip():
        raise InputError(f"{name} is empty.")
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, name, sheet, limits)
    for magic, kind in COMPRESSED_MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name} is a {kind} compressed file; unpack it and upload the CSV or XLSX file inside.")
    if data.startswith(OLE_MAGIC):
        raise InputError(
            f"{name} is an old Excel 97-2003 (.xls) or other Office binary file; "
            "save it as .xlsx or .csv and upload that."
        )
    if sheet is not None:
        raise InputError(f"A sheet ('{sheet}') was chosen, but {name} is a text (CSV) file, not a workbook.")
    text, encoding = decode_text(data, name)
    return _read_delimited(text, encoding, name, limits)


def _check_size(size: int, name: str, limits: ReadLimits) -> None:
    if size > limits.max_bytes:
        raise InputTooLargeError(
            f"{name} is {size / 1e6:.1f} MB; the limit is {limits.max_bytes / 1e6:.0f} MB. Split it into smaller files."
        )


# ---------------------------------------------------------------------------------------- text files
def decode_text(data: bytes, name: str = "the file") -> tuple[str, str]:
    """``(text, encoding name)`` for the bytes of a text file (see the module docstring for the order)."""
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.replace("-sig", "")), _label(encoding, bom=True)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name} starts with a {_label(encoding)} byte-order mark but is not "
                    f"valid {_label(encoding)} (byte {exc.start})."
                ) from exc
    sample = data[:4096]
    if len(sample) >= 4:
        even_zeros = sample[0::2].count(0) / len(sample[0::2])
        odd_zeros = sample[1::2].count(0) / max(1, len(sample[1::2]))
        for zeros, others, encoding in ((odd_zeros, even_zeros, "utf-16-le"), (even_zeros, odd_zeros, "utf-16-be")):
            if zeros > 0.3 and others < 0.05:
                try:
                    return data.decode(encoding), _label(encoding)
                except UnicodeDecodeError:
                    break
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if _CP1252_UNDEFINED.isdisjoint(data):
        return data.decode("cp1252"), "Windows-1252"
    return data.decode("latin-1"), "Latin-1"


def _label(encoding: str, bom: bool = False) -> str:
    label = {
        "utf-8-sig": "UTF-8",
        "utf-16-le": "UTF-16 LE",
        "utf-16-be": "UTF-16 BE",
        "utf-32-le": "UTF-32 LE",
        "utf-32-be": "UTF-32 BE",
    }[encoding]
    return f"{label} with BOM" if bom else label


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows most consistently (comma when nothing splits)."""
    lines = [line for line in text[:SNIFF_CHARS].splitlines()[: SNIFF_ROWS * 2] if line.strip()][:SNIFF_ROWS]
    best, best_key = ",", (0.0, 1)
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        if width < 2:
            continue
        consistent = sum(1 for r in rows if len(r) == width) / len(rows)
        key = (consistent, width)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def _read_delimited(text: str, encoding: str, name: str, limits: ReadLimits) -> Table:
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = sniff_delimiter(text)
    table = Table(columns=(), rows=[], row_numbers=[], file_format="csv", encoding=encoding, delimiter=delimiter)
    builder = _Builder(table, name, limits, check_unprintable=UNPRINTABLE.search(text) is not None)
    reader = csv.reader(_bounded_lines(text, delimiter, name, limits), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            builder.add(number, cells)
    except csv.Error as exc:
        raise InputError(
            f"{name} could not be read as {encoding} text separated by "
            f"{delimiter!r}: {exc} (near row {reader.line_num})."
        ) from exc
    return builder.finish()


def _bounded_lines(text: str, delimiter: str, name: str, limits: ReadLimits) -> Iterator[str]:
    """The lines of ``text``, refusing one that would split into more than ``max_row_cells``
    cells before the CSV parser makes them (a line of millions of delimiters costs gigabytes)."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.count(delimiter) >= limits.max_row_cells:
            raise InputTooLargeError(
                f"{name}: line {number:,} splits into more than {limits.max_row_cells:,} cells; the "
                f"limit is {limits.max_row_cells:,}. This is not an ordinary table: save it again "
                "from your spreadsheet program."
            )
        yield line


# ---------------------------------------------------------------------------------------- workbooks
def _read_xlsx(data: bytes, name: str, sheet: str | None, limits: ReadLimits) -> Table:
    check_workbook_archive(data, name, limits)  # before anything is unpacked
    import openpyxl  # imported here: only workbook uploads need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise InputError(f"{name} could not be opened as an XLSX workbook ({type(exc).__name__}: {exc}).") from exc
    try:
        names = tuple(book.sheetnames)
        if not names:
            raise InputError(f"{name} has no sheets.")
        chosen = names[0] if sheet is None else sheet
        if chosen not in names:
            raise InputError(f"{name} has no sheet '{sheet}'; its sheets are: {', '.join(names)}.")
        table = Table(columns=(), rows=[], row_numbers=[], file_format="xlsx", sheet=chosen, sheets=names)
        builder = _Builder(table, name, limits)
        worksheet = book[chosen]
        worksheet.reset_dimensions()  # a row is as wide as its last cell, not as the declared sheet
        cells_read = 0
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells_read += len(values) or 1
            if cells_read > limits.max_workbook_cells:
                raise InputTooLargeError(
                    f"{name} holds more than {limits.max_workbook_cells:,} cells in sheet '{chosen}' "
                    f"(by row {number:,}, empty cells up to each row's last one included); the limit "
                    f"is {limits.max_workbook_cells:,}. Keep only the rows and columns needed, or save "
                    "it as CSV."
                )
            builder.add(number, [_cell_text(v) for v in values])
        return builder.finish()
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value)


# ---------------------------------------------------------------------------------------- shared
class _Builder:
    """Turns raw rows into the :class:`Table`: header, widths, cleaning, limits, problems."""

    def __init__(self, table: Table, name: str, limits: ReadLimits, check_unprintable: bool = True):
        self.table, self.name, self.limits = table, name, limits
        self.width = 0
        #: False when the whole text was searched and holds none (cells are then not searched one by one)
        self.check_unprintable = check_unprintable

    def add(self, number: int, cells: list[str]) -> None:
        table, limits = self.table, self.limits
        if self.check_unprintable:
            cleaned = []
            for cell in cells:
                if UNPRINTABLE.search(cell):
                    cell = UNPRINTABLE.sub("", cell)
                    table.cleaned_cells += 1
                cleaned.append(cell.strip())
        else:
            cleaned = list(map(str.strip, cells))
        if not any(cleaned):
            if table.columns:
                table.blank_rows += 1
                if table.blank_rows > limits.max_blank_rows:
                    raise InputTooLargeError(
                        f"{self.name} has more than {limits.max_blank_rows:,} blank rows (by row "
                        f"{number:,}); the limit is {limits.max_blank_rows:,}. Delete the empty "
                        "rows and save it again."
                    )
            return
        if not table.columns:
            self._header(cleaned)
            return
        if len(table.rows) >= limits.max_rows:
            raise InputTooLargeError(
                f"{self.name} has more than {limits.max_rows:,} data rows; the limit is "
                f"{limits.max_rows:,}. Split it into smaller files."
            )
        if len(cleaned) > self.width:
            extra = [c for c in cleaned[self.width :] if c]
            if extra:
                table.problems.append(
                    RowProblem(
                        number,
                        (
                            f"row has {len(cleaned)} cells but the header has {self.width} columns (a value "
                            "probably contains an unquoted comma or delimiter; the cells are not repeated here, "
                            "as they may identify a person)"
                        ),
                    )
                )
                return
            cleaned = cleaned[: self.width]
        elif len(cleaned) < self.width:
            cleaned.extend([""] * (self.width - len(cleaned)))
        if cleaned and max(map(len, cleaned)) > limits.max_cell_chars:
            long = [(table.columns[i], len(c)) for i, c in enumerate(cleaned) if len(c) > limits.max_cell_chars]
            column, length = long[0]
            table.problems.append(
                RowProblem(
                    number,
                    (f"cell in column '{column}' is {length:,} characters; the limit is {limits.max_cell_chars:,}"),
                )
            )
            return
        table.rows.append(tuple(cleaned))
        table.row_numbers.append(number)

    def _header(self, cells: list[str]) -> None:
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > self.limits.max_columns:
            raise InputTooLargeError(f"{self.name} has {len(cells)} columns; the limit is {self.limits.max_columns}.")
        seen: dict[str, int] = {}
        names = []
        for i, cell in enumerate(cells, start=1):
            label = " ".join(cell.split())[:200] or f"column_{i}"
            count = seen.get(label.casefold(), 0) + 1
            seen[label.casefold()] = count
            names.append(label if count == 1 else f"{label}_{count}")
        self.table.columns = tuple(names)
        self.width = len(names)

    def finish(self) -> Table:
        if not self.table.columns:
            raise InputError(f"{self.name} has no header row (every row is blank).")
        return self.table
