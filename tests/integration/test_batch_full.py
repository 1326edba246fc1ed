"""Batch scoring on the full catalog: in process, through a killed-and-resumed CLI run, on a local
Dask cluster (two worker processes) and on Spark in local mode; every engine's rows must equal
the in-process rows."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from jobrisk.app.batch import BatchScorer, run_batch, score_roster, score_tasks, score_titles

pytestmark = pytest.mark.integration

TITLES = [
    "Senior Software Engineer",
    "RN - ICU nights",
    "cashier",
    "Truck Driver (CDL-A)",
    "Data Scientist II",
    "Paralegal",
    "Roofer",
    "Customer Service Rep",
    "Line Cook",
    "Executive Assistant to the CEO",
    "",
    "zzqx",
]
TASKS = [
    "Write unit tests for a REST API",
    "Drive a forklift in the warehouse",
    "Draft contracts and review them with clients",
    "Comfort patients before surgery",
    "",
]


@pytest.fixture(scope="module")
def scorer(built_settings) -> BatchScorer:
    return BatchScorer.load(built_settings)


@pytest.fixture(scope="module")
def titles_frame() -> pd.DataFrame:
    rows = [TITLES[(i * 7) % len(TITLES)] for i in range(240)]
    return pd.DataFrame({"title": rows, "row_id": [str(i) for i in range(len(rows))]})


def test_titles_get_the_coder_code_and_the_scorebook_risk(scorer, titles_frame, full_catalog):
    from jobrisk.app.scoring_inputs import score_catalog

    out = score_titles(titles_frame, scorer)
    assert len(out) == len(titles_frame) and out["row_id"].tolist() == titles_frame["row_id"].tolist()
    book = score_catalog(full_catalog)
    for title in set(TITLES):
        rows = out[out["title"] == title]
        match = scorer.coder.code(title)
        assert set(rows["onet_soc_code"]) == {match.onet_soc_code or ""}
        if match.status == "matched":
            expected = book.score(match.onet_soc_code).risk_score
            assert rows["risk_score"].iloc[0] == pytest.approx(expected, abs=1e-4)
        else:
            assert rows["risk_score"].isna().all()  # no code, no score: missing, never 0
    assert out.loc[out["title"] == "", "status"].unique().tolist() == ["unknown"]


def test_tasks_match_the_task_model(scorer):
    out = score_tasks(pd.DataFrame({"task": TASKS * 3}), scorer)
    direct = scorer.task_model.score_texts(TASKS)
    for i, score in enumerate(direct):
        assert out["exposure"][i] == pytest.approx(score.exposure, abs=1e-4)
    assert out["exposure"][0] > out["exposure"][1]  # writing tests vs driving a forklift


def test_a_task_repeated_in_later_chunks_is_scored_once(built_settings, tmp_path):
    scorer = BatchScorer.load(built_settings, titles=False)
    model = scorer.task_model
    scored: list[str] = []
    real = model.score_arrays

    def counting(texts, codes):
        scored.extend(texts)
        return real(texts, codes)

    model.score_arrays = counting  # the real model, its calls counted
    try:
        source = tmp_path / "tasks.csv"
        pd.DataFrame({"task": TASKS[:4] * 50}).to_csv(source, index=False)
        run_batch("tasks", source, tmp_path / "out.parquet", scorer, chunk_rows=30)
    finally:
        del model.score_arrays
    assert sorted(scored) == sorted(TASKS[:4])  # 7 chunks, each task scored in the first only
    out = pd.read_parquet(tmp_path / "out.parquet")
    again = score_tasks(pd.DataFrame({"task": TASKS[:4] * 50}), BatchScorer.load(built_settings, titles=False))
    assert out["exposure"].tolist() == again["exposure"].tolist()


def test_roster_uses_common_header_names(scorer):
    roster = pd.DataFrame(
        {"Position": ["Paralegal", "Roofer"], "Headcount": ["4", "2"], "Department": ["Legal", "Field"]}
    )
    out = score_roster(roster, scorer)
    assert out["onet_soc_code"].tolist() == ["23-2011.00", "47-2181.00"]
    assert out["headcount"].tolist() == [4.0, 2.0] and out["Department"].tolist() == ["Legal", "Field"]


def test_killed_cli_run_resumes_and_equals_an_uninterrupted_run(scorer, built_settings, tmp_path):
    rows = [f"{TITLES[i % 10]} {i % 997}" for i in range(6000)]
    pd.DataFrame({"title": rows}).to_csv(tmp_path / "in.csv", index=False)
    clean = run_batch("titles", tmp_path / "in.csv", tmp_path / "clean.csv", scorer, chunk_rows=300)
    assert clean.chunks == 20
    jobrisk = Path(sys.executable).with_name("jobrisk")
    command = [
        str(jobrisk),
        "--data-dir",
        str(built_settings.data_dir),
        "batch",
        "titles",
        str(tmp_path / "in.csv"),
        "-o",
        str(tmp_path / "out.csv"),
        "--chunk-rows",
        "300",
    ]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    partial = tmp_path / "out.csv.partial"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(partial.glob("part-*.csv"))) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(partial.glob("part-*.csv")))
    assert 3 <= done_before < 20
    resumed = run_batch("titles", tmp_path / "in.csv", tmp_path / "out.csv", scorer, chunk_rows=300)
    assert resumed.chunks_resumed >= 3
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "clean.csv").read_bytes()


def _readme_example(marker: str) -> str:
    """The README's Python block whose first line is ``marker`` (the examples must run as written)."""
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    found = [b for b in blocks if b.startswith(marker)]
    assert len(found) == 1, f"README has no single Python example starting {marker!r}"
    return found[0]


def _run_readme_example(marker: str, built_settings, titles_frame, tmp_path) -> None:
    titles_frame.to_csv(tmp_path / "postings.csv", index=False)
    (tmp_path / "example.py").write_text(_readme_example(marker), encoding="utf-8")
    env = {**os.environ, "JOBRISK_DATA_DIR": str(built_settings.data_dir)}
    done = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _same_rows(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    got = got.assign(title=got["title"].fillna(""))  # engines read an empty cell as missing
    got = got.astype({"row_id": str}).set_index("row_id").loc[expected["row_id"]].reset_index()
    pd.testing.assert_frame_equal(got[list(expected.columns)].reset_index(drop=True), expected, check_dtype=False)


@pytest.mark.parametrize("marker,output", [("# Dask", "scored-dask"), ("# Spark", "scored-spark")])
def test_readme_cluster_examples_run_and_equal_in_process(
    marker, output, scorer, titles_frame, built_settings, tmp_path
):
    _run_readme_example(marker, built_settings, titles_frame, tmp_path)
    expected = score_titles(pd.read_csv(tmp_path / "postings.csv", dtype=str, keep_default_na=False), scorer)
    got = pd.read_parquet(tmp_path / output)
    assert len(got) == len(expected)
    _same_rows(got, expected)
