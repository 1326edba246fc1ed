"""The work-time model of a roster audit: whose hours go to which work, and what AI could free.

Pure functions (no I/O). Inputs: the roster's accepted rows (:mod:`jobrisk.scoring.roster_types`),
each row's occupation code, each occupation's task work (:class:`OccupationWork`) and the
:class:`RosterAssumptions`. Everything recomputes from these when an assumption changes.

Rules (also in docs/roster-audit.md):

* **Hours.** A person's hours per year = weekly hours (roster, else
  ``default_weekly_hours``) x ``working_weeks_per_year``. Uploaded processes with hours per week
  take those hours (scaled down if they add up to more than the week); listed processes without
  hours each take one average task's share; the rest of the week is split over the occupation's
  O*NET tasks by their estimated time shares (the scorebook's task weights).
* **Exposed hours** = hours x task exposure (the blended task estimate: share of the task's time
  an LLM or LLM-powered tool could cut by half or more at equal quality).
* **Hours AI could free** = exposed hours x time saved per exposed hour x ``adoption_share``, where
  time saved = automation x (1 - ``review_share``) + (1 - automation) x ``augmentation_time_saving``:
  work AI can do without a person still needs review; work it only assists with speeds up less.
* **Value** = freed hours x loaded cost per worked hour, the loaded cost being the annual wage
  (roster salary, hourly wage x weekly hours x 52, else the OEWS median for the occupation scaled to
  the weekly hours) x ``loaded_cost_factor``, over the person's hours per year. Rows without a
  mapped occupation get hours but no exposure, no freed hours and no money.
* **Clusters.** Each task's hours go to its O*NET intermediate work activities (IWA), split
  equally; tasks without a work-activity link form one cluster per occupation family
  ("Other tasks"). Uploaded processes go to the cluster of their nearest O*NET task.
* **FTE** = freed hours / (``full_time_hours_per_week`` x ``working_weeks_per_year``).

"Freed" hours are capacity, not jobs: time AI could take off today's work if the tools were
adopted as assumed. Whether it becomes more output, better service, shorter queues or fewer
hires is a business decision the numbers do not make.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from jobrisk.scoring.roster_types import RosterRow

UNLINKED_CLUSTER = "other"


@dataclass(frozen=True)
class RosterAssumptions:
    """The audit's editable assumptions (every figure recomputes when one changes)."""

    adoption_share: float = 0.5  # share of exposed work where AI tools are in use
    review_share: float = 0.25  # of automated work, the share a person still spends reviewing
    augmentation_time_saving: float = 0.3  # time saved on exposed work AI assists with
    loaded_cost_factor: float = 1.4  # employer cost per $ of wages (BLS ECEC: wages ~70 %)
    working_weeks_per_year: float = 46.0  # 52 less holidays and leave
    default_weekly_hours: float = 40.0
    full_time_hours_per_week: float = 40.0
    high_value_share: float = 0.8  # clusters making up this share of value are "high value"
    quick_win_ease: float = 0.5  # ease at or above this is "easy"

    BOUNDS = {  # name -> (lowest, highest) accepted
        "adoption_share": (0.0, 1.0),
        "review_share": (0.0, 1.0),
        "augmentation_time_saving": (0.0, 1.0),
        "loaded_cost_factor": (1.0, 3.0),
        "working_weeks_per_year": (1.0, 52.0),
        "default_weekly_hours": (1.0, 100.0),
        "full_time_hours_per_week": (1.0, 100.0),
        "high_value_share": (0.05, 1.0),
        "quick_win_ease": (0.0, 1.0),
    }

    def __post_init__(self) -> None:
        for f in fields(self):
            low, high = self.BOUNDS[f.name]
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or not low <= float(value) <= high:
                raise ValueError(f"assumption '{f.name}' must be a number from {low:g} to {high:g}; got {value!r}")

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}

    def updated(self, changes: Mapping[str, object]) -> RosterAssumptions:
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise ValueError(
                f"unknown assumption(s): {', '.join(unknown)}; known: {', '.join(f.name for f in fields(self))}"
            )
        return replace(self, **{k: float(v) for k, v in changes.items()})  # type: ignore[arg-type]

    @property
    def fte_hours_per_year(self) -> float:
        return self.full_time_hours_per_week * self.working_weeks_per_year


