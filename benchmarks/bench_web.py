"""Web app timings: start-up, occupation page server time in-process, and a loopback load test.

0. Start-up: starts ``jobrisk serve`` and prints the seconds until ``/health`` and ``/ready``
   answer 200, then the time of the first occupation pages requested after ``/ready`` (pages
   not yet rendered), and the wall time of ``jobrisk occupation CODE`` and ``jobrisk report
   CODE`` (fresh processes), each with the CPU seconds it used (on a loaded machine the wall
   time waits for the processor; CPU time does not). Scores are read from what ``jobrisk build``
   stored.
1. In-process: drives the ASGI app directly (no HTTP client in the timing) over every
   occupation page, first render ("cold": builds the report object) and again ("warm": cached),
   and prints p50 / p95 / max server time in ms.
2. Load test: starts ``jobrisk serve`` on a free loopback port and runs ``wrk`` (Debian package
   ``wrk``) for a bounded time against occupation pages, rotating through all codes; prints
   requests/s and errors.

    .venv/bin/python benchmarks/bench_web.py [--data-dir DIR] [--duration 15] [--connections 32]
        [--startup-only] [--port PORT]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from jobrisk.interfaces.web.child import cli_command, free_port, start_server, stop_server, wait_ready
from jobrisk.interfaces.web import create_app
from jobrisk.interfaces.web.config import WebConfig
from jobrisk.interfaces.web.logs import configure_logging
from jobrisk.settings import Settings


async def _asgi_get(app, path: str) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """Run one GET through the ASGI app; returns (status, server time in ms)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"bench")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    status = 0

    async def receive():  # type: ignore[no-untyped-def]
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):  # type: ignore[no-untyped-def]
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    start = time.perf_counter()
    await app(scope, receive, send)
    return status, (time.perf_counter() - start) * 1000


def _summary(times_ms: list[float]) -> str:
    ordered = sorted(times_ms)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return f"n={len(ordered)} p50={statistics.median(ordered):.2f} ms p95={p95:.2f} ms max={ordered[-1]:.2f} ms"


def in_process(settings: Settings, limit: int | None) -> list[str]:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    devnull = open(os.devnull, "w")
    configure_logging(stream=devnull)  # request lines are formatted and written, as when serving
    app = create_app(settings, config=WebConfig(rate_limit_per_minute=10**9, rate_limit_burst=10**9))
    services = app.state.services
    start = time.perf_counter()
    services.warm_up()
    app.state.directory.rows()
    services.prepare_reports()  # what `jobrisk serve` does before it reports ready
    print(f"load (catalog, scorebook, title coder, directory, report context): {time.perf_counter() - start:.1f} s")
    codes = [r.onet_soc_code for r in app.state.directory.rows()][:limit]

    async def run() -> None:
        for label in ("cold (first render: builds the report object)", "warm (cached)"):
            pages, apis, errors = [], [], 0
            for code in codes:
                status, ms = await _asgi_get(app, f"/occupations/{code}")
                pages.append(ms)
                errors += status != 200
                status, ms = await _asgi_get(app, f"/api/v1/occupations/{code}")
                apis.append(ms)
                errors += status != 200
            print(f"in-process /occupations/{{code}} {label}: {_summary(pages)}")
            print(f"in-process /api/v1/occupations/{{code}} {label}: {_summary(apis)} errors={errors}")

    asyncio.run(run())
    return codes


