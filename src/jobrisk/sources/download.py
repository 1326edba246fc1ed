"""Resumable HTTP downloads into a ``.part`` file (httpx streaming, HTTP Range on rerun).

A download appends to ``<part>`` as bytes arrive; interrupting it (Ctrl-C, lost network)
leaves the partial file, and the next call asks the server for the remaining bytes with an
HTTP ``Range`` header. A server that ignores ``Range`` (answers 200) makes the download start
over. Network, DNS and HTTP failures become :class:`SourceUnavailableError` naming the source,
file, URL and what to do next.

May import: ``jobrisk.errors`` (and the package version).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx

from jobrisk._version import __version__
from jobrisk.errors import SourceUnavailableError

USER_AGENT = f"jobrisk/{__version__} (data sync; https://github.com/jobrisk)"
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")

MIRROR_HINT = (
    "Check your network connection, or obtain the data from a copy of the data "
    "mirror: jobrisk data sync --mirror DIR (or set JOBRISK_MIRROR=DIR)."
)


def default_client() -> httpx.Client:
    """The HTTP client used by ``jobrisk data sync``: redirects followed, finite timeouts."""
    return httpx.Client(
        follow_redirects=True, timeout=httpx.Timeout(60.0, connect=15.0), headers={"User-Agent": USER_AGENT}
    )


def download(
    url: str,
    part_path: Path,
    *,
    client: httpx.Client,
    what: str,
    on_total: Callable[[int | None, int], None] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Path:
    """Download ``url`` into ``part_path``, resuming a partial file. ``what`` names the file and
    its source in error messages. ``on_total(total_bytes_or_None, already_have_bytes)`` is called
    once the size is known; ``on_bytes(n)`` as bytes arrive. Returns ``part_path`` when the
    server has sent the whole file."""
    part_path.parent.mkdir(parents=True, exist_ok=True)
    have = part_path.stat().st_size if part_path.exists() else 0
    headers = {"Accept-Encoding": "identity"}  # byte ranges and checksums refer to the file itself
    if have:
        headers["Range"] = f"bytes={have}-"
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 416 and have:
                # Nothing left to send: the partial file is already complete.
                if on_total:
                    on_total(have, have)
                return part_path
            if response.status_code == 206 and have:
                start, total = _parse_content_range(response.headers.get("Content-Range", ""))
                if start != have:
                    raise SourceUnavailableError(
                        f"Could not resume {what} from {url}: asked for bytes from {have}, the "
                        f"server sent a range starting at {start}. Delete {part_path} and sync "
                        "again."
                    )
                mode = "ab"
            elif response.status_code == 200:
                have, mode = 0, "wb"
                total = _content_length(response)
            else:
                raise SourceUnavailableError(
                    f"Could not download {what}: {url} answered HTTP {response.status_code} "
                    f"{response.reason_phrase}. {MIRROR_HINT}"
                )
            if on_total:
                on_total(total, have)
            with open(part_path, mode) as out:
                for block in response.iter_bytes():
                    out.write(block)
                    if on_bytes:
                        on_bytes(len(block))
            if total is not None and part_path.stat().st_size < total:
                raise SourceUnavailableError(
                    f"Download of {what} from {url} stopped at {part_path.stat().st_size:,} of "
                    f"{total:,} bytes. Run the same command again to resume."
                )
    except httpx.HTTPError as exc:
        raise SourceUnavailableError(
            f"Could not download {what} from {url}: {_describe(exc)}. "
            + (
                "The partial download is kept and resumes on the next run. "
                if part_path.exists() and part_path.stat().st_size
                else ""
            )
            + MIRROR_HINT
        ) from exc
    return part_path


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("Content-Length")
    if value is None or response.headers.get("Content-Encoding", "identity") != "identity":
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _parse_content_range(value: str) -> tuple[int, int | None]:
    match = _CONTENT_RANGE.fullmatch(value.strip())
    if not match:
        return -1, None
    total = None if match.group(3) == "*" else int(match.group(3))
    return int(match.group(1)), total


def _describe(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if isinstance(exc, httpx.ConnectError):
        if any(
            s in lowered
            for s in ("name or service not known", "getaddrinfo", "nodename nor servname", "temporary failure in name")
        ):
            return f"the host name could not be resolved (offline or no DNS?) ({text})"
        if "refused" in lowered:
            return f"the connection was refused ({text})"
        return f"could not connect ({text})"
    if isinstance(exc, httpx.TimeoutException):
        return f"the server did not answer in time ({type(exc).__name__})"
    return f"{type(exc).__name__}: {text}"
