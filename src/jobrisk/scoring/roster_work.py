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
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
import numpy as np

from jobrisk.scoring.roster_lines import RoleLine, RoleLines, role_lines

__all__ = ["RoleLine", "RoleLines", "role_lines"]  # re-exported: where the model's lines come from

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


def time_saved_per_exposed_hour(automation: float | None, a: RosterAssumptions) -> float:
    """Share of an exposed hour AI could take off: automation x (1 - review) + assistance x saving."""
    auto = 0.0 if automation is None else min(max(automation, 0.0), 1.0)
    return auto * (1.0 - a.review_share) + (1.0 - auto) * a.augmentation_time_saving


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
    for name in ("hours_per_year", *_LINE_FIELDS):
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
    """The roster's work, summed: overall, per cluster, per line (arrays aligned with ``lines``:
    hours exposed, hours AI could free, their value) and per job title and cluster
    (``title_clusters``: title -> cluster id -> [hours, freed hours])."""

    lines: RoleLines
    exposed: np.ndarray
    freed: np.ndarray
    value: np.ndarray
    title_clusters: dict[str, dict[str, list[float]]]
    clusters: dict[str, WorkTotals]
    cluster_names: dict[str, str]
    total: WorkTotals

    @property
    def money(self) -> np.ndarray:
        """Per line: is there a money figure (mapped, and some of its hours have a wage)?"""
        lines = self.lines
        return lines.mapped & (lines.hours_without_wage < lines.hours_per_year)

    def per_title(self, values: np.ndarray) -> np.ndarray:
        """``values`` (one per line) added up per job title (``lines.titles`` order)."""
        return np.bincount(self.lines.title, weights=values, minlength=len(self.lines.titles))

    def per_department(self, values: np.ndarray) -> np.ndarray:
        """``values`` (one per line) added up per department (``lines.departments`` order)."""
        return np.bincount(self.lines.department, weights=values, minlength=len(self.lines.departments))


#: the fields of :class:`WorkTotals` the model adds up per line
_LINE_FIELDS = (
    "hours_exposed_per_year",
    "hours_freed_per_year",
    "value_usd_per_year",
    "hours_freed_without_wage",
    "automation_hours",
    "oversight_hours",
    "oversight_known_hours",
    "observed_freed_hours",
)


