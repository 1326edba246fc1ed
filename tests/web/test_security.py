"""Secure headers, request size and address limits, rate limiting."""

from __future__ import annotations

import json

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
    response = client.post(
        "/api/v1/tasks/score", content=b"{" + b" " * (70 * 1024) + b"}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "input_too_large"


def test_oversized_body_without_a_length_header_is_also_refused(client):
    def chunks():
        for _ in range(80):
            yield b" " * 1024

    response = client.post("/api/v1/tasks/score", content=chunks(), headers={"content-type": "application/json"})
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
        # Probes and the information pages are not rate limited.
        assert c.get("/methodology").status_code == 200 and c.get("/ready").status_code != 429


def test_rate_limiter_refills_over_time():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert limiter.allow("a") == 0 and limiter.allow("a") == 0
    assert limiter.allow("a") > 0
    assert limiter.allow("b") == 0  # other clients have their own bucket
    now[0] += 1.0  # one request a second comes back
    assert limiter.allow("a") == 0


# ---------------------------------------------------------------- limits after routing
def _limited_app(**extra):  # type: ignore[no-untyped-def]
    # one token a minute: nothing refills during a test, however slow the machine
    return fixture_app(WebConfig(rate_limit_per_minute=1, rate_limit_burst=8, **extra))


def test_a_wrong_method_is_405_not_429():
    with TestClient(_limited_app()) as c:
        for _ in range(20):
            assert c.post("/health").status_code == 405
        assert c.get("/api/v1/major-groups").status_code == 200  # nothing was spent


def test_search_and_compare_pages_are_limited_and_searches_cost_more():
    with TestClient(_limited_app(), raise_server_exceptions=False) as c:
        # a confident search redirects to the report: count the search itself, not the page it opens
        statuses = [c.get("/search", params={"q": "nurse"}, follow_redirects=False).status_code for _ in range(3)]
        assert statuses[:2] in ([303, 303], [302, 302], [307, 307]) and statuses[2] == 429  # 4 tokens each of 8
        assert c.get("/compare", params={"codes": "43-9021.00,47-2181.00"}).status_code == 429
    with TestClient(_limited_app(), raise_server_exceptions=False) as c:
        assert [c.get("/api/v1/titles/search", params={"q": "nurse"}).status_code for _ in range(3)] == [200, 200, 429]


def test_career_audits_cost_what_they_compute_and_the_form_stays_cheap():
    from jobrisk.interfaces.web.security import route_cost

    assert route_cost("GET", "/audit/career") == 1  # the empty form
    assert route_cost("POST", "/audit/career") == route_cost("GET", "/audit/career/result") == 10
    assert route_cost("POST", "/api/v1/audits/career") == 10
    with TestClient(_limited_app(), raise_server_exceptions=False) as c:
        assert c.get("/audit/career").status_code == 200
        assert c.post("/api/v1/audits/career", json={"job_title": "nurse"}).status_code == 429  # 10 > 8 left


def test_ipv6_clients_share_a_bucket_per_64_network():
    from jobrisk.interfaces.web.security import client_key

    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:192.0.2.7") == "192.0.2.7" and client_key("192.0.2.7") == "192.0.2.7"
    app = _limited_app()
    with (
        TestClient(app, client=("2001:db8:1:2::1", 1)) as a,
        TestClient(app, client=("2001:db8:1:2::2", 1)) as b,
        TestClient(app, client=("2001:db8:9:9::1", 1)) as other,
    ):
        assert [a.get("/api/v1/titles/search", params={"q": "rn"}).status_code for _ in range(2)] == [200, 200]
        assert b.get("/api/v1/titles/search", params={"q": "rn"}).status_code == 429
        assert other.get("/api/v1/titles/search", params={"q": "rn"}).status_code == 200


def test_the_least_recently_seen_buckets_are_evicted_not_all():
    limiter = RateLimiter(per_minute=60, burst=1, clock=lambda: 0.0, max_clients=3)
    for client in ("a", "b", "c"):
        assert limiter.allow(client) == 0
    assert limiter.allow("a") > 0  # a is now the most recently seen
    assert limiter.allow("d") == 0  # evicts b, the least recently seen
    assert len(limiter) == 3
    assert limiter.allow("a") > 0 and limiter.allow("c") > 0  # a and c kept their empty buckets
    assert limiter.allow("b") == 0  # b starts again with a full bucket


def test_behind_a_trusted_proxy_clients_get_their_own_buckets_hsts_and_secure_cookies():
    app = _limited_app(forwarded_allow_ips=("10.0.0.1",))
    with TestClient(app, client=("10.0.0.1", 1)) as proxy:

        def search(ip):  # type: ignore[no-untyped-def]
            return proxy.get(
                "/api/v1/titles/search",
                params={"q": "rn"},
                headers={"x-forwarded-for": f"{ip}, 10.0.0.1", "x-forwarded-proto": "https"},
            )

        assert [search("198.51.100.1").status_code for _ in range(3)] == [200, 200, 429]
        first = search("198.51.100.2")
        assert first.status_code == 200  # another user, another bucket
        assert first.headers["strict-transport-security"].startswith("max-age=")
        form = proxy.get("/tasks/score", headers={"x-forwarded-for": "198.51.100.3", "x-forwarded-proto": "https"})
        cookie = form.headers["set-cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie


def test_forwarded_headers_from_an_untrusted_peer_are_ignored():
    app = _limited_app(forwarded_allow_ips=("10.0.0.1",))
    with TestClient(app, client=("203.0.113.5", 1)) as c:
        statuses = [
            c.get(
                "/api/v1/titles/search",
                params={"q": "rn"},
                headers={"x-forwarded-for": f"198.51.100.{i}", "x-forwarded-proto": "https"},
            ).status_code
            for i in range(3)
        ]
        assert statuses == [200, 200, 429]  # one bucket: the real peer's
        assert "strict-transport-security" not in c.get("/health", headers={"x-forwarded-proto": "https"}).headers
    with TestClient(_limited_app(forwarded_allow_ips=("10.0.0.1",)), client=("203.0.113.5", 1)) as c:
        form = c.get("/tasks/score", headers={"x-forwarded-proto": "https"})
        assert "secure" not in form.headers["set-cookie"].lower()


# ---------------------------------------------------------------- echoes, caching, schema
def test_control_and_bidi_characters_are_not_echoed_into_html(client):
    hostile = "nurse\x00\u202eevil\u2066x\x07"
    html = client.get("/search", params={"q": hostile}).text
    for bad in ("\x00", "\u202e", "\u2066", "\x07"):
        assert bad not in html
    assert "nurseevilx" in html


HOSTILE = "nurse\x00\u202eevil\u2066x\x07\x85\x7f\x0c"
UNPRINTABLE_CHARS = ("\x00", "\u202e", "\u2066", "\x07", "\x85", "\x7f", "\x0c")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_control_and_bidi_characters_are_not_echoed_into_json(client):
    responses = [
        client.get("/api/v1/titles/search", params={"q": HOSTILE}),  # 200, echoes the title
        client.get("/api/v1/titles/suggest", params={"q": HOSTILE}),
        client.post("/api/v1/tasks/score", json={"task": "Repair roofs " + HOSTILE}),
        client.get("/api/v1/occupations", params={"sort": HOSTILE}),  # 422 echoes the input
        client.post("/api/v1/tasks/score", json={"task": 5, HOSTILE: 1}),
    ]
    echoed = 0
    for response in responses:
        assert response.headers["content-type"].startswith("application/json")
        for text in _strings(response.json()):
            assert not any(bad in text for bad in UNPRINTABLE_CHARS), (response.request.url, text)
            echoed += "nurseevilx" in text
    assert echoed >= 3  # the text came back, cleaned, rather than being dropped


def test_the_json_rule_is_the_html_rule():
    from jobrisk.interfaces.web.printable import PrintableJSONResponse, printable, printable_json_bytes

    body = PrintableJSONResponse({"k\u202e": [HOSTILE, 1.5, None, {"x": "\u2067ok\t"}]}).body
    assert json.loads(body) == {"k": [printable(HOSTILE), 1.5, None, {"x": "ok\t"}]}
    assert printable(HOSTILE) == "nurseevilx"
    clean = b'{"a":"plain \\\\b text","b":[1,2]}'
    assert printable_json_bytes(clean) == clean  # clean bytes come back as they are
    assert json.loads(printable_json_bytes(json.dumps({"a": HOSTILE}).encode())) == {"a": "nurseevilx"}


def test_form_pages_are_not_cached(client):
    response = client.get("/tasks/score")
    assert "jobrisk_csrf" in response.headers.get("set-cookie", "")
    assert response.headers["cache-control"] == "no-store"


def test_openapi_documents_the_limits_and_what_compare_accepts(client):
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("413", "414", "422"):
                assert status in operation["responses"], (path, method, status)
            if path not in ("/health", "/ready"):
                assert "429" in operation["responses"], (path, method)
    codes = [p for p in schema["paths"]["/api/v1/compare"]["get"]["parameters"] if p["name"] == "codes"][0]
    import re

    assert re.match(codes["schema"]["pattern"], "15-2051.00,43-9021.00")
    assert not re.match(codes["schema"]["pattern"], "15-2051.00")


def test_compare_answers_exactly_what_its_schema_pattern_allows(client):
    import re

    schema = client.get("/openapi.json").json()
    codes = [p for p in schema["paths"]["/api/v1/compare"]["get"]["parameters"] if p["name"] == "codes"][0]
    for query in (
        "15-2051.00,29-1141.00",
        " 15-2051.00 , 29-1141.00,43-9021.00 ",
        "15-2051.00,15-2051.00",
        "15-2051.00,29-1141.00,15-2051.00",
        "15-2051.00",
        "15-2051.00,29-1141.00,43-9021.00,13-2011.00",
    ):
        allowed = re.match(codes["schema"]["pattern"], query) is not None
        response = client.get("/api/v1/compare", params={"codes": query})
        assert (response.status_code == 200) == allowed, (query, response.status_code, response.text[:200])
        if not allowed:
            assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"
