"""``raw/MANIFEST.json``: how each local source file was obtained.

One entry per file (keyed ``<mirror_folder>/<name>``): the sha256 of the file in place, where it
came from (a mirror path or a URL), whether that sha256 was verified against the registry (and
against which checksum), the registry's checksum status, and when. Written atomically
(:func:`jobrisk.durable.atomic_write_text`: unique temp file, fsync, rename) after every sync.

May import: ``jobrisk.durable``, ``jobrisk.errors``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from jobrisk.durable import atomic_write_text
from jobrisk.errors import DataError

MANIFEST_NAME = "MANIFEST.json"
MANIFEST_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ManifestEntry:
    source_id: str
    file: str
    release: str
    sha256: str
    method: str  # 'mirror' | 'download' | 'derive' | 'already-present'
    obtained_from: str  # mirror path, URL, or a note for files found already in place
    verified_against: str | None  # 'sha256_mirror' | 'sha256_official' | None (unverified)
    checksum_status: str
    synced_at: str  # ISO 8601, UTC

    @property
    def verified(self) -> bool:
        return self.verified_against is not None


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def manifest_path(raw_dir: Path) -> Path:
    return raw_dir / MANIFEST_NAME


def read_manifest(raw_dir: Path) -> dict[str, ManifestEntry]:
    """Entries of ``raw_dir/MANIFEST.json`` by file key; empty when there is no manifest."""
    path = manifest_path(raw_dir)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {key: ManifestEntry(**value) for key, value in data["files"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(
            f"{path} is not a valid sync manifest ({type(exc).__name__}: {exc}). Delete it and "
            "run 'jobrisk data sync' again; files already in place are re-checked, not "
            "re-fetched."
        ) from exc


def write_manifest(raw_dir: Path, entries: dict[str, ManifestEntry]) -> Path:
    """Write all ``entries`` to ``raw_dir/MANIFEST.json`` atomically; returns its path."""
    path = manifest_path(raw_dir)
    raw_dir.mkdir(parents=True, exist_ok=True)
    payload = {
        "schema_version": MANIFEST_SCHEMA_VERSION,
        "updated_at": utc_now(),
        "files": {key: asdict(entries[key]) for key in sorted(entries)},
    }
    atomic_write_text(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path