@dataclass(frozen=True)
class ClusterRef:
    cluster_id: str
    name: str


@dataclass(frozen=True)
class TaskWork:
    """One O*NET task (or uploaded process) as the audit sees it."""

    text: str
    time_share: float  # share of the occupation's work time (0-1)
    exposure: float  # 0-1
    automation: float | None  # 0-1; None = unknown (counted as assistance)
    clusters: tuple[ClusterRef, ...]
    tool_ids: tuple[str, ...] = ()
    observed: bool = False  # people already use AI for it (observed use, latest release)


@dataclass(frozen=True)
class OccupationWork:
    onet_soc_code: str
    title: str
    tasks: tuple[TaskWork, ...]
    hourly_median_usd: float | None  # OEWS, for rows without a wage
    oversight_need: float | None = None  # 0-1, consequence-of-error percentile


@dataclass(frozen=True)
class ProcessWork:
    """An uploaded process, scored like a task (exposure, automation, nearest task's clusters)."""

    text: str
    hours_per_week: float | None
    exposure: float
    automation: float | None
    clusters: tuple[ClusterRef, ...]
    tool_ids: tuple[str, ...] = ()


def _float_map() -> defaultdict[str, float]:
    return defaultdict(float)


@dataclass(slots=True)
class WorkTotals:
    """Hours and money accumulated for a cluster, role, department or the whole roster."""

    employees: float = 0.0
    hours_per_year: float = 0.0
    hours_exposed_per_year: float = 0.0
    hours_freed_per_year: float = 0.0
    value_usd_per_year: float = 0.0
    hours_freed_without_wage: float = 0.0  # mapped hours freed with no wage at all: no money
    automation_hours: float = 0.0  # exposed hours x automation (for the mean)
    oversight_hours: float = 0.0  # exposed hours x oversight need
    oversight_known_hours: float = 0.0
    observed_freed_hours: float = 0.0  # freed hours in tasks people already use AI for
    tool_hours: dict[str, float] = field(default_factory=dict)  # clusters only: freed hours per tool
    role_hours: dict[str, float] = field(default_factory=dict)  # clusters only: freed hours per job title

    @classmethod
    def for_cluster(cls) -> WorkTotals:
        return cls(tool_hours=_float_map(), role_hours=_float_map())

    def add(self, other: WorkTotals) -> None:
        self.employees += other.employees
        self.hours_per_year += other.hours_per_year
        self.hours_exposed_per_year += other.hours_exposed_per_year
        self.hours_freed_per_year += other.hours_freed_per_year
        self.value_usd_per_year += other.value_usd_per_year
        self.hours_freed_without_wage += other.hours_freed_without_wage
        self.automation_hours += other.automation_hours
        self.oversight_hours += other.oversight_hours
        self.oversight_known_hours += other.oversight_known_hours
        self.observed_freed_hours += other.observed_freed_hours

    @property
    def freed_share(self) -> float:
        return self.hours_freed_per_year / self.hours_per_year if self.hours_per_year else 0.0

    @property
    def mean_automation(self) -> float | None:
        return self.automation_hours / self.hours_exposed_per_year if self.hours_exposed_per_year else None

    @property
    def mean_oversight(self) -> float | None:
        return self.oversight_hours / self.oversight_known_hours if self.oversight_known_hours else None


@dataclass(frozen=True)
class RoleLine:
    """Rows that share title, department, occupation and process list, summed."""

    job_title: str
    department: str | None
    onet_soc_code: str | None
    headcount: float
    hours_per_year: float  # all people in the line
    wage_hours_usd: float  # sum over rows of hours x loaded-free hourly cost (known wages)
    hours_without_wage: float  # hours of rows whose wage is unknown (roster and OEWS)
    roster_wage_headcount: float  # people whose pay came from the roster
    rows: tuple[int, ...]
    processes: tuple[ProcessWork, ...] = ()


