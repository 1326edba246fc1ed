"""Batch scoring of data frames: job titles, tasks and rosters, one output row per input row.

Column contract (the same as ``jobrisk batch`` and the CLI coders):

``score_titles(frame)`` keeps every input column and adds
    ``onet_soc_code`` (empty when the coder is not sure), ``occupation_title``, ``confidence``
    (0-1), ``status`` (matched / uncertain / unknown), ``candidates`` (up to five codes, ``;``-
    separated, best first), ``reason`` (why a row is uncertain or unknown), then the occupation's
    ``risk_score``, ``risk_low``, ``risk_high`` (0-100), ``risk_band``, ``exposure_share`` and
    ``automation_share`` (0-1) and ``score_status`` (scored / derived / insufficient_data; empty
    without a code), and observed AI use: ``observed_time_share`` (0-1 of the occupation's task
    time on tasks seen in AI conversations), ``observed_automation_share`` (0-1 of that use where
    the AI does the work) and ``observed_release``. Missing values stay missing (NaN / empty),
    never 0: an occupation with no observed task is "not observed", not "no use".
``score_tasks(frame)`` keeps every input column (a ``task`` column, optionally ``onet_soc_code``)
    and adds ``p_e0, p_e1, p_e2, exposure, automation, confidence, flags`` (capability exposure of
    the task by the task model; flags ``|``-separated).
``score_roster(frame)`` takes a roster (a job-title column under a common name such as
    ``job_title``, ``title`` or ``position``; optional ``headcount``, default 1) and adds the title
    columns plus ``headcount`` (validated) and ``row_error`` (why a row cannot be used; empty when
    it can).

Every distinct value is computed once per call (titles repeat a lot in real data), and the title
coder remembers titles across calls. Frames may be pandas DataFrames or pyarrow Tables; the
result has the input's type. Risk and exposure are capability measures: exposure is not job loss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, cast

import numpy as np
import pandas as pd
import pyarrow as pa

from jobrisk.app.batch.parallel import answer_titles
from jobrisk.app.batch.scorer import OCCUPATION_COLUMNS, BatchScorer
from jobrisk.errors import InputError, MissingColumnError

TITLE_OUTPUT_COLUMNS = (
    "onet_soc_code",
    "occupation_title",
    "confidence",
    "status",
    "candidates",
    "reason",
    *OCCUPATION_COLUMNS[1:],
)
TASK_OUTPUT_COLUMNS = ("p_e0", "p_e1", "p_e2", "exposure", "automation", "confidence", "flags")
TEXT_COLUMNS = (
    "onet_soc_code",
    "occupation_title",
    "status",
    "candidates",
    "reason",
    "risk_band",
    "score_status",
    "observed_release",
)
ROSTER_TITLE_NAMES = ("job_title", "title", "job title", "jobtitle", "position", "position_title", "role", "job")
ROSTER_HEADCOUNT_NAMES = ("headcount", "head_count", "count", "employees", "people")
ROSTER_OUTPUT_COLUMNS = (*TITLE_OUTPUT_COLUMNS, "headcount", "row_error")
MAX_HEADCOUNT = 1_000_000

Frame: TypeAlias = pd.DataFrame | pa.Table

if TYPE_CHECKING:
    from jobrisk.settings import Settings


def _to_pandas(frame: Frame) -> tuple[pd.DataFrame, bool]:
    if isinstance(frame, pa.Table):
        return frame.to_pandas(), True
    if isinstance(frame, pd.DataFrame):
        return frame, False
    raise InputError(f"batch scoring takes a pandas DataFrame or a pyarrow Table; got {type(frame).__name__}")


def _back(frame: pd.DataFrame, arrow: bool) -> Frame:
    if arrow:
        return cast(pa.Table, pa.Table.from_pandas(frame, preserve_index=False))
    return frame


def _text(values: pd.Series) -> np.ndarray:
    """A column as Python strings, missing values as ''."""
    if isinstance(values.dtype, pd.StringDtype):  # text already (as read from CSV or Arrow)
        return cast(np.ndarray, values.fillna("").to_numpy(dtype=object))
    text = values.astype(object).where(values.notna(), "").map(str)
    return cast(np.ndarray, text.to_numpy(dtype=object))


def _require(frame: pd.DataFrame, column: str, what: str) -> None:
    if column not in frame.columns:
        raise MissingColumnError(what, column, [str(c) for c in frame.columns])


def _default_scorer(scorer: BatchScorer | None) -> BatchScorer:
    if scorer is not None:
        return scorer
    from jobrisk.settings import Settings

    return _cached_default(Settings.load())


_DEFAULT: dict[str, BatchScorer] = {}


def _cached_default(settings: Settings) -> BatchScorer:
    key = str(settings.data_dir)
    if key not in _DEFAULT:
        _DEFAULT[key] = BatchScorer.load(settings)
    return _DEFAULT[key]


@dataclass
class DistinctRows:
    """Output columns computed per distinct value (a title, a task): one row per distinct value,
    and each input row's position in them, so a caller can render the distinct rows once and
    repeat them."""

    distinct: pd.DataFrame
    positions: np.ndarray

    def rows(self) -> pd.DataFrame:
        return self.distinct.take(self.positions).reset_index(drop=True)


def title_block(titles: Sequence[str] | np.ndarray, scorer: BatchScorer) -> DistinctRows:
    """The title output columns for ``titles`` (as :class:`DistinctRows`), each distinct title
    coded once (and only if the scorer has not coded it before)."""
    positions, distinct = pd.factorize(np.asarray(titles, dtype=object))
    answers = answer_titles(
        scorer.coder,
        distinct.tolist(),
        scorer.title_memo,
        workers=scorer.workers,
        pool=scorer.title_pool,
        steps=scorer.steps,
    )
    codes, confidence, status, candidates, reason = (list(c) for c in zip(*answers)) if answers else ([],) * 5
    coded = pd.DataFrame(
        {
            "onet_soc_code": pd.Series(codes, dtype=object),
            "confidence": np.round(np.array(confidence, dtype="float64"), 4),
            "status": pd.Series(status, dtype=object),
            "candidates": pd.Series(candidates, dtype=object),
            "reason": pd.Series(reason, dtype=object),
        }
    )
    occupations = scorer.occupations.reindex(coded["onet_soc_code"])
    for name in OCCUPATION_COLUMNS:
        column = occupations[name].to_numpy()
        if pd.api.types.is_object_dtype(occupations[name]) or pd.api.types.is_string_dtype(occupations[name]):
            column = np.where(pd.isna(column), "", column)
        coded[name] = column
    for name in TEXT_COLUMNS:
        coded[name] = coded[name].astype(str)  # one text dtype, whatever the input
    return DistinctRows(coded[list(TITLE_OUTPUT_COLUMNS)], positions)


def title_columns(titles: Sequence[str] | np.ndarray, scorer: BatchScorer) -> pd.DataFrame:
    """The title output columns for ``titles`` (one row each), each distinct title coded once."""
    return title_block(titles, scorer).rows()


@dataclass
class ScoredParts:
    """A scored frame before its parts are joined: the input columns kept (those the output
    replaces are left out), then the added columns, each part :class:`DistinctRows` or a frame
    with one row per input row. :meth:`frame` joins them; the CSV writer renders a block's
    distinct rows once instead (:mod:`jobrisk.app.batch.csv_out`)."""

    inputs: pd.DataFrame
    added: list[pd.DataFrame | DistinctRows]

    @classmethod
    def of(cls, frame: pd.DataFrame, added: list[pd.DataFrame | DistinctRows]) -> ScoredParts:
        names = {c for part in added for c in (part.distinct if isinstance(part, DistinctRows) else part).columns}
        kept = frame.drop(columns=[c for c in frame.columns if c in names]).reset_index(drop=True)
        return cls(kept, added)

    def frame(self) -> pd.DataFrame:
        added = [p.rows() if isinstance(p, DistinctRows) else p.reset_index(drop=True) for p in self.added]
        return pd.concat([self.inputs, *added], axis=1)

    def __len__(self) -> int:
        return len(self.inputs)


def titles_parts(df: pd.DataFrame, scorer: BatchScorer, title_column: str = "title") -> ScoredParts:
    _require(df, title_column, "Input")
    return ScoredParts.of(df, [title_block(_text(df[title_column]), scorer)])


def score_titles(frame: Frame, scorer: BatchScorer | None = None, *, title_column: str = "title") -> Frame:
    """Code every row's job title and add its occupation's risk (see the module docstring)."""
    df, arrow = _to_pandas(frame)
    return _back(titles_parts(df, _default_scorer(scorer), title_column).frame(), arrow)


#: a file's scored tasks remembered across its chunks (about 200 bytes each)
TASK_MEMO_LIMIT = 500_000
TASK_SCORE_COLUMNS = ["p_e0", "p_e1", "p_e2", "exposure", "automation", "confidence", "flags"]


def score_tasks(
    frame: Frame, scorer: BatchScorer | None = None, *, task_column: str = "task", code_column: str = "onet_soc_code"
) -> Frame:
    """Score every row's task text for AI exposure (see the module docstring)."""
    df, arrow = _to_pandas(frame)
    return _back(tasks_parts(df, _default_scorer(scorer), task_column, code_column).frame(), arrow)


