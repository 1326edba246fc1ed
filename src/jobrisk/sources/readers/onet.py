"""Readers of the O*NET database text files (folder ``onet``).

Each function takes the O*NET folder and returns a pandas DataFrame with clean,
typed, snake_case columns. Files are tab-separated, unquoted except for the few
CSV-quoted fields (see :func:`._common.unquote_csv_field`); ``.gz`` files are read
transparently. The files of the folder come from more than one O*NET release; the
source registry records each file's release (:func:`database_release` reads the
release named in the folder's ``Read Me.txt``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from jobrisk.errors import SchemaError
from jobrisk.sources.readers._common import read_onet_tsv, resolve, to_flag, to_float, to_int, to_text

FOLDER = "onet"
CODE = "O*NET-SOC Code"

OCCUPATION_DATA = "Occupation Data.txt"
TASK_STATEMENTS = "Task Statements.txt"
ALTERNATE_TITLES = "Alternate Titles.txt"
REPORTED_TITLES = "Sample of Reported Titles.txt"
JOB_ZONES = "Job Zones.txt"
CONTENT_MODEL = "Content Model Reference.txt"
IWA_REFERENCE = "IWA Reference.txt"
DWA_REFERENCE = "DWA Reference.txt"
TASKS_TO_DWAS = "Tasks to DWAs.txt.gz"
TECHNOLOGY_SKILLS = "Technology Skills.txt"
TOOLS_USED = "Tools Used.txt"
RELATED_OCCUPATIONS = "Related Occupations.txt"
READ_ME = "Read Me.txt"

#: Rating files by catalog domain. Work Context is the derived CX/CT means file.
RATING_FILES: dict[str, str] = {
    "skills": "Skills.txt.gz",
    "knowledge": "Knowledge.txt.gz",
    "abilities": "Abilities.txt.gz",
    "work_activities": "Work Activities.txt.gz",
    "work_styles": "Work Styles.txt",
    "work_context": "Work Context (CX CT means).txt.gz",
}

ALL_FILES: tuple[str, ...] = (
    READ_ME,
    OCCUPATION_DATA,
    TASK_STATEMENTS,
    ALTERNATE_TITLES,
    REPORTED_TITLES,
    JOB_ZONES,
    CONTENT_MODEL,
    IWA_REFERENCE,
    DWA_REFERENCE,
    TASKS_TO_DWAS,
    TECHNOLOGY_SKILLS,
    TOOLS_USED,
    RELATED_OCCUPATIONS,
    *RATING_FILES.values(),
)


def database_release(folder: Path) -> str:
    """The O*NET release named in the folder's ``Read Me.txt`` (e.g. ``'29.3'``)."""
    path = resolve(folder / READ_ME)
    first = path.read_text(encoding="utf-8").strip().splitlines()[0]
    match = re.search(r"O\*NET\s+([0-9]+\.[0-9]+)", first)
    if match is None:
        raise SchemaError(str(path), ["'O*NET <release> Database' on the first line"], [first])
    return match.group(1)


def occupations(folder: Path) -> pd.DataFrame:
    """onet_soc_code, title, description (1,016 rows in O*NET 29.3)."""
    raw = read_onet_tsv(folder / OCCUPATION_DATA, [CODE, "Title", "Description"])
    return pd.DataFrame(
        {
            "onet_soc_code": raw[CODE].str.strip(),
            "title": raw["Title"].str.strip(),
            "description": raw["Description"].str.strip(),
        }
    )


def tasks(folder: Path) -> pd.DataFrame:
    """task_id, onet_soc_code, task, task_type (None when unrated), incumbents_responding, date, domain_source."""
    columns = [CODE, "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"]
    raw = read_onet_tsv(folder / TASK_STATEMENTS, columns)
    return pd.DataFrame(
        {
            "task_id": to_int(raw["Task ID"]),
            "onet_soc_code": raw[CODE].str.strip(),
            "task": raw["Task"].str.strip(),
            "task_type": to_text(raw["Task Type"]),
            "incumbents_responding": to_float(raw["Incumbents Responding"]),
            "date": to_text(raw["Date"]),
            "domain_source": to_text(raw["Domain Source"]),
        }
    )


