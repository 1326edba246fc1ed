"""The duties an O*NET description names, for occupations O*NET lists no tasks for.

O*NET publishes no tasks, ratings, related occupations or job zone for the military occupations
(SOC major group 55), only a description such as "... Duties include operating aircraft
communications and radar equipment; operating aircraft weapons and defensive systems; ...".
:func:`description_duties` splits that list into single duties, so the action steps can offer
each one to the task scorer (``/tasks/score?task=...``), which rates it and names the civilian
O*NET tasks closest to it. Where the description names no duty, the duties come from the
occupations the description points to, found from the data, never written per occupation:

- a first-line supervisor ("Supervisors may also perform the same activities as the workers they
  supervise") takes the duties of the occupation it supervises, found by its exact title; when no
  title matches ("Weapons Specialists/Crew Members"), those of the occupations of its major group
  whose title and description share the most words with the supervised workers' name (ties kept,
  up to three; workers another supervisor names exactly are left to that supervisor);
- an "All Other" occupation ("All military officer ... not listed separately") takes the duties
  of the other occupations of its SOC broad occupation (55-1019 from 55-1011 to 55-1017).

Duties drawn from several occupations are taken in turn, each occupation's first duty first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import zip_longest
from urllib.parse import urlencode

from jobrisk.catalog.types import Occupation
from jobrisk.reports.occupation.format import join_names, lower_first, quote
from jobrisk.reports.occupation.model import ActionItem, ActionStep

_DUTIES = re.compile(r"\bDuties include (?P<list>[^.]+(?:\.(?=\w)[^.]*)*)\.", re.IGNORECASE)
_SPLIT = re.compile(r";\s*(?:and\s+)?")
_SUPERVISOR = re.compile(r"^First-Line Supervisors of (?P<who>.+)$")
_ALL_OTHER = ", All Other"
_WORD = re.compile(r"[a-z]+")
#: Words that say nothing about which workers are meant.
_NOT_NAMING = frozenset(
    {"all", "other", "of", "and", "the", "or", "a", "an", "not", "listed", "separately", "classified", "above"}
)
SCORE_TASK_URL = "/tasks/score"
BROWSE_URL = "/occupations"
MILITARY_GROUP = "55"
#: Occupations a supervisor without an exact match borrows duties from, at most.
SUPERVISED_SOURCES = 3
#: Said where the task scorer is not part of the site (a static site built without the app).
NEEDS_APP = "Scoring needs the jobrisk app (run jobrisk serve, then open Score a task)."
#: Said once, in the first step, where the duties are listed without links.
NEEDS_APP_DUTIES = (
    "Scoring these duties and your own tasks needs the jobrisk app (run jobrisk serve, then open Score a task)."
)


@dataclass(frozen=True)
class Duties:
    duties: tuple[str, ...]
    owners: tuple[str, ...]  # per duty, the title of the occupation whose description lists it
    kind: str  # 'own' | 'supervised' (workers found by title or shared words) | 'group'

    @property
    def sources(self) -> list[str]:
        """The occupations the duties come from, in order of first appearance."""
        return list(dict.fromkeys(self.owners))


def _split(description: str) -> list[str]:
    match = _DUTIES.search(description or "")
    if not match:
        return []
    parts = [p.strip().rstrip(",") for p in _SPLIT.split(match.group("list"))]
    parts = [re.sub(r"^and\s+", "", p) for p in parts if len(p.split()) >= 2]
    return [p[0].upper() + p[1:] for p in parts]


def _words(text: str) -> set[str]:
    out = set()
    for word in _WORD.findall(text.lower()):
        if word not in _NOT_NAMING:
            out.add(word[:-1] if len(word) > 4 and word.endswith("s") else word)
    return out


def _in_turn(sources: list[Occupation], kind: str) -> Duties | None:
    lists = [[(d, o.title) for d in _split(o.description or "")] for o in sources]
    pairs = [p for row in zip_longest(*lists) for p in row if p is not None]
    if not pairs:
        return None
    return Duties(tuple(d for d, _ in pairs), tuple(t for _, t in pairs), kind)


def _supervised(occ: Occupation, who: str, occupations: Mapping[str, Occupation]) -> Duties | None:
    others = [o for o in occupations.values() if o.onet_soc_code != occ.onet_soc_code]
    exact = [o for o in others if o.title.lower() == who.lower()]
    if exact:
        return _in_turn(exact[:1], "supervised")
    named_elsewhere = {m.group("who").lower() for o in others if (m := _SUPERVISOR.match(o.title))}
    wanted = _words(who)
    scored = []
    for other in sorted(others, key=lambda o: o.onet_soc_code):
        if (
            other.major_group != occ.major_group
            or _SUPERVISOR.match(other.title)
            or other.title.lower() in named_elsewhere
            or not _split(other.description or "")
        ):
            continue
        shared = len(wanted & _words(f"{other.title} {other.description}"))
        if shared:
            scored.append((shared, other))
    if not scored:
        return None
    best = max(s for s, _ in scored)
    return _in_turn([o for s, o in scored if s == best][:SUPERVISED_SOURCES], "supervised")


def description_duties(occ: Occupation, occupations: Mapping[str, Occupation]) -> Duties | None:
    """The duties ``occ``'s description lists, or those of the occupations it points to (see the
    module docstring); None when neither names any."""
    own = _split(occ.description or "")
    if own:
        return Duties(tuple(own), (occ.title,) * len(own), "own")
    match = _SUPERVISOR.match(occ.title)
    if match:
        return _supervised(occ, match.group("who").strip(), occupations)
    if occ.title.endswith(_ALL_OTHER) and occ.soc_code:
        broad = occ.soc_code[:6]
        siblings = sorted(
            (
                o
                for o in occupations.values()
                if o.soc_code and o.soc_code[:6] == broad and o.onet_soc_code != occ.onet_soc_code
            ),
            key=lambda o: o.onet_soc_code,
        )
        return _in_turn(siblings, "group")
    return None


def score_task_url(duty: str, scorer_url: str = SCORE_TASK_URL) -> str:
    """The task scorer's shareable GET link for one duty."""
    return f"{scorer_url}?{urlencode({'task': duty})}"


