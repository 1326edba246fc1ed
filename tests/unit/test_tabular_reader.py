"""The one tabular reader: encodings, delimiters, workbooks, limits and hostile content."""

from __future__ import annotations

import io

import openpyxl
import pytest

from jobrisk.errors import InputError, InputTooLargeError
from jobrisk.tabular.reader import ReadLimits, read_table, sniff_delimiter

ROSTER = "job_title,department,headcount\nCaissière,Store,3\nData Scientist,Analytics,2\n"


@pytest.mark.parametrize(
    "encoding,bom,label",
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM"),
        ("utf-16-le", b"\xff\xfe", "UTF-16 LE with BOM"),
        ("utf-16-be", b"\xfe\xff", "UTF-16 BE with BOM"),
        ("utf-16-le", b"", "UTF-16 LE"),
        ("cp1252", b"", "Windows-1252"),
    ],
)
def test_encodings_are_detected_and_accents_survive(encoding, bom, label):
    table = read_table(bom + ROSTER.encode(encoding))
    assert table.encoding == label
    assert table.columns == ("job_title", "department", "headcount")
    assert table.rows[0] == ("Caissière", "Store", "3")


def test_windows_1252_specific_characters_decode():
    table = read_table("title\n“Senior” Manager – Sales €\n".encode("cp1252"))
    assert table.rows[0][0] == "“Senior” Manager – Sales €"
    assert table.encoding == "Windows-1252"


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1():
    table = read_table(b"title\nAnalyst \x81\x8d\n")
    assert table.encoding == "Latin-1"
    assert table.rows[0][0] == "Analyst"  # read as Latin-1, where those bytes are C1 control codes: removed
    assert table.cleaned_cells == 1


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(delimiter):
    text = ROSTER.replace(",", delimiter)
    table = read_table(text.encode())
    assert table.delimiter == delimiter
    assert table.rows[1] == ("Data Scientist", "Analytics", "2")


def test_semicolon_file_with_commas_inside_cells():
    text = "title;dept;salary\nManager, Sales;Sales;55,000\nClerk;Office;30,5\n"
    assert sniff_delimiter(text) == ";"
    assert read_table(text.encode()).rows[0] == ("Manager, Sales", "Sales", "55,000")


def test_one_column_file_reads():
    table = read_table(b"title\nNurse\nWelder\n")
    assert table.columns == ("title",) and table.column("title") == ["Nurse", "Welder"]


def test_quoted_multiline_cells_and_row_numbers():
    text = 'title,processes\n"Clerk","file papers\nanswer phones"\n\nNurse,\n'
    table = read_table(text.encode())
    assert table.rows[0] == ("Clerk", "file papers\nanswer phones")
    assert table.row_numbers == [2, 4]
    assert table.blank_rows == 1


def test_header_blanks_and_duplicates_get_names():
    table = read_table(b"title,,Title\nA,b,c\n")
    assert table.columns == ("title", "column_2", "Title_2")


def test_short_rows_padded_and_long_rows_reported():
    table = read_table(b"title,dept\nNurse\nClerk,Office,EXTRA\nWelder,Shop,\n")
    assert table.rows == [("Nurse", ""), ("Welder", "Shop")]
    assert len(table.problems) == 1
    assert table.problems[0].row == 3 and "3 cells" in table.problems[0].reason


def test_nul_and_control_characters_removed_and_counted():
    table = read_table(b"title\nNu\x00rse\x07\n")
    assert table.rows[0] == ("Nurse",)
    assert table.cleaned_cells == 1


def test_bidi_overrides_and_c1_controls_are_removed_by_the_one_rule():
    from jobrisk.unprintable import strip_unprintable

    cell = "Sales\u202eevil\u2066 lead\x85"
    table = read_table(f"title,department\nNurse,{cell}\n".encode("utf-8"))
    assert table.rows[0] == ("Nurse", "Salesevil lead") == ("Nurse", strip_unprintable(cell))
    assert table.cleaned_cells == 1


