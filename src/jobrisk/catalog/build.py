"""Build the reference catalog (SQLite) from the raw source files: :func:`build_catalog`.

The catalog is written to a uniquely named temporary file next to ``out_path``, the
``post_build`` hook (model training and other derived tables) runs on it, and only then
is it fsync-ed and moved into place with :func:`os.replace`, and the folder fsync-ed
(:func:`jobrisk.durable.replace_durably`). A failed build leaves the previous catalog
untouched and no temporary file behind; a build killed outright (SIGKILL, power cut)
leaves the previous catalog in place and at most a hidden ``.catalog.sqlite.*.tmp`` file,
which a later build removes once it is six hours old (a running build may still own a
younger one). Building twice from the same files gives the same ``fingerprint``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jobrisk._version import __version__
from jobrisk.catalog.build_context import BuildContext
from jobrisk.catalog.build_labour import load_projections, load_wages_and_major_groups
from jobrisk.catalog.build_measures import load_published_measures, load_task_labels
from jobrisk.catalog.build_observed import load_observed_use
from jobrisk.catalog.build_onet import (
    load_elements,
    load_occupations_and_tasks,
    load_related_occupations,
    load_technology,
    load_titles,
    load_work_activities_detail,
)
from jobrisk.catalog.build_sources import InputFile, fingerprint, input_files
from jobrisk.catalog.catalog import SCHEMA_VERSION, Catalog
from jobrisk.durable import replace_durably, temp_path_beside
from jobrisk.sources.registry import Registry

#: Called as ``progress(step_label, step_number, step_total)`` before each step (1-based).
BuildProgress = Callable[[str, int, int], None]
PostBuild = Callable[[Catalog], None]

#: The build steps, in order (later steps use keys loaded by earlier ones).
STEPS: list[tuple[str, Callable[[BuildContext], None]]] = [
    ("Occupations and tasks", load_occupations_and_tasks),
    ("Job titles", load_titles),
    ("Work activities (IWAs, DWAs)", load_work_activities_detail),
    ("Skills, knowledge, abilities, activities, context, styles", load_elements),
    ("Technology and tools", load_technology),
    ("Related occupations", load_related_occupations),
    ("Wages (OEWS) and major groups", load_wages_and_major_groups),
    ("Employment projections", load_projections),
    ("Task exposure labels", load_task_labels),
    ("Published exposure measures", load_published_measures),
    ("Observed AI use (Anthropic Economic Index)", load_observed_use),
]


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    path: Path
    fingerprint: str
    row_counts: dict[str, int]
    seconds: float
    notes: tuple[str, ...]


def _source_file_rows(inputs: list[InputFile]) -> list[tuple]:
    return [(f.source_id, f.file, f.version, f.release, f.sha256, f.checksum_status) for f in inputs]


def _sources_manifest(inputs: list[InputFile]) -> dict[str, dict]:
    sources: dict[str, dict] = {}
    for f in inputs:
        entry = sources.setdefault(f.source_id, {"version": f.version, "files": {}})
        entry["files"][f.key] = {"sha256": f.sha256, "release": f.release, "checksum_status": f.checksum_status}
    return sources


#: A leftover temp file older than this is from a killed build (no build takes this long).
STALE_TEMP_S = 6 * 3600


def remove_stale_temp_files(out_path: Path) -> list[Path]:
    """Delete temp files a killed build left beside ``out_path`` (older than STALE_TEMP_S)."""
    removed = []
    now = time.time()
    for leftover in out_path.parent.glob(f".{out_path.name}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_TEMP_S:
                leftover.unlink()
                removed.append(leftover)
        except FileNotFoundError:
            continue
    return removed


def build_catalog(
    raw_dir: str | Path,
    out_path: str | Path,
    *,
    post_build: PostBuild | None = None,
    progress: BuildProgress | None = None,
    verify_checksums: bool = False,
    registry: Registry | None = None,
) -> BuildResult:
    """Build the catalog at ``out_path`` from ``raw_dir/<folder>/<file>``; returns a BuildResult.

    ``verify_checksums`` makes a file whose sha256 the source registry does not accept
    an error (ChecksumMismatchError); otherwise such files are recorded as ``unverified``.
    Raises SourceUnavailableError naming missing input files before writing anything.
    """
    started = time.perf_counter()
    raw_dir, out_path = Path(raw_dir), Path(out_path)
    inputs = input_files(raw_dir, registry=registry, verify=verify_checksums)
    build_fingerprint = fingerprint(inputs, SCHEMA_VERSION)
    total = len(STEPS) + 1 + (1 if post_build is not None else 0)
    report = progress or (lambda label, number, count: None)
    remove_stale_temp_files(out_path)
    temp = temp_path_beside(out_path)
    try:
        catalog = Catalog.create(temp, defer_indexes=True)
        try:
            ctx = BuildContext(catalog=catalog, raw_dir=raw_dir, inputs=inputs)
            for number, (label, step) in enumerate(STEPS, start=1):
                report(label, number, total)
                step(ctx)
            report("Indexes and manifest", len(STEPS) + 1, total)
            catalog.insert_rows(
                "source_files",
                ["source_id", "file", "version", "release", "sha256", "checksum_status"],
                _source_file_rows(inputs),
            )
            catalog.create_indexes()
            catalog.set_manifest("schema_version", SCHEMA_VERSION)
            catalog.set_manifest("code_version", __version__)
            catalog.set_manifest("built_at", datetime.now(UTC).isoformat(timespec="seconds"))
            catalog.set_manifest("fingerprint", build_fingerprint)
            catalog.set_manifest("sources", _sources_manifest(inputs))
            catalog.set_manifest("notes", ctx.notes)
            catalog.commit()
            if post_build is not None:
                report("Post-build steps", total, total)
                post_build(catalog)
            counts = {
                k: v for k, v in catalog.table_counts().items() if k != "build_manifest" and not k.startswith("sqlite_")
            }
            catalog.set_manifest("row_counts", counts)
            catalog.commit()
        finally:
            catalog.close()
        replace_durably(temp, out_path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return BuildResult(
        path=out_path,
        fingerprint=build_fingerprint,
        row_counts=counts,
        seconds=time.perf_counter() - started,
        notes=tuple(ctx.notes),
    )