def work_model(lines: RoleLines, work: Mapping[str, OccupationWork], a: RosterAssumptions) -> WorkModel:
    """Apply the work-time model to every line and add up.

    Lines without uploaded processes are computed from their occupation's totals per hour of work
    (one pass over each occupation's tasks, then one product per line, in arrays); lines with
    processes go through their own tasks.
    """
    names: dict[str, str] = {UNLINKED_CLUSTER: "Other tasks"}
    for occupation in work.values():
        for task in occupation.tasks:
            for ref in task.clusters:
                names[ref.cluster_id] = ref.name
    for found in lines.processes:
        for p in found:
            for ref in p.clusters:
                names[ref.cluster_id] = ref.name
    n = len(lines)
    titles = lines.titles
    title_codes = [c if c is not None and c in work else None for c in lines.codes]
    code_index = {c: i for i, c in enumerate(dict.fromkeys(c for c in title_codes if c is not None))}
    units = {
        code: line_totals(
            RoleLine("", None, code, 1.0, 1.0, 1.0, 0.0, 0.0, ()), work[code], replace(a, loaded_cost_factor=1.0)
        )
        for code in code_index
    }
    unit = {f: np.array([getattr(units[c][0], f) for c in code_index] + [0.0]) for f in _LINE_FIELDS}
    line_code = np.array([-1 if c is None else code_index[c] for c in title_codes], dtype=np.int64)[lines.title]
    with_processes = np.fromiter((bool(p) for p in lines.processes), dtype=bool, count=n)
    plain = (line_code >= 0) & ~with_processes  # mapped lines without processes
    k = np.where(plain, line_code, len(code_index))  # the zero unit for the others
    hours = np.where(plain, lines.hours_per_year, 0.0)
    wage_hours = np.where(plain, lines.wage_hours_usd * a.loaded_cost_factor, 0.0)
    no_wage = np.where(plain, lines.hours_without_wage, 0.0)
    per_line = {f: unit[f][k] * hours for f in _LINE_FIELDS}
    per_line["value_usd_per_year"] = unit["value_usd_per_year"][k] * wage_hours
    per_line["hours_freed_without_wage"] = unit["hours_freed_per_year"][k] * no_wage

    clusters: dict[str, WorkTotals] = {}
    title_clusters: dict[str, dict[str, list[float]]] = defaultdict(dict)

    def into_cluster(cid: str, c: WorkTotals, title: str) -> None:
        target = clusters.get(cid)
        if target is None:
            target = clusters[cid] = WorkTotals.for_cluster()
        target.add(c)
        target.role_hours[title] += c.hours_freed_per_year
        for tool, tool_hours in c.tool_hours.items():
            target.tool_hours[tool] += tool_hours
        cell = title_clusters[title].setdefault(cid, [0.0, 0.0])
        cell[0] += c.hours_per_year
        cell[1] += c.hours_freed_per_year

    for i in np.flatnonzero(with_processes & (line_code >= 0)):
        line = lines.line(int(i))
        t, per_cluster = line_totals(line, work[line.onet_soc_code or ""], a)
        for f in _LINE_FIELDS:
            per_line[f][i] = getattr(t, f)
        for cid, c in per_cluster.items():
            into_cluster(cid, c, line.job_title)
    total = WorkTotals(employees=float(lines.headcount.sum()), hours_per_year=float(lines.hours_per_year.sum()))
    for f, v in per_line.items():
        setattr(total, f, float(v.sum()))
    # Lines without processes: per title, its hours per cluster and the cluster's roles; per
    # occupation, the clusters' sums (the model is linear, so one product per occupation and cluster)
    title_of_plain = lines.title[plain]
    by_title = [np.bincount(lines.title, weights=w, minlength=len(titles)) for w in (hours, wage_hours, no_wage)]
    _, first = np.unique(title_of_plain, return_index=True)
    by_code: dict[str, list[float]] = {}
    # per occupation: (cluster id, the cluster's freed hours per role, hours and freed hours per hour of work)
    profiles: dict[str, list[tuple[str, dict[str, float], float, float]]] = {}
    for t in title_of_plain[np.sort(first)].tolist():
        title, code = titles[t], title_codes[t]
        assert code is not None
        title_hours = float(by_title[0][t])
        acc = by_code.setdefault(code, [0.0, 0.0, 0.0])
        acc[0] += title_hours
        acc[1] += float(by_title[1][t])
        acc[2] += float(by_title[2][t])
        profile = profiles.get(code)
        if profile is None:
            profile = profiles[code] = []
            for cid, cluster_unit in units[code][1].items():
                target = clusters.get(cid)
                if target is None:
                    target = clusters[cid] = WorkTotals.for_cluster()
                profile.append((cid, target.role_hours, cluster_unit.hours_per_year, cluster_unit.hours_freed_per_year))
        cells = title_clusters[title]
        if not cells:  # the title's first cells (no lines with processes)
            for cid, roles, unit_hours, unit_freed in profile:
                freed = unit_freed * title_hours
                roles[title] += freed
                cells[cid] = [unit_hours * title_hours, freed]
            continue
        for cid, roles, unit_hours, unit_freed in profile:
            freed = unit_freed * title_hours
            roles[title] += freed
            cell = cells.get(cid)
            if cell is None:
                cell = cells[cid] = [0.0, 0.0]
            cell[0] += unit_hours * title_hours
            cell[1] += freed
    for code, (code_hours, code_wage_hours, code_no_wage) in by_code.items():
        for cid, cluster_unit in units[code][1].items():
            target = clusters[cid]
            target.add(_scaled(cluster_unit, code_hours, code_wage_hours, code_no_wage))
            for tool, tool_hours in cluster_unit.tool_hours.items():
                target.tool_hours[tool] += tool_hours * code_hours
    return WorkModel(
        lines,
        per_line["hours_exposed_per_year"],
        per_line["hours_freed_per_year"],
        per_line["value_usd_per_year"],
        dict(title_clusters),
        clusters,
        names,
        total,
    )
