"""Assemble a :class:`CareerAudit` from scored tasks, the two scores, the moves and the tool matches.

Inputs are plain results the application layer gathered (:mod:`jobrisk.app.career_audit`):
:class:`ScoredTask` rows of the person's tasks and of the occupation's defaults, the personal
:class:`~jobrisk.scoring.task_list.TaskListScore` and the occupation
:class:`~jobrisk.scoring.occupation_score.OccupationScore`, the
:class:`~jobrisk.scoring.transitions.TransitionSearch`, tool suggestions per task and the
occupation report's human strengths. Everything the plan says points at the data it came from.

Score points of a task: the risk score is ``100 x demand_factor x substitution_share`` and the
substitution share is a time-weighted sum over tasks of ``exposure x (automation + (1 - automation)
x (1 - complementarity))`` (tasks without an automation rating take the score's own automation),
so each task's part in score points is that sum's term for the task. The difference between the
personal and the occupation score is split the same way; what the split does not cover (the
0-100 clip, automation averaging) is reported as ``other_points``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jobrisk.field_copy import copy_fields
from jobrisk.reports.career.model import (
    SameWorkTask,
    AuditTask,
    CareerAudit,
    Difference,
    Driver,
    MixRow,
    Move,
    OccupationSummary,
    Opportunity,
    Plan,
    PlanItem,
    ScoreSummary,
    TaskShift,
    ToolSuggestion,
)
from jobrisk.reports.career.moves import moves, screening
from jobrisk.reports.occupation.format import lower_first
from jobrisk.reports.occupation.model import HumanStrength, ObservedTaskUseRef, TitleResolution
from jobrisk.reports.occupation.observed import CAVEAT as OBSERVED_USE_CAVEAT
from jobrisk.reports.occupation.observed import task_use_words
from jobrisk.scoring.occupation_score import OccupationScore
from jobrisk.scoring.params import METHOD_VERSION
from jobrisk.scoring.task_list import TaskListScore
from jobrisk.scoring.transition_types import FACETS, TransitionSearch

DRIVERS_SHOWN = 5
OPPORTUNITIES_SHOWN = 5
SHIFTS_SHOWN = 6
#: A task is "exposed" for opportunities from this exposure (0-1) ...
OPPORTUNITY_MIN_EXPOSURE = 0.3
#: ... and "augmented rather than replaced" below this automation level (0-1).
AUGMENTATION_MAX_AUTOMATION = 0.5
#: Tasks to grow into: the occupation's tasks at most this exposed (0-1).
GROW_MAX_EXPOSURE = 0.25
NEUTRAL_AUTOMATION = 0.5


@dataclass(frozen=True)
class ScoredTask:
    """One task as scored: shares are normalised (0-1); task_id None for free text."""

    task_id: int | None
    text: str
    share: float
    exposure: float
    automation: float | None
    provenance: str
    confidence: float | None = None
    flags: tuple[str, ...] = ()
    same_work: tuple[SameWorkTask, ...] = ()  # free text: labelled tasks about the same work
    notes: tuple[str, ...] = ()  # free text: the explanation's plain notes

    @property
    def key(self) -> str:
        return _key(self.task_id, self.text)


def _key(task_id: int | None, text: str) -> str:
    return f"task:{task_id}" if task_id is not None else f"text:{text}"


def summary(score: OccupationScore) -> ScoreSummary:
    return copy_fields(ScoreSummary, score, exposure=score.exposure_share, outlook=score.outlook_index)


def personal_summary(score: TaskListScore) -> ScoreSummary:
    return ScoreSummary(
        risk_score=score.risk.score,
        risk_low=score.risk.low,
        risk_high=score.risk.high,
        band=score.band,
        exposure=score.exposure.default,
        automation=score.automation,
        complementarity=score.complementarity,
        outlook=None if score.outlook is None else score.outlook.outlook,
        substitution_share=score.substitution_share,
        demand_factor=score.demand_factor,
        tasks_scored=len(score.task_components.estimates),
    )


def task_points(tasks: Sequence[ScoredTask], score: OccupationScore | TaskListScore) -> dict[str, float]:
    """Each task's part of ``score`` in score points (see the module docstring)."""
    factor = score.demand_factor if score.demand_factor is not None else 1.0
    complementarity = score.complementarity if score.complementarity is not None else 0.5
    overall = score.automation if score.automation is not None else NEUTRAL_AUTOMATION
    out = {}
    for t in tasks:
        automation = t.automation if t.automation is not None else overall
        out[t.key] = 100.0 * factor * t.share * t.exposure * (automation + (1.0 - automation) * (1.0 - complementarity))
    return out


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _short(text: str, limit: int = 90) -> str:
    text = text.strip().rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _biggest_change(lead: TaskShift, total: float) -> str:
    """The task that moves the score most, said so that its sign never contradicts the total's."""
    share = f"{_pct(lead.share)} of your time against {_pct(lead.default_share)} by default"
    if (lead.risk_points_change > 0) == (total > 0):
        return f"The biggest single reason: \u201c{_short(lead.text, 70)}\u201d ({lead.risk_points_change:+.1f} points, {share})."
    return (
        f"The task that moves it most, \u201c{_short(lead.text, 70)}\u201d ({share}), "
        f"{'raises' if lead.risk_points_change > 0 else 'lowers'} it by {abs(lead.risk_points_change):.1f} points; "
        f"the rest of your answers {'lower' if total < 0 else 'raise'} it by more."
    )


