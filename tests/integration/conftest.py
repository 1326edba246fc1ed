"""Integration tests use the session fixtures ``built_settings`` and ``full_catalog``.

They live in ``tests/conftest.py`` so the end-to-end tests (tests/e2e) share the same single
build of the full catalog. Here: every occupation scored from the full catalog, the report
context and every occupation's report object, made once per session for the report tests.
"""

from __future__ import annotations

import pytest

from jobrisk.app.scoring_inputs import score_catalog
from jobrisk.reports.occupation import ReportContext, build_report


@pytest.fixture(scope="session")
def scorebook(full_catalog):  # type: ignore[no-untyped-def]
    return score_catalog(full_catalog)


@pytest.fixture(scope="session")
def context(full_catalog, scorebook):  # type: ignore[no-untyped-def]
    return ReportContext.build(full_catalog, scorebook)


@pytest.fixture(scope="session")
def all_reports(full_catalog, scorebook, context):  # type: ignore[no-untyped-def]
    return {
        o.onet_soc_code: build_report(full_catalog, scorebook, o.onet_soc_code, context=context)
        for o in full_catalog.occupations()
    }
