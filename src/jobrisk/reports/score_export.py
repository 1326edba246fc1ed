"""The occupation score table: one flat row per O*NET-SOC code (``jobrisk occupations export``).

Column contract (stable; external checks depend on it): ``onet_soc_code, title, exposure,
automation, complementarity, outlook, risk_score, risk_low, risk_high, band`` first, then
extra columns (``substitution_share`` x ``demand_factor`` x 100, clipped, is ``risk_score``).
Components are 0-1, risk 0-100. An empty cell means "no data", never zero.
Rows are sorted by code and numbers rounded to fixed decimals, so the same catalog gives a
byte-identical file. Files are written by the one safe writer
(:mod:`jobrisk.tabular.safe_writer`: formula-safe cells, UTF-8 with BOM, atomic).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jobrisk.scoring.occupation_score import OccupationScore
from jobrisk.tabular.safe_writer import csv_text, write_table

CONTRACT_COLUMNS = (
    "onet_soc_code",
    "title",
    "exposure",
    "automation",
    "complementarity",
    "outlook",
    "risk_score",
    "risk_low",
    "risk_high",
    "band",
)
EXTRA_COLUMNS = (
    "status",
    "basis",
    "exposure_llm_alone",
    "exposure_llm_with_tools",
    "substitution_share",
    "demand_factor",
    "tasks_scored",
    "tasks_total",
    "soc_code",
    "derived_from",
    "method_version",
)
COLUMNS = CONTRACT_COLUMNS + EXTRA_COLUMNS

SHARE_DECIMALS = 4
RISK_DECIMALS = 2


def _num(value: float | None, decimals: int) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


def export_row(score: OccupationScore) -> dict[str, str]:
    """The flat row of one occupation (strings, ready for CSV)."""
    exposure = score.exposure
    return {
        "onet_soc_code": score.onet_soc_code,
        "title": score.title,
        "exposure": _num(score.exposure_share, SHARE_DECIMALS),
        "automation": _num(score.automation, SHARE_DECIMALS),
        "complementarity": _num(score.complementarity, SHARE_DECIMALS),
        "outlook": _num(score.outlook_index, SHARE_DECIMALS),
        "risk_score": _num(score.risk_score, RISK_DECIMALS),
        "risk_low": _num(score.risk_low, RISK_DECIMALS),
        "risk_high": _num(score.risk_high, RISK_DECIMALS),
        "band": score.band,
        "status": score.status,
        "basis": score.basis,
        "exposure_llm_alone": _num(None if exposure is None else exposure.llm_alone, SHARE_DECIMALS),
        "exposure_llm_with_tools": _num(None if exposure is None else exposure.llm_with_tools, SHARE_DECIMALS),
        "substitution_share": _num(score.substitution_share, SHARE_DECIMALS),
        "demand_factor": _num(score.demand_factor, SHARE_DECIMALS),
        "tasks_scored": str(score.tasks_scored),
        "tasks_total": str(score.tasks_total),
        "soc_code": score.soc_code,
        "derived_from": " ".join(score.derived_from),
        "method_version": score.method_version,
    }


TEXT_COLUMNS = ("onet_soc_code", "title", "band", "status", "basis", "soc_code", "derived_from", "method_version")
NUMERIC_COLUMNS = tuple(c for c in COLUMNS if c not in TEXT_COLUMNS)


def _rows(scores: Iterable[OccupationScore]) -> list[dict[str, str]]:
    return [export_row(s) for s in sorted(scores, key=lambda s: s.onet_soc_code)]


def export_csv(scores: Iterable[OccupationScore]) -> str:
    """The whole table as CSV text (header + one row per occupation, sorted by code; no BOM)."""
    return csv_text(COLUMNS, _rows(scores))


def write_export(path: str | Path, scores: Iterable[OccupationScore]) -> int:
    """Write the table to ``path`` with the safe writer (CSV with BOM, or XLSX for ``.xlsx``),
    atomically; returns the number of rows."""
    return write_table(path, COLUMNS, _rows(scores), numeric_columns=NUMERIC_COLUMNS)