def test_formula_text_is_kept_as_plain_text():
    table = read_table(b'title\n"=HYPERLINK(""http://x"",""y"")"\n')
    assert table.rows[0][0] == '=HYPERLINK("http://x","y")'


def test_huge_cell_reports_its_row():
    limits = ReadLimits(max_cell_chars=100)
    table = read_table(("title\nNurse\n" + "x" * 101 + "\n").encode(), limits=limits)
    assert table.rows == [("Nurse",)]
    assert table.problems[0].row == 3 and "101 characters" in table.problems[0].reason


def test_file_size_limit_is_a_clear_error():
    with pytest.raises(InputTooLargeError, match="limit is"):
        read_table(b"title\n" + b"Nurse\n" * 1000, limits=ReadLimits(max_bytes=100))


def test_row_limit_is_a_clear_error():
    with pytest.raises(InputTooLargeError, match="more than 2 data rows"):
        read_table(b"title\na\nb\nc\n", limits=ReadLimits(max_rows=2))


def test_column_limit_is_a_clear_error():
    with pytest.raises(InputTooLargeError, match="columns"):
        read_table((",".join(f"c{i}" for i in range(10)) + "\n").encode(), limits=ReadLimits(max_columns=5))


def test_empty_and_blank_files_are_errors():
    with pytest.raises(InputError, match="empty"):
        read_table(b"")
    with pytest.raises(InputError, match="no header"):
        read_table(b",,\n,,\n")


def test_old_excel_binary_is_refused_with_advice():
    with pytest.raises(InputError, match=r"\.xls"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_first_sheet_by_default_and_numbers_as_text():
    data = _workbook(
        {
            "Staff": [
                ["Job Title", "Headcount", "Salary"],
                ["Nurse", 3, 55000.0],
                [None, None, None],
                ["Clerk", 1, 30500.5],
            ],
            "Other": [["x"], ["y"]],
        }
    )
    table = read_table(data, filename="roster.xlsx")
    assert table.file_format == "xlsx" and table.sheet == "Staff" and table.sheets == ("Staff", "Other")
    assert table.rows == [("Nurse", "3", "55000"), ("Clerk", "1", "30500.5")]
    assert table.row_numbers == [2, 4] and table.blank_rows == 1


def test_xlsx_chosen_sheet_and_unknown_sheet():
    data = _workbook({"A": [["title"], ["Nurse"]], "B": [["title"], ["Welder"]]})
    assert read_table(data, sheet="B").rows == [("Welder",)]
    with pytest.raises(InputError, match="its sheets are: A, B"):
        read_table(data, sheet="C")


def test_xlsx_formulas_are_not_evaluated():
    data = _workbook({"S": [["title", "n"], ["Nurse", "=1+1"]]})
    table = read_table(data)
    # never calculated by a spreadsheet program, so the formula has no saved value
    assert table.rows == [("Nurse", "")]


def test_xlsx_zip_bomb_guard():
    data = _workbook({"S": [["title"], ["Nurse"]]})
    with pytest.raises(InputTooLargeError, match="unpacks to"):
        read_table(data, limits=ReadLimits(max_unpacked_bytes=100))


def test_damaged_xlsx_is_a_clear_error():
    with pytest.raises(InputError, match="not a valid XLSX"):
        read_table(b"PK\x03\x04garbage")


def test_reads_from_a_path(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(ROSTER.encode("utf-16"))
    table = read_table(path)
    assert table.encoding.startswith("UTF-16") and len(table) == 2
    assert "CSV" in table.describe()


def test_a_row_with_extra_cells_is_named_without_repeating_its_values():
    from jobrisk.tabular.reader import read_table

    table = read_table(b"title,notes\nClerk,ok\nClerk,alice@example.com,Alice Smith\n", filename="r.csv")
    assert [p.row for p in table.problems] == [3]
    reason = table.problems[0].reason
    assert "3 cells" in reason and "2 columns" in reason
    assert "alice" not in reason.lower() and "smith" not in reason.lower()
