"""Render a :class:`CareerAudit` as HTML (``career_result.html``, shared with the web page) and PDF.

The PDF is the standalone HTML printed by WeasyPrint, offline, like the occupation report's.
"""

from __future__ import annotations

from typing import Any

from jobrisk.reports.career.model import CareerAudit
from jobrisk.reports.occupation.html import STANDALONE_LAYOUT, environment
from jobrisk.reports.occupation.pdf import PRINT_CSS, pdf_from_html

TEMPLATE = "career_result.html"


def render_html(audit: CareerAudit, *, layout: str = STANDALONE_LAYOUT, **variables: Any) -> str:
    """The audit as one self-contained HTML document (with the default layout)."""
    return environment().get_template(TEMPLATE).render(audit=audit, layout=layout, **variables)


def render_pdf(audit: CareerAudit) -> bytes:
    """The audit as PDF bytes (A4)."""
    return pdf_from_html(render_html(audit), PRINT_CSS + ".career-head { grid-template-columns: 1fr 1fr; }")