def difference(
    personal: TaskListScore, occupation: OccupationScore, mine: Sequence[ScoredTask], defaults: Sequence[ScoredTask]
) -> Difference:
    if occupation.risk_score is None:
        return Difference(
            risk_points=None,
            shifts=[],
            other_tasks_points=0.0,
            other_points=0.0,
            summary=("One of the two scores is missing, so they cannot be compared."),
        )
    mine_pts, occ_pts = task_points(mine, personal), task_points(defaults, occupation)
    rows: dict[str, tuple[ScoredTask, float, float]] = {}
    default_share = {t.key: t.share for t in defaults}
    for t in defaults:
        rows[t.key] = (t, 0.0, t.share)
    for t in mine:
        rows[t.key] = (t, t.share, default_share.get(t.key, 0.0))
    changes = []
    for key, (t, share, dshare) in rows.items():
        change = mine_pts.get(key, 0.0) - occ_pts.get(key, 0.0)
        changes.append(
            TaskShift(task_id=t.task_id, text=t.text, share=share, default_share=dshare, risk_points_change=change)
        )
    changes.sort(key=lambda c: (-abs(c.risk_points_change), c.text))
    total = personal.risk_score - occupation.risk_score
    shown = [c for c in changes[:SHIFTS_SHOWN] if abs(c.risk_points_change) >= 0.05]
    attributed = sum(c.risk_points_change for c in changes)
    other_tasks = attributed - sum(c.risk_points_change for c in shown)
    if abs(total) < 0.05:
        text = "Your score equals your occupation's: your tasks and shares are its defaults."
    else:
        text = f"Your score is {abs(total):.1f} points {'higher' if total > 0 else 'lower'} than your occupation's."
        if shown:
            text += " " + _biggest_change(shown[0], total)
    return Difference(
        risk_points=total, summary=text, shifts=shown, other_tasks_points=other_tasks, other_points=total - attributed
    )


@dataclass(frozen=True)
class ObservedUse:
    """Observed AI use of the person's tasks (by :attr:`ScoredTask.key`) in ``release``."""

    release: str
    by_key: Mapping[str, ObservedTaskUseRef]

    def words(self, key: str) -> str:
        return " Already in use? " + task_use_words(self.by_key.get(key), self.release)


def drivers(
    mine: Sequence[ScoredTask], points: Mapping[str, float], observed: ObservedUse | None = None
) -> list[Driver]:
    ranked = sorted(mine, key=lambda t: (-points[t.key], t.text))
    out = []
    for t in ranked[:DRIVERS_SHOWN]:
        if points[t.key] < 0.05:
            break
        auto = (
            "AI could do much of it without a person"
            if (t.automation or 0) >= AUGMENTATION_MAX_AUTOMATION
            else "AI mostly assists a person with it"
        )
        why = (
            f"{_pct(t.share)} of your time, exposure {_pct(t.exposure)}"
            + (f"; {auto} (automation {_pct(t.automation)})" if t.automation is not None else "")
            + (
                f"; free text scored by the task model, confidence {_pct(t.confidence)}"
                if t.task_id is None and t.confidence is not None
                else ""
            )
            + "."
        )
        if observed is not None:
            why += observed.words(t.key)
        use = None if observed is None else observed.by_key.get(t.key)
        out.append(copy_fields(Driver, t, risk_points=points[t.key], why=why, observed_use=use))
    return out


