"""Assemble an :class:`OccupationReport` from the catalog, the scorebook and the tool catalog.

``build_report(catalog, scorebook, code)`` is the one entry point (used by the CLI, the web
routes and the static site). Pass a :class:`ReportContext` built once when making many reports.
"""

from __future__ import annotations

from typing import Any

from jobrisk.catalog import Catalog
from jobrisk.catalog.types import Dwa, Occupation
from jobrisk.reports.occupation import narrative as n
from jobrisk.reports.occupation.actions import action_steps
from jobrisk.reports.occupation.context import (
    STRENGTH_DOMAINS,
    ReportContext,
    context_for,
)
from jobrisk.reports.occupation.model import (
    About,
    Headline,
    HumanEdge,
    HumanStrength,
    HumanTask,
    OccupationRef,
    OccupationReport,
    ResearchComparison,
    ScenarioValue,
    ScoreBreakdown,
    ScoreComponent,
    SourceVintage,
    StateOfAI,
    TaskRisk,
    TasksAtRisk,
    ToolRef,
    ToolUse,
)
from jobrisk.reports.occupation.scoreview import ScoreView, TaskScore, score_view
from jobrisk.reports.tools import OccupationToolMatch, TaskToolMatch, match_occupation
from jobrisk.sources.registry import default_registry

METHOD_URL = "/methodology"  # the web app's method page; the static site links its own method.html
#: Sources a report draws on, in the order they are credited.
REPORT_SOURCES = ("onet", "gpts_are_gpts", "bls_oews", "bls_ep", "aioe", "frey_osborne", "soc_2010_2018")
#: Work-activity families that are hands-on physical work (O*NET generalized work activities).
PHYSICAL_ACTIVITY_PREFIXES = ("4.A.3.a.", "4.A.3.b.4", "4.A.3.b.5")
TASKS_AT_RISK = 6
HUMAN_TASKS = 5
HUMAN_TASK_MAX_EXPOSURE = 0.25
STRENGTH_MIN_IMPORTANCE = 3.0
STRENGTH_MAX_R = -0.15
#: When no element reaches STRENGTH_MAX_R, weaker associations down to this are shown (and said to be weaker).
STRENGTH_FALLBACK_MAX_R = -0.1
TOOLS_SHOWN = 6
AUTOMATION_UNKNOWN = 0.5


def build_report(catalog: Catalog, scorebook: Any, code: str, *,
                 context: ReportContext | None = None) -> OccupationReport:
    """The report for O*NET-SOC ``code`` (raises NotFoundError for an unknown code).

    Without ``context``, the shared context of this catalog and scorebook is built once and reused.
    """
    occ = catalog.occupation(code)
    ctx = context or context_for(catalog, scorebook)
    view = score_view(catalog, scorebook, code, ctx.task_components.get(code))
    tasks = catalog.tasks(code)
    task_dwas = catalog.task_dwas(code)
    shares = {t.task_id: t.time_share for t in view.tasks}
    exposures = {t.task_id: t.exposure for t in view.tasks if t.exposure is not None}
    matches = match_occupation(tasks, task_dwas, catalog.technology(code), ctx.tools, shares, exposures)
    exposed = view.components.get("exposure")
    if exposed is None:
        exposed = ctx.exposure.get(code)

    state = _state(occ, view, matches, tasks, exposed, ctx)
    at_risk = _tasks_at_risk(occ, view, tasks, matches)
    machines: dict[int, list[str]] = {}  # tasks that robots, vehicles or vision systems target
    for m in matches:
        if not m.category.weight_by_exposure:
            for tm in m.task_matches:
                machines.setdefault(tm.task_id, []).append(m.category.name)
    human = _human_edge(occ, view, tasks, task_dwas, catalog, ctx, machines)
    # the verdict's "mostly ..." speaks of the exposed (language-model) work, so only tools ranked by it
    top_tool = next((m.category for m in matches if m.category.weight_by_exposure), None)
    human_task = human.tasks[0].task if human.tasks else None
    headline = _headline(occ, view, exposed, top_tool.automates if top_tool else None, human_task,
                         len(tasks), ctx)
    breakdown = _breakdown(occ, view)
    actions = action_steps(occ, view, catalog, ctx, matches, at_risk.tasks, human,
                           {t.task_id: t.task for t in tasks})
    bottom = n.bottom_line(code, occ.title, headline.score_status, view.band, exposed,
                           n.lower_first(top_tool.name) if top_tool else None, human_task,
                           actions[0].items[0].label + "." if actions and actions[0].items else None)
    return OccupationReport(
        occupation=OccupationRef(onet_soc_code=code, title=occ.title, url=ctx.url(code)),
        description=occ.description, major_group=occ.major_group,
        major_group_title=ctx.major_groups.get(occ.major_group), job_zone=occ.job_zone,
        headline=headline, state_of_ai=state, tasks_at_risk=at_risk, human_edge=human,
        score_breakdown=breakdown, actions=actions, bottom_line=bottom,
        about=_about(view, ctx),
    )


