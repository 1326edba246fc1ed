"""The role a title's head names, and the occupation that has that role for the title's trade.

A helper, apprentice, tester, assistant or aide is not the trade or product named in front of
it: "Carpenter Apprentice" is a helper of carpenters (Helpers--Carpenters), "Physical Therapist
Assistant" the assistant (not the therapist), "Video Game Tester" a tester (not the designer,
although O*NET files that title under the designers). :func:`role_reading` reads the role and
its modifiers from a cleaned title; :func:`role_choice` checks the coder's first candidate
against the O*NET occupation titles that name the role: when the first candidate's title lacks
the role and an occupation's title has the role and the trade in one part ("Physical Therapist
Assistants"), that occupation goes first; when the first candidate names the role but not the
trade ("Helpers--Electricians" for a carpenter apprentice), only a sibling of the same major
group naming both does ("Helpers--Carpenters"). For helpers, apprentices and testers a
runner-up of the same major group whose occupation title names the role goes first even
without the trade ("Drywall Helper" -> Helpers, Construction Trades, not the installers).

The occupation titles are read from the catalog; nothing here is keyed on any title set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jobrisk.models.title_coder.matches import Candidate
from jobrisk.models.title_coder.normalize import normalize_phrase

#: head word of a typed title -> the words an occupation title names that role with, best first
ROLE_FORMS: dict[str, tuple[str, ...]] = {
    "helper": ("helper",),
    "apprentice": ("helper",),
    "tester": ("tester",),
    "assistant": ("assistant", "aide"),
    "aide": ("aide", "assistant"),
}
#: words saying the worker is fully qualified in the trade: never its helpers ("Journeyman Plumber")
QUALIFIED = frozenset({"journeyman", "journeyperson", "journeywoman", "journeyworker", "journey", "master", "licensed"})
#: roles for which a runner-up naming the role goes first even when no title names the trade
FALLBACK_ROLES = frozenset({"helper", "apprentice", "tester"})
ROLE_CONFIDENCE_FLOOR = 0.6  # an occupation naming both the role and the trade
ROLE_CONFIDENCE_CAP = 0.85  # a rule over a re-ranked answer is never "certain"
_ROLE_WORDS = frozenset(w for forms in ROLE_FORMS.values() for w in forms)
_IGNORED = frozenset({"of", "and", "the", "for", "in", "a", "an", "to", "at", "with", "on", "general"})
_EXCEPT_RE = re.compile(r",?\s+(?:except|including)\s.*$", re.IGNORECASE)
_PART_RE = re.compile(r",|\band\b|\bor\b", re.IGNORECASE)


@dataclass(frozen=True)
class RoleReading:
    role: str  # a key of ROLE_FORMS
    modifiers: tuple[str, ...]  # the trade or product words ("carpenter", "physical therapist")


@dataclass(frozen=True)
class RoleTable:
    """Per occupation: the word sets of its title's parts and of the whole title."""

    parts: Mapping[str, tuple[frozenset[str], ...]]
    words: Mapping[str, frozenset[str]]
    by_form: Mapping[str, tuple[str, ...]]  # role word -> codes whose title names it


def occupation_parts(title: str) -> tuple[frozenset[str], ...]:
    """'Helpers--Pipelayers, Plumbers, ...' -> {helper, pipelayer}, {helper, plumber}, ...;
    'Software Quality Assurance Analysts and Testers' -> the tester part inherits the words
    before it; 'Teaching Assistants, Except Postsecondary' -> {teaching, assistant}."""
    prefix, sep, rest = title.partition("--")
    if not sep:
        prefix, rest = "", title
    out: list[frozenset[str]] = []
    carried: set[str] = set()
    for raw in _PART_RE.split(_EXCEPT_RE.sub("", rest)):
        words = set(normalize_phrase(f"{prefix} {raw}").split()) - _IGNORED
        if not words:
            continue
        if words <= _ROLE_WORDS:  # "... Analysts and Testers": the role of the words before
            words |= carried
        carried |= words
        out.append(frozenset(words))
    return tuple(out)


def role_table(occupations: Mapping[str, str]) -> RoleTable:
    parts = {code: occupation_parts(title) for code, title in occupations.items()}
    words = {code: frozenset(normalize_phrase(title).split()) for code, title in occupations.items()}
    by_form: dict[str, list[str]] = {}
    for code, ps in parts.items():
        for form in _ROLE_WORDS & set().union(*ps) if ps else ():
            by_form.setdefault(form, []).append(code)
    return RoleTable(parts, words, {k: tuple(sorted(v)) for k, v in by_form.items()})


def role_reading(cleaned: str) -> RoleReading | None:
    """'carpenter apprentice', 'apprentice carpenter', 'physical therapist assistant' -> the
    role and its modifiers; None when the head names no role or nothing is in front of it."""
    words = cleaned.split()
    if len(words) < 2:
        return None
    if words[-1] in ROLE_FORMS:
        role, rest = words[-1], words[:-1]
    elif words[0] == "apprentice":
        role, rest = "apprentice", words[1:]
    else:
        return None
    modifiers = tuple(w for w in rest if w not in _IGNORED and w not in ROLE_FORMS)
    return RoleReading(role, modifiers) if modifiers else None


