"""``jobrisk batch`` file handling on the small real-data catalog: chunks, formats, encodings,
rejected rows, formula safety and resuming after an interruption."""

from __future__ import annotations

import csv
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jobrisk.app.batch import BatchScorer, run_batch, score_roster, score_titles
from jobrisk.app.batch.files import _fingerprint, _part_name, _prepare_partial, _write_part, score_chunk
from jobrisk.app.batch.reading import csv_chunks
from jobrisk.errors import InputError, MissingColumnError
from jobrisk.tabular.safe_writer import restore

TITLES = [
    "Software Developer",
    "Registered Nurse",
    "Roofer",
    "Data Scientist",
    "Truck Driver",
    "Accountant",
    "Telemarketer",
    "Data Entry Clerk",
]


@pytest.fixture(scope="module")
def scorer(catalog) -> BatchScorer:
    return BatchScorer.from_catalog(catalog)


def _read(path):
    if str(path).endswith(".parquet"):
        return pq.read_table(path).to_pandas()
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _write_titles(path, titles, extra_lines=()):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "site"])
        for i, title in enumerate(titles):
            writer.writerow([title, f"site {i % 3}"])
        for line in extra_lines:
            handle.write(line)


def test_every_row_is_scored_once_and_in_order(scorer, tmp_path):
    titles = [TITLES[i % len(TITLES)] for i in range(95)]
    _write_titles(tmp_path / "in.csv", titles)
    result = run_batch("titles", tmp_path / "in.csv", tmp_path / "out.csv", scorer, chunk_rows=10)
    out = _read(tmp_path / "out.csv")
    assert result.chunks == 10 and result.rows_in == result.rows_out == 95
    assert out["title"].tolist() == titles
    assert list(out.columns[:2]) == ["title", "site"]
    nurse = out[out["title"] == "Registered Nurse"]
    assert set(nurse["onet_soc_code"]) == {"29-1141.00"}
    assert (nurse["risk_score"] != "").all()
    assert not (tmp_path / "out.csv.partial").exists()


def test_chunked_file_result_equals_in_process_frame_result(scorer, tmp_path):
    titles = [TITLES[i % len(TITLES)] for i in range(40)]
    _write_titles(tmp_path / "in.csv", titles)
    run_batch("titles", tmp_path / "in.csv", tmp_path / "out.parquet", scorer, chunk_rows=7)
    from_file = _read(tmp_path / "out.parquet")
    in_process = score_titles(pd.read_csv(tmp_path / "in.csv", dtype=str), scorer)
    pd.testing.assert_frame_equal(from_file.reset_index(drop=True), in_process, check_dtype=False)


def test_arrow_table_in_gives_arrow_table_out(scorer):
    table = pa.table({"title": ["Roofer", "Accountant"]})
    out = score_titles(table, scorer)
    assert isinstance(out, pa.Table)
    assert out.column("onet_soc_code").to_pylist() == ["47-2181.00", "13-2011.00"]


def test_malformed_and_empty_rows_are_listed_with_their_row_numbers(scorer, tmp_path):
    _write_titles(
        tmp_path / "in.csv",
        ["Roofer", "", "Accountant"],
        extra_lines=['"Nurse,with,extra",a,b\r\n', "Registered Nurse,x\r\n"],
    )
    result = run_batch("titles", tmp_path / "in.csv", tmp_path / "out.csv", scorer)
    rejected = _read(result.rejected_path)
    assert rejected["row"].tolist() == ["2", "4"]
    assert "empty" in rejected["reason"][0]
    assert "3 fields, the header has 2" in rejected["reason"][1]
    out = _read(tmp_path / "out.csv")
    assert out["title"].tolist() == ["Roofer", "", "Accountant", "Registered Nurse"]
    assert result.rows_in == 5 and result.rows_out == 4 and result.rejected == 2


def test_formula_cells_are_neutralised_and_round_trip(scorer, tmp_path):
    hostile = ['=HYPERLINK("http://x")', "+SUM(1;2)", "@cmd", "=cmd|' /C calc'!A0", "\tTab", "-12"]
    _write_titles(tmp_path / "in.csv", hostile)
    run_batch("titles", tmp_path / "in.csv", tmp_path / "out.csv", scorer)
    out = _read(tmp_path / "out.csv")
    cells = out["title"].tolist()
    assert all(not c.startswith(("=", "+", "@", "\t")) for c in cells)
    assert cells[-1] == "-12"  # a bare number stays a number
    assert [restore(c) for c in cells] == hostile


