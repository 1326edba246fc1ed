"""Derived tables: without a mirror, the AIOE and BLS EP CSVs are rebuilt from the official
workbooks (served by a local HTTP server from the data mirror) and match the mirror byte for
byte, so they are verified, not merely trusted."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from jobrisk.errors import SourceUnavailableError
from jobrisk.sources.registry import Registry, default_registry
from jobrisk.sources.sync import sync_sources

REPO = Path(__file__).resolve().parents[2]
MIRROR = Path(os.environ.get("JOBRISK_MIRROR") or REPO.parent / "shared" / "data")
pytestmark = pytest.mark.skipif(not MIRROR.is_dir(), reason=f"no data mirror at {MIRROR}")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def mirror_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(MIRROR)))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def served_from(base: str, source_ids: list[str]) -> Registry:
    """The real registry, restricted to ``source_ids``, with each downloadable file served by
    the local server from its place in the mirror."""
    registry = default_registry()
    sources = []
    for source in registry.select(source_ids):
        files = tuple(replace(f, urls=(f"{base}/{f.mirror_folder}/{f.name}",)) if f.urls else f for f in source.files)
        sources.append(replace(source, files=files))
    return replace(registry, sources=tuple(sources))


def test_derived_csvs_are_rebuilt_from_official_workbooks_and_verified(mirror_server, tmp_path):
    registry = served_from(mirror_server, ["aioe", "bls_ep"])
    raw = tmp_path / "raw"
    report = sync_sources(raw, registry=registry)
    derived = {o.file.name: o.verified_against for o in report.outcomes if o.action == "derived"}
    assert derived == {
        name: "sha256_mirror"
        for name in (
            "aioe_by_occupation_soc2010.csv",
            "aiie_by_industry_naics4.csv",
            "ai_application_ability_matrix.csv",
            "ability_level_ai_exposure.csv",
            "aioe_lm_ig_by_occupation_soc2010.csv",
            "lm_aiie_by_industry_naics.csv",
            "bls_ep_2024_2034_table_1_2.csv",
        )
    }
    assert report.count("downloaded") == 4 and report.unverified == ()
    entry = json.loads((raw / "MANIFEST.json").read_text())["files"]["bls/bls_ep_2024_2034_table_1_2.csv"]
    assert entry["method"] == "derive" and "bls_ep_occupation_2024_2034.xlsx" in entry["obtained_from"]


def test_derived_table_whose_workbook_failed_names_the_missing_input(tmp_path):
    registry = served_from("http://127.0.0.1:9", ["bls_ep"])  # port 9: nothing listens
    report = sync_sources(tmp_path / "raw", registry=registry, raise_on_failure=False)
    errors = {o.file.name: o.error for o in report.failures}
    assert isinstance(errors["bls_ep_2024_2034_table_1_2.csv"], SourceUnavailableError)
    assert "made from bls_ep_occupation_2024_2034.xlsx" in str(errors["bls_ep_2024_2034_table_1_2.csv"])


def _tiny_oews_wheel(folder: Path, member: str) -> Path:
    """A wheel holding a gzipped OEWS SQLite database with two national rows."""
    import gzip
    import sqlite3
    import zipfile

    database = folder / "oews.sqlite"
    db = sqlite3.connect(database)
    db.execute(
        "CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT, display_level INTEGER)"
    )
    db.execute(
        "CREATE TABLE cell (key TEXT PRIMARY KEY, "
        + ", ".join(f"v{i:02d} TEXT" for i in range(1, 18))
        + ", "
        + ", ".join(f"f{i:02d} TEXT" for i in range(1, 18))
        + ")"
    )
    db.executemany(
        "INSERT INTO occupation VALUES (?, ?, ?)",
        [
            ("000000", "All Occupations", 0),
            ("151252", "Software Developers", 3),
            ("252021", "Elementary School Teachers", 3),
        ],
    )
    national = "OEUN" + "0" * 13
    values = {
        "000000": ["155495730", "0.0"] + ["1"] * 13,
        "151252": ["1687890", "0.6", "71.20", "148100"] + ["2"] * 11,
        "252021": ["1400000", "0.5", "-", "70000"] + ["-"] * 6 + ["3"] * 5,
    }
    for code, v in values.items():
        notes = [None] * 17
        if v[2] == "-":
            notes[2] = "4"
        db.execute("INSERT INTO cell VALUES (" + ", ".join("?" * 35) + ")", [national + code, *v, None, None, *notes])
    db.execute("INSERT INTO cell (key, v01) VALUES (?, ?)", ("OEUS0600000000000151252", "99"))
    db.commit()
    db.close()
    wheel = folder / "oews.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(member, gzip.compress(database.read_bytes()))
    return wheel


def test_oews_national_table_is_extracted_from_the_wheel_database(tmp_path):
    import hashlib

    real = default_registry().source("bls_oews")
    served = tmp_path / "served"
    served.mkdir()
    wheel = _tiny_oews_wheel(served, real.files[0].archive_member)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(served)))
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        file = replace(
            real.files[0],
            urls=(f"http://127.0.0.1:{httpd.server_address[1]}/oews.whl",),
            archive_sha256=hashlib.sha256(wheel.read_bytes()).hexdigest(),
        )
        registry = replace(default_registry(), sources=(replace(real, files=(file,)),))
        report = sync_sources(tmp_path / "raw", registry=registry)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert report.outcomes[0].action == "downloaded"
    assert report.outcomes[0].warning.startswith("UNVERIFIED")  # a tiny database, not the real one
    lines = (tmp_path / "raw" / "bls" / file.name).read_text().splitlines()
    assert lines[0].startswith("OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,H_MEAN,A_MEAN,")
    assert lines[0].endswith(",A_PCT75_FOOTNOTE,A_PCT90_FOOTNOTE")
    assert lines[1:] == [
        "00-0000,All Occupations,total,155495730,0.0" + ",1" * 13 + "," * 12,
        "15-1252,Software Developers,detailed,1687890,0.6,71.20,148100" + ",2" * 11 + "," * 12,
        "25-2021,Elementary School Teachers,detailed,1400000,0.5,-,70000" + ",-" * 6 + ",3" * 5 + ",4" + "," * 11,
    ]
