"""Assemble an :class:`OccupationReport` from the catalog, the scorebook and the tool catalog.

``build_report(catalog, scorebook, code, context=...)`` is the one entry point (used by the CLI,
the web routes and the static site), with the :class:`ReportContext` every report shares (built
once, or stored with the scores).
"""

from __future__ import annotations


from jobrisk.catalog import Catalog
from jobrisk.catalog.types import Occupation
from jobrisk.field_copy import copy_fields
from jobrisk.reports.occupation import evidence as ev
from jobrisk.reports.occupation import narrative as n
from jobrisk.reports.occupation.actions import FALLBACK_LABEL, StandIn, action_steps
from jobrisk.reports.occupation.caveats import plain_caveats
from jobrisk.reports.occupation.context import ReportContext
from jobrisk.reports.occupation.duties import description_duties, duty_steps
from jobrisk.reports.occupation.model import (
    About,
    Headline,
    HumanEdge,
    OccupationRef,
    OccupationReport,
    ResearchComparison,
    ScenarioValue,
    ScoreBreakdown,
    ScoreComponent,
    SourceVintage,
    StateOfAI,
    TasksAtRisk,
    ToolUse,
)
from jobrisk.reports.occupation.observed import observed_use_section, with_observed_use
from jobrisk.reports.occupation.task_sections import human_edge, tasks_at_risk
from jobrisk.reports.occupation.scoreview import ScoreView, score_view
from jobrisk.reports.tools import OccupationToolMatch, match_occupation
from jobrisk.scoring.risk import BANDS
from jobrisk.scoring.scorebook import Scorebook
from jobrisk.sources.registry import default_registry

METHOD_URL = "/methodology/document"  # the method document in the web app; the static site has its own copy
#: Sources a report draws on, in the order they are credited.
REPORT_SOURCES = (
    "onet",
    "gpts_are_gpts",
    "bls_oews",
    "bls_ep",
    "aioe",
    "frey_osborne",
    "soc_2010_2018",
    "anthropic_economic_index",
)
TOOLS_SHOWN = 4
#: Short citations of published measures (by measure-name prefix), shown instead of data versions.
MEASURE_CITATIONS = (
    ("gpts_", "Eloundou et al., Science 2024"),
    ("lm_aioe", "Felten, Raj & Seamans 2023"),
    ("ig_aioe", "Felten, Raj & Seamans 2023"),
    ("aioe", "Felten, Raj & Seamans 2021"),
    ("frey_osborne", "Frey & Osborne 2017"),
)


