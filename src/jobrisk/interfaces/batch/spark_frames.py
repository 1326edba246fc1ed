"""Spark adapter: ``score_titles(sdf)``, ``score_tasks(sdf)``, ``score_roster(sdf)`` on a Spark
DataFrame through ``mapInPandas``; each Python worker loads the models once and reuses them.

Example (local mode; on a cluster, every executor needs the same data directory)::

    from pyspark.sql import SparkSession
    from jobrisk.app.batch import BatchScorer
    from jobrisk.interfaces.batch import spark_frames
    from jobrisk.settings import Settings

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    scorer = BatchScorer.load(Settings.load())
    postings = spark.read.parquet("postings/")
    spark_frames.score_titles(postings, scorer).write.parquet("scored/")

The result schema is derived from the in-process result of a one-row sample, so Spark and
pandas agree on every column's type (text as string, numbers as double).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from jobrisk.app.batch import frames
from jobrisk.app.batch.scorer import BatchScorer, worker_scorer
from jobrisk.interfaces.batch import FrameScore, engine_function, missing_extra


def _spark_types() -> Any:
    try:
        from pyspark.sql import types
    except ImportError as exc:
        raise missing_extra("spark", "PySpark", exc) from exc
    return types


def _schema(sample: pd.DataFrame, input_schema: Any) -> Any:
    types = _spark_types()
    given = {f.name: f for f in input_schema.fields}
    fields = []
    for name in sample.columns:
        if name in given:
            fields.append(given[name])
        elif pd.api.types.is_float_dtype(sample[name]) or pd.api.types.is_integer_dtype(sample[name]):
            fields.append(types.StructField(name, types.DoubleType(), True))
        else:
            fields.append(types.StructField(name, types.StringType(), True))
    return types.StructType(fields)


def _map(sdf: Any, score: FrameScore, scorer: BatchScorer) -> Any:
    _spark_types()
    portable = scorer.portable()
    sample = sdf.limit(1).toPandas()
    if sample.empty:
        sample = pd.DataFrame({c: ["x"] for c in sdf.columns})
    out_sample = score(sample, scorer)
    schema = _schema(out_sample, sdf.schema)
    numeric = [f.name for f in schema.fields if f.dataType.typeName() == "double"]

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        local = worker_scorer(portable)
        for batch in batches:
            out = score(batch, local)
            for name in numeric:
                out[name] = out[name].astype("float64")
            yield out

    return sdf.mapInPandas(run, schema)


score_titles = engine_function(frames.score_titles, _map, "sdf")
score_tasks = engine_function(frames.score_tasks, _map, "sdf")
score_roster = engine_function(frames.score_roster, _map, "sdf")
