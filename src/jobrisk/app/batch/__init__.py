"""Batch scoring: job titles, tasks and rosters in data frames and files of any size.

- :func:`score_titles`, :func:`score_tasks`, :func:`score_roster` score a pandas DataFrame or a
  pyarrow Table in process (column contract in :mod:`jobrisk.app.batch.frames`);
- :func:`run_batch` streams a CSV or Parquet file through them in chunks, resumably
  (:mod:`jobrisk.app.batch.files`), for ``jobrisk batch``;
- :class:`BatchScorer` holds the loaded parts; the Dask and Spark adapters in
  :mod:`jobrisk.interfaces.batch` send a light copy of it to their workers.

May import: catalog, models, scoring, reports, settings, errors, durable, tabular.
"""

from jobrisk.app.batch.files import BatchResult, run_batch
from jobrisk.app.batch.frames import score_roster, score_tasks, score_titles
from jobrisk.app.batch.scorer import BatchScorer

__all__ = ["BatchResult", "BatchScorer", "run_batch", "score_roster", "score_tasks", "score_titles"]