def build_report(catalog: Catalog, scorebook: Scorebook, code: str, *, context: ReportContext) -> OccupationReport:
    """The report for O*NET-SOC ``code`` (raises NotFoundError for an unknown code).

    ``context``: what every report of this catalog and scorebook shares
    (:meth:`ReportContext.build`, or the one stored with the scores).
    """
    occ = catalog.occupation(code)
    ctx = context
    view = score_view(scorebook, code)
    tasks = catalog.tasks(code)
    task_dwas = catalog.task_dwas(code)
    shares = {t.task_id: t.time_share for t in view.tasks}
    exposures = {t.task_id: t.exposure for t in view.tasks if t.exposure is not None}
    matches = match_occupation(tasks, task_dwas, catalog.technology(code), ctx.tools, shares, exposures)
    exposed = view.components.get("exposure")

    state = _state(occ, view, matches, tasks, exposed, ctx)
    at_risk = with_observed_use(catalog, code, tasks_at_risk(occ, view, tasks, matches))
    machines: dict[int, list[str]] = {}  # tasks that robots, vehicles or vision systems target
    for m in matches:
        if not m.category.weight_by_exposure:
            for tm in m.task_matches:
                machines.setdefault(tm.task_id, []).append(m.category.name)
    human = human_edge(occ, view, tasks, task_dwas, ctx, machines, matches)
    # the verdict's "most of all ..." speaks of the exposed (language-model) work, so only tools ranked by it
    top_tool = next((m.category for m in matches if m.category.weight_by_exposure), None)
    headline = _headline(
        occ,
        view,
        exposed,
        top_tool.automates if top_tool else None,
        {t.task_id: t.task for t in tasks},
        ctx,
        human,
        at_risk,
    )
    top_machine = next((m for m in matches if not m.category.weight_by_exposure and m.task_matches), None)
    top_language = next((m for m in matches if m.category.weight_by_exposure), None)
    if top_machine is not None and headline.score_status == "scored":
        extra = n.machine_reach(
            top_machine.category.name,
            top_machine.task_time_share,
            top_language.task_time_share if top_language else None,
        )
        if extra:
            headline = headline.model_copy(update={"verdict": headline.verdict + extra})
    breakdown = _breakdown(occ, view, code in ctx.borrowed)
    stand_in = _stand_in(catalog, scorebook, occ, view, ctx) if not tasks else None
    if stand_in is not None:  # no task list: the steps that need tasks use the closest occupation's
        s_tasks, s_dwas = catalog.tasks(stand_in.code), catalog.task_dwas(stand_in.code)
        s_view = score_view(scorebook, stand_in.code)
        s_shares = {t.task_id: t.time_share for t in s_view.tasks}
        s_exp = {t.task_id: t.exposure for t in s_view.tasks if t.exposure is not None}
        s_matches = match_occupation(s_tasks, s_dwas, catalog.technology(stand_in.code), ctx.tools, s_shares, s_exp)
        s_machines = {
            tm.task_id: [m.category.name]
            for m in s_matches
            if not m.category.weight_by_exposure
            for tm in m.task_matches
        }
        s_human = human_edge(ctx.occupations[stand_in.code], s_view, s_tasks, s_dwas, ctx, s_machines, s_matches)
        s_human = s_human.model_copy(update={"strengths": human.strengths})
        actions = action_steps(
            occ,
            view,
            catalog,
            ctx,
            s_matches,
            tasks_at_risk(occ, s_view, s_tasks, s_matches).tasks,
            s_human,
            {t.task_id: t.task for t in s_tasks},
            stand_in=stand_in,
        )
    elif not tasks:  # no task list and no occupation to stand in: work from the duties O*NET describes
        actions = duty_steps(
            occ, description_duties(occ, ctx.occupations), scorer_url=ctx.task_scorer_url, browse_url=ctx.browse_url
        )
    else:
        actions = action_steps(
            occ, view, catalog, ctx, matches, at_risk.tasks, human, {t.task_id: t.task for t in tasks}
        )
    # the first step is the most concrete one: the first tool to learn, else the first strength to build
    # (the "score your own tasks" fallback only when nothing else is there)
    steps = (
        [a for a in actions if a.items]
        if not tasks and stand_in is None
        else [a for a in actions if a.kind == "master_tools" and a.items] + [a for a in actions if a.items]
    )
    concrete = [i for a in steps for i in a.items if i.label != FALLBACK_LABEL]
    first_step = (concrete[0] if concrete else steps[0].items[0]).label if steps else None
    bottom = n.bottom_line(
        occ.title,
        headline.score_status,
        view.band,
        exposed,
        top_tool.automates if top_tool else None,
        human.strengths[0].name if human.strengths else None,
        first_step,
    )
    return OccupationReport(
        occupation=OccupationRef(onet_soc_code=code, title=occ.title, url=ctx.url(code)),
        description=occ.description,
        major_group=occ.major_group,
        major_group_title=ctx.major_groups.get(occ.major_group),
        job_zone=occ.job_zone,
        headline=headline,
        state_of_ai=state,
        tasks_at_risk=at_risk,
        observed_use=observed_use_section(catalog, code, [t.task_id for t in tasks]),
        human_edge=human,
        score_breakdown=breakdown,
        actions=actions,
        bottom_line=bottom,
        about=_about(view, ctx),
    )


