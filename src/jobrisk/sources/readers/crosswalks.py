"""Readers of the occupation code crosswalks (folder ``crosswalks``).

SOC 2010 -> SOC 2018 (BLS crosswalk rows), SOC 2018 detailed definitions, and the
BLS O*NET-SOC -> National Employment Matrix crosswalk (Excel, header on row ~5).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobrisk.sources.readers._common import columns_of, read_excel_sheet, read_text_csv

FOLDER = "crosswalks"
SOC2010_TO_SOC2018 = "soc2010_to_soc2018.csv"
SOC2018_DEFINITIONS = "soc2018_detailed_codes_definitions.csv"
NEM_ONET_TO_SOC = "bls_nem_onet_to_soc_crosswalk.xlsx"
NEM_SHEET = "ONET to SOC crosswalk"
ALL_FILES: tuple[str, ...] = (SOC2010_TO_SOC2018, SOC2018_DEFINITIONS, NEM_ONET_TO_SOC)


def _title(values: pd.Series) -> pd.Series:
    """A crosswalk title without BLS's split/merge markers ``(#)``/``(##)``."""
    return values.str.replace(r"\s*\(#+\)\s*$", "", regex=True).str.strip()


def soc2010_to_soc2018(folder: Path) -> pd.DataFrame:
    """soc2010_code, soc2010_title, soc2018_code, soc2018_title; one row per (2010, 2018) pair."""
    columns = ["2010 SOC Code", "2010 SOC Title", "2018 SOC Code", "2018 SOC Title"]
    names = {c: f"soc{c[:4]}_{c.split()[-1].lower()}" for c in columns}  # 2010 SOC Code -> soc2010_code
    titles = {"soc2010_title": _title, "soc2018_title": _title}
    out = columns_of(read_text_csv(folder / SOC2010_TO_SOC2018, columns), columns, names=names, convert=titles)
    return out.drop_duplicates(["soc2010_code", "soc2018_code"], ignore_index=True)


def soc2018_definitions(folder: Path) -> pd.DataFrame:
    """soc_code, title, definition for the 867 SOC 2018 detailed occupations."""
    columns = ["SOC Code", "SOC Title", "SOC Definition"]
    names = {"SOC Code": "soc_code", "SOC Title": "title", "SOC Definition": "definition"}
    return columns_of(read_text_csv(folder / SOC2018_DEFINITIONS, columns), columns, names=names)


def nem_onet_to_soc(folder: Path) -> pd.DataFrame:
    """onet_soc_code, nem_code, nem_title: the BLS Employment Projections code of each O*NET-SOC code."""
    columns = ["O*NET-SOC Code", "NEM Code", "National Employment Matrix Occupational Title"]
    raw = read_excel_sheet(folder / NEM_ONET_TO_SOC, NEM_SHEET, columns)
    out = columns_of(raw, columns, names={"National Employment Matrix Occupational Title": "nem_title"})
    out = out[out["onet_soc_code"].str.match(r"^\d{2}-\d{4}\.\d{2}$")]
    return out.drop_duplicates("onet_soc_code", ignore_index=True)