def test_latin1_input_is_read_and_said(scorer, tmp_path):
    (tmp_path / "in.csv").write_bytes("title\nCaf\xe9 Manager\nRoofer\n".encode("cp1252"))
    result = run_batch("titles", tmp_path / "in.csv", tmp_path / "out.csv", scorer)
    assert result.encoding == "cp1252"
    assert _read(tmp_path / "out.csv")["title"].tolist() == ["Café Manager", "Roofer"]
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_interrupted_run_resumes_without_duplicating_rows(scorer, tmp_path):
    titles = [TITLES[i % len(TITLES)] + f" {i}" for i in range(50)]
    _write_titles(tmp_path / "in.csv", titles)
    run_batch("titles", tmp_path / "in.csv", tmp_path / "clean.csv", scorer, chunk_rows=10)
    # the state an interrupted run leaves: the manifest and its first three parts
    out = tmp_path / "out.csv"
    partial = tmp_path / "out.csv.partial"
    _prepare_partial(partial, _fingerprint(tmp_path / "in.csv", "titles", 10, ".csv"))
    for i, chunk in enumerate(csv_chunks(tmp_path / "in.csv", 10, "utf-8")):
        if i == 3:
            break
        scored, _ = score_chunk("titles", chunk.frame, scorer)
        _write_part(scored, [], partial, i, ".csv")
    resumed = run_batch("titles", tmp_path / "in.csv", out, scorer, chunk_rows=10)
    assert resumed.chunks_resumed == 3 and resumed.chunks == 5
    assert out.read_bytes() == (tmp_path / "clean.csv").read_bytes()
    assert _read(out)["title"].tolist() == titles


def test_changed_input_starts_over_and_says_why(scorer, tmp_path):
    _write_titles(tmp_path / "in.csv", TITLES)
    partial = tmp_path / "out.csv.partial"
    _prepare_partial(partial, _fingerprint(tmp_path / "in.csv", "titles", 3, ".csv"))
    (partial / _part_name(0, ".csv")).write_text("stale\r\n")
    _write_titles(tmp_path / "in.csv", TITLES + ["Roofer"])
    result = run_batch("titles", tmp_path / "in.csv", tmp_path / "out.csv", scorer, chunk_rows=3)
    assert result.restarted_because.startswith("the input file or the options changed")
    assert "stale" not in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_roster_headcounts_are_validated_per_row(scorer):
    roster = pd.DataFrame(
        {"Job Title": ["Roofer", "Accountant", "", "Registered Nurse"], "Headcount": ["3", "-1", "2", "many"]}
    )
    out = score_roster(roster, scorer)
    assert out["headcount"].tolist()[0] == 3.0
    assert "must be above 0" in out["row_error"][1]
    assert out["row_error"][2] == "job title is empty"
    assert "not a number" in out["row_error"][3]
    assert out["row_error"][0] == ""


def test_missing_title_column_names_the_columns_found(scorer, tmp_path):
    (tmp_path / "in.csv").write_text("name,dept\nA,B\n")
    with pytest.raises(MissingColumnError, match="got columns: name, dept"):
        run_batch("titles", tmp_path / "in.csv", tmp_path / "out.csv", scorer)
    with pytest.raises(MissingColumnError, match="job_title"):
        score_roster(pd.DataFrame({"name": ["x"]}), scorer)


def test_bad_paths_and_options_are_refused(scorer, tmp_path):
    _write_titles(tmp_path / "in.csv", TITLES)
    with pytest.raises(InputError, match="must end in .csv or .parquet"):
        run_batch("titles", tmp_path / "in.csv", tmp_path / "out.xlsx", scorer)
    with pytest.raises(InputError, match="must not be the input"):
        run_batch("titles", tmp_path / "in.csv", tmp_path / "in.csv", scorer)
    with pytest.raises(InputError, match="does not exist"):
        run_batch("titles", tmp_path / "missing.csv", tmp_path / "out.csv", scorer)
    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match="not a readable Parquet"):
        run_batch("titles", tmp_path / "junk.parquet", tmp_path / "out.csv", scorer)
