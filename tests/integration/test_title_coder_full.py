"""The title coder on the full catalog: CLI contract, messy-title accuracy, cached index."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from jobrisk.interfaces.cli.main import app
from jobrisk.models.title_coder import TitleCoder
from jobrisk.models.title_coder.artifact import ARTIFACT_DIR, MANIFEST_FILE, load_index
from jobrisk.models.title_coder.evaluation import read_gold_csv

pytestmark = pytest.mark.integration
MESSY = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "messy_titles.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def coder(full_catalog, built_settings) -> TitleCoder:
    return TitleCoder.from_catalog(full_catalog, built_settings)


def test_build_step_cached_the_title_index_for_this_catalog(built_settings, full_catalog):
    from jobrisk.models.embeddings import get_encoder

    index = load_index(built_settings.models_dir, full_catalog.fingerprint(), get_encoder())
    assert index is not None and len(index.keys) > 40_000
    assert index.embeddings is not None and index.encoder is not None


def test_cached_index_is_refused_for_another_catalog(built_settings):
    assert load_index(built_settings.models_dir, "another-catalog", None) is None
    assert (built_settings.models_dir / ARTIFACT_DIR / MANIFEST_FILE).exists()


def test_messy_titles_are_mostly_coded_right(coder):
    items = read_gold_csv(MESSY)
    matches = coder.code_many([t for t, _ in items])
    top1 = sum(bool(m.candidates) and m.candidates[0].onet_soc_code in g for (_, g), m in zip(items, matches))
    top5 = sum(any(c.onet_soc_code in g for c in m.candidates) for (_, g), m in zip(items, matches))
    abstained = sum(m.status != "matched" for m in matches)
    assert top1 / len(items) >= 0.85
    assert top5 / len(items) >= 0.95
    assert abstained / len(items) <= 0.10


def test_messy_set_covers_every_major_group():
    groups = {c[:2] for _, gold in read_gold_csv(MESSY) for c in gold}
    assert {
        "11",
        "13",
        "15",
        "17",
        "19",
        "21",
        "23",
        "25",
        "27",
        "29",
        "31",
        "33",
        "35",
        "37",
        "39",
        "41",
        "43",
        "45",
        "47",
        "49",
        "51",
        "53",
    } <= groups
    assert len(read_gold_csv(MESSY)) >= 200


def test_cli_code_writes_the_contract_columns(built_settings, tmp_path):
    src = tmp_path / "roster.csv"
    pd.DataFrame({"id": ["a", "b", "c", "d"], "title": ["Sr. ML Engineer", "CDL-A driver", "", "zzqx"]}).to_csv(
        src, index=False
    )
    out = tmp_path / "coded.csv"
    result = runner.invoke(
        app, ["--data-dir", str(built_settings.data_dir), "titles", "code", str(src), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(df.columns) == ["id", "title", "onet_soc_code", "confidence", "status", "candidates"]
    assert df.loc[0, "status"] == "matched" and df.loc[0, "onet_soc_code"].startswith("15-")
    assert df.loc[1, "onet_soc_code"] == "53-3032.00"
    assert df.loc[2, "status"] == "unknown" and df.loc[2, "onet_soc_code"] == ""
    assert all(0.0 <= float(c) <= 1.0 for c in df["confidence"])


def test_cli_code_names_the_columns_when_title_is_missing(built_settings, tmp_path):
    src = tmp_path / "roster.csv"
    src.write_text("name,job_title\nAna,Nurse\n", encoding="utf-8")
    result = runner.invoke(
        app, ["--data-dir", str(built_settings.data_dir), "titles", "code", str(src), "-o", str(tmp_path / "out.csv")]
    )
    assert result.exit_code == 2
    assert "name, job_title" in result.output


def test_cli_search_prints_candidates_with_reasons(built_settings):
    result = runner.invoke(
        app, ["--data-dir", str(built_settings.data_dir), "titles", "search", "machine learning engineer"]
    )
    assert result.exit_code == 0, result.output
    assert "15-2051.00" in result.output and "alias" in result.output