# ------------------------------------------------------------------ sections
def _headline(occ: Occupation, view: ScoreView, exposed: float | None, automates: str | None,
              human_task: str | None, tasks_total: int, ctx: ReportContext) -> Headline:
    registry = default_registry()
    wage = ctx.wages.get(occ.soc_code)
    proj = ctx.projections.get(occ.soc_code)
    status = view.status if view.risk_score is not None else "insufficient_data"
    verdict = n.verdict(occ.onet_soc_code, occ.title, status, view.band, exposed, automates, human_task,
                        tasks_total)
    note = n.derived_note(view.basis_detail) if status == "derived" else None
    return Headline(
        score_status=status,  # type: ignore[arg-type]
        risk_score=view.risk_score, risk_low=view.risk_low, risk_high=view.risk_high, band=view.band,
        verdict=f"{verdict} {note}" if note else verdict,
        employment=wage.employment if wage else None,
        employment_vintage=registry.source("bls_oews").version if wage else None,
        annual_median_wage_usd=wage.annual_median_usd if wage else None,
        hourly_median_wage_usd=wage.hourly_median_usd if wage else None,
        wage_vintage=registry.source("bls_oews").version if wage else None,
        wage_note=wage.wage_note if wage else None,
        employment_change_pct=proj.change_pct if proj else None,
        openings_per_year_thousands=proj.openings_per_year_thousands if proj else None,
        projection_period=registry.source("bls_ep").version if proj else None,
    )


def _state(occ: Occupation, view: ScoreView, matches: list[OccupationToolMatch], tasks: list,
           exposed: float | None, ctx: ReportContext) -> StateOfAI:
    task_text = {t.task_id: t.task for t in tasks}
    provenance: dict[str, int] = {}
    for t in view.tasks:
        key = t.provenance or "none"
        provenance[key] = provenance.get(key, 0) + 1
    exposed_tasks = sum(1 for t in view.tasks if t.exposure is not None and t.exposure >= 0.5)
    tools = []
    for m in matches[:TOOLS_SHOWN]:
        first = m.task_matches[0] if m.task_matches else None
        software = [t.example for t in m.technology_matches][:5]
        tools.append(ToolUse(
            category_id=m.category.id, name=m.category.name, description=m.category.description,
            automates=m.category.automates, example_products=list(m.category.example_products),
            relevance=m.relevance, task_time_share=m.task_time_share, matched_tasks=len(m.task_matches),
            example_tasks=[task_text[x.task_id] for x in m.task_matches[:3] if x.task_id in task_text],
            software=software,
            reason=n.tool_reason(len(m.task_matches), len(tasks), m.task_time_share,
                                 task_text.get(first.task_id) if first else None,
                                 first.reason if first else None, software),
        ))
    summary = n.state_summary(occ.onet_soc_code, occ.title, len(tasks), exposed, exposed_tasks,
                              [t.name for t in tools])
    return StateOfAI(summary=summary, exposed_time_share=exposed, tasks_total=len(tasks),
                     tasks_by_provenance=provenance, tools=tools, tool_catalog_version=ctx.tools.version)


def _risk_weight(t: TaskScore) -> float:
    automation = t.automation if t.automation is not None else AUTOMATION_UNKNOWN
    return (t.exposure or 0.0) * automation * t.time_share


def _tasks_at_risk(occ: Occupation, view: ScoreView, tasks: list,
                   matches: list[OccupationToolMatch]) -> TasksAtRisk:
    by_id = {t.task_id: t for t in tasks}
    per_task: dict[int, list[tuple[str, TaskToolMatch]]] = {}
    for m in matches:
        for tm in m.task_matches:
            per_task.setdefault(tm.task_id, []).append((m.category.name, tm))
    ranked = sorted((t for t in view.tasks if t.exposure and t.exposure > 0.05 and t.task_id in by_id),
                    key=lambda t: (-_risk_weight(t), t.task_id))[:TASKS_AT_RISK]
    out = []
    for t in ranked:
        task = by_id[t.task_id]
        refs = sorted(per_task.get(t.task_id, []), key=lambda x: x[1].via != "dwa")[:3]
        out.append(TaskRisk(
            task_id=t.task_id, task=task.task, task_type=task.task_type, time_share=t.time_share,
            exposure=t.exposure or 0.0, automation=t.automation, risk_weight=round(_risk_weight(t), 6),
            provenance=t.provenance or "unknown", confidence=None,
            why=n.task_why(t.provenance, t.exposure or 0.0, t.p_e1, t.p_e2, t.automation,
                           t.human_label, t.gpt4_label, t.disagreement),
            tools=[ToolRef(category_id=tm.category_id, name=name, reason=tm.reason) for name, tm in refs],
        ))
    share = sum(t.time_share for t in out)
    return TasksAtRisk(summary=n.tasks_summary(occ.onet_soc_code, len(out), len(tasks), share), tasks=out)


