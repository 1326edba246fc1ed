"""Stored scores: every occupation's score and report inputs, built with the catalog.

``jobrisk build`` scores every occupation once (:func:`store_scores`, a post-build step that runs
after the task model has written its predictions) and writes, under
``settings.models_dir / "scores"``::

    scores-<sha>.json.gz  data only (gzip): one JSON header line (the field order of every
                          stored type, whether the task model was available, and where each
                          stored value's bytes are), then each value as a JSON text of its own:
                          every OccupationScore, every task-scored occupation's task
                          components, and each of the report context's catalog facts
    manifest.json         catalog fingerprint, task-model version, method version, scoring
                          parameters, format version, the scores file's name and sha256

Saving writes the scores file under a new name (its sha256), then replaces the manifest
atomically (:mod:`jobrisk.durable`: unique temp name, fsync of file and folder): that rename is
the switch, so a crash at any point leaves a manifest that names a complete scores file of its
own. Files no manifest names are removed after the switch.

:func:`load_stored_scores` checks all of them before it answers: an artifact built for another
catalog is a :class:`~jobrisk.errors.CatalogMismatchError`, one whose bytes changed a
:class:`~jobrisk.errors.DataError`, a missing or outdated one a
:class:`~jobrisk.errors.PartUnavailableError` that says to run ``jobrisk build --scores-only``.
So ``jobrisk serve``, ``jobrisk report`` and ``jobrisk occupation`` read scores, never
compute them. Loading parses only the header; a value is parsed and decoded when first used
(a stored value that does not fit its type is a :class:`~jobrisk.errors.DataError` then too),
so a command that needs one occupation does not read the other thousand.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

from jobrisk.app.codec import decode, encode, schema
from jobrisk.app.scoring_inputs import gather_inputs
from jobrisk.catalog import Catalog
from jobrisk.durable import atomic_write_bytes, atomic_write_json
from jobrisk.errors import CatalogMismatchError, DataError, PartUnavailableError
from jobrisk.reports.occupation.context import ReportContext
from jobrisk.reports.tools import load_tool_catalog
from jobrisk.scoring.occupation_score import OccupationScore
from jobrisk.scoring.params import DEFAULT_PARAMS, METHOD_VERSION, ScoringParams
from jobrisk.scoring.scorebook import Scorebook
from jobrisk.scoring.task_list import TaskBasedComponents
from jobrisk.settings import Settings

FORMAT_VERSION = 3
SCORES_FILE = "scores.json.gz"  # the name before the scores file was named by its sha256
MANIFEST_FILE = "manifest.json"
#: ReportContext fields that are not stored: rebuilt on load (tools: packaged file; manifest:
#: the open catalog's; task_components: the scorebook's own; the links: the caller's).
_CONTEXT_NOT_STORED = frozenset(
    {"tools", "manifest", "task_components", "url_template", "task_scorer_url", "browse_url"}
)
REBUILD = "run 'jobrisk build --scores-only' (or 'jobrisk build')"


V = TypeVar("V")


class StoredValues(Mapping[str, Any]):
    """One section of a scores file: key -> its value's JSON, parsed on each access."""

    def __init__(self, body: bytes, spans: Mapping[str, list[int]], path: Path):
        self._body, self._spans, self.path = body, spans, path

    def __getitem__(self, key: str) -> Any:
        start, end = self._spans[key]
        return json.loads(self._body[start:end])

    def __contains__(self, key: object) -> bool:
        return key in self._spans

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


class DecodedOnUse(Mapping[str, V]):
    """A read-only mapping of stored values that decodes each one on first use (then keeps it),
    so a command that needs one occupation's score does not decode all of them. A stored value
    that cannot be read as ``kind`` is a DataError naming the file (an unknown key stays a
    KeyError)."""

    def __init__(self, kind: type[V], raw: StoredValues):
        self._kind, self._raw = kind, raw
        self._decoded: dict[str, V] = {}
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> V:
        found = self._decoded.get(key)
        if found is None:
            if key not in self._raw:
                raise KeyError(key)
            found = _read(self._raw.path, lambda: decode(self._kind, self._raw[key]))
            with self._lock:
                found = self._decoded.setdefault(key, found)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _read(path: Path, read: Callable[[], V]) -> V:
    """``read()``, with any sign of a damaged or foreign scores file as one DataError."""
    try:
        return read()
    except (ValueError, KeyError, TypeError, EOFError, OSError) as exc:
        raise DataError(f"{path} cannot be read as stored scores ({type(exc).__name__}: {exc}); {REBUILD}.") from exc


