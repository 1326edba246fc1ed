"""Dask adapter: ``score_titles(ddf)``, ``score_tasks(ddf)``, ``score_roster(ddf)`` on a Dask
DataFrame, one ``map_partitions`` call each; the result is lazy, as Dask users expect.

Example (a local cluster with two worker processes)::

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    from jobrisk.app.batch import BatchScorer
    from jobrisk.interfaces.batch import dask_frames
    from jobrisk.settings import Settings

    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    scorer = BatchScorer.load(Settings.load())
    postings = dd.read_parquet("postings/*.parquet")
    dask_frames.score_titles(postings, scorer).to_parquet("scored/")
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from jobrisk.app.batch import frames
from jobrisk.app.batch.scorer import BatchScorer, worker_scorer
from jobrisk.interfaces.batch import FrameScore, engine_function, missing_extra


def _dask() -> Any:
    try:
        import dask.dataframe as dd
    except ImportError as exc:
        raise missing_extra("dask", "Dask", exc) from exc
    return dd


def _partition(frame: pd.DataFrame, score: FrameScore, portable: BatchScorer) -> pd.DataFrame:
    return score(frame, worker_scorer(portable))


def _blank_sample(meta: pd.DataFrame) -> pd.DataFrame:
    """One row with the input's dtypes: blank text, zero numbers (cheap to score, no real data)."""
    row = {}
    for name in meta.columns:
        dtype = meta[name].dtype
        blank = "" if pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype) else 0
        row[name] = pd.Series([blank]).astype(dtype)
    return pd.DataFrame(row)


def _map(ddf: Any, score: FrameScore, scorer: BatchScorer) -> Any:
    _dask()
    portable = scorer.portable()
    meta = _partition(_blank_sample(ddf._meta), score, scorer).iloc[:0]
    return ddf.map_partitions(_partition, score, portable, meta=meta)


score_titles = engine_function(frames.score_titles, _map, "ddf")
score_tasks = engine_function(frames.score_tasks, _map, "ddf")
score_roster = engine_function(frames.score_roster, _map, "ddf")
