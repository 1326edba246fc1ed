"""Spelling fixes for typed titles: :class:`SpellFixer` corrects misspelt words against the
vocabulary of the title index ("acountant" -> "accountant")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel


@dataclass
class SpellFixer:
    """Corrects words missing from the index vocabulary to the most frequent close word.

    A word is left alone when it is a known English word of the O*NET texts (``protected``: task
    statements, curated lists), when it is short, or when no indexed word starting with the same
    letter is one edit away (two for long words; a swap of two letters is one edit), so brand
    and platform names ("dasher", "tasker") are not turned into other jobs.
    """

    vocabulary: Mapping[str, int]
    min_length: int = 5
    protected: frozenset[str] = frozenset()
    _known: dict[tuple[str, int], list[str]] = field(init=False, repr=False)
    _cache: dict[str, str] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        # candidate corrections by first letter and length: a word is only corrected to one
        # with its own first letter, at most two edits (so two letters) longer or shorter
        self._known = {}
        for w, n in self.vocabulary.items():
            if len(w) >= self.min_length - 1 and n >= 2:
                self._known.setdefault((w[0], len(w)), []).append(w)

    def _choices(self, word: str, max_edits: int) -> list[str]:
        return [
            w
            for size in range(len(word) - max_edits, len(word) + max_edits + 1)
            for w in self._known.get((word[0], size), ())
        ]

    def fix_word(self, word: str) -> str:
        if word in self.vocabulary or word in self.protected or len(word) < self.min_length or not word.isalpha():
            return word
        hit = self._cache.get(word)
        if hit is None:
            max_edits = 1 if len(word) < 8 else 2
            found = process.extract(
                word, self._choices(word, max_edits), scorer=OSA.distance, score_cutoff=max_edits, limit=8
            )
            if found:
                best = min(
                    found,
                    key=lambda f: (
                        f[1],
                        sorted(f[0]) != sorted(word),  # swapped letters first
                        Indel.distance(word, f[0]),
                        -self.vocabulary[f[0]],
                    ),
                )
                hit = best[0]
            else:
                hit = word
            self._cache[word] = hit
        return hit

    def fix(self, cleaned: str) -> tuple[str, list[tuple[str, str]]]:
        """The corrected text and the (typed, corrected) pairs."""
        words = cleaned.split()
        fixed = [self.fix_word(w) for w in words]
        return " ".join(fixed), [(a, b) for a, b in zip(words, fixed) if a != b]


def vocabulary_of(texts: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for text in texts:
        for w in text.split():
            counts[w] = counts.get(w, 0) + 1
    return counts
