"""Web app fixtures: the app over ``Catalog.fixture()`` (a dozen real occupations), in-process."""

from __future__ import annotations

from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from web_app_factory import fixture_app


@pytest.fixture(scope="session")
def app():  # type: ignore[no-untyped-def]
    return fixture_app()


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def fresh_client() -> Iterator[TestClient]:
    """A client of a new app (own caches, own rate limiter)."""
    with TestClient(fixture_app(), raise_server_exceptions=False) as c:
        yield c
