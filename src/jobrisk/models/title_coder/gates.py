"""Literal gates for the title-cleaning patterns: a regular expression is not run on a text that
lacks every string its matches must contain.

:func:`required_strings` reads a pattern's syntax tree and finds a set of strings such that
every match contains at least one of them ('(full|part)[- ]?time' -> {'time'}; '\\$\\s*\\d' ->
{'$'}). A pattern (or one alternative of a long alternation) whose strings are all absent from
a text cannot match anywhere in it, so leaving it out changes nothing: :class:`GatedAlternation`
gives exactly the results of the full pattern, only faster (Python's ``re`` tries every
alternative at every position of the text). Short patterns are not worth gating: the check
costs about as much as running them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextvars import ContextVar

try:  # the parser behind re.compile (Python 3.11+); without it nothing is gated
    from re import _constants as _c, _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older or other Pythons
    _c = _p = None

_MAX_CHARS = 12  # a character class of more characters than this requires nothing useful
_DIGITS = frozenset("0123456789")
_GRAM = 4  # required strings are looked up by their first four characters (fewer false alarms than 3)
_GRAMS_OF = re.compile(f"(?=(.{{{_GRAM}}}))", re.DOTALL).findall  # every slice of _GRAM characters
_ASCII_TEXT: ContextVar[bool] = ContextVar("ascii_text", default=False)


def required_strings(pattern: str, ascii_text: bool = False) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one; ``None`` when no such
    set is found (the pattern must then always be run). ``\\d`` requires a digit only with
    ``ascii_text`` (the texts are ASCII: in a str pattern it also matches other scripts' digits)."""
    if _p is None:
        return None
    try:
        tree = _p.parse(pattern)
    except Exception:  # noqa: BLE001 - an unparsable pattern is simply never gated
        return None
    if tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    token = _ASCII_TEXT.set(ascii_text)
    try:
        return _sequence(list(tree))
    finally:
        _ASCII_TEXT.reset(token)


def _sequence(items: list) -> frozenset[str] | None:
    """The best requirement of a sequence: any one item's requirement holds for the whole. Runs
    of items that match one of a few exact strings ('h', '(r|our)') are joined ({'hr', 'hour'})."""
    options: list[frozenset[str]] = []
    run: set[str] = {""}
    for op, arg in items:
        exact = _exact(op, arg)
        if exact is not None and len(run) * len(exact) <= _MAX_CHARS:
            run = {a + b for a in run for b in exact}
            if "" not in run:
                options.append(frozenset(run))
            continue
        found = _item(op, arg)
        if found:
            options.append(found)
        run = set(exact) if exact is not None and len(exact) <= _MAX_CHARS else {""}
        if "" not in run:
            options.append(frozenset(run))
    if not options:
        return None
    return max(options, key=lambda s: (min(map(len, s)), -len(s)))


def _exact(op, arg) -> set[str] | None:
    """The strings an item matches when they are a few fixed ones ('a', '(hr|hour)', 's?')."""
    if op is _c.LITERAL:
        return {chr(arg)}
    if op is _c.IN:
        chars = _char_class(arg)
        return None if chars is None else set(chars)
    if op is _c.SUBPATTERN:
        _, add_flags, _, sub = arg
        return None if add_flags & re.IGNORECASE else _exact_sequence(list(sub))
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in arg[1]:
            found = _exact_sequence(list(branch))
            if found is None:
                return None
            out |= found
        return out if len(out) <= _MAX_CHARS else None
    if op is _c.MAX_REPEAT and arg[0] == 0 and arg[1] == 1:
        found = _exact_sequence(list(arg[2]))
        return None if found is None else found | {""}
    return None


def _exact_sequence(items: list) -> set[str] | None:
    out = {""}
    for op, arg in items:
        exact = _exact(op, arg)
        if exact is None or len(out) * len(exact) > _MAX_CHARS:
            return None
        out = {a + b for a in out for b in exact}
    return out


def _item(op, arg) -> frozenset[str] | None:
    if op is _c.SUBPATTERN:
        _, add_flags, _, sub = arg
        return None if add_flags & re.IGNORECASE else _sequence(list(sub))
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in arg[1]:
            found = _sequence(list(branch))
            if not found:
                return None
            out |= found
        return frozenset(out)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
        low, _, sub = arg
        return _sequence(list(sub)) if low >= 1 else None
    if op is _c.IN:
        return _char_class(arg)
    return None  # anchors, look-arounds, any character, back references: nothing required


def _char_class(members: list) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, arg in members:
        if op is _c.LITERAL:
            chars.add(chr(arg))
        elif op is _c.RANGE and arg[1] - arg[0] < _MAX_CHARS:
            chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
        elif op is _c.CATEGORY and arg is _c.CATEGORY_DIGIT and _ASCII_TEXT.get():
            chars |= _DIGITS
        else:  # a negated class, spaces, word characters: nothing required
            return None
    return frozenset(chars) if 0 < len(chars) <= _MAX_CHARS else None


class _Gate:
    """Which of several requirements a text may meet, as a bit mask, in a few microseconds: each
    required string of :data:`_GRAM` or more characters is looked up by its first :data:`_GRAM`
    characters among the text's slices of that length (present only if that slice is), shorter
    ones are searched for directly. A bit set may be a false alarm, never a miss."""

    def __init__(self, requirements: Sequence[frozenset[str] | None]):
        self.always = 0
        self.grams: dict[str, int] = {}
        shorts: dict[str, int] = {}
        for bit, required in enumerate(requirements):
            if required is None:
                self.always |= 1 << bit
                continue
            for text in required:
                if len(text) >= _GRAM:
                    self.grams[text[:_GRAM]] = self.grams.get(text[:_GRAM], 0) | 1 << bit
                else:
                    shorts[text] = shorts.get(text, 0) | 1 << bit
        self.shorts = tuple(shorts.items())

    def mask(self, text: str) -> int:
        found = self.always
        grams = self.grams
        if grams:
            for gram in grams.keys() & set(_GRAMS_OF(text)):
                found |= grams[gram]
        for short, bits in self.shorts:
            if short in text:
                found |= bits
        return found


class GatedAlternation:
    """``re.compile('|'.join(f'(?:{p})' for p in parts))``, run on each text with only the
    alternatives that can match somewhere in it (in their order; compiled once per set).
    Only ``group(0)`` of a match means the same as in the full pattern."""

    def __init__(self, parts: Sequence[str], ascii_text: bool = False, cache_limit: int = 2_048):
        self.parts = tuple(parts)
        self.full = re.compile("|".join(f"(?:{p})" for p in self.parts))
        self._gate = _Gate([required_strings(p, ascii_text) for p in self.parts])
        self._compiled: dict[int, re.Pattern[str] | None] = {(1 << len(self.parts)) - 1: self.full, 0: None}
        self._cache_limit = cache_limit

    def for_text(self, text: str) -> re.Pattern[str] | None:
        """The pattern of the alternatives that may match ``text`` (``None``: none can)."""
        live = self._gate.mask(text)
        if live in self._compiled:
            return self._compiled[live]
        if len(self._compiled) >= self._cache_limit:
            self._compiled = {k: v for k, v in self._compiled.items() if v is None or v is self.full}
        parts = [p for i, p in enumerate(self.parts) if live >> i & 1]
        pattern = self._compiled[live] = re.compile("|".join(f"(?:{p})" for p in parts))
        return pattern

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        pattern = self.for_text(text)
        return text if pattern is None else pattern.sub(repl, text)
