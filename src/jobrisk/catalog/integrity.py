"""Is a catalog file whole? Checks run by :meth:`jobrisk.catalog.Catalog.open`.

Three levels, cheapest first:

``header``   (every open, microseconds) the file is not empty, starts with the SQLite magic
             string, and its size is exactly the page size times the page count its header
             records: a truncated file, or junk appended after the last page, fails here;
``manifest`` (every open, milliseconds) the build manifest is readable and records the
             schema version and fingerprint the build writes last, so a half-written file
             fails here; a damaged first page ("file is not a database") too;
``quick``    (opt-in: the web app's start-up, ``jobrisk data status``) SQLite's
             ``PRAGMA quick_check`` over every page (about a second for the full catalog).

Any failure raises :class:`jobrisk.errors.CatalogCorruptError` ("catalog is corrupt: run
`jobrisk build`"). Queries on an open catalog that meet a damaged page later raise the
same error (:class:`CheckedConnection`), never a bare ``sqlite3.DatabaseError``.

May import: ``jobrisk.errors`` only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Iterator

from jobrisk.errors import CatalogCorruptError

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
CHECK_LEVELS = ("header", "manifest", "quick")
#: Manifest keys the build writes in its last step; missing means the build never finished.
REQUIRED_MANIFEST_KEYS = ("schema_version", "fingerprint")


def check_header(path: Path) -> None:
    """Raise CatalogCorruptError unless ``path`` looks like a complete SQLite file."""
    size = path.stat().st_size
    if size == 0:
        raise CatalogCorruptError(path, "the file is empty")
    with open(path, "rb") as handle:
        header = handle.read(HEADER_BYTES)
    if len(header) < HEADER_BYTES or not header.startswith(SQLITE_MAGIC):
        raise CatalogCorruptError(path, "the file is not an SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    change_counter = int.from_bytes(header[24:28], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    if page_size < 512 or page_size & (page_size - 1):
        raise CatalogCorruptError(path, f"its header records an invalid page size {page_size}")
    if page_count and valid_for == change_counter and size != page_size * page_count:
        raise CatalogCorruptError(
            path,
            f"it has {size} bytes but its header records "
            f"{page_count} pages of {page_size} bytes "
            f"({'truncated' if size < page_size * page_count else 'extra bytes'})",
        )
    if size % page_size:
        raise CatalogCorruptError(path, f"its size {size} is not a whole number of pages")


def check_manifest(connection: sqlite3.Connection, path: Path) -> None:
    """Raise CatalogCorruptError unless the build manifest holds the keys a finished build writes."""
    try:
        keys = {row[0] for row in connection.execute("SELECT key FROM build_manifest")}
    except sqlite3.DatabaseError as exc:
        raise CatalogCorruptError(path, f"its build manifest cannot be read ({exc})") from exc
    missing = [k for k in REQUIRED_MANIFEST_KEYS if k not in keys]
    if missing:
        raise CatalogCorruptError(path, f"its build manifest lacks {', '.join(missing)} (the build did not finish)")


def quick_check(connection: sqlite3.Connection, path: Path) -> None:
    """SQLite's ``quick_check`` of every page; CatalogCorruptError with its first finding."""
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise CatalogCorruptError(path, f"the integrity check failed ({exc})") from exc
    findings = [str(r[0]) for r in rows]
    if findings != ["ok"]:
        raise CatalogCorruptError(path, f"the integrity check found: {'; '.join(findings[:3])}")


def is_corruption(exc: sqlite3.Error) -> bool:
    """True for the errors SQLite raises on a damaged file (not for SQL mistakes)."""
    if type(exc) is sqlite3.DatabaseError:
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "disk i/o error" in text


class CheckedCursor:
    """A cursor whose fetches turn corruption errors into CatalogCorruptError."""

    def __init__(self, cursor: sqlite3.Cursor, path: Path | None):
        self._cursor, self._path = cursor, path

    def _wrap(self, exc: sqlite3.Error) -> Exception:
        if is_corruption(exc):
            return CatalogCorruptError(self._path or ":memory:", f"a query failed: {exc}")
        return exc

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._cursor
        except sqlite3.Error as exc:
            raise self._wrap(exc) from exc

    def fetchone(self) -> Any:
        try:
            return self._cursor.fetchone()
        except sqlite3.Error as exc:
            raise self._wrap(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return self._cursor.fetchall()
        except sqlite3.Error as exc:
            raise self._wrap(exc) from exc

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class CheckedConnection:
    """The catalog's connection: same calls, corruption errors become CatalogCorruptError."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None):
        self._conn, self._path = connection, path

    @property
    def raw(self) -> sqlite3.Connection:
        return self._conn

    def _call(self, method: str, *args: Any) -> Any:
        try:
            return getattr(self._conn, method)(*args)
        except sqlite3.Error as exc:
            if is_corruption(exc):
                raise CatalogCorruptError(self._path or ":memory:", f"a query failed: {exc}") from exc
            raise

    def execute(self, sql: str, params: Any = ()) -> CheckedCursor:
        return CheckedCursor(self._call("execute", sql, params), self._path)

    def executemany(self, sql: str, rows: Any) -> CheckedCursor:
        return CheckedCursor(self._call("executemany", sql, rows), self._path)

    def executescript(self, sql: str) -> Any:
        return self._call("executescript", sql)

    def commit(self) -> None:
        self._call("commit")

    def close(self) -> None:
        self._conn.close()

    @property
    def row_factory(self) -> Any:
        return self._conn.row_factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self._conn.row_factory = factory