def _is_physical(dwas: list[Dwa]) -> bool:
    return any(d.element_id.startswith(PHYSICAL_ACTIVITY_PREFIXES) for d in dwas)


def _human_edge(occ: Occupation, view: ScoreView, tasks: list, task_dwas: dict[int, list[Dwa]],
                catalog: Catalog, ctx: ReportContext, machines: dict[int, list[str]]) -> HumanEdge:
    by_id = {t.task_id: t for t in tasks}
    rated = [t for t in view.tasks if t.task_id in by_id and t.exposure is not None]
    candidates = [t for t in rated if (t.exposure or 0.0) <= HUMAN_TASK_MAX_EXPOSURE]
    candidates.sort(key=lambda t: (-(t.time_share * (1 - (t.exposure or 0.0))), t.task_id))
    relaxed = not candidates and bool(rated)
    if relaxed:  # every task is fairly exposed: show the least exposed ones, and say so
        candidates = sorted(rated, key=lambda t: (t.exposure or 0.0, -t.time_share, t.task_id))[:3]
    human_tasks = []
    for t in candidates[:HUMAN_TASKS]:
        physical = _is_physical(task_dwas.get(t.task_id, []))
        human_tasks.append(HumanTask(task_id=t.task_id, task=by_id[t.task_id].task, time_share=t.time_share,
                                     exposure=t.exposure, physical=physical,
                                     why=n.human_task_why(t.exposure, physical, t.time_share,
                                                          machines.get(t.task_id, []))))
    strengths = _strengths(occ, ctx, STRENGTH_MAX_R) or _strengths(occ, ctx, STRENGTH_FALLBACK_MAX_R)
    summary = n.human_summary(occ.onet_soc_code, occ.title, [t.task for t in human_tasks],
                              sum(1 for t in human_tasks if t.physical), [s.name for s in strengths],
                              len(tasks), min((t.exposure or 0.0) for t in human_tasks) if relaxed else None)
    return HumanEdge(summary=summary, tasks=human_tasks, strengths=strengths)


def _strengths(occ: Occupation, ctx: ReportContext, max_r: float) -> list[HumanStrength]:
    """Important skills, knowledge and work styles that go with lower exposure across occupations."""
    strengths = []
    for domain in STRENGTH_DOMAINS:
        assoc = ctx.element_exposure_r.get(domain, {})
        rated = ctx.importance.get(domain, {}).get(occ.onet_soc_code, {})
        names = ctx.element_names.get(domain, {})
        ratings = [(element, importance) for element, importance in rated.items()
                   if importance >= STRENGTH_MIN_IMPORTANCE and element in assoc
                   and assoc[element].r < max_r and element in names]
        ratings.sort(key=lambda e: (-((e[1] - 1) / 4) * -assoc[e[0]].r, e[0]))
        for element, importance in ratings[:3]:
            a = assoc[element]
            strengths.append(HumanStrength(domain=domain, element_id=element, name=names[element],
                                           importance=importance,
                                           why=n.strength_why(importance, a.r, a.n_occupations)))
    return strengths


def _breakdown(occ: Occupation, view: ScoreView) -> ScoreBreakdown:
    comps = []
    for key, (label, direction, text) in n.COMPONENT_TEXT.items():
        comps.append(ScoreComponent(key=key, label=label, value=view.components.get(key),
                                    direction=direction, explanation=text))  # type: ignore[arg-type]
    scenarios = [ScenarioValue(key=k, label=label, exposure=view.scenarios.get(k))
                 for k, label in n.SCENARIO_TEXT.items()]
    research = [ResearchComparison(measure=r.measure, label=r.label, value=r.value, percentile=r.percentile,
                                   vintage=r.vintage, mapping_status=r.mapping_status,
                                   citation=r.vintage,
                                   crosswalk=n.crosswalk_text(r.mapping_status, r.ambiguous))
                for r in view.research]
    percentiles = [r.percentile for r in research if r.percentile is not None]
    return ScoreBreakdown(
        summary=n.breakdown_summary(occ.onet_soc_code, view.status, dict(view.components),
                                    view.risk_score, view.risk_low, view.risk_high,
                                    view.substitution_share, view.demand_factor,
                                    view.employment_change_pct),
        components=comps, scenarios=scenarios, research=research,
        research_summary=n.research_summary(occ.title, len(research), percentiles),
        method_version=view.method_version, caveats=list(view.caveats),
    )


def _about(view: ScoreView, ctx: ReportContext) -> About:
    registry = default_registry()
    sources = []
    for sid in REPORT_SOURCES:
        if sid not in registry.ids:
            continue
        s = registry.source(sid)
        sources.append(SourceVintage(source_id=s.id, title=s.title, version=s.version, license=s.license,
                                     attribution=s.attribution, url=s.landing_url))
    fingerprint = ctx.manifest.get("fingerprint")
    return About(method_url=METHOD_URL, method_version=view.method_version,
                 tool_catalog_version=ctx.tools.version,
                 catalog_fingerprint=str(fingerprint) if fingerprint else None, sources=sources)
