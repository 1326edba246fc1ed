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
from jobrisk.sources.readers._common import (
    columns_of,
    read_onet_table,
    read_onet_tsv,
    resolve,
    to_flag,
    to_float,
    to_int,
    to_text,
)

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
    return read_onet_table(folder / OCCUPATION_DATA, [CODE, "Title", "Description"])


def tasks(folder: Path) -> pd.DataFrame:
    """task_id, onet_soc_code, task, task_type (None when unrated), incumbents_responding, date, domain_source."""
    columns = ["Task ID", CODE, "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"]
    convert = {"task_id": to_int, "incumbents_responding": to_float} | dict.fromkeys(
        ("task_type", "date", "domain_source"), to_text
    )
    return read_onet_table(folder / TASK_STATEMENTS, columns, convert=convert)


def alternate_titles(folder: Path) -> pd.DataFrame:
    """onet_soc_code, alternate_title, short_title (None when absent), sources (e.g. '04,06')."""
    columns = [CODE, "Alternate Title", "Short Title", "Source(s)"]
    return read_onet_table(
        folder / ALTERNATE_TITLES, columns, names={"Source(s)": "sources"}, convert={"short_title": to_text}
    )


def reported_titles(folder: Path) -> pd.DataFrame:
    """onet_soc_code, reported_title, shown_in_my_next_move (1/0)."""
    columns = [CODE, "Reported Job Title", "Shown in My Next Move"]
    names = {"Reported Job Title": "reported_title"}
    return read_onet_table(folder / REPORTED_TITLES, columns, names=names, convert={"shown_in_my_next_move": to_flag})


def job_zones(folder: Path) -> pd.DataFrame:
    """onet_soc_code, job_zone (1-5)."""
    return read_onet_table(folder / JOB_ZONES, [CODE, "Job Zone"], convert={"job_zone": to_int})


def content_model(folder: Path) -> pd.DataFrame:
    """element_id, element_name, description for every content model element."""
    columns = ["Element ID", "Element Name", "Description"]
    return read_onet_table(folder / CONTENT_MODEL, columns, convert={"description": to_text})


def iwas(folder: Path) -> pd.DataFrame:
    """iwa_id, iwa_title, element_id (the generalized work activity)."""
    return read_onet_table(folder / IWA_REFERENCE, ["IWA ID", "IWA Title", "Element ID"])


def dwas(folder: Path) -> pd.DataFrame:
    """dwa_id, dwa_title, iwa_id, element_id."""
    return read_onet_table(folder / DWA_REFERENCE, ["DWA ID", "DWA Title", "IWA ID", "Element ID"])


def task_dwas(folder: Path) -> pd.DataFrame:
    """task_id, onet_soc_code, dwa_id (one row per task-DWA link)."""
    out = read_onet_table(folder / TASKS_TO_DWAS, ["Task ID", CODE, "DWA ID"], convert={"task_id": to_int})
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
    names = {"Scale ID": "scale", "Data Value": "value"}
    frame = columns_of(raw, required, names=names, convert={"value": to_float})
    frame["not_relevant"] = to_flag(raw["Not Relevant"]) if "Not Relevant" in raw else pd.NA
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
    flags = {"hot": to_flag, "in_demand": to_flag}
    return read_onet_table(folder / TECHNOLOGY_SKILLS, columns, names={"Hot Technology": "hot"}, convert=flags)


def tools_used(folder: Path) -> pd.DataFrame:
    """onet_soc_code, example, commodity_code, commodity_title."""
    return read_onet_table(folder / TOOLS_USED, [CODE, "Example", "Commodity Code", "Commodity Title"])


def related_occupations(folder: Path) -> pd.DataFrame:
    """onet_soc_code, related_code, related_title, tier, rank."""
    columns = [CODE, "Related O*NET-SOC Code", "Related Title", "Relatedness Tier", "Index"]
    names = {"Related O*NET-SOC Code": "related_code", "Relatedness Tier": "tier", "Index": "rank"}
    out = read_onet_table(folder / RELATED_OCCUPATIONS, columns, names=names, convert={"rank": to_int})
    return out.drop_duplicates(["onet_soc_code", "related_code"], ignore_index=True)
