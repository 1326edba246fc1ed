"""Carrying SOC 2010 measures to O*NET-SOC codes: one-to-one, split, merged, aggregate."""

from __future__ import annotations

import pandas as pd
import pytest

from jobrisk.catalog.crosswalk import AGGREGATE_SOC2010, Crosswalk, percentile_0_100

PAIRS = pd.DataFrame(
    [
        ("41-9041", "41-9041"),  # one-to-one
        ("29-1067", "29-1242"),  # split: surgeons -> several 2018 codes
        ("29-1067", "29-1249"),
        ("15-1132", "15-1252"),  # merged: two 2010 codes -> software developers
        ("15-1133", "15-1252"),
        ("29-1061", "29-1211"),  # detailed codes standing behind Frey-Osborne's 29-1060
        ("29-1069", "29-1249"),
    ],
    columns=["soc2010_code", "soc2018_code"],
)
ONET = pd.DataFrame(
    [
        ("41-9041.00", "41-9041"),
        ("29-1242.00", "29-1242"),
        ("29-1249.00", "29-1249"),
        ("15-1252.00", "15-1252"),
        ("29-1211.00", "29-1211"),
        ("41-9041.01", "41-9041"),
    ],
    columns=["onet_soc_code", "soc_code"],
)


@pytest.fixture()
def crosswalk() -> Crosswalk:
    return Crosswalk(PAIRS, ONET)


def _mapped(crosswalk: Crosswalk, data: dict[str, float]) -> dict[str, tuple[float, str, str]]:
    by_soc = crosswalk.to_soc2018(pd.Series(list(data)), pd.Series(list(data.values())))
    rows = crosswalk.to_onet(by_soc)
    return {r.onet_soc_code: (r.value, r.source_code, r.mapping_status) for r in rows.itertuples()}


def test_one_to_one_code_reaches_every_onet_code_with_that_prefix(crosswalk: Crosswalk) -> None:
    mapped = _mapped(crosswalk, {"41-9041": 0.99})
    assert mapped == {"41-9041.00": (0.99, "41-9041", "one-to-one"), "41-9041.01": (0.99, "41-9041", "one-to-one")}


def test_split_code_copies_its_value_and_says_so(crosswalk: Crosswalk) -> None:
    mapped = _mapped(crosswalk, {"29-1067": 0.2})
    assert mapped["29-1242.00"] == (0.2, "29-1067", "split")


def test_merged_codes_are_averaged_and_flagged(crosswalk: Crosswalk) -> None:
    mapped = _mapped(crosswalk, {"15-1132": 1.0, "15-1133": 2.0})
    assert mapped["15-1252.00"] == (1.5, "15-1132,15-1133", "merged")


def test_aggregate_code_fills_only_codes_no_detailed_row_reaches(crosswalk: Crosswalk) -> None:
    assert AGGREGATE_SOC2010["29-1060"] == ("29-106*",)
    mapped = _mapped(crosswalk, {"29-1060": 0.004, "29-1067": 0.2})
    assert mapped["29-1211.00"] == (0.004, "29-1060", "aggregate")
    assert mapped["29-1242.00"] == (0.2, "29-1067", "split")
    assert mapped["29-1249.00"][2] == "merged"  # 29-1067 and 29-1069 both reach it; 29-1069 absent


def test_code_without_any_mapping_is_reported_unmapped(crosswalk: Crosswalk) -> None:
    assert crosswalk.unmapped(pd.Series(["99-9999", "41-9041"])) == ["99-9999"]
    assert _mapped(crosswalk, {"99-9999": 1.0}) == {}


def test_missing_value_is_not_mapped(crosswalk: Crosswalk) -> None:
    assert _mapped(crosswalk, {"41-9041": float("nan")}) == {}


def test_percentile_runs_from_0_to_100_with_shared_ties() -> None:
    result = percentile_0_100(pd.Series([3.0, 1.0, 2.0, 2.0, 5.0])).tolist()
    assert result == [75.0, 0.0, 37.5, 37.5, 100.0]
