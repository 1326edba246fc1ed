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


def test_requests_in_flight_are_counted_while_they_are_answered(client):
    in_flight = client.app.state.requests_in_flight
    seen = []
    pages = client.app.state.occupation_pages
    original = pages.cached_json

    def cached_json_while_counting(code):  # the route's own work, observed from inside the request
        seen.append(in_flight._count)
        return original(code)

    pages.cached_json = cached_json_while_counting
    try:
        assert client.get("/api/v1/occupations/15-2051.00").status_code == 200
    finally:
        pages.cached_json = original
    assert seen == [1] and in_flight._count == 0


def test_background_rendering_waits_until_no_request_is_in_flight():
    import threading

    from jobrisk.interfaces.web.logs import RequestsInFlight

    in_flight, stop, done = RequestsInFlight(), threading.Event(), threading.Event()
    with in_flight:
        waiter = threading.Thread(target=lambda: (in_flight.wait_for_none(stop), done.set()))
        waiter.start()
        assert not done.wait(0.2)  # still waiting: a request is being answered
    assert done.wait(10)
    waiter.join()


def test_warm_up_renders_one_occupation_page_before_loading_the_models():
    from jobrisk.interfaces.web.app import _warm_once

    from web_app_factory import fixture_app

    app = fixture_app()
    _warm_once(app, app.state.services)
    first = app.state.directory.rows()[0].onet_soc_code
    assert app.state.occupation_pages.cached_html(first) is not None
    assert app.state.occupation_pages.cached_html(app.state.directory.rows()[-1].onet_soc_code) is None