def alternate_titles(folder: Path) -> pd.DataFrame:
    """onet_soc_code, alternate_title, short_title (None when absent), sources (e.g. '04,06')."""
    raw = read_onet_tsv(folder / ALTERNATE_TITLES, [CODE, "Alternate Title", "Short Title", "Source(s)"])
    return pd.DataFrame(
        {
            "onet_soc_code": raw[CODE].str.strip(),
            "alternate_title": raw["Alternate Title"].str.strip(),
            "short_title": to_text(raw["Short Title"]),
            "sources": raw["Source(s)"].str.strip(),
        }
    )


def reported_titles(folder: Path) -> pd.DataFrame:
    """onet_soc_code, reported_title, shown_in_my_next_move (1/0)."""
    raw = read_onet_tsv(folder / REPORTED_TITLES, [CODE, "Reported Job Title", "Shown in My Next Move"])
    return pd.DataFrame(
        {
            "onet_soc_code": raw[CODE].str.strip(),
            "reported_title": raw["Reported Job Title"].str.strip(),
            "shown_in_my_next_move": to_flag(raw["Shown in My Next Move"]),
        }
    )


def job_zones(folder: Path) -> pd.DataFrame:
    """onet_soc_code, job_zone (1-5)."""
    raw = read_onet_tsv(folder / JOB_ZONES, [CODE, "Job Zone"])
    return pd.DataFrame({"onet_soc_code": raw[CODE].str.strip(), "job_zone": to_int(raw["Job Zone"])})


def content_model(folder: Path) -> pd.DataFrame:
    """element_id, element_name, description for every content model element."""
    raw = read_onet_tsv(folder / CONTENT_MODEL, ["Element ID", "Element Name", "Description"])
    return pd.DataFrame(
        {
            "element_id": raw["Element ID"].str.strip(),
            "element_name": raw["Element Name"].str.strip(),
            "description": to_text(raw["Description"]),
        }
    )


def iwas(folder: Path) -> pd.DataFrame:
    """iwa_id, iwa_title, element_id (the generalized work activity)."""
    raw = read_onet_tsv(folder / IWA_REFERENCE, ["Element ID", "IWA ID", "IWA Title"])
    return pd.DataFrame(
        {
            "iwa_id": raw["IWA ID"].str.strip(),
            "iwa_title": raw["IWA Title"].str.strip(),
            "element_id": raw["Element ID"].str.strip(),
        }
    )


def dwas(folder: Path) -> pd.DataFrame:
    """dwa_id, dwa_title, iwa_id, element_id."""
    raw = read_onet_tsv(folder / DWA_REFERENCE, ["Element ID", "IWA ID", "DWA ID", "DWA Title"])
    return pd.DataFrame(
        {
            "dwa_id": raw["DWA ID"].str.strip(),
            "dwa_title": raw["DWA Title"].str.strip(),
            "iwa_id": raw["IWA ID"].str.strip(),
            "element_id": raw["Element ID"].str.strip(),
        }
    )


def task_dwas(folder: Path) -> pd.DataFrame:
    """task_id, onet_soc_code, dwa_id (one row per task-DWA link)."""
    raw = read_onet_tsv(folder / TASKS_TO_DWAS, [CODE, "Task ID", "DWA ID"])
    out = pd.DataFrame(
        {"task_id": to_int(raw["Task ID"]), "onet_soc_code": raw[CODE].str.strip(), "dwa_id": raw["DWA ID"].str.strip()}
    )
    return out.drop_duplicates(["task_id", "dwa_id"], ignore_index=True)


