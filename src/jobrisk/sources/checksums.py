"""sha256 of files and streams, and copying a file into place only once its checksum is right.

May import: ``jobrisk.durable``, ``jobrisk.errors``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from jobrisk.durable import CHUNK_BYTES, fsync_dir, sha256_file, temp_path_beside
from jobrisk.errors import ChecksumMismatchError

# One home for temp names, hashing and durable renames: jobrisk.durable (re-exported here).
__all__ = ["CHUNK_BYTES", "copy_verified", "sha256_file", "temp_path_beside"]


def copy_verified(
    source: Path, target: Path, expected_sha256: str, on_bytes: Callable[[int], None] | None = None
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
        fsync_dir(target.parent)
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
