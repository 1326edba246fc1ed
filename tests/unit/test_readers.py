"""Source readers on tiny files: schema checks, quoting, gzip, missing values."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import pandas as pd
import pytest
from tiny_raw import RATING_HEADER, other_files, write_nem_workbook

from jobrisk.errors import SchemaError, SourceUnavailableError
from jobrisk.sources.readers import aioe, bls, crosswalks, frey_osborne, gpts, onet
from jobrisk.sources.readers._common import to_float, unquote_csv_field

TASK_HEADER = "O*NET-SOC Code\tTitle\tTask ID\tTask\tTask Type\tIncumbents Responding\tDate\tDomain Source"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def test_renamed_column_raises_schema_error_naming_file_and_column(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "Task Statements.txt",
        TASK_HEADER.replace("\tTask\t", "\tTask Text\t") + "\n15-2051.00\tX\t1\tDo it.\tCore\t\t\t\n",
    )
    with pytest.raises(SchemaError) as info:
        onet.tasks(tmp_path)
    assert info.value.missing == ["Task"]
    assert "Task Statements.txt" in str(info.value)
    assert "'Task'" in str(info.value)
    assert "Task Text" in info.value.found


def test_quotes_in_onet_task_text_survive(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "Task Statements.txt",
        TASK_HEADER + "\n"
        '11-1031.00\tLegislators\t15287\t"Conduct ""head counts"" to predict votes."\t\t\t06/2006\tAnalyst\n'
        '11-1031.00\tLegislators\t15288\tSay "hello" to voters.\tCore\t12.0\t06/2006\tAnalyst\n',
    )
    tasks = onet.tasks(tmp_path).set_index("task_id")["task"]
    assert tasks[15287] == 'Conduct "head counts" to predict votes.'
    assert tasks[15288] == 'Say "hello" to voters.'


def test_stray_quote_is_kept_as_published() -> None:
    assert unquote_csv_field('"Laser facsimile machines"""') == 'Laser facsimile machines"'
    assert unquote_csv_field('"a" and "b"') == '"a" and "b"'


def test_gzipped_file_is_read_in_place_of_the_text_file(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "Task Statements.txt.gz",
        TASK_HEADER + "\n15-2051.00\tData Scientists\t23000\tAnalyze data.\tCore\t30.0\t08/2023\tIncumbent\n",
    )
    tasks = onet.tasks(tmp_path)
    assert tasks["task"].tolist() == ["Analyze data."]
    assert tasks["incumbents_responding"].tolist() == [30.0]


def test_missing_file_says_to_sync(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailableError, match="Occupation Data.txt"):
        onet.occupations(tmp_path)


def test_ratings_pivot_scales_and_keep_missing_level(tmp_path: Path) -> None:
    rows = [
        ["15-2051.00", "T", "2.A.1.a", "Reading", "IM", "Importance", "4.1", "", "", "", "", "N", "", "", ""],
        ["15-2051.00", "T", "2.A.1.a", "Reading", "LV", "Level", "4.5", "", "", "", "", "N", "Y", "", ""],
        ["15-2051.00", "T", "2.A.1.b", "Listening", "IM", "Importance", "3.0", "", "", "", "", "N", "", "", ""],
    ]
    _write(tmp_path, "Skills.txt.gz", "\n".join("\t".join(r) for r in [RATING_HEADER, *rows]) + "\n")
    ratings = onet.ratings(tmp_path, "skills").set_index("element_id")
    assert ratings.loc["2.A.1.a", "importance"] == 4.1
    assert ratings.loc["2.A.1.a", "level"] == 4.5
    assert ratings.loc["2.A.1.a", "not_relevant"] == 1
    assert math.isnan(ratings.loc["2.A.1.b", "level"])


def test_database_release_comes_from_read_me(tmp_path: Path) -> None:
    _write(tmp_path, "Read Me.txt", "O*NET 29.3 Database\nMay 2025 Release\n")
    assert onet.database_release(tmp_path) == "29.3"


def test_gpts_labels_read_float_task_ids_and_quoted_texts(tmp_path: Path) -> None:
    folder = tmp_path / "gpts"
    for name, text in other_files()["gpts_are_gpts"].items():
        _write(folder, name, text)
    labels = gpts.exposure_labels(folder).set_index("task_id")
    assert labels.loc[23000, "task"] == 'Analyze "big data" sets, using statistics.'
    assert labels.loc[23000, "human_exposure"] == "E1"
    assert pd.isna(labels.loc[12000, "task_type"])
    automation = gpts.automation_labels(folder).set_index("task_id")
    assert automation.loc[23000, "human_automation"] == "T3"
    assert pd.isna(automation.loc[12000, "human_automation"])
    shares = gpts.occupation_shares(folder).set_index("onet_soc_code")
    assert shares.loc["41-9041.00", "gpt4_beta"] == 0.8