def tasks_parts(
    df: pd.DataFrame, scorer: BatchScorer, task_column: str = "task", code_column: str = "onet_soc_code"
) -> ScoredParts:
    _require(df, task_column, "Input")
    texts = _text(df[task_column])
    codes = _text(df[code_column]) if code_column in df.columns else np.full(len(df), "", dtype=object)
    keys = pd.MultiIndex.from_arrays([texts, codes])
    distinct = keys.unique()
    memo = scorer.task_memo
    found = {k: memo[k] for k in distinct if k in memo}
    new = [k for k in distinct if k not in found]
    if new:
        scores = scorer.task_model.score_arrays([k[0] for k in new], [k[1] for k in new])
        values = (
            np.column_stack(
                [
                    scores.proba[:, 0],
                    scores.proba[:, 1],
                    scores.proba[:, 2],
                    scores.exposure,
                    scores.automation,
                    scores.confidence,
                ]
            )
            .astype("float64")
            .round(4)
        )
        for k, row, flags in zip(new, values.tolist(), scores.flags):
            found[k] = (*row, "|".join(flags))
        if len(memo) + len(new) > TASK_MEMO_LIMIT:
            memo.clear()
        memo.update((k, found[k]) for k in new)
    table = pd.DataFrame([found[k] for k in distinct], columns=TASK_SCORE_COLUMNS)
    table["flags"] = table["flags"].astype(object).astype(str)
    return ScoredParts.of(df, [DistinctRows(table, distinct.get_indexer(keys))])