# ------------------------------------------------------------------ sections
def _stand_in(
    catalog: Catalog, scorebook: Scorebook, occ: Occupation, view: ScoreView, ctx: ReportContext
) -> StandIn | None:
    """For an occupation without tasks: the closest occupation that has them (one its score is
    derived from, else one its ratings are borrowed from, else one in its SOC broad group)."""
    borrowing = ctx.borrowed.get(occ.onet_soc_code)
    same_group = sorted(c for c in ctx.occupations if c[:6] == occ.onet_soc_code[:6] and c != occ.onet_soc_code)
    for code in (*view.derived_from, *(borrowing.donors if borrowing else ()), *same_group):
        if code in ctx.occupations and ctx.occupations[code].task_count > 0:
            return StandIn(code, ctx.occupations[code].title)
    return None


def _least_exposed(view: ScoreView, tasks_by_id: dict[int, str]) -> str | None:
    rated = [t for t in view.tasks if t.exposure is not None and t.task_id in tasks_by_id]
    if not rated:
        return None
    return tasks_by_id[min(rated, key=lambda t: (t.exposure, -t.time_share, t.task_id)).task_id]


def _headline(
    occ: Occupation,
    view: ScoreView,
    exposed: float | None,
    automates: str | None,
    tasks_by_id: dict[int, str],
    ctx: ReportContext,
    human: HumanEdge,
    at_risk: TasksAtRisk,
) -> Headline:
    tasks_total = len(tasks_by_id)
    registry = default_registry()
    wage = ctx.wages.get(occ.soc_code)
    proj = ctx.projections.get(occ.soc_code)
    status = view.status if view.risk_score is not None else "insufficient_data"
    verdict = n.verdict(occ.title, status, view.band, exposed, automates, tasks_total)
    note = n.derived_note(view.basis_detail) if status == "derived" else None
    percentile = ctx.risk_percentile(occ.onet_soc_code) if view.risk_score is not None else None
    percentile = round(percentile) if percentile is not None else None  # one figure, said the same everywhere
    least = human.tasks[0].task if human.tasks else _least_exposed(view, tasks_by_id)
    most = at_risk.tasks[0].task if at_risk.tasks else None
    interpretation = n.interpretation(
        occ.title,
        view.risk_score,
        percentile,
        view.substitution_share,
        exposed,
        view.components.get("automation"),
        view.components.get("complementarity"),
        view.employment_change_pct if view.demand_factor is not None else None,
        least,
        most,
    )
    wage_note = wage.wage_note if wage else None
    shared = shared_soc_note(occ, ctx)
    if wage and shared:
        wage_note = f"{wage_note}; {shared}" if wage_note else shared
    return Headline(
        score_status=status,  # type: ignore[arg-type]
        risk_score=view.risk_score,
        risk_low=view.risk_low,
        risk_high=view.risk_high,
        band=view.band,
        risk_percentile=percentile,
        verdict=f"{verdict} {note}" if note else verdict,
        interpretation=interpretation,
        range_note=n.range_note(view.risk_low, view.risk_high, ctx.band_cutoffs, BANDS)
        if view.risk_score is not None
        else None,
        employment=wage.employment if wage else None,
        employment_vintage=registry.source("bls_oews").version if wage else None,
        annual_median_wage_usd=wage.annual_median_usd if wage else None,
        hourly_median_wage_usd=wage.hourly_median_usd if wage else None,
        wage_vintage=registry.source("bls_oews").version if wage else None,
        wage_note=wage_note,
        employment_change_pct=proj.change_pct if proj else None,
        openings_per_year_thousands=proj.openings_per_year_thousands if proj else None,
        projection_period=registry.source("bls_ep").version if proj else None,
    )


