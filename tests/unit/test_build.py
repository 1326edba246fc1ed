"""The catalog build on a tiny raw folder: tables, missing values, atomicity, fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_raw import write_tiny_raw

from jobrisk.app import pipeline
from jobrisk.catalog import Catalog
from jobrisk.catalog.build import build_catalog
from jobrisk.errors import ChecksumMismatchError, SourceUnavailableError
from jobrisk.settings import Settings


@pytest.fixture()
def raw_dir(tmp_path: Path) -> Path:
    return write_tiny_raw(tmp_path / "raw")


def test_build_fills_every_source_table(built: Catalog) -> None:
    counts = built.table_counts()
    assert counts["occupations"] == 3
    assert counts["tasks"] == 3
    assert counts["task_labels"] == 3
    assert counts["wages"] == 5
    assert counts["projections"] == 2
    assert counts["major_groups"] == 2
    assert counts["technology"] == 2
    assert counts["task_dwas"] == 1
    assert counts["source_files"] == 35


def test_occupation_without_tasks_has_task_count_zero(built: Catalog) -> None:
    assert built.occupation("15-1299.00").task_count == 0
    assert built.occupation("15-2051.00").task_count == 2
    assert built.occupation("15-2051.00").soc_code == "15-2051"
    assert built.occupation("15-1299.00").job_zone is None


def test_task_type_sets_default_time_weight(built: Catalog) -> None:
    weights = {t.task_id: (t.task_type, t.type_weight) for t in built.tasks()}
    assert weights == {23000: ("Core", 2.0), 23001: ("Supplemental", 1.0), 12000: (None, 1.5)}


def test_quoted_onet_task_text_is_unquoted(built: Catalog) -> None:
    assert built.tasks("15-2051.00")[0].task == 'Analyze "big data" sets, using statistics.'


def test_short_titles_and_reported_titles_are_their_own_rows(built: Catalog) -> None:
    kinds = {(t.title, t.kind) for t in built.titles() if t.onet_soc_code == "15-2051.00"}
    assert kinds == {
        ("Data Scientists", "occupation"),
        ("Machine Learning Scientist", "alternate"),
        ("ML Scientist", "short"),
        ("Data Scientist", "reported"),
    }


def test_unpublished_wage_is_null_with_reason_never_zero(built: Catalog) -> None:
    wage = built.wage("41-9041")
    assert wage is not None
    assert wage.hourly_median_usd is None
    assert wage.annual_median_usd == 34000
    assert "hourly wage not published" in (wage.wage_note or "")
    assert built.wage("15-2051").wage_note is None


def test_code_bls_publishes_only_as_aggregate_gets_the_aggregate_wage(built: Catalog) -> None:
    other = built.occupation("15-1299.00")
    wage = built.wage(other.soc_code)
    assert wage is not None
    assert wage.soc_code == "15-1290"  # the aggregate row says what it is
    assert wage.title == "Miscellaneous Computer Occupations"
    assert built.wage("15-2051").soc_code == "15-2051"
    assert built.wage("99-9999") is None
    assert built.coverage().with_wages == 3


def test_top_coded_and_dashed_projection_values(built: Catalog) -> None:
    projection = built.projection("41-9041")
    assert projection is not None
    assert projection.median_wage_2024_usd == 239200
    _, rows = built.select_rows("projections", "soc_code = '41-9041'")
    columns = built.table_columns("projections")
    row = dict(zip(columns, rows[0]))
    assert row["self_employed_pct"] is None
    assert row["median_wage_note"].startswith("top-coded")
    assert row["work_experience"] == "None"  # BLS category "no experience needed", not missing


def test_each_rating_row_records_its_onet_release(built: Catalog) -> None:
    releases = {(r.domain, r.onet_release) for code in ("15-2051.00", "41-9041.00") for r in built.elements(code)}
    assert ("abilities", "30.0") in releases
    assert ("work_activities", "28.2") in releases
    assert ("skills", "29.3") in releases
    assert ("work_context", "28.2") in releases


def test_work_context_and_not_relevant_flags(built: Catalog) -> None:
    context = {r.element_id: r.context for r in built.elements("41-9041.00", "work_context")}
    assert context == {"4.C.1.a.2.c": 2.1, "4.C.3.d.8": 2.0}
    _, rows = built.select_rows("occupation_elements", "element_id = '4.A.1.a.1'")
    assert rows[0][6] == 1  # not_relevant from the LV row


def test_task_labels_flag_tasks_missing_from_onet(built: Catalog) -> None:
    labels = {label.task_id: label for label in built.task_labels()}
    assert labels[99999].in_onet is False
    assert labels[23000].in_onet is True
    assert labels[23000].task == 'Analyze "big data" sets, using statistics.'
    assert labels[23000].human_automation == "T3"
    assert labels[23000].gpt4_automation == "T3"
    assert labels[23000].gpt4_automation_alt == "T2"
    assert labels[12000].human_automation is None


def test_published_measures_carry_mapping_status(built: Catalog) -> None:
    science = {m.measure: m for m in built.published_measures("15-2051.00")}
    assert science["gpts_human_beta"].mapping_status == "direct"
    assert science["aioe"].mapping_status == "split"
    assert science["aioe"].source_code == "15-2099"
    phones = {m.measure: m for m in built.published_measures("41-9041.00")}
    assert phones["frey_osborne"].value == 0.99
    assert phones["frey_osborne"].mapping_status == "one-to-one"
    assert phones["frey_osborne"].percentile == 100.0
    assert science["frey_osborne"].percentile == 0.0


def test_manifest_records_inputs_and_code_version(built: Catalog) -> None:
    manifest = built.manifest()
    assert len(manifest["fingerprint"]) == 64
    assert manifest["row_counts"]["tasks"] == 3
    assert manifest["schema_version"] == 2
    assert "onet" in manifest["sources"]
    statuses = {f["file"]: f["checksum_status"] for f in built.source_files()}
    assert statuses["Task Statements.txt"] == "unverified"  # not the registry's file


def test_rebuild_from_same_files_gives_same_fingerprint(raw_dir: Path, tmp_path: Path) -> None:
    first = build_catalog(raw_dir, tmp_path / "a.sqlite")
    second = build_catalog(raw_dir, tmp_path / "a.sqlite")
    assert first.fingerprint == second.fingerprint
    assert first.row_counts == second.row_counts


def test_changed_input_changes_fingerprint(raw_dir: Path, tmp_path: Path) -> None:
    before = build_catalog(raw_dir, tmp_path / "a.sqlite").fingerprint
    with open(raw_dir / "onet" / "Job Zones.txt", "a", encoding="utf-8") as handle:
        handle.write("15-1299.00\tComputer Occupations, All Other\t4\t08/2023\tAnalyst\n")
    assert build_catalog(raw_dir, tmp_path / "a.sqlite").fingerprint != before


def test_failed_post_build_keeps_previous_catalog_and_leaves_no_temp_file(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "catalog.sqlite"
    good = build_catalog(raw_dir, out)
    before = out.read_bytes()

    def broken(catalog: Catalog) -> None:
        raise RuntimeError("training failed")

    with pytest.raises(RuntimeError, match="training failed"):
        build_catalog(raw_dir, out, post_build=broken)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.sqlite", "raw"]
    with Catalog.open(out) as catalog:
        assert catalog.fingerprint() == good.fingerprint


def test_missing_raw_file_is_named_before_anything_is_written(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "bls" / "oews_may2025_national_by_soc.csv").unlink()
    with pytest.raises(SourceUnavailableError, match="bls/oews_may2025_national_by_soc.csv") as info:
        build_catalog(raw_dir, tmp_path / "catalog.sqlite")
    assert "jobrisk data sync" in str(info.value)
    assert not (tmp_path / "catalog.sqlite").exists()


def test_progress_reports_every_step_in_order(raw_dir: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    build_catalog(raw_dir, tmp_path / "c.sqlite", progress=lambda label, n, total: seen.append((n, total)))
    assert [n for n, _ in seen] == list(range(1, len(seen) + 1))
    assert all(total == len(seen) for _, total in seen)


def test_pipeline_runs_post_build_steps_on_the_new_catalog(
    raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    settings.data_dir.mkdir()
    (settings.data_dir / "raw").symlink_to(raw_dir, target_is_directory=True)
    seen: list[int] = []

    def count_tasks(catalog: Catalog, step_settings: Settings) -> None:
        seen.append(len(catalog.tasks()))
        catalog.set_manifest("post_build_ran", True)

    monkeypatch.setattr(pipeline, "POST_BUILD_STEPS", [count_tasks])
    result = pipeline.build_all(settings, verify_checksums=False)
    assert seen == [3]
    with Catalog.open(result.path) as catalog:
        assert catalog.manifest()["post_build_ran"] is True


def test_pipeline_refuses_files_the_registry_does_not_know(raw_dir: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    settings.data_dir.mkdir()
    (settings.data_dir / "raw").symlink_to(raw_dir, target_is_directory=True)
    with pytest.raises(ChecksumMismatchError):
        pipeline.build_all(settings)
    assert not settings.catalog_path.exists()


def test_pipeline_without_raw_data_says_to_sync(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailableError, match="jobrisk data sync --mirror DIR"):
        pipeline.build_all(Settings(data_dir=tmp_path))


def test_major_group_titles_come_from_the_soc_structure(built: Catalog) -> None:
    assert built.major_groups() == {
        "15": "Computer and Mathematical Occupations",
        "41": "Sales and Related Occupations",
    }
