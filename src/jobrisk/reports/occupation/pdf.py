"""Render an :class:`OccupationReport` as PDF: the HTML page printed by WeasyPrint (offline).

WeasyPrint lays out the same HTML and CSS as the web page (SVG charts included) using the
system's Pango library; no network access is used (external URLs are not fetched).
"""

from __future__ import annotations

import logging

from jobrisk.errors import JobriskError
from jobrisk.reports.occupation.html import render_html
from jobrisk.reports.occupation.model import OccupationReport

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page) " / " counter(pages);
        font-size: 9pt; color: #57606a; } }
body { font-size: 10pt; } .site-header nav { display: none; }
.facts { grid-template-columns: repeat(4, 1fr); }
.occ-head-grid { grid-template-columns: 1fr; } .occ-gauge { text-align: left; }
details.sources > summary { font-weight: 600; }
"""


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict:
    raise ValueError(f"external resource not fetched: {url}")


def pdf_from_html(html: str, css: str = PRINT_CSS) -> bytes:
    """A standalone HTML document printed as PDF bytes (A4) with the print stylesheet ``css``,
    fetching nothing."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:  # OSError: Pango system libraries missing
        raise JobriskError(f"PDF output needs WeasyPrint and the Pango system libraries: {exc}") from exc
    for name in ("weasyprint", "fontTools"):  # layout progress and unsupported-CSS notes are not user news
        logging.getLogger(name).setLevel(logging.ERROR)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=[CSS(string=css)])


def render_pdf(report: OccupationReport) -> bytes:
    """The report as PDF bytes."""
    return pdf_from_html(render_html(report))
