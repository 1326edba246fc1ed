"""Structure-aware reading of a cleaned job title: who the job is, not which words it shares.

:class:`TitleStructure` holds the word lists of ``structure.toml`` (next to this module) and
reads a cleaned title (see :func:`.normalize.clean_title`) for:

- **executive roles of a function**: "Chief Marketing Officer" is a top executive of marketing,
  "VP, Finance" / "Head of Finance" / "Director of Finance" a manager of finance
  (:meth:`executive_reading`); the function is the longest phrase of ``[functions]`` found;
- **who runs a kind of business**: the general manager, owner or franchisee of a hotel, farm,
  restaurant or clinic is that kind of business's manager (:meth:`business_reading`,
  ``[businesses]``);
- **context that rules codes out**: military occupations only for titles with a military word;
  protective-service occupations (police, detectives, intelligence agencies, guards) never for
  titles in a digital context ("Threat Intelligence Analyst", "Information Security Officer");
  engineering, trades, production and transport occupations never for software, data and AI
  titles that name no physical discipline ("Prompt Engineer") (:meth:`allowed`);
- **generic titles**: a bare "Specialist" or "Associate" names a kind of job, not a job
  (:meth:`is_generic`);
- **platform work**: "Dasher", "Instacart Shopper", "Lyft Driver" (:meth:`platform_reading`);
- **software products**: "Salesforce Administrator", "Epic Analyst", "Tableau Developer": a role
  at a product of a kind (business systems, health records, BI, data, marketing, cloud,
  security, web, game engines) (:meth:`tool_reading`); a product word also makes the title
  digital and software work.

Nothing here reads the catalog; codes are checked against O*NET by the unit tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jobrisk.errors import DataError
from jobrisk.packaged_toml import read_packaged_toml
from jobrisk.models.title_coder.context import TitleContext, group_prefix, soc_group  # noqa: F401  (public here too)
from jobrisk.models.title_coder.normalize import HEAD_NOUNS, CleaningRules, normalize_phrase, plain_words

EXECUTIVE_CHIEF = "chief"
EXECUTIVE_VP = "vice president"
EXECUTIVE_HEAD = "head"
EXECUTIVE_DIRECTOR = "director"
#: words naming a top executive in "... to the <person>" ("Assistant to the Chief Operating Officer")
EXECUTIVE_SERVED = {
    "chief",
    "ceo",
    "cfo",
    "coo",
    "cto",
    "cio",
    "cmo",
    "cpo",
    "president",
    "vice",
    "vp",
    "svp",
    "evp",
    "avp",
    "founder",
    "founders",
    "cofounder",
    "owner",
    "managing",
    "director",
    "directors",
    "head",
    "dean",
    "provost",
    "chancellor",
    "superintendent",
    "mayor",
    "governor",
    "senator",
    "board",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "executive",
    "executives",
    "principal",
    "publisher",
    "commissioner",
    "partner",
    "partners",
    "general",
}
_ROLES = {"chief", "vice", "director", "head"}
_ROLE_MODIFIERS = {
    "associate",
    "assistant",
    "deputy",
    "executive",
    "group",
    "regional",
    "global",
    "national",
    "area",
    "divisional",
    "division",
    "corporate",
    "interim",
    "acting",
    "managing",
    "general",
    "senior",
    "first",
    "co",
}
#: major groups of physical work that a software, data or AI title is not in
_PHYSICAL_GROUPS = frozenset({"17-", "47-", "49-", "51-", "53-"})
_NOT_EXECUTIVE = {
    "petty",
    "warrant",
    "police",
    "probation",
    "parole",
    "loan",
    "correction",
    "fire",
    "deputy sheriff",
    "court",
    "detention",
    "juvenile",
    "immigration",
    "customs",
}


#: who runs or owns a whole place of business (longest first) -> the role it is read as
BUSINESS_ROLES = {
    "owner operator": "owner", "franchise owner": "owner", "managing partner": "owner", "co founder": "owner",
    "co owner": "owner", "proprietor": "owner", "franchisee": "owner", "founder": "owner", "owner": "owner",
    "general manager": "general manager", "center manager": "general manager", "centre manager": "general manager",
}  # fmt: skip
_BUSINESS_NAMES = frozenset(BUSINESS_ROLES)
#: words that make an owner title another job ("Owner Operator - Trucking": a truck driver)
_NOT_BUSINESS = {"truck", "trucking", "driver", "cdl", "freight", "haul", "hauling", "tractor", "trailer", "courier"}


@dataclass(frozen=True)
class ExecutiveReading:
    """A title read as an executive or manager of a business function."""

    role: str  # chief | vice president | head | director
    function: str  # the function phrase found ("marketing")
    codes: tuple[str, ...]  # best first

    @property
    def reason(self) -> str:
        what = {
            "chief": "a top executive",
            "vice president": "a vice president",
            "head": "the head",
            "director": "a director",
            "owner": "the owner",
            "general manager": "the general manager",
        }.get(self.role, self.role)
        if self.role in ("owner", "general manager"):
            return f"read as {what} of a '{self.function}'"
        return f"read as {what} of the '{self.function}' function"


@dataclass(frozen=True)
class ToolReading:
    """A role at a software product: "Salesforce Administrator", "Tableau Developer"."""

    tool: str  # the product phrase found ("salesforce")
    kind: str  # its kind in [tools] ("business_systems")
    role: str  # the role word ("administrator")
    codes: tuple[str, ...]

    @property
    def reason(self) -> str:
        return f"read as {self.role} of the software product '{self.tool}'"


#: words that may stand between a product and its role word ("Workday HCM Analyst")
_TOOL_FILLERS = frozenset(
    {
        "crm",
        "erp",
        "hcm",
        "hris",
        "cloud",
        "platform",
        "functional",
        "technical",
        "application",
        "system",
        "module",
        "suite",
        "solution",
        "integration",
        "implementation",
        "certified",
        "core",
    }
)


@dataclass(frozen=True)
class PlatformReading:
    platform: str
    rest: str
    codes: tuple[str, ...]


def _contains(padded: str, phrase: str) -> bool:
    return f" {phrase} " in padded


@lru_cache(maxsize=32)
def _phrases_re(phrases: frozenset[str]) -> re.Pattern | None:
    """One pattern finding any of ``phrases`` as whole words in a space-padded text."""
    if not phrases:
        return None
    return re.compile(" (?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + ") ")


@lru_cache(maxsize=32)
def _first_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(p.split(" ", 1)[0] for p in phrases)


def _contains_any(padded: str, phrases: frozenset[str]) -> bool:
    """Does the space-padded text hold one of ``phrases`` as whole words? (Only where one of its
    words starts a phrase: most titles are answered without the pattern.)"""
    pattern = _phrases_re(phrases)
    if pattern is None or _first_words(phrases).isdisjoint(padded.split()):
        return False
    return pattern.search(padded) is not None


@dataclass(frozen=True)
class TitleStructure:
    functions: dict[str, tuple[str, ...]]
    businesses: dict[str, tuple[str, ...]]
    military: frozenset[str]
    digital: frozenset[str]
    digital_excludes: frozenset[str]
    software: frozenset[str]
    engineering_disciplines: frozenset[str]
    generic: frozenset[str]
    gig: frozenset[str]
    platforms: dict[str, tuple[str, ...]]
    tools: dict[str, str]  # product phrase -> kind
    tool_roles: dict[str, dict[str, tuple[str, ...]]]  # kind -> role word -> codes
    rules: CleaningRules
    source: str

    # ------------------------------------------------------------------ reading
    def words(self) -> set[str]:
        """Every word of the lists (known words: the spelling fixer leaves them alone)."""
        out: set[str] = set()
        for group in (
            self.functions,
            self.businesses,
            self.military,
            self.digital,
            self.software,
            self.engineering_disciplines,
            self.generic,
            self.gig,
            self.platforms,
            self.tools,
            self.rules.served,
            self.rules.employers_anywhere,
            self.rules.employers_segment,
        ):
            for phrase in group:
                out.update(phrase.split())
        return out

    def function_of(self, text: str, table: dict[str, tuple[str, ...]] | None = None, last: bool = False) -> str | None:
        """The longest function phrase (or phrase of ``table``) in ``text``, earliest on ties
        (latest with ``last``: 'boutique hotel' is a hotel), or None."""
        table = self.functions if table is None else table
        words = text.split()
        best: tuple[int, int, str] | None = None
        for i in range(len(words)):
            for j in range(min(len(words), i + 5), i, -1):
                phrase = " ".join(words[i:j])
                if phrase in table:
                    key = (j - i, i if last else -i, phrase)
                    if best is None or key[:2] > best[:2]:
                        best = key
                    break
        return best[2] if best else None

    def executive_reading(self, cleaned: str, head_of: bool = False) -> ExecutiveReading | None:
        """'chief marketing officer', 'vice president of finance', 'finance director' (from
        'Head of Finance' when ``head_of``) -> the function's executive or manager codes."""
        words = cleaned.split()
        while len(words) > 2 and words[0] in _ROLE_MODIFIERS and words[1] in _ROLE_MODIFIERS | _ROLES:
            words = words[1:]  # 'associate director of ...', 'deputy chief ... officer'
        cleaned = " ".join(words)
        if len(words) < 2 or self.is_military(cleaned):
            return None
        role = rest = None
        if words[0] == "chief" and words[-1] == "officer" and len(words) > 2:
            role, rest = EXECUTIVE_CHIEF, " ".join(words[1:-1])
        elif cleaned.startswith("vice president "):
            role, rest = EXECUTIVE_VP, cleaned[len("vice president ") :]
        elif cleaned.endswith(" vice president"):
            role, rest = EXECUTIVE_VP, cleaned[: -len(" vice president")]
        elif words[0] == "director" and len(words) > 2 and words[1] == "of":
            role, rest = EXECUTIVE_DIRECTOR, " ".join(words[2:])
        elif words[-1] == "director":
            role, rest = (EXECUTIVE_HEAD if head_of else EXECUTIVE_DIRECTOR), " ".join(words[:-1])
        if role is None or not rest:
            return None
        rest = rest[3:] if rest.startswith("of ") else rest
        if any(_contains(f" {rest} ", w) for w in _NOT_EXECUTIVE):
            return None
        function = self.function_of(rest)
        if function is None:
            return None
        codes = list(self.functions[function])
        if role == EXECUTIVE_CHIEF and not codes[0].startswith("11-1011"):
            codes.insert(0, "11-1011.00")  # O*NET lists "Chief X Officer" under Chief Executives
        elif role == EXECUTIVE_VP and "11-1011.00" not in codes:
            codes.append("11-1011.00")
        return ExecutiveReading(role, function, tuple(dict.fromkeys(codes)))

    def business_reading(self, cleaned: str) -> ExecutiveReading | None:
        """'general manager select service hotel', 'co owner cattle ranch': who runs or owns a
        kind of business of [businesses] -> that business's manager codes (owners also chief
        executives and general managers after them); None when the rest names another job."""
        padded = f" {cleaned} "
        if " owner " not in padded and " manager " not in padded and not _contains_any(padded, _BUSINESS_NAMES):
            return None
        found = next((r for r in BUSINESS_ROLES if _contains(padded, r)), None)
        if found is None or any(_contains(padded, w) for w in _NOT_BUSINESS):
            return None
        rest = padded.replace(f" {found} ", " ", 1).split()
        kind = self.function_of(" ".join(rest), self.businesses, last=True)
        if kind is None or any(w in HEAD_NOUNS for w in rest):
            return None
        role = BUSINESS_ROLES[found]
        extra = ["11-1011.00", "11-1021.00"] if role == "owner" else ["11-1021.00"]
        return ExecutiveReading(role, kind, tuple(dict.fromkeys([*self.businesses[kind], *extra])))

    def platform_reading(self, cleaned: str) -> PlatformReading | None:
        """A platform name in the title, the rest of the title, and the platform's codes."""
        padded = f" {cleaned} "
        names = self.__dict__.get("_platform_names")
        if names is None:
            names = frozenset(self.platforms)
            object.__setattr__(self, "_platform_names", names)
        if not _contains_any(padded, names):
            return None
        found = [p for p in self.platforms if _contains(padded, p)]
        if not found:
            return None
        platform = max(found, key=len)
        rest = " ".join(padded.replace(f" {platform} ", " ", 1).split())
        return PlatformReading(platform, rest, self.platforms[platform])

    def tool_names(self) -> frozenset[str]:
        names = self.__dict__.get("_tool_names")
        if names is None:
            names = frozenset(self.tools)
            object.__setattr__(self, "_tool_names", names)
        return names

    def tool_reading(self, text: str, known: Callable[[str], bool] = lambda w: True) -> ToolReading | None:
        """'salesforce administrator', 'workday hcm analyst': a software product, a role word of
        its kind in [tool_roles] last, and between them at most two words the index does not know
        (module names) or fillers ("crm", "cloud"); None otherwise ("oracle database
        administrator" is a database administrator, read by the index)."""
        words = text.split()
        if len(words) < 2:
            return None
        padded = " " + " ".join(words[:-1]) + " "
        if not _contains_any(padded, self.tool_names()):
            return None
        found = sorted((p for p in self.tools if _contains(padded, p)), key=len, reverse=True)
        codes = self.tool_roles.get(self.tools[found[0]], {}).get(words[-1]) if found else None
        if not codes:
            return None
        in_tools = {w for p in found for w in p.split()}
        rest = [
            w
            for w in words[:-1]
            if w not in in_tools and w not in _TOOL_FILLERS and len(w) > 1 and not any(c.isdigit() for c in w)
        ]
        if len(rest) > 2 or any(known(w) for w in rest):
            return None
        return ToolReading(found[0], self.tools[found[0]], words[-1], codes)

    def is_gig_rest(self, rest: str) -> bool:
        return not rest or rest in self.gig or all(w in self.gig for w in rest.split())

    def is_military(self, cleaned: str) -> bool:
        return _contains_any(f" {cleaned} ", self.military)

    def is_digital(self, cleaned: str) -> bool:
        padded = f" {cleaned} "
        return _contains_any(padded, self.digital) or _contains_any(padded, self.tool_names())

    def is_software(self, cleaned: str) -> bool:
        """A software, data or AI title that names no physical engineering discipline
        ("Prompt Engineer", "Data Reliability Engineer"; not "Embedded Hardware Engineer")."""
        padded = f" {cleaned} "
        named = _contains_any(padded, self.software) or _contains_any(padded, self.tool_names())
        return named and not _contains_any(padded, self.engineering_disciplines)

    def is_generic(self, cleaned: str) -> bool:
        return cleaned in self.generic

    def allowed(self, code: str, military: bool, digital: bool, software: bool = False) -> bool:
        """May ``code`` be proposed for a title with (or without) military / digital words?
        Digital words rule out the protective-service codes of ``digital_excludes`` (an entry
        ending in "-" is a whole major group); a software title rules out the engineers of
        physical products (17-) and the trades, production and transport groups (47-, 49-, 51-,
        53-: a "Prompt Engineer" is no locomotive engineer)."""
        if code.startswith("55-") and not military:
            return False
        if software and code[:3] in _PHYSICAL_GROUPS:
            return False
        return not (digital and (code in self.digital_excludes or code[:3] in self.digital_excludes))


