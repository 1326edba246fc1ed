"""Fixtures shared by the unit tests: the small real-data catalog and its scorebook (per module)."""

from __future__ import annotations

import pytest

from jobrisk.catalog import Catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.fixture()


@pytest.fixture(scope="module")
def scorebook(catalog: Catalog):
    from jobrisk.app.scoring_inputs import score_catalog

    return score_catalog(catalog)
