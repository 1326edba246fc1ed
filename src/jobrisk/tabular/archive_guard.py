"""Checks of an uploaded workbook's zip container, made from its directory before anything is unpacked.

An XLSX file is a zip archive of XML files. A hostile one (a "zip bomb") is small as uploaded but
unpacks to hundreds of megabytes or more, and ties up a server thread and its memory while a
spreadsheet library parses it. :func:`check_workbook_archive` refuses such a file at once, from
the numbers the archive declares (Python's :mod:`zipfile` never unpacks more than a member
declares, so the declared sizes bound the work):

* the **table of contents** (zip central directory) may hold at most ``MAX_DIRECTORY_BYTES``; a
  workbook's is a few kilobytes, and a directory listing hundreds of thousands of members costs
  seconds and hundreds of megabytes to read (checked from the end record, before it is read);
* **each member** larger than ``ReadLimits.unpack_ratio_floor_bytes`` unpacked may be at most
  ``ReadLimits.max_unpack_ratio`` times its packed size (spreadsheets compress about 10-20 to 1;
  a bomb 1,000 to 1);
* **all members together** may unpack to at most ``ReadLimits.max_unpacked_bytes``;
* a zip archive that is not a workbook (no ``[Content_Types].xml``) is named as such;
* **far-off cells**: a spreadsheet library pads every row up to its last cell, so a small sheet
  whose rows each name a cell in column XFD costs 16,384 cells a row. Each sheet's XML is scanned
  (streamed, only cell references beyond column ``FAR_COLUMN`` are looked at) and a sheet whose
  rows would pad to more than ``ReadLimits.max_workbook_cells`` is refused.

Each refusal is :class:`jobrisk.errors.InputTooLargeError` (or :class:`InputError` for a damaged
or non-workbook archive) with a message saying what to do. The reader also counts the cells it
reads from a sheet against ``ReadLimits.max_workbook_cells`` (a backstop for what the scan
does not see).

May import: errors.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from jobrisk.errors import InputError, InputTooLargeError

if TYPE_CHECKING:
    from jobrisk.tabular.reader import ReadLimits

MAX_DIRECTORY_BYTES = 1024 * 1024
_END_RECORD = b"PK\x05\x06"
_END_RECORD_BYTES = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_BYTES = 20
_ZIP64_RECORD = b"PK\x06\x06"
_ZIP64_RECORD_BYTES = 56
_MAX_COMMENT_BYTES = 65_535
#: Cell references beyond this column (GR, the 200th) are the ones the far-off scan adds up.
FAR_COLUMN = 200
#: A cell reference beyond FAR_COLUMN (the byte before it must be white space; a literal start
#: keeps the scan near 0.1 s for 30 MB), and a row's start. openpyxl takes a cell's column from its
#: reference but its row from the enclosing row element, so two far cells are in one row when no
#: row tag lies between them.
_FAR_CELL = re.compile(rb'r="([A-Z]{3}|[H-Z][A-Z]|G[S-Z])[0-9]')
_SPACE = frozenset(b" \t\r\n")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_SCAN_CHUNK_BYTES = 1024 * 1024


def directory_bytes(data: bytes) -> int | None:
    """The size of the archive's central directory as its end record declares it (the zip64
    record when there is one, read where :mod:`zipfile` reads it), or None when no end record is
    found (zipfile then reports the damage)."""
    end = data.rfind(_END_RECORD, max(0, len(data) - _END_RECORD_BYTES - _MAX_COMMENT_BYTES))
    if end < 0 or end + _END_RECORD_BYTES > len(data):
        return None
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    locator = end - _ZIP64_LOCATOR_BYTES
    if locator >= 0 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        record = locator - _ZIP64_RECORD_BYTES
        if record >= 0 and data[record : record + 4] == _ZIP64_RECORD:
            size = int.from_bytes(data[record + 40 : record + 48], "little")
    return size


def check_workbook_archive(data: bytes, name: str, limits: ReadLimits) -> None:
    """Refuse a workbook whose zip container would unpack far beyond what it is (module docstring)."""
    listed = directory_bytes(data)
    if listed is not None and listed > MAX_DIRECTORY_BYTES:
        raise InputTooLargeError(
            f"{name} is not an ordinary workbook: its table of contents alone is "
            f"{listed / 1e6:.1f} MB (a spreadsheet's is a few kilobytes). Save it again from your "
            "spreadsheet program, or save it as CSV."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OverflowError) as exc:
        raise InputError(f"{name} looks like a workbook but is not a valid XLSX file ({exc}).") from exc
    if not any(m.filename == "[Content_Types].xml" for m in members):
        raise InputError(
            f"{name} is a zip archive, not an XLSX workbook: unpack it and upload the CSV or XLSX file inside."
        )
    for member in members:
        ratio = member.file_size / max(1, member.compress_size)
        if member.file_size > limits.unpack_ratio_floor_bytes and ratio > limits.max_unpack_ratio:
            raise InputTooLargeError(
                f"{name} is not an ordinary workbook: its part '{member.filename[:80]}' unpacks to "
                f"{member.file_size / 1e6:,.0f} MB from {member.compress_size / 1e6:,.2f} MB "
                f"({ratio:,.0f} times; spreadsheets unpack to about 10-20 times, and the limit is "
                f"{limits.max_unpack_ratio:,.0f}). Save it again from your spreadsheet program, "
                "or save it as CSV."
            )
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        raise InputTooLargeError(
            f"{name} unpacks to {unpacked / 1e6:,.0f} MB; the limit is "
            f"{limits.max_unpacked_bytes / 1e6:,.0f} MB. Save a smaller workbook or a CSV."
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in members:
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            padded = far_cells(archive, member, stop_above=limits.max_workbook_cells)
            if padded > limits.max_workbook_cells:
                raise InputTooLargeError(
                    f"{name} is not an ordinary workbook: the rows of '{member.filename[:80]}' reach "
                    f"far-off columns and would be read as more than {limits.max_workbook_cells:,} "
                    "cells (the limit). Delete the columns after the last one used, or save it as CSV."
                )


def far_cells(archive: zipfile.ZipFile, member: zipfile.ZipInfo, stop_above: int) -> int:
    """The cells that rows reaching past column ``FAR_COLUMN`` pad to (each such row counts as
    wide as its farthest cell), from the sheet's XML streamed in chunks; stops once over
    ``stop_above``."""
    total, width, carry = 0, 0, b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_SCAN_CHUNK_BYTES)
            buffer = carry + chunk
            cut = buffer.rfind(b"<") if chunk else len(buffer)  # a cell tag holds no '<'
            if cut <= 0 and chunk and len(buffer) < 16 * _SCAN_CHUNK_BYTES:
                carry = buffer
                continue
            previous = None  # end of the last far cell in this buffer (a new buffer: a new row)
            for match in _FAR_CELL.finditer(buffer, 0, max(cut, 0)):
                if match.start() == 0 or buffer[match.start() - 1] not in _SPACE:
                    continue
                column = 0
                for letter in match.group(1):
                    column = column * 26 + letter - 64
                if previous is None or _ROW.search(buffer, previous, match.start()):
                    total, width = total + width, column
                else:
                    width = max(width, column)
                previous = match.end()
            if total + width > stop_above or not chunk:
                return total + width
            carry = buffer[cut:] if cut > 0 else b""  # a tag of 16 MB is not a cell: dropped