def time_saved_per_exposed_hour(automation: float | None, a: RosterAssumptions) -> float:
    """Share of an exposed hour AI could take off: automation x (1 - review) + assistance x saving."""
    auto = 0.0 if automation is None else min(max(automation, 0.0), 1.0)
    return auto * (1.0 - a.review_share) + (1.0 - auto) * a.augmentation_time_saving


def role_lines(
    rows: Iterable[RosterRow],
    codes: Mapping[str, str | None],
    work: Mapping[str, OccupationWork],
    a: RosterAssumptions,
    processes: Mapping[int, tuple[ProcessWork, ...]] | None = None,
) -> list[RoleLine]:
    """Group rows into :class:`RoleLine` s (``codes``: job title -> code or None; ``processes``:
    row number -> its scored processes)."""
    processes = processes or {}
    weeks = a.working_weeks_per_year
    default_weekly = a.default_weekly_hours
    median_per_worked_hour = {
        code: occ.hourly_median_usd * 52.0 / weeks for code, occ in work.items() if occ.hourly_median_usd is not None
    }
    # key -> [headcount, hours, wage x hours, hours without wage, roster-wage headcount, rows]
    groups: dict[tuple[str, str | None, str | None, tuple[ProcessWork, ...] | None], list[Any]] = {}
    for r in rows:
        code = codes.get(r.job_title)
        own = processes.get(r.row) if processes else None
        key = (r.job_title, r.department, code, own or None)
        g = groups.get(key)
        if g is None:
            g = groups[key] = [0.0, 0.0, 0.0, 0.0, 0.0, []]
        weekly = r.weekly_hours or default_weekly
        headcount = r.headcount
        hours = headcount * weekly * weeks
        g[0] += headcount
        g[1] += hours
        if r.annual_wage_usd is not None:
            g[2] += hours * (r.annual_wage_usd / (weekly * weeks))
            g[4] += headcount
        elif code is not None and code in median_per_worked_hour:
            g[2] += hours * median_per_worked_hour[code]
        else:
            g[3] += hours
        g[5].append(r.row)
    return [
        RoleLine(
            job_title=k[0],
            department=k[1],
            onet_soc_code=k[2],
            headcount=g[0],
            hours_per_year=g[1],
            wage_hours_usd=g[2],
            hours_without_wage=g[3],
            roster_wage_headcount=g[4],
            rows=tuple(g[5]),
            processes=k[3] or (),
        )
        for k, g in groups.items()
    ]


def _line_tasks(line: RoleLine, occ: OccupationWork, a: RosterAssumptions) -> list[tuple[float, TaskWork]]:
    """(share of the line's hours, task) for the occupation's tasks and the line's processes."""
    if not line.processes:
        return [(t.time_share, t) for t in occ.tasks]
    weekly = line.hours_per_year / max(line.headcount, 1e-9) / a.working_weeks_per_year
    average_task = 1.0 / max(len(occ.tasks), 1)
    shares = [(p.hours_per_week / weekly) if p.hours_per_week else average_task for p in line.processes]
    total = sum(shares)
    if total > 1.0:
        shares = [s / total for s in shares]
        total = 1.0
    out = [
        (s, TaskWork(p.text, 0.0, p.exposure, p.automation, p.clusters, p.tool_ids))
        for s, p in zip(shares, line.processes)
    ]
    out.extend(((1.0 - total) * t.time_share, t) for t in occ.tasks)
    return out


