"""The report's task sections: the tasks most at risk (with their tools) and what AI can't replace."""

from __future__ import annotations

from jobrisk.catalog.types import Dwa, Occupation
from jobrisk.field_copy import copy_fields
from jobrisk.reports.occupation import evidence as ev
from jobrisk.reports.occupation import narrative as n
from jobrisk.reports.occupation.context import ReportContext
from jobrisk.reports.occupation.model import (
    HumanEdge,
    MachineNote,
    HumanStrength,
    HumanTask,
    TaskRisk,
    TasksAtRisk,
    ToolRef,
)
from jobrisk.reports.occupation.scoreview import ScoreView
from jobrisk.reports.occupation.strengths import (
    BY_KEY,
    STRONG_STRENGTH,
    named_strengths,
    strength_readings,
    task_strength,
)
from jobrisk.reports.tools import OccupationToolMatch, TaskToolMatch
from jobrisk.scoring.occupation_score import TaskContribution

#: Work-activity families that are hands-on physical work (O*NET generalized work activities).
PHYSICAL_ACTIVITY_PREFIXES = ("4.A.3.a.", "4.A.3.b.4", "4.A.3.b.5")
TASKS_AT_RISK = 6
HUMAN_TASKS = 5
#: A task with this automation level or more is never listed as work AI can't replace.
HIGH_AUTOMATION = 0.5
AUTOMATION_UNKNOWN = 0.5


def _risk_weight(t: TaskContribution) -> float:
    automation = t.automation if t.automation is not None else AUTOMATION_UNKNOWN
    return (t.exposure or 0.0) * automation * t.time_share


def tasks_at_risk(occ: Occupation, view: ScoreView, tasks: list, matches: list[OccupationToolMatch]) -> TasksAtRisk:
    by_id = {t.task_id: t for t in tasks}
    per_task: dict[int, list[tuple[str, TaskToolMatch]]] = {}
    for m in matches:
        for tm in m.task_matches:
            per_task.setdefault(tm.task_id, []).append((m.category.name, tm))
    ranked = sorted(
        (t for t in view.tasks if t.exposure and t.exposure > 0.05 and t.task_id in by_id),
        key=lambda t: (-_risk_weight(t), t.task_id),
    )[:TASKS_AT_RISK]
    shares = {round(t.time_share, 4) for t in ranked}
    out = []
    for t in ranked:
        task = by_id[t.task_id]
        refs = sorted(per_task.get(t.task_id, []), key=lambda x: x[1].via != "dwa")[:3]
        automation = t.automation if t.automation is not None else AUTOMATION_UNKNOWN
        out.append(
            copy_fields(
                TaskRisk,
                t,
                task=task.task,
                task_type=task.task_type,
                exposure=t.exposure or 0.0,
                risk_weight=round(_risk_weight(t), 6),
                automatable_share=round((t.exposure or 0.0) * automation, 4),
                provenance=t.provenance or "unknown",
                confidence=None,
                summary=n.task_summary(t.exposure or 0.0, t.automation),
                why=ev.task_evidence(
                    t.provenance,
                    t.exposure or 0.0,
                    t.p_e1,
                    t.p_e2,
                    t.automation,
                    t.human_label,
                    t.gpt4_label,
                    t.disagreement,
                    t.capability_automation,
                    t.observed_automation,
                ),
                tools=[ToolRef(category_id=tm.category_id, name=name, reason=tm.reason) for name, tm in refs],
                observed_use=None,
                p_adoption=None,  # filled by with_observed_use
            )
        )
    share = sum(t.time_share for t in out)
    differ = len(shares) > 1
    return TasksAtRisk(
        summary=n.tasks_summary(occ.onet_soc_code, len(out), len(tasks), share, differ),
        tasks=out,
        time_shares_differ=differ,
    )


def _is_physical(dwas: list[Dwa]) -> bool:
    return any(d.element_id.startswith(PHYSICAL_ACTIVITY_PREFIXES) for d in dwas)