def startup(settings: Settings, port: int | None, codes: tuple[str, ...]) -> None:
    """Seconds from process start to /health and /ready, then the first pages after /ready."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        server = start_server(settings.data_dir, port, Path(tmp) / "server.log")
        health = ready = None
        try:
            with httpx.Client(base_url=url, timeout=5) as client:
                while time.perf_counter() - started < 180 and ready is None:
                    for path in ("/health", "/ready"):
                        try:
                            ok = client.get(path).status_code == 200
                        except httpx.HTTPError:
                            ok = False
                        if ok and path == "/health" and health is None:
                            health = time.perf_counter() - started
                        if ok and path == "/ready":
                            ready = time.perf_counter() - started
                    time.sleep(0.05)
                if ready is None:
                    raise SystemExit("server did not become ready in 180 s")
                print(
                    f"start-up: /health after {health:.2f} s, /ready after {ready:.2f} s "
                    f"(server CPU so far {_cpu_seconds(server.pid):.2f} s)"
                )
                for code in codes:
                    start = time.perf_counter()
                    status = client.get(f"/occupations/{code}").status_code
                    print(
                        f"first /occupations/{code} after /ready: "
                        f"{(time.perf_counter() - start) * 1000:.0f} ms (HTTP {status})"
                    )
        finally:
            stop_server(server)
    for args in (("occupation", codes[0]), ("report", codes[0], "--format", "md")):
        start, cpu = time.perf_counter(), _children_cpu_seconds()
        result = subprocess.run(cli_command(settings.data_dir, *args), capture_output=True, timeout=300)
        print(
            f"jobrisk {' '.join(args)}: {time.perf_counter() - start:.2f} s "
            f"(CPU {_children_cpu_seconds() - cpu:.2f} s; exit {result.returncode})"
        )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc), the figure load does not inflate."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_test(settings: Settings, codes: list[str], duration_s: int, connections: int, threads: int) -> None:
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (apt-get install -y wrk): load test skipped")
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "server.log"
        server = start_server(settings.data_dir, port, log_path)
        try:
            wait_ready(url, server, log_path)
            start = time.perf_counter()
            with httpx.Client(base_url=url, timeout=30) as client:
                for code in codes:  # first renders happen here, not in the measured run
                    client.get(f"/occupations/{code}").raise_for_status()
            print(f"pre-render of {len(codes)} pages over HTTP: {time.perf_counter() - start:.1f} s")
            script = Path(tmp) / "pages.lua"
            paths = ", ".join(f'"/occupations/{c}"' for c in codes)
            script.write_text(
                f"paths = {{{paths}}}\ncounter = 0\n"
                "request = function()\n  counter = counter + 1\n"
                "  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n"
            )
            result = subprocess.run(
                [
                    wrk,
                    f"-t{threads}",
                    f"-c{connections}",
                    f"-d{duration_s}s",
                    "--timeout",
                    "5s",
                    "-s",
                    str(script),
                    url + "/",
                ],
                capture_output=True,
                text=True,
                timeout=duration_s + 60,
            )
            print(result.stdout.strip())
            rps = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
            non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", result.stdout)
            sock = re.search(r"Socket errors:.*", result.stdout)
            print(
                f"load test: {float(rps.group(1)) if rps else 0:.0f} requests/s over {duration_s} s, "
                f"{connections} connections, {len(codes)} distinct pages; "
                f"non-2xx={non2xx.group(1) if non2xx else 0}; "
                f"{sock.group(0) if sock else 'Socket errors: none'}"
            )
        finally:
            stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="data directory with a built catalog (default: settings)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N occupations")
    parser.add_argument("--duration", type=int, default=15, help="load test seconds (bounded)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (1 leaves a core to the server)")
    parser.add_argument("--skip-load", action="store_true", help="in-process timings only")
    parser.add_argument("--startup-only", action="store_true", help="start-up timings only")
    parser.add_argument("--port", type=int, default=None, help="port for the start-up run")
    args = parser.parse_args()
    settings = Settings.load(data_dir=args.data_dir)
    print(f"catalog: {settings.catalog_path}")
    startup(settings, args.port, ("15-2051.00", "43-9021.00", "29-1141.00"))
    if args.startup_only:
        return
    codes = in_process(settings, args.limit)
    if not args.skip_load:
        load_test(settings, codes, args.duration, args.connections, args.threads)


if __name__ == "__main__":
    main()
