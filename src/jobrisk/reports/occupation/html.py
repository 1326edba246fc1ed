"""Render an :class:`OccupationReport` as HTML with the shared Jinja2 templates.

The templates live with the web interface (``interfaces/web/templates``: ``occupation.html`` and
``report/*.html``) so the live page, ``jobrisk report --format html``, the PDF and the static site
all come from the same files. This module only locates them; it imports nothing from the web app.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined

from jobrisk._version import __version__
from jobrisk.reports.chart_labels import Box, place_labels
from jobrisk.reports.occupation.model import OccupationReport

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "interfaces" / "web" / "templates"
REPORT_TEMPLATE = "occupation.html"
STANDALONE_LAYOUT = "report/page_base.html"


@lru_cache(maxsize=2)
def environment(strict: bool = False) -> Environment:
    """An autoescaping environment over the shared templates (strict: undefined names raise)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined if strict else Undefined,
    )
    from jobrisk.reports.occupation.narrative import COMPONENT_LABELS

    env.globals.update(
        app_version=__version__, component_labels=COMPONENT_LABELS, place_labels=place_labels, chart_box=Box
    )
    return env


def render_html(
    report: OccupationReport,
    *,
    layout: str = STANDALONE_LAYOUT,
    base_url: str = "",
    env: Environment | None = None,
    **variables: Any,
) -> str:
    """The report page as one HTML document (self-contained with the default layout)."""
    template = (env or environment()).get_template(REPORT_TEMPLATE)
    return template.render(report=report, layout=layout, base_url=base_url.rstrip("/"), **variables)
