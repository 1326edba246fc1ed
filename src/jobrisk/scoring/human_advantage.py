"""Component 3 — human advantage (complementarity): what shields a job's work from substitution.

Following the complementarity adjustment of Pizzinelli et al. (IMF, 2023: face-to-face and
social work, physical work, responsibility, consequence of error) and Frey & Osborne's
"engineering bottlenecks" (perception and manipulation, creative intelligence, social
intelligence), five facets are read from the occupation's O*NET descriptors:

================================  =====================================================
facet                             O*NET descriptors (domain: element)
================================  =====================================================
social_and_care                   skills: Social Perceptiveness, Persuasion, Negotiation,
                                  Service Orientation; work activities: Assisting and
                                  Caring for Others, Establishing and Maintaining
                                  Interpersonal Relationships; work context: Physical
                                  Proximity; work styles: Concern for Others
physical_and_manual               abilities: Manual Dexterity, Finger Dexterity, Static
                                  Strength, Stamina; work activities: Performing General
                                  Physical Activities, Handling and Moving Objects; work
                                  context: Cramped Work Space, Spend Time Using Your
                                  Hands, Outdoors Exposed to Weather
responsibility_for_others         work context: Health and Safety of Other Workers, Work
                                  Outcomes and Results of Other Workers, Coordinate or
                                  Lead Others; work activities: Guiding, Directing, and
                                  Motivating Subordinates; work styles: Leadership
consequence_of_error              work context: Consequence of Error, Impact of
                                  Decisions on Co-workers or Company Results, Frequency
                                  of Decision Making, Freedom to Make Decisions
creativity                        abilities: Originality, Fluency of Ideas; work
                                  activities: Thinking Creatively; knowledge: Fine Arts;
                                  work styles: Innovation
================================  =====================================================

Each descriptor is put on 0-1 by its own O*NET scale (importance 1-5 and context 1-5 both map
``(v - 1) / 4``); a facet's *reading* is the mean of the descriptors the occupation has. Readings
on these scales bunch in the middle (few jobs rate any descriptor 1 or 5), so each facet is then
expressed as its percentile among occupations, and complementarity is the percentile of the
weighted mean of the facet percentiles (``ScoringParams.facet_weights``, equal by default):
0.8 means the job is more shielded than 80 % of occupations. Ranks need no scale constant.
Pure functions, no I/O.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from jobrisk.scoring.params import ScoringParams

#: facet -> ((domain, element_id, element name), ...). Domains follow the catalog's names;
#: work_context values are O*NET CX context means, every other domain uses importance (IM).
FACETS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "social_and_care": (
        ("skills", "2.B.1.a", "Social Perceptiveness"),
        ("skills", "2.B.1.c", "Persuasion"),
        ("skills", "2.B.1.d", "Negotiation"),
        ("skills", "2.B.1.f", "Service Orientation"),
        ("work_activities", "4.A.4.a.5", "Assisting and Caring for Others"),
        ("work_activities", "4.A.4.a.4", "Establishing and Maintaining Interpersonal Relationships"),
        ("work_context", "4.C.2.a.3", "Physical Proximity"),
        ("work_styles", "1.C.3.b", "Concern for Others"),
    ),
    "physical_and_manual": (
        ("abilities", "1.A.2.a.2", "Manual Dexterity"),
        ("abilities", "1.A.2.a.3", "Finger Dexterity"),
        ("abilities", "1.A.3.a.1", "Static Strength"),
        ("abilities", "1.A.3.b.1", "Stamina"),
        ("work_activities", "4.A.3.a.1", "Performing General Physical Activities"),
        ("work_activities", "4.A.3.a.2", "Handling and Moving Objects"),
        ("work_context", "4.C.2.b.1.e", "Exposed to Cramped Work Space, Awkward Positions"),
        ("work_context", "4.C.2.d.1.g", "Spend Time Using Your Hands"),
        ("work_context", "4.C.2.a.1.c", "Outdoors, Exposed to All Weather Conditions"),
    ),
    "responsibility_for_others": (
        ("work_context", "4.C.1.c.1", "Health and Safety of Other Workers"),
        ("work_context", "4.C.1.c.2", "Work Outcomes and Results of Other Workers"),
        ("work_context", "4.C.1.b.1.g", "Coordinate or Lead Others"),
        ("work_activities", "4.A.4.b.4", "Guiding, Directing, and Motivating Subordinates"),
        ("work_styles", "1.C.2.b", "Leadership"),
    ),
    "consequence_of_error": (
        ("work_context", "4.C.3.a.1", "Consequence of Error"),
        ("work_context", "4.C.3.a.2.a", "Impact of Decisions on Co-workers or Company Results"),
        ("work_context", "4.C.3.a.2.b", "Frequency of Decision Making"),
        ("work_context", "4.C.3.a.4", "Freedom to Make Decisions"),
    ),
    "creativity": (
        ("abilities", "1.A.1.b.2", "Originality"),
        ("abilities", "1.A.1.b.1", "Fluency of Ideas"),
        ("work_activities", "4.A.2.b.2", "Thinking Creatively"),
        ("knowledge", "2.C.7.c", "Fine Arts"),
        ("work_styles", "1.C.7.a", "Innovation"),
    ),
}

FACET_LABELS = {
    "social_and_care": "Social and care work",
    "physical_and_manual": "Physical and manual work",
    "responsibility_for_others": "Responsibility for others",
    "consequence_of_error": "Consequence of error",
    "creativity": "Creativity",
}

#: Domains read, and which catalog value each uses.
DESCRIPTOR_VALUE = {
    "skills": "importance",
    "abilities": "importance",
    "knowledge": "importance",
    "work_activities": "importance",
    "work_styles": "importance",
    "work_context": "context",
}

#: An occupation's descriptor profile: domain -> element_id -> value on the element's scale.
Profile = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class FacetReadings:
    """Absolute facet readings of one occupation (0-1 on the O*NET scales; None = no descriptor)."""

    readings: tuple[tuple[str, float | None], ...]
    descriptors_used: int
    descriptors_expected: int


@dataclass(frozen=True)
class HumanAdvantage:
    """Complementarity and its facets, each a percentile (0-1) among scored occupations:
    0.9 = more shielded than 90 % of occupations. facet_readings are the absolute readings
    (0-1 on the O*NET scales) the percentiles rank. descriptors_used / descriptors_expected:
    how many of the listed O*NET descriptors the occupation has.
    """

    complementarity: float
    facets: tuple[tuple[str, float | None], ...]
    facet_readings: tuple[tuple[str, float | None], ...]
    descriptors_used: int
    descriptors_expected: int

    def facet(self, name: str) -> float | None:
        return dict(self.facets).get(name)


def descriptor_unit_value(value: float) -> float:
    """O*NET importance (1-5) or context (1-5) mapped onto 0-1."""
    return min(max((value - 1.0) / 4.0, 0.0), 1.0)


def facet_readings(profile: Profile) -> FacetReadings | None:
    """Absolute facet readings from an occupation's descriptors; None when it has none."""
    readings: list[tuple[str, float | None]] = []
    used = expected = 0
    for name, items in FACETS.items():
        values = []
        for domain, element_id, _ in items:
            expected += 1
            raw = profile.get(domain, {}).get(element_id)
            if raw is not None:
                values.append(descriptor_unit_value(raw))
        used += len(values)
        readings.append((name, sum(values) / len(values) if values else None))
    if used == 0:
        return None
    return FacetReadings(tuple(readings), used, expected)


