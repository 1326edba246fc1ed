"""Career moves: occupations whose work is similar, screened the way Nesta's Career Causeways does it.

Similarity of work is the equal-weight mean of four facets (Career Causeways, Nesta 2020, also
combines four facets with equal weights). Each facet is a cosine similarity in 0-1:

======================  ===========================================================================
facet                   vectors compared
======================  ===========================================================================
``work_activities``     time on O*NET intermediate work activities (IWAs): each task's time share
                        split evenly over the IWAs its detailed work activities belong to. For a
                        person these are *their* tasks and shares; for a destination its O*NET
                        tasks with the default time shares of the score. Plain cosine.
``skills``              O*NET skill importance (35 skills, IM 1-5)
``knowledge``           O*NET knowledge importance (33 areas, IM 1-5)
``work_context``        O*NET work context means (57 items, CX)
======================  ===========================================================================

Descriptor facets are *centred* on the mean over occupations before the cosine (raw importance
vectors all point the same way, so every pair would look alike) and clipped at 0: 0 = no more
alike than two occupations picked at random, 1 = the same profile. A facet either side lacks is
left out and the mean taken over the others (at least :attr:`TransitionScreens.min_facets`).

Screens (:class:`TransitionScreens`, documented in ``docs/career-audit.md``):

- **viable**: similarity >= 0.30, **highly viable** >= 0.40 (Career Causeways' cut-offs; on our
  measure 95 % of O*NET's own "related occupations" pass 0.30 and 89 % pass 0.40, against 19 %
  and 11 % of all occupation pairs);
- **preparation**: O*NET job zones differ by at most 1;
- **pay**: the destination's OEWS median annual wage is at least 0.75 of current pay (the
  person's stated pay, else their occupation's median);
- **safer**: the destination's whole risk range lies below the person's (``risk_high`` of the
  destination < ``risk_low`` of the origin): lower beyond uncertainty, not just a lower number.

A destination that lacks the data a screen needs (no job zone, no wage, no score) is screened
out and counted, never passed silently. :func:`find_transitions` returns the moves that pass
every screen, most similar first, with counts of what each screen removed.

Reuse (e.g. the roster audit's internal moves)::

    space = transition_space(codes, activity_time, descriptor_rows, destinations, element_names)
    origin = occupation_origin(space, "43-4051.00", job_zone=2, annual_pay_usd=None, risk=(66.6, 54.3, 79.0))
    search = find_transitions(origin, space)          # -> TransitionSearch
    for move in search.moves: print(move.onet_soc_code, move.similarity, move.risk_score)

Pure functions over numbers gathered by the application layer; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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


# ---------------------------------------------------------------------------- building the space
def activity_time(tasks: Iterable[tuple[float, Sequence[str]]]) -> dict[str, float]:
    """IWA -> time share from (task time share, the task's IWA ids) pairs (share split evenly)."""
    out: dict[str, float] = {}
    for share, iwas in tasks:
        unique = sorted(set(iwas))
        if not unique or share <= 0:
            continue
        for iwa in unique:
            out[iwa] = out.get(iwa, 0.0) + share / len(unique)
    return out


def facet_matrix(
    name: str, codes: Sequence[str], rows: Mapping[str, Mapping[str, float]], centred: bool
) -> FacetMatrix:
    """Unit vectors of one facet for ``codes`` from ``rows`` (code -> element -> value)."""
    elements = sorted({e for code in codes for e in rows.get(code, {})})
    index = {e: i for i, e in enumerate(elements)}
    raw = np.zeros((len(codes), len(elements)))
    seen = np.zeros_like(raw, dtype=bool)
    for r, code in enumerate(codes):
        for element, value in rows.get(code, {}).items():
            raw[r, index[element]] = value
            seen[r, index[element]] = True
    present = seen.any(axis=1)
    centre = None
    if centred and present.any():
        counts = seen.sum(axis=0)
        centre = np.divide((raw * seen).sum(axis=0), counts, out=np.zeros(len(elements)), where=counts > 0)
        raw = np.where(seen, raw - centre, 0.0)
    norms = np.linalg.norm(raw, axis=1)
    present &= norms > 0
    vectors = np.divide(raw, norms[:, None], out=np.zeros_like(raw), where=norms[:, None] > 0)
    return FacetMatrix(name, tuple(elements), vectors, present, centre)


def transition_space(
    codes: Sequence[str],
    activity_rows: Mapping[str, Mapping[str, float]],
    descriptor_rows: Mapping[str, Mapping[str, Mapping[str, float]]],
    destinations: Sequence[Destination],
    ratings: Mapping[str, Mapping[str, ElementLevel]],
    element_names: Mapping[str, str],
) -> TransitionSpace:
    """The space every origin is compared in.

    activity_rows: code -> IWA -> time share (see :func:`activity_time`).
    descriptor_rows: facet ('skills', 'knowledge', 'work_context') -> code -> element -> value.
    destinations: one per code, same order.
    """
    if len(destinations) != len(codes) or any(d.onet_soc_code != c for d, c in zip(destinations, codes)):
        raise ValueError("transition_space: destinations must match codes one to one, in order")
    facets = [facet_matrix("work_activities", codes, activity_rows, centred=False)]
    for name in DESCRIPTOR_FACETS:
        facets.append(facet_matrix(name, codes, descriptor_rows.get(name, {}), centred=True))
    return TransitionSpace(
        tuple(codes), tuple(facets), tuple(destinations), ratings, element_names, {c: i for i, c in enumerate(codes)}
    )


def occupation_origin(
    space: TransitionSpace,
    onet_soc_code: str,
    *,
    job_zone: int | None,
    annual_pay_usd: float | None,
    risk: tuple[float, float, float] | None,
    pay_basis: str | None = "occupation median",
    activity: Mapping[str, float] | None = None,
    own_elements: frozenset[str] = frozenset(),
) -> TransitionOrigin:
    """An origin from an occupation of the space (its own facets), optionally with a person's
    own IWA time (``activity``, replacing the occupation's) and self-reported skills."""
    row = space.row(onet_soc_code)
    vectors: dict[str, np.ndarray | None] = {}
    for facet in space.facets:
        if facet.name == "work_activities" and activity is not None:
            vectors[facet.name] = facet.vector(activity)
        elif row is not None and facet.present[row]:
            vectors[facet.name] = facet.vectors[row]
        else:
            vectors[facet.name] = None
    return TransitionOrigin(
        onet_soc_code=onet_soc_code,
        vectors=vectors,
        job_zone=job_zone,
        annual_pay_usd=annual_pay_usd,
        pay_basis=pay_basis if annual_pay_usd is not None else None,
        risk_score=None if risk is None else risk[0],
        risk_low=None if risk is None else risk[1],
        risk_high=None if risk is None else risk[2],
        ratings=space.ratings.get(onet_soc_code, {}),
        own_elements=own_elements,
    )


# ---------------------------------------------------------------------------- similarity and screens
def facet_similarities(origin: TransitionOrigin, space: TransitionSpace) -> dict[str, np.ndarray]:
    """facet -> (n_occupations,) similarity in 0-1, NaN where either side lacks the facet."""
    out = {}
    for facet in space.facets:
        vector = origin.vectors.get(facet.name)
        values = np.full(len(space.codes), np.nan)
        if vector is not None:
            values = np.clip(facet.vectors @ vector, 0.0, 1.0)
            values[~facet.present] = np.nan
        out[facet.name] = values
    return out


def similarity(per_facet: Mapping[str, np.ndarray], min_facets: int) -> np.ndarray:
    """Equal-weight mean over the facets present on both sides; NaN with fewer than ``min_facets``."""
    stacked = np.vstack([per_facet[name] for name in FACETS])
    counts = (~np.isnan(stacked)).sum(axis=0)
    sums = np.nansum(stacked, axis=0)
    mean = np.divide(sums, counts, out=np.full(stacked.shape[1], np.nan), where=counts > 0)
    mean[counts < min_facets] = np.nan
    return np.asarray(mean, dtype=float)


def skill_gaps(
    origin: TransitionOrigin,
    destination: Mapping[str, ElementLevel],
    names: Mapping[str, str],
    screens: TransitionScreens,
) -> tuple[SkillGap, ...]:
    """Skills and knowledge important in the destination where the origin's level is lower, largest
    (level gap x importance) first; elements the person says they have are left out."""
    gaps = []
    for element, rating in destination.items():
        if rating.domain not in GAP_DOMAINS or element in origin.own_elements:
            continue
        mine = origin.ratings.get(element)
        if (
            rating.importance is None
            or rating.level is None
            or mine is None
            or mine.level is None
            or rating.importance < screens.gap_min_importance
        ):
            continue
        gap = rating.level - mine.level
        if gap >= screens.gap_min_level_difference:
            gaps.append(
                SkillGap(
                    element,
                    names.get(element, element),
                    rating.domain,
                    rating.importance,
                    rating.level,
                    mine.level,
                    gap,
                )
            )
    gaps.sort(key=lambda g: (-g.level_gap * g.destination_importance, g.element_id))
    return tuple(gaps[: screens.gaps_shown])


def _passes_job_zone(origin: TransitionOrigin, dest: Destination, screens: TransitionScreens) -> bool:
    if origin.job_zone is None:
        return True  # nothing to compare with: said in the search notes
    return dest.job_zone is not None and abs(dest.job_zone - origin.job_zone) <= screens.max_job_zone_difference


def _passes_pay(origin: TransitionOrigin, dest: Destination, screens: TransitionScreens) -> bool:
    if dest.median_wage_usd is None:
        return False
    if origin.annual_pay_usd is None:
        return True
    return dest.median_wage_usd >= screens.min_pay_ratio * origin.annual_pay_usd


def _is_safer(origin: TransitionOrigin, dest: Destination, screens: TransitionScreens) -> bool:
    if not screens.require_safer:
        return dest.risk_score is not None
    if dest.risk_high is None or origin.risk_low is None:
        return False
    return dest.risk_high < origin.risk_low


def find_transitions(
    origin: TransitionOrigin, space: TransitionSpace, screens: TransitionScreens = DEFAULT_SCREENS, limit: int = 10
) -> TransitionSearch:
    """The moves from ``origin`` that pass every screen, most similar first (at most ``limit``)."""
    per_facet = facet_similarities(origin, space)
    known = [name for name in FACETS if origin.vectors.get(name) is not None]
    notes = []
    if len(known) < screens.min_facets:
        notes.append(
            "O*NET rates only "
            + (", ".join(FACET_LABELS[n].lower() for n in known) or "none")
            + " of the four facets for the starting occupation: similarity uses "
            + ("that facet alone." if len(known) == 1 else "what there is.")
        )
    overall = similarity(per_facet, max(1, min(screens.min_facets, len(known))))
    if origin.job_zone is None:
        notes.append("The starting occupation has no O*NET job zone: moves are not screened on preparation.")
    if origin.annual_pay_usd is None:
        notes.append("No current pay (stated or OEWS median): moves are not screened on pay.")
    if screens.require_safer and origin.risk_low is None:
        notes.append("The starting point has no risk score, so no move can be shown to be safer.")
    considered = similar = not_similar = zone = pay = unsafe = 0
    kept: list[tuple[float, int]] = []
    for i, dest in enumerate(space.destinations):
        if dest.onet_soc_code == origin.onet_soc_code:
            continue
        considered += 1
        value = overall[i]
        if np.isnan(value) or value < screens.viable_similarity:
            not_similar += 1
            continue
        similar += 1
        if not _passes_job_zone(origin, dest, screens):
            zone += 1
        elif not _passes_pay(origin, dest, screens):
            pay += 1
        elif not _is_safer(origin, dest, screens):
            unsafe += 1
        else:
            kept.append((float(value), i))
    kept.sort(key=lambda item: (-item[0], space.codes[item[1]]))
    moves = []
    for value, i in kept[:limit]:
        dest = space.destinations[i]
        assert dest.median_wage_usd is not None and dest.risk_score is not None
        moves.append(
            Transition(
                onet_soc_code=dest.onet_soc_code,
                title=dest.title,
                similarity=value,
                facet_similarity=tuple(
                    (name, None if np.isnan(per_facet[name][i]) else float(per_facet[name][i])) for name in FACETS
                ),
                viability="highly viable" if value >= screens.highly_viable_similarity else "viable",
                risk_score=dest.risk_score,
                risk_low=float(dest.risk_low or 0.0),
                risk_high=float(dest.risk_high or 0.0),
                band=dest.band,
                median_wage_usd=dest.median_wage_usd,
                pay_ratio=(dest.median_wage_usd / origin.annual_pay_usd) if origin.annual_pay_usd else None,
                employment_change_pct=dest.employment_change_pct,
                job_zone=dest.job_zone,
                job_zone_difference=(dest.job_zone - origin.job_zone)
                if dest.job_zone is not None and origin.job_zone is not None
                else None,
                education=dest.education,
                skill_gaps=skill_gaps(origin, space.ratings.get(dest.onet_soc_code, {}), space.element_names, screens),
            )
        )
    return TransitionSearch(tuple(moves), considered, similar, not_similar, zone, pay, unsafe, screens, tuple(notes))
