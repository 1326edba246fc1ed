"""Word forms: a word the model's vocabulary lacks, read as a form of a word it knows.

The task model's word vocabulary is the words of the labelled O*NET task statements. People
write other forms of the same words: "rotates" where O*NET says "rotate", "dashboard" where it
says "dashboards", "boosted" for "boost", "retrain" for "train", "hyperparameters" for
"parameters". Each such word is a word the vocabulary lacks, so it adds nothing to the word
similarity with O*NET tasks and work activities, and the search for similar work then rests on
the few words the vocabulary does know (for "Tune hyperparameters of gradient boosted models":
"tune" and "models", the words of engine and instrument tuning).

``WordForms(vocabulary).rewrite(text)`` replaces each such word by the known word it is a form
of, with a :class:`FormNote` for each, so the explanation can say what was done:

- an inflection: a regular plural, past or -ing form of a known word, or the known word's
  plural, past or -ing form ("rotates" -> "rotate", "dashboard" -> "dashboards", "tagged" ->
  "tag");
- a prefixed word: a common prefix ("hyper", "micro", "re", "de", "un", ...) in front of a known
  word of at least four letters, or of an inflection of one ("hyperparameters" -> "parameters",
  "retrain" -> "train", "deduplicate" -> "duplicate").

Left alone: words the vocabulary knows, words under four letters, acronyms and product-style
spellings (all capitals, a capital inside the word, digits: "RAG", "PowerShell", "S3"), and the
words the caller says are already explained (names O*NET's vocabulary recognised).

The rewritten text is what the free-text path looks up the nearest labelled tasks and work
activities by (:mod:`.neighbours`); the text models read the person's own words. Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

#: The word tokens of the model's word TF-IDF (scikit-learn's default token pattern).
_TOKEN = re.compile(r"\b\w\w+\b")
_MIN_LENGTH = 4
_MIN_STEM = 4
_PREFIXES = (
    "hyper",
    "micro",
    "multi",
    "cyber",
    "auto",
    "over",
    "under",
    "cross",
    "inter",
    "post",
    "sub",
    "pre",
    "non",
    "mis",
    "re",
    "de",
    "un",
    "co",
)


@dataclass(frozen=True)
class FormNote:
    """``word`` as the person wrote it was looked up as ``read_as``, a word of O*NET task statements."""

    word: str
    read_as: str


def _product_style(word: str) -> bool:
    return word.isupper() or any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


class WordForms:
    """Forms of the words of ``vocabulary`` (lower-case unigrams); see the module docstring."""

    def __init__(self, vocabulary: AbstractSet[str]):
        self.vocabulary = vocabulary

    def _inflection(self, word: str) -> str | None:
        candidates = []
        if word.endswith("ies"):
            candidates.append(word[:-3] + "y")
        if word.endswith("es"):
            candidates.append(word[:-2])
        if word.endswith("s") and not word.endswith("ss"):
            candidates.append(word[:-1])
        if word.endswith("ed"):
            candidates += [word[:-2], word[:-1]]
            if len(word) > 4 and word[-3] == word[-4]:  # "tagged" -> "tag"
                candidates.append(word[:-3])
        if word.endswith("ing"):
            candidates += [word[:-3], word[:-3] + "e"]
            if len(word) > 5 and word[-4] == word[-5]:  # "mapping" -> "map"
                candidates.append(word[:-4])
        candidates += [word + "s", word + "es", word + "d", word + "ed", word + "ing"]
        return next((c for c in candidates if len(c) >= 3 and c in self.vocabulary), None)

    def form(self, word: str) -> str | None:
        """The known word ``word`` is a form of, or None (also for a word the vocabulary knows)."""
        if len(word) < _MIN_LENGTH or _product_style(word):
            return None
        lower = word.lower()
        if lower in self.vocabulary:
            return None
        found = self._inflection(lower)
        if found:
            return found
        for prefix in _PREFIXES:
            rest = lower[len(prefix) :]
            if lower.startswith(prefix) and len(rest) >= _MIN_STEM:
                found = rest if rest in self.vocabulary else self._inflection(rest)
                if found:
                    return found
        return None

    def rewrite(self, text: str, explained: AbstractSet[str] = frozenset()) -> tuple[str, tuple[FormNote, ...]]:
        """``text`` with each form replaced by its known word, and a note per word replaced;
        words in ``explained`` (lower case) are left as written."""
        notes: dict[str, FormNote] = {}

        def replace(match: re.Match) -> str:
            word = match.group(0)
            found = None if word.lower() in explained else self.form(word)
            if found is None:
                return word
            notes.setdefault(word.lower(), FormNote(word, found))
            return found

        rewritten = _TOKEN.sub(replace, text)
        return rewritten, tuple(notes.values())
