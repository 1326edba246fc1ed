"""The loaded parts of jobrisk, shared by the web app (and any long-running interface).

A :class:`Services` object is built from :class:`jobrisk.settings.Settings` (or given a
:class:`jobrisk.catalog.Catalog` directly, for tests) and loads each part lazily, once per
process, on first use:

=================  ===============================================================
``catalog``        ``Catalog.open(settings.catalog_path)``
``title_coder``    ``jobrisk.models.title_coder.TitleCoder.from_catalog(catalog, settings)``
``task_model``     ``jobrisk.models.task_exposure.TaskExposureModel.load(settings, catalog)``
``scorebook``      every occupation's score, stored by ``jobrisk build`` (``jobrisk.app.score_store``)
``report(code)``   the occupation report object (``jobrisk.reports.occupation``), cached
=================  ===============================================================

A part that cannot be loaded (no catalog built yet, model not trained, module not installed)
raises a :class:`jobrisk.errors.JobriskError` with a message saying what is missing and what to
run; :meth:`Services.part_status` tells which parts are loaded, failed or not yet tried, so
pages can degrade with a clear message instead of crashing; a failed part is tried again after
``RETRY_AFTER_S`` seconds (so a catalog built while the server runs is picked up). Loading is
thread-safe: a part is built by one thread while the others wait for it.

May import: catalog, models, reports, settings, errors.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

from jobrisk.catalog import Catalog
from jobrisk.errors import JobriskError, PartUnavailableError
from jobrisk.settings import Settings

PARTS = ("catalog", "title_coder", "task_model", "scorebook")
REPORT_CACHE_SIZE = 256  # report objects; rendered pages are cached by the web app
RETRY_AFTER_S = 30.0  # a part that failed to load is tried again after this long


@dataclass(frozen=True)
class PartStatus:
    """Load state of one part: ``state`` is 'loaded', 'failed' or 'not_loaded'."""

    name: str
    state: str
    message: str | None = None


def _import(module: str, part: str, attribute: str | None = None) -> Any:
    """``module`` (or its ``attribute``), or PartUnavailableError naming what is missing."""
    try:
        loaded = importlib.import_module(module)
    except ImportError as exc:
        raise PartUnavailableError(
            f"The {part} is not available in this installation ({module}: {exc})."
        ) from exc
    if attribute is None:
        return loaded
    found = getattr(loaded, attribute, None)
    if found is None:
        raise PartUnavailableError(
            f"The {part} is not available in this installation ({module} has no {attribute}).")
    return found


class Services:
    """Lazily loaded catalog, models, scores and report objects; one per process."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        catalog: Catalog | None = None,
        title_coder: Any = None,
        task_model: Any = None,
        scorebook: Any = None,
    ):
        if settings is None and catalog is None:
            settings = Settings.load()
        self.settings = settings
        self._parts: dict[str, Any] = {}
        self._errors: dict[str, tuple[JobriskError, float]] = {}
        for name, given in (("catalog", catalog), ("title_coder", title_coder),
                            ("task_model", task_model), ("scorebook", scorebook)):
            if given is not None:
                self._parts[name] = given
        self._locks = {name: threading.Lock() for name in PARTS}
        self._reports: OrderedDict[str, Any] = OrderedDict()
        self._context: Any = None
        self._report_lock = threading.RLock()
        # One connection serves every thread; queries are serialised through this lock.
        self.catalog_lock = threading.RLock()

    # ------------------------------------------------------------------ parts
    @property
    def catalog(self) -> Catalog:
        return self._get("catalog", self._load_catalog)

    @property
    def title_coder(self) -> Any:
        return self._get("title_coder", self._load_title_coder)

    @property
    def task_model(self) -> Any:
        return self._get("task_model", self._load_task_model)

    @property
    def scorebook(self) -> Any:
        return self._get("scorebook", self._load_scorebook)

    def _get(self, name: str, loader: Callable[[], Any]) -> Any:
        part = self._parts.get(name)
        if part is not None:
            return part
        with self._locks[name]:
            if name in self._parts:
                return self._parts[name]
            failed = self._errors.get(name)
            if failed is not None and time.monotonic() - failed[1] < RETRY_AFTER_S:
                raise failed[0]
            try:
                part = loader()
            except JobriskError as exc:
                self._errors[name] = (exc, time.monotonic())
                raise
            self._errors.pop(name, None)
            self._parts[name] = part
            return part

    def _load_catalog(self) -> Catalog:
        assert self.settings is not None
        return Catalog.open(self.settings.catalog_path)

    def _load_title_coder(self) -> Any:
        coder_cls = _import("jobrisk.models.title_coder", "job title coder", "TitleCoder")
        catalog = self.catalog
        with self.catalog_lock:
            return coder_cls.from_catalog(catalog, self.settings)

    def _load_task_model(self) -> Any:
        model_cls = _import("jobrisk.models.task_exposure", "task exposure model", "TaskExposureModel")
        if self.settings is None:
            raise PartUnavailableError(
                "The task exposure model needs settings (its artifact lives in the models folder); "
                "none were given.")
        catalog = self.catalog
        with self.catalog_lock:
            model = model_cls.load(self.settings, catalog)
        return usable_task_model(model, str(self.settings.models_dir))

    def _load_scorebook(self) -> Any:
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
    @property
    def has_report_builder(self) -> bool:
        return _report_module() is not None

    def report(self, onet_soc_code: str) -> Any:
        """The occupation report object for ``onet_soc_code`` (built once, then cached).

        Raises :class:`jobrisk.errors.NotFoundError` for an unknown code and
        :class:`PartUnavailableError` while the report builder is not installed.
        """
        with self._report_lock:
            cached = self._reports.get(onet_soc_code)
            if cached is not None:
                self._reports.move_to_end(onet_soc_code)
                return cached
        module = _report_module()
        if module is None:
            raise PartUnavailableError(
                "The occupation report builder (jobrisk.reports.occupation) is not installed.")
        catalog, scorebook = self.catalog, self.scorebook
        context = self._report_context(module, catalog, scorebook)
        with self.catalog_lock:
            report = module.build_report(catalog, scorebook, onet_soc_code, context=context)
        with self._report_lock:
            self._reports[onet_soc_code] = report
            while len(self._reports) > REPORT_CACHE_SIZE:
                self._reports.popitem(last=False)
        return report

    def prepare_reports(self) -> None:
        """Build what every report shares now, so the first report page is fast (errors ignored)."""
        module = _report_module()
        if module is None:
            return
        try:
            self._report_context(module, self.catalog, self.scorebook)
        except JobriskError:
            return

    def _report_context(self, module: Any, catalog: Catalog, scorebook: Any) -> Any:
        """What every report shares (tool catalog, occupation-wide figures), built once."""
        with self._report_lock:
            if self._context is None:
                with self.catalog_lock:
                    self._context = module.ReportContext.build(catalog, scorebook)
            return self._context

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


def usable_task_model(model: Any, where: str) -> Any:
    """``model`` once it has scored a sample task; a model that cannot (say, an artifact saved by
    other code) is reported once, clearly, instead of failing every request."""
    try:
        model.score_texts(["Answer customer questions by email"])
    except JobriskError:
        raise
    except Exception as exc:
        raise PartUnavailableError(
            f"The task exposure model in {where} cannot score tasks "
            f"({type(exc).__name__}: {exc}); rebuild it with 'jobrisk build'.") from exc
    return model


def _report_module() -> Any:
    """``jobrisk.reports.occupation`` when it offers ``build_report`` and ``ReportContext``."""
    try:
        module = importlib.import_module("jobrisk.reports.occupation")
    except ImportError:
        return None
    if not (hasattr(module, "build_report") and hasattr(module, "ReportContext")):
        return None
    return module
