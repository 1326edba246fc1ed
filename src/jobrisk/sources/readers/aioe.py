"""Reader of the AI Occupational Exposure scores (folder ``aioe``; Felten, Raj & Seamans).

AIOE, Language-Modeling AIOE and Image-Generation AIOE by SOC 2010 occupation,
from the CSV made of the appendix workbooks (standardized scores, not probabilities).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobrisk.sources.readers._common import read_text_csv, to_float

FOLDER = "aioe"
AIOE_LM_IG = "aioe_lm_ig_by_occupation_soc2010.csv"
ALL_FILES: tuple[str, ...] = (AIOE_LM_IG,)


def occupation_scores(folder: Path) -> pd.DataFrame:
    """soc2010_code, title, aioe, lm_aioe, ig_aioe (774 rows)."""
    columns = ["SOC Code", "Occupation Title", "AIOE", "Language Modeling AIOE", "Image Generation AIOE"]
    raw = read_text_csv(folder / AIOE_LM_IG, columns)
    return pd.DataFrame(
        {
            "soc2010_code": raw["SOC Code"].str.strip(),
            "title": raw["Occupation Title"].str.strip(),
            "aioe": to_float(raw["AIOE"]),
            "lm_aioe": to_float(raw["Language Modeling AIOE"]),
            "ig_aioe": to_float(raw["Image Generation AIOE"]),
        }
    )
