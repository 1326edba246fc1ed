"""Bounded loopback load test of mixed pages and API calls: 0 errors and 0 connection resets.

Starts the web app (uvicorn, one process) on 127.0.0.1 over a built data directory, waits for
``/ready``, then sends a fixed number of requests from ``--concurrency`` keep-alive connections,
mixing occupation pages, search pages, title search and autocomplete, compare, task scoring,
the occupation list and probes. Prints, per phase, requests/s, latency p50/p95/p99/max per
kind, the status histogram, transport errors and connection resets, the server's CPU time per
request of each kind (sent one at a time after the unlimited run), the server's resident memory
after warm-up and its peak (VmHWM from /proc, Linux) and the machine's load average.

Phase ``unlimited`` runs with the rate limit lifted (measures the endpoints); phase ``limited``
runs with the default limits from a single client address, where 429s are expected and must
come back in the error format on a kept-alive connection, never as a reset.

    .venv/bin/python benchmarks/bench_load_mixed.py --data-dir DIR [--requests 1500]
        [--concurrency 16] [--port 8102] [--phases unlimited,limited]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from jobrisk.interfaces.web.child import ServerNotReady, start_server, stop_server, wait_ready

SERVER = """
import sys, uvicorn
from jobrisk.interfaces.web import create_app
from jobrisk.interfaces.web.config import WebConfig
from jobrisk.interfaces.web.logs import configure_logging
from jobrisk.interfaces.cli.serve import KEEP_ALIVE_S
from jobrisk.settings import Settings
import logging
configure_logging(level=logging.WARNING)
limited = sys.argv[3] == "limited"
config = WebConfig(warm_up=True, prerender=False) if limited else WebConfig(warm_up=True, rate_limit=False)
app = create_app(Settings.load(data_dir=sys.argv[1]), config=config)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_config=None, access_log=False,
            timeout_keep_alive=KEEP_ALIVE_S)
