"""Gather the career-move space (:class:`jobrisk.scoring.transitions.TransitionSpace`) from a catalog.

``transition_space_for(catalog, scorebook)`` reads every scored occupation's tasks and their work
activities (with the score's own default time shares), its O*NET skill, knowledge and work
context ratings, job zone, OEWS median wage, BLS projection and education, and its risk score, and
hands them to the pure :func:`jobrisk.scoring.transitions.transition_space`. Build it once per
catalog and scorebook (about a second) and reuse it: :func:`cached_transition_space` does.
Used by the career audit and the roster audit's internal moves.
"""

from __future__ import annotations

import threading
from functools import cache
import weakref

from jobrisk.field_copy import copy_fields
from jobrisk.catalog import Catalog
from jobrisk.scoring.scorebook import Scorebook
from jobrisk.scoring.transitions import activity_time, transition_space
from jobrisk.scoring.transition_types import DESCRIPTOR_FACETS, GAP_DOMAINS, Destination, ElementLevel, TransitionSpace


def median_wage_usd(catalog: Catalog, soc_code: str) -> float | None:
    """OEWS median annual wage of a SOC code, else BLS's 2024 median from the projections; None if neither."""
    wage = catalog.wage(soc_code)
    if wage is not None and wage.annual_median_usd is not None:
        return wage.annual_median_usd
    projection = catalog.projection(soc_code)
    return None if projection is None else projection.median_wage_2024_usd


def transition_space_for(catalog: Catalog, scorebook: Scorebook) -> TransitionSpace:
    """Every scored occupation as a candidate destination."""
    occupations = [o for o in catalog.occupations() if (s := scorebook.get(o.onet_soc_code)) and s.has_score]
    codes = [o.onet_soc_code for o in occupations]
    dwas = catalog.task_dwas()
    activity_rows = {}
    for code, components in scorebook.task_components.items():
        activity_rows[code] = activity_time(
            (share, [d.iwa_id for d in dwas.get(est.task_id, ())])
            for share, est in zip(components.time_shares, components.estimates)
        )
    matrix = cache(catalog.element_matrix)  # each domain read once: the facets and the gaps share two
    descriptor_rows = {facet: matrix(domain, value) for facet, (domain, value) in DESCRIPTOR_FACETS.items()}
    ratings: dict[str, dict[str, ElementLevel]] = {}
    names: dict[str, str] = {}
    for domain in GAP_DOMAINS:
        names.update(catalog.element_names(domain))
        importance = matrix(domain, "importance")
        level = matrix(domain, "level")
        for code in set(importance) | set(level):
            row = ratings.setdefault(code, {})
            for element in set(importance.get(code, {})) | set(level.get(code, {})):
                row[element] = ElementLevel(
                    domain, importance.get(code, {}).get(element), level.get(code, {}).get(element)
                )
    destinations = []
    for occ in occupations:
        score = scorebook.score(occ.onet_soc_code)
        projection = catalog.projection(occ.soc_code)
        destinations.append(
            copy_fields(
                Destination,
                occ,
                score,
                median_wage_usd=median_wage_usd(catalog, occ.soc_code),
                employment_change_pct=None if projection is None else projection.change_pct,
                education=None if projection is None else projection.education,
            )
        )
    return transition_space(codes, activity_rows, descriptor_rows, destinations, ratings, names)


_SPACES: weakref.WeakKeyDictionary[Catalog, tuple[int, TransitionSpace]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def cached_transition_space(catalog: Catalog, scorebook: Scorebook) -> TransitionSpace:
    """:func:`transition_space_for`, built once per catalog and scorebook."""
    with _LOCK:
        cached = _SPACES.get(catalog)
        if cached is not None and cached[0] == id(scorebook):
            return cached[1]
        space = transition_space_for(catalog, scorebook)
        _SPACES[catalog] = (id(scorebook), space)
        return space