def _names(words: frozenset[str], modifier: str) -> bool:
    """Does an occupation title's word set name ``modifier`` (also inside a compound of 5+
    letters: 'brick' and 'mason' in 'brickmason')?"""
    if modifier in words:
        return True
    return len(modifier) >= 5 and any(w != modifier and (w.startswith(modifier) or w.endswith(modifier)) for w in words)


def _part_score(table: RoleTable, code: str, reading: RoleReading) -> tuple[int, int]:
    """(modifiers named in one part that names the role, 1 if that is the role's first form)."""
    forms = ROLE_FORMS[reading.role]
    best = (0, 0)
    for part in table.parts.get(code, ()):
        for rank, form in enumerate(forms):
            if form in part:
                best = max(best, (sum(_names(part, m) for m in reading.modifiers), int(rank == 0)))
    return best


def role_choice(
    table: RoleTable, reading: RoleReading, codes: Sequence[str], allowed=lambda code: True
) -> tuple[str, bool] | None:
    """The code that should go first instead of ``codes[0]`` (the ranked candidates), and
    whether it names the trade too; None when the first candidate already agrees."""
    if not codes:
        return None
    forms = ROLE_FORMS[reading.role]
    top_words = table.words.get(codes[0], frozenset())
    top_role = any(f in top_words for f in forms)
    top_mods = sum(_names(top_words, m) for m in reading.modifiers)
    rank = {c: i for i, c in enumerate(codes)}
    pool = {c for f in forms for c in table.by_form.get(f, ())}
    scored = [
        ((*_part_score(table, c, reading), -rank.get(c, len(codes)), -len(table.words.get(c, ()))), c)
        for c in pool
        if allowed(c)
    ]
    scored = [(s, c) for s, c in scored if s[0] > 0]
    group = codes[0][:2]
    if scored:
        score, code = max(scored)
        if code == codes[0] or (top_role and (top_mods >= score[0] or code[:2] != group)):
            return None  # a first candidate naming the role gives way only to a sibling naming the trade too
        return code, True
    if top_role or reading.role not in FALLBACK_ROLES:
        return None
    runner = next((c for c in codes[1:] if c[:2] == group and any(f in table.words.get(c, ()) for f in forms)), None)
    return (runner, False) if runner is not None else None


def role_first(
    table: RoleTable,
    occupations: Mapping[str, str],
    parts: Sequence[str],
    cands: list[Candidate],
    confidence: float,
    allowed=lambda code: True,
) -> tuple[list[Candidate], float]:
    """``parts``: the cleaned title, then its first part ("PTA - Outpatient" -> 'physical
    therapist assistant'); the first that reads as a role is used. Returns ``cands`` with the occupation of the title's role first (see :func:`role_choice`), and
    the confidence: at least ROLE_CONFIDENCE_FLOOR when an occupation names the role and the
    trade, never above ROLE_CONFIDENCE_CAP once the order was changed."""
    if not cands:
        return cands, confidence
    reading = next((r for r in map(role_reading, parts) if r is not None), None)
    if reading is None:
        return _qualified_first(table, parts[0], cands, confidence)
    choice = role_choice(table, reading, [c.onet_soc_code for c in cands], allowed)
    if choice is None or choice[0] not in occupations:
        return cands, confidence
    code, names_trade = choice
    old = next((c for c in cands if c.onet_soc_code == code), None)
    what = f"'{' '.join(reading.modifiers)}'" if names_trade else "the title"
    reason = f"the head '{reading.role}' names the {reading.role} of {what}, not {cands[0].occupation_title}"
    first = Candidate(
        code,
        occupations[code],
        old.matched_title if old else parts[0],
        "alias",
        old.similarity if old else 1.0,
        f"{old.reason}; {reason}" if old else reason,
    )
    rest = [c for c in cands if c.onet_soc_code != code]
    confidence = max(confidence, ROLE_CONFIDENCE_FLOOR) if names_trade else confidence
    return [first, *rest][: len(cands)], min(confidence, ROLE_CONFIDENCE_CAP)


def _qualified_first(
    table: RoleTable, cleaned: str, cands: list[Candidate], confidence: float
) -> tuple[list[Candidate], float]:
    """A journeyman or master of a trade is not its helper: when the first candidate is a
    helpers occupation, the first runner-up of its major group that is not goes first."""
    if QUALIFIED.isdisjoint(cleaned.split()) or "helper" not in table.words.get(cands[0].onet_soc_code, ()):
        return cands, confidence
    group = cands[0].onet_soc_code[:2]
    k = next(
        (
            i
            for i, c in enumerate(cands[1:], 1)
            if c.onet_soc_code[:2] == group and "helper" not in table.words.get(c.onet_soc_code, ())
        ),
        None,
    )
    if k is None:
        return cands, confidence
    moved = cands[k]
    note = f"a qualified worker of the trade, not {cands[0].occupation_title}"
    first = Candidate(**{**moved.__dict__, "reason": f"{moved.reason}; {note}"})
    return [first, *cands[:k], *cands[k + 1 :]], min(confidence, ROLE_CONFIDENCE_CAP)
