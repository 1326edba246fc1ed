"""Secure headers, request size and address limits, rate limiting."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jobrisk.interfaces.web.config import WebConfig
from jobrisk.interfaces.web.security import RateLimiter

from web_app_factory import fixture_app


def test_every_response_carries_the_secure_headers(client):
    for path in ("/", "/api/v1/occupations", "/no/such/page", "/static/css/site.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"


def test_oversized_body_is_413_in_the_one_error_format(client):
    response = client.post("/api/v1/tasks/score", content=b"{" + b" " * (70 * 1024) + b"}",
                           headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "input_too_large"


def test_oversized_body_without_a_length_header_is_also_refused(client):
    def chunks():
        for _ in range(80):
            yield b" " * 1024

    response = client.post("/api/v1/tasks/score", content=chunks(),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_overlong_address_is_414(client):
    response = client.get("/api/v1/titles/search", params={"q": "a" * 5000})
    assert response.status_code == 414
    assert response.json()["error"]["code"] == "uri_too_long"


def test_api_is_rate_limited_per_client_with_retry_after():
    app = fixture_app(WebConfig(rate_limit_per_minute=60, rate_limit_burst=3))
    with TestClient(app) as c:
        statuses = [c.get("/api/v1/major-groups").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = c.get("/api/v1/major-groups")
        assert limited.json()["error"]["code"] == "rate_limited"
        assert int(limited.headers["retry-after"]) >= 1
        # Pages are not rate limited.
        assert c.get("/methodology").status_code == 200


def test_rate_limiter_refills_over_time():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert limiter.allow("a") == 0 and limiter.allow("a") == 0
    assert limiter.allow("a") > 0
    assert limiter.allow("b") == 0  # other clients have their own bucket
    now[0] += 1.0  # one request a second comes back
    assert limiter.allow("a") == 0
