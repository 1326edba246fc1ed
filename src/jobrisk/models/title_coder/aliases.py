"""The curated title knowledge shipped with jobrisk: abbreviations and title aliases.

``aliases.toml`` (next to this module) holds two tables, written and tested by hand:

- ``[abbreviations]``: a typed word -> its expansion ("rn" -> "registered nurse"), applied
  word by word to index titles and typed titles alike;
- ``[aliases]``: a title as people type it -> O*NET-SOC codes, best first
  ("machine learning engineer" -> 15-2051.00, 15-1221.00, ...).

``workplace_aliases.toml`` (also next to this module) adds an ``[aliases]`` table of workplace
titles (gig work, shop floors, restaurants, schools, clinics, UK/CA/AU terms, modern tech,
executives) written from general knowledge without the development sets; see its header.

:func:`load_title_knowledge` reads and checks the file; :class:`TitleKnowledge.alias_table`
cleans the alias keys with the same rules as typed titles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jobrisk.errors import DataError
from jobrisk.packaged_toml import read_packaged_toml

if TYPE_CHECKING:
    from jobrisk.models.title_coder.normalize import CleaningRules, CleanTitle
    from jobrisk.models.title_coder.structure import TitleStructure

_CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
WORKPLACE_FILE = "workplace_aliases.toml"


@dataclass(frozen=True)
class TitleKnowledge:
    """Abbreviations and aliases, as written in the curated file."""

    abbreviations: Mapping[str, str]
    aliases: Mapping[str, tuple[str, ...]]
    source: str
    #: structure word lists (``structure.toml``): functions, context words, employers, platforms
    structure: TitleStructure | None = field(default=None, compare=False)
    #: the typed titles that come from ``workplace_aliases.toml`` (not in ``aliases.toml``)
    workplace: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def rules(self) -> CleaningRules | None:
        return self.structure.rules if self.structure is not None else None

    def clean(self, title: object) -> CleanTitle:
        """:func:`.normalize.clean_title` with these abbreviations and structure rules."""
        from jobrisk.models.title_coder.normalize import clean_title

        return clean_title(title, self.abbreviations, self.rules)

    def alias_table(self) -> dict[str, tuple[str, ...]]:
        """Aliases keyed by their cleaned form (the form typed titles are looked up with)."""
        from jobrisk.models.title_coder.normalize import clean_title, singularize_text

        table: dict[str, tuple[str, ...]] = {}
        for typed, codes in self.aliases.items():
            cleaned = clean_title(typed, self.abbreviations, self.rules)
            if cleaned.problem:
                raise DataError(f"{self.source}: alias {typed!r} cannot be cleaned: {cleaned.problem}")
            key = singularize_text(cleaned.cleaned)
            table.setdefault(key, codes)
        return table

    def codes(self) -> set[str]:
        return {c for codes in self.aliases.values() for c in codes}


def load_title_knowledge(
    path: str | Path | None = None,
    structure_path: str | Path | None = None,
    workplace_path: str | Path | None = None,
    workplace: bool = True,
) -> TitleKnowledge:
    """Read the curated file (default: the one shipped in the package) and check its shape;
    the structure lists come from ``structure_path`` (default: the shipped ``structure.toml``)
    and the workplace aliases from ``workplace_path`` (default: the shipped
    ``workplace_aliases.toml``; none when ``workplace`` is False). A title in both alias files
    keeps the codes of ``aliases.toml``."""
    data, source = read_packaged_toml("jobrisk.models.title_coder", "aliases.toml", path, ("abbreviations", "aliases"))
    abbreviations = {str(k).lower(): str(v).lower() for k, v in data["abbreviations"].items()}
    aliases: dict[str, tuple[str, ...]] = {}
    _add_aliases(aliases, data["aliases"], source)
    added: frozenset[str] = frozenset()
    if workplace:
        extra, extra_source = read_packaged_toml(
            "jobrisk.models.title_coder", WORKPLACE_FILE, workplace_path, ("aliases",)
        )
        before = set(aliases)
        _add_aliases(aliases, extra["aliases"], extra_source)
        added = frozenset(set(aliases) - before)
        source = f"{source} + {extra_source}"
    from jobrisk.models.title_coder.structure import load_title_structure

    structure = load_title_structure(structure_path, abbreviations)
    return TitleKnowledge(abbreviations, aliases, source, structure, added)


def _add_aliases(aliases: dict[str, tuple[str, ...]], table: Mapping, source: str) -> None:
    """Check and add ``table`` (typed title -> codes); a title already present keeps its codes."""
    for typed, codes in table.items():
        if isinstance(codes, str):
            codes = [codes]
        bad = [c for c in codes if not _CODE_RE.match(str(c))]
        if not codes or bad:
            raise DataError(f"{source}: alias {typed!r} needs O*NET-SOC codes like '15-1252.00'; got {codes!r}")
        aliases.setdefault(str(typed).lower(), tuple(str(c) for c in codes))