def _mid_ranks(values: Mapping[str, float]) -> dict[str, float]:
    """Mid-rank percentile (0-1) of each value among all of them (ties share a rank)."""
    ordered = sorted(values.values())
    out = {}
    for key, value in values.items():
        below = bisect_left(ordered, value)
        equal = bisect_right(ordered, value) - below
        out[key] = (below + 0.5 * equal) / len(ordered)
    return out


def human_advantage(readings: Mapping[str, FacetReadings], params: ScoringParams) -> dict[str, HumanAdvantage]:
    """Every occupation's human advantage, ranked against the others.

    Each facet is the percentile of its reading among occupations; complementarity is the
    percentile of the weighted mean of an occupation's facet percentiles.
    """
    facet_pct: dict[str, dict[str, float]] = {}
    for name in FACETS:
        present = {code: v for code, r in readings.items() if (v := dict(r.readings).get(name)) is not None}
        facet_pct[name] = _mid_ranks(present) if present else {}
    weights = params.facet_weight_map
    means: dict[str, float] = {}
    for code in readings:
        known = [(facet_pct[n][code], weights.get(n, 0.0)) for n in FACETS if code in facet_pct[n]]
        total = sum(w for _, w in known)
        if known and total > 0:
            means[code] = sum(v * w for v, w in known) / total
    ranks = _mid_ranks(means) if means else {}
    return {
        code: HumanAdvantage(
            complementarity=ranks[code],
            facets=tuple((n, facet_pct[n].get(code)) for n in FACETS),
            facet_readings=readings[code].readings,
            descriptors_used=readings[code].descriptors_used,
            descriptors_expected=readings[code].descriptors_expected,
        )
        for code in ranks
    }
