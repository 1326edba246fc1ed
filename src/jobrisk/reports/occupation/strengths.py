"""Named human strengths: what, in an occupation's O*NET ratings, shields its work from AI.

Each strength is a handful of O*NET descriptors (work context, work styles, skills, abilities,
work activities) that the research on complementarity treats as hard to substitute: in-person
care, physical work in unpredictable places, responsibility for others, judgement where mistakes
are costly, negotiation and persuasion, leadership, face-to-face work with people and original
ideas (Pizzinelli et al., IMF 2023; Frey & Osborne's bottlenecks). An occupation's reading of a
strength is the mean percentile, among all rated occupations, of its ratings on those
descriptors: 0.9 means it relies on them more than nine in ten occupations do.

:func:`strength_readings` computes the readings from the report context's rating matrices
(borrowed ratings included, see :mod:`.borrowed`); :func:`task_strength` names the strength a
task draws on, from the O*NET work activity its DWAs belong to.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jobrisk.catalog.types import Dwa


@dataclass(frozen=True)
class StrengthDef:
    key: str
    name: str  # as it reads in a sentence's subject
    phrase: str  # as it reads after "relies on"
    descriptors: tuple[tuple[str, str], ...]  # (domain, element_id)


STRENGTHS: tuple[StrengthDef, ...] = (
    StrengthDef(
        "care",
        "In-person care",
        "caring for people in person",
        (
            ("work_activities", "4.A.4.a.5"),
            ("work_styles", "1.C.3.b"),
            ("skills", "2.B.1.f"),
            ("work_context", "4.C.2.a.3"),
        ),
    ),
    StrengthDef(
        "physical",
        "Physical work in unpredictable places",
        "hands-on physical work in places that change from job to job",
        (
            ("abilities", "1.A.2.a.2"),
            ("abilities", "1.A.3.a.1"),
            ("abilities", "1.A.3.c.4"),
            ("work_activities", "4.A.3.a.1"),
            ("work_context", "4.C.2.a.1.c"),
            ("work_context", "4.C.2.c.1.c"),
            ("work_context", "4.C.2.b.1.e"),
        ),
    ),
    StrengthDef(
        "responsibility",
        "Responsibility for others",
        "being responsible for other people's safety and work",
        (("work_context", "4.C.1.c.1"), ("work_context", "4.C.1.c.2")),
    ),
    StrengthDef(
        "judgement",
        "Judgement where mistakes are costly",
        "judgement calls where mistakes are costly",
        (
            ("work_context", "4.C.3.a.1"),
            ("work_context", "4.C.3.a.2.a"),
            ("skills", "2.B.4.e"),
            ("work_activities", "4.A.2.b.1"),
        ),
    ),
    StrengthDef(
        "negotiation",
        "Negotiation and persuasion",
        "negotiating with and persuading people",
        (
            ("skills", "2.B.1.d"),
            ("skills", "2.B.1.c"),
            ("work_activities", "4.A.4.a.7"),
            ("work_activities", "4.A.4.a.6"),
        ),
    ),
    StrengthDef(
        "leadership",
        "Leadership",
        "leading and coordinating other people",
        (
            ("work_styles", "1.C.2.b"),
            ("work_activities", "4.A.4.b.4"),
            ("work_activities", "4.A.4.b.1"),
            ("work_context", "4.C.1.b.1.g"),
        ),
    ),
    StrengthDef(
        "people",
        "Face-to-face work with people",
        "dealing with people face to face",
        (
            ("skills", "2.B.1.a"),
            ("work_context", "4.C.1.a.2.l"),
            ("work_context", "4.C.1.b.1.f"),
            ("work_activities", "4.A.4.a.8"),
            ("work_context", "4.C.1.d.2"),
        ),
    ),
    StrengthDef(
        "creativity",
        "Original ideas",
        "coming up with original ideas",
        (("abilities", "1.A.1.b.2"), ("work_activities", "4.A.2.b.2"), ("work_styles", "1.C.7.a")),
    ),
)
BY_KEY = {s.key: s for s in STRENGTHS}

#: O*NET generalized work activity (a DWA's element id) -> the strength a task performing it draws on.
ACTIVITY_STRENGTH = {
    "4.A.4.a.5": "care",
    "4.A.4.b.5": "care",
    "4.A.3.a.1": "physical",
    "4.A.3.a.2": "physical",
    "4.A.3.b.4": "physical",
    "4.A.3.b.5": "physical",
    "4.A.1.b.2": "physical",
    "4.A.4.a.6": "negotiation",
    "4.A.4.a.7": "negotiation",
    "4.A.4.b.1": "leadership",
    "4.A.4.b.2": "leadership",
    "4.A.4.b.4": "leadership",
    "4.A.4.c.2": "leadership",
    "4.A.4.a.3": "people",
    "4.A.4.a.4": "people",
    "4.A.4.a.8": "people",
    "4.A.4.b.3": "people",
    "4.A.4.b.6": "judgement",
    "4.A.2.b.1": "judgement",
    "4.A.2.a.1": "judgement",
    "4.A.2.b.4": "judgement",
    "4.A.2.a.3": "judgement",
    "4.A.2.b.2": "creativity",
}
#: Domains read as O*NET context means (1-5) rather than importance.
CONTEXT_DOMAINS = ("work_context",)
#: A strength is named, and the job said to rely on it "more than most", when its reading is at
#: least this (the share of occupations that rely on it less) ...
STRONG_STRENGTH = 0.7
#: ... up to this many; when none is that strong, the strongest STRENGTHS_FALLBACK are named as modest.
STRENGTHS_SHOWN = 3
STRENGTHS_FALLBACK = 2


@dataclass(frozen=True)
class StrengthReading:
    key: str
    name: str
    phrase: str
    percentile: float  # 0-1 among rated occupations
    descriptors: tuple[tuple[str, float], ...]  # (descriptor name, its percentile here), strongest first
    domain: str = ""  # O*NET domain and element id of the strongest descriptor
    element_id: str = ""


def table_key(domain: str, element: str) -> str:
    return f"{domain}:{element}"


def percentile_tables(matrices: Mapping[str, Mapping[str, Mapping[str, float]]]) -> dict[str, tuple[float, ...]]:
    """Sorted ratings of every strength descriptor across occupations (O*NET's own ratings only),
    keyed by :func:`table_key`."""
    out: dict[str, tuple[float, ...]] = {}
    for s in STRENGTHS:
        for domain, element in s.descriptors:
            values = [row[element] for row in matrices.get(domain, {}).values() if element in row]
            out[table_key(domain, element)] = tuple(sorted(values))
    return out


def _percentile(sorted_values: Sequence[float], value: float) -> float:
    """Mid-rank percentile (0-1) of ``value`` among ``sorted_values``."""
    n = len(sorted_values)
    if n == 0:
        return 0.5
    below, upto = bisect_left(sorted_values, value), bisect_right(sorted_values, value)
    return (below + upto) / 2 / n


def strength_readings(
    code: str,
    matrices: Mapping[str, Mapping[str, Mapping[str, float]]],
    tables: Mapping[str, Sequence[float]],
    names: Mapping[str, str],
) -> list[StrengthReading]:
    """Every strength's reading for ``code``, strongest first (strengths it has no ratings for left out)."""
    out = []
    for s in STRENGTHS:
        parts = []
        for domain, element in s.descriptors:
            value = matrices.get(domain, {}).get(code, {}).get(element)
            if value is None:
                continue
            parts.append(
                (
                    names.get(element, element),
                    _percentile(tables.get(table_key(domain, element), ()), value),
                    domain,
                    element,
                )
            )
        if not parts:
            continue
        reading = sum(p[1] for p in parts) / len(parts)
        parts.sort(key=lambda x: -x[1])
        out.append(
            StrengthReading(
                s.key, s.name, s.phrase, reading, tuple((p[0], p[1]) for p in parts), parts[0][2], parts[0][3]
            )
        )
    out.sort(key=lambda r: (-r.percentile, r.key))
    return out


def named_strengths(
    readings: Sequence[StrengthReading], strong: float = STRONG_STRENGTH
) -> tuple[list[StrengthReading], bool]:
    """The strengths a report names (readings strongest first), and whether they are strong ones."""
    chosen = [r for r in readings if r.percentile >= strong][:STRENGTHS_SHOWN]
    return (chosen, True) if chosen else (list(readings[:STRENGTHS_FALLBACK]), False)


@dataclass(frozen=True)
class ThresholdShift:
    """What moving STRONG_STRENGTH to ``threshold`` changes, over ``occupations`` with readings."""

    threshold: float
    occupations: int
    wording_changed: int  # the report switches between "what shields the job" and "modest strengths"
    names_changed: int  # the list of named strengths differs (wording changes included)


def threshold_sensitivity(
    readings: Mapping[str, Sequence[StrengthReading]],
    base: float = STRONG_STRENGTH,
    deltas: Sequence[float] = (-0.05, 0.05),
) -> list[ThresholdShift]:
    """How many occupations' strength wording and named strengths change when the threshold moves."""
    rated = {code: r for code, r in readings.items() if r}
    default = {code: named_strengths(r, base) for code, r in rated.items()}
    out = []
    for delta in deltas:
        wording = names = 0
        for code, r in rated.items():
            chosen, strong = named_strengths(r, base + delta)
            base_chosen, base_strong = default[code]
            wording += strong != base_strong
            names += [c.key for c in chosen] != [c.key for c in base_chosen]
        out.append(ThresholdShift(round(base + delta, 4), len(rated), wording, names))
    return out


def task_strength(dwas: Sequence[Dwa], preferred: Sequence[str] = ()) -> str | None:
    """The strength a task draws on, from its work activities (preferring ``preferred`` keys)."""
    keys = [ACTIVITY_STRENGTH[d.element_id] for d in dwas if d.element_id in ACTIVITY_STRENGTH]
    for key in preferred:
        if key in keys:
            return key
    return keys[0] if keys else None
