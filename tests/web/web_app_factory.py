"""The web app over ``Catalog.fixture()`` for tests (importable by test modules and conftest)."""

from __future__ import annotations

from fastapi import FastAPI

from jobrisk.catalog import Catalog
from jobrisk.interfaces.web import create_app
from jobrisk.interfaces.web.config import WebConfig
from jobrisk.services import Services

# Generous limits so tests that make many requests are not rate limited.
TEST_CONFIG = WebConfig(rate_limit_per_minute=1_000_000, rate_limit_burst=100_000)


def fixture_app(config: WebConfig = TEST_CONFIG) -> FastAPI:
    return create_app(services=Services(catalog=Catalog.fixture()), config=config)
