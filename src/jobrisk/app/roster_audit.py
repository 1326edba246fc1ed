"""Use case: a business roster in, a :class:`jobrisk.reports.roster.RosterReport` out.

Steps: :func:`jobrisk.app.roster_input.read_roster` (file -> checked rows, people's details
dropped) -> :func:`map_titles` (each distinct title coded once, per cleaned title; an
organisation's saved corrections win) -> :func:`gather_work` (each occupation's tasks, time
shares, exposure, work-activity clusters, tool categories, OEWS wage; cached per process) ->
:func:`score_processes` (uploaded processes scored through
:func:`jobrisk.scoring.task_list.score_task_list`, like every task list, and filed under their
nearest O*NET task's work activities) -> the pure scoring functions
(:mod:`jobrisk.scoring.roster_work`, ``roster_priorities``, ``roster_people``) -> the report.

:func:`audit_input` is what an audit stores (rows without people's details, and the title
mapping), so :func:`recompute` can redo every figure with new assumptions or corrections without
the file.

May import: catalog, models, scoring, reports, tabular, errors.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from jobrisk.app import roster_storage as storage
from jobrisk.app.gc_pause import cycle_collection_paused
from jobrisk.app.roster_input import ParsedRoster
from jobrisk.app.roster_titles import check_corrections, map_titles
from jobrisk.app.task_scoring import TaskScoringBasis, free_text_task
from jobrisk.catalog import Catalog
from jobrisk.errors import InputError
from jobrisk.reports.roster.model import InputReport, RoleMapping, RosterReport, Summary
from jobrisk.scoring.roster_people import department_views, role_impacts
from jobrisk.scoring.roster_priorities import ToolInfo, opportunities
from jobrisk.scoring.roster_types import RosterRow
from jobrisk.scoring.roster_work import (
    ClusterRef,
    OccupationWork,
    ProcessWork,
    RosterAssumptions,
    TaskWork,
    role_lines,
    work_model,
)
from jobrisk.scoring.task_list import score_task_list
from jobrisk.scoring.transition_types import TransitionSpace

HOURS_PER_YEAR_FULL_TIME_OEWS = 2080.0  # OEWS annual wage = hourly wage x 2080
Progress = Callable[[str, float], None]


@dataclass
class AuditParts:
    """What an audit needs, loaded by the caller (the web app's services, the CLI, a test)."""

    catalog: Catalog
    scorebook: Any
    title_coder: Any
    task_model: Any | None = None
    tool_catalog: Any | None = None
    work_cache: dict[str, OccupationWork] = field(default_factory=dict)
    #: processes that code new job titles (:mod:`jobrisk.app.roster_titles`); 1 = this one only
    workers: int = 1
    _tools: dict[str, ToolInfo] | None = None
    _basis: TaskScoringBasis | None = None
    _observed: frozenset[int] | None = None

    @property
    def tools(self) -> dict[str, ToolInfo]:
        if self._tools is None:
            self._tools = tool_infos(self.tool_catalog)
        return self._tools

    @property
    def transition_space(self) -> TransitionSpace | None:
        """The career audit's occupation space (built once per catalog and scorebook)."""
        from jobrisk.app.transition_space import cached_transition_space

        return cached_transition_space(self.catalog, self.scorebook)

    @property
    def observed_tasks(self) -> frozenset[int]:
        """O*NET task ids people already use AI for (observed use, latest release; read once)."""
        if self._observed is None:
            self._observed = self.catalog.observed_task_ids()
        return self._observed

    @property
    def task_basis(self) -> TaskScoringBasis:
        """What :func:`score_task_list` needs (read from the catalog on first use)."""
        if self._basis is None:
            self._basis = TaskScoringBasis.from_catalog(self.catalog)
        return self._basis


def tool_infos(tool_catalog: Any | None) -> dict[str, ToolInfo]:
    """Tool categories with their maturity (``reports/roster/tool_maturity.toml``)."""
    if tool_catalog is None:
        return {}
    text = resources.files("jobrisk.reports.roster").joinpath("tool_maturity.toml").read_text("utf-8")
    maturity = tomllib.loads(text)["maturity"]
    return {c.id: ToolInfo(c.id, c.name, maturity.get(c.id, "early")) for c in tool_catalog.categories}


# ---------------------------------------------------------------------------------------- work
def gather_work(codes: set[str], parts: AuditParts) -> dict[str, OccupationWork]:
    """Each occupation's task work for the audit (cached in ``parts.work_cache``)."""
    from jobrisk.reports.tools.matching import match_task

    out = {}
    tool_catalog = parts.tool_catalog
    for code in sorted(codes):
        cached = parts.work_cache.get(code)
        if cached is None:
            catalog = parts.catalog
            occ = catalog.occupation(code)
            contributions = {t.task_id: t for t in parts.scorebook.tasks(code)}
            dwas = catalog.task_dwas(code)
            tasks = []
            for task in catalog.tasks(code):
                c = contributions.get(task.task_id)
                if c is None:
                    continue
                task_dwas = dwas.get(task.task_id, [])
                iwas = {d.iwa_id: d.iwa_title.rstrip(". ") for d in task_dwas if d.iwa_id}
                tool_ids: tuple[str, ...] = ()
                if tool_catalog is not None:
                    tool_ids = tuple(dict.fromkeys(m.category_id for m in match_task(task, task_dwas, tool_catalog)))
                tasks.append(
                    TaskWork(
                        task.task,
                        c.time_share,
                        c.exposure,
                        c.automation,
                        tuple(ClusterRef(k, v) for k, v in sorted(iwas.items())),
                        tool_ids,
                        observed=task.task_id in parts.observed_tasks,
                    )
                )
            total = sum(t.time_share for t in tasks)
            if total > 0:
                tasks = [
                    TaskWork(t.text, t.time_share / total, t.exposure, t.automation, t.clusters, t.tool_ids, t.observed)
                    for t in tasks
                ]
            wage = catalog.wage(occ.soc_code)
            hourly = None
            if wage is not None:
                hourly = wage.hourly_median_usd or (
                    wage.annual_median_usd / HOURS_PER_YEAR_FULL_TIME_OEWS if wage.annual_median_usd else None
                )
            score = parts.scorebook.get(code)
            oversight = score.advantage.facet("consequence_of_error") if score and score.advantage else None
            cached = OccupationWork(code, occ.title, tuple(tasks), hourly, oversight)
            parts.work_cache[code] = cached
        out[code] = cached
    return out


def _prepare(codes: Sequence[str], parts: AuditParts) -> None:
    """What the audit will need, worked out while the title coder's workers code: the occupation
    space of internal moves (built once per process), and the work of ``codes`` (cached)."""
    parts.transition_space  # noqa: B018 - built and kept on first use
    gather_work(set(codes), parts)


def score_processes(
    rows: Sequence[RosterRow], codes: Mapping[str, str | None], parts: AuditParts
) -> tuple[dict[int, tuple[ProcessWork, ...]], list[str]]:
    """Uploaded processes, per row number, scored like every other task list: one
    :func:`score_task_list` per occupation over its distinct processes (the task model's estimate
    in the occupation's context, plus the activity pool of the nearest O*NET task's work
    activities, which also files the process under those clusters); and notes."""
    by_code: dict[str, dict[str, None]] = {}
    for r in rows:
        code = codes.get(r.job_title)
        if code and r.processes:
            by_code.setdefault(code, {}).update((p.text, None) for p in r.processes)
    if not by_code:
        return {}, []
    texts = list(dict.fromkeys(t for found in by_code.values() for t in found))
    model = parts.task_model
    if model is None:
        return {}, [
            f"{len(texts)} uploaded process(es) were not scored: the task model is not available; "
            "the occupations' O*NET tasks are used instead."
        ]
    clusters = _nearest_clusters(texts, parts)
    pairs = [(code, text) for code, found in sorted(by_code.items()) for text in found]
    estimates = model.score_texts([t for _, t in pairs], [c for c, _ in pairs])
    basis = parts.task_basis
    scored: dict[tuple[str, str], tuple[float, float | None]] = {}
    for code in sorted(by_code):
        items = [
            free_text_task(t, e, 1.0, tuple(c.cluster_id for c in clusters[t]))
            for (c, t), e in zip(pairs, estimates)
            if c == code
        ]
        # every process is kept with its own estimate; the list's time shares do not change them,
        # and the sensitivity variants are not needed for per-process figures
        score = score_task_list(items, basis.reference(code), basis.params, variants=())
        for contribution in score.contributions:
            text = items[-contribution.task_id - 1].text
            scored[(code, text)] = (contribution.exposure, contribution.automation)
    notes = [
        f"{len(texts)} uploaded process(es) were scored as tasks of their role's occupation and take "
        "their hours in those roles' work (each under the work activities of its nearest O*NET task)."
    ]
    missing = sorted({t for c, t in pairs if (c, t) not in scored})
    if missing:
        notes.append(
            f"{len(missing)} uploaded process(es) had no exposure evidence and count as the "
            "occupation's O*NET tasks instead: " + "; ".join(repr(t[:60]) for t in missing[:5])
        )
    out = {}
    for r in rows:
        code = codes.get(r.job_title)
        if code and r.processes:
            found = tuple(
                ProcessWork(p.text, p.hours_per_week, *scored[(code, p.text)], clusters[p.text])
                for p in r.processes
                if (code, p.text) in scored
            )
            if found:
                out[r.row] = found
    return out, notes


def _nearest_clusters(texts: Sequence[str], parts: AuditParts) -> dict[str, tuple[ClusterRef, ...]]:
    """Each text's nearest O*NET task's work-activity clusters (none without the neighbour view)."""
    clusters: dict[str, tuple[ClusterRef, ...]] = {t: () for t in texts}
    model = parts.task_model
    if model is None:
        return clusters
    try:
        index, _ = model.nearest(texts, k=1)
        ref = model.reference
        for text, row in zip(texts, index):
            i = int(row[0])
            dwas = parts.catalog.task_dwas(str(ref["onet_soc_code"][i])).get(int(ref["task_id"][i]), [])
            clusters[text] = tuple(
                ClusterRef(k, v.rstrip(". "))
                for k, v in sorted({d.iwa_id: d.iwa_title for d in dwas if d.iwa_id}.items())
            )
    except (AttributeError, KeyError, IndexError, TypeError):
        pass  # a model without the neighbour view: processes go to "Other tasks"
    return clusters


# ---------------------------------------------------------------------------------------- audit
@cycle_collection_paused()
def run_roster_audit(
    parsed: ParsedRoster,
    parts: AuditParts,
    *,
    source_name: str | None = None,
    corrections: Mapping[str, str] | None = None,
    assumptions: RosterAssumptions | None = None,
    mappings: Sequence[RoleMapping] | None = None,
    progress: Progress | None = None,
) -> RosterReport:
    """Analyse a parsed roster. ``mappings`` (from a saved audit) skips title coding;
    ``corrections`` (title key -> code) override the coder's choice."""
    a = assumptions or RosterAssumptions()
    say = progress or (lambda step, share: None)
    if not parsed.rows:
        raise InputError(
            "The roster has no usable rows"
            + (
                f"; {len(parsed.rejected)} row(s) were rejected (first: row "
                f"{parsed.rejected[0].row}: {parsed.rejected[0].reason})."
                if parsed.rejected
                else "."
            )
        )
    checked = check_corrections(corrections or {}, parts.catalog)
    say("finding the distinct job titles", 0.1)
    if mappings is None:
        mappings = map_titles(
            parsed.rows,
            parts.title_coder,
            parts.catalog,
            checked,
            workers=parts.workers,
            progress=progress,
            meanwhile=lambda codes: _prepare(codes, parts),
        )
    elif checked:
        mappings = [
            _corrected(m, checked[m.title_key], parts.catalog) if m.title_key in checked else m for m in mappings
        ]
    codes = {m.job_title: (m.onet_soc_code if m.status != "unknown" else None) for m in mappings}
    say("gathering occupation tasks", 0.5)
    work = gather_work({c for c in codes.values() if c}, parts)
    say("scoring uploaded processes", 0.7)
    processes, notes = score_processes(parsed.rows, codes, parts)
    say("adding up hours and value", 0.8)
    lines = role_lines(parsed.rows, codes, work, a, processes)
    model = work_model(lines, work, a)
    ranked = opportunities(model, parts.tools, a)
    say("finding internal moves", 0.9)
    roles = role_impacts(model, parts.transition_space)
    status = {m.job_title: m.status for m in mappings}
    observed = {c: use for c in work if (use := parts.catalog.observed_occupation_use(c)) is not None and use.observed}
    total = model.total
    mapped = float(lines.headcount[lines.mapped].sum())
    has_money = bool(model.money.any())
    uncertain = np.array([status.get(t) == "uncertain" for t in lines.titles], dtype=bool)
    summary = Summary(
        employees=total.employees,
        employees_mapped=mapped,
        employees_unmapped=total.employees - mapped,
        employees_uncertain=float(lines.headcount[uncertain[lines.title]].sum()) if len(lines) else 0.0,
        roles=len(mappings),
        hours_per_year=total.hours_per_year,
        hours_exposed_per_year=total.hours_exposed_per_year,
        hours_freed_per_year=total.hours_freed_per_year,
        value_usd_per_year=total.value_usd_per_year if has_money else None,
        fte_freed=total.hours_freed_per_year / a.fte_hours_per_year,
        freed_share=total.freed_share,
        employees_with_roster_wage=float(lines.roster_wage_headcount.sum()),
    )
    say("writing the report", 0.95)
    return RosterReport(
        summary=summary,
        assumptions=a.as_dict(),
        opportunities=tuple(ranked),
        roles=tuple(roles),
        mappings=tuple(sorted(mappings, key=lambda m: (not m.needs_review, -m.headcount, m.job_title))),
        departments=tuple(department_views(model)),
        tools=parts.tools,
        input=InputReport(
            source_name=source_name,
            read_as=parsed.read_as,
            source_rows=parsed.source_rows,
            accepted_rows=len(parsed.rows),
            blank_rows=parsed.blank_rows,
            columns_used=dict(parsed.columns_used),
            dropped_columns=tuple((d.column, d.reason) for d in parsed.dropped_columns),
            ignored_columns=tuple(parsed.ignored_columns),
            rejected_rows=tuple((r.row, r.reason) for r in parsed.rejected),
            warnings=tuple((w.row, w.reason) for w in parsed.warnings),
            notes=tuple(parsed.notes + notes),
        ),
        sources=sources(parts.catalog),
        caveats=CAVEATS,
        observed_use=observed,
    )


def _corrected(m: RoleMapping, code: str, catalog: Catalog) -> RoleMapping:
    return RoleMapping(
        m.job_title,
        m.title_key,
        "corrected",
        code,
        catalog.occupation(code).title,
        1.0,
        m.headcount,
        m.rows,
        m.candidates,
        "corrected by your organisation",
    )


CAVEATS = (
    "Hours freed are capacity, not job losses; see 'Exposure is not job loss'.",
    "Task time shares are estimated from O*NET task types and work-activity importance; your own "
    "people's time use may differ (upload processes with hours to use yours).",
    "Exposure is what AI can do (capability); adoption_share stands in for how much of it is used.",
    "Job titles the coder is not sure about, and titles it could not code, count as unmapped until you "
    "confirm or correct them: they get hours but no exposure and no money.",
    "Money figures use your roster's pay where given, else the OEWS median wage for the occupation "
    "(US, national); they are loaded by loaded_cost_factor.",
)


def sources(catalog: Catalog) -> tuple[str, ...]:
    """Data sources and versions the audit rests on (from the catalog's own record)."""
    names = {
        "onet": "O*NET (tasks, work activities, work context)",
        "bls_oews": "BLS OEWS wages",
        "gpts_are_gpts": "GPTs are GPTs task exposure labels",
        "bls_ep": "BLS Employment Projections",
    }
    seen: dict[str, str] = {}
    for f in catalog.source_files():
        if f["source_id"] in names and f["source_id"] not in seen:
            seen[f["source_id"]] = f"{names[f['source_id']]} {f['version']}"
    return tuple(seen.values())


# ---------------------------------------------------------------------------------------- storage
def audit_input(parsed: ParsedRoster, report: RosterReport) -> dict[str, Any]:
    """What a saved audit keeps to recompute (:mod:`jobrisk.app.roster_storage`)."""
    return storage.audit_input(parsed, report.mappings, report.input.source_name)


@cycle_collection_paused()
def recompute(
    data: Mapping[str, Any],
    parts: AuditParts,
    *,
    assumptions: RosterAssumptions | None = None,
    corrections: Mapping[str, str] | None = None,
) -> RosterReport:
    """Redo a saved audit with other assumptions and/or corrections (no file, no title coding)."""
    parsed, mappings = storage.parsed_from_input(data)
    return run_roster_audit(
        parsed,
        parts,
        source_name=data.get("source_name"),
        corrections=corrections,
        assumptions=assumptions,
        mappings=mappings,
    )


def parts_from_services(services: Any, *, with_task_model: bool = True, workers: int | None = None) -> AuditParts:
    """:class:`AuditParts` from a :class:`jobrisk.app.services.Services` (the task model is optional:
    without it uploaded processes are not scored, and the report says so). ``workers``: processes
    that code new job titles (default: one per CPU this process may use)."""
    from jobrisk.app.batch.parallel import default_workers

    from jobrisk.errors import JobriskError
    from jobrisk.reports.tools.catalog import load_tool_catalog

    task_model = None
    if with_task_model:
        try:
            task_model = services.task_model
        except JobriskError:
            task_model = None
    return AuditParts(
        services.catalog,
        services.scorebook,
        services.title_coder,
        task_model,
        load_tool_catalog(),
        workers=default_workers() if workers is None else workers,
    )


def read_corrections_file(path: str) -> dict[str, str]:
    """Corrections from a CSV/XLSX with ``job_title`` (or ``title_key``) and ``onet_soc_code`` columns,
    keyed by title as given (the caller turns titles into keys with :func:`title_key`)."""
    from jobrisk.tabular.reader import read_table

    table = read_table(path)
    columns = {c.casefold().replace(" ", "_"): i for i, c in enumerate(table.columns)}
    title_col = columns.get("job_title", columns.get("title", columns.get("title_key")))
    code_col = columns.get("onet_soc_code", columns.get("code"))
    if title_col is None or code_col is None:
        raise InputError(
            f"Corrections file {path} needs 'job_title' and 'onet_soc_code' columns; "
            f"got columns: {', '.join(table.columns)}"
        )
    return {row[title_col]: row[code_col] for row in table.rows if row[title_col] and row[code_col]}
