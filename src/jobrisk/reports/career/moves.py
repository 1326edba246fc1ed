"""The career audit's moves: safer occupations with similar work, and what the screens removed."""

from __future__ import annotations

from jobrisk.reports.career.model import Move, SkillGap, TransitionScreening
from jobrisk.reports.occupation.narrative import JOB_ZONE_NAMES
from jobrisk.scoring.transition_types import TransitionSearch


def moves(search: TransitionSearch, url: str) -> list[Move]:
    out = []
    for m in search.moves:
        out.append(
            Move(
                onet_soc_code=m.onet_soc_code,
                title=m.title,
                url=url.format(code=m.onet_soc_code),
                similarity=m.similarity,
                facet_similarity=dict(m.facet_similarity),
                viability=m.viability,  # type: ignore[arg-type]
                risk_score=m.risk_score,
                risk_low=m.risk_low,
                risk_high=m.risk_high,
                band=m.band,
                median_wage_usd=m.median_wage_usd,
                pay_ratio=m.pay_ratio,
                employment_change_pct=m.employment_change_pct,
                job_zone=m.job_zone,
                job_zone_name=JOB_ZONE_NAMES.get(m.job_zone) if m.job_zone is not None else None,
                job_zone_difference=m.job_zone_difference,
                education=m.education,
                skill_gaps=[
                    SkillGap(
                        element_id=g.element_id,
                        name=g.name,
                        domain=g.domain,
                        destination_importance=g.destination_importance,
                        destination_level=g.destination_level,
                        origin_level=g.origin_level,
                    )
                    for g in m.skill_gaps
                ],
            )
        )
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
    return TransitionScreening(
        viable_similarity=s.viable_similarity,
        highly_viable_similarity=s.highly_viable_similarity,
        max_job_zone_difference=s.max_job_zone_difference,
        min_pay_ratio=s.min_pay_ratio,
        current_pay_usd=pay_usd,
        pay_basis=pay_basis,
        considered=search.considered,
        similar=search.similar,
        removed_job_zone=search.job_zone,
        removed_pay=search.pay,
        removed_not_safer=search.not_safer,
        summary=text,
        notes=list(search.notes),
    )
