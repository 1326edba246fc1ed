"""Match tasks and occupations to AI tool categories, each match with its reason.

A task matches a category through (strongest first) one of its O*NET detailed work activities, the
intermediate work activity (IWA) above it, or words in the task statement; words alone are never
enough: O*NET must also file the task under the IWA of one of the category's own DWAs (the words
then say which part of that IWA the task is). A word and a broad family of work are not enough:
"Conduct specified laboratory tests" (Registered Nurses) is filed under "Administer diagnostic
tests to assess patient health", not under the laboratory work a lab-automation category names.
An occupation matches a category through its matched tasks and through the software O*NET lists
for it; categories are ranked by the task time they reach. The rules live in the tool catalog; nothing is written per occupation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from jobrisk.catalog.types import Dwa, Task, Technology
from jobrisk.reports.tools.catalog import ToolCatalog, ToolCategory

#: How strongly each kind of evidence ties a task to a category (used for ranking only).
VIA_STRENGTH: dict[str, float] = {"dwa": 1.0, "iwa": 0.8, "task_words": 0.6}
#: Weight of software evidence in an occupation's relevance to a category.
TECHNOLOGY_WEIGHT = 0.15
#: An occupation needs this much exposure-weighted task time to get a category from its tasks ...
MIN_TASK_RELEVANCE = 0.005
#: ... or at least this many of its software entries named in the category's keywords.
MIN_NAMED_SOFTWARE = 2
#: Stand-in exposure for categories not weighted by language-model exposure (robots, vehicles, vision):
#: their matched task time counts at this fraction, so they rank below equally matched language tools.
PHYSICAL_REACH = 0.3


@dataclass(frozen=True)
class TaskToolMatch:
    """Why one task matches one tool category."""

    category_id: str
    task_id: int
    via: str  # 'dwa' | 'iwa' | 'task_words'
    evidence: str  # the DWA / IWA title, or the words found in the task
    evidence_id: str | None  # the DWA or IWA id; for words, the IWA (of a category DWA) that backs them
    family: str = ""  # for words: the title of that IWA

    @property
    def reason(self) -> str:
        """Why, with the O*NET element id (for evidence panels and the JSON)."""
        return self._reason(f" ({self.evidence_id})")

    @property
    def plain_reason(self) -> str:
        """Why, in words only (for the main text)."""
        return self._reason("")

    def _reason(self, ref: str) -> str:
        if self.via == "dwa":
            return f"O*NET links it to the work activity \u201c{self.evidence.rstrip('.')}\u201d{ref}"
        if self.via == "iwa":
            return f"O*NET files it under \u201c{self.evidence.rstrip('.')}\u201d{ref}"
        return (
            f"the task mentions \u201c{self.evidence}\u201d and O*NET files it under "
            f"\u201c{self.family.rstrip('.')}\u201d{ref}, the work activity of this kind of tool"
        )


@dataclass(frozen=True)
class TechnologyMatch:
    """Software O*NET lists for the occupation that belongs to a tool category's territory."""

    category_id: str
    example: str
    commodity_title: str
    via: str  # 'keyword' | 'commodity'
    hot: bool | None


@dataclass(frozen=True)
class OccupationToolMatch:
    """One tool category relevant to one occupation, with the evidence."""

    category: ToolCategory
    relevance: float  # exposure-weighted task time share + software evidence, for ranking
    task_time_share: float  # share of the occupation's task time in matched tasks (0-1)
    task_matches: tuple[TaskToolMatch, ...]
    technology_matches: tuple[TechnologyMatch, ...]


