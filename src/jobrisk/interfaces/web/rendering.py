"""The Jinja2 environment of the web app: autoescaped templates and display filters.

Every template autoescapes (titles and tasks are user input). The filters turn missing values
into "no data" rather than zero, and format units: ``usd``, ``pct`` (a 0-1 share), ``pct_change``
(a percentage), ``num``, ``score``; ``query`` makes a query string of a dict's non-empty values.

Every value a template prints first loses control and bidi-override characters (the one rule,
:func:`jobrisk.interfaces.web.printable.printable`, which JSON responses follow too), then is
escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from jobrisk._version import __version__
from jobrisk.interfaces.web.printable import printable
from jobrisk.reports.chart_labels import Box, place_labels
from jobrisk.reports.occupation.narrative import COMPONENT_LABELS

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
NO_DATA = "no data"


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def usd(value: Any) -> str:
    return NO_DATA if _missing(value) else f"${float(value):,.0f}"


def pct(value: Any, digits: int = 0) -> str:
    """A 0-1 share as a percentage."""
    return NO_DATA if _missing(value) else f"{float(value) * 100:.{digits}f}%"


def pct_change(value: Any) -> str:
    """A percentage change with its sign."""
    return NO_DATA if _missing(value) else f"{float(value):+.1f}%"


def num(value: Any, digits: int = 0) -> str:
    return NO_DATA if _missing(value) else f"{float(value):,.{digits}f}"


def score(value: Any) -> str:
    return NO_DATA if _missing(value) else f"{float(value):.0f}"


def query(params: dict[str, Any]) -> str:
    """A URL query string of the non-empty values."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=printable,
    )
    env.filters.update(usd=usd, pct=pct, pct_change=pct_change, num=num, score=score, query=query)
    env.globals.update(
        app_version=__version__,
        no_data=NO_DATA,
        component_labels=COMPONENT_LABELS,
        place_labels=place_labels,
        chart_box=Box,
    )
    return env


def _request_context(request: Request) -> dict[str, Any]:
    return {"current_path": request.url.path}


def make_templates() -> Jinja2Templates:
    return Jinja2Templates(env=make_environment(), context_processors=[_request_context])
