"""A small SQL helper shared by the catalog's queries."""

from __future__ import annotations

from typing import Any


def where(*equal: tuple[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """The ``WHERE`` clause (with a leading space) and its arguments for the ``(column, value)``
    pairs whose value is not None; ``("", ())`` when every value is None (all rows)."""
    given = [(column, value) for column, value in equal if value is not None]
    if not given:
        return "", ()
    return " WHERE " + " AND ".join(f"{column} = ?" for column, _ in given), tuple(v for _, v in given)
