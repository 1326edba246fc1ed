"""Batch adapters for the distributed engines analysts already run: Dask and Spark.

Both send a light copy of a :class:`jobrisk.app.batch.BatchScorer` (the data directory and the
small occupation table) to their workers; each worker process loads the title coder and task model
from the built artifacts in that data directory once, and reuses them for every partition. The
rows a worker returns are exactly those :mod:`jobrisk.app.batch.frames` returns in process.

- :mod:`jobrisk.interfaces.batch.dask_frames` (``pip install 'jobrisk[dask]'``)
- :mod:`jobrisk.interfaces.batch.spark_frames` (``pip install 'jobrisk[spark]'``; needs Java 17+)

May import: app, errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from jobrisk.app.batch.scorer import BatchScorer
from jobrisk.errors import PartUnavailableError

#: A :mod:`jobrisk.app.batch.frames` function: a pandas frame and a scorer in, the scored frame out.
FrameScore = Callable[[pd.DataFrame, BatchScorer], pd.DataFrame]
#: An engine's way of applying a :data:`FrameScore` to its distributed frame.
EngineMap = Callable[[Any, FrameScore, BatchScorer], Any]


def missing_extra(extra: str, package: str, exc: ImportError) -> PartUnavailableError:
    """The error raised when an optional engine is not installed."""
    return PartUnavailableError(
        f"{package} is not installed ({exc}); install the extra with: pip install 'jobrisk[{extra}]'"
    )


def engine_function(score: FrameScore, engine_map: EngineMap, frame: str) -> Callable[[Any, BatchScorer], Any]:
    """``score`` applied to an engine's distributed ``frame`` (its argument's name in the docs)
    through ``engine_map``; named as ``score`` is."""

    def apply(distributed: Any, scorer: BatchScorer) -> Any:
        return engine_map(distributed, score, scorer)

    apply.__name__ = apply.__qualname__ = score.__name__
    apply.__doc__ = f"``{frame}`` with the columns of :func:`jobrisk.app.batch.{score.__name__}` added."
    return apply
