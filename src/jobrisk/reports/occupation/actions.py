"""The five action steps of an occupation report, each built from the occupation's own data.

1. strengthen   — skills, knowledge and work styles important here and associated with low exposure
2. master_tools — the AI tool categories closest to the occupation's tasks, with example products
3. move_adjacent — related occupations (O*NET) with lower risk and high task/skill overlap,
                   with their wage and outlook
4. credentials  — the occupation's job zone and the education BLS lists for entry, and what a
                  move to the adjacent occupations would take
5. reshape_work — which exposed tasks to hand to AI and which human tasks to grow
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jobrisk.catalog import Catalog
from jobrisk.catalog.types import Occupation
from jobrisk.reports.occupation import narrative as n
from jobrisk.reports.occupation.context import ReportContext, cosine, jaccard
from jobrisk.reports.occupation.model import ActionItem, ActionStep, HumanEdge, TaskRisk

if TYPE_CHECKING:
    from jobrisk.reports.occupation.scoreview import ScoreView
    from jobrisk.reports.tools import OccupationToolMatch

ADJACENT_SHOWN = 3
RELATED_CONSIDERED = 20


def action_steps(occ: Occupation, view: ScoreView, catalog: Catalog, ctx: ReportContext,
                 matches: list[OccupationToolMatch], at_risk: list[TaskRisk],
                 human: HumanEdge, task_text: dict[int, str]) -> list[ActionStep]:
    adjacent = adjacent_occupations(occ, view, catalog, ctx)
    rated = any(occ.onet_soc_code in ctx.importance.get(d, {}) for d in ctx.importance)
    return [_strengthen(occ, human, rated), _tools(occ, matches, task_text), _adjacent(occ, view, adjacent, ctx),
            _credentials(occ, ctx, adjacent), _reshape(occ, at_risk, human, matches)]


def _strengthen(occ: Occupation, human: HumanEdge, rated: bool) -> ActionStep:
    verbs = {"skills": "Sharpen your", "knowledge": "Deepen your knowledge of", "work_styles": "Cultivate"}
    items = [ActionItem(label=f"{verbs.get(s.domain, 'Strengthen')} {s.name.lower()}", detail=s.why)
             for s in human.strengths[:4]]
    if items:
        text = n.pick([
            "Invest in what this job relies on and AI handles worst.",
            "Double down on the abilities that go with lower AI exposure across occupations.",
        ], occ.onet_soc_code, "act-strengthen")
    elif not rated:
        text = "O*NET has no skill, knowledge or work-style ratings for this occupation."
    else:
        text = ("None of this occupation's important skills, knowledge areas or work styles goes with "
                "lower AI exposure across occupations.")
    return ActionStep(kind="strengthen", title="Strengthen what AI handles worst", text=text, items=items)


def _tools(occ: Occupation, matches: list[OccupationToolMatch], task_text: dict[int, str]) -> ActionStep:
    items = []
    for m in matches[:3]:
        products = n.join_names(list(m.category.example_products[:3]), "or")
        detail = f"Try {products} for {m.category.automates}."
        if m.task_matches and m.task_matches[0].task_id in task_text:
            detail += f" Closest task: {n.quote(task_text[m.task_matches[0].task_id], 90)}."
        elif m.technology_matches:
            detail += f" You already use {n.join_names([t.example for t in m.technology_matches[:2]])}."
        items.append(ActionItem(label=f"Learn {n.lower_first(m.category.name)}", detail=detail))
    text = (n.pick([
        "Be the person who runs the tools, not the one they replace.",
        "Learn the tools that already reach your tasks, so the time they free up is yours.",
    ], occ.onet_soc_code, "act-tools") if items else
        "No tool category in our catalog matches this occupation's tasks or software.")
    return ActionStep(kind="master_tools", title="Master the AI tools that reach your work", text=text, items=items)


def adjacent_occupations(occ: Occupation, view: ScoreView, catalog: Catalog,
                         ctx: ReportContext) -> list[dict]:
    """Related occupations with lower risk (or exposure), most overlapping first."""
    code = occ.onet_soc_code
    own_risk = ctx.risk.get(code)
    own_exposure = ctx.exposure.get(code)
    out = []
    for rel in catalog.related_occupations(code)[:RELATED_CONSIDERED]:
        other = rel.onet_soc_code
        if own_risk is not None and other in ctx.risk:
            if ctx.risk[other] >= own_risk:
                continue
        elif own_exposure is not None and other in ctx.exposure:
            if ctx.exposure[other] >= own_exposure:
                continue
        elif other not in ctx.risk and other not in ctx.exposure:
            continue
        skill = cosine(ctx.profiles.get(code, {}), ctx.profiles.get(other, {}))
        tasks = jaccard(ctx.activities.get(code, frozenset()), ctx.activities.get(other, frozenset()))
        overlap = (skill or 0.0) * 0.5 + (tasks or 0.0) * 0.5
        out.append({"code": other, "title": rel.title, "tier": rel.tier, "skill_overlap": skill,
                    "activity_overlap": tasks, "overlap": overlap})
    out.sort(key=lambda d: (-d["overlap"], d["code"]))
    return out[:ADJACENT_SHOWN]


def _adjacent(occ: Occupation, view: ScoreView, adjacent: list[dict], ctx: ReportContext) -> ActionStep:
    items = []
    for a in adjacent:
        other = ctx.occupations[a["code"]]
        wage = ctx.wages.get(other.soc_code)
        proj = ctx.projections.get(other.soc_code)
        risk = ctx.risk.get(a["code"])
        parts = []
        if risk is not None:
            parts.append(f"risk {risk:.0f} ({ctx.band.get(a['code'], 'unbanded')})")
        else:
            parts.append(f"exposure {n.pct(ctx.exposure.get(a['code']))}")
        if a["skill_overlap"] is not None:
            parts.append(f"skill-profile similarity {a['skill_overlap']:.2f}")
        if a["activity_overlap"] is not None:
            parts.append(f"{n.pct(a['activity_overlap'])} shared work activities")
        median = wage.annual_median_usd if wage else None
        parts.append(f"median wage {n.usd(median)}" if median is not None else "median wage: no data")
        if proj and proj.change_pct is not None:
            parts.append(f"employment {n.signed_pct(proj.change_pct)} projected 2024-2034")
        items.append(ActionItem(label=other.title, detail="; ".join(parts) + ".", url=ctx.url(a["code"])))
    if items:
        own = ctx.risk.get(occ.onet_soc_code)
        text = (f"O*NET's related occupations that score lower than this one"
                f"{f' ({own:.0f})' if own is not None else ''} and share the most skills and work activities.")
    else:
        text = "No related occupation in O*NET has a lower score than this one, with data to compare."
    return ActionStep(kind="move_adjacent", title="Know your lower-risk neighbours", text=text, items=items)


def _credentials(occ: Occupation, ctx: ReportContext, adjacent: list[dict]) -> ActionStep:
    items = []
    proj = ctx.projections.get(occ.soc_code)
    if occ.job_zone is not None:
        items.append(ActionItem(label=n.JOB_ZONE_NAMES.get(occ.job_zone, f"Job Zone {occ.job_zone}"),
                                detail="O*NET's preparation level for this occupation."))
    if proj and proj.education and proj.education not in ("\u2014", "-"):
        items.append(ActionItem(label=f"Typical entry education: {proj.education}",
                                detail="BLS Employment Projections, typical education needed for entry."))
    for a in adjacent[:2]:
        other = ctx.occupations[a["code"]]
        if other.job_zone is None or occ.job_zone is None:
            continue
        step = other.job_zone - occ.job_zone
        how = ("no more preparation than now" if step <= 0 else
               f"{step} job zone{'s' if step > 1 else ''} more preparation")
        other_proj = ctx.projections.get(other.soc_code)
        edu = f"; BLS entry education: {other_proj.education}" if other_proj and other_proj.education else ""
        items.append(ActionItem(label=f"To move to {other.title}", detail=f"{n.JOB_ZONE_NAMES[other.job_zone]} "
                                f"({how}){edu}.", url=ctx.url(a["code"])))
    text = ("What this occupation and its lower-risk neighbours ask for in education and preparation."
            if items else "O*NET and BLS list no preparation level or entry education for this occupation.")
    return ActionStep(kind="credentials", title="Plan education and credentials", text=text, items=items)


def _reshape(occ: Occupation, at_risk: list[TaskRisk], human: HumanEdge,
             matches: list[OccupationToolMatch]) -> ActionStep:
    items = []
    for t in at_risk[:2]:
        tool = t.tools[0].name if t.tools else None
        items.append(ActionItem(label=f"Hand off the first pass of {n.quote(t.task, 70)}",
                                detail=(f"Exposure {t.exposure:.2f}" + (f"; tools: {tool}" if tool else "") + ".")))
    for h in human.tasks[:2]:
        items.append(ActionItem(label=f"Grow your share of {n.quote(h.task, 70)}", detail=h.why))
    if at_risk:
        text = n.pick([
            "Move your time from the exposed tasks to the ones that stay human.",
            "Let AI take the first pass at exposed work; spend the time saved where people matter most.",
        ], occ.onet_soc_code, "act-reshape")
    elif items:
        text = "None of the rated tasks is measurably exposed; grow the work that takes most of the time."
    else:
        text = "O*NET lists no rated tasks for this occupation, so we cannot say which work to hand off or keep."
    return ActionStep(kind="reshape_work", title="Reshape your week", text=text, items=items)
