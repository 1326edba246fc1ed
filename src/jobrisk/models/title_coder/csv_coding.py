"""Bulk coding of a CSV file of job titles (the ``jobrisk titles code`` contract).

The input needs a ``title`` column (optional ``duties`` and ``department`` columns are used
when present); every input column is kept and four are added: ``onet_soc_code`` (empty when
the coder abstains), ``confidence`` (0-1), ``status`` (matched / uncertain / unknown) and
``candidates`` (up to five codes, ``;``-separated, best first). ``explain=True`` adds
``occupation_title``, ``cleaned_title``, ``reason`` and ``broad_group`` (the SOC group the
candidates share when no single occupation is sure).

The output is written by the one safe writer (:mod:`jobrisk.tabular.safe_writer`): cells that
a spreadsheet would run as formulas are neutralised, CSV is UTF-8 with a BOM, ``.xlsx`` gives a
workbook, and the file appears atomically.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from jobrisk.errors import InputError, MissingColumnError
from jobrisk.models.title_coder.coder import TitleCoder
from jobrisk.tabular.safe_writer import write_frame

OUTPUT_COLUMNS = ("onet_soc_code", "confidence", "status", "candidates")
EXPLAIN_COLUMNS = ("occupation_title", "cleaned_title", "reason", "broad_group")


def read_titles_csv(in_path: str | Path) -> pd.DataFrame:
    """Read a user's CSV as text; loud errors for unreadable files or a missing ``title`` column."""
    path = Path(in_path)
    if not path.exists():
        raise InputError(f"Input file {path} does not exist")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="latin-1")
    except pd.errors.EmptyDataError:
        raise InputError(f"Input file {path} is empty; it needs a header row with a 'title' column") from None
    except pd.errors.ParserError as exc:
        raise InputError(f"Input file {path} is not a readable CSV file: {exc}") from exc
    if "title" not in df.columns:
        raise MissingColumnError(f"Input file {path}:", "title", [str(c) for c in df.columns])
    return df


def code_frame(df: pd.DataFrame, coder: TitleCoder, explain: bool = False) -> pd.DataFrame:
    """The input frame with the coding columns added (input columns of the same name are replaced)."""
    duties = df["duties"].tolist() if "duties" in df.columns else None
    departments = df["department"].tolist() if "department" in df.columns else None
    if duties is None:
        matches = coder.code_many(df["title"].tolist(), departments=departments)
    else:
        matches = [coder.code(t, d or None, department=(departments[i] or None) if departments else None)
                   for i, (t, d) in enumerate(zip(df["title"].tolist(), duties))]
    out = df.copy()
    out["onet_soc_code"] = [m.onet_soc_code or "" for m in matches]
    out["confidence"] = [f"{m.confidence:.3f}" for m in matches]
    out["status"] = [m.status for m in matches]
    out["candidates"] = [";".join(c.onet_soc_code for c in m.candidates) for m in matches]
    if explain:
        out["occupation_title"] = [m.title or "" for m in matches]
        out["cleaned_title"] = [m.cleaned_title for m in matches]
        out["reason"] = [m.reason or (m.candidates[0].reason if m.candidates else "") for m in matches]
        out["broad_group"] = [m.broad_group or "" for m in matches]
    return out


def code_csv(in_path: str | Path, out_path: str | Path, coder: TitleCoder,
             explain: bool = False) -> Counter:
    """Code ``in_path`` into ``out_path``; returns how many rows got each status."""
    df = read_titles_csv(in_path)
    out = code_frame(df, coder, explain)
    write_frame(out_path, out, numeric_columns=("confidence",))
    return Counter(out["status"])