def can_replace_ok(t: TaskContribution, limit: float | None, machines: dict[int, list[str]]) -> bool:
    """The rule for "what AI can't replace": exposure at or below the catalog median, automation below
    HIGH_AUTOMATION, and not a task the report links to a machine tool category."""
    if t.exposure is None or limit is None or t.exposure > limit:
        return False
    if t.automation is not None and t.automation >= HIGH_AUTOMATION:
        return False
    return t.task_id not in machines


def human_edge(
    occ: Occupation,
    view: ScoreView,
    tasks: list,
    task_dwas: dict[int, list[Dwa]],
    ctx: ReportContext,
    machines: dict[int, list[str]],
    matches: list[OccupationToolMatch],
) -> HumanEdge:
    code = occ.onet_soc_code
    by_id = {t.task_id: t for t in tasks}
    limit = ctx.task_exposure_median
    rated = [t for t in view.tasks if t.task_id in by_id and t.exposure is not None]
    candidates = [t for t in rated if can_replace_ok(t, limit, machines)]
    candidates.sort(key=lambda t: (-(t.time_share * (1 - (t.exposure or 0.0))), t.task_id))
    strengths = _strengths(code, ctx)
    strong = bool(strengths) and strengths[0].percentile >= STRONG_STRENGTH * 100
    preferred = [s.key for s in strengths]
    human_tasks = []
    for t in candidates[:HUMAN_TASKS]:
        dwas = task_dwas.get(t.task_id, [])
        physical = _is_physical(dwas)
        key = task_strength(dwas, preferred) or ("physical" if physical else None)
        strength = BY_KEY[key] if key else None
        human_tasks.append(
            HumanTask(
                task_id=t.task_id,
                task=by_id[t.task_id].task,
                time_share=t.time_share,
                exposure=t.exposure,
                automation=t.automation,
                physical=physical,
                strength=strength.name if strength else None,
                draws_on=strength.phrase if strength else None,
                why=n.human_task_why(physical, strength.phrase if strength else None),
                evidence=ev.human_task_evidence(t.exposure, t.automation, limit, ctx.tasks_rated),
            )
        )
    notes = [
        MachineNote(
            category_id=m.category.id,
            name=m.category.name,
            already_does=m.category.description,
            still_needs_person=m.category.still_needs_person,
            task_time_share=m.task_time_share,
        )
        for m in matches
        if not m.category.weight_by_exposure and m.task_matches
    ]
    borrowing = ctx.borrowed.get(code)
    borrowed = (
        n.borrowed_note(occ.title, [ctx.occupations[d].title for d in borrowing.donors], borrowing.basis)
        if borrowing
        else None
    )
    summary = n.human_summary(
        code,
        occ.title,
        len(human_tasks),
        sum(1 for t in human_tasks if t.physical),
        [s.name for s in strengths],
        len(tasks),
        len(rated),
        [m.name for m in notes],
        strong,
    )
    return HumanEdge(
        summary=summary,
        tasks=human_tasks,
        strengths=strengths,
        machines=notes,
        borrowed_note=borrowed,
        low_exposure_limit=limit,
    )


def _strengths(code: str, ctx: ReportContext) -> list[HumanStrength]:
    """The human strengths this occupation relies on more than most (see :mod:`.strengths`)."""
    readings = strength_readings(code, ctx.ratings, ctx.strength_tables, ctx.all_element_names)
    chosen, _strong = named_strengths(readings)
    borrowed = code in ctx.borrowed
    return [
        HumanStrength(
            key=r.key,
            name=r.name,
            percentile=round(r.percentile * 100, 1),
            why=n.strength_why(r.percentile * 100, [d for d, _ in r.descriptors], borrowed),
            descriptors=[d for d, _ in r.descriptors],
            domain=r.domain,
            element_id=r.element_id,
            evidence=ev.strength_evidence(r.descriptors, borrowed),
        )
        for r in chosen
    ]
