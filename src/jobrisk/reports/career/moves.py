"""The career audit's moves: safer occupations with similar work, and what the screens removed."""

from __future__ import annotations

from jobrisk.field_copy import copy_fields
from jobrisk.reports.career.model import Move, SkillGap, TransitionScreening
from jobrisk.reports.occupation.narrative import JOB_ZONE_NAMES
from jobrisk.scoring.transition_types import TransitionSearch


def moves(search: TransitionSearch, url: str) -> list[Move]:
    out = []
    for m in search.moves:
        gaps = [copy_fields(SkillGap, g) for g in m.skill_gaps]
        zone = JOB_ZONE_NAMES.get(m.job_zone) if m.job_zone is not None else None
        url_m = url.format(code=m.onet_soc_code)
        facets = dict(m.facet_similarity)
        out.append(copy_fields(Move, m, url=url_m, facet_similarity=facets, job_zone_name=zone, skill_gaps=gaps))
    return out


def screening(search: TransitionSearch, pay_usd: float | None, pay_basis: str | None) -> TransitionScreening:
    s = search.screens
    if search.moves:
        text = (
            f"Of {search.considered} occupations, {search.similar} do similar work (similarity "
            f">= {s.viable_similarity:.2f}); {len(search.moves)} shown also need at most one job zone "
            f"more or less preparation, pay at least {s.min_pay_ratio:.0%} of yours and carry a "
            "clearly lower risk (their whole range below yours)."
        )
    elif search.similar:
        text = (
            f"{search.similar} occupations do similar work, but none passed the preparation, pay and "
            "clearly-lower-risk screens together."
        )
    else:
        text = "No occupation's work is similar enough to yours to count as a viable move."
    return copy_fields(
        TransitionScreening,
        s,
        search,
        current_pay_usd=pay_usd,
        pay_basis=pay_basis,
        removed_job_zone=search.job_zone,
        removed_pay=search.pay,
        removed_not_safer=search.not_safer,
        summary=text,
        notes=list(search.notes),
    )