def chunk_titles(kind: str, df: pd.DataFrame) -> list[str]:
    """The distinct job titles a chunk of ``kind`` (titles / roster) will code, first seen first."""
    name = "title" if kind == "titles" else find_column(df.columns, ROSTER_TITLE_NAMES)
    if name is None or name not in df.columns:
        return []
    return cast(list[str], pd.unique(_text(df[name])).tolist())


def find_column(columns: Sequence[object], names: Sequence[str]) -> str | None:
    """The first column whose normalised name is one of ``names`` (exact after case/space folding)."""
    folded = {str(c).strip().lower().replace("-", "_"): str(c) for c in columns}
    for name in names:
        if name in folded:
            return folded[name]
        if name.replace(" ", "_") in folded:
            return folded[name.replace(" ", "_")]
    return None


def headcounts(values: pd.Series | None, n: int) -> tuple[np.ndarray, list[str]]:
    """Validated headcounts (1 where the column is absent or blank) and a reason per bad row."""
    if values is None:
        return np.ones(n, dtype="float64"), [""] * n
    text = pd.Series(_text(values)).str.strip()
    numbers = pd.to_numeric(text.where(text != "", "1"), errors="coerce")
    errors = np.full(n, "", dtype=object)
    bad = numbers.isna().to_numpy()
    errors[bad] = [f"headcount {v!r} is not a number" for v in text[bad]]
    out_of_range = (~bad) & ((numbers <= 0) | (numbers > MAX_HEADCOUNT)).to_numpy()
    errors[out_of_range] = [
        f"headcount {v!r} must be above 0 and at most {MAX_HEADCOUNT:,}" for v in text[out_of_range]
    ]
    return numbers.where(~(bad | out_of_range)).to_numpy(dtype="float64"), list(errors)


def score_roster(frame: Frame, scorer: BatchScorer | None = None) -> Frame:
    """Code a roster's titles, validate headcounts, add the occupation's risk per row."""
    df, arrow = _to_pandas(frame)
    return _back(roster_parts(df, _default_scorer(scorer)).frame(), arrow)


def roster_parts(df: pd.DataFrame, scorer: BatchScorer) -> ScoredParts:
    title = find_column(df.columns, ROSTER_TITLE_NAMES)
    if title is None:
        raise MissingColumnError(
            "Roster (accepted names: " + ", ".join(ROSTER_TITLE_NAMES[:3]) + ", ...)",
            "job_title",
            [str(c) for c in df.columns],
        )
    titles = _text(df[title])
    block = title_block(titles, scorer)
    head_name = find_column(df.columns, ROSTER_HEADCOUNT_NAMES)
    counts, errors = headcounts(None if head_name is None else df[head_name], len(df))
    errors = [e or ("job title is empty" if not t.strip() else "") for e, t in zip(errors, titles)]
    checked = pd.DataFrame({"headcount": counts, "row_error": pd.Series(errors, dtype=object).astype(str)})
    kept = df.drop(columns=[head_name] if head_name else [])
    return ScoredParts.of(kept, [block, checked])
