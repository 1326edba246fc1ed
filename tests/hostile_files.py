"""Hostile spreadsheets for tests and benchmarks: real files, made here, that attack the reader.

* :func:`workbook_bomb` — a valid XLSX of about 350 KB whose sheet unpacks to 300 MB of
  ordinary rows padded with white space (a compression bomb). Written in chunks, so making it needs
  no more memory than the file.
* :func:`workbook_with_sheet` — a valid XLSX whose sheet XML is given (declared size, far-off cells).
* :func:`many_members_zip` — a zip whose table of contents alone is megabytes.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row><c t="inlineStr"><is><t>title</t></is></c></row>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
NURSE_ROW = b'<row><c t="inlineStr"><is><t>Registered Nurse</t></is></c></row>'


def _members() -> dict[str, bytes]:
    book = openpyxl.Workbook()
    book.active.title = "Staff"
    book.active.append(["title"])
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def workbook_with_sheet(sheet_xml: bytes) -> bytes:
    """A workbook of one sheet ('Staff') whose XML is ``sheet_xml``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _members().items():
            archive.writestr(name, sheet_xml if name == SHEET else data)
    return out.getvalue()


def workbook_bomb(unpacked_bytes: int = 300 * 1024 * 1024) -> bytes:
    """A workbook whose sheet is ``unpacked_bytes`` of 'Registered Nurse' rows once unpacked, each
    row followed by 16 KB of the white space XML allows between elements (so it packs 1,000 to 1)."""
    out = io.BytesIO()
    row = NURSE_ROW + b" " * 16384
    chunk = row * (1024 * 1024 // len(row))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in _members().items():
            if name != SHEET:
                archive.writestr(name, data)
                continue
            with archive.open(name, "w") as sheet:
                sheet.write(SHEET_HEAD)
                written = len(SHEET_HEAD)
                while written < unpacked_bytes:
                    sheet.write(chunk)
                    written += len(chunk)
                sheet.write(SHEET_TAIL)
    return out.getvalue()


def many_members_zip(members: int = 40_000) -> bytes:
    """A workbook-looking zip with ``members`` empty members (a table of contents of megabytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", b"")
        for i in range(members):
            archive.writestr(f"xl/media/image{i:06d}.png", b"")
    return out.getvalue()
