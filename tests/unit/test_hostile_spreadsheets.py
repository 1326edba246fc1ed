"""The one tabular reader against hostile files: compression bombs, lying sheet sizes, far-off
cells, huge tables of contents, compressed uploads and text files of delimiters or blank lines.
Each is refused at once with the documented error (InputTooLargeError / InputError), or read
exactly when it is an ordinary file in disguise."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile

import pytest
from typer.testing import CliRunner

from jobrisk.errors import InputError, InputTooLargeError
from jobrisk.interfaces.cli.main import app as cli_app
from jobrisk.tabular.archive_guard import MAX_DIRECTORY_BYTES, directory_bytes, far_cells
from jobrisk.tabular.reader import ReadLimits, read_table

from hostile_files import NURSE_ROW, SHEET_HEAD, SHEET_TAIL, many_members_zip, workbook_bomb, workbook_with_sheet

UNGUARDED_RATIO = ReadLimits(max_unpack_ratio=1e12)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return workbook_bomb(300 * 1024 * 1024)


def test_a_300_mb_compression_bomb_is_refused_from_its_directory(bomb):
    assert len(bomb) < 1024 * 1024  # a few hundred kilobytes as uploaded
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 300 * 1024 * 1024
    with pytest.raises(InputTooLargeError) as refused:
        read_table(bomb, filename="staff.xlsx")
    message = str(refused.value)
    assert "staff.xlsx is not an ordinary workbook" in message
    assert "xl/worksheets/sheet1.xml" in message and "the limit is 100" in message
    assert "save it as CSV" in message


def test_the_unpacked_total_is_still_capped_below_the_ratio_limit(bomb):
    with pytest.raises(InputTooLargeError, match="unpacks to 315 MB; the limit is 100 MB"):
        read_table(bomb, limits=ReadLimits(max_unpack_ratio=1e12, max_unpacked_bytes=100_000_000))


def test_an_ordinary_workbook_of_many_similar_rows_passes_the_ratio_limit():
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Staff")
    sheet.append(["title", "headcount"])
    for _ in range(20_000):  # one title repeated: as compressible as real rosters get (about 15:1)
        sheet.append(["Registered Nurse", 1])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue())
    assert len(table) == 20_000 and table.rows[0] == ("Registered Nurse", "1")


def test_a_sheet_declaring_the_whole_grid_is_read_as_the_rows_it_has():
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Nurse %d</t></is></c></row>' % (i, i, i) for i in range(2, 2002)
    )
    sheet = SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>') + rows + SHEET_TAIL
    # trusted, the declared size would pad each of the 2,000 rows to 16,384 cells
    table = read_table(workbook_with_sheet(sheet), limits=ReadLimits(max_workbook_cells=10_000))
    assert table.columns == ("title",) and len(table) == 2000 and table.rows[-1] == ("Nurse 2001",)


def test_rows_beyond_a_too_small_declared_size_are_not_lost():
    sheet = SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:A2"/><sheetData>') + NURSE_ROW * 5 + SHEET_TAIL
    assert len(read_table(workbook_with_sheet(sheet))) == 5


@pytest.mark.parametrize("cell", [b'<c r="XFD%d"/>', b'<c r="XFD1"/>', b'<c s="0"\tr="AAA%d" />'])
def test_rows_reaching_far_off_columns_are_refused_before_the_sheet_is_parsed(cell):
    # each row pads to its far cell (16,384 or 703 cells); the row a cell names does not matter
    far = b'<row><c t="inlineStr"><is><t>Nurse</t></is></c>' + cell + b"</row>"

    def sheet(rows: int) -> bytes:
        body = b"".join(far % i if b"%d" in far else far for i in range(2, rows + 2))
        return workbook_with_sheet(SHEET_HEAD + body + SHEET_TAIL)

    with pytest.raises(InputTooLargeError, match="reach far-off columns and would be read as more than 1,000,000"):
        read_table(sheet(2000), limits=ReadLimits(max_workbook_cells=1_000_000))
    assert read_table(sheet(20)).rows == [("Nurse",)] * 20  # a few such rows are read, not refused


def test_the_far_off_scan_counts_each_row_once_at_its_farthest_cell():
    sheet = (
        SHEET_HEAD
        + (
            b'<row><c r="A2"/><c r="ZZ2"/><c r="XFD2"/></row><row r="3"><c r="AAA3"/></row>'
            b'<row><c r="GR4"/><c r="B4"/></row>'
        )
        + SHEET_TAIL
    )
    with zipfile.ZipFile(io.BytesIO(workbook_with_sheet(sheet))) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
        assert far_cells(archive, member, stop_above=10**9) == 16_384 + 703  # GR is column 200: not far


def test_cells_the_scan_does_not_see_are_still_counted_while_reading():
    wide = b"<row>" + b"<c/>" * 150 + b'<c t="inlineStr"><is><t>Nurse</t></is></c></row>'
    data = workbook_with_sheet(SHEET_HEAD + wide * 20 + SHEET_TAIL)
    with pytest.raises(InputTooLargeError, match=r"more than 1,000 cells in sheet 'Staff' \(by row 8,"):
        read_table(data, limits=ReadLimits(max_workbook_cells=1000))


def test_a_table_of_contents_of_megabytes_is_refused_before_it_is_read():
    data = many_members_zip(40_000)
    assert directory_bytes(data) > MAX_DIRECTORY_BYTES
    with pytest.raises(InputTooLargeError, match="its table of contents alone is"):
        read_table(data, filename="staff.xlsx")


def test_the_directory_size_is_read_as_zipfile_reads_it_also_for_zip64():
    data = many_members_zip(70_000)  # more than 65,535 members: zip64 end records
    assert b"PK\x06\x06" in data[-200:]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        expected = sum(46 + len(i.filename.encode()) + len(i.extra) + len(i.comment) for i in archive.infolist())
    assert directory_bytes(data) == expected
    assert directory_bytes(b"PK\x03\x04 no end record") is None


def test_a_zip_that_is_not_a_workbook_says_so():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("staff.csv", "title\nNurse\n")
    with pytest.raises(InputError, match="is a zip archive, not an XLSX workbook: unpack it"):
        read_table(out.getvalue(), filename="staff.zip")


@pytest.mark.parametrize("compress, kind", [(gzip.compress, "gzip"), (bz2.compress, "bzip2"), (lzma.compress, "xz")])
def test_compressed_text_files_are_refused_not_read_as_garbage(compress, kind):
    with pytest.raises(InputError, match=f"staff.csv.gz is a {kind} .* compressed file; unpack it"):
        read_table(compress(b"title\n" + b"Nurse\n" * 1000), filename="staff.csv.gz")


def test_a_line_of_millions_of_delimiters_is_refused_before_it_is_split():
    with pytest.raises(InputTooLargeError, match="line 2 splits into more than 20,000 cells"):
        read_table(b"title,notes\nNurse" + b"," * 5_000_000)
    padded = b"title,notes\n" + (b"Nurse,ok" + b"," * 16_382 + b"\n") * 3  # Excel pads to 16,384
    assert read_table(padded).rows == [("Nurse", "ok")] * 3


def test_millions_of_blank_lines_are_refused_once_past_the_blank_row_limit():
    with pytest.raises(InputTooLargeError, match=r"more than 1,000 blank rows \(by row 1,002\)"):
        read_table(b"title\n" + b"\n" * 2_000_000 + b"Nurse\n", limits=ReadLimits(max_blank_rows=1000))
    assert len(read_table(b"title\n" + b"\n" * 1000 + b"Nurse\n")) == 1


@pytest.mark.parametrize("command", [["audit", "roster"], ["titles", "code"], ["tasks", "score"]])
def test_commands_read_the_file_first_and_refuse_the_bomb_with_exit_code_2(bomb, tmp_path, command):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(bomb)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(cli_app, ["--data-dir", str(tmp_path / "data"), *command, str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "is not an ordinary workbook" in result.output and "Traceback" not in result.output
    assert not out.exists()
