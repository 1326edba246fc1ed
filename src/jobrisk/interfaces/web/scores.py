"""Flattening an occupation's score for the web list and comparison views.

The scorebook (:class:`jobrisk.scoring.scorebook.Scorebook`) holds one
:class:`~jobrisk.scoring.occupation_score.OccupationScore` per occupation; this module turns one
into the fields the list rows show (``None`` = no data, never zero).
"""

from __future__ import annotations

from jobrisk.scoring.occupation_score import OccupationScore
from jobrisk.scoring.scorebook import Scorebook

COMPONENTS = ("exposure", "automation", "complementarity", "outlook")
#: The score's own fields a row shows as they are.
RISK_FIELDS = ("risk_score", "risk_low", "risk_high", "band")


def lookup(scorebook: Scorebook, code: str) -> OccupationScore | None:
    """The scorebook's score for ``code``, or None when it has none."""
    return scorebook.get(code)


def score_fields(score: OccupationScore | None) -> dict[str, float | str | None]:
    """Risk score, range, band and component values of a score (None -> no data)."""
    if score is None:
        return {"score_status": "insufficient_data"}
    components = score.components
    return {
        **{name: getattr(score, name) for name in RISK_FIELDS},
        **{name: components.get(name) for name in COMPONENTS},
        "score_status": score.status,
    }
