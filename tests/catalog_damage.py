"""The ways a catalog file gets damaged, shared by the catalog-integrity and web fault tests.

``write_good_catalog(path)`` writes the fixture catalog (a dozen real occupations) to a file;
``DAMAGES[name](path)`` damages a copy of it in place.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from jobrisk.catalog import Catalog
from jobrisk.catalog.fixture import load_fixture


def write_good_catalog(path: Path) -> Path:
    catalog = Catalog.create(path)
    load_fixture(catalog)
    catalog.commit()
    catalog.close()
    return path


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _junk_after_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100 : 4096 * 3] = os.urandom(4096 * 3 - 100)
    path.write_bytes(bytes(data))


def _append_junk(path: Path) -> None:
    with open(path, "ab") as handle:
        handle.write(b"junk" * 100)


def _half_built(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM build_manifest WHERE key = 'fingerprint'")


DAMAGES: dict[str, Callable[[Path], object]] = {
    "empty": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(os.urandom(50_000)),
    "text": lambda p: p.write_text("this is not a database\n"),
    "truncated": _truncate,
    "junk_after_header": _junk_after_header,
    "junk_appended": _append_junk,
    "half_built": _half_built,
}
#: Damages that make the file unreadable as a database (not only its build manifest).
UNREADABLE = ("empty", "garbage", "junk_after_header", "truncated")
