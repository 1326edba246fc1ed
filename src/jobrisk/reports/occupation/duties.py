"""The duties an O*NET description names, for occupations O*NET lists no tasks for.

O*NET publishes no tasks, ratings, related occupations or job zone for the military occupations
(SOC major group 55), only a description such as "... Duties include operating aircraft
communications and radar equipment; operating aircraft weapons and defensive systems; ...".
:func:`description_duties` splits that list into single duties, so the action steps can offer
each one to the task scorer (``/tasks/score?task=...``), which rates it and names the civilian
O*NET tasks closest to it. A first-line supervisor whose own description names no duty
("Supervisors may also perform the same activities as the workers they supervise") takes the
duties of the occupation it supervises, found by its exact title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from jobrisk.catalog.types import Occupation
from jobrisk.reports.occupation.format import lower_first, quote
from jobrisk.reports.occupation.model import ActionItem, ActionStep

_DUTIES = re.compile(r"\bDuties include (?P<list>[^.]+(?:\.(?=\w)[^.]*)*)\.", re.IGNORECASE)
_SPLIT = re.compile(r";\s*(?:and\s+)?")
_SUPERVISOR = re.compile(r"^First-Line Supervisors of (?P<who>.+)$")
SCORE_TASK_URL = "/tasks/score"
MILITARY_GROUP = "55"


@dataclass(frozen=True)
class Duties:
    duties: tuple[str, ...]
    source_code: str        # the occupation whose description lists them
    source_title: str


def _split(description: str) -> list[str]:
    match = _DUTIES.search(description or "")
    if not match:
        return []
    parts = [p.strip().rstrip(",") for p in _SPLIT.split(match.group("list"))]
    parts = [re.sub(r"^and\s+", "", p) for p in parts if len(p.split()) >= 2]
    return [p[0].upper() + p[1:] for p in parts]


def description_duties(occ: Occupation, occupations: Mapping[str, Occupation]) -> Duties | None:
    """The duties ``occ``'s description lists (or, for a supervisor, those of the supervised occupation)."""
    own = _split(occ.description or "")
    if own:
        return Duties(tuple(own), occ.onet_soc_code, occ.title)
    match = _SUPERVISOR.match(occ.title)
    if match:
        who = match.group("who").strip().lower()
        for other in occupations.values():
            if other.title.lower() == who and other.onet_soc_code != occ.onet_soc_code:
                theirs = _split(other.description or "")
                if theirs:
                    return Duties(tuple(theirs), other.onet_soc_code, other.title)
    return None


def score_task_url(duty: str) -> str:
    """The task scorer's shareable GET link for one duty."""
    return f"{SCORE_TASK_URL}?{urlencode({'task': duty})}"


#: Duties offered per step (the first ones in the description's order, which is O*NET's).
DUTIES_SHOWN = 3
BROWSE_URL = "/occupations"


def duty_steps(occ: Occupation, duties: Duties | None) -> list[ActionStep]:
    """The five action steps for an occupation O*NET describes but lists no tasks, ratings or
    related occupations for (the military occupations): each step works from the duties its
    description names, through the task scorer, and says plainly what O*NET does not publish."""
    listed = list(duties.duties) if duties else []
    civilian = "civilian " if occ.major_group == MILITARY_GROUP else "other "
    borrowed = duties is not None and duties.source_code != occ.onet_soc_code
    first, rest = listed[:DUTIES_SHOWN], listed[DUTIES_SHOWN:DUTIES_SHOWN * 2]
    own_tasks = ActionItem(label="Score your own tasks",
                           detail=("Describe the tasks you actually do, in your own words: the task scorer shows how "
                                   "exposed each is and which O*NET tasks it resembles."),
                           url=SCORE_TASK_URL)

    def scored(duty: str, what: str) -> ActionItem:
        return ActionItem(label=f"Score the duty {quote(lower_first(duty), 200)}", detail=what, url=score_task_url(duty))

    strengthen = [scored(d, "How far AI could do it or speed it up.") for d in first] or [own_tasks]
    tools = [scored(d, f"The {civilian}O*NET tasks closest to it, and how exposed they are.") for d in rest] \
        or [own_tasks]
    adjacent = ActionItem(
        label=f"Find {civilian}work like yours",
        detail=(f"Score a duty you do: the scorer lists the O*NET tasks most like it and the {civilian}occupations "
                f"they belong to. Open those occupations' reports to compare their risk, wage and outlook."),
        url=score_task_url(listed[0]) if listed else SCORE_TASK_URL)
    credentials = ActionItem(
        label=f"Look up the {civilian}occupation you aim for",
        detail=("Each report lists O*NET's preparation level (Job Zone) and the entry education BLS "
                "gives for it; browse them by field."),
        url=BROWSE_URL)
    reshape = [own_tasks]
    if borrowed and duties is not None:
        duty_text = (f"O*NET describes {occ.title} only as supervising {duties.source_title}, whose work they may "
                     f"also do, and lists no tasks or ratings; these are the duties it names for {duties.source_title}. ")
    elif listed:
        duty_text = f"O*NET names these duties for {occ.title}, but no tasks or ratings to measure them by. "
    else:
        duty_text = f"O*NET describes {occ.title} only in general terms and lists no tasks or ratings for it. "
    return [
        ActionStep(kind="strengthen", title="Strengthen what AI handles worst",
                   text=duty_text + ("Score each duty: the ones AI reaches least are what to build on." if listed else
                                     "Score the tasks you do: the ones AI reaches least are what to build on."),
                   items=strengthen),
        ActionStep(kind="master_tools", title="Master the AI tools that reach your work",
                   text=(f"Our AI tool categories attach to O*NET tasks and software, which O*NET does not list for "
                         f"{occ.title}; the {civilian}tasks closest to your duties show which tools apply."),
                   items=tools),
        ActionStep(kind="move_adjacent", title="Know your lower-risk neighbours",
                   text=(f"O*NET links {occ.title} to no {civilian}occupation, and it has no score to compare with, "
                         "so the neighbours have to be found from the work itself."),
                   items=[adjacent]),
        ActionStep(kind="credentials", title="Plan education and credentials",
                   text=f"O*NET and BLS list no preparation level or entry education for {occ.title}.",
                   items=[credentials]),
        ActionStep(kind="reshape_work", title="Reshape your week",
                   text=("Without a task list we cannot say which of this work to hand off or keep; your own tasks "
                         "can: score them and move time to the least exposed."),
                   items=reshape),
    ]
