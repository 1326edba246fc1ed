"""Fault injection on the web app: a damaged catalog, title index or model file gives the one error
format (503, documented code, what to run), never a traceback; the failure is recorded once and
retried with back-off; /ready says why; the server keeps the client's connection open."""

from __future__ import annotations

import logging
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from jobrisk.app import services as services_module
from jobrisk.catalog import Catalog
from jobrisk.interfaces.web import create_app
from jobrisk.app.services import Services
from jobrisk.settings import Settings

from catalog_damage import DAMAGES, UNREADABLE, write_good_catalog
from web_app_factory import TEST_CONFIG, fixture_task_model


@pytest.fixture(scope="module")
def good_catalog(tmp_path_factory) -> Path:
    return write_good_catalog(tmp_path_factory.mktemp("good") / "catalog.sqlite")


def _data_dir(tmp_path: Path, good_catalog: Path, damage: str | None) -> Settings:
    settings = Settings(data_dir=tmp_path)
    shutil.copy(good_catalog, settings.catalog_path)
    if damage:
        DAMAGES[damage](settings.catalog_path)
    return settings


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and "sqlite3" not in text and 'File "' not in text


@pytest.mark.parametrize("damage", UNREADABLE)
def test_a_corrupt_catalog_gives_503_in_the_one_error_format(tmp_path, good_catalog, damage):
    settings = _data_dir(tmp_path, good_catalog, damage)
    app = create_app(services=Services(settings), config=TEST_CONFIG)
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in (
            "/api/v1/occupations",
            "/api/v1/occupations/15-2051.00",
            "/api/v1/titles/search?q=nurse",
            "/api/v1/compare?codes=15-2051.00,29-1141.00",
        ):
            r = c.get(path)
            assert r.status_code == 503, (path, r.text)
            error = r.json()["error"]
            assert error["code"] == "catalog_corrupt", (path, error)
            assert "catalog is corrupt: run `jobrisk build`" in error["message"]
            _no_traceback(r.text)
        page = c.get("/occupations", headers={"accept": "text/html"})
        assert page.status_code == 503 and "jobrisk build" in page.text
        _no_traceback(page.text)
        ready = c.get("/ready")
        assert ready.status_code == 503 and ready.json()["status"] == "not_ready"
        assert "catalog is corrupt" in ready.json()["reason"]
        parts = {p["name"]: p for p in ready.json()["parts"]}
        assert parts["catalog"]["state"] == "failed" and parts["catalog"]["retry_in_s"] > 0


def test_the_failure_is_logged_once_and_retried_after_a_back_off(tmp_path, good_catalog, caplog, monkeypatch):
    monkeypatch.setattr(services_module, "RETRY_AFTER_S", 0.3)
    settings = _data_dir(tmp_path, good_catalog, "truncated")
    services = Services(settings, task_model=fixture_task_model())
    app = create_app(services=services, config=TEST_CONFIG)
    with caplog.at_level(logging.INFO), TestClient(app, raise_server_exceptions=False) as c:
        for _ in range(5):
            assert c.get("/api/v1/occupations").status_code == 503
        failures = [r for r in caplog.records if "unavailable" in r.getMessage() and r.name == "jobrisk.services"]
        assert len(failures) == 1 and not any(r.exc_info for r in caplog.records if r.name.startswith("jobrisk.web"))
        shutil.copy(good_catalog, settings.catalog_path)  # the operator rebuilds
        assert c.get("/api/v1/occupations").status_code == 503  # still inside the back-off
        time.sleep(0.35)
        assert c.get("/api/v1/occupations").status_code == 200
        parts = {p["name"]: p["state"] for p in c.get("/ready").json()["parts"]}
        assert parts["catalog"] == "loaded"  # recovered without a restart


def test_back_off_doubles_up_to_the_limit(monkeypatch):
    failure = services_module._Failure(error=None, at=0.0, attempts=1)  # type: ignore[arg-type]
    waits = [services_module._Failure(None, 0.0, n).retry_after_s for n in range(1, 12)]  # type: ignore[arg-type]
    assert failure.retry_after_s == services_module.RETRY_AFTER_S
    assert waits == sorted(waits) and waits[1] == 2 * waits[0] and waits[-1] == services_module.RETRY_MAX_S


def test_ready_waits_for_the_task_model(good_catalog, tmp_path):
    settings = _data_dir(tmp_path, good_catalog, None)  # no task model trained in this data dir
    app = create_app(services=Services(settings), config=TEST_CONFIG)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.get("/api/v1/occupations")
        c.get("/api/v1/titles/suggest", params={"q": "nurse"})
        scored = c.post("/api/v1/tasks/score", json={"task": "Prepare tax returns"})
        assert scored.status_code == 503 and scored.json()["error"]["code"] == "model_not_trained"
        ready = c.get("/ready").json()
        assert ready["status"] == "not_ready" and "task_model" in ready["reason"]


