"""Health and readiness endpoints, structured request logs, degraded start-up."""

from __future__ import annotations

import json
import logging

from fastapi.testclient import TestClient

from jobrisk.interfaces.web import create_app
from jobrisk.interfaces.web.logs import JsonFormatter
from jobrisk.app.services import Services
from jobrisk.settings import Settings


def test_health_answers_with_the_version(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["version"]


def test_ready_once_scores_are_loaded_and_the_title_coder_tried(fresh_client):
    client = fresh_client
    assert client.get("/ready").status_code == 503
    client.get("/api/v1/occupations")  # loads catalog and scorebook
    assert client.get("/ready").status_code == 503  # the title coder has not been tried yet
    client.get("/api/v1/titles/suggest", params={"q": "nurse"})
    response = client.get("/ready")
    assert response.status_code == 200
    parts = {p["name"]: p["state"] for p in response.json()["parts"]}
    assert parts["catalog"] == "loaded" and parts["scorebook"] == "loaded"


def test_each_request_is_logged_as_one_structured_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="jobrisk.web.requests"):
        client.get("/api/v1/occupations/15-2051.00")
    records = [r for r in caplog.records if r.name == "jobrisk.web.requests"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["method"] == "GET" and line["path"] == "/api/v1/occupations/15-2051.00"
    assert line["status"] == 200 and line["duration_ms"] >= 0 and line["level"] == "info"


def test_without_a_catalog_pages_and_api_explain_what_to_run(tmp_path):
    app = create_app(services=Services(Settings.load(data_dir=tmp_path, environ={})))
    with TestClient(app) as c:
        assert c.get("/health").status_code == 200
        ready = c.get("/ready")
        assert ready.status_code == 503 and ready.json()["status"] == "not_ready"
        api = c.get("/api/v1/occupations")
        assert api.status_code == 503
        assert api.json()["error"]["code"] == "catalog_missing"
        assert "jobrisk build" in api.json()["error"]["message"]
        page = c.get("/occupations")
        assert page.status_code == 503 and "jobrisk build" in page.text
        assert c.get("/").status_code == 200
