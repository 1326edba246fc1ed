"""Reader of the AI Occupational Exposure scores (folder ``aioe``; Felten, Raj & Seamans).

AIOE, Language-Modeling AIOE and Image-Generation AIOE by SOC 2010 occupation,
from the CSV made of the appendix workbooks (standardized scores, not probabilities).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobrisk.sources.readers._common import columns_of, read_text_csv, to_float

FOLDER = "aioe"
AIOE_LM_IG = "aioe_lm_ig_by_occupation_soc2010.csv"
ALL_FILES: tuple[str, ...] = (AIOE_LM_IG,)


def occupation_scores(folder: Path) -> pd.DataFrame:
    """soc2010_code, title, aioe, lm_aioe, ig_aioe (774 rows)."""
    scores = {"AIOE": "aioe", "Language Modeling AIOE": "lm_aioe", "Image Generation AIOE": "ig_aioe"}
    columns = ["SOC Code", "Occupation Title", *scores]
    names = {"SOC Code": "soc2010_code", "Occupation Title": "title", **scores}
    raw = read_text_csv(folder / AIOE_LM_IG, columns)
    return columns_of(raw, columns, names=names, convert=dict.fromkeys(scores.values(), to_float))
