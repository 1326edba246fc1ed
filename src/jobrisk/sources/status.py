"""The state of the raw data directory against the registry (used by ``jobrisk data status``).

Each registry file is one of:

- ``ok``: present, and its sha256 equals the registry's mirror or official checksum;
- ``unverified``: present, downloaded from a publisher whose checksum is not known; its sha256
  equals the one recorded (as unverified) in ``MANIFEST.json`` at download time;
- ``bad``: present, but its sha256 matches neither the registry nor the manifest;
- ``missing``: not there.

May import: ``jobrisk.errors`` and the other ``jobrisk.sources`` modules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobrisk.sources.checksums import sha256_file
from jobrisk.sources.manifest import ManifestEntry, manifest_path, read_manifest
from jobrisk.sources.registry import Registry, Source, SourceFile, default_registry
from jobrisk.sources.sync import verified_against

FILE_STATES = ("ok", "unverified", "bad", "missing")


@dataclass(frozen=True)
class FileState:
    file: SourceFile
    state: str  # one of FILE_STATES
    sha256: str | None
    size_bytes: int | None
    verified_against: str | None
    obtained_from: str | None
    synced_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file.name,
            "state": self.state,
            "release": self.file.release,
            "checksum_status": self.file.checksum_status,
            "sha256": self.sha256,
            "size_bytes": self.size_bytes,
            "verified_against": self.verified_against,
            "obtained_from": self.obtained_from,
            "synced_at": self.synced_at,
        }


@dataclass(frozen=True)
class SourceState:
    source: Source
    files: tuple[FileState, ...]

    @property
    def counts(self) -> Counter[str]:
        """How many of this source's files are in each state (0 for a state none is in)."""
        return Counter(f.state for f in self.files)

    @property
    def releases(self) -> tuple[str, ...]:
        """The distinct releases of this source's files, source version first."""
        seen = [self.source.version]
        for f in self.files:
            if f.file.release not in seen:
                seen.append(f.file.release)
        return tuple(seen)

    @property
    def checksum_statuses(self) -> dict[str, int]:
        return dict(Counter(f.file.checksum_status for f in self.files))

    def to_dict(self) -> dict[str, Any]:
        s = self.source
        return {
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher,
            "version": s.version,
            "releases": list(self.releases),
            "license": s.license,
            "folder": s.mirror_folder,
            "counts": {state: self.counts[state] for state in FILE_STATES},
            "checksum_statuses": self.checksum_statuses,
            "files": [f.to_dict() for f in self.files],
        }


@dataclass(frozen=True)
class RawStatus:
    raw_dir: Path
    manifest_found: bool
    sources: tuple[SourceState, ...]

    @property
    def counts(self) -> Counter[str]:
        """How many registry files are in each state, over every source."""
        return sum((s.counts for s in self.sources), Counter())

    @property
    def complete(self) -> bool:
        """True when every registry file is present and ok or (knowingly) unverified."""
        return self.counts["missing"] == 0 and self.counts["bad"] == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw_dir": str(self.raw_dir),
            "manifest_found": self.manifest_found,
            "complete": self.complete,
            "counts": {state: self.counts[state] for state in FILE_STATES},
            "sources": [s.to_dict() for s in self.sources],
        }


def raw_status(raw_dir: Path, registry: Registry | None = None) -> RawStatus:
    """Check every registry file in ``raw_dir`` (reads and hashes each present file)."""
    registry = registry or default_registry()
    raw_dir = Path(raw_dir)
    manifest = read_manifest(raw_dir)
    sources = tuple(
        SourceState(source, tuple(_file_state(raw_dir, f, manifest.get(f.key)) for f in source.files))
        for source in registry
    )
    return RawStatus(raw_dir, manifest_path(raw_dir).exists(), sources)


def _file_state(raw_dir: Path, file: SourceFile, entry: ManifestEntry | None) -> FileState:
    path = raw_dir / file.mirror_folder / file.name
    if not path.is_file():
        return FileState(file, "missing", None, None, None, None, None)
    sha = sha256_file(path)
    verified = verified_against(file, sha)
    if verified is not None:
        state = "ok"
    elif entry is not None and entry.sha256 == sha:
        state = "unverified"
    else:
        state = "bad"
    recorded = entry if entry is not None and entry.sha256 == sha else None
    return FileState(
        file,
        state,
        sha,
        path.stat().st_size,
        verified,
        recorded.obtained_from if recorded else None,
        recorded.synced_at if recorded else None,
    )


def files_changed_since_build(raw: RawStatus, built_sha256: dict[str, str]) -> list[str]:
    """Keys of files the catalog was built from (``{key: sha256}``, from its build manifest)
    that are now different or gone in the raw directory: the catalog is out of date."""
    current = {f.file.key: f.sha256 for s in raw.sources for f in s.files}
    return sorted(key for key, sha in built_sha256.items() if key in current and current[key] != sha)
