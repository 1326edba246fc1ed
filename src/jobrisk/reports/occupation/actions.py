"""The five action steps of an occupation report, each built from the occupation's own data.

1. strengthen   — the named human strengths this occupation relies on more than most (see .strengths)
2. master_tools — the AI tool categories closest to the occupation's tasks, with example products
3. move_adjacent — related occupations (O*NET related occupations and those sharing the most
                   work activities) whose risk range lies below this one's, with their wage and outlook
                   (wages BLS publishes only for the wider SOC occupation say so)
4. credentials  — the occupation's job zone and the education BLS lists for entry, and what a
                  move to the adjacent occupations would take
5. reshape_work — which exposed tasks to hand to AI and which human tasks to grow
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jobrisk.catalog import Catalog
from jobrisk.catalog.types import Occupation
from jobrisk.reports.occupation import narrative as n
from jobrisk.reports.occupation.context import ReportContext, cosine, jaccard
from jobrisk.reports.occupation.duties import NEEDS_APP
from jobrisk.reports.occupation.model import ActionItem, ActionStep, HumanEdge, TaskRisk
from jobrisk.reports.occupation.strengths import STRONG_STRENGTH

if TYPE_CHECKING:
    from jobrisk.reports.occupation.scoreview import ScoreView
    from jobrisk.reports.tools import OccupationToolMatch

ADJACENT_SHOWN = 3
#: A task is worth handing to AI first only when it is mostly within AI's reach (as the state of AI counts).
HAND_OFF_MIN_EXPOSURE = 0.5
#: The step the data cannot fill: the reader scores their own tasks.
FALLBACK_LABEL = "Score your own tasks"


@dataclass(frozen=True)
class StandIn:
    """The closest occupation with a task list, for an occupation O*NET lists no tasks for."""

    code: str
    title: str


RELATED_CONSIDERED = 20


def action_steps(
    occ: Occupation,
    view: ScoreView,
    catalog: Catalog,
    ctx: ReportContext,
    matches: list[OccupationToolMatch],
    at_risk: list[TaskRisk],
    human: HumanEdge,
    task_text: dict[int, str],
    stand_in: StandIn | None = None,
) -> list[ActionStep]:
    """The five steps. With ``stand_in``, the task-based steps draw on that occupation's tasks
    (``matches``, ``at_risk`` and ``human`` are then its own) and say so."""
    adjacent, lower = adjacent_occupations(occ, view, catalog, ctx, stand_in)
    rated = any(occ.onet_soc_code in ctx.importance.get(d, {}) for d in ctx.importance)
    steps = [
        _strengthen(occ, human, rated),
        _tools(occ, matches, task_text, machines_named=stand_in is None),
        _adjacent(occ, view, adjacent, lower, ctx),
        _credentials(occ, ctx, adjacent if lower else []),
        _reshape(occ, at_risk, human, matches),
    ]
    if stand_in is not None:
        note = (
            f" O*NET lists no tasks for {occ.title}, so this step draws on the tasks of "
            f"{stand_in.title}, the closest occupation with a task list."
        )
        steps = [
            s.model_copy(update={"text": s.text + note})
            if s.kind in ("master_tools", "reshape_work") and s.items
            else s
            for s in steps
        ]
    return [_with_fallback(s, ctx.task_scorer_url) for s in steps]


def _with_fallback(step: ActionStep, scorer_url: str | None) -> ActionStep:
    """A step the data cannot fill still gives the reader something to do: score their own tasks
    (with the task scorer's link where the site has one, else saying where scoring is done)."""
    if step.items or step.kind not in ("master_tools", "reshape_work", "strengthen"):
        return step
    item = ActionItem(
        label=FALLBACK_LABEL,
        detail=(
            "Describe the tasks you actually do, in your own words: the task scorer shows how "
            "exposed each is and which O*NET tasks it resembles." + ("" if scorer_url else " " + NEEDS_APP)
        ),
        url=scorer_url,
    )
    return step.model_copy(update={"items": [item]})


def _strengthen(occ: Occupation, human: HumanEdge, rated: bool) -> ActionStep:
    items = [ActionItem(label=f"Build on {n.lower_first(s.name)}", detail=s.why) for s in human.strengths[:3]]
    if not items:  # no ratings at all, not even borrowed: grow the least exposed work instead
        items = [
            ActionItem(label=f"Take on more of the work AI reaches least: {n.sentence_task(t.task)}", detail=t.why)
            for t in human.tasks[:2]
        ]
    strong = bool(human.strengths) and human.strengths[0].percentile >= STRONG_STRENGTH * 100
    if strong:
        text = n.pick(
            [
                "Invest in what this job relies on more than most jobs do, and AI handles worst.",
                "Double down on the human side of the work: it is what AI is least able to take over.",
            ],
            occ.onet_soc_code,
            "act-strengthen",
        )
    elif human.strengths:
        text = "This job leans on human strengths less than most jobs do, so the ones it has matter: build on them."
    elif items:
        text = "O*NET has no ratings to name this job's human strengths; the least exposed work is the next best guide."
    else:
        text = (
            "Neither O*NET ratings nor the task list say what shields this occupation; look at the "
            "lower-risk neighbours below instead."
        )
    return ActionStep(kind="strengthen", title="Strengthen what AI handles worst", text=text, items=items)


def _tools(
    occ: Occupation, matches: list[OccupationToolMatch], task_text: dict[int, str], machines_named: bool = True
) -> ActionStep:
    """``machines_named``: the report's "what AI can't replace" names the machine categories in
    ``matches`` (not so when they are a stand-in occupation's)."""
    items = []
    started: set[int] = set()  # each tool starts with a task no tool above it starts with
    for m in [m for m in matches if m.category.weight_by_exposure][:3]:
        products = n.join_names(list(m.category.example_products[:3]), "or")
        detail = f"Try {products} for {m.category.automates}."
        first = next(
            (tm.task_id for tm in m.task_matches if tm.task_id in task_text and tm.task_id not in started), None
        )
        if first is not None:
            started.add(first)
            detail += f" Start with: {n.sentence_task(task_text[first])}."
        elif m.technology_matches:
            detail += f" You may already use {n.join_names([t.example for t in m.technology_matches[:2]])}."
        items.append(ActionItem(label=f"Learn {n.lower_first(m.category.name)}", detail=detail))
    if items:
        text = n.pick(
            [
                "Be the person who runs the tools, not the one they replace.",
                "Learn the tools that already reach your tasks, so the time they free up is yours.",
            ],
            occ.onet_soc_code,
            "act-tools",
        )
    elif matches and machines_named:
        text = (
            "No language-model tool category in our catalog reaches this occupation's tasks or software; "
            "the machines that do are named under what AI can't replace."
        )
    elif matches:
        text = "No language-model tool category in our catalog reaches this work; only machines do."
    else:
        text = "No AI tool category in our catalog reaches this occupation's tasks or software."
    if not items:
        items = [
            ActionItem(
                label=f"Know what {n.lower_first(m.category.name)} can do",
                detail=f"{m.category.description} Still needs a person: {m.category.still_needs_person}.",
            )
            for m in matches[:2]
        ]
    return ActionStep(kind="master_tools", title="Master the AI tools that reach your work", text=text, items=items)


def adjacent_occupations(
    occ: Occupation, view: ScoreView, catalog: Catalog, ctx: ReportContext, stand_in: StandIn | None = None
) -> tuple[list[dict], bool]:
    """Related occupations that score lower beyond the uncertainty of both scores (their ranges do
    not overlap), most overlapping first; when there are none, the closest related occupations
    (second value False), so the reader sees that moving next door would not lower the risk."""
    code = occ.onet_soc_code
    own_range = ctx.risk_range.get(code)
    own_exposure = ctx.exposure.get(code)
    own_acts = ctx.activities.get(code, frozenset())
    related = {r.onet_soc_code: r.title for r in catalog.related_occupations(code)[:RELATED_CONSIDERED]}
    if stand_in is not None:  # no task list: the stand-in's neighbours, and the stand-in itself
        own_acts = ctx.activities.get(stand_in.code, frozenset())
        related.setdefault(stand_in.code, stand_in.title)
        related.update(
            {r.onet_soc_code: r.title for r in catalog.related_occupations(stand_in.code)[:RELATED_CONSIDERED]}
        )
        related.pop(code, None)
    by_activity = sorted(
        (
            (jaccard(own_acts, acts) or 0.0, other)
            for other, acts in ctx.activities.items()
            if other != code and other not in related
        ),
        key=lambda x: (-x[0], x[1]),
    )
    for overlap, other in by_activity[:RELATED_CONSIDERED]:
        if overlap > 0:
            related[other] = ctx.occupations[other].title
    lower, close = [], []
    for other, title in related.items():
        if other not in ctx.occupations or (other not in ctx.risk and other not in ctx.exposure):
            continue
        skill = cosine(ctx.profiles.get(code, {}), ctx.profiles.get(other, {}))
        tasks = jaccard(own_acts, ctx.activities.get(other, frozenset()))
        entry = {
            "code": other,
            "title": title,
            "skill_overlap": skill,
            "activity_overlap": tasks,
            "overlap": (skill or 0.0) * 0.5 + (tasks or 0.0) * 0.5,
        }
        close.append(entry)
        other_range = ctx.risk_range.get(other)
        if own_range is not None and other_range is not None:
            if other_range[1] < own_range[0]:
                lower.append(entry)
        elif own_range is None and own_exposure is not None and other in ctx.exposure:
            if ctx.exposure[other] < own_exposure - 0.1:
                lower.append(entry)
    chosen = lower if lower else close
    chosen.sort(key=lambda d: (-float(d["overlap"] or 0.0), str(d["code"])))
    return chosen[:ADJACENT_SHOWN], bool(lower)


def _adjacent(occ: Occupation, view: ScoreView, adjacent: list[dict], lower: bool, ctx: ReportContext) -> ActionStep:
    items = []
    for a in adjacent:
        other = ctx.occupations[a["code"]]
        wage = ctx.wages.get(other.soc_code)
        proj = ctx.projections.get(other.soc_code)
        risk = ctx.risk.get(a["code"])
        rng = ctx.risk_range.get(a["code"])
        parts = []
        if risk is not None:
            parts.append(f"risk {risk:.0f}" + (f" (range {rng[0]:.0f} to {rng[1]:.0f})" if rng else ""))
        else:
            parts.append(f"exposure {n.pct(ctx.exposure.get(a['code']))}")
        if a["activity_overlap"]:
            parts.append(f"{n.pct(a['activity_overlap'])} of work activities shared")
        median = wage.annual_median_usd if wage else None
        shared = _shares_bls_figures(other, ctx)
        where = f" for all of SOC {other.soc_code}" if shared else ""
        parts.append(f"median wage {n.usd(median)}{where}" if median is not None else "median wage: no data")
        if proj and proj.change_pct is not None:
            parts.append(f"jobs {n.signed_pct(proj.change_pct)} by 2034{where if median is None else ''}")
        items.append(ActionItem(label=other.title, detail="; ".join(parts) + ".", url=ctx.url(a["code"])))
    own = ctx.risk_range.get(occ.onet_soc_code)
    span = f" (range {own[0]:.0f} to {own[1]:.0f})" if own else ""
    if items and lower:
        text = (
            f"Related occupations that score lower than this one{span} even allowing for the "
            "uncertainty of both scores, most similar work first."
        )
    elif items:
        text = (
            f"No related occupation scores clearly lower than this one{span}: the closest ones below "
            "overlap its range, so moving next door would not by itself lower the risk."
        )
    else:
        text = "O*NET lists no related occupation with a score to compare."
    return ActionStep(kind="move_adjacent", title="Know your lower-risk neighbours", text=text, items=items)


def _shares_bls_figures(occ: Occupation, ctx: ReportContext) -> bool:
    return (
        not occ.onet_soc_code.endswith(".00")
        or sum(1 for o in ctx.occupations.values() if o.soc_code == occ.soc_code) > 1
    )


def _credentials(occ: Occupation, ctx: ReportContext, adjacent: list[dict]) -> ActionStep:
    items = []
    proj = ctx.projections.get(occ.soc_code)
    if occ.job_zone is not None:
        items.append(
            ActionItem(
                label=n.JOB_ZONE_NAMES.get(occ.job_zone, f"Job Zone {occ.job_zone}"),
                detail="O*NET's preparation level for this occupation.",
            )
        )
    if proj and proj.education and proj.education not in ("\u2014", "-"):
        items.append(
            ActionItem(
                label=f"Typical entry education: {proj.education}",
                detail="BLS Employment Projections, typical education needed for entry.",
            )
        )
    for a in adjacent[:2]:
        other = ctx.occupations[a["code"]]
        if other.job_zone is None or occ.job_zone is None:
            continue
        step = other.job_zone - occ.job_zone
        how = (
            "no more preparation than now"
            if step <= 0
            else f"{step} job zone{'s' if step > 1 else ''} more preparation"
        )
        other_proj = ctx.projections.get(other.soc_code)
        edu = f"; BLS entry education: {other_proj.education}" if other_proj and other_proj.education else ""
        items.append(
            ActionItem(
                label=f"To move to {other.title}",
                detail=f"{n.JOB_ZONE_NAMES[other.job_zone]} ({how}){edu}.",
                url=ctx.url(a["code"]),
            )
        )
    text = (
        "What this occupation and its lower-risk neighbours ask for in education and preparation."
        if items
        else "O*NET and BLS list no preparation level or entry education for this occupation."
    )
    return ActionStep(kind="credentials", title="Plan education and credentials", text=text, items=items)


def _reshape(
    occ: Occupation, at_risk: list[TaskRisk], human: HumanEdge, matches: list[OccupationToolMatch]
) -> ActionStep:
    items = []
    at_risk = [t for t in at_risk if t.exposure >= HAND_OFF_MIN_EXPOSURE]
    for t in at_risk[:2]:
        tool = t.tools[0].name if t.tools else None
        items.append(
            ActionItem(
                label=f"Hand AI the first pass: {n.sentence_task(t.task)}",
                detail=t.summary + (f" Tools: {n.lower_first(tool)}." if tool else ""),
            )
        )
    for h in human.tasks[:2]:
        items.append(ActionItem(label=f"Grow your share: {n.sentence_task(h.task)}", detail=h.why))
    if at_risk and human.tasks:
        text = n.pick(
            [
                "Move your time from the exposed tasks to the ones that stay human.",
                "Let AI take the first pass at exposed work; spend the time saved where people matter most.",
            ],
            occ.onet_soc_code,
            "act-reshape",
        )
    elif at_risk:
        text = (
            "Let AI take the first pass at the most exposed work, and keep the checking, the judgement "
            "and the contact with people for yourself."
        )
    elif items:
        text = (
            "None of this occupation's tasks is mostly within AI's reach, so there is little to hand off; "
            "grow the work that stays human."
        )
    else:
        text = "O*NET lists no rated tasks for this occupation, so we cannot say which work to hand off or keep."
    return ActionStep(kind="reshape_work", title="Reshape your week", text=text, items=items)
