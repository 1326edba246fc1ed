"""``jobrisk titles code`` reads its input with the one tabular reader: any usual CSV or a workbook."""

from __future__ import annotations

import pandas as pd
import pytest

from jobrisk.app.title_files import code_titles_file, read_titles_file
from jobrisk.catalog import Catalog
from jobrisk.errors import InputError, MissingColumnError
from jobrisk.models.title_coder import TitleCoder


@pytest.fixture(scope="module")
def coder() -> TitleCoder:
    return TitleCoder.from_catalog(Catalog.fixture())


def test_a_semicolon_separated_windows_1252_file_is_coded_with_every_column_kept(coder, tmp_path):
    src = tmp_path / "roster.csv"
    src.write_bytes("employee;title\nZoë;Registered Nurse\nRené;Roofer\n".encode("cp1252"))
    out = tmp_path / "coded.csv"
    counts = code_titles_file(read_titles_file(src), out, coder)
    coded = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(coded.columns)[:2] == ["employee", "title"]
    assert coded["employee"].tolist() == ["Zoë", "René"]
    assert coded["onet_soc_code"].tolist() == ["29-1141.00", "47-2181.00"]
    assert counts["matched"] == 2


def test_a_workbook_is_coded(coder, tmp_path):
    book = tmp_path / "roster.xlsx"
    pd.DataFrame({"title": ["Roofer"]}).to_excel(book, index=False)
    out = tmp_path / "coded.csv"
    assert code_titles_file(read_titles_file(book), out, coder)["matched"] == 1


def test_a_file_without_a_title_column_names_the_columns_it_has(tmp_path):
    src = tmp_path / "roster.csv"
    src.write_text("name\tjob_title\nAna\tNurse\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="got columns: name, job_title"):
        read_titles_file(src)


def test_a_cell_over_the_length_limit_is_refused_naming_its_row(tmp_path):
    src = tmp_path / "roster.csv"
    src.write_text("title\nRoofer\n" + "x" * 10_001 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 3"):
        read_titles_file(src)
