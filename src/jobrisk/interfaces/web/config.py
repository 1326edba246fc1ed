"""Web settings: request limits, rate limits and cache sizes, fixed when the app is created."""

from __future__ import annotations

from dataclasses import dataclass

#: Paths that accept file uploads, and so the larger ``max_upload_bytes`` body limit.
UPLOAD_PATHS = frozenset({"/api/v1/audits/roster", "/audits/roster"})


@dataclass(frozen=True)
class WebConfig:
    """Limits the web app enforces; defaults suit a public deployment."""

    max_body_bytes: int = 64 * 1024  # request bodies larger than this get 413
    max_upload_bytes: int = 32 * 1024 * 1024  # ... except file uploads to UPLOAD_PATHS (rosters)
    max_url_chars: int = 4096  # request targets longer than this get 414
    rate_limit_per_minute: int = 600  # tokens per client (IPv4 address / IPv6 /64) a minute
    rate_limit_burst: int = 120  # bucket size: tokens spendable at once
    rate_limit_clients: int = 50_000  # buckets kept; the least recently seen go first
    rate_limit: bool = True  # False lifts the limit (load tests, fuzzing the API)
    forwarded_allow_ips: tuple[str, ...] = ()  # proxies whose X-Forwarded-For/-Proto are trusted
    # (addresses or networks, "*" for any): behind TLS
    # termination this also turns on HSTS and Secure cookies
    page_cache_size: int = 2048  # rendered occupation pages kept in memory
    secret_key: bytes | None = None  # signs CSRF tokens; random per process when None
    warm_up: bool = False  # load catalog, scorebook and title coder at start-up
    prerender: bool = False  # then render every occupation page (with warm_up)
    native_threads: int | None = 1  # BLAS/OpenMP threads per request (None: the libraries'
    # default). Requests run in parallel threads already, and
    # a second BLAS thread spinning beside each small product
    # costs several times its CPU (see bench_load_mixed.py)

    def body_limit(self, path: str) -> int:
        """The request body limit for ``path`` in bytes."""
        return self.max_upload_bytes if path in UPLOAD_PATHS else self.max_body_bytes
