"""Coding new titles on forked worker processes gives exactly the answers of one process."""

from __future__ import annotations

import multiprocessing

import pytest

from jobrisk.app.batch import parallel
from jobrisk.app.batch.steps import StepTimes
from jobrisk.catalog import Catalog
from jobrisk.models.title_coder import TitleCoder

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")

TITLES = [
    "Truck Driver",
    "Roofer",
    "Sr Data Analyst",
    "RN - ICU nights",
    "Acountant",
    "ML Engineer",
    "Marketing Coordinator (Remote)",
    "Forklift Operatr",
    "Chief Revenue Officer",
    "",
    "12345",
]


def _answers(matches):
    return [
        (m.input_title, m.status, m.onet_soc_code, m.confidence, tuple(c.onet_soc_code for c in m.candidates), m.reason)
        for m in matches
    ]


def test_two_worker_processes_code_titles_as_one_process_does(monkeypatch):
    titles = [f"{prefix}{t}" for prefix in ("", "Senior ", "Lead ", "junior ", "Night ") for t in TITLES]
    alone = _answers(TitleCoder.from_catalog(Catalog.fixture()).code_many(titles))
    coder = TitleCoder.from_catalog(Catalog.fixture())
    monkeypatch.setattr(parallel, "MIN_TITLES_PER_WORKER", 5)
    monkeypatch.setattr(parallel, "MATCH_PART_TITLES", 7)
    coded = parallel.code_titles(coder, titles, workers=2)
    assert _answers(coded) == alone
    assert all(coder.is_cached(t) for t in titles)  # the workers' answers were kept by the parent


def test_roster_title_keys_found_on_two_workers_equal_those_found_here(monkeypatch):
    from jobrisk.app import roster_titles

    titles = [f"{prefix}{t}" for prefix in ("", "Senior ", "Lead ", "junior ", "Night ") for t in TITLES]
    coder = TitleCoder.from_catalog(Catalog.fixture())
    here = {t: roster_titles.title_key(coder, t) for t in titles}
    monkeypatch.setattr(roster_titles, "MIN_TITLES_PER_WORKER", 5)
    monkeypatch.setattr(roster_titles, "KEY_PART_TITLES", 7)
    assert roster_titles.title_keys(coder, titles, workers=2) == here
    assert len(set(here.values())) > len(TITLES)  # the keys tell the titles apart


def test_small_jobs_stay_in_this_process():
    coder = TitleCoder.from_catalog(Catalog.fixture())
    assert _answers(parallel.code_titles(coder, TITLES, workers=4)) == _answers(coder.code_many(TITLES))
    assert parallel.default_workers() >= 1


def _files_scorer(workers: int):
    from jobrisk.app.batch import BatchScorer

    scorer = BatchScorer.from_catalog(Catalog.fixture())
    scorer.workers = workers
    return scorer


