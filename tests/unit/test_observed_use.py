"""Observed AI use (Anthropic Economic Index): reader checks, the join rule, the filtered rule,
per-occupation shares, and the Catalog methods on a tiny build."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jobrisk.catalog import Catalog
from jobrisk.catalog.build_observed import link_tasks, occupation_use, renormalised_modes
from jobrisk.errors import DataError, NotFoundError, SchemaError
from jobrisk.sources.readers import aei


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------- reader
@pytest.mark.parametrize(
    "content,error,message",
    [
        # a file without the pct column names the file and the column
        ("task_name,share\na,100\n", SchemaError, "missing column\\(s\\) 'pct'.*found columns: task_name, share"),
        # a share that is not a number is rejected with its row
        ("task_name,pct\na,60\nb,lots\nc,40\n", DataError, "1 row\\(s\\) break the rule 'pct is a number.*row 3"),
        # the shares must sum to 100
        ("task_name,pct\na,60\nb,30\n", DataError, "must sum to 100.*90.0000"),
        # the same task text twice after lower-casing is rejected
        ("task_name,pct\nWrite code.,50\nwrite code. ,50\n", DataError, "each task_name appears once"),
    ],
    ids=["no_pct_column", "share_not_a_number", "shares_not_100", "duplicate_task"],
)
def test_a_bad_usage_file_is_rejected_saying_why(tmp_path: Path, content: str, error: type, message: str) -> None:
    folder = _write(tmp_path, aei.RELEASES["2025-02-10"].usage_file, content)
    with pytest.raises(error, match=message):
        aei.task_usage(folder, "2025-02-10")


def test_mode_shares_that_do_not_sum_to_one_are_rejected(tmp_path: Path) -> None:
    header = "task_name,feedback_loop,directive,task_iteration,validation,learning,filtered\n"
    folder = _write(tmp_path, aei.RELEASES["2025-03-27"].mode_file, header + "a,0.5,0.5,0,0,0,0\nb,0.5,0.6,0,0,0,0\n")
    with pytest.raises(DataError, match="sum to 1.*row 3"):
        aei.task_modes(folder, "2025-03-27")


def test_unknown_release_is_named_with_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="2024-01-01.*2025-02-10, 2025-03-27"):
        aei.task_usage(tmp_path, "2024-01-01")


def test_real_mirror_files_pass_the_schema_checks() -> None:
    folder = Path(__file__).resolve().parents[2].parent / "shared" / "data" / aei.FOLDER
    if not folder.is_dir():
        pytest.skip("data mirror not present")
    usage = aei.task_usage(folder, "2025-03-27")
    modes = aei.task_modes(folder, "2025-03-27")
    assert len(usage) == 3365 and len(modes) == 3364
    assert (modes["filtered"] < 0.5).sum() == 2063
    assert set(aei.overall_modes(folder)) >= set(aei.MODES)


# ---------------------------------------------------------------------------- join and rules
def test_one_text_joins_every_occupation_that_has_it_and_old_texts_join_by_task_id() -> None:
    usage = pd.DataFrame({"task_key": ["prepare reports.", "old wording."], "usage_share_pct": [70.0, 30.0]})
    tasks = pd.DataFrame(
        {
            "task_id": [1, 2, 3, 4],
            "onet_soc_code": ["A", "B", "A", "C"],
            "task": ["Prepare reports.", " PREPARE REPORTS.", "New wording.", "Other."],
        }
    )
    statements = pd.DataFrame({"task_id": [3, 9], "task_key": ["old wording.", "old wording."]})
    links = link_tasks(usage, tasks, statements).set_index("task_id")
    assert links.loc[[1, 2], "onet_soc_code"].tolist() == ["A", "B"]
    assert set(links.loc[[1, 2], "join_method"]) == {"text"}
    assert links.loc[3, "join_method"] == "task_id" and links.loc[3, "task_key"] == "old wording."
    assert 4 not in links.index and 9 not in links.index  # task 9 is not in the catalog


def test_task_matching_by_text_keeps_its_text_over_a_task_id_link() -> None:
    usage = pd.DataFrame({"task_key": ["new wording.", "old wording."], "usage_share_pct": [1.0, 99.0]})
    tasks = pd.DataFrame({"task_id": [3], "onet_soc_code": ["A"], "task": ["New wording."]})
    statements = pd.DataFrame({"task_id": [3], "task_key": ["old wording."]})
    links = link_tasks(usage, tasks, statements)
    assert links[["task_key", "join_method"]].values.tolist() == [["new wording.", "text"]]


def test_filtered_rows_get_no_modes_and_the_rest_are_renormalised() -> None:
    modes = pd.DataFrame(
        {
            "task_key": ["a", "b"],
            "directive": [0.3, 0.2],
            "feedback_loop": [0.1, 0.0],
            "task_iteration": [0.2, 0.1],
            "validation": [0.0, 0.0],
            "learning": [0.2, 0.1],
            "filtered": [0.2, 0.6],
        }
    )
    out = renormalised_modes(modes).set_index("task_key")
    assert out.loc["a", "automation_share"] == pytest.approx(0.4 / 0.8)
    assert out.loc[
        "a", ["directive", "feedback_loop", "task_iteration", "validation", "learning"]
    ].sum() == pytest.approx(1.0)
    assert pd.isna(out.loc["b", "automation_share"]) and pd.isna(out.loc["b", "directive"])
    assert out.loc["b", "filtered"] == 0.6


def test_occupation_without_observed_tasks_has_no_automation_share_not_zero() -> None:
    tasks = pd.DataFrame({"task_id": [1, 2, 3], "onet_soc_code": ["A", "A", "B"], "type_weight": [2.0, 1.0, 2.0]})
    links = pd.DataFrame({"task_id": [1], "task_key": ["x"]})
    use = pd.DataFrame({"task_key": ["x"], "usage_share_pct": [5.0], "automation_share": [0.8]})
    out = occupation_use(tasks, links, use).set_index("onet_soc_code")
    assert out.loc["A", "observed_time_share"] == pytest.approx(2.0 / 3.0)
    assert out.loc["A", "automation_share"] == pytest.approx(0.8)
    assert out.loc["B", "tasks_observed"] == 0 and out.loc["B", "observed_time_share"] == 0.0
    assert out.loc["B", "automation_share"] is None or pd.isna(out.loc["B", "automation_share"])
    assert out.loc["A", "observed_time_share_percentile"] > out.loc["B", "observed_time_share_percentile"]


# ---------------------------------------------------------------------------- catalog
def test_releases_report_their_join_coverage(built: Catalog) -> None:
    releases = {r.release: r for r in built.observed_use_releases()}
    assert list(releases) == ["2025-02-10", "2025-03-27"]
    feb, march = releases["2025-02-10"], releases["2025-03-27"]
    assert (feb.task_texts, feb.joined_texts, feb.joined_tasks, feb.joined_by_text) == (3, 2, 2, 1)
    assert feb.joined_usage_pct == pytest.approx(90.0)
    assert feb.texts_with_modes is None  # the first release has no per-task modes
    assert feb.automation_share_overall == pytest.approx(40.0 / 95.0)
    assert march.texts_with_modes == 3  # 'write reports' is filtered (0.6)
    assert built.latest_observed_release() == "2025-03-27"


def test_task_observed_in_march_only_is_not_observed_in_february(built: Catalog) -> None:
    assert built.observed_task_ids("2025-02-10") == frozenset({23000, 23001})
    assert built.observed_task_ids() == frozenset({23000, 23001, 12000})
    assert built.observed_task_use("41-9041.00", "2025-02-10") == {}


def test_observed_task_use_carries_mode_and_join_method(built: Catalog) -> None:
    use = built.observed_task_use("15-2051.00")
    assert use[23000].join_method == "text" and use[23001].join_method == "task_id"
    assert use[23000].automation_share == pytest.approx(0.6 / 0.9)
    assert use[23000].mode == "automation"
    assert use[23001].automation_share is None and use[23001].mode is None  # filtered 0.6
    assert use[23001].usage_share_pct == 20.0


def test_occupation_use_is_time_weighted_with_percentile(built: Catalog) -> None:
    scientists = built.observed_occupation_use("15-2051.00")
    assert scientists is not None
    assert (scientists.tasks, scientists.tasks_observed, scientists.observed_time_share) == (2, 2, 1.0)
    assert scientists.automation_share == pytest.approx(0.6 / 0.9)  # only the unfiltered task counts
    telemarketers = built.observed_occupation_use("41-9041.00", "2025-02-10")
    assert telemarketers is not None and telemarketers.tasks_observed == 0
    assert telemarketers.automation_share is None
    assert built.observed_occupation_use("15-1299.00") is None  # no tasks: no row


def test_text_lookup_is_case_insensitive_and_absent_text_is_none(built: Catalog) -> None:
    found = built.observed_use_of_text("  Contact customers by TELEPHONE. ")
    assert found is not None and found.mode == "augmentation" and found.usage_share_pct == 25.0
    assert built.observed_use_of_text("Contact customers by telephone.", "2025-02-10") is None


def test_unknown_release_is_an_error_naming_the_releases(built: Catalog) -> None:
    with pytest.raises(NotFoundError, match="2030-01-01.*2025-02-10, 2025-03-27"):
        built.observed_task_ids("2030-01-01")
