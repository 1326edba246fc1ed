"""sha256 of files and streams, and copying a file into place only once its checksum is right.

May import: ``jobrisk.errors`` only.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from jobrisk.errors import ChecksumMismatchError

CHUNK_BYTES = 1 << 20


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def temp_path_beside(target: Path) -> Path:
    """A fresh, hidden temporary file in ``target``'s folder (same file system: os.replace works)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            with open(candidate, "xb"):  # created with the user's usual permissions (umask)
                return candidate
        except FileExistsError:
            continue


def copy_verified(
    source: Path,
    target: Path,
    expected_sha256: str,
    on_bytes: Callable[[int], None] | None = None,
) -> str:
    """Copy ``source`` to ``target`` via a temp file, replacing ``target`` only if the copy's
    sha256 equals ``expected_sha256``. Returns the sha256. On mismatch the temp file is removed,
    ``target`` is left as it was, and :class:`ChecksumMismatchError` names ``source``."""
    temp = temp_path_beside(target)
    try:
        with open(source, "rb") as src, open(temp, "wb") as dst:
            actual = _copy_hashing(src, dst, on_bytes)
            dst.flush()
            os.fsync(dst.fileno())
        if actual != expected_sha256:
            raise ChecksumMismatchError(str(source), expected_sha256, actual)
        os.replace(temp, target)
        return actual
    finally:
        temp.unlink(missing_ok=True)


def _copy_hashing(src: BinaryIO, dst: BinaryIO, on_bytes: Callable[[int], None] | None) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: src.read(CHUNK_BYTES), b""):
        digest.update(block)
        dst.write(block)
        if on_bytes is not None:
            on_bytes(len(block))
    return digest.hexdigest()
