"""The batch path's own CSV reading and writing: every cell as the safe writer writes it, every
unreadable row numbered, on the edge cases spreadsheets and exports produce."""

from __future__ import annotations

import codecs

import numpy as np
import pandas as pd
import pytest

from jobrisk.app.batch.csv_out import frame_csv, header_line
from jobrisk.app.batch.reading import csv_chunks, detect_encoding
from jobrisk.tabular.safe_writer import csv_text

HOSTILE = [
    "Roofer",
    'say "hi"',
    "a,b",
    "",
    "two\nlines",
    "cr\rlf",
    '=HYPERLINK("http://x")',
    "+SUM(1;2)",
    "@cmd",
    "\tTab",
    "-12",
    "-1.5e-3",
    "'=already",
    "''",
    "\uff1dfullwidth",
    "Café",
]


def test_chunk_csv_is_exactly_what_the_safe_writer_writes():
    n = len(HOSTILE)
    frame = pd.DataFrame(
        {
            "=title": HOSTILE,
            "text": pd.Series([*HOSTILE[1:], None], dtype="str"),
            "share": [0.1234, 45.0, np.nan, 1e-05, 0.30000000000000004, *([2.5] * (n - 5))],
            "count": np.arange(n, dtype=np.int64),
            "mixed": pd.Series([1, "x", None, 2.5, *(["-3"] * (n - 4))], dtype=object),
        }
    )
    rows = [[None if (isinstance(v, float) and np.isnan(v)) else v for v in r] for r in frame.itertuples(index=False)]
    expected = csv_text(list(frame.columns), rows).encode("utf-8")
    assert header_line(frame.columns) + frame_csv(frame) == expected


def test_a_long_chunk_is_joined_in_blocks_without_losing_rows(monkeypatch):
    from jobrisk.app.batch import csv_out

    monkeypatch.setattr(csv_out, "JOIN_ROWS", 7)
    frame = pd.DataFrame({"title": [f"t{i}" for i in range(50)], "n": np.arange(50)})
    assert frame_csv(frame).decode().split("\r\n")[:-1] == [f"t{i},{i}" for i in range(50)]


def _chunks(tmp_path, data: bytes, chunk_rows: int = 3):
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    return [
        (c.first_row, c.frame.to_dict("list"), c.rejected) for c in csv_chunks(path, chunk_rows, detect_encoding(path))
    ]


def test_unreadable_rows_keep_their_numbers_across_chunks(tmp_path):
    data = (
        b"title,site\r\nRoofer,s0\r\n,s1\r\nAccountant,s2\r\n"
        b'"Nurse,with,extra",a,b\r\nRegistered Nurse,x\r\n\r\n"multi\nline",y\r\n  \r\nlast,z'
    )
    assert _chunks(tmp_path, data) == [
        (1, {"title": ["Roofer", "", "Accountant"], "site": ["s0", "s1", "s2"]}, []),
        (4, {"title": ["Registered Nurse"], "site": ["x"]}, [(4, "3 fields, the header has 2"), (6, "blank line")]),
        (7, {"title": ["multi\nline", "last"], "site": ["y", "z"]}, [(8, "blank line")]),
    ]


@pytest.mark.parametrize(
    "data,rows,rejected",
    [
        (codecs.BOM_UTF8 + "title,x\nCafé,1\n".encode(), {"title": ["Café"], "x": ["1"]}, []),
        ("title,x\nCafé,1\n".encode("utf-16"), {"title": ["Café"], "x": ["1"]}, []),
        ("title\nCafé Manager\n".encode("cp1252"), {"title": ["Café Manager"]}, []),
        (b"title\nRoofer\n\nNurse\n", {"title": ["Roofer", "Nurse"]}, [(2, "blank line")]),
        (b'title,x\n5" pipe fitter,1\nNA,null\n', {"title": ['5" pipe fitter', "NA"], "x": ["1", "null"]}, []),
        (b"title,x\n,\nRoofer,007\n", {"title": ["Roofer"], "x": ["007"]}, [(1, "blank line")]),
        (b'title,x\n"open quote,1\nnext,2\n', {"title": [], "x": []}, [(1, "1 fields, the header has 2")]),
        (b"title,x\n", {"title": [], "x": []}, []),
    ],
)
def test_encodings_quotes_and_blank_rows_are_read_as_written(tmp_path, data, rows, rejected):
    assert _chunks(tmp_path, data, chunk_rows=10) == [(1, rows, rejected)]


def test_chunks_cover_the_file_exactly_once(tmp_path):
    lines = "".join(f"t{i},{i}\n" if i % 7 else "bad\n" for i in range(1, 101))
    chunks = _chunks(tmp_path, ("title,n\n" + lines).encode(), chunk_rows=10)
    assert [c[0] for c in chunks] == list(range(1, 101, 10))
    numbers = sorted([int(n) for _, rows, _ in chunks for n in rows["n"]] + [r for _, _, bad in chunks for r, _ in bad])
    assert numbers == list(range(1, 101))
    assert [r for _, _, bad in chunks for r, _ in bad] == list(range(7, 101, 7))
