"""Readers of the Anthropic Economic Index files (folder ``anthropic_economic_index``).

Observed AI use: Claude conversations classified into O*NET task statements, per release.
Task texts (``task_name``) are O*NET statements **lower-cased**, without Task ID or
occupation; :func:`task_key` is the one normalisation used to join them (``strip().lower()``).

- :func:`task_usage`: per task text, the percent of the release's classified conversations
  (``usage_share_pct``, sums to 100 over the file). A text absent from the file was not
  observed (or fell under Anthropic's privacy thresholds): not observed, never zero use.
- :func:`task_modes`: per task text, the shares of the five interaction modes and
  ``filtered`` (too few conversations to classify), as published (summing to 1).
- :func:`overall_modes`: the mode shares over all conversations of the first release (percent).
- :func:`task_statements`: the O*NET task list Anthropic classified into (O*NET-SOC code,
  Task ID, text): the bridge from a lower-cased text to Task IDs.

Every reader checks its columns (SchemaError), that values are numbers in range and that
task texts are unique; a file that breaks a rule raises DataError naming the file, the rule
and the first offending rows.

May import: ``jobrisk.errors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jobrisk.errors import DataError
from jobrisk.sources.readers._common import read_text_csv, resolve, to_float, to_int

FOLDER = "anthropic_economic_index"

TASK_STATEMENTS = "release_2025_02_10_onet_task_statements.csv"
OVERALL_MODES_2025_02_10 = "release_2025_02_10_automation_vs_augmentation.csv"


@dataclass(frozen=True)
class Release:
    """One release of the index: its file of per-task usage shares, when its classified
    conversations took place, and its file of per-task interaction-mode shares (None: the
    release publishes none)."""

    usage_file: str
    data_period: str
    mode_file: str | None = None


#: release -> its files and data period
RELEASES: dict[str, Release] = {
    "2025-02-10": Release("release_2025_02_10_onet_task_mappings.csv", "December 2024 - January 2025"),
    "2025-03-27": Release(
        "release_2025_03_27_task_pct_v2.csv",
        "February - March 2025, after the Claude 3.7 Sonnet launch",
        mode_file="release_2025_03_27_automation_vs_augmentation_by_task.csv",
    ),
}
ALL_FILES: tuple[str, ...] = (
    TASK_STATEMENTS,
    OVERALL_MODES_2025_02_10,
    *(r.usage_file for r in RELEASES.values()),
    *(r.mode_file for r in RELEASES.values() if r.mode_file is not None),
)

AUTOMATION_MODES = ("directive", "feedback_loop")
AUGMENTATION_MODES = ("task_iteration", "validation", "learning")
MODES = AUTOMATION_MODES + AUGMENTATION_MODES
FILTERED = "filtered"
#: mode shares must sum to 1 within this tolerance
_SUM_TOLERANCE = 1e-6


def task_key(text: str) -> str:
    """The join key of a task text: stripped and lower-cased (how Anthropic wrote ``task_name``)."""
    return text.strip().lower()


def _fail(path: Path, rule: str, bad: pd.DataFrame) -> None:
    shown = "; ".join(f"row {int(i) + 2}: {r.to_dict()}" for i, r in bad.head(3).iterrows())
    raise DataError(f"{path}: {len(bad)} row(s) break the rule '{rule}': {shown}")


def _unique_texts(path: Path, frame: pd.DataFrame) -> None:
    dupes = frame[frame["task_key"].duplicated(keep=False)]
    if len(dupes):
        _fail(path, "each task_name appears once", dupes[["task_key"]])
    empty = frame[frame["task_key"] == ""]
    if len(empty):
        _fail(path, "task_name is not empty", empty[["task_key"]])


def task_usage(folder: Path, release: str) -> pd.DataFrame:
    """task_key, usage_share_pct for one release (rows as published, one per task text)."""
    if release not in RELEASES:
        raise DataError(
            f"No Anthropic Economic Index usage file for release {release!r}; known releases: {', '.join(RELEASES)}"
        )
    path = resolve(folder / RELEASES[release].usage_file)
    raw = read_text_csv(path, ["task_name", "pct"])
    out = pd.DataFrame({"task_key": raw["task_name"].map(task_key), "usage_share_pct": to_float(raw["pct"])})
    bad = out[~out["usage_share_pct"].between(0.0, 100.0)]  # NaN fails too
    if len(bad):
        _fail(path, "pct is a number between 0 and 100", bad)
    _unique_texts(path, out)
    total = float(out["usage_share_pct"].sum())
    if abs(total - 100.0) > 0.01:
        raise DataError(f"{path}: pct must sum to 100 over the file; got {total:.4f}")
    return out


def task_modes(folder: Path, release: str) -> pd.DataFrame:
    """task_key, the five mode shares and ``filtered`` (0-1, summing to 1) for one release."""
    mode_file = RELEASES[release].mode_file if release in RELEASES else None
    if mode_file is None:
        with_modes = ", ".join(r for r, files in RELEASES.items() if files.mode_file is not None)
        raise DataError(
            f"Release {release!r} publishes no per-task interaction modes; releases with them: {with_modes}"
        )
    path = resolve(folder / mode_file)
    raw = read_text_csv(path, ["task_name", *MODES, FILTERED])
    out = pd.DataFrame({"task_key": raw["task_name"].map(task_key)})
    for column in (*MODES, FILTERED):
        out[column] = to_float(raw[column])
    shares = out[[*MODES, FILTERED]]
    bad = out[~shares.apply(lambda s: s.between(0.0, 1.0)).all(axis=1)]
    if len(bad):
        _fail(path, "every mode share is a number between 0 and 1", bad)
    bad = out[(shares.sum(axis=1) - 1.0).abs() > _SUM_TOLERANCE]
    if len(bad):
        _fail(path, "the mode shares and filtered sum to 1", bad)
    _unique_texts(path, out)
    return out


def overall_modes(folder: Path) -> dict[str, float]:
    """{mode: percent of all conversations} of release 2025-02-10 (``none`` included as published)."""
    path = resolve(folder / OVERALL_MODES_2025_02_10)
    raw = read_text_csv(path, ["interaction_type", "pct"])
    names = raw["interaction_type"].str.strip().str.lower().str.replace(" ", "_", regex=False)
    values = to_float(raw["pct"])
    frame = pd.DataFrame({"mode": names, "pct": values})
    if frame["pct"].isna().any():
        _fail(path, "pct is a number", frame[frame["pct"].isna()])
    missing = [m for m in MODES if m not in set(names)]
    if missing:
        raise DataError(f"{path}: interaction_type lacks {', '.join(missing)}; got {', '.join(names)}")
    return dict(zip(frame["mode"], frame["pct"]))


def task_statements(folder: Path) -> pd.DataFrame:
    """onet_soc_code, task_id, task_key of the O*NET task list the index classified into."""
    path = resolve(folder / TASK_STATEMENTS)
    raw = read_text_csv(path, ["O*NET-SOC Code", "Task ID", "Task"])
    out = pd.DataFrame(
        {
            "onet_soc_code": raw["O*NET-SOC Code"].str.strip(),
            "task_id": to_int(raw["Task ID"]),
            "task_key": raw["Task"].map(task_key),
        }
    )
    bad = out[out["task_id"].isna() | (out["task_key"] == "")]
    if len(bad):
        _fail(path, "Task ID is a number and Task is not empty", bad)
    return out.drop_duplicates(["task_id", "task_key"], ignore_index=True)
