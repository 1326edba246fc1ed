"""The one safe CSV/XLSX writer: formula-like cells neutralised and restorable, numbers kept, BOM,
atomic replacement; and every product writer (titles, tasks, occupation export) goes through it."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from jobrisk.tabular import safe_writer as sw

HOSTILE = [
    '=HYPERLINK("http://x","click")',
    "+SUM(1;2)",
    "-2+3+cmd|' /C calc'!A0",
    "@cmd",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\uff1dSUM(1)",
    "'=already quoted",
    "''",
    "'",
    "'s-Hertogenbosch",
    "-",
    "=",
    "plain text",
    "",
    "café, naïve",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralised_text_never_starts_with_a_trigger_and_restores_exactly(text):
    cell = sw.neutralise(text)
    assert cell[:1] not in sw.FORMULA_TRIGGERS
    assert sw.restore(cell) == text


@pytest.mark.parametrize("number", ["-12", "+3.5", "-1.2e-3", "-.5", "0", "42"])
def test_plain_numbers_stay_numbers(number):
    assert sw.neutralise(number) == number


@pytest.mark.parametrize("formula", ["-1+2", "-A1", "+1)", "-1e", "- 1", "=1"])
def test_number_like_formulas_are_neutralised(formula):
    assert sw.neutralise(formula) == "'" + formula


def _read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "spreadsheet CSV starts with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_round_trip_of_hostile_cells_numbers_and_missing(tmp_path):
    out = tmp_path / "out.csv"
    rows = [[text, -1.5, None] for text in HOSTILE] + [["x", float("nan"), 3]]
    assert sw.write_csv(out, ["=header", "n", "m"], rows) == len(rows)
    header, *body = _read_csv(out)
    assert header == ["'=header", "n", "m"]
    for (text, _n, _m), cells in zip(rows, body):
        assert cells[0][:1] not in sw.FORMULA_TRIGGERS and sw.restore(cells[0]) == text
        assert cells[1] in ("-1.5", "")  # negative number kept numeric; NaN is empty
    assert body[-1] == ["x", "", "3"]


def test_xlsx_cells_are_text_never_formulas_and_numbers_are_numbers(tmp_path):
    out = tmp_path / "out.xlsx"
    rows = [[text, "-1.5"] for text in HOSTILE] + [["bell\x07", None]]
    sw.write_table(out, ["title", "score"], rows, numeric_columns=["score"])
    sheet = openpyxl.load_workbook(out).active
    values = list(sheet.iter_rows(min_row=2))
    for (text, _), (title, score) in zip(rows[:-1], values):
        assert title.data_type == "s" or (text == "" and title.value is None)
        if text:  # the same rule as CSV; XML reads a bare CR as a line feed
            assert title.value[:1] not in sw.FORMULA_TRIGGERS
            assert sw.restore(title.value) == text.replace("\r", "\n") or text.startswith("\r")
        assert score.value in (-1.5, None)
    assert values[-1][0].value == "bell\ufffd"


def test_a_workbook_of_several_sheets_as_bytes(tmp_path):
    import io

    data = sw.xlsx_bytes([("First", ["a", "n"], [["=x", 1]]), ("Second", ["b"], [["@y"]])])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["First", "Second"]
    assert list(book["First"].iter_rows(values_only=True)) == [("a", "n"), ("'=x", 1)]
    assert list(book["Second"].iter_rows(values_only=True)) == [("b",), ("'@y",)]


def test_a_failed_write_leaves_the_previous_file_and_no_temp_file(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("previous\n", encoding="utf-8")

    def rows():
        yield ["a"]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        sw.write_csv(out, ["col"], rows())
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_frames_with_numpy_numbers_write_plain_numbers(tmp_path):
    frame = pd.DataFrame({"task": ["=x", "ok"], "p": [0.1234, -0.5], "n": [1, 2]})
    sw.write_frame(tmp_path / "f.csv", frame)
    assert _read_csv(tmp_path / "f.csv") == [["task", "p", "n"], ["'=x", "0.1234", "1"], ["ok", "-0.5", "2"]]


def test_row_of_the_wrong_length_is_refused(tmp_path):
    with pytest.raises(ValueError, match="2 values for 3 columns"):
        sw.write_csv(tmp_path / "x.csv", ["a", "b", "c"], [["1", "2"]])
    assert not (tmp_path / "x.csv").exists()


# ---------------------------------------------------------------- every product writer
def test_titles_code_output_is_formula_safe(catalog, tmp_path):
    from jobrisk.app.title_files import code_titles_file, read_titles_file
    from jobrisk.models.title_coder import TitleCoder

    src = tmp_path / "in.csv"
    pd.DataFrame({"note": HOSTILE[:6], "title": HOSTILE[:6]}).to_csv(src, index=False)
    titles = read_titles_file(src)  # cells as the one reader reads them (outer white space trimmed)
    code_titles_file(titles, tmp_path / "out.csv", TitleCoder.from_catalog(catalog))
    header, *body = _read_csv(tmp_path / "out.csv")
    assert header[:2] == ["note", "title"]
    for text, cells in zip(titles["note"], body):
        assert all(c[:1] not in sw.FORMULA_TRIGGERS for c in cells), cells
        assert sw.restore(cells[0]) == text


def test_titles_code_writes_a_workbook_for_xlsx(catalog, tmp_path):
    from jobrisk.app.title_files import code_titles_file, read_titles_file
    from jobrisk.models.title_coder import TitleCoder

    src = tmp_path / "in.csv"
    pd.DataFrame({"title": ["=1+1", "Registered Nurse"]}).to_csv(src, index=False)
    code_titles_file(read_titles_file(src), tmp_path / "out.xlsx", TitleCoder.from_catalog(catalog))
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("title", "onet_soc_code", "confidence")
    assert rows[1][0] == "'=1+1" and isinstance(rows[2][2], float)


def test_tasks_score_output_is_formula_safe(catalog, tmp_path):
    from jobrisk.models.task_exposure import score_csv, train_model

    model = train_model(catalog, seed=7, crossfit_folds=2, n_jobs=1)
    src = tmp_path / "in.csv"
    pd.DataFrame({"id": ["-1", "@x"], "task": ['=HYPERLINK("http://x")', "-Prepare reports"]}).to_csv(src, index=False)
    score_csv(model, src, tmp_path / "out.csv")
    header, *body = _read_csv(tmp_path / "out.csv")
    assert header[:2] == ["id", "task"]
    assert body[0][:2] == ["-1", '\'=HYPERLINK("http://x")']
    assert body[1][:2] == ["'@x", "'-Prepare reports"]
    assert all(0.0 <= float(v) <= 1.0 for row in body for v in row[2:8])


def test_occupations_export_is_formula_safe_and_atomic(scorebook, tmp_path):
    from jobrisk.reports.score_export import COLUMNS, write_export

    out = tmp_path / "scores.csv"
    count = write_export(out, scorebook)
    header, *body = _read_csv(out)
    assert tuple(header) == COLUMNS and len(body) == count == len(scorebook)
    assert all(c[:1] not in sw.FORMULA_TRIGGERS or sw.is_plain_number(c) for r in body for c in r)
    assert [p.name for p in tmp_path.iterdir()] == ["scores.csv"]


#: Modules allowed to write CSV/XLSX without the safe writer's functions, and why.
OTHER_WRITERS = {
    "tabular/safe_writer.py": "the one safe writer itself",
    "sources/derive.py": "derived raw source files in the data directory, read by the catalog build only",
}
WRITE_CALLS = ("to_csv(", "csv.writer(", "DictWriter(", "Workbook(", "to_excel(", "xlsxwriter")


def test_no_module_writes_csv_or_xlsx_around_the_safe_writer():
    from pathlib import Path

    import jobrisk

    root = Path(jobrisk.__file__).parent
    writers = {
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if any(call in p.read_text(encoding="utf-8") for call in WRITE_CALLS)
    }
    assert writers <= set(OTHER_WRITERS), (
        f"write these through jobrisk.tabular.safe_writer: {writers - set(OTHER_WRITERS)}"
    )
    # batch chunk files are rendered by app/batch/csv_out.py with this module's csv_cell and
    # neutralise (test_batch_csv_io checks its bytes equal SafeCsvWriter's)
    batch = (root / "app/batch/csv_out.py").read_text(encoding="utf-8")
    assert "from jobrisk.tabular.safe_writer import" in batch and "neutralise(" in batch and "csv_cell(" in batch
