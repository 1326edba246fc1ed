"""Durable files: atomic writes, sha256 manifests and verified loads.

Every file jobrisk writes for later use (catalog, model artifacts, manifests, user outputs)
goes through one of these helpers, so a crash, a full disk or a kill at any moment leaves
either the previous complete file or the new complete file, never a half-written one:

1. the bytes are written to a fresh, uniquely named hidden temporary file in the target's
   folder (same file system, so the rename is atomic; two writers never share a temp name);
2. the file is flushed and ``fsync``-ed;
3. it is moved over the target with :func:`os.replace`;
4. the folder is ``fsync``-ed so the rename itself survives a power cut.

On any error (including ``KeyboardInterrupt``) the temporary file is removed and the target
is left as it was.

Artifacts are verified when loaded: :func:`write_manifest` records the sha256 and size of
each file of an artifact folder in ``manifest.json`` (written atomically, last), and
:func:`verify_manifest` / :func:`verified_bytes` refuse a file whose bytes differ, raising
:class:`jobrisk.errors.ArtifactCorruptError` with the file's name.

May import: ``jobrisk.errors`` only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from jobrisk.errors import ArtifactCorruptError

CHUNK_BYTES = 1 << 20
MANIFEST_FILE = "manifest.json"


# ---------------------------------------------------------------- temp names and fsync
def temp_path_beside(target: str | Path) -> Path:
    """A fresh, hidden, empty temporary file in ``target``'s folder (created exclusively)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            with open(candidate, "xb"):  # created with the user's usual permissions (umask)
                return candidate
        except FileExistsError:
            continue


def fsync_file(path: str | Path) -> None:
    """Flush a closed file's data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: str | Path) -> None:
    """Flush a folder's entries (renames, new files) to disk; a no-op where folders can't be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on folders; the rename is still atomic
        pass
    finally:
        os.close(fd)


def replace_durably(temp: str | Path, target: str | Path) -> None:
    """fsync ``temp``, move it over ``target`` and fsync the folder."""
    fsync_file(temp)
    os.replace(temp, target)
    fsync_dir(Path(target).parent)


# ---------------------------------------------------------------- atomic writes
@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temp path beside ``target``; when the block ends normally it replaces ``target``.

    For writers that want a path (SQLite, joblib, pyarrow, openpyxl). The temp file exists
    (empty) when the block starts and is removed if the block raises.
    """
    target = Path(target)
    temp = temp_path_beside(target)
    try:
        yield temp
        replace_durably(temp, target)
    finally:
        temp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_open(
    target: str | Path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = None
) -> Iterator[IO[Any]]:
    """Open a temp file beside ``target`` for writing; on success it atomically replaces ``target``."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open mode must be 'w' or 'wb'; got {mode!r}")
    with atomic_path(target) as temp:
        if mode == "wb":
            handle: IO[Any] = open(temp, "wb")
        else:
            handle = open(temp, "w", encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())


def atomic_write_bytes(target: str | Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically and durably."""
    with atomic_open(target, "wb") as handle:
        handle.write(data)


def atomic_write_text(target: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` atomically and durably."""
    atomic_write_bytes(target, text.encode(encoding))


def atomic_write_json(target: str | Path, payload: Any) -> None:
    """Write ``payload`` as indented, key-sorted JSON atomically and durably."""
    atomic_write_text(target, json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- checksums and manifests
def sha256_file(path: str | Path) -> str:
    """Hex sha256 of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def file_entry(path: str | Path) -> dict[str, Any]:
    """``{"sha256": ..., "bytes": ...}`` of one file, as stored in a manifest."""
    path = Path(path)
    return {"sha256": sha256_file(path), "bytes": path.stat().st_size}


def write_manifest(
    folder: str | Path, files: list[str], extra: Mapping[str, Any] | None = None, name: str = MANIFEST_FILE
) -> dict[str, Any]:
    """Record the sha256 and size of ``files`` (names inside ``folder``) plus ``extra`` in
    ``folder/name``, written atomically. Write it after the files it describes."""
    folder = Path(folder)
    payload: dict[str, Any] = dict(extra or {})
    payload["files"] = {f: file_entry(folder / f) for f in files}
    atomic_write_json(folder / name, payload)
    return payload


def read_manifest(folder: str | Path, what: str, name: str = MANIFEST_FILE) -> dict[str, Any]:
    """The manifest of an artifact folder; ArtifactCorruptError when it is not readable JSON."""
    path = Path(folder) / name
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArtifactCorruptError(what, path, f"its manifest is not readable JSON ({exc})") from exc
    if not isinstance(payload, dict):
        raise ArtifactCorruptError(what, path, "its manifest is not a JSON object")
    return payload


def verify_file(path: str | Path, expected: Mapping[str, Any], what: str) -> None:
    """Raise ArtifactCorruptError unless ``path`` has the size and sha256 of ``expected``."""
    path = Path(path)
    if not path.exists():
        raise ArtifactCorruptError(what, path, "the file is missing")
    size = path.stat().st_size
    if "bytes" in expected and size != expected["bytes"]:
        raise ArtifactCorruptError(
            what, path, f"it has {size} bytes, its manifest says {expected['bytes']} (truncated or replaced)"
        )
    actual = sha256_file(path)
    if actual != expected.get("sha256"):
        raise ArtifactCorruptError(what, path, f"its sha256 is {actual}, its manifest says {expected.get('sha256')}")


def verify_manifest(folder: str | Path, what: str, name: str = MANIFEST_FILE) -> dict[str, Any]:
    """Verify every file listed in the folder's manifest; returns the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder, what, name)
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise ArtifactCorruptError(
            what, folder / name, "its manifest lists no file checksums (built by an older version?)"
        )
    for file_name, expected in files.items():
        if not isinstance(expected, dict) or Path(file_name).name != file_name:
            raise ArtifactCorruptError(what, folder / name, f"bad manifest entry {file_name!r}")
        verify_file(folder / file_name, expected, what)
    return manifest


def verified_bytes(path: str | Path, expected: Mapping[str, Any], what: str) -> bytes:
    """The bytes of ``path``, read once and checked against ``expected`` (sha256, size)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ArtifactCorruptError(what, path, "the file is missing") from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected.get("sha256"):
        raise ArtifactCorruptError(what, path, f"its sha256 is {actual}, its manifest says {expected.get('sha256')}")
    return data


def verified_load(path: str | Path, expected: Mapping[str, Any], what: str, loader: Callable[[Path], Any]) -> Any:
    """Verify ``path`` against ``expected``, then ``loader(path)``; any loader failure (the bytes
    are right but the format is not) becomes ArtifactCorruptError too."""
    path = Path(path)
    verify_file(path, expected, what)
    try:
        return loader(path)
    except ArtifactCorruptError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoding failure means the artifact is unusable
        raise ArtifactCorruptError(what, path, f"it could not be read ({type(exc).__name__}: {exc})") from exc
