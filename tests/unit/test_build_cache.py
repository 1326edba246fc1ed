"""The test build is reused only when it is complete and made by the same inputs and build code."""

from __future__ import annotations

from pathlib import Path

import jobrisk
from build_cache import BUILD_ROOTS, SCORE_ROOTS, STAMP_FILE, code_files, needed_work
from jobrisk.settings import Settings

SRC = Path(jobrisk.__file__).resolve().parent


def test_build_code_covers_catalog_models_and_their_data_files_not_the_web_app() -> None:
    files = code_files(BUILD_ROOTS)
    assert SRC / "catalog" / "build.py" in files
    assert SRC / "models" / "task_exposure" / "training.py" in files
    assert SRC / "models" / "title_coder" / "aliases.toml" in files
    assert SRC / "models" / "adoption" / "estimator.py" in files
    assert SRC / "sources" / "readers" / "onet.py" in files
    assert not any("interfaces" in p.parts for p in files)


def test_score_code_covers_the_scoring_functions_and_the_report_context() -> None:
    files = code_files(SCORE_ROOTS)
    assert SRC / "scoring" / "task_list.py" in files
    assert SRC / "reports" / "occupation" / "context.py" in files
    assert SRC / "app" / "pipeline.py" in files


def test_a_directory_without_a_recorded_build_is_built(tmp_path: Path) -> None:
    needed = needed_work(Settings(data_dir=tmp_path))
    assert needed.work == "build"
    assert STAMP_FILE in needed.reason


def test_a_garbled_stamp_means_a_new_build(tmp_path: Path) -> None:
    (tmp_path / STAMP_FILE).write_text("{not json", encoding="utf-8")
    assert needed_work(Settings(data_dir=tmp_path)).work == "build"


def test_a_scoring_change_rebuilds_the_scores_not_the_catalog() -> None:
    assert not any("scoring" in p.parts or "reports" in p.parts for p in code_files(BUILD_ROOTS))
