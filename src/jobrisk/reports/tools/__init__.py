"""AI tool categories: the curated, versioned catalog and its matching to O*NET tasks and software.
May import: catalog (types only).
"""

from jobrisk.reports.tools.catalog import ToolCatalog, ToolCategory, load_tool_catalog
from jobrisk.reports.tools.matching import (
    OccupationToolMatch,
    TaskToolMatch,
    TechnologyMatch,
    match_occupation,
    match_task,
    match_technology,
)

__all__ = [
    "OccupationToolMatch",
    "TaskToolMatch",
    "TechnologyMatch",
    "ToolCatalog",
    "ToolCategory",
    "load_tool_catalog",
    "match_occupation",
    "match_task",
    "match_technology",
]
