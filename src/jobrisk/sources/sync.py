"""``jobrisk data sync``: fill the raw data directory from a mirror or from the publishers.

The raw directory is laid out exactly like the data mirror, ``raw/<mirror_folder>/<name>``, so
readers find a file the same way whichever way it came. For each registry file:

- already in place with a known-good sha256 (and no ``force``): skipped;
- from a mirror (``mirror_dir``): copied to a temp file, checked against ``sha256_mirror``, then
  moved into place with ``os.replace``;
- otherwise downloaded from its URLs in order (resumable ``.part`` files under
  ``raw/.partial/``), checked against ``sha256_official`` (or ``archive_sha256``) when known,
  converted when the registry says so (:mod:`jobrisk.sources.convert`), then moved into place;
  derived tables are rebuilt from the source's other files (:mod:`jobrisk.sources.derive`).
  A result equal to the mirror's copy counts as verified. When nothing can be checked the file
  is used but reported loudly as unverified, and its observed sha256 is recorded as such.

A checksum mismatch never replaces a file: the rejected download is moved to ``raw/.rejected/``.
Every file placed is recorded in ``raw/MANIFEST.json`` (see :mod:`jobrisk.sources.manifest`).

May import: ``jobrisk.errors`` and the other ``jobrisk.sources`` modules.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

from jobrisk.field_copy import copy_fields
from jobrisk.errors import ChecksumMismatchError, DataError, JobriskError, SourceUnavailableError
from jobrisk.sources import convert
from jobrisk.sources.checksums import copy_verified, sha256_file, temp_path_beside
from jobrisk.sources.download import MIRROR_HINT, default_client, download
from jobrisk.sources.manifest import ManifestEntry, read_manifest, utc_now, write_manifest
from jobrisk.sources.registry import Registry, SourceFile, default_registry

PARTIAL_DIR = ".partial"
REJECTED_DIR = ".rejected"


class SyncObserver:
    """Progress hooks for a sync; the default shows nothing. The CLI draws rich bars with it."""

    def file_started(self, file: SourceFile, method: str) -> None:
        """``method`` is 'check', 'mirror' or 'download'."""

    def bytes_expected(self, file: SourceFile, total_bytes: int | None, done_bytes: int) -> None:
        """The size of what is being copied or downloaded, and how much is already there."""

    def bytes_done(self, file: SourceFile, n_bytes: int) -> None:
        """``n_bytes`` more bytes were copied or downloaded."""

    def file_finished(self, outcome: FileOutcome) -> None:
        """A file was skipped, placed, or failed."""

    def warn(self, message: str) -> None:
        """Something the user must know about (e.g. an unverified download)."""


@dataclass(frozen=True)
class FileOutcome:
    file: SourceFile
    action: str  # 'skipped' | 'copied' | 'downloaded' | 'derived' | 'failed'
    sha256: str | None = None
    obtained_from: str | None = None
    verified_against: str | None = None  # 'sha256_mirror' | 'sha256_official' | None
    error: JobriskError | None = None
    warning: str | None = None


@dataclass(frozen=True)
class SyncReport:
    raw_dir: Path
    manifest_path: Path
    outcomes: tuple[FileOutcome, ...]

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def failures(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.action == "failed")

    @property
    def unverified(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.action != "failed" and not o.verified_against)

    def raise_for_failures(self) -> None:
        """Raise the first failure's error (the others are in ``failures``)."""
        if self.failures:
            raise self.failures[0].error  # type: ignore[misc]


