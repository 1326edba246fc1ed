"""The loaded parts of jobrisk, shared by the web app, the CLI and any long-running interface.

A :class:`Services` object is built from :class:`jobrisk.settings.Settings` (or given a
:class:`jobrisk.catalog.Catalog` directly, for tests) and loads each part lazily, once per
process, on first use:

=================  ===============================================================
``catalog``        ``Catalog.open(settings.catalog_path)``
``title_coder``    ``TitleCoder.from_catalog(catalog, settings)``
``task_model``     ``TaskExposureModel.load(settings, catalog)``
``scorebook``      every occupation's score, stored by ``jobrisk build``
                   (:mod:`jobrisk.app.score_store`), with the context every report shares
``report(code)``   the occupation report object (:mod:`jobrisk.reports.occupation`), cached
=================  ===============================================================

A part that cannot be loaded (no catalog built yet, model not trained, scores built for another catalog)
raises a :class:`jobrisk.errors.JobriskError` with a message saying what is missing and what to
run; :meth:`Services.part_status` tells which parts are loaded, failed or not yet tried, so
pages can degrade with a clear message instead of crashing. A failure is recorded once (one log
line, not one per request): requests meanwhile get the recorded error, and the part is tried
again after a back-off that doubles from ``RETRY_AFTER_S`` up to ``RETRY_MAX_S`` (so a catalog
built while the server runs is picked up). Any unexpected exception while loading becomes a
:class:`PartUnavailableError` naming the part, never a crash. A long-running process opens the
catalog with SQLite's quick_check (:mod:`jobrisk.catalog.integrity`); a catalog found corrupt
later (:meth:`Services.part_failed`) is dropped and reloaded after the back-off. Loading is
thread-safe: a part is built by one thread while the others wait for it. The title coder and the
task model read what they need from the catalog through their own read-only connection, so
the seconds they take to load hold no lock that requests share.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from jobrisk.catalog import Catalog
from jobrisk.errors import JobriskError, PartUnavailableError
from jobrisk.settings import Settings

if TYPE_CHECKING:  # models, scores and reports are imported when first loaded (CLI start-up time)
    from jobrisk.models.task_exposure import TaskExposureModel
    from jobrisk.models.title_coder import TitleCoder
    from jobrisk.reports.occupation.context import ReportContext
    from jobrisk.reports.occupation.model import OccupationReport
    from jobrisk.scoring.scorebook import Scorebook

PARTS = ("catalog", "title_coder", "task_model", "scorebook")
REPORT_CACHE_SIZE = 256  # report objects; rendered pages are cached by the web app
RETRY_AFTER_S = 5.0  # a part that failed to load is tried again after this long, then doubling
RETRY_MAX_S = 300.0  # ... up to this long between tries

log = logging.getLogger("jobrisk.services")

T = TypeVar("T")


@dataclass(frozen=True)
class PartStatus:
    """Load state of one part: ``state`` is 'loaded', 'failed' or 'not_loaded'."""

    name: str
    state: str
    message: str | None = None
    retry_in_s: float | None = None  # for a failed part: seconds until it is tried again


@dataclass(frozen=True)
class _Failure:
    error: JobriskError
    at: float  # time.monotonic() of the last try
    attempts: int

    @property
    def retry_after_s(self) -> float:
        return float(min(RETRY_MAX_S, RETRY_AFTER_S * 2.0 ** (self.attempts - 1)))


class _Part(Generic[T]):
    """A part of :class:`Services`: ``services.NAME`` loads it with ``services._load_NAME()`` on
    first use (see :meth:`Services._get`)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, services: Services, owner: type | None = None) -> T:
        loader: Callable[[], T] = getattr(services, f"_load_{self.name}")
        return services._get(self.name, loader)