"""

TITLES = [
    "registered nurse",
    "Sr. ML Engineer",
    "truck driver",
    "accountant",
    "software developer",
    "barista",
    "data scientist",
    "electrician",
    "teacher",
    "customer service rep",
]
TASKS = [
    "Prepare monthly financial reports for management",
    "Answer customer questions by email",
    "Repair damaged roofs",
    "Write unit tests for new features",
    "Schedule patient appointments",
]
CODES = [
    "15-2051.00",
    "29-1141.00",
    "43-9021.00",
    "47-2181.00",
    "15-1252.00",
    "13-2011.00",
    "53-3032.00",
    "35-3023.00",
    "47-2111.00",
    "25-2021.00",
]


def _request(rng: random.Random) -> tuple[str, str, str, dict | None]:
    """(kind, method, path, json body) of one request of the mix."""
    kind = rng.choices(
        ["page", "api_occupation", "title_search", "suggest", "search_page", "compare", "task_score", "list", "probe"],
        weights=[25, 15, 15, 15, 8, 7, 5, 5, 5],
    )[0]
    code, title = rng.choice(CODES), rng.choice(TITLES)
    if kind == "page":
        return kind, "GET", f"/occupations/{code}", None
    if kind == "api_occupation":
        return kind, "GET", f"/api/v1/occupations/{code}", None
    if kind == "title_search":
        return kind, "GET", f"/api/v1/titles/search?q={title}", None
    if kind == "suggest":
        return kind, "GET", f"/api/v1/titles/suggest?q={title[: rng.randint(2, 6)]}", None
    if kind == "search_page":
        return kind, "GET", f"/search?q={title}", None
    if kind == "compare":
        a, b = rng.sample(CODES, 2)
        return kind, "GET", f"/api/v1/compare?codes={a},{b}", None
    if kind == "task_score":
        return kind, "POST", "/api/v1/tasks/score", {"task": rng.choice(TASKS)}
    if kind == "list":
        return kind, "GET", f"/api/v1/occupations?page={rng.randint(1, 20)}", None
    return kind, "GET", rng.choice(["/health", "/ready"]), None


async def _run(url: str, total: int, concurrency: int, seed: int) -> dict:
    rng = random.Random(seed)
    plan = [_request(rng) for _ in range(total)]
    queue: asyncio.Queue = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    statuses: collections.Counter = collections.Counter()
    errors: collections.Counter = collections.Counter()
    latency: dict[str, list[float]] = collections.defaultdict(list)
    bad_bodies = 0
    failures: list[str] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal bad_bodies
        while True:
            try:
                kind, method, path, body = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            start = time.perf_counter()
            try:
                response = await client.request(method, path, json=body)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.ConnectError) as exc:
                reset = "reset" in str(exc).lower() or "disconnected" in str(exc).lower()
                errors["connection_reset" if reset else type(exc).__name__] += 1
                failures.append(f"{kind} {method} {path}: {type(exc).__name__}: {exc}")
                continue
            except httpx.TimeoutException:
                errors["timeout"] += 1
                continue
            latency[kind].append((time.perf_counter() - start) * 1000)
            statuses[response.status_code] += 1
            if response.status_code >= 400 and path.startswith("/api/"):
                try:
                    response.json()["error"]["code"]
                except Exception:  # noqa: BLE001 - counted, not raised
                    bad_bodies += 1

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return {
        "seconds": time.perf_counter() - started,
        "statuses": statuses,
        "errors": errors,
        "latency": latency,
        "bad_error_bodies": bad_bodies,
        "failures": failures,
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cost(url: str, pid: int, per_kind: int, seed: int) -> dict[str, float]:
    """Server CPU milliseconds per request of each kind, one request at a time (robust to a busy
    machine, unlike wall time): the same mix, grouped by kind, after one untimed request each."""
    rng = random.Random(seed)
    by_kind: dict[str, list] = collections.defaultdict(list)
    while min((len(v) for v in by_kind.values()), default=0) < per_kind + 1 or len(by_kind) < 9:
        item = _request(rng)
        by_kind[item[0]].append(item)
    out = {}
    with httpx.Client(base_url=url, timeout=60) as client:
        for kind, items in sorted(by_kind.items()):
            _, method, path, body = items[0]
            client.request(method, path, json=body)  # first use of a code path is not its cost
            before = _cpu_seconds(pid)
            for _, method, path, body in items[1 : per_kind + 1]:
                client.request(method, path, json=body)
            out[kind] = (_cpu_seconds(pid) - before) * 1000 / per_kind
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


def _report(phase: str, total: int, concurrency: int, result: dict) -> None:
    done = sum(result["statuses"].values())
    print(
        f"\n[{phase}] {total} requests, {concurrency} keep-alive connections: "
        f"{done / result['seconds']:.1f} requests/s over {result['seconds']:.1f} s"
    )
    print(f"  statuses: {dict(sorted(result['statuses'].items()))}")
    print(
        f"  transport errors: {dict(result['errors']) or 0}; connection resets: "
        f"{result['errors'].get('connection_reset', 0)}; 5xx: "
        f"{sum(n for s, n in result['statuses'].items() if s >= 500)}; error bodies not in the "
        f"one format: {result['bad_error_bodies']}"
    )
    for failure in result["failures"][:10]:
        print(f"  failed request: {failure}")
    for kind, values in sorted(result["latency"].items()):
        print(
            f"  {kind:15s} n={len(values):5d} p50={statistics.median(values):8.1f} ms "
            f"p95={_pct(values, 0.95):8.1f} ms p99={_pct(values, 0.99):8.1f} ms "
            f"max={max(values):8.1f} ms"
        )
    if result.get("cpu_ms"):
        print(
            "  server CPU per request, one at a time (30 each): "
            + ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in result["cpu_ms"].items())
        )
    memory = result.get("memory_mb")
    if memory:
        print(
            f"  server memory: {memory['ready']:.0f} MB resident when ready, {memory['end']:.0f} MB "
            f"at the end, peak {memory['peak']:.0f} MB"
        )
    print(f"  load average (1, 5, 15 min) at the end: {result['load']}")


def _memory_mb(pid: int) -> dict[str, float]:
    """Resident and peak resident memory of a process in MB (Linux /proc; empty elsewhere)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    values = {
        line.split(":")[0]: float(line.split()[1]) / 1024 for line in lines if line.startswith(("VmRSS:", "VmHWM:"))
    }
    return {"rss": values.get("VmRSS", 0.0), "peak": values.get("VmHWM", 0.0)}


def _start(data_dir: str, port: int, phase: str, log_path: Path) -> subprocess.Popen:
    server = start_server(data_dir, port, log_path, command=[sys.executable, "-c", SERVER, data_dir, str(port), phase])
    try:
        seconds = wait_ready(f"http://127.0.0.1:{port}", server, log_path, timeout_s=600)
    except ServerNotReady as exc:
        stop_server(server)
        raise SystemExit(str(exc)) from exc
    print(f"[{phase}] ready after {seconds:.1f} s")
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="data directory with a built catalog")
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phases", default="unlimited,limited")
    args = parser.parse_args()
    failed = False
    for phase in args.phases.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            server = _start(args.data_dir, args.port, phase, Path(tmp) / "server.log")
            try:
                ready = _memory_mb(server.pid)
                result = asyncio.run(_run(f"http://127.0.0.1:{args.port}", args.requests, args.concurrency, args.seed))
                end = _memory_mb(server.pid)
                if phase == "unlimited":
                    result["cpu_ms"] = _cost(f"http://127.0.0.1:{args.port}", server.pid, 30, args.seed)
                if ready and end:
                    result["memory_mb"] = {"ready": ready["rss"], "end": end["rss"], "peak": end["peak"]}
                result["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
            finally:
                stop_server(server, timeout_s=15)
            _report(phase, args.requests, args.concurrency, result)
            server_errors = sum(n for s, n in result["statuses"].items() if s >= 500)
            unexpected = sum(
                n for s, n in result["statuses"].items() if s >= 400 and not (phase == "limited" and s == 429)
            )
            if result["errors"] or server_errors or unexpected or result["bad_error_bodies"]:
                failed = True
                print(f"  FAILED: {unexpected} unexpected error statuses")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