def test_a_corrupt_task_model_gives_503_and_ready_says_so(good_catalog, tmp_path):
    settings = _data_dir(tmp_path, good_catalog, None)
    with Catalog.open(settings.catalog_path) as catalog:
        fixture_task_model().save(settings)
        manifest_path = settings.models_dir / "task_exposure" / "manifest.json"
        import json

        manifest = json.loads(manifest_path.read_text())
        manifest["catalog_fingerprint"] = catalog.fingerprint()
        manifest_path.write_text(json.dumps(manifest))
    model_file = next((settings.models_dir / "task_exposure").glob("model-*.npz"))
    model_file.write_bytes(model_file.read_bytes()[:5000])
    app = create_app(services=Services(settings), config=TEST_CONFIG)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/api/v1/tasks/score", json={"task": "Prepare tax returns for clients"})
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == "artifact_corrupt" and "jobrisk build" in r.text
        _no_traceback(r.text)
        parts = {p["name"]: p for p in c.get("/ready").json()["parts"]}
        assert parts["task_model"]["state"] == "failed"
        assert model_file.name in parts["task_model"]["message"]


# ---------------------------------------------------------------- the connection stays open
class Exploding(Services):
    @property
    def scorebook(self):  # type: ignore[no-untyped-def, override]
        raise RuntimeError("a bug nobody foresaw")


def _serve(app) -> tuple[uvicorn.Server, int]:  # type: ignore[no-untyped-def]
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    return server, sock.getsockname()[1]


def _two_requests_on_one_connection(port: int, path: str) -> list[bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        replies = []
        for _ in range(2):
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n".encode())
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                assert chunk, "the server closed the connection"
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = int([h.split(b":")[1] for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")][0])
            while len(body) < length:
                chunk = conn.recv(65536)
                assert chunk, "the server closed the connection"
                body += chunk
            replies.append(head.split(b"\r\n")[0] + b" " + body)
    return replies


@pytest.mark.parametrize("kind", ["corrupt_catalog", "unexpected_exception"])
def test_errors_keep_the_connection_alive(tmp_path, good_catalog, kind):
    if kind == "corrupt_catalog":
        services: Services = Services(_data_dir(tmp_path, good_catalog, "junk_after_header"))
        expected = b"503"
    else:
        services = Exploding(catalog=Catalog.fixture())
        expected = b"500"
    server, port = _serve(create_app(services=services, config=TEST_CONFIG))
    try:
        replies = _two_requests_on_one_connection(port, "/api/v1/occupations")
    finally:
        server.should_exit = True
    assert len(replies) == 2 and all(expected in r.split(b" ")[1] for r in replies)
    assert all(b'"error"' in r and b"Traceback" not in r for r in replies)


APP_DB_DAMAGES = {
    "garbage": lambda p: p.write_bytes(b"not a database at all " * 200),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:700]),
}


@pytest.mark.parametrize("damage", sorted(APP_DB_DAMAGES))
def test_a_damaged_application_database_gives_503_and_the_cli_a_clear_exit(tmp_path, good_catalog, damage, caplog):
    from typer.testing import CliRunner

    from jobrisk.appdb import AppRepository
    from jobrisk.interfaces.cli.main import app as cli

    settings = _data_dir(tmp_path, good_catalog, None)
    database = Path(settings.app_database_url.removeprefix("sqlite:///"))
    AppRepository.open(settings.app_database_url).create_organisation("Acme")
    APP_DB_DAMAGES[damage](database)
    app = create_app(services=Services(settings), config=TEST_CONFIG)
    with caplog.at_level(logging.WARNING), TestClient(app, raise_server_exceptions=False) as c:
        api = c.get("/api/v1/audits", headers={"Authorization": "Bearer jrk_abc_def"})
        page = c.get("/audits", headers={"accept": "text/html"})
    assert api.status_code == 503, api.text
    assert api.json()["error"]["code"] == "app_database_unavailable"
    assert "cannot be read" in api.json()["error"]["message"] and "backup" in api.json()["error"]["message"]
    assert page.status_code == 503 and "cannot be read" in page.text
    _no_traceback(api.text + page.text)
    assert "Traceback" not in caplog.text
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "org", "keys", "Acme"])
    assert result.exit_code == 9, result.output
    assert "cannot be read" in result.output and "Traceback" not in result.output
