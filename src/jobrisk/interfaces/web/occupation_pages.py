"""Occupation report pages and their JSON twins, rendered once per code and kept in memory.

:class:`OccupationPages` asks the services for the report object (``services.report(code)``)
and renders it with ``templates/occupation.html``. Scores are built with the catalog, so a
rendered page (HTML bytes) and its JSON (under the one printable rule, :mod:`.printable`) are
cached per code. When the catalog or the scores cannot be loaded, the error (with what to run)
reaches the error page and its JSON twin.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from typing import Any

from jinja2 import Environment

from jobrisk.errors import JobriskError
from jobrisk.interfaces.web.printable import printable_json_bytes
from jobrisk.interfaces.web.views import OccupationDirectory
from jobrisk.app.services import Services
from jobrisk.reports.occupation.model import OccupationReport

log = logging.getLogger("jobrisk.web")

REPORT_TEMPLATE = "occupation.html"


class _Lru:
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: str, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class OccupationPages:
    """Report objects, rendered pages and JSON per occupation code (cached)."""

    def __init__(self, services: Services, directory: OccupationDirectory, env: Environment, cache_size: int = 2048):
        self.services = services
        self.directory = directory
        self.env = env
        self._html = _Lru(cache_size)
        self._json = _Lru(cache_size)
        self._clouds: dict[str, bytes] = {}

    def report(self, code: str) -> OccupationReport:
        """The report object for ``code`` (NotFoundError for an unknown code)."""
        return self.services.report(code)

    def scatter_points(self) -> list[Any]:
        """The points of the "where it sits" chart (exposure against wage)."""
        return self.directory.scatter_points("annual_median_wage_usd")

    def cloud_svg(self, y_field: str, y_label: str, y_format: str) -> bytes:
        """Every occupation as a grey dot with axes: the shared background of scatter charts."""
        svg = self._clouds.get(y_field)
        if svg is None:
            module: Any = self.env.get_template("charts/scatter.html").module
            macro = module.comparison_scatter
            svg = (
                str(
                    macro(
                        self.directory.scatter_points(y_field),
                        [],
                        y_field=y_field,
                        y_label=y_label,
                        y_format=y_format,
                        standalone=True,
                        id="cloud",
                    )
                )
                .strip()
                .encode("utf-8")
            )
            if self.directory.notice is None:
                self._clouds[y_field] = svg
        return svg

    def cached_html(self, code: str) -> bytes | None:
        return self._html.get(code)

    def cached_json(self, code: str) -> bytes | None:
        return self._json.get(code)

    def html(self, code: str) -> bytes:
        page = self._html.get(code)
        if page is None:
            page = (
                self.env.get_template(REPORT_TEMPLATE)
                .render(
                    report=self.report(code),
                    current_path=f"/occupations/{code}",
                    json_href=f"/api/v1/occupations/{code}",
                    scatter_points=self.scatter_points(),
                )
                .encode("utf-8")
            )
            self._html.put(code, page)
        return page

    def html_with_resolution(self, code: str, resolution: Any) -> bytes:
        """The page reached from a typed title (rendered each time: it depends on the title)."""
        report = self.report(code).with_resolution(resolution)
        return (
            self.env.get_template(REPORT_TEMPLATE)
            .render(
                report=report,
                current_path=f"/occupations/{code}",
                json_href=f"/api/v1/occupations/{code}",
                scatter_points=self.scatter_points(),
            )
            .encode("utf-8")
        )

    def prerender(self, codes: list[str], before_each: Callable[[], None] | None = None) -> int:
        """Render and cache the page and JSON of each code (calling ``before_each()`` before
        each one: say, to wait while requests are answered); returns how many were cached."""
        done = 0
        for code in codes:
            if before_each is not None:
                before_each()
            try:
                self.html(code)
                self.json(code)
            except JobriskError as exc:
                log.warning("could not pre-render %s: %s", code, exc)
                continue
            done += self._html.get(code) is not None
        return done

    def json(self, code: str) -> bytes:
        body = self._json.get(code)
        if body is None:
            body = printable_json_bytes(self.report(code).model_dump_json().encode("utf-8"))
            self._json.put(code, body)
        return body