class StoredScores:
    """Every occupation's score (the scorebook) and the context every report shares (decoded
    when first asked for: a score alone does not need it)."""

    def __init__(self, scorebook: Scorebook, context: ReportContext | Callable[[], ReportContext]):
        self.scorebook = scorebook
        self._context = context
        self._lock = threading.Lock()

    @property
    def context(self) -> ReportContext:
        with self._lock:
            if not isinstance(self._context, ReportContext):
                self._context = self._context()
            return self._context


def scores_dir(settings: Settings) -> Path:
    return settings.models_dir / "scores"


def _model_version(catalog: Catalog) -> str | None:
    entry = catalog.manifest().get("task_exposure_model")
    return entry.get("model_version") if isinstance(entry, dict) else None


def _identity(catalog: Catalog, params: ScoringParams) -> dict[str, Any]:
    """What the stored scores depend on besides their own bytes."""
    return {
        "format_version": FORMAT_VERSION,
        "catalog_fingerprint": catalog.fingerprint(),
        "task_model_version": _model_version(catalog),
        "method_version": METHOD_VERSION,
        "params": encode(params),
    }


def compute_scores(catalog: Catalog, params: ScoringParams = DEFAULT_PARAMS) -> StoredScores:
    """Score every occupation of ``catalog`` and build the report context (what the build stores)."""
    scorebook = Scorebook.from_inputs(gather_inputs(catalog), params)
    return StoredScores(scorebook, ReportContext.build(catalog, scorebook))


def _context_hints() -> dict[str, Any]:
    hints = get_type_hints(ReportContext)
    return {f.name: hints[f.name] for f in fields(ReportContext) if f.name not in _CONTEXT_NOT_STORED}


def _schema() -> dict[str, list[str]]:
    """The field order of every stored type (checked on load)."""
    return schema(OccupationScore, TaskBasedComponents, *_context_hints().values())


def _sections(stored: StoredScores) -> dict[str, dict[str, Any]]:
    book = stored.scorebook
    return {
        "scores": {s.onet_soc_code: encode(s) for s in book},
        "task_components": {code: encode(c) for code, c in book.task_components.items()},
        "context": {name: encode(getattr(stored.context, name)) for name in _context_hints()},
    }


def _file_bytes(stored: StoredScores) -> bytes:
    """The header line, then every stored value's JSON text (uncompressed)."""
    body = bytearray()
    spans: dict[str, dict[str, list[int]]] = {}
    for section, values in _sections(stored).items():
        spans[section] = where = {}
        for key, value in values.items():
            text = json.dumps(value, allow_nan=False, separators=(",", ":")).encode("utf-8")
            where[key] = [len(body), len(body) + len(text)]
            body += text
    header = {"schema": _schema(), "model_available": stored.scorebook.model_available, "spans": spans}
    return json.dumps(header, separators=(",", ":")).encode("utf-8") + b"\n" + bytes(body)


def save_stored_scores(stored: StoredScores, catalog: Catalog, settings: Settings) -> Path:
    """Write scores and manifest atomically (replacing older ones); returns the folder."""
    folder = scores_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    data = gzip.compress(_file_bytes(stored), mtime=0)
    sha256 = hashlib.sha256(data).hexdigest()
    name = f"scores-{sha256[:16]}.json.gz"
    manifest = dict(
        _identity(catalog, stored.scorebook.params),
        scores_file=name,
        scores_sha256=sha256,
        occupations=len(stored.scorebook),
    )
    atomic_write_bytes(folder / name, data)
    atomic_write_json(folder / MANIFEST_FILE, manifest)  # the switch
    for path in folder.glob("scores*.json.gz"):
        if path.name != name:
            path.unlink(missing_ok=True)
    return folder


