"""The source registry: ``registry.toml`` loaded into frozen :class:`Source` / :class:`SourceFile`.

``registry.toml`` (next to this module) is the one home of every fact about the public data
jobrisk uses: publisher, version, licence and attribution, landing page, download locations,
per-file checksums and the folder each source occupies in the local data directory. This module
only loads and validates it; no version string, URL or checksum is repeated in code.

    registry = default_registry()
    task_file = registry.source("onet").file("Task Statements.txt")
    task_file.release, task_file.sha256_mirror, task_file.attribution

May import: ``jobrisk.errors`` only.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from jobrisk.errors import DataError, NotFoundError

REGISTRY_SCHEMA_VERSION = 1
UNKNOWN = "unknown"

CHECKSUM_STATUSES = ("official", "mirror-subset", "converted", "official-unknown")
CONVERSIONS = ("none", "gzip", "zip-member", "onet-work-context-means", "derive", "mirror-only")
RECIPES = ("excel-sheet-csv", "aioe-lm-ig-join", "bls-ep-table", "oews-national-csv")  # see jobrisk.sources.derive

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SOURCE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SOURCE_KEYS = {
    "id",
    "title",
    "publisher",
    "version",
    "release_date",
    "license",
    "license_url",
    "attribution",
    "landing_url",
    "mirror_folder",
    "notes",
    "file",
}
_FILE_KEYS = {
    "name",
    "release",
    "urls",
    "conversion",
    "archive_member",
    "archive_sha256",
    "checksum_status",
    "sha256_official",
    "sha256_official_reason",
    "size_official_bytes",
    "sha256_mirror",
    "attribution",
    "note",
    "derived_from",
    "recipe",
    "recipe_sheet",
    "recipe_first_column",
    "recipe_key_column",
}


class RegistryError(DataError):
    """``registry.toml`` is malformed; the message names the source, file and field."""


@dataclass(frozen=True)
class SourceFile:
    """One file of a source, as it sits in ``raw/<mirror_folder>/<name>``."""

    source_id: str
    name: str
    mirror_folder: str
    release: str  # the file's own release/vintage (the source version unless the registry says otherwise)
    release_differs: bool  # True where the file comes from another release than its source
    urls: tuple[str, ...]
    conversion: str
    checksum_status: str
    sha256_official: str | None  # None = unknown (see sha256_official_reason)
    sha256_official_reason: str | None
    sha256_mirror: str
    size_official_bytes: int | None
    archive_member: str | None
    archive_sha256: str | None
    attribution: str
    note: str | None
    derived_from: tuple[str, ...] = ()  # files of the same source a derived table is made from
    recipe: str | None = None
    recipe_sheet: str | None = None
    recipe_first_column: str | None = None
    recipe_key_column: str | None = None

    @property
    def relative_path(self) -> PurePosixPath:
        """Path below the raw directory (and below a mirror): ``<mirror_folder>/<name>``."""
        return PurePosixPath(self.mirror_folder, self.name)

    @property
    def key(self) -> str:
        """The file's identity in manifests: ``<mirror_folder>/<name>``."""
        return str(self.relative_path)

    @property
    def downloadable(self) -> bool:
        """True when ``jobrisk data sync`` can obtain this file without a mirror."""
        return self.conversion == "derive" or (bool(self.urls) and self.conversion != "mirror-only")

    def accepted_sha256(self) -> frozenset[str]:
        """Checksums under which a local copy is known-good (mirror form or official form)."""
        known = {self.sha256_mirror}
        if self.sha256_official and self.conversion == "none":
            known.add(self.sha256_official)
        return frozenset(known)


@dataclass(frozen=True)
class Source:
    """One public dataset: who publishes it, which version, under which licence, which files."""

    id: str
    title: str
    publisher: str
    version: str
    release_date: str
    license: str
    license_url: str
    attribution: str
    landing_url: str
    mirror_folder: str
    notes: str | None
    files: tuple[SourceFile, ...]

    def file(self, name: str) -> SourceFile:
        for f in self.files:
            if f.name == name:
                return f
        raise NotFoundError(
            f"Source '{self.id}' has no file {name!r}; its files are: " + ", ".join(f.name for f in self.files)
        )