def match_task(task: Task, dwas: Sequence[Dwa], tools: ToolCatalog) -> list[TaskToolMatch]:
    """The tool categories that automate or assist one task, best evidence per category."""
    out: list[TaskToolMatch] = []
    for category in tools.categories:
        match: TaskToolMatch | None = None
        for dwa in dwas:
            if dwa.dwa_id in category.dwa_ids:
                match = TaskToolMatch(category.id, task.task_id, "dwa", dwa.dwa_title, dwa.dwa_id)
                break
        if match is None:
            for dwa in dwas:
                if dwa.iwa_id in category.iwa_ids:
                    match = TaskToolMatch(category.id, task.task_id, "iwa", dwa.iwa_title, dwa.iwa_id)
                    break
        if match is None:
            backing = next((d for d in dwas if d.iwa_id in category.dwa_iwa_ids), None)
            words = category.words_in_task(task.task) if backing is not None else None
            if words and backing is not None:
                match = TaskToolMatch(category.id, task.task_id, "task_words", words, backing.iwa_id, backing.iwa_title)
        if match is not None:
            out.append(match)
    out.sort(key=lambda m: -VIA_STRENGTH[m.via])
    return out


def match_technology(technology: Iterable[Technology], tools: ToolCatalog) -> list[TechnologyMatch]:
    """Software entries that fall in a tool category's territory (by name, then commodity code)."""
    out: list[TechnologyMatch] = []
    items = [t for t in technology if t.kind == "technology"]
    for category in tools.categories:
        for item in items:
            if category.names_software(item.example):
                out.append(TechnologyMatch(category.id, item.example, item.commodity_title, "keyword", item.hot))
            elif item.commodity_code in category.technology_commodity_codes:
                out.append(TechnologyMatch(category.id, item.example, item.commodity_title, "commodity", item.hot))
    return out


def match_occupation(
    tasks: Sequence[Task],
    task_dwas: Mapping[int, Sequence[Dwa]],
    technology: Iterable[Technology],
    tools: ToolCatalog,
    task_time_share: Mapping[int, float],
    task_exposure: Mapping[int, float] | None = None,
) -> list[OccupationToolMatch]:
    """Tool categories relevant to an occupation, reaching the most task time first.

    ``task_time_share`` maps task id to its share of the occupation's time (summing to 1);
    ``task_exposure`` maps task id to its AI exposure (0-1); tasks without exposure count at 0.5.
    Categories with ``weight_by_exposure = false`` count matched time at ``PHYSICAL_REACH`` instead.
    A category is kept when its exposure-weighted task time reaches ``MIN_TASK_RELEVANCE`` or when
    at least ``MIN_NAMED_SOFTWARE`` of the occupation's O*NET software entries are named in the
    category's keywords.
    """
    exposure = task_exposure or {}
    per_category: dict[str, list[TaskToolMatch]] = {}
    for task in tasks:
        for m in match_task(task, task_dwas.get(task.task_id, ()), tools):
            per_category.setdefault(m.category_id, []).append(m)
    tech_by_category: dict[str, list[TechnologyMatch]] = {}
    for found in match_technology(technology, tools):
        tech_by_category.setdefault(found.category_id, []).append(found)

    out: list[OccupationToolMatch] = []
    for category in tools.categories:
        matches = per_category.get(category.id, [])
        tech = tech_by_category.get(category.id, [])
        share = sum(task_time_share.get(m.task_id, 0.0) for m in matches)

        def weight(m: TaskToolMatch, by_exposure: bool = category.weight_by_exposure) -> float:
            reach = exposure.get(m.task_id, 0.5) if by_exposure else PHYSICAL_REACH
            return task_time_share.get(m.task_id, 0.0) * reach * VIA_STRENGTH[m.via]

        weighted = sum(weight(m) for m in matches)
        named = len({t.example for t in tech if t.via == "keyword"}) >= MIN_NAMED_SOFTWARE
        if weighted < MIN_TASK_RELEVANCE and not named:
            continue
        tech_score = TECHNOLOGY_WEIGHT * min(1.0, len(tech) / 3) if (matches or named) else 0.0
        ranked = sorted(matches, key=lambda m: (-weight(m), m.task_id))
        tech_sorted = sorted(tech, key=lambda t: (t.via != "keyword", not t.hot, t.example))
        out.append(
            OccupationToolMatch(
                category, round(weighted + tech_score, 6), round(share, 6), tuple(ranked), tuple(tech_sorted)
            )
        )
    out.sort(key=lambda m: (-m.task_time_share, -m.relevance, m.category.id))
    return out
