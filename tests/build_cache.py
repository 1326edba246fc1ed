"""Reusing a full test build between pytest sessions (``$JOBRISK_TEST_DATA_DIR``).

A full build (catalog, title index, task model, stored scores) takes many minutes, so a session
whose data directory already holds a complete build of the same inputs and the same build code
uses it. :func:`needed_work` says what a directory needs, with the reason:

- ``"build"`` (everything): no finished build is recorded in ``test-build.json``; the code the
  catalog, title index or task model are built by changed (sha256 over the source files their
  build steps import, found by grimp, and the data files beside them); the
  catalog is corrupt (SQLite ``quick_check``) or was built from other raw files (its fingerprint
  differs from the synced inputs'); the title index does not verify against its
  manifest or was made for another catalog; the task model or the adoption model does not load;
- ``"scores"`` (``jobrisk build --scores-only``): only the scoring or report-context code changed,
  or the stored scores do not load (another format, damaged bytes);
- ``None``: the build is complete and current.

:func:`record_build` writes the stamp after a build finished. A clean checkout without
``$JOBRISK_TEST_DATA_DIR`` builds once into a session temp dir, as before.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import grimp

from jobrisk.app.pipeline import POST_BUILD_STEPS
from jobrisk.app.score_store import load_stored_scores, store_scores
from jobrisk.catalog import Catalog
from jobrisk.catalog.build import SCHEMA_VERSION
from jobrisk.catalog.build_sources import fingerprint, input_files
from jobrisk.durable import atomic_write_json, verify_manifest
from jobrisk.errors import JobriskError
from jobrisk.models.adoption.artifact import load_model as load_adoption_model
from jobrisk.models.task_exposure import TaskExposureModel
from jobrisk.models.title_coder.artifact import ARTIFACT_DIR as TITLE_DIR
from jobrisk.settings import Settings

STAMP_FILE = "test-build.json"
#: The modules whose code shapes the catalog and models (the catalog build and every step of
#: :mod:`jobrisk.app.pipeline` but the scores), and those that shape the stored scores.
BUILD_ROOTS = ("jobrisk.catalog.build", *(step.__module__ for step in POST_BUILD_STEPS if step is not store_scores))
SCORE_ROOTS = ("jobrisk.app.score_store", "jobrisk.app.pipeline")
_DATA_SUFFIXES = (".toml", ".json", ".yaml", ".yml", ".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class Needed:
    work: str | None  # 'build', 'scores' or None
    reason: str


def code_files(roots: tuple[str, ...]) -> set[Path]:
    """The source files of ``roots`` and of every jobrisk module they import (at any depth, lazy
    imports included), plus the data files in those modules' folders."""
    graph = grimp.build_graph("jobrisk", cache_dir=None)
    modules = set(roots)
    for root in roots:
        modules |= graph.find_upstream_modules(root)
    src = Path(__import__("jobrisk").__file__).resolve().parent.parent
    files: set[Path] = set()
    for module in modules:
        base = src.joinpath(*module.split("."))
        path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        files.add(path)
        files.update(p for p in path.parent.iterdir() if p.suffix in _DATA_SUFFIXES)
    return files


def code_sha256(roots: tuple[str, ...]) -> str:
    """sha256 over :func:`code_files` (paths and contents)."""
    src = Path(__import__("jobrisk").__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(code_files(roots)):
        digest.update(str(path.relative_to(src)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _stamp(settings: Settings) -> dict[str, str]:
    return {
        "inputs": fingerprint(input_files(settings.raw_dir), SCHEMA_VERSION),
        "build_code": code_sha256(BUILD_ROOTS),
        "score_code": code_sha256(SCORE_ROOTS),
    }


def needed_work(settings: Settings) -> Needed:
    """What ``settings.data_dir`` needs before the full-data tests can use it (module docstring)."""
    path = settings.data_dir / STAMP_FILE
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Needed("build", f"no finished build recorded in {path}")
    current = _stamp(settings)
    if not isinstance(recorded, dict) or recorded.get("inputs") != current["inputs"]:
        return Needed("build", "the raw input files differ from those of the recorded build")
    if recorded.get("build_code") != current["build_code"]:
        return Needed("build", "the code that builds the catalog or the models changed")
    try:
        with Catalog.open(settings.catalog_path, check="quick") as catalog:
            if catalog.fingerprint() != current["inputs"]:
                return Needed("build", "the catalog was built from other raw files")
            title = verify_manifest(settings.models_dir / TITLE_DIR, "title index")
            if title.get("catalog_fingerprint") != catalog.fingerprint():
                return Needed("build", "the title index was built for another catalog")
            TaskExposureModel.load(settings, catalog)
            load_adoption_model(settings, catalog)
            if recorded.get("score_code") != current["score_code"]:
                return Needed("scores", "the scoring code changed")
            try:
                load_stored_scores(settings, catalog)
            except JobriskError as exc:
                return Needed("scores", f"the stored scores do not load ({exc})")
    except (JobriskError, OSError) as exc:
        return Needed("build", f"the build is incomplete or damaged ({exc})")
    return Needed(None, "complete and current")


def record_build(settings: Settings) -> None:
    """Write the stamp of a finished build (after it finished, atomically)."""
    atomic_write_json(settings.data_dir / STAMP_FILE, _stamp(settings))