@dataclass(frozen=True)
class Registry:
    """Every source jobrisk knows, in registry order."""

    schema_version: int
    sources: tuple[Source, ...]
    path: str

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sources)

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise NotFoundError(f"Unknown source id {source_id!r}; known sources: {', '.join(self.ids)}")

    def select(self, source_ids: list[str] | tuple[str, ...] | None) -> tuple[Source, ...]:
        """The named sources (all when ``source_ids`` is empty or None), in registry order."""
        if not source_ids:
            return self.sources
        wanted = [self.source(i).id for i in source_ids]  # raises on unknown ids
        return tuple(s for s in self.sources if s.id in wanted)

    def files(self) -> tuple[SourceFile, ...]:
        return tuple(f for s in self.sources for f in s.files)

    def file_by_key(self, key: str) -> SourceFile:
        """The file at ``<mirror_folder>/<name>``."""
        for f in self.files():
            if f.key == key:
                return f
        raise NotFoundError(f"No registry file at {key!r}")


# ---------------------------------------------------------------------------- loading
def default_registry_path() -> Path:
    return Path(str(resources.files("jobrisk.sources").joinpath("registry.toml")))


@functools.cache
def default_registry() -> Registry:
    """The registry shipped with jobrisk (loaded once, immutable)."""
    return load_registry(default_registry_path())


