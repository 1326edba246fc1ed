"""The one error format of the web app; each error's HTTP status and code come from
:mod:`jobrisk.interfaces.error_answers`.

Every error response of the JSON API has this body::

    {"error": {"status": 404, "code": "not_found", "message": "No occupation with ...",
               "details": null}}

HTML pages show the same status and message on the error page. Which of the two a request
gets depends on its path (``/api/``, ``/health``, ``/ready``, ``/openapi.json`` -> JSON) and,
elsewhere, on whether it asks for HTML.

A part that is unavailable (missing or corrupt catalog, model, index) is a 503 in this format;
its failure is logged once by the services, not once per request. A corrupt catalog met by a
request marks the catalog failed (``/ready`` then says so). An unexpected exception is logged
with its traceback and answered 500 in this format by :class:`UnexpectedErrorMiddleware`, which
does not re-raise it, so the server keeps the client's connection open.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from jobrisk import errors as e
from jobrisk.interfaces.error_answers import status_for
from jobrisk.interfaces.web.logs import ResponseWatch
from jobrisk.interfaces.web.printable import PrintableJSONResponse

log = logging.getLogger("jobrisk.web")

CODES_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "input_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}

TITLES_BY_STATUS = {
    400: "Bad request",
    401: "Sign in with your API key",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    414: "Address too long",
    415: "Unsupported content type",
    422: "Check your input",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Not available yet",
}

JSON_PATH_PREFIXES = ("/api/", "/health", "/ready", "/openapi.json")


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    """The body of every error response of the JSON API."""

    error: ErrorDetail


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith(JSON_PATH_PREFIXES):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error in the one JSON format, or the error page for a browser."""
    if wants_json(request):
        body = ErrorBody(error=ErrorDetail(status=status, code=code, message=message, details=details))
        return PrintableJSONResponse(body.model_dump(), status_code=status, headers=headers)
    templates = request.app.state.templates
    context = {
        "status": status,
        "title": TITLES_BY_STATUS.get(status, "Error"),
        "message": message,
        "details": details or [],
    }
    return templates.TemplateResponse(request, "errors/error.html", context, status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        out.append({"field": ".".join(loc), "message": str(err.get("msg", ""))})
    return out


async def _on_jobrisk_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, e.JobriskError)
    status, code = status_for(exc)
    if isinstance(exc, e.CatalogCorruptError):
        services = getattr(request.app.state, "services", None)
        if services is not None:
            services.part_failed("catalog", exc)  # recorded (and logged) once there
    elif status >= 500 and status != 503:  # 503: the services logged the failure once
        log.error("jobrisk error on %s: %s", request.url.path, exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return error_response(request, status, code, str(exc), exc.details, headers=headers)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    message = exc.detail if isinstance(exc.detail, str) else TITLES_BY_STATUS.get(status, "Error")
    if status == 404 and message == "Not Found":
        message = f"There is no page at {request.url.path}."
    headers = getattr(exc, "headers", None)
    if status == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return error_response(request, status, CODES_BY_STATUS.get(status, "error"), message, headers=headers)


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at the request's path (the router's own 405 names only
    the first route whose path matched), asked of the routes themselves."""
    from starlette.routing import Match

    routes = request.app.router.routes
    return ", ".join(
        method
        for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
        if any(route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes)
    )


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = _validation_details(exc)
    summary = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid request"
    return error_response(request, 422, "invalid_input", f"Invalid request: {summary}", details)


async def _on_unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(request, 500, "internal_error", "An unexpected error occurred; it has been logged.")


class UnexpectedErrorMiddleware:
    """Answers an unhandled exception with the one error format (500) without re-raising it, so
    the server does not drop the connection (pure ASGI; sits inside the other middleware)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watch = ResponseWatch(send)
        try:
            await self.app(scope, receive, watch)
        except Exception:  # noqa: BLE001 - the one place unexpected errors become a 500
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if watch.started:
                raise  # half a response already went out: nothing else is safe
            request = Request(scope, receive)
            response = error_response(
                request, 500, "internal_error", "An unexpected error occurred; it has been logged."
            )
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(e.JobriskError, _on_jobrisk_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected_error)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": TITLES_BY_STATUS[status]} for status in (404, 413, 414, 422, 429, 503)
}