def shared_soc_note(occ: Occupation, ctx: ReportContext) -> str | None:
    """Set when BLS figures belong to a wider SOC occupation than this O*NET occupation."""
    siblings = [o for o in ctx.occupations.values() if o.soc_code == occ.soc_code]
    if len(siblings) <= 1 and occ.onet_soc_code.endswith(".00"):
        return None
    return (
        f"BLS publishes wages and projections for SOC {occ.soc_code} as a whole"
        + (f", which includes {len(siblings)} O*NET occupations" if len(siblings) > 1 else "")
        + ""
    )


def _state(
    occ: Occupation,
    view: ScoreView,
    matches: list[OccupationToolMatch],
    tasks: list,
    exposed: float | None,
    ctx: ReportContext,
) -> StateOfAI:
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
        example = task_text.get(first.task_id) if first else None
        tools.append(
            ToolUse(
                category_id=m.category.id,
                name=m.category.name,
                description=m.category.description,
                automates=m.category.automates,
                example_products=list(m.category.example_products),
                relevance=m.relevance,
                task_time_share=m.task_time_share,
                matched_tasks=len(m.task_matches),
                example_tasks=[task_text[x.task_id] for x in m.task_matches[:3] if x.task_id in task_text],
                software=software,
                summary=n.tool_summary(len(m.task_matches), len(tasks), m.task_time_share, example, software),
                reason=ev.tool_evidence(
                    len(m.task_matches),
                    len(tasks),
                    m.task_time_share,
                    example,
                    first.reason if first else None,
                    software,
                ),
            )
        )
    summary = n.state_summary(occ.onet_soc_code, occ.title, len(tasks), exposed, exposed_tasks, [t.name for t in tools])
    return StateOfAI(
        summary=summary,
        exposed_time_share=exposed,
        tasks_total=len(tasks),
        tasks_by_provenance=provenance,
        tools=tools,
        tool_catalog_version=ctx.tools.version,
    )


def _citation(measure: str) -> str:
    return next((c for prefix, c in MEASURE_CITATIONS if measure.startswith(prefix)), measure)


def _breakdown(occ: Occupation, view: ScoreView, strengths_borrowed: bool) -> ScoreBreakdown:
    comps = []
    for key, (label, direction, text) in n.COMPONENT_TEXT.items():
        comps.append(
            ScoreComponent(
                key=key,
                label=label,
                value=view.components.get(key),
                direction=direction,  # type: ignore[arg-type]
                explanation=text,
            )
        )
    scenarios = [
        ScenarioValue(key=k, label=label, exposure=view.scenarios.get(k)) for k, label in n.SCENARIO_TEXT.items()
    ]
    research = [
        copy_fields(
            ResearchComparison,
            r,
            citation=_citation(r.measure),
            source_version=r.vintage,
            crosswalk=ev.crosswalk_text(r.mapping_status, r.ambiguous),
        )
        for r in view.research
    ]
    percentiles = [r.percentile for r in research if r.percentile is not None]
    change = view.employment_change_pct if view.demand_factor is not None else None
    return ScoreBreakdown(
        summary=n.breakdown_summary(
            view.status, view.risk_score, view.risk_low, view.risk_high, view.substitution_share, change
        ),
        components=comps,
        scenarios=scenarios,
        research=research,
        research_summary=n.research_summary(occ.title, len(research), percentiles),
        method_version=view.method_version,
        caveats=plain_caveats(occ, view.caveats, strengths_borrowed=strengths_borrowed),
    )


def _about(view: ScoreView, ctx: ReportContext) -> About:
    registry = default_registry()
    sources = []
    for sid in REPORT_SOURCES:
        if sid not in registry.ids:
            continue
        s = registry.source(sid)
        sources.append(copy_fields(SourceVintage, s, source_id=s.id, url=s.landing_url))
    fingerprint = ctx.manifest.get("fingerprint")
    return About(
        method_url=METHOD_URL,
        method_version=view.method_version,
        tool_catalog_version=ctx.tools.version,
        catalog_fingerprint=str(fingerprint) if fingerprint else None,
        sources=sources,
    )
