"""Input hygiene for task texts: cleaning, and flags for text the model cannot judge well.

``clean_task_text`` normalises whitespace and Unicode and cuts very long text;
``input_flags`` names what is wrong with a text ('empty', 'too_long', 'non_english',
'gibberish'); ``quality_factor`` turns those flags into a multiplier on confidence.
``text_key`` is the normal form used to recognise an O*NET task statement typed by a user.

Pure functions; no model or catalog imports.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Set as AbstractSet
from functools import lru_cache

from jobrisk.models.fitted_sklearn import ENGLISH_STOP_WORDS

MAX_TASK_CHARS = 1000

FLAG_EMPTY = "empty"
FLAG_TOO_LONG = "too_long"
FLAG_NON_ENGLISH = "non_english"
FLAG_GIBBERISH = "gibberish"
FLAG_LOW_COVERAGE = "unfamiliar_words"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
_REPEAT = re.compile(r"(.)\1\1")
_VOWELS = set("aeiouy")
#: Frequent function words of Spanish, French, German, Portuguese and Italian that are not English words.
_FOREIGN_FUNCTION_WORDS = frozenset(
    [
        "de",
        "la",
        "el",
        "los",
        "las",
        "del",
        "para",
        "por",
        "con",
        "una",
        "y",
        "que",
        "en",
        "se",
        "su",
        "sus",
        "al",
        "lo",
        "como",
        "mas",
        "pero",
        "le",
        "les",
        "des",
        "du",
        "et",
        "pour",
        "dans",
        "avec",
        "sur",
        "au",
        "aux",
        "est",
        "une",
        "qui",
        "ne",
        "pas",
        "ou",
        "der",
        "die",
        "das",
        "und",
        "den",
        "dem",
        "ein",
        "eine",
        "mit",
        "von",
        "zu",
        "im",
        "ist",
        "nicht",
        "auf",
        "fur",
        "oder",
        "da",
        "do",
        "dos",
        "das",
        "em",
        "com",
        "uma",
        "os",
        "nao",
        "ao",
        "il",
        "di",
        "che",
        "per",
        "gli",
        "della",
        "delle",
        "nel",
        "con",
        "un",
        "una",
        "sono",
    ]
)
_ENGLISH_FUNCTION_WORDS = frozenset(ENGLISH_STOP_WORDS) - _FOREIGN_FUNCTION_WORDS

#: Confidence multiplier per flag (several flags multiply).
_FLAG_FACTORS = {
    FLAG_EMPTY: 0.0,
    FLAG_GIBBERISH: 0.15,
    FLAG_NON_ENGLISH: 0.25,
    FLAG_TOO_LONG: 0.6,
    FLAG_LOW_COVERAGE: 0.5,  # 40%+ of the words never seen in a labelled task: the model is guessing
}


def clean_task_text(text: object) -> tuple[str, bool]:
    """(cleaned text, was_cut): NFKC, control characters removed, whitespace collapsed, cut at MAX_TASK_CHARS."""
    if text is None or (isinstance(text, float) and math.isnan(text)):  # None or NaN
        return "", False
    value = unicodedata.normalize("NFKC", str(text))
    value = _SPACE.sub(" ", _CONTROL.sub(" ", value)).strip()
    if len(value) > MAX_TASK_CHARS:
        return value[:MAX_TASK_CHARS].rsplit(" ", 1)[0], True
    return value, False


def text_key(text: str) -> str:
    """Normal form for recognising the same task statement: lower case, single spaces, no final period."""
    return _SPACE.sub(" ", str(text).lower()).strip().rstrip(".").strip()


@lru_cache(maxsize=200_000)
def _wordlike(token: str) -> bool:
    return (
        any(c in _VOWELS for c in token)
        and not _CONSONANT_RUN.search(token)
        and not _REPEAT.search(token)
        and len(token) <= 25
    )


def input_flags(cleaned: str, was_cut: bool, vocabulary: AbstractSet[str]) -> tuple[str, ...]:
    """Flags for a cleaned text, judged against the model's known words ``vocabulary`` (lower case)."""
    flags: list[str] = []
    if was_cut:
        flags.append(FLAG_TOO_LONG)
    words = _WORD.findall(cleaned)
    if not words:
        flags.append(FLAG_EMPTY if not any(ch.isalnum() for ch in cleaned) else FLAG_GIBBERISH)
        return tuple(flags)
    letters = "".join(words)
    if sum(1 for ch in letters if ord(ch) > 127) / len(letters) > 0.3:
        flags.append(FLAG_NON_ENGLISH)
        return tuple(flags)
    english = foreign = known = wordlike = 0.0  # counts, then shares of the words
    for word in words:
        w = word.lower()
        english += w in _ENGLISH_FUNCTION_WORDS
        foreign += w in _FOREIGN_FUNCTION_WORDS
        known += w in vocabulary or w in ENGLISH_STOP_WORDS
        wordlike += _wordlike(w)
    n = len(words)
    english, foreign, known, wordlike = english / n, foreign / n, known / n, wordlike / n
    if foreign >= 0.15 and english < 0.1:
        flags.append(FLAG_NON_ENGLISH)
    elif wordlike < 0.6:
        flags.append(FLAG_GIBBERISH)
    elif known < 0.25:
        flags.append(FLAG_NON_ENGLISH if foreign > 0 and n >= 3 else FLAG_GIBBERISH)
    elif known < 0.6:
        flags.append(FLAG_LOW_COVERAGE)
    return tuple(flags)


def unknown_words(cleaned: str, vocabulary: AbstractSet[str]) -> tuple[str, ...]:
    """The words of ``cleaned`` (as written, first occurrence) the model never saw in a labelled
    task, stop words aside."""
    seen: dict[str, str] = {}
    for word in _WORD.findall(cleaned):
        w = word.lower()
        if w not in vocabulary and w not in ENGLISH_STOP_WORDS and w not in seen:
            seen[w] = word
    return tuple(seen.values())


def shared_words(text: str, other: str) -> tuple[str, ...]:
    """The words of ``text`` (lower case, in order, stop words aside) that ``other`` also has, a
    final 's' aside ("models" matches "model")."""

    def stem(word: str) -> str:
        return word[:-1] if len(word) > 3 and word.endswith("s") else word

    theirs = {stem(w.lower()) for w in _WORD.findall(other)}
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        w = word.lower()
        if w not in ENGLISH_STOP_WORDS and stem(w) in theirs:
            seen.setdefault(w)
    return tuple(seen)


def quality_factor(flags: tuple[str, ...]) -> float:
    """Multiplier in [0, 1] applied to the model's confidence for these flags."""
    factor = 1.0
    for flag in flags:
        factor *= _FLAG_FACTORS.get(flag, 1.0)
    return factor


def shrink_factor(flags: tuple[str, ...]) -> float:
    """Weight in [0, 1] kept on the model's probabilities (the rest goes to the training prior).

    Text the model cannot read (empty, gibberish, non-English, cut) is pulled toward the prior.
    Words missing from the training vocabulary only lower confidence: the character n-grams,
    the encoder (whose sub-word vocabulary is far wider) and the nearest labelled tasks still
    judge such text, and pulling it toward the prior made e.g. data-science jargon look unexposed.
    """
    return quality_factor(tuple(f for f in flags if f != FLAG_LOW_COVERAGE))
