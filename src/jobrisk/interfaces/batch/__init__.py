"""Batch adapters for the distributed engines analysts already run: Dask and Spark.

Both send a light copy of a :class:`jobrisk.app.batch.BatchScorer` (the data directory and the
small occupation table) to their workers; each worker process loads the title coder and task model
from the built artifacts in that data directory once, and reuses them for every partition. The
rows a worker returns are exactly those :mod:`jobrisk.app.batch.frames` returns in process.

- :mod:`jobrisk.interfaces.batch.dask_frames` (``pip install 'jobrisk[dask]'``)
- :mod:`jobrisk.interfaces.batch.spark_frames` (``pip install 'jobrisk[spark]'``; needs Java 17+)

May import: app, errors.
"""

from jobrisk.errors import PartUnavailableError


def missing_extra(extra: str, package: str, exc: ImportError) -> PartUnavailableError:
    """The error raised when an optional engine is not installed."""
    return PartUnavailableError(
        f"{package} is not installed ({exc}); install the extra with: pip install 'jobrisk[{extra}]'"
    )
