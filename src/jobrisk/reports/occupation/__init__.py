"""The occupation report: "Will AI replace <occupation>?" for every occupation and typed title.

``build_report(catalog, scorebook, code)`` assembles an :class:`OccupationReport` (pydantic) from
the catalog, the scorebook and the AI tool catalog; ``render_markdown``/``render_html``/
``render_pdf`` and ``report.model_dump_json()`` render it; :mod:`.site` builds the static site.
May import: catalog, models, scoring, reports.tools, scoring.scorebook, sources.registry.
"""

from jobrisk.reports.occupation.build import build_report
from jobrisk.reports.occupation.context import ReportContext
from jobrisk.reports.occupation.model import OccupationReport, TitleCandidate, TitleResolution

__all__ = ["OccupationReport", "ReportContext", "TitleCandidate", "TitleResolution", "build_report"]
