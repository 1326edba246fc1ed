"""Catalog build steps for labour-market tables: major groups, OEWS wages, EP projections.

Major group titles come from the SOC code structure (every group, 55 Military Specific
Occupations too, which OEWS does not publish).

Missing BLS values are stored as NULL with the reason in ``wage_note``; never 0.
"""

from __future__ import annotations

import pandas as pd

from jobrisk.catalog.build_context import BuildContext, frame_rows
from jobrisk.sources.readers import bls, crosswalks, soc_structure

WAGE_COLUMNS = [
    "soc_code",
    "title",
    "o_group",
    "employment",
    "employment_rse_pct",
    "hourly_mean_usd",
    "annual_mean_usd",
    "hourly_median_usd",
    "annual_median_usd",
    "annual_p10_usd",
    "annual_p25_usd",
    "annual_p75_usd",
    "annual_p90_usd",
    "wage_note",
]

PROJECTION_COLUMNS = [
    "soc_code",
    "title",
    "occupation_type",
    "employment_2024_thousands",
    "employment_2034_thousands",
    "change_thousands",
    "change_pct",
    "self_employed_pct",
    "openings_per_year_thousands",
    "median_wage_2024_usd",
    "median_wage_note",
    "education",
    "work_experience",
    "training",
]


def bls_soc_codes(ctx: BuildContext, occupations: pd.DataFrame) -> pd.Series:
    """Per occupation, the code of its BLS wage/projection rows: its SOC code when BLS publishes
    it, else its National Employment Matrix code from the BLS O*NET-SOC crosswalk (an aggregate
    such as 31-1120 for 31-1121 Home Health Aides), else missing."""
    published = set(bls.oews_wages(ctx.folder(bls.FOLDER))["soc_code"]) | set(
        bls.projections(ctx.folder(bls.FOLDER))["soc_code"]
    )
    nem = crosswalks.nem_onet_to_soc(ctx.folder(crosswalks.FOLDER)).set_index("onet_soc_code")["nem_code"]
    codes = []
    for onet_code, soc_code in zip(occupations["onet_soc_code"].tolist(), occupations["soc_code"].tolist()):
        fallback = nem.get(onet_code)
        if soc_code in published:
            codes.append(soc_code)
        elif isinstance(fallback, str) and fallback in published:
            codes.append(fallback)
        else:
            codes.append(None)
    return pd.Series(codes, index=occupations.index, dtype=object)


def load_wages_and_major_groups(ctx: BuildContext) -> None:
    wages = bls.oews_wages(ctx.folder(bls.FOLDER)).drop_duplicates("soc_code")
    ctx.catalog.insert_rows("wages", WAGE_COLUMNS, frame_rows(wages, WAGE_COLUMNS))
    titles = soc_structure.major_group_titles(ctx.folder(soc_structure.FOLDER))
    ctx.catalog.insert_rows("major_groups", ["major_group", "title"], sorted(titles.items()))
    missing = sorted(set(ctx.occupations["soc_code"].str[:2]) - set(titles))
    if missing:
        ctx.notes.append(f"major_groups: no SOC structure title for major group(s) {', '.join(missing)}")


def load_projections(ctx: BuildContext) -> None:
    projections = bls.projections(ctx.folder(bls.FOLDER))
    duplicated = projections["soc_code"].duplicated()
    if duplicated.any():
        ctx.notes.append(f"projections: {int(duplicated.sum())} repeated code(s) kept once")
    projections = projections[~duplicated]
    ctx.catalog.insert_rows("projections", PROJECTION_COLUMNS, frame_rows(projections, PROJECTION_COLUMNS))
