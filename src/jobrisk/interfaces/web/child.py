"""``jobrisk serve`` in a child process, for the scripts that need a real server over HTTP (the
benchmarks, the end-to-end tests).

:func:`start_server` starts it with this Python (``sys.executable``), its output going to a log
file; :func:`wait_ready` polls ``/ready`` until it answers 200 and returns the seconds waited
(a child that exits or a deadline passed raises :class:`ServerNotReady` with the log);
:func:`stop_server` ends it (terminate, then kill). :func:`free_port` picks a free loopback port.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

#: Runs the CLI from this interpreter (works from a source tree without the ``jobrisk`` script).
CLI = (sys.executable, "-c", "from jobrisk.interfaces.cli.main import app; app()")


class ServerNotReady(RuntimeError):
    """The child exited, or did not answer /ready with 200 in time; the message holds its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli_command(data_dir: str | Path, *args: str) -> list[str]:
    """``jobrisk --data-dir DATA_DIR ARGS...`` run by this interpreter."""
    return [*CLI, "--data-dir", str(data_dir), *args]


def start_server(
    data_dir: str | Path, port: int, log_path: Path, extra: Sequence[str] = (), command: Sequence[str] | None = None
) -> subprocess.Popen[bytes]:
    """``jobrisk serve`` on 127.0.0.1:``port`` (or ``command`` when given), output in ``log_path``."""
    argv = (
        list(command)
        if command is not None
        else cli_command(data_dir, "serve", "--host", "127.0.0.1", "--port", str(port), *extra)
    )
    with open(log_path, "wb") as log:
        return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(url: str, process: subprocess.Popen[bytes], log_path: Path, timeout_s: float = 180.0) -> float:
    """Seconds until ``url``/ready answered 200; ServerNotReady when the child exits or time runs out."""
    started = time.monotonic()
    while True:
        if process.poll() is not None:
            raise ServerNotReady(f"jobrisk serve exited early:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{url}/ready", timeout=5).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        if time.monotonic() - started > timeout_s:
            raise ServerNotReady(f"jobrisk serve not ready after {timeout_s:.0f} s:\n{log_path.read_text()}")
        time.sleep(0.3)


def stop_server(process: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    """Terminate the child; kill it when it has not exited after ``timeout_s``."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
