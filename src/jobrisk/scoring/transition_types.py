"""The value types of career-move search: facets, screens, the transition space, origins and moves.

:mod:`jobrisk.scoring.transitions` holds the functions that build and search them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

#: The four facets, in the order they are reported.
FACETS = ("work_activities", "skills", "knowledge", "work_context")
FACET_LABELS = {
    "work_activities": "Work activities (from tasks)",
    "skills": "Skills",
    "knowledge": "Knowledge",
    "work_context": "Work context",
}
#: Facets read from O*NET descriptors: facet -> (catalog domain, catalog value column).
DESCRIPTOR_FACETS = {
    "skills": ("skills", "importance"),
    "knowledge": ("knowledge", "importance"),
    "work_context": ("work_context", "context"),
}
#: Domains whose elements can be skill gaps.
GAP_DOMAINS = ("skills", "knowledge")


@dataclass(frozen=True)
class TransitionScreens:
    """The documented thresholds of a career move (see the module docstring).

    viable_similarity / highly_viable_similarity: 0-1 similarity cut-offs.
    max_job_zone_difference: largest allowed |job zone destination - job zone origin| (1-5 scale).
    min_pay_ratio: destination median wage / current pay, at least this.
    require_safer: keep only destinations whose risk range lies wholly below the origin's.
    min_facets: a pair needs at least this many facets both sides have.
    gap_min_importance: a skill gap must be at least this important in the destination (IM 1-5;
        3.0 is O*NET's own "important" line).
    gap_min_level_difference: ... and its level (LV 0-7) at least this much higher than the origin's.
    gaps_shown: skill gaps kept per move.
    """

    viable_similarity: float = 0.30
    highly_viable_similarity: float = 0.40
    max_job_zone_difference: int = 1
    min_pay_ratio: float = 0.75
    require_safer: bool = True
    min_facets: int = 2
    gap_min_importance: float = 3.0
    gap_min_level_difference: float = 0.5
    gaps_shown: int = 5

    def __post_init__(self) -> None:
        if not 0.0 <= self.viable_similarity <= self.highly_viable_similarity <= 1.0:
            raise ValueError(
                "TransitionScreens: need 0 <= viable_similarity <= "
                f"highly_viable_similarity <= 1; got {self.viable_similarity!r}, "
                f"{self.highly_viable_similarity!r}"
            )
        if self.max_job_zone_difference < 0 or self.min_pay_ratio < 0:
            raise ValueError("TransitionScreens: max_job_zone_difference and min_pay_ratio must be >= 0")
        if not 1 <= self.min_facets <= len(FACETS):
            raise ValueError(f"TransitionScreens.min_facets must be 1-{len(FACETS)}; got {self.min_facets!r}")


DEFAULT_SCREENS = TransitionScreens()


@dataclass(frozen=True)
class Destination:
    """What the screens and the report need about one candidate occupation (None = no data)."""

    onet_soc_code: str
    title: str
    job_zone: int | None
    median_wage_usd: float | None
    risk_score: float | None
    risk_low: float | None
    risk_high: float | None
    band: str | None
    employment_change_pct: float | None
    education: str | None


@dataclass(frozen=True)
class ElementLevel:
    """An O*NET skill or knowledge rating: importance (IM 1-5) and level (LV 0-7)."""

    domain: str
    importance: float | None
    level: float | None


@dataclass(frozen=True)
class FacetMatrix:
    """One facet for every occupation of the space: unit row vectors (zero rows where absent)."""

    name: str
    element_ids: tuple[str, ...]
    vectors: np.ndarray  # (n_occupations, n_elements), float64, rows of norm 1 or 0
    present: np.ndarray  # (n_occupations,), bool
    centre: np.ndarray | None  # per-element mean subtracted before normalising (None: not centred)

    def vector(self, values: Mapping[str, float]) -> np.ndarray | None:
        """A profile (element -> value) in this facet's coordinates; None when it has no value."""
        raw = np.zeros(len(self.element_ids))
        index = {e: i for i, e in enumerate(self.element_ids)}
        seen = np.zeros(len(self.element_ids), dtype=bool)
        for element, value in values.items():
            i = index.get(element)
            if i is not None:
                raw[i] = value
                seen[i] = True
        if not seen.any():
            return None
        if self.centre is not None:
            raw = np.where(seen, raw - self.centre, 0.0)
        norm = float(np.linalg.norm(raw))
        return raw / norm if norm > 0 else None


@dataclass(frozen=True)
class TransitionSpace:
    """Every candidate occupation's facets, facts and skill ratings (build with :func:`transition_space`)."""

    codes: tuple[str, ...]
    facets: tuple[FacetMatrix, ...]
    destinations: tuple[Destination, ...]
    ratings: Mapping[str, Mapping[str, ElementLevel]]  # code -> element_id -> rating (skills, knowledge)
    element_names: Mapping[str, str]
    index: Mapping[str, int] = field(default_factory=dict)

    def facet(self, name: str) -> FacetMatrix:
        return next(f for f in self.facets if f.name == name)

    def row(self, onet_soc_code: str) -> int | None:
        return self.index.get(onet_soc_code)


@dataclass(frozen=True)
class TransitionOrigin:
    """Where a person (or an occupation) starts from.

    vectors: facet -> unit vector in the space's coordinates (None = facet unknown).
    risk_score / risk_low / risk_high: the origin's risk (0-100) and its range.
    annual_pay_usd / pay_basis: pay the destinations are compared with, and where it came from
        ('stated' by the person, 'occupation median' from OEWS, or None = unknown).
    ratings: the origin's skill and knowledge ratings (element_id -> rating) for the gaps.
    own_elements: skills or knowledge areas the person says they have (never listed as gaps).
    """

    onet_soc_code: str
    vectors: Mapping[str, np.ndarray | None]
    job_zone: int | None
    annual_pay_usd: float | None
    pay_basis: str | None
    risk_score: float | None
    risk_low: float | None
    risk_high: float | None
    ratings: Mapping[str, ElementLevel]
    own_elements: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SkillGap:
    """A skill or knowledge area important in the destination and weaker in the origin.

    destination_importance: IM 1-5; destination_level / origin_level: LV 0-7; level_gap their difference.
    """

    element_id: str
    name: str
    domain: str
    destination_importance: float
    destination_level: float
    origin_level: float
    level_gap: float


@dataclass(frozen=True)
class Transition:
    """One career move that passed every screen.

    similarity: equal-weight mean of ``facet_similarity`` (0-1). viability: 'highly viable' or
    'viable'. pay_ratio: destination median wage / current pay (None without current pay).
    job_zone_difference: destination minus origin (None when the origin's is unknown).
    """

    onet_soc_code: str
    title: str
    similarity: float
    facet_similarity: tuple[tuple[str, float | None], ...]
    viability: str
    risk_score: float
    risk_low: float
    risk_high: float
    band: str | None
    median_wage_usd: float
    pay_ratio: float | None
    employment_change_pct: float | None
    job_zone: int | None
    job_zone_difference: int | None
    education: str | None
    skill_gaps: tuple[SkillGap, ...]


@dataclass(frozen=True)
class TransitionSearch:
    """The moves found and what each screen removed (counts of occupations).

    considered: candidate occupations other than the origin. not_similar: below the viable
    cut-off (or too few shared facets). then, of the similar ones: job_zone (too far apart or
    unknown), pay (below the pay ratio or no wage), not_safer (range not wholly below, or no score).
    """

    moves: tuple[Transition, ...]
    considered: int
    similar: int
    not_similar: int
    job_zone: int
    pay: int
    not_safer: int
    screens: TransitionScreens
    notes: tuple[str, ...] = ()