def scores_path(settings: Settings) -> Path:
    """The scores file the manifest names (the manifest must be readable)."""
    name = str(read_manifest(settings).get("scores_file", SCORES_FILE))
    return scores_dir(settings) / Path(name).name


def store_scores(catalog: Catalog, settings: Settings) -> None:
    """The post-build step: score every occupation of the new catalog and store the result."""
    save_stored_scores(compute_scores(catalog), catalog, settings)


def read_manifest(settings: Settings) -> dict[str, Any]:
    path = scores_dir(settings) / MANIFEST_FILE
    if not path.exists():
        raise PartUnavailableError(f"No stored occupation scores in {path.parent}; {REBUILD}.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path} is not readable JSON ({exc}); {REBUILD}.") from exc
    if not isinstance(manifest, dict):
        raise DataError(f"{path} is not a score manifest; {REBUILD}.")
    return manifest


def load_stored_scores(settings: Settings, catalog: Catalog, params: ScoringParams = DEFAULT_PARAMS) -> StoredScores:
    """The stored scores of ``catalog``, verified (see the module docstring for the errors)."""
    folder = scores_dir(settings)
    manifest = read_manifest(settings)
    expected = _identity(catalog, params)
    if manifest.get("catalog_fingerprint") != expected["catalog_fingerprint"]:
        raise CatalogMismatchError(
            f"The occupation scores in {folder} were built for catalog "
            f"{str(manifest.get('catalog_fingerprint'))[:12]}..., but the open catalog is "
            f"{expected['catalog_fingerprint'][:12]}...; {REBUILD}."
        )
    for key, what in (
        ("format_version", "format"),
        ("method_version", "scoring method"),
        ("params", "scoring parameters"),
        ("task_model_version", "task model"),
    ):
        if manifest.get(key) != expected[key]:
            raise PartUnavailableError(
                f"The occupation scores in {folder} were built with another {what} "
                f"({key} {manifest.get(key)!r}, this installation {expected[key]!r}); {REBUILD}."
            )
    path = folder / Path(str(manifest.get("scores_file", SCORES_FILE))).name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PartUnavailableError(f"Cannot read {path} ({exc}); {REBUILD}.") from exc
    if hashlib.sha256(data).hexdigest() != manifest.get("scores_sha256"):
        raise DataError(
            f"{path} does not match the sha256 in its manifest (the file changed or is damaged); {REBUILD}."
        )
    return _read(path, lambda: _decode(path, gzip.decompress(data), catalog, params))


def _decode(path: Path, data: bytes, catalog: Catalog, params: ScoringParams) -> StoredScores:
    end = data.index(b"\n")
    header, body = json.loads(data[:end]), data[end + 1 :]
    if header["schema"] != _schema():
        changed = sorted(
            k for k in set(header["schema"]) | set(_schema()) if header["schema"].get(k) != _schema().get(k)
        )
        raise PartUnavailableError(
            f"The stored occupation scores were written by another version of jobrisk (types "
            f"changed: {', '.join(changed)}); {REBUILD}."
        )
    spans = header["spans"]
    scores = StoredValues(body, dict(sorted(spans["scores"].items())), path)
    components = DecodedOnUse(TaskBasedComponents, StoredValues(body, spans["task_components"], path))
    scorebook = Scorebook(
        DecodedOnUse(OccupationScore, scores),
        params,
        catalog.fingerprint(),
        bool(header["model_available"]),
        components,
    )
    manifest = catalog.manifest()
    stored_context = StoredValues(body, spans["context"], path)

    def context() -> ReportContext:
        hints = _context_hints()
        values = _read(path, lambda: {name: decode(hint, stored_context[name]) for name, hint in hints.items()})
        return ReportContext(tools=load_tool_catalog(), manifest=manifest, task_components=components, **values)

    # the first score and components are decoded now, so stored values that do not fit the types
    # fail here (as a DataError), not at first use
    next(iter(scorebook), None)
    next(iter(components.values()), None)
    return StoredScores(scorebook, context)
