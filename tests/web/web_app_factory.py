"""The web app over ``Catalog.fixture()`` for tests (importable by test modules and conftest).

The task exposure model is really trained on the fixture's labelled tasks (a few seconds, once
per test session), so task scoring runs for real.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import FastAPI

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
