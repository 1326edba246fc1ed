"""``sync_sources`` without a mirror, against a real HTTP server on 127.0.0.1 (no mocks):
verified downloads, resume after an interruption, conversions, and clear network errors."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import socket
import threading
import zipfile
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

from jobrisk.errors import ChecksumMismatchError, SourceUnavailableError
from jobrisk.sources.registry import Registry, load_registry
from jobrisk.sources.status import raw_status
from jobrisk.sources.sync import SyncObserver, partial_path, sync_sources

TASKS = (
    "O*NET-SOC Code\tTitle\tTask ID\tTask\n"
    + "".join(f'15-1252.00\tSoftware Developers\t{i}\tTask "{i}" text.\n' for i in range(2000))
).encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Handler(BaseHTTPRequestHandler):
    """Serves ``server.files``; honours ``Range``; a path in ``server.cut`` is sent only up to
    that many bytes before the connection is dropped (a lost network)."""

    def do_GET(self) -> None:
        server = self.server
        path = unquote(self.path)
        rng = self.headers.get("Range")
        server.requests.append((path, rng))
        data = server.files.get(path)
        if data is None:
            self.send_error(404, "Not Found")
            return
        if server.ignore_range:
            rng = None
        start = int(rng.split("=")[1].split("-")[0]) if rng else 0
        if start >= len(data) and rng:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{len(data)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if rng:
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        cut = server.cut.pop(path, None)
        self.wfile.write(body[:cut] if cut is not None else body)
        if cut is not None:
            self.wfile.flush()
            self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.files, httpd.requests, httpd.cut, httpd.ignore_range = {}, [], {}, False
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def write_registry(tmp_path: Path, files: list[dict]) -> Registry:
    """One source 'demo' (folder 'demo') with the given [[source.file]] tables."""
    out = [
        "schema_version = 1",
        "[[source]]",
        'id = "demo"',
        'title = "Demo"',
        'publisher = "P"',
        'version = "1.0"',
        'release_date = "2025"',
        'license = "MIT"',
        'license_url = "https://example.org/l"',
        'attribution = "Demo data"',
        'landing_url = "https://example.org/"',
        'mirror_folder = "demo"',
    ]
    for f in files:
        out.append("[[source.file]]")
        out += [f"{k} = {json.dumps(v)}" for k, v in f.items()]
    # The loader accepts https:// locations only; the test server speaks http on loopback, so
    # the URLs are written as https:// and turned back into http:// once loaded.
    path = tmp_path / "registry.toml"
    text = "\n".join(out) + "\n"
    path.write_text(text.replace("http://127.0.0.1", "https://127.0.0.1"), encoding="utf-8")
    registry = load_registry(path)
    sources = tuple(
        replace(
            s,
            files=tuple(
                replace(f, urls=tuple(u.replace("https://127.0.0.1", "http://127.0.0.1") for u in f.urls))
                for f in s.files
            ),
        )
        for s in registry.sources
    )
    return replace(registry, sources=sources)


def byte_copy(name: str, url: str, data: bytes, mirror: bytes | None = None) -> dict:
    return {
        "name": name,
        "urls": [url],
        "conversion": "none",
        "checksum_status": "official",
        "sha256_official": sha(data),
        "sha256_mirror": sha(mirror or data),
    }


def unknown(name: str, urls: list[str], conversion: str, mirror: bytes, **extra) -> dict:
    return {
        "name": name,
        "urls": urls,
        "conversion": conversion,
        "checksum_status": "converted",
        "sha256_official": "unknown",
        "sha256_official_reason": "converted from Excel",
        "sha256_mirror": sha(mirror),
        **extra,
    }


class Recorder(SyncObserver):
    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.totals: list[tuple[int | None, int]] = []

    def bytes_expected(self, file, total_bytes, done_bytes) -> None:
        self.totals.append((total_bytes, done_bytes))

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def test_download_with_known_official_checksum_is_verified_and_recorded(server, tmp_path):
    server.files["/db/Task Statements.txt"] = TASKS
    url = f"{server.base}/db/Task%20Statements.txt"
    registry = write_registry(tmp_path, [byte_copy("Task Statements.txt", url, TASKS)])
    raw = tmp_path / "raw"
    report = sync_sources(raw, registry=registry)
    assert report.count("downloaded") == 1
    assert (raw / "demo" / "Task Statements.txt").read_bytes() == TASKS
    entry = json.loads((raw / "MANIFEST.json").read_text())["files"]["demo/Task Statements.txt"]
    assert (entry["method"], entry["obtained_from"], entry["verified_against"]) == ("download", url, "sha256_official")
    assert not list((raw / ".partial").rglob("*.part"))


def test_interrupted_download_resumes_with_a_range_request(server, tmp_path):
    server.files["/t.txt"] = TASKS
    server.cut["/t.txt"] = 10_000  # the connection drops after 10,000 bytes
    url = f"{server.base}/t.txt"
    registry = write_registry(tmp_path, [byte_copy("t.txt", url, TASKS)])
    raw = tmp_path / "raw"
    with pytest.raises(SourceUnavailableError, match="partial download is kept"):
        sync_sources(raw, registry=registry)
    part = partial_path(raw, registry.sources[0].files[0], url)
    assert part.stat().st_size == 10_000
    assert not (raw / "demo" / "t.txt").exists()

    recorder = Recorder()
    sync_sources(raw, registry=registry, observer=recorder)
    assert server.requests[-1] == ("/t.txt", "bytes=10000-")
    assert recorder.totals == [(len(TASKS), 10_000)]
    assert (raw / "demo" / "t.txt").read_bytes() == TASKS
    assert not part.exists()


def test_server_that_ignores_range_makes_the_download_start_over(server, tmp_path):
    server.files["/t.txt"] = TASKS
    server.ignore_range = True
    url = f"{server.base}/t.txt"
    registry = write_registry(tmp_path, [byte_copy("t.txt", url, TASKS)])
    raw = tmp_path / "raw"
    part = partial_path(raw, registry.sources[0].files[0], url)
    part.parent.mkdir(parents=True)
    part.write_bytes(TASKS[:500])
    sync_sources(raw, registry=registry)
    assert server.requests == [("/t.txt", "bytes=500-")]
    assert (raw / "demo" / "t.txt").read_bytes() == TASKS


def test_complete_partial_file_is_finished_without_downloading_again(server, tmp_path):
    server.files["/t.txt"] = TASKS
    url = f"{server.base}/t.txt"
    registry = write_registry(tmp_path, [byte_copy("t.txt", url, TASKS)])
    raw = tmp_path / "raw"
    part = partial_path(raw, registry.sources[0].files[0], url)
    part.parent.mkdir(parents=True)
    part.write_bytes(TASKS)
    sync_sources(raw, registry=registry)
    assert server.requests == [("/t.txt", f"bytes={len(TASKS)}-")]  # answered 416
    assert (raw / "demo" / "t.txt").read_bytes() == TASKS


def test_checksum_mismatch_sets_the_download_aside_and_places_nothing(server, tmp_path):
    server.files["/t.txt"] = TASKS.replace(b'Task "7"', b'Task "8"')
    url = f"{server.base}/t.txt"
    registry = write_registry(tmp_path, [byte_copy("t.txt", url, TASKS)])
    raw = tmp_path / "raw"
    with pytest.raises(ChecksumMismatchError, match="kept aside"):
        sync_sources(raw, registry=registry)
    assert not (raw / "demo" / "t.txt").exists()
    assert len(list((raw / ".rejected" / "demo").iterdir())) == 1
    assert not partial_path(raw, registry.sources[0].files[0], url).exists()


def test_unknown_official_checksum_is_used_but_reported_loudly_as_unverified(server, tmp_path):
    server.files["/alt.txt"] = TASKS
    registry = write_registry(tmp_path, [unknown("alt.txt", [f"{server.base}/alt.txt"], "none", mirror=b"mirror form")])
    raw = tmp_path / "raw"
    recorder = Recorder()
    report = sync_sources(raw, registry=registry, observer=recorder)
    assert len(recorder.warnings) == 1 and recorder.warnings[0].startswith("UNVERIFIED")
    assert sha(TASKS) in recorder.warnings[0] and "converted from Excel" in recorder.warnings[0]
    assert [o.file.name for o in report.unverified] == ["alt.txt"]
    entry = json.loads((raw / "MANIFEST.json").read_text())["files"]["demo/alt.txt"]
    assert entry["verified_against"] is None and entry["sha256"] == sha(TASKS)
    assert raw_status(raw, registry).sources[0].files[0].state == "unverified"
    again = sync_sources(raw, registry=registry)
    assert again.count("skipped") == 1 and len(server.requests) == 1


def test_gzip_conversion_stores_the_served_text_gzipped(server, tmp_path):
    server.files["/Skills.txt"] = TASKS
    registry = write_registry(tmp_path, [unknown("Skills.txt.gz", [f"{server.base}/Skills.txt"], "gzip", mirror=b"x")])
    raw = tmp_path / "raw"
    sync_sources(raw, registry=registry)
    placed = raw / "demo" / "Skills.txt.gz"
    assert gzip.decompress(placed.read_bytes()) == TASKS
    assert placed.read_bytes()[4:8] == b"\0\0\0\0"  # no time stamp: reproducible bytes


def test_zip_member_is_extracted_after_the_archive_is_verified(server, tmp_path):
    member = b'{"one_to_one": {"11-1011": "11-1011"}}'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pkg/resources/crosswalk.json", member)
    server.files["/pkg.whl"] = buffer.getvalue()
    registry = write_registry(
        tmp_path,
        [
            {
                **byte_copy("crosswalk.json", f"{server.base}/pkg.whl", member),
                "conversion": "zip-member",
                "archive_member": "pkg/resources/crosswalk.json",
                "archive_sha256": sha(buffer.getvalue()),
            }
        ],
    )
    raw = tmp_path / "raw"
    report = sync_sources(raw, registry=registry)
    assert (raw / "demo" / "crosswalk.json").read_bytes() == member
    assert report.outcomes[0].verified_against == "sha256_official"


def test_work_context_conversion_keeps_occupation_level_means_only(server, tmp_path):
    header = "O*NET-SOC Code\tTitle\tElement ID\tElement Name\tScale ID\tScale Name\tCategory\tData Value\tN\n"
    rows = [
        "11-1011.00\tChief Executives\t4.C.1.a.2.c\tPublic Speaking\tCX\tContext\tn/a\t3.07\t29",
        "11-1011.00\tChief Executives\t4.C.1.a.2.c\tPublic Speaking\tCXP\tContext (Categories)\t1\t0.0\t29",
        "11-1011.00\tChief Executives\t4.C.3.d.8\tDuration of Typical Work Week\tCT\tContext\tn/a\t2.86\t29",
    ]
    server.files["/Work Context.txt"] = (header + "\n".join(rows) + "\n").encode()
    registry = write_registry(
        tmp_path,
        [
            unknown(
                "Work Context (CX CT means).txt.gz",
                [f"{server.base}/Work%20Context.txt"],
                "onet-work-context-means",
                mirror=b"x",
            )
        ],
    )
    raw = tmp_path / "raw"
    sync_sources(raw, registry=registry)
    text = gzip.decompress((raw / "demo" / "Work Context (CX CT means).txt.gz").read_bytes())
    assert text.decode().splitlines() == [
        "O*NET-SOC Code\tTitle\tElement ID\tElement Name\tScale ID\tScale Name\tData Value",
        "11-1011.00\tChief Executives\t4.C.1.a.2.c\tPublic Speaking\tCX\tContext\t3.07",
        "11-1011.00\tChief Executives\t4.C.3.d.8\tDuration of Typical Work Week\tCT\tContext\t2.86",
    ]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refused_connection_names_source_url_and_the_mirror_remedy(tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}/t.txt"
    registry = write_registry(tmp_path, [byte_copy("t.txt", url, TASKS)])
    with pytest.raises(SourceUnavailableError) as caught:
        sync_sources(tmp_path / "raw", registry=registry)
    message = str(caught.value)
    assert "demo/t.txt (source 'demo')" in message and url in message
    assert "refused" in message and "--mirror DIR" in message


def test_http_error_status_is_reported_with_its_code(server, tmp_path):
    url = f"{server.base}/gone.txt"
    registry = write_registry(tmp_path, [byte_copy("gone.txt", url, TASKS)])
    with pytest.raises(SourceUnavailableError, match=r"answered HTTP 404 Not Found"):
        sync_sources(tmp_path / "raw", registry=registry)


def test_second_location_is_used_when_the_first_is_unreachable(server, tmp_path):
    server.files["/t.txt"] = TASKS
    first = f"http://127.0.0.1:{_closed_port()}/t.txt"
    entry = byte_copy("t.txt", first, TASKS)
    entry["urls"] = [first, f"{server.base}/t.txt"]
    registry = write_registry(tmp_path, [entry])
    report = sync_sources(tmp_path / "raw", registry=registry)
    assert report.outcomes[0].obtained_from == f"{server.base}/t.txt"


def test_file_that_exists_only_in_mirror_form_asks_for_a_mirror(tmp_path):
    registry = write_registry(
        tmp_path,
        [
            {
                "name": "derived.csv",
                "urls": [],
                "conversion": "mirror-only",
                "checksum_status": "converted",
                "sha256_official": "unknown",
                "sha256_official_reason": "a CSV derived from an Excel sheet",
                "sha256_mirror": "c" * 64,
            }
        ],
    )
    with pytest.raises(SourceUnavailableError, match=r"cannot be downloaded: a CSV derived.*--mirror DIR"):
        sync_sources(tmp_path / "raw", registry=registry)
