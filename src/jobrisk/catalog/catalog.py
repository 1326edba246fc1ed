"""The :class:`Catalog`: the only place in jobrisk that runs SQL.

Open a built catalog with :meth:`Catalog.open`, make an empty one with
:meth:`Catalog.in_memory`, or a tiny ready-made one for tests with
:meth:`Catalog.fixture`. Every question is a named method returning typed records
from :mod:`jobrisk.catalog.types`; the questions about observed AI use live in
:mod:`jobrisk.catalog.observed_queries`.
"""

from __future__ import annotations

import json
import sqlite3
from importlib import resources
from dataclasses import fields
from pathlib import Path
from typing import Any, Iterable, Sequence

from jobrisk.catalog import types as t
from jobrisk.catalog.integrity import CHECK_LEVELS, CheckedConnection, check_header, check_manifest, quick_check
from jobrisk.catalog.observed_queries import ObservedUseQueries
from jobrisk.catalog.sql import where
from jobrisk.errors import CatalogMissingError, NotFoundError

SCHEMA_VERSION = 2  # 2: observed AI use tables (observed_*)


def _schema_sql() -> str:
    return resources.files("jobrisk.catalog").joinpath("schema.sql").read_text(encoding="utf-8")


def _split_schema(sql: str) -> tuple[str, str]:
    """(table statements, index statements) of the schema script."""
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    tables: list[str] = []
    indexes: list[str] = []
    for statement in (part.strip() for part in code.split(";")):
        if statement:
            target = indexes if statement.upper().startswith("CREATE INDEX") else tables
            target.append(statement + ";\n")
    return "".join(tables), "".join(indexes)


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


