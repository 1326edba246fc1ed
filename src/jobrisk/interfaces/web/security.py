"""Request hygiene for the web app: secure headers, size limits, rate limits and CSRF tokens.

* :class:`SecurityMiddleware` (pure ASGI, outermost): takes the client address and scheme from
  ``X-Forwarded-For`` / ``X-Forwarded-Proto`` only when the direct peer is a trusted proxy
  (``WebConfig.forwarded_allow_ips``), refuses over-long addresses (414) and bodies over the
  limit (413), and adds the secure headers to every response (HSTS too when the request came
  over HTTPS, directly or through a trusted proxy): a Content-Security-Policy
  under which every script, style and image comes from this site and no inline script runs
  (inline styles are allowed: the report pages inline theirs so they also work as single
  files), plus nosniff, frame denial and a same-origin referrer policy.
* :class:`CsrfProtection`: signed double-submit tokens for HTML forms that POST. The token
  sits in an HttpOnly, SameSite=Strict cookie and in a hidden form field; both must match and
  carry a valid signature, and a cross-site ``Origin`` is refused. JSON API calls need no token:
  they must be sent as ``application/json``, which browsers never send cross-site without CORS.
  Pages that carry a token are sent with ``Cache-Control: no-store``.
* :func:`rate_limit`: the dependency every router that does real work gets (added in
  ``app.py``), so it runs *after* routing (an unknown method is a 405, never a 429). One token
  bucket per client (an IPv4 address, or an IPv6 /64 network, which one household or server
  usually owns); routes that run the title coder or the task model cost more tokens
  (:data:`ROUTE_COSTS`). The least recently seen buckets are evicted beyond ``MAX_CLIENTS``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from collections import OrderedDict
from typing import Any, Callable, Iterable

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData
from starlette.requests import Request as StarletteRequest
from starlette.templating import Jinja2Templates
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

#: Tokens a request to a route costs ("METHOD path" or the route path template, first match);
#: any other limited route costs 1. Title search runs the whole title coder, task scoring the task
#: model, compare several reports; a career audit scores a person's whole task list and their moves.
ROUTE_COSTS: dict[str, int] = {
    "/search": 4,
    "/api/v1/titles/search": 4,
    "/api/v1/tasks/score": 4,
    "/tasks/score": 4,
    "/compare": 2,
    "/api/v1/compare": 2,
    "/audits/roster": 10,
    "/api/v1/audits/roster": 10,  # a whole roster coded and scored
    "POST /audit/career": 10,
    "/audit/career/result": 10,
    "/api/v1/audits/career": 10,
}


def route_cost(method: str, path: str) -> int:
    """The tokens a request costs (:data:`ROUTE_COSTS`)."""
    return ROUTE_COSTS.get(f"{method} {path}", ROUTE_COSTS.get(path, 1))


class RateLimiter:
    """Token bucket per client key: ``per_minute`` tokens sustained, ``burst`` at once; the least
    recently seen buckets are evicted beyond ``max_clients`` (a new client starts full anyway)."""

    MAX_CLIENTS = 50_000

    def __init__(
        self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic, max_clients: int | None = None
    ):
        self.rate_per_s = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.max_clients = max_clients or self.MAX_CLIENTS
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, client: str, cost: float = 1.0) -> float:
        """0 when the request may go ahead, else the seconds to wait before it could."""
        now = self.clock()
        tokens, last = self._buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate_per_s)
        cost = min(float(cost), self.burst)
        if tokens >= cost:
            self._remember(client, (tokens - cost, now))
            return 0.0
        self._remember(client, (tokens, now))
        return (cost - tokens) / self.rate_per_s if self.rate_per_s > 0 else 60.0

    def _remember(self, client: str, state: tuple[float, float]) -> None:
        self._buckets[client] = state
        self._buckets.move_to_end(client)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)

    def __len__(self) -> int:
        return len(self._buckets)


def client_key(address: str) -> str:
    """The rate-limit key of a client address: the IPv4 address, or the IPv6 /64 network (an
    IPv4-mapped IPv6 address counts as its IPv4 address); anything else as given."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