def test_answers_from_worker_processes_equal_answers_coded_here(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_TITLES_PER_WORKER", 5)
    monkeypatch.setattr(parallel, "PART_TITLES", 4)
    titles = list(dict.fromkeys(f"{prefix}{t}" for prefix in ("", "Senior ", "Lead ", "Night ") for t in TITLES))
    here = _files_scorer(1)
    alone = parallel.answer_titles(here.coder, titles, {})
    there = _files_scorer(2)
    steps = StepTimes()
    with parallel.TitleWorkers(there.coder, there.title_memo, 2, steps) as pool:
        assert pool.submit(titles[:20]) == 20  # sent ahead, coded while this process does other work
        got = parallel.answer_titles(there.coder, titles, there.title_memo, pool=pool, steps=steps)
    assert got == alone
    assert steps.steps["code_workers"].cpu_s > 0 and "start_workers" in steps.steps
    assert not there.coder.is_cached("Night Roofer")  # coded by the workers, not here


def test_titles_differing_only_in_case_are_coded_once(monkeypatch):
    scorer = _files_scorer(1)
    calls: list[list[str]] = []
    real = scorer.coder.code_many
    monkeypatch.setattr(scorer.coder, "code_many", lambda titles: calls.append(list(titles)) or real(titles))
    answers = parallel.answer_titles(scorer.coder, ["Roofer", "ROOFER", " roofer ", "Truck Driver"], scorer.title_memo)
    assert calls == [["Roofer", "Truck Driver"]]
    assert answers[0] == answers[1] == answers[2] != answers[3]


def test_a_full_memo_keeps_the_titles_still_needed(monkeypatch):
    monkeypatch.setattr(parallel, "TITLE_MEMO_LIMIT", 3)
    scorer = _files_scorer(1)
    parallel.answer_titles(scorer.coder, TITLES[:6], scorer.title_memo)
    assert set(scorer.title_memo) == {scorer.coder._form(t) for t in TITLES[:6]}  # needed by this call
    parallel.answer_titles(scorer.coder, TITLES[6:8], scorer.title_memo)
    assert set(scorer.title_memo) == {scorer.coder._form(t) for t in TITLES[6:8]}


def test_a_file_scored_on_two_workers_is_byte_for_byte_the_file_scored_here(monkeypatch, tmp_path):
    from jobrisk.app.batch import run_batch

    monkeypatch.setattr(parallel, "MIN_TITLES_PER_WORKER", 3)
    monkeypatch.setattr(parallel, "PART_TITLES", 5)
    monkeypatch.setattr(parallel, "RECYCLE_TITLES", 10)  # fresh workers after the first chunk
    rows = [f"{p}{t}" for p in ("", "Sr. ", "junior ", "Night ", "LEAD ") for t in TITLES] * 3
    (tmp_path / "in.csv").write_text(
        "title,n\n" + "".join(f'"{t}",{i}\n' for i, t in enumerate(rows)), encoding="utf-8"
    )
    one = run_batch("titles", tmp_path / "in.csv", tmp_path / "one.csv", _files_scorer(1), chunk_rows=40)
    two = run_batch("titles", tmp_path / "in.csv", tmp_path / "two.csv", _files_scorer(2), chunk_rows=40)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert one.rows_out == two.rows_out == len(rows) and one.chunks == two.chunks == 5
    assert two.steps["code_workers"]["cpu_s"] > 0 and "code_workers" not in one.steps
    assert "recycle_workers" in two.steps
    assert {"read", "code", "score", "write", "assemble"} <= set(one.steps)


def test_workers_code_one_title_per_reading_and_answer_the_others_alike(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_TITLES_PER_WORKER", 5)
    monkeypatch.setattr(parallel, "PART_TITLES", 6)
    titles = list(
        dict.fromkeys(f"{p}{t}{s}" for p in ("", "Sr. ", "Senior ") for t in TITLES for s in ("", " - Night Shift"))
    )
    alone = parallel.answer_titles(_files_scorer(1).coder, titles, {})
    there = _files_scorer(2)
    readings = {there.coder.reading(t)[0] for t in titles}
    assert len(readings) < len(titles) / 2  # seniority and shift words do not change the reading
    with parallel.TitleWorkers(there.coder, there.title_memo, 2) as pool:
        got = parallel.answer_titles(there.coder, titles, there.title_memo, pool=pool)
        assert set(pool.readings) == readings  # each coded once, on one of the workers
        assert all(pool.readings[there.coder.reading(t)[0]] == a for t, a in zip(titles, got))
    assert got == alone


def test_coding_readings_gives_the_matches_of_code_many():
    coder = TitleCoder.from_catalog(Catalog.fixture())
    titles = ["Sr. Roofer - Night Shift", "Acountant", "ML Engineer", "12345"]
    expected = _answers(TitleCoder.from_catalog(Catalog.fixture()).code_many(titles))
    assert _answers(coder.code_readings([(t, coder.reading(t)[1]) for t in titles])) == expected
    assert coder.reading("Sr. Roofer")[0] == coder.reading("roofer - night shift")[0] != coder.reading("Acountant")[0]