class Catalog(ObservedUseQueries):
    """Read (and, for the build step, write) access to the reference catalog."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None = None):
        self._db = CheckedConnection(connection, path)
        self._db.row_factory = sqlite3.Row
        self.path = path

    # ---------------------------------------------------------------- construction
    @classmethod
    def open(cls, path: str | Path, *, check: str = "manifest") -> "Catalog":
        """Open a built catalog read-only, after checking it is whole.

        ``check`` is ``"header"``, ``"manifest"`` (default; both cost microseconds to
        milliseconds) or ``"quick"`` (also SQLite's quick_check of every page, about a second
        on the full catalog); see :mod:`jobrisk.catalog.integrity`. A damaged file raises
        CatalogCorruptError ("catalog is corrupt: run `jobrisk build`"), a missing one
        CatalogMissingError.
        """
        path = Path(path)
        if check not in CHECK_LEVELS:
            raise ValueError(f"check must be one of {', '.join(CHECK_LEVELS)}; got {check!r}")
        if not path.exists():
            raise CatalogMissingError(f"No catalog at {path}. Run 'jobrisk data sync' and 'jobrisk build' first.")
        check_header(path)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            if check in ("manifest", "quick"):
                check_manifest(conn, path)
            if check == "quick":
                quick_check(conn, path)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    def verify(self) -> None:
        """SQLite's quick_check of this open catalog; CatalogCorruptError when it finds damage."""
        quick_check(self._db.raw, self.path or Path(":memory:"))

    @classmethod
    def open_for_update(cls, path: str | Path) -> "Catalog":
        """Open a built catalog read-write, to refresh model outputs (e.g. ``task_exposure``)."""
        path = Path(path)
        if not path.exists():
            raise CatalogMissingError(f"No catalog at {path}. Run 'jobrisk data sync' and 'jobrisk build' first.")
        check_header(path)
        conn = sqlite3.connect(str(path), check_same_thread=False)
        conn.execute("PRAGMA synchronous=FULL")  # updated in place: every commit reaches the disk
        return cls(conn, path)

    @classmethod
    def create(cls, path: str | Path, *, defer_indexes: bool = False) -> "Catalog":
        """Create a new, empty catalog file with the schema (used by the build step).

        With ``defer_indexes`` only the tables are made; call :meth:`create_indexes`
        once the rows are loaded (faster bulk loading).
        """
        conn = sqlite3.connect(str(path), check_same_thread=False)
        # A new catalog is always built in a temporary file that is only renamed into place
        # once complete and fsync-ed (jobrisk.catalog.build), so no rollback journal is needed;
        # synchronous=NORMAL has SQLite write each commit out before the next begins.
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=NORMAL")
        catalog = cls(conn, Path(path))
        tables, indexes = _split_schema(_schema_sql())
        catalog._db.executescript(tables if defer_indexes else tables + indexes)
        return catalog

    def create_indexes(self) -> None:
        """Create the schema's indexes (after a bulk load) and refresh the query planner statistics."""
        self._db.executescript(_split_schema(_schema_sql())[1] + "ANALYZE;")

    @classmethod
    def in_memory(cls) -> "Catalog":
        """An empty in-memory catalog with the schema."""
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        catalog = cls(conn)
        catalog._db.executescript(_schema_sql())
        return catalog

    @classmethod
    def fixture(cls) -> "Catalog":
        """A small in-memory catalog of real rows, for fast unit tests."""
        from jobrisk.catalog.fixture import load_fixture

        catalog = cls.in_memory()
        load_fixture(catalog)
        return catalog

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- writing (build step)
    def insert_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert rows into a schema table; returns the number of rows inserted."""
        if not table.isidentifier() or not all(c.isidentifier() for c in columns):
            raise ValueError(f"Invalid table or column name in {table}({columns})")
        marks = ", ".join("?" for _ in columns)
        cur = self._db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return cur.rowcount

    def replace_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Delete every row of ``table`` and insert ``rows`` (used to refresh model outputs)."""
        self._db.execute(f"DELETE FROM {table}") if table.isidentifier() else None
        return self.insert_rows(table, columns, rows)

    def set_manifest(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO build_manifest (key, value) VALUES (?, ?)", (key, json.dumps(value, sort_keys=True))
        )

    def commit(self) -> None:
        self._db.commit()

    def select_rows(self, table: str, where: str = "", params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        """(column names, rows) of ``table`` filtered by an SQL ``where`` clause (fixture export)."""
        if not table.isidentifier():
            raise ValueError(f"Invalid table name {table!r}")
        cur = self._db.execute(
            f"SELECT * FROM {table}" + (f" WHERE {where}" if where else "") + " ORDER BY rowid", tuple(params)
        )
        return [d[0] for d in cur.description], [tuple(r) for r in cur.fetchall()]

    def table_columns(self, table: str) -> list[str]:
        """Column names of a schema table."""
        if not table.isidentifier():
            raise ValueError(f"Invalid table name {table!r}")
        return [r[1] for r in self._db.execute(f"PRAGMA table_info({table})")]

    def table_counts(self) -> dict[str, int]:
        names = [r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: self._db.execute(f"SELECT COUNT(*) FROM {n}").fetchone()[0] for n in names}

    # ---------------------------------------------------------------- manifest
    def manifest(self) -> dict[str, Any]:
        return {r["key"]: json.loads(r["value"]) for r in self._db.execute("SELECT key, value FROM build_manifest")}

    def source_files(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._db.execute("SELECT * FROM source_files ORDER BY source_id, file")]

    def fingerprint(self) -> str:
        """A checksum identifying this catalog's content (stored by the build)."""
        return str(self.manifest().get("fingerprint", ""))

    # ---------------------------------------------------------------- occupations
    _OCC = "SELECT onet_soc_code, title, description, soc_code, major_group, job_zone, task_count FROM occupations"

    def occupations(self) -> list[t.Occupation]:
        return [t.Occupation(**r) for r in self._db.execute(self._OCC + " ORDER BY onet_soc_code")]

    def occupation(self, onet_soc_code: str) -> t.Occupation:
        row = self._db.execute(self._OCC + " WHERE onet_soc_code = ?", (onet_soc_code,)).fetchone()
        if row is None:
            raise NotFoundError(f"No occupation with O*NET-SOC code {onet_soc_code!r}")
        return t.Occupation(**row)

    def has_occupation(self, onet_soc_code: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM occupations WHERE onet_soc_code = ?", (onet_soc_code,)).fetchone()
            is not None
        )

    def major_groups(self) -> dict[str, str]:
        return {
            r[0]: r[1] for r in self._db.execute("SELECT major_group, title FROM major_groups ORDER BY major_group")
        }

    # ---------------------------------------------------------------- tasks
    _TASK = "SELECT task_id, onet_soc_code, task, task_type, type_weight FROM tasks"

    def tasks(self, onet_soc_code: str | None = None) -> list[t.Task]:
        clause, args = where(("onet_soc_code", onet_soc_code))
        return [t.Task(**r) for r in self._db.execute(self._TASK + clause + " ORDER BY onet_soc_code, task_id", args)]

    def task_labels(self) -> list[t.TaskLabel]:
        rows = self._db.execute("SELECT * FROM task_labels ORDER BY onet_soc_code, task_id")
        return [t.TaskLabel(**{**dict(r), "in_onet": bool(r["in_onet"])}) for r in rows]

    def task_exposures(self, onet_soc_code: str | None = None) -> list[t.TaskExposure]:
        clause, args = where(("onet_soc_code", onet_soc_code))
        rows = self._db.execute("SELECT * FROM task_exposure" + clause + " ORDER BY task_id", args)
        return [_task_exposure(dict(r)) for r in rows]

    def task_dwas(self, onet_soc_code: str | None = None) -> dict[int, list[t.Dwa]]:
        sql = (
            "SELECT td.task_id, d.dwa_id, d.dwa_title, d.iwa_id, i.iwa_title, d.element_id "
            "FROM task_dwas td JOIN dwas d ON d.dwa_id = td.dwa_id JOIN iwas i ON i.iwa_id = d.iwa_id"
        )
        clause, args = where(("td.onet_soc_code", onet_soc_code))
        out: dict[int, list[t.Dwa]] = {}
        for r in self._db.execute(sql + clause, args):
            out.setdefault(r["task_id"], []).append(
                t.Dwa(r["dwa_id"], r["dwa_title"], r["iwa_id"], r["iwa_title"], r["element_id"])
            )
        return out

    # ---------------------------------------------------------------- titles
    def titles(self) -> list[t.TitleRecord]:
        return [
            t.TitleRecord(**r)
            for r in self._db.execute("SELECT onet_soc_code, title, kind, source FROM titles ORDER BY title_id")
        ]

    # ---------------------------------------------------------------- descriptors
    def elements(self, onet_soc_code: str, domain: str | None = None) -> list[t.ElementRating]:
        sql = (
            "SELECT oe.element_id, e.element_name, oe.domain, oe.importance, oe.level, oe.context, "
            "oe.onet_release FROM occupation_elements oe JOIN elements e USING (element_id)"
        )
        clause, args = where(("oe.onet_soc_code", onet_soc_code), ("oe.domain", domain))
        return [t.ElementRating(**r) for r in self._db.execute(sql + clause + " ORDER BY oe.element_id", args)]

    def element_matrix(self, domain: str, value: str = "importance") -> dict[str, dict[str, float]]:
        """{onet_soc_code: {element_id: value}} for one domain; value is importance, level or context."""
        if value not in ("importance", "level", "context"):
            raise ValueError(f"value must be importance, level or context; got {value!r}")
        out: dict[str, dict[str, float]] = {}
        for r in self._db.execute(
            f"SELECT onet_soc_code, element_id, {value} AS v FROM occupation_elements "
            f"WHERE domain = ? AND {value} IS NOT NULL",
            (domain,),
        ):
            out.setdefault(r["onet_soc_code"], {})[r["element_id"]] = r["v"]
        return out

    def element_names(self, domain: str | None = None) -> dict[str, str]:
        rows = (
            self._db.execute("SELECT element_id, element_name FROM elements")
            if domain is None
            else self._db.execute("SELECT element_id, element_name FROM elements WHERE domain = ?", (domain,))
        )
        return {r[0]: r[1] for r in rows}

    def technology(self, onet_soc_code: str) -> list[t.Technology]:
        rows = self._db.execute(
            "SELECT kind, example, commodity_code, commodity_title, hot, in_demand FROM technology "
            "WHERE onet_soc_code = ? ORDER BY kind, example",
            (onet_soc_code,),
        )
        return [
            t.Technology(
                r["kind"],
                r["example"],
                r["commodity_code"],
                r["commodity_title"],
                _bool(r["hot"]),
                _bool(r["in_demand"]),
            )
            for r in rows
        ]

    def technology_terms(self) -> list[tuple[str, str, str]]:
        """Every (kind 'technology'|'tool', example name, commodity title) row, all occupations."""
        rows = self._db.execute("SELECT kind, example, commodity_title FROM technology ORDER BY kind, example")
        return [(r["kind"], r["example"], r["commodity_title"]) for r in rows]

    def dwa_reference(self) -> list[t.Dwa]:
        """Every Detailed Work Activity with its IWA (also those linked to no task)."""
        rows = self._db.execute(
            "SELECT d.dwa_id, d.dwa_title, d.iwa_id, i.iwa_title, d.element_id "
            "FROM dwas d JOIN iwas i ON i.iwa_id = d.iwa_id ORDER BY d.dwa_id"
        )
        return [t.Dwa(r["dwa_id"], r["dwa_title"], r["iwa_id"], r["iwa_title"], r["element_id"]) for r in rows]

    def related_occupations(self, onet_soc_code: str) -> list[t.RelatedOccupation]:
        rows = self._db.execute(
            "SELECT r.related_code, COALESCE(o.title, r.related_title) AS title, r.tier, r.rank "
            "FROM related_occupations r LEFT JOIN occupations o ON o.onet_soc_code = r.related_code "
            "WHERE r.onet_soc_code = ? AND COALESCE(o.title, r.related_title) IS NOT NULL "
            "ORDER BY r.rank",
            (onet_soc_code,),
        )
        return [t.RelatedOccupation(r[0], r[1], r[2], r[3]) for r in rows]

    # ---------------------------------------------------------------- labour market
    def _bls_row(self, table: str, columns: str, soc_code: str) -> sqlite3.Row | None:
        """The row of ``soc_code``, else the row of the BLS aggregate its occupations belong to."""
        row = self._db.execute(f"SELECT {columns} FROM {table} WHERE soc_code = ?", (soc_code,)).fetchone()
        if row is None:
            row = self._db.execute(
                f"SELECT {columns} FROM {table} WHERE soc_code = (SELECT bls_soc_code FROM occupations "
                "WHERE soc_code = ? AND bls_soc_code IS NOT NULL LIMIT 1)",
                (soc_code,),
            ).fetchone()
        return row

    def wage(self, soc_code: str) -> t.Wage | None:
        """OEWS wages of a SOC code; where BLS publishes only an aggregate (e.g. 31-1120 for
        31-1121 Home Health Aides) that aggregate's row, whose ``soc_code``/``title`` say so."""
        r = self._bls_row(
            "wages",
            "soc_code, title, employment, annual_median_usd, hourly_median_usd, "
            "annual_mean_usd, annual_p10_usd, annual_p90_usd, wage_note",
            soc_code,
        )
        return None if r is None else t.Wage(**r)

    def projection(self, soc_code: str) -> t.Projection | None:
        """EP projections of a SOC code (or of its BLS aggregate, as for :meth:`wage`)."""
        r = self._bls_row(
            "projections",
            "soc_code, title, employment_2024_thousands, "
            "employment_2034_thousands, change_pct, openings_per_year_thousands, "
            "median_wage_2024_usd, education",
            soc_code,
        )
        return None if r is None else t.Projection(**r)

    # ---------------------------------------------------------------- published measures
    def published_measures(self, onet_soc_code: str) -> list[t.PublishedMeasure]:
        rows = self._db.execute(
            "SELECT measure, value, percentile, vintage, source_code, mapping_status "
            "FROM published_measures WHERE onet_soc_code = ? ORDER BY measure",
            (onet_soc_code,),
        )
        return [t.PublishedMeasure(**r) for r in rows]

    def published_measure_table(self, measure: str) -> dict[str, float]:
        return {
            r[0]: r[1]
            for r in self._db.execute(
                "SELECT onet_soc_code, value FROM published_measures WHERE measure = ?", (measure,)
            )
        }

    # ---------------------------------------------------------------- coverage
    def coverage(self) -> t.Coverage:
        q = lambda sql: self._db.execute(sql).fetchone()[0]  # noqa: E731
        return t.Coverage(
            occupations=q("SELECT COUNT(*) FROM occupations"),
            with_tasks=q("SELECT COUNT(*) FROM occupations WHERE task_count > 0"),
            tasks=q("SELECT COUNT(*) FROM tasks"),
            titles=q("SELECT COUNT(*) FROM titles"),
            with_wages=q(
                "SELECT COUNT(*) FROM occupations o JOIN wages w "
                "ON w.soc_code = COALESCE(o.bls_soc_code, o.soc_code) "
                "WHERE w.annual_median_usd IS NOT NULL OR w.hourly_median_usd IS NOT NULL"
            ),
            with_projections=q(
                "SELECT COUNT(*) FROM occupations o JOIN projections p "
                "ON p.soc_code = COALESCE(o.bls_soc_code, o.soc_code)"
            ),
            with_exposure_labels=q(
                "SELECT COUNT(DISTINCT onet_soc_code) FROM task_labels WHERE human_exposure IS NOT NULL"
            ),
            labelled_tasks=q("SELECT COUNT(*) FROM task_labels WHERE in_onet = 1"),
            tasks_with_exposure=q("SELECT COUNT(*) FROM task_exposure"),
        )


def _task_exposure(row: dict[str, Any]) -> t.TaskExposure:
    """A ``task_exposure`` row as its record: the ``model_*`` columns are the model's estimate."""
    model = {f.name: row.pop("model_" + f.name) for f in fields(t.ExposureEstimate)}
    estimate = None if any(v is None for v in model.values()) else t.ExposureEstimate(**model)
    return t.TaskExposure(**row, model=estimate)