class TrustedProxies:
    """The peers whose ``X-Forwarded-For`` / ``X-Forwarded-Proto`` headers are believed."""

    def __init__(self, allowed: Iterable[str] = ()):
        entries = [a.strip() for a in allowed if a.strip()]
        self.any = "*" in entries
        self.networks = [ipaddress.ip_network(a, strict=False) for a in entries if a != "*"]

    def __bool__(self) -> bool:
        return self.any or bool(self.networks)

    def trusts(self, address: str | None) -> bool:
        if not address:
            return False
        if self.any:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in n for n in self.networks)

    def resolve(self, scope: Scope) -> None:
        """Rewrite ``scope`` client and scheme from the proxy headers when the peer is trusted:
        the client is the right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy."""
        peer = (scope.get("client") or (None, 0))[0]
        if not self.trusts(peer):
            return
        forwarded_for = proto = None
        for name, value in scope.get("headers", ()):
            if name == b"x-forwarded-for":
                forwarded_for = (forwarded_for + "," if forwarded_for else "") + value.decode("latin-1")
            elif name == b"x-forwarded-proto":
                proto = value.decode("latin-1")
        if forwarded_for:
            hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
            for hop in reversed(hops):
                client = hop
                if not self.trusts(hop):
                    break
            scope["client"] = (client, 0)
        if proto:
            scheme = proto.split(",")[-1].strip().lower()
            if scheme in ("http", "https"):
                scope["scheme"] = scheme


def rate_limit(request: Request) -> None:
    """FastAPI dependency: spend the route's tokens from the client's bucket, or refuse with 429."""
    limiter: RateLimiter | None = getattr(request.app.state, "rate_limiter", None)
    if limiter is None:
        return
    route = request.scope.get("route")
    cost = route_cost(request.method, getattr(route, "path", ""))
    address = (request.scope.get("client") or ("unknown", 0))[0]
    wait_s = limiter.allow(client_key(address), cost)
    if wait_s > 0:
        retry = str(max(1, int(wait_s + 0.999)))
        per_minute = round(limiter.rate_per_s * 60)
        raise HTTPException(
            429,
            f"Too many requests from your address: this site allows about "
            f"{per_minute} requests a minute (searches and scoring count "
            f"more). Retry in {retry} s.",
            headers={"Retry-After": retry},
        )


class SecurityMiddleware:
    """Limits and secure headers for every request (see the module docstring)."""

    def __init__(self, app: ASGIApp, config: WebConfig):
        self.app = app
        self.config = config
        self.proxies = TrustedProxies(config.forwarded_allow_ips)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.proxies:
            scope = dict(scope)
            self.proxies.resolve(scope)
        send = _with_secure_headers(send, scope)
        refusal = self._refusal(scope)
        if refusal is not None:
            await _respond(scope, receive, send, *refusal)
            return
        if scope["method"] in BODY_METHODS:
            limit = self.config.body_limit(scope["path"])
            body = await _read_bounded(receive, limit)
            if body is None:
                await _respond(
                    scope, receive, send, 413, "input_too_large", f"Request bodies are limited to {limit} bytes."
                )
                return
            receive = _replay(body)
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> tuple[int, str, str, dict[str, str] | None] | None:
        target_len = len(scope.get("raw_path") or scope["path"]) + len(scope.get("query_string", b""))
        if target_len > self.config.max_url_chars:
            return 414, "uri_too_long", (f"Addresses are limited to {self.config.max_url_chars} characters."), None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    return 400, "bad_request", "Content-Length is not a number.", None
                limit = self.config.body_limit(scope["path"])
                if length > limit:
                    return 413, "input_too_large", (f"Request bodies are limited to {limit} bytes."), None
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


async def _respond(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> None:
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
            CSRF_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/"
        )
        response.headers["Cache-Control"] = "no-store"  # type: ignore[attr-defined]  # a form with a token

    def verify(self, request: Request, form_token: str | None) -> None:
        """Raise 403 unless the form's token matches a validly signed cookie from this site."""
        origin = request.headers.get("origin")
        if origin and origin != "null":
            expected = f"{request.url.scheme}://{request.url.netloc}"
            if origin != expected:
                raise HTTPException(403, f"Cross-site form submission from {origin} refused.")
        cookie = request.cookies.get(CSRF_COOKIE)
        if not (self._valid(cookie) and form_token and hmac.compare_digest(cookie or "", form_token)):
            raise HTTPException(403, "The form's security token is missing or expired; reload the page and try again.")

    def form_page(
        self, request: Request, templates: Jinja2Templates, name: str, context: dict[str, Any], status_code: int = 200
    ) -> HTMLResponse:
        """Template ``name`` rendered with this request's token (``csrf_token``, ``csrf_field``)
        for its forms, and the token's cookie set."""
        token = self.token_for(request)
        response = templates.TemplateResponse(
            request, name, {"csrf_token": token, "csrf_field": CSRF_FIELD, **context}, status_code=status_code
        )
        self.set_cookie(response, request, token)
        return response

    async def verified_form(self, request: Request) -> FormData:
        """The request's form, once its token is verified (403 otherwise)."""
        form = await request.form()
        self.verify(request, str(form.get(CSRF_FIELD, "")))
        return form
