"""Session fixtures shared by integration and end-to-end tests: one full catalog built from the
data mirror (moved here from tests/integration/conftest.py so tests/e2e shares the same build).

``built_settings``: Settings whose data dir is a session temp dir (or
``$JOBRISK_TEST_DATA_DIR`` when set), filled with ``jobrisk data sync`` from the
mirror (``$JOBRISK_MIRROR``, default ``<repo>/../shared/data``) and built with
:func:`jobrisk.app.pipeline.build_all` (post-build steps included) unless it already holds a
complete build of the same inputs and build code (see ``tests/build_cache.py``; only the scores
are made again when only the scoring code changed). Sessions sharing the directory take turns
(a file lock).
``full_catalog``: that catalog, opened.

Per test module, over the small real-data ``Catalog.fixture()``: ``catalog``, its ``scorebook``
and ``audit_parts`` (the roster audit's parts: that catalog's title coder without the encoder,
no task model, the shipped tool catalog).
"""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

import pytest

from jobrisk.app.pipeline import build_all, rebuild_scores
from jobrisk.app.roster_audit import AuditParts
from jobrisk.catalog import Catalog
from jobrisk.settings import Settings
from jobrisk.sources.sync import sync_sources

from build_cache import needed_work, record_build

REPO = Path(__file__).resolve().parents[1]


def mirror_dir() -> Path:
    return Path(os.environ.get("JOBRISK_MIRROR") or REPO.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    mirror = mirror_dir()
    if not mirror.is_dir():
        message = f"data mirror {mirror} not found (set JOBRISK_MIRROR)"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI the full-data tests must run, never skip silently
        pytest.skip(message)
    chosen = os.environ.get("JOBRISK_TEST_DATA_DIR")
    data_dir = Path(chosen) if chosen else tmp_path_factory.mktemp("jobrisk-data")
    settings = Settings(data_dir=data_dir.resolve(), mirror_dir=mirror)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / ".test-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sync_sources(settings.raw_dir, mirror_dir=mirror)
        needed = needed_work(settings) if chosen else None
        if needed is not None and needed.work is None:
            print(f"\nUsing the test build in {settings.data_dir}: {needed.reason}", file=sys.stderr)
            return settings
        if needed is not None:
            print(f"\nBuilding {needed.work} in {settings.data_dir}: {needed.reason}", file=sys.stderr)
        if needed is not None and needed.work == "scores":
            rebuild_scores(settings)
        else:
            build_all(settings)
        record_build(settings)
    return settings


@pytest.fixture(scope="session")
def full_catalog(built_settings: Settings) -> Catalog:
    catalog = Catalog.open(built_settings.catalog_path)
    yield catalog
    catalog.close()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.fixture()


@pytest.fixture(scope="module")
def scorebook(catalog: Catalog):  # type: ignore[no-untyped-def]
    from jobrisk.app.scoring_inputs import score_catalog

    return score_catalog(catalog)


@pytest.fixture(scope="module")
def audit_parts(catalog: Catalog, scorebook) -> AuditParts:  # type: ignore[no-untyped-def]
    from jobrisk.models.title_coder import TitleCoder
    from jobrisk.reports.tools.catalog import load_tool_catalog

    return AuditParts(
        catalog, scorebook, TitleCoder.from_catalog(catalog, use_semantic=False), None, load_tool_catalog()
    )
