"""An in-memory catalog of O*NET occupations, titles and tasks read straight from the data mirror.

Used by the title-coder benchmarks when no built catalog is available yet
(``jobrisk build`` makes the real one). Only the tables the title coder reads are filled.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobrisk.catalog import Catalog

ONET_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "onet"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(ONET_DIR / name, sep="\t", dtype=str, keep_default_na=False, quoting=3)


def mirror_catalog(onet_dir: Path = ONET_DIR) -> Catalog:
    """Occupations, titles and tasks of O*NET 29.3 in an in-memory catalog."""
    occ = _read("Occupation Data.txt")
    alt = _read("Alternate Titles.txt")
    rep = _read("Sample of Reported Titles.txt")
    tasks = _read("Task Statements.txt")
    cat = Catalog.in_memory()
    counts = tasks.groupby("O*NET-SOC Code").size().to_dict()
    cat.insert_rows(
        "occupations",
        ["onet_soc_code", "title", "description", "soc_code", "major_group", "job_zone", "task_count"],
        [
            (
                r["O*NET-SOC Code"],
                r["Title"],
                r["Description"],
                r["O*NET-SOC Code"][:7],
                r["O*NET-SOC Code"][:2],
                None,
                int(counts.get(r["O*NET-SOC Code"], 0)),
            )
            for _, r in occ.iterrows()
        ],
    )
    rows = [(r["O*NET-SOC Code"], r["Title"], "occupation", "Occupation Data") for _, r in occ.iterrows()]
    for _, r in alt.iterrows():
        rows.append((r["O*NET-SOC Code"], r["Alternate Title"], "alternate", f"Alternate Titles ({r['Source(s)']})"))
        if r["Short Title"]:
            rows.append((r["O*NET-SOC Code"], r["Short Title"], "short", f"Alternate Titles ({r['Source(s)']})"))
    rows += [
        (r["O*NET-SOC Code"], r["Reported Job Title"], "reported", "Sample of Reported Titles")
        for _, r in rep.iterrows()
    ]
    cat.insert_rows("titles", ["onet_soc_code", "title", "kind", "source"], rows)
    weight = {"Core": 2.0, "Supplemental": 1.0}
    cat.insert_rows(
        "tasks",
        ["task_id", "onet_soc_code", "task", "task_type", "type_weight"],
        [
            (int(r["Task ID"]), r["O*NET-SOC Code"], r["Task"], r["Task Type"] or None, weight.get(r["Task Type"], 1.5))
            for _, r in tasks.iterrows()
        ],
    )
    cat.set_manifest("fingerprint", "onet-29.3-mirror-titles")
    cat.commit()
    return cat
