"""Borrowed O*NET ratings for occupations O*NET has not rated (a report input, not a score input).

O*NET 29.3 has no Skills, Knowledge, Work Styles, Work Activities or Work Context ratings for
about 130 occupations (Software Developers and Data Scientists among them). The report still
needs them to name an occupation's human strengths and to say which skills to build, so
:func:`borrow_ratings` fills each missing domain with the mean rating of the most similar
occupations that have it: those sharing the most O*NET detailed work activities (DWAs) with it,
then, when none shares any, those in the same SOC broad group. The report says so once and
names the occupations borrowed from; the risk score never sees borrowed ratings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: How many similar occupations a missing domain's ratings are averaged over.
DONORS = 3
#: Domains the report reads ratings from (importance, or context for work context).
BORROWED_DOMAINS = ("skills", "knowledge", "work_styles", "work_activities", "work_context", "abilities")

Matrix = Mapping[str, Mapping[str, float]]  # code -> {element_id: rating}


@dataclass(frozen=True)
class Borrowing:
    """Which domains of one occupation are borrowed, and from which occupations."""

    domains: tuple[str, ...]
    donors: tuple[str, ...]  # O*NET-SOC codes, most similar first
    basis: str  # 'shared work activities' | 'same SOC broad group'


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def similar_rated(
    code: str, rated: set[str], activities: Mapping[str, frozenset[str]], k: int = DONORS
) -> tuple[list[str], str]:
    """The ``k`` rated occupations most similar to ``code`` and the basis of the similarity."""
    own = activities.get(code, frozenset())
    scored = sorted(
        (
            (s, other)
            for other in rated
            if other != code
            if (s := _jaccard(own, activities.get(other, frozenset()))) > 0
        ),
        key=lambda x: (-x[0], x[1]),
    )
    if scored:
        return [other for _, other in scored[:k]], "shared work activities"
    broad = code[:6]  # '15-205' of '15-2051.00': the SOC broad group
    same = sorted(o for o in rated if o != code and o.startswith(broad))
    if not same:
        same = sorted(o for o in rated if o != code and o.startswith(code[:4]))
    return same[:k], "same SOC broad group"


def borrow_ratings(
    matrices: Mapping[str, Matrix], codes: list[str], activities: Mapping[str, frozenset[str]]
) -> tuple[dict[str, dict[str, dict[str, float]]], dict[str, Borrowing]]:
    """``matrices`` (domain -> code -> ratings) with every unrated occupation filled in.

    Returns the filled matrices and, per occupation that needed it, its :class:`Borrowing`.
    Donors must be rated in every domain the occupation lacks, so one set of donors explains
    all of its borrowed ratings.
    """
    filled = {d: {c: dict(r) for c, r in m.items()} for d, m in matrices.items()}
    borrowed: dict[str, Borrowing] = {}
    for code in codes:
        missing = tuple(d for d in matrices if code not in matrices[d])
        if not missing:
            continue
        rated = set.intersection(*(set(matrices[d]) for d in missing))
        donors, basis = similar_rated(code, rated, activities)
        if not donors:
            continue
        for domain in missing:
            rows = [matrices[domain][d] for d in donors]
            elements = set.intersection(*(set(r) for r in rows))
            filled[domain][code] = {e: sum(r[e] for r in rows) / len(rows) for e in elements}
        borrowed[code] = Borrowing(missing, tuple(donors), basis)
    return filled, borrowed