class Services:
    """Lazily loaded catalog, models, scores and report objects; one per process."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        catalog: Catalog | None = None,
        title_coder: TitleCoder | None = None,
        task_model: TaskExposureModel | None = None,
        scorebook: Scorebook | None = None,
    ):
        if settings is None and catalog is None:
            settings = Settings.load()
        self.settings = settings
        self._parts: dict[str, object] = {}
        self._errors: dict[str, _Failure] = {}
        for name, given in (
            ("catalog", catalog),
            ("title_coder", title_coder),
            ("task_model", task_model),
            ("scorebook", scorebook),
        ):
            if given is not None:
                self._parts[name] = given
        self._locks = {name: threading.Lock() for name in PARTS}
        self._reports: OrderedDict[str, OccupationReport] = OrderedDict()
        self._context: ReportContext | None = None
        self._stored_context: Callable[[], ReportContext] | None = None
        self._report_lock = threading.RLock()
        # One connection serves every thread; queries are serialised through this lock.
        self.catalog_lock = threading.RLock()
        self._catalog_fingerprints: dict[int, str] = {}  # of the catalog opened from settings

    # ------------------------------------------------------------------ parts
    catalog: _Part[Catalog] = _Part()
    title_coder: _Part[TitleCoder] = _Part()
    task_model: _Part[TaskExposureModel] = _Part()
    scorebook: _Part[Scorebook] = _Part()

    def _get(self, name: str, loader: Callable[[], T]) -> T:
        part = self._parts.get(name)
        if part is not None:
            return cast(T, part)
        with self._locks[name]:
            if name in self._parts:
                return cast(T, self._parts[name])
            failed = self._errors.get(name)
            if failed is not None and time.monotonic() - failed.at < failed.retry_after_s:
                raise failed.error
            try:
                loaded = loader()
            except JobriskError as exc:
                self._record_failure(name, exc)
                raise
            except Exception as exc:  # noqa: BLE001 - a part that cannot load must not crash callers
                error = PartUnavailableError(
                    f"The {name.replace('_', ' ')} could not be loaded ({type(exc).__name__}: {exc}); "
                    "run `jobrisk build` to rebuild it."
                )
                self._record_failure(name, error, exc)
                raise error from exc
            if failed is not None:
                log.info("part %s loaded after %d failed tries", name, failed.attempts)
            self._errors.pop(name, None)
            self._parts[name] = loaded
            return loaded

    def _record_failure(self, name: str, error: JobriskError, cause: Exception | None = None) -> None:
        """Remember ``error`` for ``name``; log it only when it is new or its message changed."""
        previous = self._errors.get(name)
        attempts = 1 if previous is None else previous.attempts + 1
        already_logged = (previous is not None and str(previous.error) == str(error)) or any(
            str(f.error) == str(error) for n, f in self._errors.items() if n != name
        )
        self._errors[name] = _Failure(error, time.monotonic(), attempts)
        if not already_logged:  # a catalog failure is logged once, not once per dependent part
            log.error("part %s unavailable: %s", name, error, exc_info=cause)

    def part_failed(self, name: str, error: JobriskError) -> None:
        """A loaded part turned out broken (say, a catalog page is corrupt): drop it, so it is
        reported by :meth:`part_status` and reloaded after the back-off."""
        with self._locks[name]:
            if self._parts.pop(name, None) is None and name in self._errors:
                return
            self._record_failure(name, error)
        if name == "catalog":  # everything built from the catalog goes with it
            for dependent in ("scorebook", "title_coder", "task_model"):
                if dependent in self._parts and self.settings is not None:
                    with self._locks[dependent]:
                        self._parts.pop(dependent, None)
            with self._report_lock:
                self._reports.clear()
                self._context = None
                self._stored_context = None

    def _require_settings(self, part: str) -> Settings:
        if self.settings is None:
            raise PartUnavailableError(
                f"The {part} needs settings (its artifact lives in the data folder); none were given."
            )
        return self.settings

    def _load_catalog(self) -> Catalog:
        catalog = Catalog.open(self._require_settings("catalog").catalog_path, check="quick")
        self._catalog_fingerprints = {id(catalog): catalog.fingerprint()}  # read before it is shared
        return catalog

    @contextmanager
    def _catalog_to_load_from(self) -> Iterator[Catalog]:
        """The catalog a part's loader reads: its own read-only connection to the file the
        shared catalog was opened from (closed afterwards), so a load of several seconds does
        not hold :attr:`catalog_lock`; the shared catalog under that lock when it has no file
        (given directly) or the file now holds another build."""
        catalog = self.catalog
        own = None
        if catalog.path is not None and id(catalog) in self._catalog_fingerprints:
            try:
                own = Catalog.open(catalog.path, check="manifest")
            except JobriskError:
                own = None
            if own is not None and own.fingerprint() != self._catalog_fingerprints.get(id(catalog)):
                own.close()
                own = None
        if own is None:
            with self.catalog_lock:
                yield catalog
            return
        try:
            yield own
        finally:
            own.close()

    def _load_title_coder(self) -> TitleCoder:
        from jobrisk.models.title_coder import TitleCoder

        with self._catalog_to_load_from() as catalog:
            return TitleCoder.from_catalog(catalog, self.settings)

    def _load_task_model(self) -> TaskExposureModel:
        from jobrisk.models.task_exposure import TaskExposureModel

        settings = self._require_settings("task exposure model")
        with self._catalog_to_load_from() as catalog:
            model = TaskExposureModel.load(settings, catalog)
        return usable_task_model(model, str(settings.models_dir))

    def _load_scorebook(self) -> Scorebook:
        """The scores stored by ``jobrisk build`` (verified against the catalog); computed here
        only for a catalog given directly, without settings (tests, the fixture catalog)."""
        catalog = self.catalog
        with self.catalog_lock:
            if self.settings is None:
                from jobrisk.app.scoring_inputs import score_catalog

                return score_catalog(catalog)
            from jobrisk.app.score_store import load_stored_scores

            stored = load_stored_scores(self.settings, catalog)
        with self._report_lock:
            self._stored_context = lambda: stored.context  # decoded when the first report needs it
        return stored.scorebook

    # ------------------------------------------------------------------ reports
    def report(self, onet_soc_code: str) -> OccupationReport:
        """The occupation report object for ``onet_soc_code`` (built once, then cached).

        Raises :class:`jobrisk.errors.NotFoundError` for an unknown code, and the error of the
        catalog or the scores when they cannot be loaded.
        """
        with self._report_lock:
            cached = self._reports.get(onet_soc_code)
            if cached is not None:
                self._reports.move_to_end(onet_soc_code)
                return cached
        from jobrisk.reports.occupation import build_report

        catalog, context = self.catalog, self.report_context()
        with self.catalog_lock:
            report = build_report(catalog, self.scorebook, onet_soc_code, context=context)
        with self._report_lock:
            self._reports[onet_soc_code] = report
            while len(self._reports) > REPORT_CACHE_SIZE:
                self._reports.popitem(last=False)
        return report

    def report_context(self) -> ReportContext:
        """What every report shares (tool catalog, occupation-wide figures): stored with the
        scores, or built once for a catalog given directly."""
        catalog, scorebook = self.catalog, self.scorebook
        with self._report_lock:
            if self._context is None and self._stored_context is not None:
                self._context = self._stored_context()
            if self._context is None:
                from jobrisk.reports.occupation.context import ReportContext

                with self.catalog_lock:
                    self._context = ReportContext.build(catalog, scorebook)
            return self._context

    def prepare_reports(self) -> None:
        """Load what every report shares now, so the first report page is fast (errors are
        recorded in :meth:`part_status`, not raised)."""
        try:
            self.report_context()
        except JobriskError:
            return

    def prepare_audits(self) -> None:
        """Build the occupation space the career audit's moves and the roster audit's internal
        moves search (once per process, about 2 s), so the first audit does not wait for it
        (nothing is raised: a missing part is recorded in :meth:`part_status` by its loader)."""
        from jobrisk.app.transition_space import cached_transition_space

        try:
            cached_transition_space(self.catalog, self.scorebook)
        except JobriskError:
            return

    # ------------------------------------------------------------------ state
    def part_status(self) -> list[PartStatus]:
        out = []
        now = time.monotonic()
        for name in PARTS:
            failure = self._errors.get(name)
            if name in self._parts:
                out.append(PartStatus(name, "loaded"))
            elif failure is not None:
                retry = max(0.0, failure.at + failure.retry_after_s - now)
                out.append(PartStatus(name, "failed", str(failure.error), round(retry, 1)))
            else:
                out.append(PartStatus(name, "not_loaded"))
        return out

    def failed_parts(self) -> tuple[str, ...]:
        """Parts whose last load failed (and that no later load replaced)."""
        return tuple(n for n in PARTS if n in self._errors and n not in self._parts)

    def next_retry_in_s(self) -> float | None:
        """Seconds until the soonest failed part may be tried again (None when none failed)."""
        now = time.monotonic()
        waits = [max(0.0, f.at + f.retry_after_s - now) for n, f in list(self._errors.items()) if n not in self._parts]
        return min(waits) if waits else None

    def warm_up(self, parts: tuple[str, ...] = ("catalog", "scorebook", "title_coder")) -> None:
        """Load ``parts`` now (errors are recorded in :meth:`part_status`, not raised)."""
        for name in parts:
            try:
                getattr(self, name)
            except JobriskError:
                continue


def usable_task_model(model: TaskExposureModel, where: str) -> TaskExposureModel:
    """``model`` once it has scored and explained a sample task (which also builds the
    explanations' same-work test); a model that cannot (say, an artifact saved by other code) is
    reported once, clearly, instead of failing every request."""
    try:
        model.explain("Answer customer questions by email")
    except JobriskError:
        raise
    except Exception as exc:
        raise PartUnavailableError(
            f"The task exposure model in {where} cannot score tasks "
            f"({type(exc).__name__}: {exc}); rebuild it with 'jobrisk build'."
        ) from exc
    return model