def ratings(folder: Path, domain: str) -> pd.DataFrame:
    """One occupation x element row of a rating file, scales pivoted to columns.

    Columns: onet_soc_code, element_id, element_name, importance (IM), level (LV),
    context (CX or CT), not_relevant (1/0/<NA>, from the LV row). Absent scales are NaN.
    """
    if domain not in RATING_FILES:
        raise ValueError(f"domain must be one of {', '.join(RATING_FILES)}; got {domain!r}")
    path = folder / RATING_FILES[domain]
    required = [CODE, "Element ID", "Element Name", "Scale ID", "Data Value"]
    raw = read_onet_tsv(path, required)
    frame = pd.DataFrame(
        {
            "onet_soc_code": raw[CODE].str.strip(),
            "element_id": raw["Element ID"].str.strip(),
            "element_name": raw["Element Name"].str.strip(),
            "scale": raw["Scale ID"].str.strip(),
            "value": to_float(raw["Data Value"]),
            "not_relevant": to_flag(raw["Not Relevant"]) if "Not Relevant" in raw else pd.NA,
        }
    )
    keys = ["onet_soc_code", "element_id"]
    wide = frame.pivot_table(index=keys, columns="scale", values="value", aggfunc="first")
    out = pd.DataFrame(index=wide.index)
    out["importance"] = wide["IM"] if "IM" in wide else float("nan")
    out["level"] = wide["LV"] if "LV" in wide else float("nan")
    context = pd.Series(float("nan"), index=wide.index)
    for scale in ("CX", "CT"):
        if scale in wide:
            context = context.fillna(wide[scale])
    out["context"] = context
    names = frame.drop_duplicates(keys).set_index(keys)["element_name"]
    out["element_name"] = names.reindex(out.index)
    flags = frame[frame["scale"] == "LV"].drop_duplicates(keys).set_index(keys)["not_relevant"]
    out["not_relevant"] = flags.reindex(out.index).astype("Int64")
    return out.reset_index()


def technology_skills(folder: Path) -> pd.DataFrame:
    """onet_soc_code, example, commodity_code, commodity_title, hot (1/0), in_demand (1/0)."""
    columns = [CODE, "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"]
    raw = read_onet_tsv(folder / TECHNOLOGY_SKILLS, columns)
    return pd.DataFrame(
        {
            "onet_soc_code": raw[CODE].str.strip(),
            "example": raw["Example"].str.strip(),
            "commodity_code": raw["Commodity Code"].str.strip(),
            "commodity_title": raw["Commodity Title"].str.strip(),
            "hot": to_flag(raw["Hot Technology"]),
            "in_demand": to_flag(raw["In Demand"]),
        }
    )


def tools_used(folder: Path) -> pd.DataFrame:
    """onet_soc_code, example, commodity_code, commodity_title."""
    raw = read_onet_tsv(folder / TOOLS_USED, [CODE, "Example", "Commodity Code", "Commodity Title"])
    return pd.DataFrame(
        {
            "onet_soc_code": raw[CODE].str.strip(),
            "example": raw["Example"].str.strip(),
            "commodity_code": raw["Commodity Code"].str.strip(),
            "commodity_title": raw["Commodity Title"].str.strip(),
        }
    )


def related_occupations(folder: Path) -> pd.DataFrame:
    """onet_soc_code, related_code, related_title, tier, rank."""
    columns = [CODE, "Related O*NET-SOC Code", "Related Title", "Relatedness Tier", "Index"]
    raw = read_onet_tsv(folder / RELATED_OCCUPATIONS, columns)
    out = pd.DataFrame(
        {
            "onet_soc_code": raw[CODE].str.strip(),
            "related_code": raw["Related O*NET-SOC Code"].str.strip(),
            "related_title": raw["Related Title"].str.strip(),
            "tier": raw["Relatedness Tier"].str.strip(),
            "rank": to_int(raw["Index"]),
        }
    )
    return out.drop_duplicates(["onet_soc_code", "related_code"], ignore_index=True)
