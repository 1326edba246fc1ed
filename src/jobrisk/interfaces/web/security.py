"""Request hygiene for the web app: secure headers, size limits, rate limits and CSRF tokens.

* :class:`SecurityMiddleware` (pure ASGI, outermost): refuses over-long addresses (414) and
  bodies over the limit (413), rate-limits ``/api/`` requests and form posts per client address
  (429 with ``Retry-After``), and adds the secure headers to every response: a Content-Security-Policy
  under which every script, style and image comes from this site and no inline script runs
  (inline styles are allowed: the report pages inline theirs so they also work as single
  files), plus nosniff, frame denial and a same-origin referrer policy.
* :class:`CsrfProtection`: signed double-submit tokens for HTML forms that POST. The token
  sits in an HttpOnly, SameSite=Strict cookie and in a hidden form field; both must match and
  carry a valid signature, and a cross-site ``Origin`` is refused. JSON API calls need no token:
  they must be sent as ``application/json``, which browsers never send cross-site without CORS.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Callable

from fastapi import HTTPException, Request
from starlette.requests import Request as StarletteRequest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobrisk.interfaces.web.config import WebConfig
from jobrisk.interfaces.web.errors import error_response

CSRF_COOKIE = "jobrisk_csrf"
CSRF_FIELD = "csrf_token"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURE_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

class RateLimiter:
    """Token bucket per client address: ``per_minute`` sustained, ``burst`` at once."""

    MAX_CLIENTS = 50_000

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate_per_s = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds to wait before the next one."""
        now = self.clock()
        tokens, last = self._buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate_per_s)
        if tokens >= 1.0:
            self._remember(client, (tokens - 1.0, now))
            return 0.0
        self._remember(client, (tokens, now))
        return (1.0 - tokens) / self.rate_per_s if self.rate_per_s > 0 else 60.0

    def _remember(self, client: str, state: tuple[float, float]) -> None:
        if len(self._buckets) >= self.MAX_CLIENTS and client not in self._buckets:
            self._buckets.clear()
        self._buckets[client] = state

class SecurityMiddleware:
    """Limits and secure headers for every request (see the module docstring)."""

    def __init__(self, app: ASGIApp, config: WebConfig):
        self.app = app
        self.config = config
        self.limiter = RateLimiter(config.rate_limit_per_minute, config.rate_limit_burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_secure_headers(send, scope)
        refusal = self._refusal(scope)
        if refusal is not None:
            await _respond(scope, receive, send, *refusal)
            return
        if scope["method"] in BODY_METHODS:
            limit = self.config.body_limit(scope["path"])
            body = await _read_bounded(receive, limit)
            if body is None:
                await _respond(scope, receive, send, 413, "input_too_large",
                               f"Request bodies are limited to {limit} bytes.")
                return
            receive = _replay(body)
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> tuple[int, str, str, dict[str, str] | None] | None:
        target_len = len(scope.get("raw_path") or scope["path"]) + len(scope.get("query_string", b""))
        if target_len > self.config.max_url_chars:
            return 414, "uri_too_long", (
                f"Addresses are limited to {self.config.max_url_chars} characters."), None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    return 400, "bad_request", "Content-Length is not a number.", None
                limit = self.config.body_limit(scope["path"])
                if length > limit:
                    return 413, "input_too_large", (
                        f"Request bodies are limited to {limit} bytes."), None
        if scope["path"].startswith("/api/") or scope["method"] in BODY_METHODS:
            client = (scope.get("client") or ("unknown", 0))[0]
            wait_s = self.limiter.allow(client)
            if wait_s > 0:
                retry = str(max(1, int(wait_s + 0.999)))
                return 429, "rate_limited", (
                    f"Too many requests from {client}: the API allows "
                    f"{self.config.rate_limit_per_minute} requests a minute. Retry in {retry} s."
                ), {"Retry-After": retry}
        return None

def _with_secure_headers(send: Send, scope: Scope) -> Send:
    https = scope.get("scheme") == "https"

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {name.lower() for name, _ in headers}
            headers.extend(h for h in SECURE_HEADERS if h[0] not in present)
            if https:
                headers.append((b"strict-transport-security", b"max-age=31536000"))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped

async def _read_bounded(receive: Receive, limit: int) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)

def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive

async def _respond(scope: Scope, receive: Receive, send: Send, status: int, code: str,
                   message: str, headers: dict[str, str] | None = None) -> None:
    request = StarletteRequest(scope, receive)
    response = error_response(request, status, code, message, headers=headers)  # type: ignore[arg-type]
    await response(scope, receive, send)

class CsrfProtection:
    """Signed double-submit CSRF tokens (see the module docstring)."""

    def __init__(self, secret_key: bytes | None = None):
        self._key = secret_key or secrets.token_bytes(32)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._key, nonce.encode(), hashlib.sha256).hexdigest()[:32]

    def _valid(self, token: str | None) -> bool:
        if not token or "." not in token or len(token) > 128:
            return False
        nonce, signature = token.split(".", 1)
        return hmac.compare_digest(self._sign(nonce), signature)

    def token_for(self, request: Request) -> str:
        """The request's valid token from its cookie, or a fresh one."""
        current = request.cookies.get(CSRF_COOKIE)
        if self._valid(current):
            return current  # type: ignore[return-value]
        nonce = secrets.token_hex(16)
        return f"{nonce}.{self._sign(nonce)}"

    def set_cookie(self, response: object, request: Request, token: str) -> None:
        response.set_cookie(  # type: ignore[attr-defined]
            CSRF_COOKIE, token, httponly=True, samesite="strict",
            secure=request.url.scheme == "https", path="/")

    def verify(self, request: Request, form_token: str | None) -> None:
        """Raise 403 unless the form's token matches a validly signed cookie from this site."""
        origin = request.headers.get("origin")
        if origin and origin != "null":
            expected = f"{request.url.scheme}://{request.url.netloc}"
            if origin != expected:
                raise HTTPException(403, f"Cross-site form submission from {origin} refused.")
        cookie = request.cookies.get(CSRF_COOKIE)
        if not (self._valid(cookie) and form_token and hmac.compare_digest(cookie or "", form_token)):
            raise HTTPException(
                403, "The form's security token is missing or expired; reload the page and try again.")
