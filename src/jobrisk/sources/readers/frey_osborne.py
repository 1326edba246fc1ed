"""Reader of Frey & Osborne's probabilities of computerisation (folder ``frey_osborne``).

702 occupations in the paper's SOC 2010 codes (a few are aggregates such as
``29-1060``; see :mod:`jobrisk.catalog.crosswalk` for their hand mapping).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobrisk.sources.readers._common import columns_of, read_text_csv, to_float, to_int

FOLDER = "frey_osborne"
PROBABILITIES = "frey_osborne_2013_probability_soc2010.csv"
ALL_FILES: tuple[str, ...] = (PROBABILITIES,)


def probabilities(folder: Path) -> pd.DataFrame:
    """soc2010_code, title, rank (1 = least computerisable), probability (0-1), training_label (1/0/<NA>)."""
    columns = ["SOC code", "Occupation", "Rank", "Probability", "Label"]
    names = {"SOC code": "soc2010_code", "Occupation": "title", "Label": "training_label"}
    convert = {"rank": to_int, "probability": to_float, "training_label": to_int}
    return columns_of(read_text_csv(folder / PROBABILITIES, columns), columns, names=names, convert=convert)
