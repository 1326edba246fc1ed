"""The connection-reset race at the keep-alive boundary, reproduced: why ``jobrisk serve`` keeps
idle connections 75 s (``KEEP_ALIVE_S``).

A server closes a keep-alive connection once it has been idle for its timeout; a client that
sends its next request on that connection at the same moment gets "connection reset by peer" (or
"server disconnected without sending a response"). This starts a minimal app under uvicorn,
once with uvicorn's default 5 s keep-alive and once with ``KEEP_ALIVE_S``, and has ``--clients``
clients (each its own connection, kept up to 30 s client-side) make a request, wait just about
5 s (4.995-5.005 s) and make a second one on the same connection. Prints the outcomes of the
second requests for each setting. Timing-based: the count of resets varies from run to run.

    .venv/bin/python benchmarks/bench_keep_alive_race.py [--clients 200]
"""

from __future__ import annotations

import argparse
import collections
import socket
import threading
import time

import httpx
import uvicorn
from fastapi import FastAPI

from jobrisk.interfaces.cli.serve import KEEP_ALIVE_S


def run(keep_alive_s: int, clients: int) -> dict[str, int]:
    app = FastAPI()
    app.get("/health")(lambda: {"status": "ok"})
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", timeout_keep_alive=keep_alive_s, backlog=4096))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/health"
    outcomes: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()

    def client(i: int) -> None:
        with httpx.Client(timeout=30, limits=httpx.Limits(keepalive_expiry=30)) as c:
            try:
                c.get(url)
            except httpx.HTTPError as exc:
                with lock:
                    outcomes[f"first request failed: {type(exc).__name__}"] += 1
                return
            time.sleep(4.995 + 0.01 * i / clients)
            try:
                outcome = str(c.get(url).status_code)
            except httpx.HTTPError as exc:
                outcome = f"{type(exc).__name__}: {str(exc)[:45]}"
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server.should_exit = True
    thread.join(10)
    return dict(outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    args = parser.parse_args()
    for keep_alive_s in (5, KEEP_ALIVE_S):
        print(
            f"server keep-alive {keep_alive_s:>2} s, second request after 4.995-5.005 s idle: "
            f"{run(keep_alive_s, args.clients)}"
        )


if __name__ == "__main__":
    main()
