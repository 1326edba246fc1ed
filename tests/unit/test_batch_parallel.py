"""Coding new titles on forked worker processes gives exactly the answers of one process."""

from __future__ import annotations

import multiprocessing

import pytest

from jobrisk.app.batch import parallel
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
    monkeypatch.setattr(parallel, "PART_TITLES", 7)
    coded = parallel.code_titles(coder, titles, workers=2)
    assert _answers(coded) == alone
    assert all(coder.is_cached(t) for t in titles)  # the workers' answers were kept by the parent


def test_small_jobs_stay_in_this_process():
    coder = TitleCoder.from_catalog(Catalog.fixture())
    assert _answers(parallel.code_titles(coder, TITLES, workers=4)) == _answers(coder.code_many(TITLES))
    assert parallel.default_workers() >= 1