def opportunities(
    mine: Sequence[ScoredTask], tools: Mapping[str, list[ToolSuggestion]], observed: ObservedUse | None = None
) -> list[Opportunity]:
    picked = [
        t
        for t in mine
        if t.exposure >= OPPORTUNITY_MIN_EXPOSURE
        and t.automation is not None
        and t.automation < AUGMENTATION_MAX_AUTOMATION
    ]
    picked.sort(key=lambda t: (-(t.share * t.exposure), t.text))
    out = []
    for t in picked[:OPPORTUNITIES_SHOWN]:
        why = (
            f"Exposed ({_pct(t.exposure)}) but mostly augmented (automation {_pct(t.automation or 0)}): "
            "AI speeds this up while you stay in charge."
        )
        use = None if observed is None else observed.by_key.get(t.key)
        if observed is not None:  # people already using AI for it: evidence it is easy to start
            why += observed.words(t.key)
        out.append(copy_fields(Opportunity, t, why=why, tools=tools.get(t.key, [])[:3], observed_use=use))
    return out


def plan(
    opps: Sequence[Opportunity],
    drv: Sequence[Driver],
    tools: Mapping[str, list[ToolSuggestion]],
    mine: Sequence[ScoredTask],
    defaults: Sequence[ScoredTask],
    strengths: Sequence[HumanStrength],
    own_elements: frozenset[str],
    moves_: Sequence[Move],
    occupation_code: str,
) -> Plan:
    """The 30/90-day plan: every item names the data it comes from."""
    days_30: list[PlanItem] = []
    seen_categories: set[str] = set()
    by_key = {t.key: t for t in mine}
    candidates = [_key(o.task_id, o.text) for o in opps] + [_key(d.task_id, d.text) for d in drv]
    for key in dict.fromkeys(candidates):
        fresh = [s for s in tools.get(key, []) if s.category_id not in seen_categories]
        if not fresh:
            continue
        tool = fresh[0]
        seen_categories.add(tool.category_id)
        t = by_key[key]
        task_id, text = t.task_id, t.text
        products = ", ".join(tool.example_products[:3])
        detail = (
            f"Use it on “{_short(text)}” ({_pct(t.share)} of your time, exposure {_pct(t.exposure)}). "
            + (
                f"You already use {', '.join(tool.already_using)}: start there. "
                if tool.already_using
                else (f"For example {products}. " if products else "")
            )
            + f"Why this category: {tool.reason}."
        )
        days_30.append(
            PlanItem(
                kind="learn_tool",
                label=f"Learn {lower_first(tool.name)}",
                detail=detail,
                evidence=[
                    f"O*NET task {task_id}" if task_id is not None else "your free-text task",
                    *([f"O*NET work activity {tool.evidence_id}"] if tool.evidence_id else []),
                    f"jobrisk's tool category \u201c{tool.name}\u201d",
                ],
            )
        )
        if len(days_30) >= 2:
            break
    for s in [s for s in strengths if s.element_id not in own_elements][:2]:
        days_30.append(
            PlanItem(
                kind="strengthen_skill",
                label=f"Strengthen {lower_first(s.name)}",
                detail=s.why,
                evidence=[f"O*NET {s.domain.replace('_', ' ')} {s.element_id} in {occupation_code}"],
            )
        )
    days_90: list[PlanItem] = []
    mine_share = {t.key: t.share for t in mine}
    grow = [t for t in defaults if t.exposure <= GROW_MAX_EXPOSURE and mine_share.get(t.key, 0.0) <= t.share]
    grow.sort(key=lambda t: (t.exposure, -t.share, t.text))
    for t in grow[:2]:
        now = mine_share.get(t.key, 0.0)
        days_90.append(
            PlanItem(
                kind="grow_task",
                label=f"Grow into: {_short(t.text, 70)}",
                detail=(
                    f"Exposure only {_pct(t.exposure)}. "
                    + (
                        f"It takes {_pct(now)} of your time against {_pct(t.share)} in the occupation's default mix."
                        if now > 0
                        else f"It is not in your task list; it takes {_pct(t.share)} of the occupation's time."
                    )
                ),
                evidence=[f"O*NET task {t.task_id}"],
            )
        )
    for m in moves_[:2]:
        gaps = ", ".join(g.name for g in m.skill_gaps[:3])
        prep = m.job_zone_name or "job zone unknown"
        days_90.append(
            PlanItem(
                kind="explore_move",
                label=f"Explore a move to {m.title}",
                detail=(
                    f"Similar work ({m.similarity:.2f}, {m.viability}); risk {m.risk_score:.0f} "
                    f"(range {m.risk_low:.0f}-{m.risk_high:.0f}); median wage ${m.median_wage_usd:,.0f}. "
                    + (f"Close the gaps in {gaps}. " if gaps else "No large skill gap. ")
                    + f"Preparation: {prep}"
                    + (f"; typical entry education {m.education}." if m.education else ".")
                ),
                evidence=[f"occupation {m.onet_soc_code}"]
                + [f"O*NET {g.domain} {g.element_id}" for g in m.skill_gaps[:3]],
                url=m.url,
            )
        )
    if not moves_:
        days_90.append(
            PlanItem(
                kind="keep",
                label="No move passed every screen",
                detail="Deepen your own occupation's least exposed work instead; see the screens below.",
                evidence=["career move screening"],
            )
        )
    return Plan(days_30=days_30, days_90=days_90)


