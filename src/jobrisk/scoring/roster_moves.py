"""Internal moves of a roster audit: the career transitions engine, limited to the roster's own roles.

A role's people could move to another occupation *present in the same roster* when the career
audit's engine (:mod:`jobrisk.scoring.transitions`, Nesta Career Causeways-style) would suggest it
to a person: similar work (equal-weight mean of four facets: work activities, skills, knowledge,
work context; at least 0.30), O*NET job zones at most one apart, a median wage at least 0.75 of
the role's, and a risk range wholly below the role's. The roster adds two rules of its own
(documented in docs/roster-audit.md):

* only roles whose freed share (hours AI could free / hours) is at least ``MOVE_FROM_SHARE`` get
  suggestions, and the destination's freed share *in this roster* must be at least
  ``MOVE_MARGIN`` lower, so a suggestion never contradicts the figures next to it;
* the role's work-activity facet is its *roster* hours per work-activity cluster (uploaded
  processes included), not the occupation's O*NET default.

Destinations are compared in the full occupation space (its descriptor centring is the
catalog's), restricted to the roster's occupations. A suggestion to look at, not a plan:
openings, people's own skills and preferences are not modelled.

Pure functions, no I/O.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jobrisk.scoring.transitions import find_transitions, occupation_origin

from jobrisk.scoring.transition_types import DEFAULT_SCREENS, FacetMatrix, TransitionScreens, TransitionSpace

MOVE_FROM_SHARE = 0.10
MOVE_MARGIN = 0.05
MAX_MOVES = 3


@dataclass(frozen=True)
class InternalMove:
    """A role of the same roster the people of another role could move to.

    similarity: the engine's 0-1 similarity of work; viability: 'highly viable' | 'viable';
    freed_share: the destination's share of hours AI could free in this roster; risk_score: the
    destination occupation's 0-100 score; pay_ratio: its median wage / the origin's (None if
    unknown); skill_gaps: names of skills or knowledge areas to build, most important first.
    """

    job_title: str
    onet_soc_code: str
    similarity: float
    freed_share: float
    viability: str = "viable"
    risk_score: float | None = None
    pay_ratio: float | None = None
    skill_gaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class RosterOccupation:
    """One occupation as this roster has it: hours per work-activity cluster, freed share, and
    the job title shown for it (the roster's title with the most people in it)."""

    onet_soc_code: str
    job_title: str
    hours_by_cluster: Mapping[str, float]
    freed_share: float


def roster_subspace(space: TransitionSpace, codes: Sequence[str]) -> TransitionSpace:
    """``space`` restricted to ``codes`` (those it has), keeping its vectors and centring."""
    rows = [space.index[c] for c in codes if c in space.index]
    kept = tuple(space.codes[i] for i in rows)
    facets = tuple(FacetMatrix(f.name, f.element_ids, f.vectors[rows], f.present[rows], f.centre) for f in space.facets)
    return TransitionSpace(
        kept,
        facets,
        tuple(space.destinations[i] for i in rows),
        space.ratings,
        space.element_names,
        {c: i for i, c in enumerate(kept)},
    )


def _first(space: TransitionSpace, n: int) -> TransitionSpace:
    """The first ``n`` occupations of ``space`` (views, no copies)."""
    kept = space.codes[:n]
    facets = tuple(FacetMatrix(f.name, f.element_ids, f.vectors[:n], f.present[:n], f.centre) for f in space.facets)
    return TransitionSpace(
        kept, facets, space.destinations[:n], space.ratings, space.element_names, {c: i for i, c in enumerate(kept)}
    )


def internal_moves(
    occupations: Mapping[str, RosterOccupation],
    space: TransitionSpace | None,
    screens: TransitionScreens = DEFAULT_SCREENS,
) -> dict[str, tuple[InternalMove, ...]]:
    """Occupation code -> its suggested moves to other occupations of the roster (best first).

    Without a transition space (no catalog descriptors) there are no suggestions.
    """
    if space is None or len(occupations) < 2:
        return {}
    # the roster's occupations, lowest freed share first: the destinations an origin may be shown
    # (freed share at least MOVE_MARGIN lower) are a prefix of this order, and the engine looks at
    # that prefix alone and stops at the best MAX_MOVES (the same moves as filtering its full list)
    ordered = sorted((c for c in occupations if c in space.index), key=lambda c: (occupations[c].freed_share, c))
    sub = roster_subspace(space, ordered)
    shares = [occupations[c].freed_share for c in ordered]
    out: dict[str, tuple[InternalMove, ...]] = {}
    for code, occ in occupations.items():
        row = space.row(code)
        if row is None or occ.freed_share < MOVE_FROM_SHARE:
            continue
        eligible = bisect_right(shares, occ.freed_share - MOVE_MARGIN)
        if not eligible:
            out[code] = ()
            continue
        facts = space.destinations[row]
        risk = (
            None
            if facts.risk_score is None
            else (facts.risk_score, facts.risk_low or facts.risk_score, facts.risk_high or facts.risk_score)
        )
        activity = {cid: h for cid, h in occ.hours_by_cluster.items() if h > 0}
        origin = occupation_origin(
            sub,
            code,
            job_zone=facts.job_zone,
            annual_pay_usd=facts.median_wage_usd,
            risk=risk,
            activity=activity or None,
        )
        if origin.vectors.get("work_activities") is None and space.facet("work_activities").present[row]:
            origin = occupation_origin(
                sub, code, job_zone=facts.job_zone, annual_pay_usd=facts.median_wage_usd, risk=risk
            )
        search = find_transitions(origin, _first(sub, eligible), screens, limit=MAX_MOVES)
        out[code] = tuple(
            InternalMove(
                occupations[m.onet_soc_code].job_title,
                m.onet_soc_code,
                round(m.similarity, 3),
                occupations[m.onet_soc_code].freed_share,
                m.viability,
                m.risk_score,
                m.pay_ratio,
                tuple(g.name for g in m.skill_gaps[:3]),
            )
            for m in search.moves
        )
    return out
