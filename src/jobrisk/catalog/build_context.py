"""What the steps of a catalog build share: the catalog being written, the inputs, and keys.

Steps run in order; earlier steps fill the key sets later steps check against
(for example task labels are flagged ``in_onet`` from the task ids loaded before).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jobrisk.catalog.build_sources import InputFile, file_release
from jobrisk.catalog.catalog import Catalog


@dataclass
class BuildContext:
    catalog: Catalog
    raw_dir: Path
    inputs: list[InputFile]
    #: onet_soc_code -> soc_code (SOC 2018) of every loaded occupation
    occupations: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["onet_soc_code", "soc_code"]))
    task_ids: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def folder(self, name: str) -> Path:
        return self.raw_dir / name

    def release(self, folder: str, file: str) -> str:
        return file_release(self.inputs, folder, file)

    def version(self, folder: str, file: str) -> str:
        for f in self.inputs:
            if f.folder == folder and f.file in (file, f"{file}.gz"):
                return f.version
        return "unknown"


def frame_rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple]:
    """Rows of ``columns`` as plain-Python tuples, None for every missing value (never 0)."""
    values = []
    for column in columns:
        series = frame[column]
        missing = series.isna().tolist()
        values.append([None if gone else value for value, gone in zip(series.tolist(), missing)])
    return list(zip(*values))
