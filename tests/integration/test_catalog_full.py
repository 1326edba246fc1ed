"""The full catalog built from the data mirror covers what the sources hold."""

from __future__ import annotations

import csv

import pytest

from jobrisk.catalog import Catalog, build_labour
from jobrisk.catalog.crosswalk import STATUSES
from jobrisk.catalog.fixture import FIXTURE_CODES
from jobrisk.settings import Settings

pytestmark = pytest.mark.integration

WAGE_COLUMNS = tuple(c for c in build_labour.WAGE_COLUMNS if c.endswith("_usd"))


def _rows(catalog: Catalog, table: str, where: str = "") -> list[dict]:
    columns, rows = catalog.select_rows(table, where)
    return [dict(zip(columns, row)) for row in rows]


def test_every_onet_occupation_task_and_title_is_in(full_catalog: Catalog) -> None:
    coverage = full_catalog.coverage()
    assert coverage.occupations == 1016
    assert coverage.tasks == 18796
    assert coverage.with_tasks == 923
    assert coverage.titles >= 56000
    assert coverage.with_wages >= 800


def test_labelled_occupations_match_the_mirror(full_catalog: Catalog, built_settings: Settings) -> None:
    with open(built_settings.raw_dir / "gpts_are_gpts" / "full_labelset.tsv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    mirror_codes = {r["O*NET-SOC Code"] for r in rows}
    labels = full_catalog.task_labels()
    assert {label.onet_soc_code for label in labels} == mirror_codes
    assert len(labels) == len(rows)
    task_ids = {t.task_id for t in full_catalog.tasks()}
    assert full_catalog.coverage().labelled_tasks == sum(1 for r in rows if int(float(r["Task ID"])) in task_ids)


def test_every_published_measure_has_a_mapping_status(full_catalog: Catalog) -> None:
    rows = _rows(full_catalog, "published_measures")
    assert rows
    assert {r["mapping_status"] for r in rows} <= set(STATUSES)
    measures = {r["measure"] for r in rows}
    assert {"aioe", "lm_aioe", "ig_aioe", "frey_osborne", "gpts_human_beta", "gpts_gpt4_beta"} <= measures
    assert all(0.0 <= r["percentile"] <= 100.0 for r in rows)
    statuses = {r["mapping_status"] for r in rows if r["measure"] == "frey_osborne"}
    assert {"one-to-one", "split", "merged", "aggregate"} <= statuses


def test_no_wage_is_zero_where_bls_published_none(full_catalog: Catalog, built_settings: Settings) -> None:
    with open(
        built_settings.raw_dir / "bls" / "oews_may2025_national_by_soc.csv", newline="", encoding="utf-8"
    ) as handle:
        published = {r["OCC_CODE"]: r for r in csv.DictReader(handle)}
    wages = {r["soc_code"]: r for r in _rows(full_catalog, "wages")}
    assert len(wages) == len(published) == 1104
    unpublished = [code for code, r in published.items() if r["H_MEDIAN"].strip() in ("-", "")]
    assert unpublished
    for code in unpublished:
        assert wages[code]["hourly_median_usd"] is None
        assert wages[code]["wage_note"]
    assert all(r[c] is None or r[c] > 0 for r in wages.values() for c in WAGE_COLUMNS)


def test_rating_rows_record_the_release_of_their_file(full_catalog: Catalog) -> None:
    releases = {
        (r["domain"], r["onet_release"])
        for r in _rows(full_catalog, "occupation_elements", "onet_soc_code = '11-1011.00'")
    }
    assert releases == {
        ("skills", "29.3"),
        ("knowledge", "29.3"),
        ("work_styles", "29.3"),
        ("abilities", "30.0"),
        ("work_activities", "28.2"),
        ("work_context", "28.2"),
    }


def test_source_files_match_the_registry_checksums(full_catalog: Catalog) -> None:
    files = full_catalog.source_files()
    assert len(files) == full_catalog.manifest()["row_counts"]["source_files"]
    assert all(len(f["sha256"]) == 64 for f in files)
    assert "unverified" not in {f["checksum_status"] for f in files}


def test_projections_and_major_groups(full_catalog: Catalog) -> None:
    groups = full_catalog.major_groups()
    assert len(groups) == 23  # the 22 OEWS publishes, and 55 from the SOC structure
    assert groups["55"] == "Military Specific Occupations"
    assert {o.major_group for o in full_catalog.occupations()} <= set(groups)
    nurses = full_catalog.projection("29-1141")
    assert nurses is not None and nurses.employment_2024_thousands > 1000


def test_unit_fixture_matches_the_full_catalog(full_catalog: Catalog) -> None:
    fixture = Catalog.fixture()
    for code in FIXTURE_CODES:
        assert fixture.occupation(code) == full_catalog.occupation(code)
        assert fixture.tasks(code) == full_catalog.tasks(code)
        assert fixture.published_measures(code) == full_catalog.published_measures(code)


def test_occupations_bls_publishes_only_as_aggregates_get_the_aggregate_wage(full_catalog: Catalog) -> None:
    aides = full_catalog.occupation("31-1121.00")
    wage = full_catalog.wage(aides.soc_code)
    assert wage is not None and wage.soc_code == "31-1120"
    assert wage.annual_median_usd and wage.annual_median_usd > 0
    with_bls_rows = [r for r in _rows(full_catalog, "occupations") if r["bls_soc_code"]]
    assert len(with_bls_rows) >= 990
