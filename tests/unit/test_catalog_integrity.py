"""A damaged catalog file gives the one documented error (CLI: message and exit code), and a build
killed with SIGKILL mid-way leaves the previous catalog usable."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from catalog_damage import DAMAGES, write_good_catalog
from tiny_raw import write_tiny_raw
from typer.testing import CliRunner

from jobrisk.catalog import Catalog
from jobrisk.catalog.build import build_catalog
from jobrisk.errors import CatalogCorruptError
from jobrisk.interfaces.error_answers import exit_code_for
from jobrisk.interfaces.cli.main import app

FIX = "catalog is corrupt: run `jobrisk build`"


@pytest.fixture(scope="module")
def good_catalog(tmp_path_factory) -> Path:
    return write_good_catalog(tmp_path_factory.mktemp("good") / "catalog.sqlite")


@pytest.fixture(params=sorted(DAMAGES))
def damaged(request, good_catalog, tmp_path) -> Path:
    path = tmp_path / "catalog.sqlite"
    shutil.copy(good_catalog, path)
    DAMAGES[request.param](path)
    return path


def test_a_damaged_catalog_is_refused_with_the_documented_error(damaged):
    with pytest.raises(CatalogCorruptError) as info:
        Catalog.open(damaged, check="quick").close()
    assert FIX in str(info.value) and str(damaged) in str(info.value)


def test_the_default_open_check_refuses_damaged_files_cheaply(damaged):
    try:
        with Catalog.open(damaged) as catalog:  # header + manifest only
            catalog.occupations()
            catalog.verify()
    except CatalogCorruptError as exc:
        assert FIX in str(exc)
    else:
        pytest.fail("a damaged catalog was opened and read without an error")


def test_a_damaged_page_deep_in_the_file_is_found_by_quick_check(good_catalog, tmp_path):
    path = tmp_path / "catalog.sqlite"
    shutil.copy(good_catalog, path)
    data = bytearray(path.read_bytes())
    for page in range(len(data) // 4096 - 6, len(data) // 4096 - 1):
        data[page * 4096 : page * 4096 + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(CatalogCorruptError, match="corrupt"):
        Catalog.open(path, check="quick")


def test_the_good_catalog_passes_every_check(good_catalog):
    with Catalog.open(good_catalog, check="quick") as catalog:
        assert len(catalog.occupations()) == 12


def test_cli_reports_a_corrupt_catalog_with_its_exit_code_and_no_traceback(damaged):
    result = CliRunner().invoke(app, ["--data-dir", str(damaged.parent), "occupation", "15-2051.00"])
    assert result.exit_code == exit_code_for(CatalogCorruptError("x", "y")) == 7
    assert "catalog is corrupt" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


BUILDER = textwrap.dedent("""
    import sys, time
    from jobrisk.catalog.build import build_catalog
    raw, out, kill_step = sys.argv[1], sys.argv[2], int(sys.argv[3])
    def progress(label, number, total):
        print(f"step {number}", flush=True)
        if number == kill_step:
            time.sleep(60)          # the parent kills us here
    def post_build(catalog):
        print("post-build", flush=True)
        time.sleep(60)
    build_catalog(raw, out, progress=progress, post_build=post_build if kill_step < 0 else None)
""")


@pytest.mark.parametrize("kill_at", [3, 11, -1], ids=["loading", "indexes", "post-build"])
def test_a_build_killed_with_sigkill_leaves_the_previous_catalog_usable(tmp_path, kill_at):
    raw = write_tiny_raw(tmp_path / "raw")
    out = tmp_path / "catalog.sqlite"
    before = build_catalog(raw, out)
    script = tmp_path / "builder.py"
    script.write_text(BUILDER)
    wanted = "post-build" if kill_at < 0 else f"step {kill_at}"
    child = subprocess.Popen(
        [sys.executable, str(script), str(raw), str(out), str(kill_at)], stdout=subprocess.PIPE, text=True
    )
    try:
        for line in child.stdout:  # type: ignore[union-attr]
            if line.strip() == wanted:
                break
        else:
            pytest.fail(f"the build ended before {wanted!r}")
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1  # the killed build's temp file, never the catalog itself
    with Catalog.open(out, check="quick") as catalog:
        assert catalog.fingerprint() == before.fingerprint
        assert len(catalog.occupations()) == 3
    again = build_catalog(raw, out)  # and the next build succeeds over it
    assert again.fingerprint == before.fingerprint