def line_totals(
    line: RoleLine, occ: OccupationWork | None, a: RosterAssumptions
) -> tuple[WorkTotals, dict[str, WorkTotals]]:
    """The line's totals and its totals per cluster id."""
    total = WorkTotals(employees=line.headcount, hours_per_year=line.hours_per_year)
    per_cluster: dict[str, WorkTotals] = {}
    if occ is None or line.onet_soc_code is None:
        return total, per_cluster
    wage_share = 1.0 - (line.hours_without_wage / line.hours_per_year if line.hours_per_year else 0.0)
    cost_per_hour = (
        line.wage_hours_usd / (line.hours_per_year - line.hours_without_wage)
        if line.hours_per_year > line.hours_without_wage
        else 0.0
    ) * a.loaded_cost_factor
    for share, task in _line_tasks(line, occ, a):
        hours = line.hours_per_year * share
        exposed = hours * task.exposure
        freed = exposed * time_saved_per_exposed_hour(task.automation, a) * a.adoption_share
        part = WorkTotals(
            hours_per_year=hours,
            hours_exposed_per_year=exposed,
            hours_freed_per_year=freed,
            value_usd_per_year=freed * wage_share * cost_per_hour,
            hours_freed_without_wage=freed * (1.0 - wage_share),
            automation_hours=exposed * (task.automation or 0.0),
            observed_freed_hours=freed if task.observed else 0.0,
        )
        if occ.oversight_need is not None:
            part.oversight_hours = exposed * occ.oversight_need
            part.oversight_known_hours = exposed
        hours_so_far = total.hours_per_year
        total.add(part)
        total.hours_per_year = hours_so_far  # the line's hours stay as counted, whatever the shares
        clusters = task.clusters or (ClusterRef(UNLINKED_CLUSTER, "Other tasks"),)
        split = 1.0 / len(clusters)
        for ref in clusters:
            c = per_cluster.get(ref.cluster_id)
            if c is None:
                c = per_cluster[ref.cluster_id] = WorkTotals.for_cluster()
            _add_scaled(c, part, split)
            c.role_hours[line.job_title] += freed * split
            for tool in task.tool_ids:
                c.tool_hours[tool] += freed * split / len(task.tool_ids)
    return total, per_cluster


def _add_scaled(target: WorkTotals, part: WorkTotals, k: float) -> None:
    for name in (
        "hours_per_year",
        "hours_exposed_per_year",
        "hours_freed_per_year",
        "value_usd_per_year",
        "hours_freed_without_wage",
        "automation_hours",
        "oversight_hours",
        "oversight_known_hours",
        "observed_freed_hours",
    ):
        setattr(target, name, getattr(target, name) + getattr(part, name) * k)


def _scaled(unit: WorkTotals, hours: float, wage_hours_usd: float, hours_without_wage: float) -> WorkTotals:
    """A line's totals from its occupation's totals per hour of work (the model is linear in hours
    and in wage x hours, so a line without processes needs no pass over the tasks)."""
    return WorkTotals(
        hours_per_year=unit.hours_per_year * hours,
        hours_exposed_per_year=unit.hours_exposed_per_year * hours,
        hours_freed_per_year=unit.hours_freed_per_year * hours,
        value_usd_per_year=unit.value_usd_per_year * wage_hours_usd,
        hours_freed_without_wage=unit.hours_freed_per_year * hours_without_wage,
        automation_hours=unit.automation_hours * hours,
        oversight_hours=unit.oversight_hours * hours,
        oversight_known_hours=unit.oversight_known_hours * hours,
        observed_freed_hours=unit.observed_freed_hours * hours,
    )


@dataclass
class WorkModel:
    """The roster's work, summed: overall, per cluster, per line (aligned with ``lines``) and per
    job title and cluster (``title_clusters``: title -> cluster id -> [hours, freed hours])."""

    lines: list[RoleLine]
    line_totals: list[WorkTotals]
    title_clusters: dict[str, dict[str, list[float]]]
    clusters: dict[str, WorkTotals]
    cluster_names: dict[str, str]
    total: WorkTotals


