"""Formatting helpers shared by the report's text modules: percentages, money, quotes, lists.

Missing values read "no data", never zero. Phrasing is chosen deterministically (``pick``) from
the occupation code, so the same data always gives the same text.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

NO_DATA = "no data"


def pick(options: Sequence[str], key: str, slot: str) -> str:
    """One of ``options``, chosen by a stable hash of ``key`` and ``slot``."""
    return options[zlib.crc32(f"{key}|{slot}".encode()) % len(options)]


def pct(share: float | None, digits: int = 0) -> str:
    """A 0-1 share as a percentage ('42%'), or 'no data'."""
    if share is None:
        return NO_DATA
    return f"{share * 100:.{digits}f}%"


def usd(value: float | None) -> str:
    return NO_DATA if value is None else f"${value:,.0f}"


def count(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:,.0f}"


def signed_pct(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:+.1f}%"


def score(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:.0f}"


def quote(text: str, limit: int = 110) -> str:
    text = text.strip().rstrip(".")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"
    return f"\u201c{text}\u201d"


def join_names(names: Sequence[str], conj: str = "and") -> str:
    names = [n for n in names if n]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {conj} {names[-1]}"


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym or brand (RPA, AutoML)."""
    if not text:
        return text
    first = text.split()[0]
    if any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def ordinal(value: float) -> str:
    n = round(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def sentence_task(task: str) -> str:
    """A task statement as a clause inside a sentence ('analyze data ...'), without its full stop."""
    return lower_first(task.strip().rstrip("."))
