"""Readers of the GPTs-are-GPTs label files (folder ``gpts_are_gpts``).

Eloundou et al. task-level exposure (E0/E1/E2) and automation (T0-T4) labels and
the occupation-level alpha/beta/gamma shares. The TSVs are normally quoted (unlike
O*NET files), so task texts with quotes come out unquoted; ``Task ID`` is written
as a float (``8823.0``) and read as an integer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from jobrisk.sources.readers._common import columns_of, read_text_csv, to_float, to_int, to_text

FOLDER = "gpts_are_gpts"
CODE = "O*NET-SOC Code"

FULL_LABELSET = "full_labelset.tsv"
AUTOMATION_LABELS = "automation_gpt4_human_labels.tsv"
OCC_LEVEL = "occ_level.csv"
ALL_FILES: tuple[str, ...] = (FULL_LABELSET, AUTOMATION_LABELS, OCC_LEVEL)

EXPOSURE_LEVELS = ("E0", "E1", "E2")
AUTOMATION_LEVELS = ("T0", "T1", "T2", "T3", "T4")


def _label(values: pd.Series, allowed: tuple[str, ...]) -> pd.Series:
    text = to_text(values)
    return text.where(text.isin(allowed), None)


def _exposure(values: pd.Series) -> pd.Series:
    return _label(values, EXPOSURE_LEVELS)


def _automation(values: pd.Series) -> pd.Series:
    return _label(values, AUTOMATION_LEVELS)


#: How the task columns both label files share are read (the code and task text: stripped).
TASK_COLUMNS: dict[str, Callable[[pd.Series], pd.Series]] = {"task_id": to_int, "task_type": to_text}


def exposure_labels(folder: Path) -> pd.DataFrame:
    """One row per labelled task of ``full_labelset.tsv``.

    Columns: task_id, onet_soc_code, task, task_type, human_exposure,
    gpt4_exposure, gpt4_exposure_alt, gpt4_automation (this file's run),
    gpt3_relevant (1/0).
    """
    exposure = {
        "human_exposure_agg": "human_exposure",
        "gpt4_exposure": "gpt4_exposure",
        "gpt4_exposure_alt_rubric": "gpt4_exposure_alt",
    }
    columns = ["Task ID", CODE, "Task", "Task Type", *exposure, "gpt4_automation", "gpt_3_relevant"]
    convert = TASK_COLUMNS | dict.fromkeys(exposure.values(), _exposure) | {"gpt4_automation": _automation}
    convert["gpt3_relevant"] = lambda values: values.map({"True": 1, "False": 0}).astype("Int64")
    raw = read_text_csv(folder / FULL_LABELSET, columns, sep="\t")
    out = columns_of(raw, columns, names={**exposure, "gpt_3_relevant": "gpt3_relevant"}, convert=convert)
    return out.drop_duplicates("task_id", ignore_index=True)


def automation_labels(folder: Path) -> pd.DataFrame:
    """task_id, onet_soc_code, task, gpt4_automation_alt (second GPT-4 run), human_automation (~100 tasks)."""
    columns = ["Task ID", CODE, "Task", "gpt4_automation", "human_automation"]
    raw = read_text_csv(folder / AUTOMATION_LABELS, columns, sep="\t")
    convert = TASK_COLUMNS | dict.fromkeys(("gpt4_automation_alt", "human_automation"), _automation)
    out = columns_of(raw, columns, names={"gpt4_automation": "gpt4_automation_alt"}, convert=convert)
    return out.drop_duplicates("task_id", ignore_index=True)


def occupation_shares(folder: Path) -> pd.DataFrame:
    """onet_soc_code, title and the six shares: gpt4_alpha/beta/gamma (``dv_rating_*``), human_alpha/beta/gamma."""
    names = {
        "dv_rating_alpha": "gpt4_alpha",
        "dv_rating_beta": "gpt4_beta",
        "dv_rating_gamma": "gpt4_gamma",
        "human_rating_alpha": "human_alpha",
        "human_rating_beta": "human_beta",
        "human_rating_gamma": "human_gamma",
    }
    raw = read_text_csv(folder / OCC_LEVEL, [CODE, "Title", *names])
    out = pd.DataFrame({"onet_soc_code": raw[CODE].str.strip(), "title": raw["Title"].str.strip()})
    for source, target in names.items():
        out[target] = to_float(raw[source])
    return out
