"""Readers of the BLS files (folder ``bls``): OEWS May 2025 wages, Employment Projections 2024-34.

Values BLS does not publish (``-``, ``—``, blank) become missing, never 0; the
reason (a BLS footnote) is kept next to the wage. Projections employment is in
thousands, as published.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobrisk.sources.readers._common import read_text_csv, to_float, to_int, to_text

FOLDER = "bls"
OEWS_NATIONAL = "oews_may2025_national_by_soc.csv"
PROJECTIONS_TABLE_1_2 = "bls_ep_2024_2034_table_1_2.csv"
ALL_FILES: tuple[str, ...] = (OEWS_NATIONAL, PROJECTIONS_TABLE_1_2)

#: OEWS footnote texts (BLS ``oe.footnote``) for the codes that explain a missing wage.
OEWS_FOOTNOTES: dict[str, str] = {
    "4": (
        "Wages for some occupations that do not generally work year-round, full time, are "
        "reported either as hourly wages or annual salaries depending on how they are typically paid."
    ),
    "5": "This wage is equal to or greater than $115.00 per hour or $239,200 per year.",
}

_WAGE_COLUMNS = {
    "H_MEAN": "hourly_mean_usd",
    "A_MEAN": "annual_mean_usd",
    "H_MEDIAN": "hourly_median_usd",
    "A_MEDIAN": "annual_median_usd",
    "A_PCT10": "annual_p10_usd",
    "A_PCT25": "annual_p25_usd",
    "A_PCT75": "annual_p75_usd",
    "A_PCT90": "annual_p90_usd",
}


def _wage_note(raw: pd.DataFrame) -> pd.Series:
    """Why a published wage is missing, from the footnotes of the missing median cells."""
    parts = []
    for kind, column in (("hourly", "H_MEDIAN"), ("annual", "A_MEDIAN")):
        missing = to_float(raw[column]).isna()
        codes = raw[f"{column}_FOOTNOTE"].str.strip()
        reasons = codes.map(lambda c: OEWS_FOOTNOTES.get(c, f"BLS footnote {c}" if c else "not published"))
        parts.append((f"{kind} wage not published: " + reasons).where(missing, None))
    hourly, annual = parts
    joined = hourly.fillna("") + " " + annual.fillna("")
    joined = joined.str.strip()
    return joined.where(joined != "", None).astype(object)


def oews_wages(folder: Path) -> pd.DataFrame:
    """All OEWS national rows (total, major, minor, broad, detailed) with typed wage columns.

    Columns: soc_code, title, o_group, employment, employment_rse_pct, the ``*_usd``
    wage columns and wage_note.
    """
    required = [
        "OCC_CODE",
        "OCC_TITLE",
        "O_GROUP",
        "TOT_EMP",
        "EMP_PRSE",
        *_WAGE_COLUMNS,
        "H_MEDIAN_FOOTNOTE",
        "A_MEDIAN_FOOTNOTE",
    ]
    raw = read_text_csv(folder / OEWS_NATIONAL, required)
    out = pd.DataFrame(
        {
            "soc_code": raw["OCC_CODE"].str.strip(),
            "title": raw["OCC_TITLE"].str.strip(),
            "o_group": raw["O_GROUP"].str.strip(),
            "employment": to_int(raw["TOT_EMP"]),
            "employment_rse_pct": to_float(raw["EMP_PRSE"]),
        }
    )
    for source, target in _WAGE_COLUMNS.items():
        out[target] = to_float(raw[source])
    out["wage_note"] = _wage_note(raw)
    return out


def projections(folder: Path) -> pd.DataFrame:
    """EP Table 1.2 rows: soc_code, title, occupation_type, employment in thousands, change, openings, wage, education.

    ``median_wage_2024_usd`` is NaN where BLS prints ``—``; a top-coded wage
    (``>=$239,200``) is stored as its lower bound with ``median_wage_note`` saying so.
    ``work_experience`` keeps BLS's category ``None`` (no experience needed) as text.
    """
    title, code = "2024 National Employment Matrix title", "2024 National Employment Matrix code"
    columns = {
        "Employment, 2024": "employment_2024_thousands",
        "Employment, 2034": "employment_2034_thousands",
        "Employment change, numeric, 2024-34": "change_thousands",
        "Employment change, percent, 2024-34": "change_pct",
        "Percent self employed, 2024": "self_employed_pct",
        "Occupational openings, 2024-34 annual average": "openings_per_year_thousands",
    }
    wage = "Median annual wage, dollars, 2024[1]"
    education = "Typical education needed for entry"
    experience = "Work experience in a related occupation"
    training = "Typical on-the-job training needed to attain competency in the occupation"
    raw = read_text_csv(
        folder / PROJECTIONS_TABLE_1_2,
        [title, code, "Occupation type", *columns, wage, education, experience, training],
    )
    out = pd.DataFrame(
        {
            "soc_code": raw[code].str.strip(),
            "title": raw[title].str.strip(),
            "occupation_type": raw["Occupation type"].str.strip(),
        }
    )
    for source, target in columns.items():
        out[target] = to_float(raw[source])
    wage_text = raw[wage].str.strip()
    top_coded = wage_text.str.startswith(">=")
    out["median_wage_2024_usd"] = to_float(wage_text.str.lstrip(">=$"))
    out["median_wage_note"] = top_coded.map({True: "top-coded: BLS publishes the median as >= this value", False: None})
    out["education"] = to_text(raw[education])
    dash = {"", "—", "-", "–"}
    out["work_experience"] = raw[experience].str.strip().where(~raw[experience].str.strip().isin(dash), None)
    out["training"] = raw[training].str.strip().where(~raw[training].str.strip().isin(dash), None)
    return out
