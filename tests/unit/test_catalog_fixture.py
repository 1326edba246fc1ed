"""Catalog query methods on the real-data fixture (``Catalog.fixture()``)."""

from __future__ import annotations

import pytest

from jobrisk.catalog import Catalog
from jobrisk.catalog.fixture import FIXTURE_CODES
from jobrisk.errors import NotFoundError


def test_fixture_holds_every_chosen_occupation(catalog: Catalog) -> None:
    assert [o.onet_soc_code for o in catalog.occupations()] == sorted(FIXTURE_CODES)
    assert len({o.major_group for o in catalog.occupations()}) >= 8


def test_occupation_lookup_and_unknown_code(catalog: Catalog) -> None:
    scientists = catalog.occupation("15-2051.00")
    assert scientists.title == "Data Scientists"
    assert scientists.soc_code == "15-2051"
    assert scientists.task_count == len(catalog.tasks("15-2051.00")) > 0
    with pytest.raises(NotFoundError, match="99-9999.00"):
        catalog.occupation("99-9999.00")
    assert not catalog.has_occupation("99-9999.00")


def test_all_other_code_has_no_tasks_but_titles_and_wages(catalog: Catalog) -> None:
    other = catalog.occupation("15-1299.00")
    assert other.task_count == 0
    assert catalog.tasks("15-1299.00") == []
    assert any(t.onet_soc_code == "15-1299.00" for t in catalog.titles())
    assert catalog.wage("15-1299") is not None


def test_task_weights_follow_task_type(catalog: Catalog) -> None:
    weights = {(t.task_type, t.type_weight) for t in catalog.tasks()}
    assert weights <= {("Core", 2.0), ("Supplemental", 1.0), (None, 1.5)}
    assert ("Core", 2.0) in weights


def test_titles_include_every_kind(catalog: Catalog) -> None:
    kinds = {t.kind for t in catalog.titles()}
    assert kinds == {"occupation", "alternate", "short", "reported"}


def test_task_dwas_join_to_iwas(catalog: Catalog) -> None:
    links = catalog.task_dwas("15-1252.00")
    assert links
    first = next(iter(links.values()))[0]
    assert first.iwa_title and first.dwa_title


def test_elements_carry_release_per_domain(catalog: Catalog) -> None:
    releases = {r.domain: r.onet_release for r in catalog.elements("43-9021.00")}
    assert releases["abilities"] == "30.0"
    assert releases["work_activities"] == "28.2"
    assert releases["skills"] == "29.3"
    matrix = catalog.element_matrix("skills")
    assert set(matrix) <= set(FIXTURE_CODES)
    assert all(1.0 <= v <= 5.0 for row in matrix.values() for v in row.values())


def test_technology_flags_hot_for_software_not_tools(catalog: Catalog) -> None:
    items = catalog.technology("15-1252.00")
    assert any(i.kind == "technology" and i.hot for i in items)
    assert all(i.hot is None for i in items if i.kind == "tool")


def test_related_occupations_have_titles_even_outside_fixture(catalog: Catalog) -> None:
    related = catalog.related_occupations("15-2051.00")
    assert related and all(r.title for r in related)
    assert [r.rank for r in related] == sorted(r.rank for r in related)


def test_no_wage_is_stored_as_zero(catalog: Catalog) -> None:
    for occupation in catalog.occupations():
        wage = catalog.wage(occupation.soc_code)
        if wage is not None:
            assert wage.annual_median_usd is None or wage.annual_median_usd > 0
            assert wage.hourly_median_usd is None or wage.hourly_median_usd > 0


def test_projection_employment_is_in_thousands(catalog: Catalog) -> None:
    nurses = catalog.projection("29-1141")
    assert nurses is not None
    assert 1000 < nurses.employment_2024_thousands < 10000


def test_published_measures_have_status_and_percentile(catalog: Catalog) -> None:
    measures = {m.measure: m for m in catalog.published_measures("41-9041.00")}
    assert measures["frey_osborne"].value == pytest.approx(0.99)
    assert measures["frey_osborne"].percentile > 95
    for code in FIXTURE_CODES:
        for m in catalog.published_measures(code):
            assert m.mapping_status in {"direct", "one-to-one", "split", "merged", "aggregate"}
            assert 0.0 <= m.percentile <= 100.0


def test_task_labels_and_coverage_agree(catalog: Catalog) -> None:
    labels = catalog.task_labels()
    coverage = catalog.coverage()
    assert coverage.occupations == len(FIXTURE_CODES)
    assert coverage.labelled_tasks == sum(1 for label in labels if label.in_onet)
    assert coverage.with_tasks == len(FIXTURE_CODES) - 1


def test_manifest_and_source_files_come_along(catalog: Catalog) -> None:
    assert len(catalog.fingerprint()) == len("fixture-") + 64
    files = catalog.source_files()
    assert {f["source_id"] for f in files} >= {"onet", "gpts_are_gpts", "bls_oews"}
    assert catalog.major_groups()["15"] == "Computer and Mathematical Occupations"


def test_fixture_has_its_own_fingerprint_distinct_from_the_full_catalog_it_was_cut_from():
    from jobrisk.catalog import Catalog

    catalog = Catalog.fixture()
    assert catalog.fingerprint().startswith("fixture-")
    assert catalog.fingerprint() == Catalog.fixture().fingerprint()
