"""The roster audit report: the report object (``model.py``) and its renderings (``render.py``:
JSON, Markdown, HTML, PDF, CSV and XLSX). Built by :mod:`jobrisk.app.roster_audit`.

May import: scoring, reports (shared templates), errors.
"""

from jobrisk.reports.roster.model import (
    EXPOSURE_NOT_JOB_LOSS,
    Candidate,
    InputReport,
    RoleMapping,
    RosterReport,
    Summary,
)
from jobrisk.reports.roster.render import FORMATS, render

__all__ = [
    "EXPOSURE_NOT_JOB_LOSS",
    "FORMATS",
    "Candidate",
    "InputReport",
    "RoleMapping",
    "RosterReport",
    "Summary",
    "render",
]