def load_title_structure(path: str | Path | None = None, abbreviations: dict[str, str] | None = None) -> TitleStructure:
    """Read ``structure.toml`` (default: the one shipped in the package); phrases are normalised
    like cleaned titles (abbreviations expanded, singular)."""
    data, source = read_packaged_toml(
        "jobrisk.models.title_coder",
        "structure.toml",
        path,
        ("functions", "businesses", "words", "employers", "platforms", "tools", "tool_roles"),
    )

    def norm(items) -> frozenset[str]:
        return frozenset(p for p in (normalize_phrase(str(i), abbreviations) for i in items) if p)

    def plain(items) -> frozenset[str]:  # employer names: matched before singular forms
        return frozenset(p for p in (plain_words(str(i)) for i in items) if p)

    def codes_table(name: str) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for key, codes in data[name].items():
            codes = [codes] if isinstance(codes, str) else list(codes)
            if not codes:
                raise DataError(f"{source}: [{name}] {key!r} has no codes")
            out.setdefault(normalize_phrase(key, abbreviations), tuple(codes))
        return out

    tools: dict[str, str] = {}
    for kind, names in data["tools"].items():
        for name in names:
            tools.setdefault(normalize_phrase(str(name), abbreviations), kind)
    tool_roles = {
        kind: {normalize_phrase(role, abbreviations): tuple(codes) for role, codes in roles.items()}
        for kind, roles in data["tool_roles"].items()
    }
    unknown = sorted(set(tools.values()) - set(tool_roles))
    if unknown:
        raise DataError(f"{source}: [tools] kinds without [tool_roles]: {', '.join(unknown)}")
    words = data["words"]
    employers = data["employers"]
    rules = CleaningRules(
        served=frozenset(str(w).lower() for w in words.get("served", ())),
        employers_anywhere=tuple(sorted(plain(employers.get("anywhere", ())))),
        employers_segment=plain(employers.get("segment", ())),
    )
    return TitleStructure(
        functions=codes_table("functions"),
        businesses=codes_table("businesses"),
        military=norm(words.get("military", ())),
        digital=norm(words.get("digital", ())),
        digital_excludes=frozenset(words.get("digital_excludes", ())),
        software=norm(words.get("software", ())),
        engineering_disciplines=norm(words.get("engineering_disciplines", ())),
        generic=norm(words.get("generic", ())),
        gig=norm(words.get("gig", ())),
        platforms=codes_table("platforms"),
        tools=tools,
        tool_roles=tool_roles,
        rules=rules,
        source=source,
    )
