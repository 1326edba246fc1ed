"""The personal career audit: the profile format, the audit object and its renderings.

``profile``  :class:`CareerProfile` (one format for web, API, CLI and library), parsing, links
``model``    :class:`CareerAudit` (pydantic), the object every interface renders
``build``    :func:`build_career_audit` from scored tasks, scores, moves and tool matches
``markdown`` / ``html`` / ``pdf``  renderings (HTML templates live with the web interface)

May import: catalog, models, scoring, reports.occupation, reports.tools.
"""

from jobrisk.reports.career.model import CareerAudit
from jobrisk.reports.career.profile import CareerProfile, ProfileTask, parse_profile

__all__ = ["CareerAudit", "CareerProfile", "ProfileTask", "parse_profile"]
