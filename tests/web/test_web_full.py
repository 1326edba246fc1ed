"""The web app over the full built catalog: every occupation page and its JSON twin."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from jobrisk.interfaces.web import create_app
from jobrisk.interfaces.web.config import WebConfig

pytestmark = pytest.mark.integration

LEAKS = re.compile(r">\s*(None|nan|NaN|\$0)\s*<")


@pytest.fixture(scope="module")
def full_client(built_settings):  # type: ignore[no-untyped-def]
    app = create_app(built_settings, config=WebConfig(rate_limit_per_minute=10**9, rate_limit_burst=10**9))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_every_occupation_has_a_page_and_a_json_twin(full_client):
    listing = full_client.get("/api/v1/occupations", params={"per_page": 200, "sort": "onet_soc_code"}).json()
    codes = [i["onet_soc_code"] for i in listing["items"]]
    for page in range(2, listing["pages"] + 1):
        codes += [
            i["onet_soc_code"]
            for i in full_client.get(
                "/api/v1/occupations", params={"per_page": 200, "page": page, "sort": "onet_soc_code"}
            ).json()["items"]
        ]
    assert len(codes) == len(set(codes)) == 1016
    for code in codes:
        page = full_client.get(f"/occupations/{code}")
        assert page.status_code == 200, code
        assert not LEAKS.search(page.text), (code, LEAKS.search(page.text).group(0))
        body = full_client.get(f"/api/v1/occupations/{code}").json()
        assert body["occupation"]["onet_soc_code"] == code


def test_browse_covers_all_major_groups_and_bands(full_client):
    groups = full_client.get("/api/v1/major-groups").json()
    assert len(groups) >= 22 and sum(g["occupations"] for g in groups) == 1016
    html = full_client.get("/occupations").text
    for band in ("Low", "Moderate", "High", "Very high"):
        assert f'<option value="{band}"' in html


def test_typed_titles_reach_the_right_report(full_client):
    for title, code in (
        ("registered nurse", "29-1141.00"),
        ("roofer", "47-2181.00"),
        ("data entry clerk", "43-9021.00"),
    ):
        body = full_client.get("/api/v1/titles/search", params={"q": title}).json()
        codes = [body["onet_soc_code"]] + [c["onet_soc_code"] for c in body["candidates"]]
        assert code in codes, (title, body)