def build_career_audit(
    *,
    profile: dict,
    resolution: TitleResolution | None,
    personal: TaskListScore,
    occupation: OccupationScore,
    occupation_title: str,
    occupation_url: str,
    job_zone: int | None,
    median_wage_usd: float | None,
    mine: Sequence[ScoredTask],
    defaults: Sequence[ScoredTask],
    tools: Mapping[str, list[ToolSuggestion]],
    search: TransitionSearch,
    pay_usd: float | None,
    pay_basis: str | None,
    strengths: Sequence[HumanStrength],
    own_elements: frozenset[str],
    notices: Sequence[str],
    move_url: str = "/occupations/{code}",
    share_path: str | None = None,
    observed: ObservedUse | None = None,
) -> CareerAudit:
    points = task_points(mine, personal)
    default_share = {t.key: t.share for t in defaults}
    tasks = [
        AuditTask(
            task_id=t.task_id,
            text=t.text,
            source="onet" if t.task_id is not None else "free_text",
            share=t.share,
            default_share=default_share.get(t.key),
            exposure=t.exposure,
            automation=t.automation,
            confidence=t.confidence,
            flags=list(t.flags),
            same_work=list(t.same_work),
            explanation_notes=list(t.notes),
            provenance=t.provenance,
            risk_points=points[t.key],
            tools=tools.get(t.key, [])[:3],
            observed_use=None if observed is None else observed.by_key.get(t.key),
        )
        for t in mine
    ]
    mine_keys = {t.key for t in mine}
    mix = [
        MixRow(
            task_id=t.task_id, text=t.text, share=t.share, default_share=default_share.get(t.key), exposure=t.exposure
        )
        for t in mine
    ]
    mix += [
        MixRow(task_id=t.task_id, text=t.text, share=0.0, default_share=t.share, exposure=t.exposure)
        for t in defaults
        if t.key not in mine_keys
    ]
    mix.sort(key=lambda r: (-max(r.share, r.default_share or 0.0), r.text))
    drv = drivers(mine, points, observed)
    opps = opportunities(mine, tools, observed)
    found = moves(search, move_url)
    caveats = list(
        dict.fromkeys(
            [
                "Exposure is not job loss: a task AI can speed up is not a task AI takes over.",
                "Your tasks change the exposure and automation parts; the human advantage and the labour-market "
                "outlook are your occupation's.",
                *personal.caveats,
                *([OBSERVED_USE_CAVEAT] if observed is not None else []),
            ]
        )
    )
    occ = summary(occupation)
    return CareerAudit(
        profile=profile,
        resolution=resolution,
        personal=personal_summary(personal),
        occupation=OccupationSummary(
            **occ.model_dump(),
            onet_soc_code=occupation.onet_soc_code,
            title=occupation_title,
            url=occupation_url,
            score_status=occupation.status,
            job_zone=job_zone,
            median_wage_usd=median_wage_usd,
        ),
        difference=difference(personal, occupation, mine, defaults),
        tasks=tasks,
        task_mix=mix,
        drivers=drv,
        opportunities=opps,
        transitions=found,
        transition_screening=screening(search, pay_usd, pay_basis),
        plan=plan(opps, drv, tools, mine, defaults, strengths, own_elements, found, occupation.onet_soc_code),
        notices=list(notices),
        caveats=caveats,
        method_version=METHOD_VERSION,
        share_path=share_path,
    )


__all__ = ["FACETS", "ScoredTask", "build_career_audit", "task_points"]
