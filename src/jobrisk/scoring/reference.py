"""Reference occupations: each occupation's human advantage and outlook, ranked among all of them.

Human advantage and the labour-market outlook are percentiles among occupations, so they are
computed for every occupation at once (:func:`reference_occupations`) from the descriptor
profiles and BLS projections; a task list is then scored against one of them
(:mod:`jobrisk.scoring.task_list`). An occupation without O*NET descriptors takes the mean
advantage of its SOC broad, minor or major group, and says so. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from jobrisk.catalog.types import Occupation, Projection
from jobrisk.scoring.human_advantage import HumanAdvantage, facet_readings, human_advantage
from jobrisk.scoring.labour_market_outlook import labour_market_outlook, outlook_reference
from jobrisk.scoring.params import ScoringParams
from jobrisk.scoring.task_list_items import ActivityPools, ReferenceOccupation

Profiles = Mapping[str, Mapping[str, Mapping[str, float]]]  # occupation -> domain -> element


def mean_advantage(advantages: Sequence[HumanAdvantage]) -> HumanAdvantage | None:
    """Facet-by-facet mean of several occupations' human advantage (for derived values)."""
    if not advantages:
        return None

    def mean_of(pairs_list: Sequence[tuple[tuple[str, float | None], ...]]) -> tuple[tuple[str, float | None], ...]:
        out: list[tuple[str, float | None]] = []
        for name, _ in pairs_list[0]:
            values = [v for pairs in pairs_list if (v := dict(pairs).get(name)) is not None]
            out.append((name, sum(values) / len(values) if values else None))
        return tuple(out)

    return HumanAdvantage(
        complementarity=sum(a.complementarity for a in advantages) / len(advantages),
        facets=mean_of([a.facets for a in advantages]),
        facet_readings=mean_of([a.facet_readings for a in advantages]),
        descriptors_used=0,
        descriptors_expected=advantages[0].descriptors_expected,
    )


def own_advantages(
    occupations: Sequence[Occupation], profiles: Profiles, params: ScoringParams
) -> dict[str, HumanAdvantage]:
    """Each occupation's human advantage from its own descriptors (ranked among occupations)."""
    readings = {code: r for code, prof in profiles.items() if (r := facet_readings(prof)) is not None}
    codes = {o.onet_soc_code for o in occupations}
    return {c: a for c, a in human_advantage(readings, params).items() if c in codes}


def group_advantage(
    occupation: Occupation, own: Mapping[str, HumanAdvantage], by_code: Mapping[str, Occupation]
) -> tuple[HumanAdvantage | None, str]:
    """The mean advantage of the narrowest SOC group with descriptors, and the group's name."""
    for width, label in ((6, "SOC broad group"), (4, "SOC minor group"), (2, "SOC major group")):
        peers = [a for code, a in own.items() if by_code[code].soc_code[:width] == occupation.soc_code[:width]]
        if peers:
            return mean_advantage(peers), label
    return None, ""


def reference_occupations(
    occupations: Sequence[Occupation],
    profiles: Profiles,
    projections: Mapping[str, Projection],
    pools: ActivityPools,
    params: ScoringParams,
) -> dict[str, ReferenceOccupation]:
    """Every occupation as a reference for task lists (keyed by O*NET-SOC code).

    ``projections``: BLS projections by SOC code. ``pools``: the catalog's activity pools.
    """
    by_code = {o.onet_soc_code: o for o in occupations}
    own = own_advantages(occupations, profiles, params)
    reference = outlook_reference({p.soc_code: p for p in projections.values()}.values())
    out = {}
    for occ in occupations:
        advantage, note = own.get(occ.onet_soc_code), None
        if advantage is None:
            advantage, label = group_advantage(occ, own, by_code)
            if advantage is not None:
                note = f"O*NET has no descriptors for this occupation; complementarity is its {label}'s mean."
        out[occ.onet_soc_code] = ReferenceOccupation(
            occupation=occ,
            advantage=advantage,
            advantage_note=note,
            outlook=labour_market_outlook(projections.get(occ.soc_code), reference),
            pools=pools,
        )
    return out
