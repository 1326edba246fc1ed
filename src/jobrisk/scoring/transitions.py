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

import numpy as np

from jobrisk.scoring.transition_types import (
    FACETS,
    FACET_LABELS,
    DESCRIPTOR_FACETS,
    GAP_DOMAINS,
    TransitionScreens,
    DEFAULT_SCREENS,
    Destination,
    ElementLevel,
    FacetMatrix,
    TransitionSpace,
    TransitionOrigin,
    SkillGap,
    Transition,
    TransitionSearch,
)


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
