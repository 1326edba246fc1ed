"""Fixed paths next to parameter paths, repeated query parameters and unknown codes in a career audit:
each answers what it is, in the one error format."""

from __future__ import annotations

import pytest

from jobrisk.interfaces.web.query_params import takes_many


@pytest.mark.parametrize("path", ["/api/v1/audits/career", "/api/v1/audits/roster"])
@pytest.mark.parametrize("method", ["GET", "DELETE", "OPTIONS"])
def test_a_fixed_post_path_is_405_listing_only_its_own_method(client, method, path):
    response = client.request(method, path)
    assert response.status_code == 405, response.text
    assert response.headers["allow"] == "POST"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_an_audit_id_of_the_wrong_shape_is_404_and_a_well_formed_one_asks_for_a_key(client):
    assert client.get("/api/v1/audits/not-an-id").status_code == 404
    assert client.get("/api/v1/audits/aud_abcdefgh12").status_code == 401  # exists or not: a key first
    assert client.get("/api/v1/audits/aud_abcdefgh12/progress").status_code == 401


@pytest.mark.parametrize("path", ["/audits/roster", "/audits/sign-in", "/audits/sign-out"])
def test_a_form_address_opened_in_the_browser_leads_to_the_audits_page(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/audits"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("/api/v1/occupations?per_page=1&per_page=50", "per_page"),
        ("/api/v1/titles/search?q=nurse&q=truck+driver", "q"),
        ("/api/v1/titles/suggest?q=nu&limit=3&limit=9", "limit"),
    ],
)
def test_a_scalar_parameter_given_twice_is_refused_by_name(client, query, name):
    response = client.get(query)
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [{"field": f"query.{name}", "message": "give this parameter once"}]


def test_a_list_parameter_keeps_every_value(client):
    occupations = client.get("/api/v1/occupations?per_page=2&unused=1&unused=2").json()["items"]
    assert len(occupations) == 2  # and a parameter the route does not take is ignored, repeated or not
    codes = "&".join(f"codes={item['onet_soc_code']}" for item in occupations)
    page = client.get(f"/compare?{codes}")
    assert page.status_code == 200
    assert all(item["title"] in page.text for item in occupations)


def test_takes_many_reads_optional_and_annotated_lists():
    from typing import Annotated, Optional

    assert takes_many(list[str]) and takes_many(Optional[list[str]]) and takes_many(Annotated[list[int], "x"])
    assert takes_many(list[str] | None)
    assert not takes_many(str) and not takes_many(Optional[int]) and not takes_many(int | None)


def test_a_career_audit_of_an_unknown_code_is_404_naming_it(client):
    response = client.post("/api/v1/audits/career", json={"onet_soc_code": "99-9999.99"})
    assert response.status_code == 404
    assert "'99-9999.99'" in response.json()["error"]["message"]
