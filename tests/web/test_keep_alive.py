"""``jobrisk serve`` keeps an idle connection open for KEEP_ALIVE_S (75 s), longer than clients'
own idle time, so a client that reuses a connection is never closed under (a reset).

Observed on the real command in a child process: a connection left idle longer than the usual
client and server defaults (5 s: httpx's pool, uvicorn's own default) still answers. The same
observation against a server configured to close after 1 s sees the close, so the method can
tell the two apart. The value the command hands to uvicorn is read back from uvicorn's config."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import uvicorn
from fastapi import FastAPI

from jobrisk.interfaces.cli.serve import KEEP_ALIVE_S
from jobrisk.interfaces.web.child import free_port, start_server, stop_server

IDLE_S = 7.0  # longer than httpx's keep-alive expiry and uvicorn's default timeout_keep_alive (5 s)


def _get(conn: socket.socket, path: str = "/health") -> bytes:
    """Send one GET on ``conn`` and return the whole response (b"" when the server had closed)."""
    try:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
    except (ConnectionResetError, BrokenPipeError):
        return b""
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length"))
    while len(body) < length:
        body += conn.recv(65536)
    return data


def _answers_after_idle(port: int, idle_s: float) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        assert _get(conn).startswith(b"HTTP/1.1 200")
        time.sleep(idle_s)
        return _get(conn).startswith(b"HTTP/1.1 200")


def test_jobrisk_serve_keeps_an_idle_connection_open_past_client_defaults(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    server = start_server(tmp_path / "data", port, log)
    try:
        deadline = time.monotonic() + 60
        while True:  # no catalog: /ready is 503 by design, /health says the process is up
            assert server.poll() is None, log.read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert _answers_after_idle(port, IDLE_S)
    finally:
        stop_server(server)


def test_the_observation_sees_a_server_that_closes_idle_connections_sooner():
    app = FastAPI()
    app.get("/health")(lambda: {"status": "ok"})
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", timeout_keep_alive=1))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.05)
        assert not _answers_after_idle(sock.getsockname()[1], 2.5)
    finally:
        server.should_exit = True
        thread.join(10)


def test_serve_hands_uvicorn_a_75_s_keep_alive(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from jobrisk.interfaces.cli.main import app as cli

    seen: dict = {}

    def run(app, **kwargs):  # uvicorn.run's signature: the app, then its Config's keywords
        seen["config"] = uvicorn.Config(app, **kwargs)

    monkeypatch.setattr(uvicorn, "run", run)
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "serve", "--port", "8102"])
    assert result.exit_code == 0, result.output
    assert KEEP_ALIVE_S == 75
    assert seen["config"].timeout_keep_alive == 75 > 60  # above nginx's and load balancers' 60 s
    assert seen["config"].host == "127.0.0.1" and seen["config"].port == 8102
