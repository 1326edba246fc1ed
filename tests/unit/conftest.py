"""Fixtures shared by the unit tests: a catalog built by the real build from the tiny raw files
(``built``), per module (the small real-data catalog and its scorebook are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tiny_raw import write_tiny_raw

from jobrisk.catalog import Catalog
from jobrisk.catalog.build import build_catalog


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    """A catalog built from the tiny raw files (tests/unit/tiny_raw.py), for read-only tests."""
    root = tmp_path_factory.mktemp("built")
    build_catalog(write_tiny_raw(root / "raw"), root / "catalog.sqlite")
    with Catalog.open(root / "catalog.sqlite") as catalog:
        yield catalog