def sync_sources(
    raw_dir: Path,
    *,
    mirror_dir: Path | None = None,
    source_ids: list[str] | tuple[str, ...] | None = None,
    force: bool = False,
    registry: Registry | None = None,
    observer: SyncObserver | None = None,
    client: httpx.Client | None = None,
    raise_on_failure: bool = True,
) -> SyncReport:
    """Bring the files of ``source_ids`` (default: all sources) into ``raw_dir``.

    Every file is attempted; with ``raise_on_failure`` the first failure is raised at the end
    (:class:`SourceUnavailableError` or :class:`ChecksumMismatchError`), after the files that
    did succeed have been placed and recorded in ``MANIFEST.json``."""
    registry = registry or default_registry()
    observer = observer or SyncObserver()
    sources = registry.select(source_ids)
    raw_dir = Path(raw_dir)
    if mirror_dir is not None:
        mirror_dir = Path(mirror_dir)
        if not mirror_dir.is_dir():
            raise SourceUnavailableError(
                f"Mirror folder {mirror_dir} does not exist or is not a folder. Point --mirror "
                "(or JOBRISK_MIRROR) at the folder holding one sub-folder per source: "
                + ", ".join(sorted({s.mirror_folder for s in sources}))
                + "."
            )
    manifest = read_manifest(raw_dir)
    ctx = _Context(raw_dir, mirror_dir, force, observer, client)
    outcomes: list[FileOutcome] = []
    try:
        for source in sources:
            for file in source.files:
                outcome, entry = ctx.sync_file(file, manifest.get(file.key))
                outcomes.append(outcome)
                if entry is not None:
                    manifest[file.key] = entry
                    write_manifest(raw_dir, manifest)
                observer.file_finished(outcome)
    finally:
        ctx.close()
    _prune_empty_folders(raw_dir / PARTIAL_DIR)
    report = SyncReport(raw_dir, write_manifest(raw_dir, manifest), tuple(outcomes))
    if raise_on_failure:
        report.raise_for_failures()
    return report


def _prune_empty_folders(folder: Path) -> None:
    """Remove ``folder`` and its sub-folders where they hold no (partial) files."""
    if not folder.is_dir():
        return
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()


def verified_against(file: SourceFile, sha256: str) -> str | None:
    """Which registry checksum ``sha256`` matches, if any."""
    if sha256 == file.sha256_mirror:
        return "sha256_mirror"
    if file.sha256_official is not None and sha256 == file.sha256_official and file.conversion == "none":
        return "sha256_official"
    return None


def partial_path(raw_dir: Path, file: SourceFile, url: str) -> Path:
    """Where the download of ``file`` from ``url`` accumulates until it is complete."""
    served_name = unquote(Path(urlparse(url).path).name) or file.name
    tag = hashlib.sha256(url.encode()).hexdigest()[:10]
    return Path(raw_dir) / PARTIAL_DIR / file.mirror_folder / f"{served_name}.{tag}.part"


