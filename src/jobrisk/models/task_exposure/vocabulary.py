"""O*NET's own vocabulary for the jargon in people's task descriptions.

People name their tools ("Kubernetes", "NetSuite", "Epic", "an RF scanner"); O*NET task
statements rarely do. O*NET's Technology Skills and Tools Used files list tens of thousands of
such product and tool names, each with a plain commodity title ("Kubernetes" -> "Application
server software", "Intuit QuickBooks" -> "Accounting software"). ``JargonVocabulary`` learns
those names from the catalog and translates a free-text task: the commodity titles of the names
it recognises are appended to the text the model reads, and each recognised name is reported as
a :class:`TermNote` so the explanation can say in plain words what was done.

A name is recognised by its full O*NET spelling (case-insensitive, also without a vendor word
such as "Microsoft"), or by one distinctive word of it. A word is *common* when it occurs in
O*NET task or work-activity statements or in a general English word list (the encoder's
whole-word vocabulary). A full-name match needs one uncommon word, or a capitalised word that
does not start the text ("in Excel", "in Epic"); a single word of a longer name must be
uncommon ("Kubernetes", "NetSuite"), point mostly (>= 60%) to one commodity title and not be
the task's first word (its verb). So "plain language", "Chase overdue invoices" or "Japanese
customers" are left alone.

Pure Python; built from rows the catalog returns, saved with the model as data
(:mod:`jobrisk.models.data_only`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from jobrisk.models.fitted_sklearn import ENGLISH_STOP_WORDS

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-]*[A-Za-z0-9+#]|[A-Za-z]")
_MAX_NAME_WORDS = 5
_MIN_SHARE = 0.6
_GENERIC = frozenset(
    """software systems system microsoft google apple amazon oracle ibm sap adobe web online
    cloud data management enterprise professional suite studio tools tool platform app apps application
    applications program programs server services service pro plus the and for of""".split()
)


@dataclass(frozen=True)
class TermNote:
    """A word or name in a task that O*NET's vocabulary explains: ``term`` as the person wrote it,
    ``meaning`` (O*NET commodity title), ``source`` ('technology' or 'tool')."""

    term: str
    meaning: str
    source: str


@dataclass(frozen=True)
class Translation:
    text: str  # what the model reads: the task, then the meanings of recognised names
    notes: tuple[TermNote, ...]


def _words(text: str) -> list[str]:
    return [w.lower().strip(".-") for w in _TOKEN.findall(text)]


class JargonVocabulary:
    """Product and tool names -> commodity titles, learnt from O*NET (see the module docstring)."""

    def __init__(
        self, names: dict[tuple[str, ...], tuple[str, str]], words: dict[str, tuple[str, str]], common: frozenset[str]
    ):
        self.names = names  # word tuple of a full name -> (commodity title, source)
        self.words = words  # uncommon single word -> (commodity title, source)
        self.common = common  # ordinary words (O*NET statements, English word list, stop words)

    @classmethod
    def from_terms(
        cls, terms: Iterable[tuple[str, str, str]], ordinary_texts: Iterable[str], english_words: Iterable[str] = ()
    ) -> JargonVocabulary:
        """``terms``: (source 'technology'|'tool', example name, commodity title) rows;
        ``ordinary_texts``: O*NET statements whose words count as common; ``english_words``:
        further common words (lower case)."""
        ordinary = set(english_words) | set(ENGLISH_STOP_WORDS)
        for text in ordinary_texts:
            ordinary.update(_words(text))
        name_titles: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        word_titles: dict[str, Counter] = defaultdict(Counter)
        for source, example, title in terms:
            if not example or not title:
                continue
            words = tuple(_words(example))
            if not words or len(words) > _MAX_NAME_WORDS:
                continue
            name_titles[words][(title, source)] += 1
            short = tuple(w for w in words if w not in _GENERIC)
            if short and short != words:
                name_titles[short][(title, source)] += 1
            for word in set(words):
                if len(word) >= 3 and word not in ordinary and word not in _GENERIC and not word.isdigit():
                    word_titles[word][(title, source)] += 1
        names = {
            words: counts.most_common(1)[0][0]
            for words, counts in name_titles.items()
            if not (len(words) == 1 and (words[0] in _GENERIC or len(words[0]) < 2))
        }
        single = {}
        for word, counts in word_titles.items():
            (best, n), total = counts.most_common(1)[0], sum(counts.values())
            if n / total >= _MIN_SHARE:
                single[word] = best
        return cls(names, single, frozenset(ordinary))

    def __len__(self) -> int:
        return len(self.names) + len(self.words)

    def translate(self, text: str) -> Translation:
        """The text with the meanings of recognised names appended, and a note per name."""
        spans = [(m.group(0), m.group(0).lower().strip(".-")) for m in _TOKEN.finditer(text)]
        uncommon = [w not in self.common for _, w in spans]
        marked = [j > 0 and s[:1].isupper() for j, (s, _) in enumerate(spans)]
        notes: list[TermNote] = []
        i = 0
        while i < len(spans):
            found = None
            for n in range(min(_MAX_NAME_WORDS, len(spans) - i), 0, -1):
                key = tuple(w for _, w in spans[i : i + n])
                hit = None
                if key in self.names and (any(uncommon[i : i + n]) or any(marked[i : i + n])):
                    hit = self.names[key]
                elif n == 1 and uncommon[i] and i > 0:  # a task's first word is its verb ("Chase", "Migrate")
                    hit = self.words.get(key[0])
                if hit:
                    found = (n, " ".join(s for s, _ in spans[i : i + n]), hit)
                    break
            if found is None:
                i += 1
                continue
            n, term, (title, source) = found
            if all(note.term.lower() != term.lower() for note in notes):
                notes.append(TermNote(term, title, source))  # every name is noted, each meaning read once
            i += n
        if not notes:
            return Translation(text, ())
        meanings = "; ".join(dict.fromkeys(note.meaning.lower() for note in notes))
        return Translation(f"{text} (using {meanings})", tuple(notes))
