"""Structured logs: one JSON object per line, and one line per request.

Request lines carry ``method``, ``path``, ``status``, ``duration_ms`` and ``client``;
``configure_logging()`` points the ``jobrisk`` and ``uvicorn`` loggers at a JSON formatter on
stderr.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from datetime import datetime, timezone
from typing import TextIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_log = logging.getLogger("jobrisk.web.requests")

_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "color_message",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line; ``extra=`` fields become top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """Send jobrisk and uvicorn logs to ``stream`` (default stderr) as JSON lines (idempotent)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("jobrisk", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level)
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True


class ResponseWatch:
    """An ASGI ``send`` that passes every message on and notes the response's status once it
    has started (``started``: part of a response already went out)."""

    def __init__(self, send: Send):
        self._send = send
        self.status: int | None = None

    @property
    def started(self) -> bool:
        return self.status is not None

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        await self._send(message)


class RequestsInFlight:
    """How many HTTP requests are being answered now (background work waits for none)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        with self._lock:
            self._count += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._count -= 1

    def wait_for_none(self, stop: threading.Event, poll_s: float = 0.005) -> None:
        """Return once no request is in flight (or ``stop`` is set)."""
        while self._count > 0 and not stop.wait(poll_s):
            pass


class RequestLogMiddleware:
    """Logs one structured line per HTTP request once its response has started, and counts the
    requests in flight."""

    def __init__(self, app: ASGIApp, in_flight: RequestsInFlight | None = None):
        self.app = app
        self.in_flight = in_flight or RequestsInFlight()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        watch = ResponseWatch(send)
        try:
            with self.in_flight:
                await self.app(scope, receive, watch)
        finally:
            if request_log.isEnabledFor(logging.INFO):
                request_log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": 500 if watch.status is None else watch.status,
                        "duration_ms": round((time.perf_counter() - start) * 1000, 2),
                        "client": (scope.get("client") or ("", 0))[0],
                    },
                )