def load_registry(path: str | Path) -> Registry:
    """Load and validate a registry file; raises :class:`RegistryError` naming what is wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"Cannot read source registry {path}: {exc}") from exc
    version = data.get("schema_version")
    if version != REGISTRY_SCHEMA_VERSION:
        raise RegistryError(f"{path}: schema_version must be {REGISTRY_SCHEMA_VERSION}; got {version!r}")
    raw_sources = data.get("source")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise RegistryError(f"{path}: no [[source]] entries")
    sources = tuple(_source(raw, path) for raw in raw_sources)
    _check_unique(sources, path)
    return Registry(schema_version=version, sources=sources, path=str(path))


def _source(raw: dict[str, Any], path: Path) -> Source:
    where = f"{path}: source {raw.get('id', '?')!r}"
    _no_unknown_keys(raw, _SOURCE_KEYS, where)
    sid = _text(raw, "id", where)
    if not _SOURCE_ID.match(sid):
        raise RegistryError(f"{where}: id must match {_SOURCE_ID.pattern}; got {sid!r}")
    folder = _text(raw, "mirror_folder", where)
    _check_path_part(folder, f"{where}: mirror_folder")
    version = _text(raw, "version", where)
    attribution = _text(raw, "attribution", where)
    raw_files = raw.get("file")
    if not isinstance(raw_files, list) or not raw_files:
        raise RegistryError(f"{where}: no [[source.file]] entries")
    files = tuple(_file(rf, sid, folder, version, attribution, where) for rf in raw_files)
    for position, f in enumerate(files):
        earlier = {g.name for g in files[:position]}
        unknown = [n for n in f.derived_from if n not in earlier]
        if unknown:
            raise RegistryError(
                f"{where}, file {f.name!r}: derived_from names {unknown}, which "
                "must be files listed earlier in the same source"
            )
    return Source(
        id=sid,
        title=_text(raw, "title", where),
        publisher=_text(raw, "publisher", where),
        version=version,
        release_date=_text(raw, "release_date", where),
        license=_text(raw, "license", where),
        license_url=_url(raw, "license_url", where),
        attribution=attribution,
        landing_url=_url(raw, "landing_url", where),
        mirror_folder=folder,
        notes=raw.get("notes"),
        files=files,
    )


def _file(raw: dict[str, Any], sid: str, folder: str, version: str, attribution: str, source_where: str) -> SourceFile:
    where = f"{source_where}, file {raw.get('name', '?')!r}"
    _no_unknown_keys(raw, _FILE_KEYS, where)
    name = _text(raw, "name", where)
    _check_path_part(name, f"{where}: name")
    status = _choice(raw, "checksum_status", CHECKSUM_STATUSES, where)
    conversion = _choice(raw, "conversion", CONVERSIONS, where)
    sha_mirror = _sha(raw, "sha256_mirror", where)
    official = raw.get("sha256_official")
    reason = raw.get("sha256_official_reason")
    if official == UNKNOWN:
        if not isinstance(reason, str) or not reason.strip():
            raise RegistryError(f"{where}: sha256_official is 'unknown' but no sha256_official_reason says why")
        sha_official = None
    else:
        sha_official = _sha(raw, "sha256_official", where)
    if status == "official" and sha_official != sha_mirror:
        raise RegistryError(
            f"{where}: checksum_status 'official' means the mirror file is a "
            "byte copy, so sha256_official must equal sha256_mirror"
        )
    if status != "official" and sha_official is not None:
        raise RegistryError(
            f"{where}: checksum_status {status!r} but a sha256_official is given; "
            "use 'official' for byte copies, else write 'unknown' with a reason"
        )
    urls = raw.get("urls", [])
    if not isinstance(urls, list) or not all(isinstance(u, str) and u.startswith("https://") for u in urls):
        raise RegistryError(f"{where}: urls must be a list of https:// URLs; got {urls!r}")
    if conversion not in ("mirror-only", "derive") and not urls:
        raise RegistryError(f"{where}: conversion {conversion!r} needs at least one URL")
    member = raw.get("archive_member")
    archive_sha = raw.get("archive_sha256")
    if conversion == "zip-member":
        if not isinstance(member, str) or not member:
            raise RegistryError(f"{where}: conversion 'zip-member' needs archive_member")
        archive_sha = _sha(raw, "archive_sha256", where)
    derived_from = raw.get("derived_from", [])
    if "recipe" in raw or conversion == "derive":
        if conversion not in ("derive", "zip-member"):
            raise RegistryError(
                f"{where}: a recipe applies to conversion 'derive' or 'zip-member' only; got conversion {conversion!r}"
            )
        _choice(raw, "recipe", RECIPES, where)
    if conversion == "derive" and (
        not isinstance(derived_from, list) or not derived_from or not all(isinstance(n, str) for n in derived_from)
    ):
        raise RegistryError(f"{where}: conversion 'derive' needs derived_from, a list of file names of the same source")
    release = raw.get("release", version)
    size = raw.get("size_official_bytes")
    if size is not None and (not isinstance(size, int) or size <= 0):
        raise RegistryError(f"{where}: size_official_bytes must be a positive integer; got {size!r}")
    return SourceFile(
        source_id=sid,
        name=name,
        mirror_folder=folder,
        release=str(release),
        release_differs=str(release) != version,
        urls=tuple(urls),
        conversion=conversion,
        checksum_status=status,
        sha256_official=sha_official,
        sha256_official_reason=reason if sha_official is None else None,
        sha256_mirror=sha_mirror,
        size_official_bytes=size,
        archive_member=member,
        archive_sha256=archive_sha,
        attribution=raw.get("attribution") or attribution,
        note=raw.get("note"),
        derived_from=tuple(derived_from),
        recipe=raw.get("recipe"),
        recipe_sheet=raw.get("recipe_sheet"),
        recipe_first_column=raw.get("recipe_first_column"),
        recipe_key_column=raw.get("recipe_key_column"),
    )


def _check_unique(sources: tuple[Source, ...], path: Path) -> None:
    ids = [s.id for s in sources]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise RegistryError(f"{path}: duplicate source id(s): {', '.join(dupes)}")
    keys = [f.key for s in sources for f in s.files]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise RegistryError(f"{path}: file(s) listed twice: {', '.join(dupes)}")


def _no_unknown_keys(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{where}: field '{key}' must be a non-empty string; got {value!r}")
    return value


def _url(raw: dict[str, Any], key: str, where: str) -> str:
    value = _text(raw, key, where)
    if not value.startswith("https://"):
        raise RegistryError(f"{where}: field '{key}' must be an https:// URL; got {value!r}")
    return value


def _sha(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not _SHA256.match(value):
        raise RegistryError(f"{where}: field '{key}' must be 64 lowercase hex digits; got {value!r}")
    return value


def _choice(raw: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = raw.get(key)
    if value not in allowed:
        raise RegistryError(f"{where}: field '{key}' must be one of {', '.join(allowed)}; got {value!r}")
    return str(value)


def _check_path_part(value: str, where: str) -> None:
    if value in (".", "..") or "/" in value or "\\" in value or value.startswith("."):
        raise RegistryError(f"{where} must be a plain file or folder name; got {value!r}")
