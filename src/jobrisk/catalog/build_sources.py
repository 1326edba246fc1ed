"""The input files of a catalog build: which they are, whether they exist, their provenance.

Versions, releases and checksum statuses come from the source registry
(:mod:`jobrisk.sources.registry`); sha256 sums are computed from the files actually
read. The build ``fingerprint`` (sha256 over the sorted input checksums and the
schema version) is the identity other artifacts pin to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from jobrisk.errors import ChecksumMismatchError, NotFoundError, SourceUnavailableError
from jobrisk.sources.checksums import sha256_file
from jobrisk.sources.readers import aei, aioe, bls, crosswalks, frey_osborne, gpts, onet, soc_structure
from jobrisk.sources.registry import Registry, default_registry

#: Every file the build reads, as (folder, file name) below the raw directory.
REQUIRED_FILES: tuple[tuple[str, str], ...] = tuple(
    (module.FOLDER, name)
    for module in (onet, gpts, aioe, frey_osborne, bls, crosswalks, aei, soc_structure)
    for name in module.ALL_FILES
)

UNVERIFIED = "unverified"  # checksum status of a file whose sha256 the registry does not accept


@dataclass(frozen=True)
class InputFile:
    source_id: str
    folder: str
    file: str
    path: Path
    version: str
    release: str | None
    sha256: str
    checksum_status: str

    @property
    def key(self) -> str:
        return f"{self.folder}/{self.file}"


def _present(raw_dir: Path, folder: str, name: str) -> Path | None:
    for candidate in (raw_dir / folder / name, raw_dir / folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def missing_files(raw_dir: Path) -> list[str]:
    """``folder/file`` of every required input absent from ``raw_dir``."""
    return [f"{folder}/{name}" for folder, name in REQUIRED_FILES if _present(raw_dir, folder, name) is None]


def require_inputs(raw_dir: Path) -> None:
    """Raise SourceUnavailableError naming every missing input file."""
    missing = missing_files(raw_dir)
    if missing:
        shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
        raise SourceUnavailableError(
            f"{len(missing)} source file(s) missing under {raw_dir}: {shown}. "
            "Run `jobrisk data sync --mirror DIR` first."
        )


def input_files(raw_dir: Path, *, registry: Registry | None = None, verify: bool = False) -> list[InputFile]:
    """Provenance of every required input, sha256 computed now.

    A file the registry knows gets its source id, version, release and checksum
    status from there; with ``verify`` a checksum the registry does not accept raises
    ChecksumMismatchError, otherwise the file is marked ``unverified``. Files the
    registry does not know are recorded under their folder name with version ``unknown``.
    """
    require_inputs(raw_dir)
    registry = registry if registry is not None else default_registry()
    out: list[InputFile] = []
    onet_release = onet.database_release(raw_dir / onet.FOLDER)
    for folder, name in REQUIRED_FILES:
        path = _present(raw_dir, folder, name)
        assert path is not None  # require_inputs checked
        digest = sha256_file(path)
        try:
            entry = registry.file_by_key(f"{folder}/{path.name}")
        except NotFoundError:
            entry = None
        if entry is None:
            release = onet_release if folder == onet.FOLDER else None
            out.append(InputFile(folder, folder, path.name, path, "unknown", release, digest, "official-unknown"))
            continue
        status = entry.checksum_status
        if digest not in entry.accepted_sha256():
            if verify:
                raise ChecksumMismatchError(str(path), entry.sha256_mirror, digest)
            status = UNVERIFIED
        version = registry.source(entry.source_id).version
        out.append(InputFile(entry.source_id, folder, path.name, path, version, entry.release, digest, status))
    return out


def file_release(files: list[InputFile], folder: str, name: str) -> str:
    """The release recorded for one input file (e.g. the O*NET release of a rating file)."""
    for f in files:
        if f.folder == folder and f.file in (name, f"{name}.gz"):
            return f.release or f.version
    raise NotFoundError(f"{folder}/{name} is not an input of the catalog build")


def fingerprint(files: list[InputFile], schema_version: int) -> str:
    """sha256 over the sorted ``key:sha256`` lines of the inputs and the schema version."""
    lines = sorted(f"{f.key}:{f.sha256}" for f in files)
    lines.append(f"schema:{schema_version}")
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
