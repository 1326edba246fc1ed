"""The web app over ``Catalog.fixture()`` for tests (importable by test modules and conftest).

The task exposure model is really trained on the fixture's labelled tasks (a few seconds, once
per test session), so task scoring runs for real.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from jobrisk.app.roster_audit import AuditParts
from jobrisk.app.roster_jobs import RosterAudits
from jobrisk.appdb import AppRepository
from jobrisk.catalog import Catalog
from jobrisk.interfaces.web import create_app
from jobrisk.interfaces.web.config import WebConfig
from jobrisk.app.services import Services

# Generous limits so tests that make many requests are not rate limited.
TEST_CONFIG = WebConfig(rate_limit_per_minute=1_000_000, rate_limit_burst=100_000)


@lru_cache(maxsize=1)
def fixture_task_model() -> Any:
    from jobrisk.models.task_exposure import train_model

    return train_model(Catalog.fixture(), crossfit_folds=2, n_jobs=1)


def fixture_app(config: WebConfig = TEST_CONFIG, *, with_model: bool = True) -> FastAPI:
    model = fixture_task_model() if with_model else None
    return create_app(services=Services(catalog=Catalog.fixture(), task_model=model), config=config)


@contextmanager
def audits_client(db_path: Path, parts: AuditParts) -> Iterator[tuple[TestClient, AppRepository]]:
    """A client of the fixture app (no task model) whose roster audits use ``parts`` and a new
    SQLite application database at ``db_path``."""
    app = fixture_app(with_model=False)
    repo = AppRepository.open(f"sqlite:///{db_path}")
    app.state.roster_audits = RosterAudits(repo, lambda: parts)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client, repo
    finally:
        app.state.roster_audits.close()


def sign_in(client: TestClient, key: str) -> tuple[str, Any]:
    """Sign in on the audits page with API key ``key``: (the CSRF token, the sign-in response)."""
    client.get("/audits")
    token = client.cookies.get("jobrisk_csrf")
    signed = client.post("/audits/sign-in", data={"api_key": key, "csrf_token": token}, follow_redirects=False)
    assert signed.status_code == 303
    return token, signed


def upload_page(client: TestClient, token: str, name: str, data: bytes, content_type: str) -> Any:
    """Upload a roster through the signed-in audits page (the response, not followed)."""
    return client.post(
        "/audits/roster", files={"file": (name, data, content_type)}, data={"csrf_token": token}, follow_redirects=False
    )
