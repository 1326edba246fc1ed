"""The parts batch scoring needs, loaded once per process: the title coder, every occupation's
score as a small table, and (only when tasks are scored) the task exposure model.

A :class:`BatchScorer` is built from the built artifacts in a data directory
(:meth:`BatchScorer.load`); the catalog is opened while loading and closed again, so no catalog
connection is held while rows are scored. The occupation table is small (one row per
occupation) and travels with the scorer to Dask and Spark workers; the title coder and task model
are loaded on each worker from the same data directory (:func:`worker_scorer`), once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pandas as pd

from jobrisk.catalog import Catalog
from jobrisk.settings import Settings

from jobrisk.app.batch.steps import StepTimes

if TYPE_CHECKING:  # the model stack is imported only when it is loaded
    from jobrisk.app.batch.parallel import Answer, TitleWorkers
    from jobrisk.models.task_exposure import TaskExposureModel
    from jobrisk.models.title_coder import TitleCoder

T = TypeVar("T")  # a model part the scorer loads at first use

#: Columns of the occupation table, in output order (0-100 risk, 0-1 shares).
OCCUPATION_COLUMNS = (
    "occupation_title",
    "risk_score",
    "risk_low",
    "risk_high",
    "risk_band",
    "exposure_share",
    "automation_share",
    "score_status",
    "observed_time_share",
    "observed_automation_share",
    "observed_release",
)
#: Observed AI use (Anthropic Economic Index, latest release in the catalog): the share of the
#: occupation's task time on tasks seen in AI conversations, and the automation share of that use.
#: Missing when the occupation has no observed task: not observed is not zero use.
OBSERVED_COLUMNS = OCCUPATION_COLUMNS[-3:]


def occupation_table(catalog: Catalog, settings: Settings | None = None) -> pd.DataFrame:
    """Every occupation's score, indexed by O*NET-SOC code (missing values are NaN, never 0).

    With ``settings``: the scores ``jobrisk build`` stored, verified against the catalog;
    without: computed from ``catalog`` (a catalog given directly, such as the fixture).
    """
    if settings is None:
        from jobrisk.app.scoring_inputs import score_catalog

        book = score_catalog(catalog)
    else:
        from jobrisk.app.score_store import load_stored_scores

        book = load_stored_scores(settings, catalog).scorebook
    rows = []
    for score in book:
        rows.append(
            {
                "onet_soc_code": score.onet_soc_code,
                "occupation_title": score.title,
                "risk_score": score.risk_score,
                "risk_low": score.risk_low,
                "risk_high": score.risk_high,
                "risk_band": score.band,
                "exposure_share": score.exposure_share,
                "automation_share": score.automation,
                "score_status": score.status,
                **_observed(catalog, score.onet_soc_code),
            }
        )
    table = pd.DataFrame(rows).set_index("onet_soc_code")
    for name in (
        "risk_score",
        "risk_low",
        "risk_high",
        "exposure_share",
        "automation_share",
        "observed_time_share",
        "observed_automation_share",
    ):
        table[name] = table[name].astype("float64").round(4)
    return table


def _observed(catalog: Catalog, onet_soc_code: str) -> dict[str, object]:
    use = catalog.observed_occupation_use(onet_soc_code)
    if use is None or not use.observed:
        return {"observed_time_share": None, "observed_automation_share": None, "observed_release": ""}
    return {
        "observed_time_share": use.observed_time_share,
        "observed_automation_share": use.automation_share,
        "observed_release": use.release,
    }


@dataclass
class BatchScorer:
    """Title coder + occupation table + (lazily) task model for one data directory."""

    data_dir: Path
    occupations: pd.DataFrame
    #: processes that code new titles (forked from this one, see :mod:`.parallel`); workers of
    #: Dask and Spark always use 1, since the cluster already runs one task per core
    workers: int = 1
    _coder: TitleCoder | None = field(default=None, repr=False)
    _task_model: TaskExposureModel | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: scored (task text, occupation code) pairs kept across the chunks of one file, so a task
    #: repeated in later chunks is scored once (bounded: cleared past ``TASK_MEMO_LIMIT``)
    task_memo: dict[tuple[str, str], tuple[float | str, ...]] = field(default_factory=dict, repr=False)
    #: coded titles' answers by the title's form (see :func:`.parallel.answer_titles`; bounded),
    #: kept across calls and chunks
    title_memo: dict[str, Answer] = field(default_factory=dict, repr=False)
    #: the worker processes of the ``jobrisk batch`` run in progress, if any
    title_pool: TitleWorkers | None = field(default=None, repr=False)
    #: where the time goes (see :mod:`.steps`); :func:`~jobrisk.app.batch.run_batch` starts it afresh
    steps: StepTimes = field(default_factory=StepTimes, repr=False)

    @classmethod
    def load(cls, settings: Settings, *, titles: bool = True) -> BatchScorer:
        """Load the occupation table (and the title coder unless ``titles=False``)."""
        with Catalog.open(settings.catalog_path) as catalog:
            scorer = cls(settings.data_dir, occupation_table(catalog, settings))
            if titles:
                scorer._coder = _load_coder(catalog, settings)
        return scorer

    @classmethod
    def from_catalog(cls, catalog: Catalog, data_dir: Path | None = None) -> BatchScorer:
        """A scorer over an already open catalog (tests, notebooks); models are built in memory
        unless ``data_dir`` holds built artifacts for it."""
        scorer = cls(data_dir or Path("."), occupation_table(catalog))
        from jobrisk.models.title_coder import TitleCoder

        scorer._coder = TitleCoder.from_catalog(catalog)
        return scorer

    @property
    def settings(self) -> Settings:
        return Settings.load(data_dir=self.data_dir)

    @property
    def coder(self) -> TitleCoder:
        return self._part("_coder", _load_coder)

    @property
    def task_model(self) -> TaskExposureModel:
        return self._part("_task_model", _load_task_model)

    def _part(self, attribute: str, load: Callable[[Catalog, Settings], T]) -> T:
        """The model part kept in ``attribute``, loaded from the data directory's catalog at first
        use (once: under the lock, so threads scoring chunks wait for one load)."""
        with self._lock:
            part = getattr(self, attribute)
            if part is None:
                settings = self.settings
                with Catalog.open(settings.catalog_path) as catalog:
                    part = load(catalog, settings)
                setattr(self, attribute, part)
            return cast(T, part)

    def portable(self) -> BatchScorer:
        """A copy without loaded models, cheap to send to workers (they load their own)."""
        return BatchScorer(self.data_dir, self.occupations)

    def __dask_tokenize__(self) -> tuple[str, str, int]:
        """A stable token for Dask's task graph: the data directory and the occupation table."""
        digest = int(pd.util.hash_pandas_object(self.occupations.reset_index()).sum())
        return ("jobrisk.BatchScorer", str(self.data_dir), digest)

    def __getstate__(self) -> dict[str, object]:
        return {"data_dir": self.data_dir, "occupations": self.occupations}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["data_dir"], state["occupations"])  # type: ignore[misc]


def _load_coder(catalog: Catalog, settings: Settings) -> TitleCoder:
    from jobrisk.models.title_coder import TitleCoder

    return TitleCoder.from_catalog(catalog, settings)


def _load_task_model(catalog: Catalog, settings: Settings) -> TaskExposureModel:
    from jobrisk.models.task_exposure import TaskExposureModel

    return TaskExposureModel.load(settings, catalog)


_WORKER_SCORERS: dict[Path, BatchScorer] = {}
_WORKER_LOCK = threading.Lock()


def worker_scorer(portable: BatchScorer) -> BatchScorer:
    """The scorer of this process for ``portable``'s data directory, loaded at most once."""
    with _WORKER_LOCK:
        scorer = _WORKER_SCORERS.get(portable.data_dir)
        if scorer is None:
            scorer = BatchScorer(portable.data_dir, portable.occupations)
            _WORKER_SCORERS[portable.data_dir] = scorer
        return scorer
