"""Shared helpers of the source readers: file lookup, column checks, value cleaning.

Every reader checks that a file has the columns it needs and raises
:class:`jobrisk.errors.SchemaError` naming the file and the missing column otherwise.
Missing values become ``None``/NaN, never 0.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from pathlib import Path

import pandas as pd

from jobrisk.errors import SchemaError, SourceUnavailableError

#: Text that stands for "no value" in the published tables (BLS dashes, "n/a" ...).
MISSING_TOKENS = frozenset({"", "-", "—", "–", "None", "none", "n/a", "N/A", "NA", "nan", "NaN", "*", "**", "#"})


def resolve(path: Path) -> Path:
    """``path`` itself, or its gzipped twin ``path.gz`` when only that exists."""
    if path.exists():
        return path
    gz = path.with_name(path.name + ".gz")
    if gz.exists():
        return gz
    if path.suffix == ".gz" and path.with_suffix("").exists():
        return path.with_suffix("")
    raise SourceUnavailableError(f"Source file {path} is missing. Run `jobrisk data sync --mirror DIR` first.")


def check_columns(path: Path | str, frame: pd.DataFrame, required: Iterable[str]) -> None:
    """Raise SchemaError when ``frame`` lacks any of ``required`` columns."""
    found = [str(c) for c in frame.columns]
    missing = [c for c in required if c not in found]
    if missing:
        raise SchemaError(str(path), missing, found)


def unquote_csv_field(value: str) -> str:
    r"""Undo CSV quoting of one field: ``"Say ""please"" now"`` -> ``Say "please" now``.

    The official O*NET text files quote the few fields that contain ``"`` (CSV
    style) while being otherwise unquoted, so they are read with quoting off and
    such fields are unquoted here. Other values are returned unchanged.
    """
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        inner = value[1:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return value


def read_onet_tsv(path: Path, required: Sequence[str]) -> pd.DataFrame:
    """An O*NET tab-separated text file (``.gz`` read transparently), all columns text."""
    path = resolve(path)
    frame = pd.read_csv(
        path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE, compression="infer", encoding="utf-8"
    )
    check_columns(path, frame, required)
    for column in frame.columns:
        values = frame[column]
        quoted = values.str.startswith('"')
        if quoted.any():
            frame.loc[quoted, column] = values[quoted].map(unquote_csv_field)
    return frame


def snake_name(column: str) -> str:
    """A source column's name in the catalog: ``Task ID`` -> ``task_id``, the O*NET-SOC code -> ``onet_soc_code``."""
    return "onet_soc_code" if column == "O*NET-SOC Code" else column.lower().replace(" ", "_")


def columns_of(
    raw: pd.DataFrame,
    sources: Sequence[str],
    *,
    names: Mapping[str, str] | None = None,
    convert: Mapping[str, Callable[[pd.Series], pd.Series]] | None = None,
) -> pd.DataFrame:
    """A new frame of ``raw``'s ``sources`` columns in that order, each named ``names[source]`` or
    :func:`snake_name` of it, and read as stripped text or with ``convert[its new name]``."""
    names, convert = names or {}, convert or {}
    out = {}
    for source in sources:
        name = names.get(source, snake_name(source))
        out[name] = convert[name](raw[source]) if name in convert else raw[source].str.strip()
    return pd.DataFrame(out)


def read_onet_table(path: Path, sources: Sequence[str], **how: Any) -> pd.DataFrame:
    """The ``sources`` columns of an O*NET file, as :func:`columns_of` makes them."""
    return columns_of(read_onet_tsv(path, sources), sources, **how)


def read_text_csv(path: Path, required: Sequence[str], *, sep: str = ",") -> pd.DataFrame:
    """A normally quoted CSV/TSV file, every cell kept as text (no NA inference)."""
    path = resolve(path)
    frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, compression="infer", encoding="utf-8")
    check_columns(path, frame, required)
    return frame


def read_excel_sheet(path: Path, sheet: str, required: Sequence[str], *, header_search_rows: int = 15) -> pd.DataFrame:
    """An Excel sheet whose header row sits somewhere in the first rows (title rows above it).

    The header row is the first row holding every ``required`` column name.
    """
    from openpyxl import load_workbook

    path = resolve(path)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in workbook.sheetnames:
            raise SchemaError(str(path), [f"sheet {sheet}"], list(workbook.sheetnames))
        rows = list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()
    header_at = None
    for i, row in enumerate(rows[:header_search_rows]):
        names = {str(v).strip() for v in row if v is not None}
        if all(c in names for c in required):
            header_at = i
            break
    if header_at is None:
        first = next((r for r in rows[:header_search_rows] if sum(v is not None for v in r) > 1), ())
        raise SchemaError(f"{path} [{sheet}]", [c for c in required], [str(v) for v in first if v is not None])
    header = [str(v).strip() if v is not None else f"column_{j}" for j, v in enumerate(rows[header_at])]
    body = [r for r in rows[header_at + 1 :] if any(v is not None and str(v).strip() for v in r)]
    frame = pd.DataFrame(body, columns=header)
    return frame.map(lambda v: "" if v is None else str(v).strip())


def to_float(values: pd.Series) -> pd.Series:
    """Text to float; missing tokens (``-``, ``—``, ``None``, blank ...) become NaN, never 0.

    Thousands separators are removed. Any other non-numeric text also becomes NaN.
    """
    text = values.astype(str).str.strip().str.replace(",", "", regex=False)
    text = text.where(~text.isin(MISSING_TOKENS), None)
    return pd.to_numeric(text, errors="coerce").astype(float)


def to_int(values: pd.Series) -> pd.Series:
    """Text to nullable integer (``Int64``); ``8823.0`` -> 8823; missing stays <NA>."""
    floats = to_float(values)
    return floats.round().astype("Int64")


def to_flag(values: pd.Series) -> pd.Series:
    """``Y``/``N`` (also True/False) to 1/0; anything else (blank) to <NA>."""
    mapping = {"Y": 1, "N": 0, "True": 1, "False": 0, "TRUE": 1, "FALSE": 0}
    return values.map(mapping).astype("Int64")


def to_text(values: pd.Series) -> pd.Series:
    """Stripped text; missing tokens become None."""
    text = values.astype(str).str.strip()
    return text.where(~text.isin(MISSING_TOKENS), None)
