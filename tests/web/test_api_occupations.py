"""JSON API for occupations: report objects, the paginated list, comparison, one error format."""

from __future__ import annotations

DATA_SCIENTISTS = "15-2051.00"


def assert_error(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status and error["code"] == code and error["message"]
    return error


def test_occupation_report_json_is_the_report_object_of_that_code(client):
    response = client.get(f"/api/v1/occupations/{DATA_SCIENTISTS}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["occupation"]["onet_soc_code"] == DATA_SCIENTISTS
    assert body["occupation"]["title"] == "Data Scientists"


def test_occupation_report_json_matches_the_html_page_of_the_same_code(client):
    body = client.get(f"/api/v1/occupations/{DATA_SCIENTISTS}").json()
    page = client.get(f"/occupations/{DATA_SCIENTISTS}").text
    assert body["occupation"]["title"] in page


def test_unknown_occupation_code_is_404_in_the_one_error_format(client):
    error = assert_error(client.get("/api/v1/occupations/99-9999.99"), 404, "not_found")
    assert "99-9999.99" in error["message"]


def test_malformed_occupation_code_is_422_naming_the_field(client):
    error = assert_error(client.get("/api/v1/occupations/not-a-code"), 422, "invalid_input")
    assert any("onet_soc_code" in d["field"] for d in error["details"])


def test_list_is_paginated_with_totals_and_links(client):
    body = client.get("/api/v1/occupations", params={"per_page": 5, "page": 2, "sort": "title"}).json()
    assert body["total"] == 12 and body["pages"] == 3 and body["page"] == 2
    assert len(body["items"]) == 5
    assert "page=3" in body["links"]["next"] and "page=1" in body["links"]["prev"]
    titles = [i["title"] for i in body["items"]]
    assert titles == sorted(titles, key=str.lower)


def test_list_sorted_by_risk_puts_the_highest_first_and_unscored_last(client):
    items = client.get("/api/v1/occupations", params={"per_page": 50}).json()["items"]
    scored = [i["risk_score"] for i in items if i["risk_score"] is not None]
    assert scored == sorted(scored, reverse=True) and len(scored) >= 10
    seen_missing = False
    for item in items:
        seen_missing |= item["risk_score"] is None
        assert not (seen_missing and item["risk_score"] is not None)


def test_list_filters_by_major_group_and_by_band(client):
    group = client.get("/api/v1/occupations", params={"major_group": "15"}).json()
    assert group["total"] >= 2 and all(i["major_group"] == "15" for i in group["items"])
    first_band = group["items"][0]["band"]
    banded = client.get("/api/v1/occupations", params={"band": first_band}).json()
    assert banded["total"] >= 1 and all(i["band"] == first_band for i in banded["items"])


def test_list_rows_say_no_data_as_null_never_zero(client):
    items = client.get("/api/v1/occupations", params={"per_page": 50}).json()["items"]
    all_other = next(i for i in items if i["onet_soc_code"] == "15-1299.00")
    assert all_other["exposure"] != 0
    for item in items:
        assert item["annual_median_wage_usd"] is None or item["annual_median_wage_usd"] > 0


def test_unknown_sort_key_is_422(client):
    assert_error(client.get("/api/v1/occupations", params={"sort": "shoe_size"}), 422, "invalid_input")


def test_major_groups_count_their_occupations(client):
    groups = client.get("/api/v1/major-groups").json()
    assert sum(g["occupations"] for g in groups) == 12
    assert any(g["major_group"] == "15" and "Computer" in g["title"] for g in groups)


def test_compare_returns_the_chosen_occupations_in_order(client):
    body = client.get("/api/v1/compare", params={"codes": "43-9021.00,15-2051.00"}).json()
    assert [o["onet_soc_code"] for o in body["occupations"]] == ["43-9021.00", DATA_SCIENTISTS]


def test_compare_needs_two_or_three_codes(client):
    assert_error(client.get("/api/v1/compare", params={"codes": DATA_SCIENTISTS}), 422, "invalid_input")
    four = ",".join(["15-2051.00", "43-9021.00", "47-2181.00", "41-9041.00"])
    assert_error(client.get("/api/v1/compare", params={"codes": four}), 422, "invalid_input")


def test_compare_with_an_unknown_code_is_404(client):
    assert_error(client.get("/api/v1/compare", params={"codes": "15-2051.00,99-9999.99"}), 404, "not_found")
