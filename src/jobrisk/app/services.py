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

A part that cannot be loaded (no catalog built yet, model not trained, scores built for another
catalog) raises a :class:`jobrisk.errors.JobriskError` saying what is missing and what to run;
:meth:`Services.part_status` tells which parts are loaded, failed or not yet tried, so ``/ready``
can say so; a failed part is tried again after ``RETRY_AFTER_S`` seconds (so a catalog built
while the server runs is picked up). Loading is thread-safe: a part is built by one thread while
the others wait for it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

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
RETRY_AFTER_S = 30.0  # a part that failed to load is tried again after this long

T = TypeVar("T")


@dataclass(frozen=True)
class PartStatus:
    """Load state of one part: ``state`` is 'loaded', 'failed' or 'not_loaded'."""

    name: str
    state: str
    message: str | None = None


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
        self._errors: dict[str, tuple[JobriskError, float]] = {}
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
        self._report_lock = threading.RLock()
        # One connection serves every thread; queries are serialised through this lock.
        self.catalog_lock = threading.RLock()

    # ------------------------------------------------------------------ parts
    @property
    def catalog(self) -> Catalog:
        return self._get("catalog", self._load_catalog)

    @property
    def title_coder(self) -> TitleCoder:
        return self._get("title_coder", self._load_title_coder)

    @property
    def task_model(self) -> TaskExposureModel:
        return self._get("task_model", self._load_task_model)

    @property
    def scorebook(self) -> Scorebook:
        return self._get("scorebook", self._load_scorebook)

    def _get(self, name: str, loader: Callable[[], T]) -> T:
        part = self._parts.get(name)
        if part is not None:
            return cast(T, part)
        with self._locks[name]:
            if name in self._parts:
                return cast(T, self._parts[name])
            failed = self._errors.get(name)
            if failed is not None and time.monotonic() - failed[1] < RETRY_AFTER_S:
                raise failed[0]
            try:
                loaded = loader()
            except JobriskError as exc:
                self._errors[name] = (exc, time.monotonic())
                raise
            self._errors.pop(name, None)
            self._parts[name] = loaded
            return loaded

    def _require_settings(self, part: str) -> Settings:
        if self.settings is None:
            raise PartUnavailableError(
                f"The {part} needs settings (its artifact lives in the data folder); none were given."
            )
        return self.settings

    def _load_catalog(self) -> Catalog:
        return Catalog.open(self._require_settings("catalog").catalog_path)

    def _load_title_coder(self) -> TitleCoder:
        from jobrisk.models.title_coder import TitleCoder

        catalog = self.catalog
        with self.catalog_lock:
            return TitleCoder.from_catalog(catalog, self.settings)

    def _load_task_model(self) -> TaskExposureModel:
        from jobrisk.models.task_exposure import TaskExposureModel

        settings = self._require_settings("task exposure model")
        catalog = self.catalog
        with self.catalog_lock:
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
            self._context = stored.context
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

    # ------------------------------------------------------------------ state
    def part_status(self) -> list[PartStatus]:
        out = []
        for name in PARTS:
            if name in self._parts:
                out.append(PartStatus(name, "loaded"))
            elif name in self._errors:
                out.append(PartStatus(name, "failed", str(self._errors[name][0])))
            else:
                out.append(PartStatus(name, "not_loaded"))
        return out

    def warm_up(self, parts: tuple[str, ...] = ("catalog", "scorebook", "title_coder")) -> None:
        """Load ``parts`` now (errors are recorded in :meth:`part_status`, not raised)."""
        for name in parts:
            try:
                getattr(self, name)
            except JobriskError:
                continue


def usable_task_model(model: TaskExposureModel, where: str) -> TaskExposureModel:
    """``model`` once it has scored a sample task; a model that cannot (say, an artifact saved by
    other code) is reported once, clearly, instead of failing every request."""
    try:
        model.score_texts(["Answer customer questions by email"])
    except JobriskError:
        raise
    except Exception as exc:
        raise PartUnavailableError(
            f"The task exposure model in {where} cannot score tasks "
            f"({type(exc).__name__}: {exc}); rebuild it with 'jobrisk build'."
        ) from exc
    return model
