"""The curated TOML files shipped inside the package (title aliases and structure, the tool
catalog), read one way: the packaged file unless a path is given, its top-level tables checked,
every problem a :class:`jobrisk.errors.DataError` naming the file."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from jobrisk.errors import DataError


def read_packaged_toml(
    package: str, name: str, path: str | Path | None, required: Sequence[str]
) -> tuple[dict[str, Any], str]:
    """The tables of ``path`` (default: the file ``name`` shipped in ``package``) and the name
    errors cite it by; a file that is not TOML, or lacks a top-level table or key in
    ``required``, raises DataError."""
    if path is None:
        text = resources.files(package).joinpath(name).read_text("utf-8")
        source = "/".join([*package.split("."), name])
    else:
        text, source = Path(path).read_text("utf-8"), str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{source} is not valid TOML: {exc}") from exc
    missing = [key for key in required if key not in data]
    if missing:
        raise DataError(
            f"{source}: top-level table or key {missing[0]!r} is missing; found: {', '.join(sorted(data)) or 'nothing'}"
        )
    return data, source
