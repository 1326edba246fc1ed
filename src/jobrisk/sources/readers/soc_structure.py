"""Reader of the SOC 2018 code structure (``SOC_Structure.csv``, folder ``anthropic_economic_index``).

The file lists the SOC hierarchy one level a row: a major group (``15-0000``) in the column
``Major Group``, its minor groups, broad and detailed occupations in the columns after it, and the
title in the last column. :func:`major_group_titles` gives the major groups' titles, including
those BLS publishes no wage for (55-0000 Military Specific Occupations).

May import: ``jobrisk.errors``.
"""

from __future__ import annotations

import re
from pathlib import Path

from jobrisk.errors import DataError
from jobrisk.sources.readers._common import read_text_csv

FOLDER = "anthropic_economic_index"
SOC_STRUCTURE = "SOC_Structure.csv"
ALL_FILES: tuple[str, ...] = (SOC_STRUCTURE,)

MAJOR_COLUMN = "Major Group"
TITLE_COLUMN = "SOC or O*NET-SOC 2019 Title"
_MAJOR_CODE = re.compile(r"^(?P<group>\d\d)-0000$")


def major_group_titles(folder: Path) -> dict[str, str]:
    """Two-digit SOC major group -> its title, e.g. ``{"55": "Military Specific Occupations"}``."""
    path = folder / SOC_STRUCTURE
    frame = read_text_csv(path, [MAJOR_COLUMN, TITLE_COLUMN])
    out: dict[str, str] = {}
    for code, title in zip(frame[MAJOR_COLUMN].str.strip(), frame[TITLE_COLUMN].str.strip()):
        if not code:
            continue
        match = _MAJOR_CODE.match(code)
        if match is None or not title:
            raise DataError(f"{path}: major group row {code!r} must be a code NN-0000 with a title; got {title!r}")
        out[match.group("group")] = title
    if not out:
        raise DataError(f"{path}: no major group rows (column {MAJOR_COLUMN!r} is empty throughout)")
    return out
