"""Bulk coding of a table of job titles (the ``jobrisk titles code`` contract); the file is read
and written by :mod:`jobrisk.app.title_files`.

The input needs a ``title`` column (optional ``duties`` and ``department`` columns are used
when present); every input column is kept and four are added: ``onet_soc_code`` (empty when
the coder abstains), ``confidence`` (0-1), ``status`` (matched / uncertain / unknown) and
``candidates`` (up to five codes, ``;``-separated, best first). ``explain=True`` adds
``occupation_title``, ``cleaned_title``, ``reason`` and ``broad_group`` (the SOC group the
candidates share when no single occupation is sure).
"""

from __future__ import annotations

import pandas as pd

from jobrisk.models.title_coder.coder import TitleCoder

OUTPUT_COLUMNS = ("onet_soc_code", "confidence", "status", "candidates")
EXPLAIN_COLUMNS = ("occupation_title", "cleaned_title", "reason", "broad_group")


def code_frame(df: pd.DataFrame, coder: TitleCoder, explain: bool = False) -> pd.DataFrame:
    """The input frame with the coding columns added (input columns of the same name are replaced)."""
    duties = df["duties"].tolist() if "duties" in df.columns else None
    departments = df["department"].tolist() if "department" in df.columns else None
    if duties is None:
        matches = coder.code_many(df["title"].tolist(), departments=departments)
    else:
        matches = [
            coder.code(t, d or None, department=(departments[i] or None) if departments else None)
            for i, (t, d) in enumerate(zip(df["title"].tolist(), duties))
        ]
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
