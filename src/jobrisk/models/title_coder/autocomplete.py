"""Autocomplete for the job-title box: prefix matches first, then spelling-tolerant matches.

:class:`Autocompleter` keeps every O*NET title (and curated alias) sorted by its lower-case
ASCII form. A keystroke is answered by (1) titles starting with the typed text, (2) titles
whose cleaned form starts with the cleaned typed text ("sr ml eng" -> "machine learning
engineer"), (3) titles whose words start with the typed words, then (4) character n-gram
neighbours from the title index (typos). Each step is a bisection or one sparse lookup, so
a keystroke costs well under 10 ms (``benchmarks/bench_titles.py`` prints p50/p95).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass

from jobrisk.models.title_coder.aliases import TitleKnowledge
from jobrisk.models.title_coder.index import KIND_WEIGHT, TitleIndex
from jobrisk.models.title_coder.normalize import fold_ascii

_SCAN = 400  # prefix matches looked at before ranking
_UPPER = {
    "ai",
    "ml",
    "ux",
    "ui",
    "it",
    "hr",
    "qa",
    "seo",
    "cdl",
    "soc",
    "hvac",
    "cnc",
    "sdet",
    "pr",
    "ma",
    "pa",
    "pm",
    "rn",
    "ios",
    "fp",
    "bi",
    "er",
    "icu",
    "mlops",
}
_SPECIAL = {"ios": "iOS", "mlops": "MLOps", "youtuber": "YouTuber", "devops": "DevOps", "and": "and", "of": "of"}


def _display(typed: str) -> str:
    """'ml ops engineer' -> 'ML Ops Engineer' (alias keys are stored lower case)."""
    return " ".join(_SPECIAL.get(w) or (w.upper() if w in _UPPER else w.capitalize()) for w in typed.split())


@dataclass(frozen=True)
class Suggestion:
    label: str  # the title to show and to put in the box
    onet_soc_code: str
    occupation_title: str


class Autocompleter:
    """Prefix and fuzzy title suggestions over a :class:`TitleIndex`."""

    def __init__(
        self,
        index: TitleIndex,
        occupations: Mapping[str, str],
        knowledge: TitleKnowledge,
        labels: list[tuple[str, float, str, str]],
    ):
        self.index = index
        self.occupations = occupations
        self.knowledge = knowledge
        self._labels = sorted(labels)  # (folded label, -weight, label, code)
        self._folded = [x[0] for x in self._labels]
        words: list[tuple[str, int]] = []
        for i, (folded, *_rest) in enumerate(self._labels):
            for w in set(folded.split()[1:]):
                words.append((w, i))
        words.sort()
        self._word_keys = [w for w, _ in words]
        self._word_rows = [i for _, i in words]
        self._key_sorted = index.keys  # already sorted

    @classmethod
    def from_index(cls, index: TitleIndex, occupations: Mapping[str, str], knowledge: TitleKnowledge) -> Autocompleter:
        seen: dict[tuple[str, str], tuple[str, float, str, str]] = {}
        for e in index.entries:
            folded = fold_ascii(e.title).strip()
            weight = e.weight + (10.0 if e.kind == "occupation" else 0.0)
            old = seen.get((folded, e.onet_soc_code))
            if old is None or -old[1] < weight:
                seen[(folded, e.onet_soc_code)] = (folded, -weight, e.title, e.onet_soc_code)
        for typed, codes in knowledge.aliases.items():
            if codes[0] in occupations and len(typed) > 3:
                label = _display(typed)
                seen[(typed, codes[0])] = (typed, -KIND_WEIGHT["alias"] - 5.0, label, codes[0])
        return cls(index, occupations, knowledge, list(seen.values()))

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        typed = fold_ascii(prefix or "").strip()
        if not typed or limit <= 0:
            return []
        picked: dict[str, Suggestion] = {}
        self._add(picked, self._prefix_rows(self._folded, typed), limit)
        cleaned = None
        if len(picked) < limit:
            c = self.knowledge.clean(prefix)
            cleaned = None if c.problem else c.cleaned
            if cleaned and cleaned != typed:
                self._add_keys(picked, cleaned, limit)
        if len(picked) < limit and " " not in typed:
            rows = self._prefix_rows(self._word_keys, typed)
            self._add(picked, sorted({self._word_rows[r] for r in rows}), limit)
        if len(picked) < limit and cleaned and len(typed) >= 4:
            for key_id in self.index.near_spellings(cleaned, limit * 2):
                for e in self.index.entries_for_key(key_id):
                    self._put(picked, self.index.entries[e].title, self.index.entries[e].onet_soc_code)
                if len(picked) >= limit:
                    break
        return list(picked.values())[:limit]

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _prefix_rows(sorted_texts: list[str], typed: str) -> list[int]:
        lo = bisect.bisect_left(sorted_texts, typed)
        hi = bisect.bisect_left(sorted_texts, typed + "\uffff", lo, min(len(sorted_texts), lo + _SCAN))
        return list(range(lo, hi))

    def _add(self, picked: dict[str, Suggestion], rows: list[int], limit: int) -> None:
        ranked = sorted(rows, key=lambda r: (self._labels[r][1], len(self._labels[r][0])))
        for r in ranked:
            _folded, _w, label, code = self._labels[r]
            self._put(picked, label, code)
            if len(picked) >= limit:
                return

    def _add_keys(self, picked: dict[str, Suggestion], cleaned: str, limit: int) -> None:
        rows = self._prefix_rows(self._key_sorted, cleaned)
        entries = [e for r in rows for e in self.index.entries_for_key(r)]
        entries.sort(key=lambda e: -self.index.entries[e].weight)
        for e in entries:
            self._put(picked, self.index.entries[e].title, self.index.entries[e].onet_soc_code)
            if len(picked) >= limit:
                return

    def _put(self, picked: dict[str, Suggestion], label: str, code: str) -> None:
        key = label.lower()
        if key not in picked and code in self.occupations:
            picked[key] = Suggestion(label, code, self.occupations[code])