class _Context:
    """One sync run: where files go, where they come from, and the shared HTTP client."""

    def __init__(
        self, raw_dir: Path, mirror_dir: Path | None, force: bool, observer: SyncObserver, client: httpx.Client | None
    ):
        self.raw_dir, self.mirror_dir, self.force = raw_dir, mirror_dir, force
        self.observer = observer
        self._client, self._own_client = client, client is None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = default_client()
        return self._client

    def close(self) -> None:
        if self._own_client and self._client is not None:
            self._client.close()

    def entry(self, file: SourceFile, sha: str, method: str, origin: str, verified: str | None) -> ManifestEntry:
        return copy_fields(
            ManifestEntry,
            file,
            file=file.key,
            sha256=sha,
            method=method,
            obtained_from=origin,
            verified_against=verified,
            synced_at=utc_now(),
        )

    # ------------------------------------------------------------------------ one file
    def sync_file(self, file: SourceFile, known: ManifestEntry | None) -> tuple[FileOutcome, ManifestEntry | None]:
        target = self.raw_dir / file.mirror_folder / file.name
        try:
            if target.is_file() and not self.force:
                self.observer.file_started(file, "check")
                kept = self._keep_existing(file, target, known)
                if kept is not None:
                    return kept
            if self.mirror_dir is not None:
                self.observer.file_started(file, "mirror")
                return self._from_mirror(file, target)
            self.observer.file_started(file, "download")
            return self._from_web(file, target)
        except JobriskError as exc:
            return FileOutcome(file, "failed", error=exc), None
        except OSError as exc:  # disk full, permissions, a mirror file unreadable
            error = DataError(
                f"Could not obtain {file.key} (source '{file.source_id}') into "
                f"{target.parent}: {exc}. Nothing was replaced."
            )
            return FileOutcome(file, "failed", error=error), None

    def _keep_existing(
        self, file: SourceFile, target: Path, known: ManifestEntry | None
    ) -> tuple[FileOutcome, ManifestEntry] | None:
        sha = sha256_file(target)
        verified = verified_against(file, sha)
        if self.mirror_dir is not None:
            ok = sha == file.sha256_mirror  # with a mirror, the mirror's form is wanted
        else:
            ok = verified is not None or (known is not None and known.sha256 == sha)
        if not ok:
            return None
        if known is not None and known.sha256 == sha:
            entry = known
        else:
            entry = self.entry(file, sha, "already-present", f"found in place at {target}", verified)
        outcome = FileOutcome(file, "skipped", sha, entry.obtained_from, entry.verified_against)
        return outcome, entry

    def _from_mirror(self, file: SourceFile, target: Path) -> tuple[FileOutcome, ManifestEntry]:
        assert self.mirror_dir is not None
        source = self.mirror_dir / file.mirror_folder / file.name
        if not source.is_file():
            raise SourceUnavailableError(
                f"The mirror {self.mirror_dir} has no {file.key} (source '{file.source_id}'). "
                f"Check that --mirror points at the mirror's top folder (the one holding "
                f"'{file.mirror_folder}/'), or sync without --mirror to download it"
                + ("." if file.downloadable else " (not possible for this file: it exists only in the mirror's form).")
            )
        self.observer.bytes_expected(file, source.stat().st_size, 0)
        sha = copy_verified(source, target, file.sha256_mirror, on_bytes=lambda n: self.observer.bytes_done(file, n))
        entry = self.entry(file, sha, "mirror", str(source), "sha256_mirror")
        return FileOutcome(file, "copied", sha, str(source), "sha256_mirror"), entry

    def _from_web(self, file: SourceFile, target: Path) -> tuple[FileOutcome, ManifestEntry]:
        if not file.downloadable:
            raise SourceUnavailableError(
                f"{file.key} (source '{file.source_id}') cannot be downloaded: "
                f"{file.sha256_official_reason or 'no download location is known'}. jobrisk "
                "does not rebuild this file from the publisher's form; obtain it from the data "
                "mirror: jobrisk data sync --mirror DIR (or set JOBRISK_MIRROR=DIR)."
            )
        if file.conversion == "derive":
            return self._derive(file, target)
        errors: list[JobriskError] = []
        for url in file.urls:
            try:
                return self._download_one(file, url, target)
            except (SourceUnavailableError, ChecksumMismatchError) as exc:
                errors.append(exc)
        mismatches = [e for e in errors if isinstance(e, ChecksumMismatchError)]
        if mismatches:
            raise mismatches[0]
        if len(errors) == 1:
            raise errors[0]
        raise SourceUnavailableError(
            f"All {len(errors)} download locations of {file.key} (source '{file.source_id}') "
            "failed: " + " | ".join(str(e).replace(MIRROR_HINT, "").strip() for e in errors) + " " + MIRROR_HINT
        )

    def _download_one(self, file: SourceFile, url: str, target: Path) -> tuple[FileOutcome, ManifestEntry]:
        part = partial_path(self.raw_dir, file, url)
        download(
            url,
            part,
            client=self.client,
            what=f"{file.key} (source '{file.source_id}')",
            on_total=lambda total, have: self.observer.bytes_expected(file, total, have),
            on_bytes=lambda n: self.observer.bytes_done(file, n),
        )
        served_sha = sha256_file(part)
        expected = file.archive_sha256 if file.conversion == "zip-member" else file.sha256_official
        if expected is not None and served_sha != expected:
            aside = self._set_aside(file, part)
            raise ChecksumMismatchError(f"{url} (kept aside at {aside})", expected, served_sha)
        temp = temp_path_beside(target)
        try:
            self._convert(file, part, temp)
            sha = sha256_file(temp)
            verified = "sha256_official" if sha == file.sha256_official else verified_against(file, sha)
            if verified is None and file.conversion == "zip-member" and file.sha256_official is not None:
                raise ChecksumMismatchError(f"{file.archive_member} in {url}", file.sha256_official, sha)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
        part.unlink(missing_ok=True)
        warning = None
        if verified is None:
            warning = self._unverified_warning(file, url, sha)
            self.observer.warn(warning)
        entry = self.entry(file, sha, "download", url, verified)
        return FileOutcome(file, "downloaded", sha, url, verified, warning=warning), entry

    def _derive(self, file: SourceFile, target: Path) -> tuple[FileOutcome, ManifestEntry]:
        from jobrisk.sources.derive import derive  # pandas: imported only when needed

        folder = self.raw_dir / file.mirror_folder
        inputs = [folder / name for name in file.derived_from]
        absent = [p.name for p in inputs if not p.is_file()]
        if absent:
            raise SourceUnavailableError(
                f"{file.key} (source '{file.source_id}') is made from {', '.join(absent)}, "
                "which could not be obtained (see the errors above). " + MIRROR_HINT
            )
        temp = temp_path_beside(target)
        try:
            derive(
                file.recipe or "",
                inputs,
                temp,
                sheet=file.recipe_sheet,
                first_column=file.recipe_first_column,
                key_column=file.recipe_key_column,
            )
            sha = sha256_file(temp)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
        verified = verified_against(file, sha)
        origin = f"derived from {', '.join(str(p) for p in inputs)} ({file.recipe})"
        warning = None
        if verified is None:
            warning = (
                f"UNVERIFIED: {file.key} (source '{file.source_id}') was derived from "
                f"{', '.join(file.derived_from)} but differs from the data mirror's copy "
                f"(sha256 {sha}); it is used as is and recorded as unverified. A different "
                "pandas/openpyxl version can write numbers differently."
            )
            self.observer.warn(warning)
        entry = self.entry(file, sha, "derive", origin, verified)
        return FileOutcome(file, "derived", sha, origin, verified, warning=warning), entry

    @staticmethod
    def _convert(file: SourceFile, served: Path, out: Path) -> None:
        if file.conversion == "none":
            shutil.copyfile(served, out)
        elif file.conversion == "gzip":
            convert.gzip_file(served, out)
        elif file.conversion == "zip-member" and file.recipe:
            from jobrisk.sources.derive import derive  # pandas: imported only when needed

            assert file.archive_member is not None
            member = temp_path_beside(served)
            try:
                convert.extract_zip_member(served, file.archive_member, member)
                derive(
                    file.recipe,
                    [member],
                    out,
                    sheet=file.recipe_sheet,
                    first_column=file.recipe_first_column,
                    key_column=file.recipe_key_column,
                )
            finally:
                member.unlink(missing_ok=True)
        elif file.conversion == "zip-member":
            assert file.archive_member is not None
            convert.extract_zip_member(served, file.archive_member, out)
        elif file.conversion == "onet-work-context-means":
            convert.onet_work_context_means(served, out)
        else:  # pragma: no cover - the registry loader accepts only the values above
            raise ValueError(f"No conversion {file.conversion!r}")

    @staticmethod
    def _unverified_warning(file: SourceFile, url: str, sha: str) -> str:
        text = (
            f"UNVERIFIED: {file.key} (source '{file.source_id}') was downloaded from {url}, "
            f"but no official checksum is known to check it against: "
            f"{file.sha256_official_reason}. It is used as is; its sha256 {sha} is recorded "
            "in MANIFEST.json as unverified."
        )
        if file.note and file.checksum_status == "mirror-subset":
            text += f" Note: {file.note}"
        return text

    def _set_aside(self, file: SourceFile, part: Path) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.raw_dir / REJECTED_DIR / file.mirror_folder / f"{part.name}.{stamp}"
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, aside)
        return aside
