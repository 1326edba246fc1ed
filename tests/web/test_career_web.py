"""The career audit on the web (fixture catalog, in-process): form, post, shareable result, API."""

from __future__ import annotations

import re

from jobrisk.reports.career.profile import CareerProfile, encode_profile

CODE = "43-4051.00"


def _token(page_html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_html).group(1)


def test_form_lists_the_occupations_tasks_with_default_shares_and_works_without_script(fresh_client):
    page = fresh_client.get(f"/audit/career?code={CODE}")
    assert page.status_code == 200
    boxes = re.findall(r'name="keep_(\d+)" value="1" checked', page.text)
    shares = [float(v) for v in re.findall(r'name="share_\d+" value="([\d.]+)"', page.text)]
    assert len(boxes) == len(shares) >= 3
    assert abs(sum(shares) - 100) < 0.1
    assert 'method="post" action="/audit/career"' in page.text and 'name="text_1"' in page.text


def test_unchanged_form_redirects_to_the_default_audit_which_equals_the_occupation(fresh_client, app):
    page = fresh_client.get(f"/audit/career?code={CODE}")
    data = {"csrf_token": _token(page.text), "onet_soc_code": CODE, "title": ""}
    for task_id, pct in re.findall(r'name="share_(\d+)" value="([\d.]+)"', page.text):
        data[f"keep_{task_id}"] = "1"
        data[f"share_{task_id}"] = pct
    response = fresh_client.post("/audit/career", data=data, follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == "/audit/career/result?p=" + encode_profile(CareerProfile(onet_soc_code=CODE))
    result = fresh_client.get(location)
    occupation = app.state.services.scorebook.score(CODE)
    score = float(re.search(r'data-personal-score="([\d.]+)"', result.text).group(1))
    assert score == float(str(occupation.risk_score))
    assert "Your score equals your occupation" in result.text


def test_posted_form_with_a_hostile_free_text_task_is_escaped(fresh_client):
    page = fresh_client.get(f"/audit/career?code={CODE}")
    first = re.search(r'name="share_(\d+)" value="([\d.]+)"', page.text)
    data = {
        "csrf_token": _token(page.text),
        "onet_soc_code": CODE,
        f"keep_{first.group(1)}": "1",
        f"share_{first.group(1)}": "50",
        "text_1": "<img src=x onerror=alert(1)> invoices",
        "textshare_1": "50",
    }
    result = fresh_client.post("/audit/career", data=data)
    assert result.status_code == 200 and "/audit/career/result?p=" in str(result.url)
    assert "<img src=x" not in result.text and "&lt;img src=x onerror=alert(1)&gt; invoices" in result.text


def test_form_post_without_csrf_token_is_refused(fresh_client):
    response = fresh_client.post("/audit/career", data={"onet_soc_code": CODE})
    assert response.status_code == 403


def test_form_with_a_free_text_task_but_no_share_says_so(fresh_client):
    page = fresh_client.get(f"/audit/career?code={CODE}")
    data = {"csrf_token": _token(page.text), "onet_soc_code": CODE, "text_1": "Answer emails"}
    response = fresh_client.post("/audit/career", data=data)
    assert response.status_code == 422 and "Give a share of your time for “Answer emails”" in response.text


def test_damaged_share_link_is_a_clear_422(client):
    response = client.get("/audit/career/result?p=not-a-real-token")
    assert response.status_code == 422 and "damaged" in response.text


def test_api_returns_the_documented_fields(client, app):
    task_id = app.state.services.scorebook.tasks(CODE)[0].task_id
    body = {
        "onet_soc_code": CODE,
        "annual_pay_usd": 40000,
        "tasks": [{"text": "Answer customer emails", "share": 0.5}, {"task_id": task_id, "share": 0.5}],
    }
    response = client.post("/api/v1/audits/career", json=body)
    assert response.status_code == 200, response.text
    audit = response.json()
    for key in ("risk_score", "risk_low", "risk_high"):
        assert isinstance(audit["personal"][key], float)
    assert audit["occupation"]["onet_soc_code"] == CODE and isinstance(audit["occupation"]["risk_score"], float)
    assert isinstance(audit["drivers"], list) and set(audit["plan"]) == {"days_30", "days_90"}
    for move in audit["transitions"]:
        assert {"onet_soc_code", "similarity", "risk_score", "median_wage_usd"} <= set(move)


def test_api_refuses_bad_profiles_with_422_naming_the_problem(client):
    too_many = client.post(
        "/api/v1/audits/career", json={"onet_soc_code": CODE, "tasks": [{"text": "x", "share": 1}] * 101}
    )
    assert too_many.status_code == 422 and "at most 100 tasks" in too_many.text
    too_long = client.post(
        "/api/v1/audits/career", json={"onet_soc_code": CODE, "tasks": [{"text": "a" * 501, "share": 1}]}
    )
    assert too_long.status_code == 422 and "at most 500 characters" in too_long.text
    unknown = client.post(
        "/api/v1/audits/career", json={"onet_soc_code": CODE, "tasks": [{"task_id": 123456789, "share": 1}]}
    )
    assert unknown.status_code == 422 and "123456789" in unknown.json()["error"]["message"]
    empty = client.post("/api/v1/audits/career", json={"onet_soc_code": CODE, "tasks": []})
    assert empty.status_code == 422 and "No task left" in empty.json()["error"]["message"]


def test_openapi_documents_the_career_audit(client):
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/v1/audits/career"]["post"]
    assert "CareerProfile" in str(operation["requestBody"])
    assert "CareerAudit" in str(operation["responses"]["200"])
    audit = schema["components"]["schemas"]["CareerAudit"]
    assert {"personal", "occupation", "drivers", "plan", "transitions"} <= set(audit["properties"])
    assert "/audit/career" in client.get("/").text  # reachable from the home page's menu
