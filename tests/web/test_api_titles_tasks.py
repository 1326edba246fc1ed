"""JSON API for job titles (search, suggest) and free-text task scoring."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from jobrisk.catalog import Catalog
from jobrisk.interfaces.web import create_app
from jobrisk.app.services import Services

from web_app_factory import TEST_CONFIG, fixture_app


def test_title_search_finds_data_scientists(client):
    body = client.get("/api/v1/titles/search", params={"q": "data scientist"}).json()
    assert body["input_title"] == "data scientist"
    assert body["status"] in {"matched", "uncertain", "unknown"}
    codes = [c["onet_soc_code"] for c in body["candidates"]] + [body["onet_soc_code"]]
    assert "15-2051.00" in codes
    assert all(c["url"] == f"/occupations/{c['onet_soc_code']}" for c in body["candidates"])


def test_title_search_needs_a_title(client):
    response = client.get("/api/v1/titles/search", params={"q": ""})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_overlong_title_is_refused_with_422(client):
    response = client.get("/api/v1/titles/search", params={"q": "x" * 201})
    assert response.status_code == 422


def test_suggest_offers_titles_for_a_prefix(client):
    body = client.get("/api/v1/titles/suggest", params={"q": "roof"}).json()
    assert body["query"] == "roof"
    assert any(s["onet_soc_code"] == "47-2181.00" for s in body["suggestions"])


def test_suggest_limit_is_respected(client):
    body = client.get("/api/v1/titles/suggest", params={"q": "data", "limit": 1}).json()
    assert len(body["suggestions"]) <= 1


def test_task_scoring_returns_probabilities_and_the_nearest_labelled_tasks_about_the_same_work(client):
    response = client.post("/api/v1/tasks/score", json={"task": "Answer customer questions by email", "neighbours": 3})
    assert response.status_code == 200
    body = response.json()
    assert abs(body["p_e0"] + body["p_e1"] + body["p_e2"] - 1) < 1e-6
    assert abs(body["exposure"] - (body["p_e1"] + 0.5 * body["p_e2"])) < 1e-6
    assert 0 <= body["automation"] <= 1 and 0 <= body["confidence"] <= 1
    nearest = body["nearest_tasks"]
    assert 1 <= len(nearest) <= 3 and all(n["task"] and n["exposure_label"] in {"E0", "E1", "E2"} for n in nearest)
    assert all(n["url"] == f"/occupations/{n['onet_soc_code']}" and n["occupation_title"] for n in nearest)
    assert all(n["shared_words"] and n["source"] in {"onet", "modern"} and n["source_label"] for n in nearest)
    assert isinstance(body["same_work_notes"], list)


def test_task_scoring_within_an_occupation_checks_the_code(client):
    ok = client.post("/api/v1/tasks/score", json={"task": "Key in invoices", "onet_soc_code": "43-9021.00"})
    assert ok.status_code == 200
    missing = client.post("/api/v1/tasks/score", json={"task": "Key in invoices", "onet_soc_code": "99-9999.99"})
    assert missing.status_code == 404


def test_task_scoring_without_a_model_says_so_with_503():
    with TestClient(fixture_app(with_model=False)) as c:
        response = c.post("/api/v1/tasks/score", json={"task": "Answer customer emails"})
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["status"] == 503 and "task exposure model" in error["message"]


def test_task_scoring_rejects_an_empty_task(client):
    response = client.post("/api/v1/tasks/score", json={"task": ""})
    assert response.status_code == 422


def test_task_scoring_rejects_form_encoded_bodies(client):
    response = client.post("/api/v1/tasks/score", data={"task": "Answer customer emails"})
    assert response.status_code == 422


def test_title_search_works_while_the_title_coder_is_missing():
    """A broken or missing title coder degrades to a word match, and says so."""

    class NoCoder(Services):
        @property
        def title_coder(self):  # type: ignore[override]
            from jobrisk.errors import PartUnavailableError

            raise PartUnavailableError("The job title coder is not available in this installation.")

    app = create_app(services=NoCoder(catalog=Catalog.fixture()), config=TEST_CONFIG)
    with TestClient(app) as c:
        body = c.get("/api/v1/titles/search", params={"q": "truck drivers"}).json()
    assert body["status"] == "uncertain"
    assert body["candidates"][0]["onet_soc_code"] == "53-3032.00"
    assert "not available" in body["reason"]


@pytest.mark.parametrize(
    "typed", ["ML engineer", "data scientist", "nurse", "truck driver", "Sr. software engineer", "accountant"]
)
def test_first_suggestion_opens_what_the_search_opens(client, typed):
    search = client.get("/api/v1/titles/search", params={"q": typed}).json()
    suggestions = client.get("/api/v1/titles/suggest", params={"q": typed}).json()["suggestions"]
    if search["status"] == "matched":
        assert suggestions and suggestions[0]["onet_soc_code"] == search["onet_soc_code"]
        page = client.get("/search", params={"q": typed}, follow_redirects=False)
        if page.status_code in (302, 303, 307):
            assert page.headers["location"].split("?")[0].endswith(search["onet_soc_code"])  # ?q= keeps the typed title


@pytest.mark.parametrize("typed", ["ML eng", "nurse", "data", "software", "truck", "account"])
def test_every_suggestion_opens_what_its_own_words_open(client, typed):
    for s in client.get("/api/v1/titles/suggest", params={"q": typed}).json()["suggestions"]:
        search = client.get("/api/v1/titles/search", params={"q": s["label"]}).json()
        if search["status"] == "matched":
            assert s["onet_soc_code"] == search["onet_soc_code"], s["label"]
