"""A data-only artifact on disk: a ``.json`` + ``.npz`` pair switched by one manifest rename.

Layout in an artifact folder::

    manifest.json        what the artifact was built from, its format, and the sha256 and size
                         of the two files below (``files``)
    <prefix>-<id>.json   the structure (:func:`jobrisk.models.data_only.encode`)
    <prefix>-<id>.npz    the numbers (NumPy arrays, read with ``allow_pickle=False``)

:func:`save_pair` writes a new pair under a fresh ``<id>`` (each file to a unique temp name,
fsync-ed, renamed), then replaces ``manifest.json`` atomically: that rename is the one moment
the artifact changes. A crash before it leaves the previous manifest naming the previous pair,
untouched; a crash after it leaves the new one. Files of the prefix that no manifest names (an
older pair, an interrupted save) are removed after the switch. Saves into one folder are
serialised by a lock file.

:func:`load_pair` checks each file's sha256 and size against the manifest *before* parsing
anything, and turns a missing, truncated, damaged or swapped file, or one that does not decode,
into :class:`~jobrisk.errors.ArtifactCorruptError`. Used by the task exposure model and the
title index.

May import: ``jobrisk.durable``, ``jobrisk.errors``, ``jobrisk.models.data_only``.
"""

from __future__ import annotations

import contextlib
import gc
import json
import secrets
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from jobrisk.durable import atomic_write_bytes, atomic_write_json, file_entry, verified_bytes
from jobrisk.errors import ArtifactCorruptError
from jobrisk.models.data_only import arrays_bytes, decode, encode, load_arrays

MANIFEST_FILE = "manifest.json"
FORMAT = "jobrisk-data-only/1"
_LOCK_FILE = ".save.lock"


def pair_files(manifest: Mapping[str, Any]) -> tuple[str, str]:
    """(structure file, arrays file) named by a manifest; ValueError when it names others."""
    files = manifest.get("files")
    names = sorted(files) if isinstance(files, dict) else []
    json_names = [n for n in names if n.endswith(".json")]
    npz_names = [n for n in names if n.endswith(".npz")]
    if len(names) != 2 or len(json_names) != 1 or len(npz_names) != 1:
        raise ValueError(f"expected one .json and one .npz file; got {names}")
    return json_names[0], npz_names[0]


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a large artifact's objects are created: they are all
    kept, and a collection every few hundred thousand new containers made loading 2x slower."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _save_lock(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: saves are not serialised, each is still atomic
        yield
        return
    with open(folder / _LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def save_pair(
    folder: Path,
    prefix: str,
    value: Any,
    trusted: Mapping[str, type],
    manifest: Mapping[str, Any],
    stale: Iterable[str] = (),
) -> dict[str, Any]:
    """Store ``value`` as a new pair and switch ``folder/manifest.json`` to it (with ``manifest``'s
    other fields); returns the manifest written. Files named in ``stale`` (an older format's) go too."""
    folder.mkdir(parents=True, exist_ok=True)
    document, arrays = encode(value, trusted)
    structure = json.dumps({"format": FORMAT, "value": document}, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
    numbers = arrays_bytes(arrays)
    with _save_lock(folder):
        stem = f"{prefix}-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(4)}"
        json_name, npz_name = f"{stem}.json", f"{stem}.npz"
        atomic_write_bytes(folder / npz_name, numbers)
        atomic_write_bytes(folder / json_name, structure)
        written = {k: v for k, v in manifest.items() if k not in ("files", "format")}
        written.update(format=FORMAT, files={name: file_entry(folder / name) for name in (json_name, npz_name)})
        atomic_write_json(folder / MANIFEST_FILE, written)  # the switch
        keep, old = {json_name, npz_name}, set(stale)
        for path in folder.iterdir():
            ours = path.name.startswith(f"{prefix}-") and path.suffix in (".json", ".npz")
            if (ours or path.name in old) and path.name not in keep:
                path.unlink(missing_ok=True)
    return written


def load_pair(folder: Path, manifest: Mapping[str, Any], what: str, trusted: Mapping[str, type]) -> Any:
    """The value stored by the pair ``manifest`` names, verified before it is parsed."""
    if manifest.get("format") != FORMAT:
        raise ArtifactCorruptError(
            what,
            folder / MANIFEST_FILE,
            f"it was saved in another format ({manifest.get('format')!r}); this version reads {FORMAT!r}",
        )
    try:
        json_name, npz_name = pair_files(manifest)
    except ValueError as exc:
        raise ArtifactCorruptError(what, folder / MANIFEST_FILE, f"its manifest is incomplete ({exc})") from exc
    files = manifest["files"]
    structure = verified_bytes(folder / json_name, files[json_name], what)
    numbers = verified_bytes(folder / npz_name, files[npz_name], what)
    arrays = load_arrays(numbers, what, folder / npz_name)
    try:
        with _gc_paused():
            document = json.loads(structure)
            if document.get("format") != FORMAT:
                raise ValueError(f"format {document.get('format')!r}")
            return decode(document["value"], arrays, trusted)
    except Exception as exc:  # noqa: BLE001 - verified bytes that do not decode are one error
        raise ArtifactCorruptError(
            what, folder / json_name, f"it could not be decoded ({type(exc).__name__}: {exc})"
        ) from exc