def work_model(lines: Sequence[RoleLine], work: Mapping[str, OccupationWork], a: RosterAssumptions) -> WorkModel:
    """Apply the work-time model to every line and add up.

    Lines without uploaded processes are computed from their occupation's totals per hour of work
    (one pass over each occupation's tasks); lines with processes go through their own tasks.
    """
    names: dict[str, str] = {UNLINKED_CLUSTER: "Other tasks"}
    for occupation in work.values():
        for task in occupation.tasks:
            for ref in task.clusters:
                names[ref.cluster_id] = ref.name
    for line in lines:
        for p in line.processes:
            for ref in p.clusters:
                names[ref.cluster_id] = ref.name
    units: dict[str, tuple[WorkTotals, dict[str, WorkTotals]]] = {}
    total = WorkTotals()
    clusters: dict[str, WorkTotals] = {}
    title_clusters: dict[str, dict[str, list[float]]] = defaultdict(dict)
    by_title: dict[tuple[str, str], list[float]] = {}  # (title, code) -> [hours, wage x hours, no-wage hours]
    totals: list[WorkTotals] = []

    def into_cluster(cid: str, c: WorkTotals, title: str, tool_hours: Mapping[str, float], k: float) -> None:
        target = clusters.get(cid)
        if target is None:
            target = clusters[cid] = WorkTotals.for_cluster()
        target.add(c)
        target.role_hours[title] += c.hours_freed_per_year
        for tool, hours in tool_hours.items():
            target.tool_hours[tool] += hours * k
        cell = title_clusters[title].setdefault(cid, [0.0, 0.0])
        cell[0] += c.hours_per_year
        cell[1] += c.hours_freed_per_year

    for line in lines:
        code = line.onet_soc_code
        occ = work.get(code or "")
        if occ is None or code is None:
            t = WorkTotals(employees=line.headcount, hours_per_year=line.hours_per_year)
        elif line.processes:
            t, per_cluster = line_totals(line, occ, a)
            for cid, c in per_cluster.items():
                into_cluster(cid, c, line.job_title, c.tool_hours, 1.0)
        else:
            if code not in units:
                unit_line = RoleLine(line.job_title, None, code, 1.0, 1.0, 1.0, 0.0, 0.0, ())
                units[code] = line_totals(unit_line, occ, replace(a, loaded_cost_factor=1.0))
            t = _scaled(
                units[code][0], line.hours_per_year, line.wage_hours_usd * a.loaded_cost_factor, line.hours_without_wage
            )
            t.employees, t.hours_per_year = line.headcount, line.hours_per_year
            acc = by_title.setdefault((line.job_title, code), [0.0, 0.0, 0.0])
            acc[0] += line.hours_per_year
            acc[1] += line.wage_hours_usd * a.loaded_cost_factor
            acc[2] += line.hours_without_wage
        totals.append(t)
        total.add(t)
    # Lines without processes: per title, its hours per cluster and the cluster's roles; per
    # occupation, the clusters' sums (the model is linear, so one product per occupation and cluster)
    by_code: dict[str, list[float]] = {}
    # per occupation: (cluster id, the cluster's freed hours per role, hours and freed hours per hour of work)
    profiles: dict[str, list[tuple[str, dict[str, float], float, float]]] = {}
    for (title, code), (hours, wage_hours, no_wage) in by_title.items():
        acc = by_code.setdefault(code, [0.0, 0.0, 0.0])
        acc[0] += hours
        acc[1] += wage_hours
        acc[2] += no_wage
        profile = profiles.get(code)
        if profile is None:
            profile = profiles[code] = []
            for cid, unit in units[code][1].items():
                target = clusters.get(cid)
                if target is None:
                    target = clusters[cid] = WorkTotals.for_cluster()
                profile.append((cid, target.role_hours, unit.hours_per_year, unit.hours_freed_per_year))
        cells = title_clusters[title]
        if not cells:  # the title's first cells (no lines with processes)
            for cid, roles, unit_hours, unit_freed in profile:
                freed = unit_freed * hours
                roles[title] += freed
                cells[cid] = [unit_hours * hours, freed]
            continue
        for cid, roles, unit_hours, unit_freed in profile:
            freed = unit_freed * hours
            roles[title] += freed
            cell = cells.get(cid)
            if cell is None:
                cell = cells[cid] = [0.0, 0.0]
            cell[0] += unit_hours * hours
            cell[1] += freed
    for code, (hours, wage_hours, no_wage) in by_code.items():
        for cid, unit in units[code][1].items():
            target = clusters[cid]
            target.add(_scaled(unit, hours, wage_hours, no_wage))
            for tool, tool_hours in unit.tool_hours.items():
                target.tool_hours[tool] += tool_hours * hours
    return WorkModel(list(lines), totals, dict(title_clusters), clusters, names, total)