def test_bls_unpublished_values_stay_missing_not_zero(tmp_path: Path) -> None:
    for name, text in other_files()["bls"].items():
        _write(tmp_path, name, text)
    wages = bls.oews_wages(tmp_path).set_index("soc_code")
    assert math.isnan(wages.loc["41-9041", "hourly_median_usd"])
    assert wages.loc["41-9041", "annual_median_usd"] == 34000
    assert "year-round" in wages.loc["41-9041", "wage_note"]
    assert pd.isna(wages.loc["15-2051", "wage_note"])
    projections = bls.projections(tmp_path).set_index("soc_code")
    assert math.isnan(projections.loc["41-9041", "self_employed_pct"])
    assert projections.loc["41-9041", "change_thousands"] == -17.4


def test_missing_tokens_become_nan_never_zero() -> None:
    values = to_float(pd.Series(["-", "—", "None", "", "n/a", "1,234.5", "0"]))
    assert values.isna().tolist() == [True] * 5 + [False, False]
    assert values.iloc[5] == 1234.5
    assert values.iloc[6] == 0.0


def test_nem_workbook_header_is_found_below_title_rows(tmp_path: Path) -> None:
    write_nem_workbook(tmp_path / crosswalks.NEM_ONET_TO_SOC)
    nem = crosswalks.nem_onet_to_soc(tmp_path)
    assert nem.set_index("onet_soc_code")["nem_code"].to_dict() == {
        "15-2051.00": "15-2051",
        "41-9041.00": "41-9041",
        "15-1299.00": "15-1290",
    }


def test_nem_workbook_without_code_column_raises_schema_error(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = crosswalks.NEM_SHEET
    book.active.append(["Sort Order", "O*NET-SOC Code", "O*NET-SOC Title", "NEM Title"])
    book.save(tmp_path / crosswalks.NEM_ONET_TO_SOC)
    with pytest.raises(SchemaError, match="NEM Code"):
        crosswalks.nem_onet_to_soc(tmp_path)


def test_crosswalk_titles_lose_split_markers(tmp_path: Path) -> None:
    _write(tmp_path, crosswalks.SOC2010_TO_SOC2018, other_files()["crosswalks"][crosswalks.SOC2010_TO_SOC2018])
    pairs = crosswalks.soc2010_to_soc2018(tmp_path)
    assert pairs["soc2010_title"].iloc[0] == "Mathematical Science Occupations"
    assert len(pairs) == 3


def test_aioe_and_frey_osborne_scores_are_numbers(tmp_path: Path) -> None:
    _write(tmp_path, aioe.AIOE_LM_IG, other_files()["aioe"][aioe.AIOE_LM_IG])
    _write(tmp_path, frey_osborne.PROBABILITIES, other_files()["frey_osborne"][frey_osborne.PROBABILITIES])
    scores = aioe.occupation_scores(tmp_path).set_index("soc2010_code")
    assert scores.loc["41-9041", "lm_aioe"] == 1.9
    probabilities = frey_osborne.probabilities(tmp_path).set_index("soc2010_code")
    assert probabilities.loc["41-9041", "probability"] == 0.99
    assert probabilities.loc["41-9041", "training_label"] == 1
    assert probabilities["training_label"].isna().sum() == 1


def test_soc_structure_gives_every_major_group_title_and_refuses_a_malformed_row(tmp_path: Path) -> None:
    from jobrisk.errors import DataError
    from jobrisk.sources.readers import soc_structure

    header = (
        "Major Group,Minor Group,Broad Occupation,Detailed Occupation,Detailed O*NET-SOC,SOC or O*NET-SOC 2019 Title\n"
    )
    _write(
        tmp_path,
        soc_structure.SOC_STRUCTURE,
        header + "55-0000,,,,,Military Specific Occupations\n"
        ",55-1000,,,,Military Officer Special and Tactical Operations Leaders\n",
    )
    assert soc_structure.major_group_titles(tmp_path) == {"55": "Military Specific Occupations"}
    _write(tmp_path, soc_structure.SOC_STRUCTURE, header + "55-1000,,,,,A minor group in the major column\n")
    with pytest.raises(DataError, match="55-1000"):
        soc_structure.major_group_titles(tmp_path)
