"""Hostile uploads against the one tabular reader: how fast each is refused, against what it costs
when the guard is lifted.

Files (made here, see ``tests/hostile_files.py``):

* ``bomb``   — an XLSX of about 350 KB whose sheet unpacks to 300 MB (compression bomb);
* ``wide``   — a small XLSX whose rows each reach column XFD (16,384 cells a row);
* ``commas`` — a 30 MB CSV whose second line is 30 million commas;
* ``blank``  — a 30 MB CSV of 30 million blank lines.

For each, the read is timed (wall seconds, peak resident memory of a fresh process) with the
default limits and with the limit that stops it lifted (``ReadLimits``), each in its own child
process with a timeout. An ordinary 1,000-row roster workbook is read for scale. One run; the
figures are as noisy as the machine is loaded (the load average is printed).

    .venv/bin/python benchmarks/bench_hostile_uploads.py [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import SHEET_HEAD, SHEET_TAIL, workbook_bomb, workbook_with_sheet  # noqa: E402

CHILD = """
import json, resource, sys, time
from jobrisk.tabular.reader import ReadLimits, read_table
limits = ReadLimits(**json.loads(sys.argv[2]))
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    table = read_table(data, filename="upload", limits=limits)
    outcome = f"read {len(table)} rows, {table.blank_rows} blank"
except Exception as exc:
    outcome = f"{type(exc).__name__}: {str(exc)[:90]}"
print(json.dumps({"s": time.perf_counter() - start, "outcome": outcome,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

LIFTED = {
    "bomb": {"max_unpack_ratio": 1e12},
    "wide": {"max_unpack_ratio": 1e12, "max_workbook_cells": 10**12},
    "commas": {"max_row_cells": 10**12},
    "blank": {"max_blank_rows": 10**12},
    "roster": {},
}


def make_files(folder: Path) -> dict[str, Path]:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Job Title", "Department", "Headcount"])
    for i in range(1000):
        sheet.append([f"E{i}", ["Registered Nurse", "Accountant", "Data Scientist"][i % 3], "Ops", 1])
    roster = io.BytesIO()
    book.save(roster)
    far = b'<row><c t="inlineStr"><is><t>Nurse %d</t></is></c><c r="XFD%d"/></row>'
    files = {
        "roster": roster.getvalue(),
        "bomb": workbook_bomb(300 * 1024 * 1024),
        "wide": workbook_with_sheet(SHEET_HEAD + b"".join(far % (i, i) for i in range(2, 20_000)) + SHEET_TAIL),
        "commas": b"title,notes\nNurse" + b"," * 30_000_000 + b"\n",
        "blank": b"title\n" + b"\n" * 30_000_000 + b"Nurse\n",
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def run(path: Path, limits: dict, timeout_s: float) -> dict:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), json.dumps(limits)],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {
            "s": time.perf_counter() - start,
            "outcome": f"still reading after {timeout_s:.0f} s (killed)",
            "rss_mb": float("nan"),
            "timed_out": True,
        }
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a lifted read is killed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = make_files(Path(folder))
        print(f"load average at start: {os.getloadavg()[0]:.1f}")
        print(f"{'file':8} {'size':>9}  {'limits':8} {'seconds':>8} {'peak MB':>8}  outcome")
        for name, path in paths.items():
            size = f"{path.stat().st_size / 1e6:.2f} MB"
            guarded = run(path, {}, args.timeout)
            rows = [("default", guarded)]
            if LIFTED[name]:
                rows.append(("lifted", run(path, LIFTED[name], args.timeout)))
            for label, r in rows:
                print(f"{name:8} {size:>9}  {label:8} {r['s']:8.3f} {r['rss_mb']:8.0f}  {r['outcome']}")
            if len(rows) == 2:
                lifted = rows[1][1]
                bound = ">" if lifted.get("timed_out") else ""
                print(
                    f"{'':8} {'':>9}  {'ratio':8} {bound}{lifted['s'] / guarded['s']:,.0f} x slower without the guard"
                )
        print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