#: Duties offered per step (the first ones in the description's order, which is O*NET's).
DUTIES_SHOWN = 3


def _source_text(occ: Occupation, duties: Duties | None) -> str:
    if duties is None:
        return f"O*NET describes {occ.title} only in general terms and lists no tasks or ratings for it. "
    names = join_names(duties.sources, "and")
    if duties.kind == "own":
        return f"O*NET names these duties for {occ.title}, but no tasks or ratings to measure them by. "
    if duties.kind == "supervised":
        who = _SUPERVISOR.match(occ.title)
        workers = who.group("who").lower() if who else "its workers"
        return (
            f"O*NET describes {occ.title} only as supervising {workers}, whose work they may also do, and "
            f"lists no tasks or ratings; these are the duties it names for {names}. "
        )
    described = quote(lower_first((occ.description or "").strip().rstrip(".")), 200)
    return (
        f"O*NET describes {occ.title} only as {described}, with no tasks or ratings; these are the duties it "
        f"names for the other occupations of its group: {names}. "
    )


def duty_steps(
    occ: Occupation, duties: Duties | None, *, scorer_url: str | None = SCORE_TASK_URL, browse_url: str = BROWSE_URL
) -> list[ActionStep]:
    """The five action steps for an occupation O*NET describes but lists no tasks, ratings or
    related occupations for (the military occupations): each step works from the duties its
    description names (or those of the occupations it points to), through the task scorer, and
    says plainly what O*NET does not publish. Without ``scorer_url`` (a static site without the
    app) the duties are listed without links and the steps say where scoring is done."""
    listed = list(duties.duties) if duties else []
    owner = dict(zip(duties.duties, duties.owners)) if duties else {}
    several = duties is not None and len(duties.sources) > 1
    civilian = "civilian " if occ.major_group == MILITARY_GROUP else "other "
    first, rest = listed[:DUTIES_SHOWN], listed[DUTIES_SHOWN : DUTIES_SHOWN * 2]
    needs_app = "" if scorer_url else " " + NEEDS_APP_DUTIES

    def link(duty: str | None = None) -> str | None:
        if scorer_url is None:
            return None
        return score_task_url(duty, scorer_url) if duty else scorer_url

    own_tasks = ActionItem(
        label="Score your own tasks",
        detail=(
            "Describe the tasks you actually do, in your own words: the task scorer shows how "
            "exposed each is and which O*NET tasks it resembles."
        ),
        url=link(),
    )

    def scored(duty: str, what: str) -> ActionItem:
        whose = f" A duty of {owner[duty]}." if several else ""
        return ActionItem(label=f"Score the duty {quote(lower_first(duty), 200)}", detail=what + whose, url=link(duty))

    strengthen = [scored(d, "How far AI could do it or speed it up.") for d in first] or [own_tasks]
    tools = [scored(d, f"The {civilian}O*NET tasks closest to it, and how exposed they are.") for d in rest] or [
        own_tasks
    ]
    adjacent = ActionItem(
        label=f"Find {civilian}work like yours",
        detail=(
            f"Score a duty you do: the scorer lists the O*NET tasks most like it and the {civilian}occupations "
            f"they belong to. Open those occupations' reports to compare their risk, wage and outlook."
        ),
        url=link(listed[0] if listed else None),
    )
    credentials = ActionItem(
        label=f"Look up the {civilian}occupation you aim for",
        detail=(
            "Each report lists O*NET's preparation level (Job Zone) and the entry education BLS "
            "gives for it; browse them by field."
        ),
        url=browse_url,
    )
    duty_text = _source_text(occ, duties)
    return [
        ActionStep(
            kind="strengthen",
            title="Strengthen what AI handles worst",
            text=duty_text
            + (
                "Score each duty: the ones AI reaches least are what to build on."
                if listed
                else "Score the tasks you do: the ones AI reaches least are what to build on."
            )
            + needs_app,
            items=strengthen,
        ),
        ActionStep(
            kind="master_tools",
            title="Master the AI tools that reach your work",
            text=(
                f"Our AI tool categories attach to O*NET tasks and software, which O*NET does not list for "
                f"{occ.title}; the {civilian}tasks closest to your duties show which tools apply."
            ),
            items=tools,
        ),
        ActionStep(
            kind="move_adjacent",
            title="Know your lower-risk neighbours",
            text=(
                f"O*NET links {occ.title} to no {civilian}occupation, and it has no score to compare with, "
                "so the neighbours have to be found from the work itself."
            ),
            items=[adjacent],
        ),
        ActionStep(
            kind="credentials",
            title="Plan education and credentials",
            text=f"O*NET and BLS list no preparation level or entry education for {occ.title}.",
            items=[credentials],
        ),
        ActionStep(
            kind="reshape_work",
            title="Reshape your week",
            text=(
                "Without a task list we cannot say which of this work to hand off or keep; your own tasks "
                "can: score them and move time to the least exposed."
            ),
            items=[own_tasks],
        ),
    ]
