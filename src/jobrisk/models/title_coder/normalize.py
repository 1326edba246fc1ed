"""Job-title cleaning: the same function turns index titles and typed titles into comparable text.

:func:`clean_title` lower-cases and ASCII-folds a title, drops pay / shift / location /
employment-type noise and requisition numbers, strips seniority and level markers
("Sr.", "II", "Lead", "Level 3"), rewrites "Head of X" as "X director", restores word
order ("Manager, Accounts Payable" -> "accounts payable manager"), and expands
abbreviations with the curated table from :mod:`.aliases`. It returns a
:class:`CleanTitle` that keeps what was removed, as evidence for the user.

Spelling fixes against the index vocabulary live in :mod:`.spelling`. Nothing here knows about
occupations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from jobrisk.models.title_coder.gates import GatedAlternation


MAX_TITLE_CHARS = 200

# The word tables below keep their compact layout.
# fmt: off
# Whole phrases that say nothing about the occupation (pay, shift, contract, hiring talk).
_NOISE_PHRASES = [
    r"\$\s*\d[\d,.]*\s*k?(\s*(-|to)\s*\$?\s*\d[\d,.]*\s*k?)?(\s*(/|per|an|a)\s*(hr|hour|hourly|year|yr|annum|annually|week|wk|month|mo))?",
    r"\b\d[\d,.]*\s*k\b", r"\b\d+(\.\d+)?\s*(/|per)\s*(hr|hour)\b",
    r"\b(up to|starting at|starts at|earn|make)\b",
    r"\b(sign[- ]?on|signing|retention)\s+bonus\b", r"\bbonus(es)?\b", r"\bweekly pay\b",
    r"\bdaily pay\b", r"\bsame day pay\b", r"\b(with|great|full|excellent) benefits\b", r"\b401k\b",
    r"\bpto\b",
    r"\b(full|part)[- ]?time\b", r"\bft\b(?=.*\w)", r"\bfull time\b",
    r"\b(temp|temporary)[- ]to[- ]hire\b", r"\bcontract[- ]to[- ]hire\b", r"\bc2h\b", r"\bw2\b", r"\b1099\b",
    r"\b(1st|2nd|3rd|first|second|third|day|night|evening|overnight|graveyard|swing|weekend|rotating)\s+shifts?\b",
    r"\b(days|nights|evenings|weekends?|overnights?|noc)\b",
    r"\bshifts?\b(?!\s+(lead|leader|manager|supervisor|runner|coordinator|engineer|operator))",
    r"\b\d{1,2}\s*(hr|hour)s?\b", r"\b\d*\s*(weeks?|wks?|months?)\b", r"\b\d{1,2}\s*x\s*\d{1,2}s?\b",
    r"\bper diem\b", r"\bprn\b", r"\blocums?\b", r"\btravel(ing)?\s+(?=(rn|nurse|registered|lpn|cna|tech|therap))",
    (r"\b(remote|hybrid|on[- ]?site|in[- ]office|work from home|wfh|telecommute)\b"
     r"(?!\s+(sensing|pilot|operat|control|support|monitor|systems?\b|vehicle|access))"),
    (r"\b(temporary|temp|seasonal|permanent|perm|contract|freelance|casual)\b"
     r"(?!\s+(specialist|manager|administrator|analyst|negotiator|officer|attorney|coordinator|clerk|"
     r"compliance|services?|agency|worker|labou?r))"),
    r"\b(immediate start|start (today|now|asap)|home (daily|weekly|every night|weekends))\b",
    (r"\b(urgent(ly)?|immediate(ly)?|asap|now hiring|hiring|wanted|needed|opening|openings|opportunity|"
     r"position|job|jobs|vacancy|apply now|apply today|new grad(uate)?s? welcome)\b"),
    r"\b(m|f|w|d|h|x)\s*/\s*(m|f|w|d|h|x)(\s*/\s*(m|f|w|d|h|x))?\b",
    r"\b(req|requisition|job id|id|ref)\s*#?\s*[\w-]*\d[\w-]*\b", r"#\s*\d+",
]
#: run on each title with only the phrases whose words it contains (same matches, 5x faster)
_NOISE = GatedAlternation(_NOISE_PHRASES, ascii_text=True)

_STATES = {
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky",
    "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd",
    "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "dc",
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
    "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
    "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri",
    "montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "new york",
    "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island",
    "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington",
    "west virginia", "wisconsin", "wyoming", "usa", "us", "uk", "united states", "canada", "emea", "apac",
    "nationwide", "multiple locations", "various locations", "anywhere",
}
# Leading seniority / level words removed when more words follow.
_LEADING_SENIORITY = {"senior", "sr", "snr", "junior", "jr", "jnr", "lead", "principal", "staff",
                      "experienced", "entry", "level", "mid", "midlevel", "entrylevel", "seasoned",
                      "distinguished", "expert", "certified", "licensed", "registered", "skilled",
                      "qualified", "trainee", "graduate", "new", "grad", "master"}
_KEEP_AFTER = {  # leading words that are part of an occupation name when followed by these words
    "level": {"designer", "design", "artist", "builder", "editor", "scripter"},  # game levels, not seniority
    "certified": {"nursing", "nurse", "public", "medical", "pharmacy", "registered", "occupational",
                  "surgical", "ophthalmic", "dental", "financial"},
    "licensed": {"practical", "vocational", "clinical", "professional", "massage", "marriage"},
    "registered": {"nurse", "nurses", "dietitian", "dietitians", "respiratory", "medical", "pharmacist",
                   "nursing", "representative"},
    "master": {"electrician", "plumber", "carpenter", "mechanic", "sergeant", "barber", "gardener"},
    "staff": {"nurse", "sergeant", "pharmacist"},
    "new": {"accounts", "account", "business", "product"},
    "graduate": {"teaching", "research", "assistant", "nurse"},
    "lead": {"abatement", "paint", "inspector"},
}
_TRAILING_LEVEL = re.compile(r"\b(i{1,3}|iv|v|vi|[1-6])$")
_LEVEL_WORDS = re.compile(r"\b(level|lvl|grade|tier|band|step)\s*(i{1,3}|iv|v|\d+|[a-e])\b")
_HEADS = {
    "manager", "director", "engineer", "assistant", "technician", "specialist", "analyst", "coordinator",
    "supervisor", "clerk", "officer", "administrator", "representative", "consultant", "associate",
    "developer", "designer", "teacher", "instructor", "professor", "nurse", "therapist", "scientist",
    "operator", "mechanic", "inspector", "planner", "writer", "editor", "agent", "advisor", "adviser",
    "attorney", "accountant", "architect", "aide", "worker", "driver", "installer", "repairer", "buyer",
    "auditor", "counselor", "president", "vice president", "head", "lead", "executive", "producer",
    "sales", "helper", "laborer", "attendant", "dispatcher", "examiner", "investigator", "physician",
}
#: head nouns that may come first in "Head - Modifier" titles ("Cook - Line", "Helper - Brick Mason")
HEAD_NOUNS = frozenset(_HEADS | {
    "cook", "chef", "server", "cashier", "tester", "welder", "electrician", "plumber", "carpenter",
    "painter", "cleaner", "guard", "teller", "machinist", "pilot", "librarian", "pharmacist"})
_CONNECTORS = {"of", "and", "the", "for", "in", "a", "an", "to", "at", "&", "with", "on"}
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#]*")
_SPLIT_RE = re.compile(r"\s+[-\u2013\u2014|/]\s+|[|()\[\]{},;:\u2013\u2014]|\s+@\s+|\s+at\s+(?=[a-z])")
# fmt: on


_PLAIN_NAME_RE = re.compile(r"[a-z0-9]+( [a-z0-9]+)*")


@dataclass(frozen=True)
class CleaningRules:
    """Word lists that change how titles are cleaned (from ``structure.toml``, see :mod:`.structure`).

    ``served``: words after "to" that name the person served ("Scheduler to the Mayor": the job is
    the scheduler); ``employers_anywhere`` / ``employers_segment``: employer names dropped anywhere
    in a title, or only when they are a whole part of it ("Stocker - Target").
    """

    served: frozenset[str] = frozenset()
    employers_anywhere: tuple[str, ...] = ()
    employers_segment: frozenset[str] = frozenset()
    _anywhere_re: re.Pattern | None = field(default=None, compare=False, repr=False)
    _anywhere_set: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    _anywhere_firsts: frozenset[str] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.employers_anywhere and self._anywhere_re is None:
            names = sorted(self.employers_anywhere, key=len, reverse=True)
            pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
            object.__setattr__(self, "_anywhere_re", pattern)
        #: a name matches only where the text has its first word (names of plain words only)
        plain = all(_PLAIN_NAME_RE.fullmatch(n) for n in self.employers_anywhere)
        firsts = frozenset(n.split(" ", 1)[0] for n in self.employers_anywhere) if plain else None
        object.__setattr__(self, "_anywhere_firsts", firsts)
        object.__setattr__(self, "_anywhere_set", frozenset(self.employers_anywhere))
        if self.served:
            pattern = re.compile(
                r"\s+to\s+(?=(" + "|".join(re.escape(w) for w in sorted(self.served)) + r")\b)"
                r"[^-|,(]*"
            )
            object.__setattr__(self, "_served_re", pattern)

    def drop_served(self, low: str, removed: list[str] | None = None) -> str:
        """'scheduler to the mayor' -> 'scheduler ' (the job is the part before 'to'); the part
        dropped ('to the mayor') is added to ``removed``."""
        pattern = getattr(self, "_served_re", None)
        if pattern is None:
            return low
        if removed is not None:
            removed.extend(m.group(0).strip() for m in pattern.finditer(low))
        return pattern.sub(" ", low)

    def drop_employers(self, segment: str) -> tuple[str, list[str]]:
        """The segment without employer names, and the names removed."""
        plain = plain_words(segment)
        if plain in self.employers_segment or plain in self._anywhere_set:
            return "", [segment]
        if self._anywhere_re is None:
            return segment, []
        firsts = self._anywhere_firsts
        if firsts is not None and firsts.isdisjoint(plain.split(" ")):
            return segment, []
        found = [m.group(0) for m in self._anywhere_re.finditer(plain)]
        return (self._anywhere_re.sub(" ", plain).strip(), found) if found else (segment, [])


def plain_words(text: str) -> str:
    """Lower-case ASCII words only ('Chick-fil-A' -> 'chick fil a'), for matching names."""
    low = fold_ascii(text).replace("&", " and ").replace("'", "")
    return " ".join(re.findall(r"[a-z0-9]+", low))


def normalize_phrase(text: str, abbreviations: Mapping[str, str] | None = None) -> str:
    """A word list entry in the form cleaned titles use (ASCII, abbreviations expanded, singular)."""
    low = fold_ascii(text).replace("&", " and ").replace("-", " ").replace(".", " ").replace("'", "")
    words = _WORD_RE.findall(low)
    out: list[str] = []
    for w in words:
        out.extend(singularize(x) for x in (abbreviations or {}).get(w, w).split())
    return " ".join(out)


@dataclass(frozen=True)
class CleanTitle:
    """A title made comparable, with the evidence of what was changed."""

    original: str
    cleaned: str  # main form: every kept segment, in order
    variants: tuple[str, ...] = ()  # other forms worth matching (first segment only, ...)
    removed: tuple[str, ...] = ()  # noise and seniority words that were dropped
    problem: str | None = None  # why the title cannot be coded at all

    @property
    def words(self) -> list[str]:
        return self.cleaned.split()


def fold_ascii(text: str) -> str:
    """Lower-case ASCII form of ``text`` (accents removed, other scripts dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _script_problem(text: str) -> str | None:
    if text.isascii():
        return None if _ASCII_LETTER.search(text) else "the title has no letters"
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "the title has no letters"
    latin = sum(1 for c in letters if unicodedata.normalize("NFKD", c)[0].isascii())
    if latin < len(letters) / 2:
        return "the title is not written in the Latin alphabet; only English titles can be coded"
    return None


# fmt: off
_KEEP_S = {"sales", "news", "physics", "economics", "mathematics", "logistics", "analytics", "athletics",
           "aeronautics", "electronics", "graphics", "robotics", "genetics", "optics", "statistics", "ethics",
           "series", "species", "gas", "bus", "lens", "canvas", "bias", "chassis", "diabetes", "alias",
           "atlas", "ops", "arts", "humanities", "services", "operations", "affairs", "relations",
           "resources", "communications", "sciences", "studies", "mechanics", "dynamics", "systems",
           "accounts", "payables", "receivables", "goods", "clothes", "hrs", "yes", "plus", "campus",
           "corps", "apparatus", "status", "census", "bonus", "virus", "focus", "process", "express",
           "saas", "paas", "iaas", "aws", "ios", "windows", "kubernetes", "texas", "kansas", "arkansas"}
# fmt: on


def singularize(word: str) -> str:
    """Light plural -> singular for English job words ('nurses' -> 'nurse', 'secretaries' -> 'secretary')."""
    if len(word) < 4 or not word.endswith("s") or word in _KEEP_S or word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("men"):
        return word
    return word[:-1]


def singularize_text(text: str) -> str:
    return " ".join(singularize(w) for w in text.split())


_THERAPY = {"pt": "physical therapist", "ot": "occupational therapist"}
_THERAPY_HELPERS = {"aide", "assistant", "asst", "tech", "technician", "techs", "aides", "assistants"}


def _expand(words: list[str], abbreviations: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for i, w in enumerate(words):
        if w in _THERAPY and (len(words) == 1 or (i + 1 < len(words) and words[i + 1] in _THERAPY_HELPERS)):
            out.extend(_THERAPY[w].split())  # 'PT Aide' = physical therapist aide
            continue
        if w in ("pt", "ft") and len(words) > 1:  # part-time / full-time when other words exist
            continue
        out.extend(singularize(x) for x in abbreviations.get(w, w).split())
    return out


_PHRASE_CACHE: dict[int, tuple[Mapping[str, str], re.Pattern | None, dict[str, str]]] = {}


def _expand_phrases(low: str, abbreviations: Mapping[str, str]) -> str:
    """Abbreviations written with punctuation ('otr/l', 'a&p'), replaced before words are split."""
    cached = _PHRASE_CACHE.get(id(abbreviations))
    if cached is None or cached[0] is not abbreviations:
        phrases = {k.replace("&", " and "): v for k, v in abbreviations.items() if not k.isalnum()}
        pattern = (
            re.compile(
                r"(?<![a-z0-9])("
                + "|".join(re.escape(k) for k in sorted(phrases, key=len, reverse=True))
                + r")(?![a-z0-9])"
            )
            if phrases
            else None
        )
        cached = (abbreviations, pattern, phrases)
        _PHRASE_CACHE[id(abbreviations)] = cached
    _, pattern, phrases = cached
    return pattern.sub(lambda m: f" {phrases[m.group(1)]} ", low) if pattern is not None else low


def _strip_seniority(words: list[str], removed: list[str]) -> list[str]:
    changed = True
    stripped = False
    while changed and len(words) > 1:
        changed = False
        first, nxt = words[0], words[1]
        keep = () if first == "level" and stripped else _KEEP_AFTER.get(first, ())  # 'entry level designer'
        if first in _LEADING_SENIORITY and nxt not in keep:
            removed.append(words.pop(0))
            changed = stripped = True
    if len(words) > 1 and _TRAILING_LEVEL.search(words[-1]) and words[-1] != "911":
        removed.append(words.pop())
    if len(words) > 1 and words[-1] in ("senior", "sr", "junior", "jr"):
        removed.append(words.pop())
    return words


def _reorder(segment_words: list[list[str]]) -> list[list[str]]:
    """'manager, accounts payable' -> 'accounts payable manager' (head word first, then its field)."""
    first = " ".join(singularize(w) for w in segment_words[0]) if segment_words else ""
    if (
        len(segment_words) >= 2
        and 1 <= len(segment_words[0]) <= 2
        and first in _HEADS
        and segment_words[1]
        and segment_words[1][-1] not in _HEADS
    ):
        return [segment_words[1] + segment_words[0]] + segment_words[2:]
    return segment_words


def _drop_repeated(seg_words: list[list[str]]) -> list[list[str]]:
    """Drop repeated segments and segments inside a longer one ('nurse (rn)' -> 'registered nurse')."""
    kept: list[list[str]] = []
    for i, ws in enumerate(seg_words):
        words = set(ws)
        if any(set(k) == words for k in kept):
            continue
        if any(words < set(other) for j, other in enumerate(seg_words) if j != i):
            continue
        kept.append(ws)
    return kept or seg_words[:1]


_HEAD_OF_RE = re.compile(r"\bhead of ([a-z0-9 &]+)")
_INITIALS_RE = re.compile(r"(?<=[a-z])\.(?=[a-z]\.)")
_POSSESSIVE_RE = re.compile(r"(?<=\w)'s\b")
_TO_WHOM_RE = re.compile(r"\b(assistant|secretary|aide|advisor|adviser|counsel|liaison)\s+(to\s+(the\s+)?[^-|,(]*)")
_HEAD_FIRST_RE = re.compile(r"^[^,()|\[\]{};:]+,")


def _head_of(text: str) -> str:
    return _HEAD_OF_RE.sub(r"\1 director", text) if "head of" in text else text


def clean_title(
    text: object, abbreviations: Mapping[str, str] | None = None, rules: CleaningRules | None = None
) -> CleanTitle:
    """Clean one title; never raises on bad input (the problem is reported instead).

    ``rules`` (optional) adds the structure word lists: "X to <person>" read as X, employer
    names dropped.
    """
    abbreviations = abbreviations or {}
    original = "" if text is None else str(text)
    stripped = original.strip()
    if not stripped:
        return CleanTitle(original, "", problem="the title is empty")
    if len(stripped) > MAX_TITLE_CHARS:
        return CleanTitle(
            original, "", problem=f"the title is longer than {MAX_TITLE_CHARS} characters; type the job title only"
        )
    problem = _script_problem(stripped)
    if problem:
        return CleanTitle(original, "", problem=problem)
    low = fold_ascii(stripped).replace("&", " and ").replace("w/", "with ")
    low = _expand_phrases(low, abbreviations)  # 'otr/l', 'pa-c', 'a&p': written with punctuation
    if "." in low:
        low = _INITIALS_RE.sub("", low)  # r.n. -> rn.
    if "'" in low:
        low = _POSSESSIVE_RE.sub("s", low).replace("'", "")
    low = _head_of(low)
    served: list[str] = []
    if rules is not None:
        low = rules.drop_served(low, served)  # 'scheduler to the mayor': the job is the scheduler
    if "to" in low:  # 'assistant to the CEO': the job is the assistant
        served += [m.group(2).strip() for m in _TO_WHOM_RE.finditer(low)]
        low = _TO_WHOM_RE.sub(r"\1 ", low)
    removed: list[str] = served
    low = _NOISE.sub(lambda m: _note_removed(m, removed), low)
    low = _LEVEL_WORDS.sub(" ", low)
    segments = [s.strip() for s in _SPLIT_RE.split(low) if s and s.strip()]
    seg_words: list[list[str]] = []
    for seg in segments:
        if rules is not None:
            seg, employers = rules.drop_employers(seg)
            removed.extend(employers)
            if not seg.strip():
                continue
        if seg in _STATES and seg_words:
            removed.append(seg)
            if len(seg_words) > 1 and len(seg_words[-1]) <= 2:  # "Dallas, TX": drop the city too
                removed.append(" ".join(seg_words.pop()))
            continue
        words = [
            w
            for w in _WORD_RE.findall(seg.replace("-", " ").replace(".", " ").replace("/", " "))
            if not (w.isdigit() and w not in ("911", "3d"))
        ]
        if words:
            seg_words.append(words)
    if not seg_words:
        return CleanTitle(original, "", removed=tuple(removed), problem="the title has no words that describe a job")
    if "," in low and _HEAD_FIRST_RE.match(low):  # "Manager, Accounts Payable"
        seg_words = _reorder(seg_words)
    seg_words = [_strip_seniority(_expand(ws, abbreviations), removed) for ws in seg_words]
    seg_words = _drop_repeated([ws for ws in seg_words if ws])
    if not seg_words:
        return CleanTitle(original, "", removed=tuple(removed), problem="the title has no words that describe a job")
    seg_words = [[w for i, w in enumerate(ws) if i == 0 or w != ws[i - 1]] for ws in seg_words]
    cleaned = " ".join(w for ws in seg_words for w in ws)
    variants = tuple(dict.fromkeys(" ".join(ws) for ws in seg_words if " ".join(ws) != cleaned))
    return CleanTitle(original, cleaned, variants, tuple(removed))


def _note_removed(match: re.Match, removed: list[str]) -> str:
    text = match.group(0).strip()
    if text:
        removed.append(text)
    return " "


def bag_key(cleaned: str) -> str:
    """Word-order-free key: sorted content words ('manager accounts payable' == 'accounts payable manager')."""
    return " ".join(sorted({w for w in cleaned.split() if w not in _CONNECTORS}))


def head_word(cleaned: str) -> str:
    """The word naming the kind of job, usually the last one ('registered nurse' -> 'nurse')."""
    words = [w for w in cleaned.split() if w not in _CONNECTORS]
    if "of" in cleaned.split():  # 'director of marketing' -> 'director'
        return cleaned.split()[0]
    return words[-1] if words else ""
