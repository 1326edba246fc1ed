"""End-to-end fixtures: a real ``jobrisk serve`` process on a free loopback port over the full
built catalog, and Debian's Chromium driven by Playwright.

The catalog comes from the session fixture ``built_settings`` (tests/integration/conftest.py,
shared through tests/conftest.py); set ``JOBRISK_E2E_DATA_DIR`` to reuse an already built data
directory instead. Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from jobrisk.interfaces.web.child import free_port, start_server, stop_server, wait_ready
from jobrisk.settings import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
READY_TIMEOUT_S = 180


@pytest.fixture(scope="session")
def e2e_settings(request: pytest.FixtureRequest) -> Settings:
    data_dir = os.environ.get("JOBRISK_E2E_DATA_DIR")
    if data_dir:
        return Settings.load(data_dir=data_dir)
    return request.getfixturevalue("built_settings")


@pytest.fixture(scope="session")
def server_url(e2e_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``jobrisk serve`` and wait until ``/ready`` says the catalog and scores are loaded."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    process = start_server(e2e_settings.data_dir, port, log_path)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process, log_path, READY_TIMEOUT_S)
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page: object):  # type: ignore[no-untyped-def]
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, target: object | None = None) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return take
