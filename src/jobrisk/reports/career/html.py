"""Render a :class:`CareerAudit` as HTML (``career_result.html``, shared with the web page) and PDF.

The PDF is the standalone HTML printed by WeasyPrint, offline, like the occupation report's.
"""

from __future__ import annotations

import logging
from typing import Any

from jobrisk.errors import JobriskError
from jobrisk.reports.career.model import CareerAudit
from jobrisk.reports.occupation.html import STANDALONE_LAYOUT, environment
from jobrisk.reports.occupation.pdf import PRINT_CSS

TEMPLATE = "career_result.html"


def render_html(audit: CareerAudit, *, layout: str = STANDALONE_LAYOUT, **variables: Any) -> str:
    """The audit as one self-contained HTML document (with the default layout)."""
    return environment().get_template(TEMPLATE).render(audit=audit, layout=layout, **variables)


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict:
    raise ValueError(f"external resource not fetched: {url}")


def render_pdf(audit: CareerAudit) -> bytes:
    """The audit as PDF bytes (A4)."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:  # OSError: Pango system libraries missing
        raise JobriskError(f"PDF output needs WeasyPrint and the Pango system libraries: {exc}") from exc
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return HTML(string=render_html(audit), url_fetcher=_no_fetch).write_pdf(
        stylesheets=[CSS(string=PRINT_CSS + ".career-head { grid-template-columns: 1fr 1fr; }")])
