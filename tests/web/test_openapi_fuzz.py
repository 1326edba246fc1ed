"""The OpenAPI schema: stable paths, and schemathesis-generated requests never get a 5xx, and every
answer conforms to the schema: a documented status, content type, headers and body schema."""

from __future__ import annotations

import schemathesis
from collections import Counter

from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config._checks import NegativeDataRejectionConfig
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
    use_after_free,
)

from jobrisk.interfaces.web.config import WebConfig

from web_app_factory import fixture_app

# The rate limit is lifted so the generated requests test the endpoints, not the limiter.
APP = fixture_app(WebConfig(rate_limit=False))
APP.state.services.warm_up()  # /ready answers 200 once the parts are loaded
APP.state.directory.rows()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# A request the schema forbids must be refused; a 413 or 414 (too large, address too long) refuses it too.
schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
    expected_statuses=["400", "401", "403", "404", "405", "406", "409", "413", "414", "415", "422", "428", "429"]
)

STABLE_PATHS = (
    "/api/v1/occupations/{onet_soc_code}",
    "/api/v1/titles/search",
    "/api/v1/titles/suggest",
    "/api/v1/occupations",
    "/api/v1/compare",
    "/api/v1/tasks/score",
    "/health",
    "/ready",
)


def test_openapi_schema_lists_the_stable_paths(client):
    body = client.get("/openapi.json").json()
    assert body["openapi"].startswith("3.")
    for path in STABLE_PATHS:
        assert path in body["paths"], path


def test_openapi_documents_the_report_object_and_the_error_format(client):
    body = client.get("/openapi.json").json()
    report = body["paths"]["/api/v1/occupations/{onet_soc_code}"]["get"]["responses"]
    assert "200" in report and "404" in report
    assert "ErrorBody" in body["components"]["schemas"]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_generated_requests_never_get_a_server_error_and_conform_to_the_schema(case):
    response = case.call()
    SENT[f"{case.method.upper()} {case.path}"] += 1
    STATUSES[response.status_code] += 1
    case.validate_response(response, checks=CHECKS)


# Every check schemathesis has but one: positive_data_acceptance wants every schema-valid body accepted,
# and some rules span fields the schema cannot say (a career task needs a task id or a text).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
    allow_header_conformance,
    missing_required_header,
    ignored_auth,
    use_after_free,
    ensure_resource_availability,
]
SENT: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()


def test_the_generated_requests_reached_every_operation():
    operations = {
        f"{method.upper()} {path}"
        for path, items in schema.raw_schema["paths"].items()
        for method in items
        if method in ("get", "post", "put", "patch", "delete")
    }
    print(
        f"schemathesis: {sum(SENT.values())} requests to {len(SENT)} operations; statuses {dict(sorted(STATUSES.items()))}"
    )
    assert operations <= set(SENT) and STATUSES[405] > 0  # every operation, and unsupported methods too
