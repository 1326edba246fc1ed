"""Reading occupation scores from the scorebook for the web views.

The scorebook (``jobrisk.scoring.scorebook``) holds one ``OccupationScore`` per occupation;
this module looks one up and flattens the fields the list and comparison views show.
"""

from __future__ import annotations

from typing import Any

COMPONENTS = ("exposure", "automation", "complementarity", "outlook")


def lookup(scorebook: Any, code: str) -> Any:
    """The scorebook's score object for ``code``, or None when it has none."""
    getter = getattr(scorebook, "get", None)
    if callable(getter):
        return getter(code)
    try:
        return scorebook[code]
    except (KeyError, TypeError):
        return None


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = getattr(value, "value", value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN is "no data"


def _component(score: Any, name: str) -> float | None:
    """A component value: from ``score.components`` (a mapping) when it has one, else the attribute."""
    components = getattr(score, "components", None)
    if isinstance(components, dict):
        return _number(components.get(name))
    if components is not None and hasattr(components, name):
        return _number(getattr(components, name))
    return _number(getattr(score, name, None))


def score_fields(score: Any) -> dict[str, Any]:
    """Risk score, range, band and component values of a score object (None -> no data)."""
    if score is None:
        return {"score_status": "insufficient_data"}
    risk = _number(getattr(score, "risk_score", None))
    band = getattr(score, "band", None)
    band = getattr(band, "value", band)
    status = getattr(score, "status", None) or ("scored" if risk is not None else "insufficient_data")
    return {
        "risk_score": risk,
        "risk_low": _number(getattr(score, "risk_low", None)),
        "risk_high": _number(getattr(score, "risk_high", None)),
        "band": str(band) if band is not None else None,
        **{name: _component(score, name) for name in COMPONENTS},
        "score_status": str(getattr(status, "value", status)),
    }
