"""The curated AI tool-category catalog: loading and validating ``tool_categories.toml``.

A :class:`ToolCategory` names a kind of AI tool (code assistants, AutoML, document extraction, ...),
its example products, and the rules that tie it to O*NET work: detailed and intermediate work
activity ids, task-statement patterns, and technology-skill commodity codes and names. Nothing here
is written per occupation; :mod:`jobrisk.reports.tools.matching` applies the rules.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from jobrisk.errors import DataError
from jobrisk.packaged_toml import read_packaged_toml

_REQUIRED = (
    "id",
    "name",
    "description",
    "automates",
    "example_products",
    "dwa_ids",
    "iwa_ids",
    "task_patterns",
    "technology_commodity_codes",
    "technology_keywords",
)
_DWA_ID = re.compile(r"^4\.A\.\d\.[a-z]\.\d\.I\d\d\.D\d\d$")
_IWA_ID = re.compile(r"^4\.A\.\d\.[a-z]\.\d\.I\d\d$")


@dataclass(frozen=True, eq=False)
class ToolCategory:
    """One AI tool category and its mapping rules."""

    id: str
    name: str
    description: str
    automates: str
    example_products: tuple[str, ...]
    dwa_ids: frozenset[str]
    iwa_ids: frozenset[str]
    task_patterns: tuple[re.Pattern[str], ...]
    technology_commodity_codes: frozenset[str]
    technology_keywords: tuple[str, ...]
    weight_by_exposure: bool = True
    still_needs_person: str = ""  # machine categories: the work around them that still needs a person

    @functools.cached_property
    def dwa_iwa_ids(self) -> frozenset[str]:
        """The intermediate work activities (IWAs) above this category's own DWAs: a task O*NET files
        under one of them matches when its statement also has the category's words."""
        return frozenset(".".join(i.split(".")[:6]) for i in self.dwa_ids)

    @functools.cached_property
    def _keyword_pattern(self) -> re.Pattern[str] | None:
        short = [re.escape(k) for k in self.technology_keywords if len(k) < 4]
        long = [re.escape(k) for k in self.technology_keywords if len(k) >= 4]
        parts = ([rf"^(?:{'|'.join(short)})(?:\s|$)"] if short else []) + (
            [rf"(?<!\w)(?:{'|'.join(long)})(?!\w)"] if long else []
        )
        return re.compile("|".join(parts), re.IGNORECASE) if parts else None

    @functools.cached_property
    def _task_pattern(self) -> re.Pattern[str] | None:
        if not self.task_patterns:
            return None
        return re.compile("|".join(f"(?:{p.pattern})" for p in self.task_patterns), re.IGNORECASE)

    def words_in_task(self, task: str) -> str | None:
        """The words of a task statement that match one of this category's task patterns, or None."""
        pattern = self._task_pattern
        found = pattern.search(task) if pattern is not None else None
        if found is None:
            return None
        start, end = found.start(), found.end()
        while start > 0 and task[start - 1].isalnum():  # widen stems ('transcri') to whole words
            start -= 1
        while end < len(task) and task[end].isalnum():
            end += 1
        return task[start:end].strip()

    def names_software(self, example: str) -> bool:
        """True when a software name is one of this category's keywords: whole words, and for
        keywords under 4 characters (R, C#, SAS) only the name itself or its first word."""
        pattern = self._keyword_pattern
        return pattern is not None and pattern.search(example) is not None


@dataclass(frozen=True)
class ToolCatalog:
    """All tool categories of one catalog version."""

    version: str
    catalog_date: str
    categories: tuple[ToolCategory, ...]

    def by_id(self, category_id: str) -> ToolCategory:
        for category in self.categories:
            if category.id == category_id:
                return category
        known = ", ".join(c.id for c in self.categories)
        raise KeyError(f"No tool category {category_id!r}; known categories: {known}")


def _category(raw: dict, where: str) -> ToolCategory:
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise DataError(
            f"{where}: tool category {raw.get('id', '?')!r} lacks field(s) "
            f"{', '.join(missing)}; found: {', '.join(sorted(raw))}"
        )
    bad = [d for d in raw["dwa_ids"] if not _DWA_ID.match(d)] + [i for i in raw["iwa_ids"] if not _IWA_ID.match(i)]
    if bad:
        raise DataError(f"{where}: tool category {raw['id']!r} has malformed O*NET ids: {', '.join(bad)}")
    try:
        patterns = tuple(re.compile(p, re.IGNORECASE) for p in raw["task_patterns"])
    except re.error as exc:
        raise DataError(f"{where}: tool category {raw['id']!r} has a bad task pattern: {exc}") from exc
    if not raw.get("weight_by_exposure", True) and not raw.get("still_needs_person"):
        raise DataError(
            f"{where}: machine tool category {raw['id']!r} must say what still needs a person (still_needs_person)"
        )
    if not raw["example_products"]:
        raise DataError(f"{where}: tool category {raw['id']!r} lists no example products")
    return ToolCategory(
        id=raw["id"],
        name=raw["name"],
        description=raw["description"],
        automates=raw["automates"],
        example_products=tuple(raw["example_products"]),
        dwa_ids=frozenset(raw["dwa_ids"]),
        iwa_ids=frozenset(raw["iwa_ids"]),
        task_patterns=patterns,
        technology_commodity_codes=frozenset(raw["technology_commodity_codes"]),
        technology_keywords=tuple(raw["technology_keywords"]),
        weight_by_exposure=bool(raw.get("weight_by_exposure", True)),
        still_needs_person=str(raw.get("still_needs_person", "")),
    )


def load_tool_catalog(path: str | Path | None = None) -> ToolCatalog:
    """Load and validate the tool catalog (the packaged one unless ``path`` is given)."""
    raw, where = read_packaged_toml(
        "jobrisk.reports.tools", "tool_categories.toml", path, ("version", "catalog_date", "category")
    )
    categories = tuple(_category(c, where) for c in raw["category"])
    ids = [c.id for c in categories]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise DataError(f"{where}: duplicate tool category ids: {', '.join(dupes)}")
    return ToolCatalog(version=str(raw["version"]), catalog_date=str(raw["catalog_date"]), categories=categories)
