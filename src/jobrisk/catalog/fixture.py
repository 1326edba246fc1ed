"""A tiny catalog of real rows for fast unit tests: :func:`load_fixture`, :func:`export_fixture`.

``fixture_data/<table>.json.gz`` (gzipped JSON: columns and rows) holds every row of every table for a dozen
occupations across major groups (:data:`FIXTURE_CODES`), plus the reference rows
they point to (elements, DWAs/IWAs, major groups, the OEWS/EP rows of their SOC
codes and major groups, source files and the build manifest). The files are made
from a full catalog by ``scripts/make_fixture.py`` (which calls :func:`export_fixture`).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from jobrisk.catalog.catalog import Catalog

#: The occupations in the fixture: a spread of major groups and exposure levels, plus
#: one "All Other" code without O*NET tasks.
FIXTURE_CODES: tuple[str, ...] = (
    "13-2011.00",  # Accountants and Auditors
    "15-1252.00",  # Software Developers
    "15-1299.00",  # Computer Occupations, All Other (no tasks)
    "15-2051.00",  # Data Scientists
    "27-3091.00",  # Interpreters and Translators
    "29-1141.00",  # Registered Nurses
    "29-1242.00",  # Orthopedic Surgeons, Except Pediatric
    "41-9041.00",  # Telemarketers
    "43-4051.00",  # Customer Service Representatives
    "43-9021.00",  # Data Entry Keyers
    "47-2181.00",  # Roofers
    "53-3032.00",  # Heavy and Tractor-Trailer Truck Drivers
)

#: Tables in load order, with the filter that selects the fixture's rows (SQL, ``{codes}``
#: and ``{socs}`` are the fixture's O*NET-SOC and SOC code lists).
_BY_OCCUPATION = "onet_soc_code IN ({codes})"
TABLE_FILTERS: dict[str, str] = {
    "build_manifest": "",
    "source_files": "",
    "major_groups": "",
    "occupations": _BY_OCCUPATION,
    "tasks": _BY_OCCUPATION,
    "titles": _BY_OCCUPATION,
    "iwas": "iwa_id IN (SELECT d.iwa_id FROM dwas d JOIN task_dwas t ON t.dwa_id = d.dwa_id "
    "WHERE t.onet_soc_code IN ({codes}))",
    "dwas": "dwa_id IN (SELECT dwa_id FROM task_dwas WHERE onet_soc_code IN ({codes}))",
    "task_dwas": _BY_OCCUPATION,
    "elements": "",
    "occupation_elements": _BY_OCCUPATION,
    "technology": _BY_OCCUPATION,
    "related_occupations": _BY_OCCUPATION,
    "wages": "soc_code IN ({socs}) OR o_group IN ('total', 'major')",
    "projections": "soc_code IN ({socs}) OR soc_code LIKE '__-0000'",
    "task_labels": _BY_OCCUPATION,
    "published_measures": _BY_OCCUPATION,
    "task_exposure": _BY_OCCUPATION,
    "observed_use_releases": "",
    "observed_task_use": "task_key IN (SELECT task_key FROM observed_task_links l WHERE "
    "l.release = observed_task_use.release AND l.onet_soc_code IN ({codes}))",
    "observed_task_links": _BY_OCCUPATION,
    "observed_occupation_use": _BY_OCCUPATION,
}


def _data_dir() -> Path:
    return Path(str(resources.files("jobrisk.catalog").joinpath("fixture_data")))


@functools.cache
def _table_data(table: str) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]] | None:
    path = _data_dir() / f"{table}.json.gz"
    if not path.exists():
        return None
    data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return tuple(data["columns"]), tuple(tuple(row) for row in data["rows"])


def load_fixture(catalog: Catalog) -> None:
    """Insert the fixture rows into an empty catalog (such as ``Catalog.in_memory()``)."""
    for table in TABLE_FILTERS:
        data = _table_data(table)
        if data is None:
            continue
        columns, rows = data
        catalog.insert_rows(table, columns, rows)
    # The fixture is a different catalog from the full one it was cut from: give it its own
    # identity, so artifacts trained on one refuse to load against the other.
    catalog.set_manifest("fingerprint", fixture_fingerprint())
    catalog.commit()


@functools.cache
def fixture_fingerprint() -> str:
    """sha256 over the fixture's data files, prefixed ``fixture-``."""
    digest = hashlib.sha256()
    for path in sorted(_data_dir().glob("*.json.gz")):
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return "fixture-" + digest.hexdigest()


def export_fixture(source: Catalog, out_dir: str | Path, codes: tuple[str, ...] = FIXTURE_CODES) -> dict[str, int]:
    """Write ``out_dir/<table>.json.gz`` with the fixture rows of a full catalog; returns row counts."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    missing = [c for c in codes if not source.has_occupation(c)]
    if missing:
        raise ValueError(f"Fixture occupation(s) not in the catalog: {', '.join(missing)}")
    _, rows = source.select_rows("occupations", "onet_soc_code IN ({})".format(", ".join("?" for _ in codes)), codes)
    columns = source.table_columns("occupations")
    socs = sorted({r[columns.index(k)] for r in rows for k in ("soc_code", "bls_soc_code") if r[columns.index(k)]})

    def quoted(values: Iterable[str]) -> str:
        return ", ".join(f"'{v}'" for v in values)

    counts: dict[str, int] = {}
    for table, where in TABLE_FILTERS.items():
        columns, rows = source.select_rows(table, where.format(codes=quoted(codes), socs=quoted(socs)))
        text = json.dumps({"columns": columns, "rows": rows}, ensure_ascii=False, separators=(",", ":"))
        (out_dir / f"{table}.json.gz").write_bytes(
            gzip.compress(text.replace("],[", "],\n[").encode("utf-8"), compresslevel=9, mtime=0)
        )
        counts[table] = len(rows)
    return counts
