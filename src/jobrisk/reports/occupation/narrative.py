"""Deterministic report text: templates filled from report fields, no language model.

Phrasing varies between occupations (so a hundred pages don't read like a mail merge) but is
chosen deterministically from the occupation code, so the same data always gives the same text.
Every sentence states only what the fields passed in say; missing values read "no data".
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

NO_DATA = "no data"

PROVENANCE_TEXT = {
    "human": "the GPTs-are-GPTs human label",
    "gpt4": "the GPTs-are-GPTs GPT-4 label",
    "labels(human+gpt4)": "the GPTs-are-GPTs human and GPT-4 labels",
    "labels(human)": "the GPTs-are-GPTs human label",
    "labels(gpt4)": "the GPTs-are-GPTs GPT-4 label",
    "activity_pool": "labels of other tasks that perform the same O*NET work activity",
    "model": "jobrisk's task model (a prediction, not a label)",
}

JOB_ZONE_NAMES = {
    1: "Job Zone One: little or no preparation needed",
    2: "Job Zone Two: some preparation needed",
    3: "Job Zone Three: medium preparation needed",
    4: "Job Zone Four: considerable preparation needed",
    5: "Job Zone Five: extensive preparation needed",
}


# ------------------------------------------------------------------ formatting
def pick(options: Sequence[str], key: str, slot: str) -> str:
    """One of ``options``, chosen by a stable hash of ``key`` and ``slot``."""
    return options[zlib.crc32(f"{key}|{slot}".encode()) % len(options)]


def pct(share: float | None, digits: int = 0) -> str:
    """A 0-1 share as a percentage ('42%'), or 'no data'."""
    if share is None:
        return NO_DATA
    return f"{share * 100:.{digits}f}%"


def usd(value: float | None) -> str:
    return NO_DATA if value is None else f"${value:,.0f}"


def count(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:,.0f}"


def signed_pct(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:+.1f}%"


def score(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:.0f}"


def quote(text: str, limit: int = 110) -> str:
    text = text.strip().rstrip(".")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"
    return f"\u201c{text}\u201d"


def join_names(names: Sequence[str], conj: str = "and") -> str:
    names = [n for n in names if n]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {conj} {names[-1]}"


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym or brand (RPA, AutoML)."""
    if not text:
        return text
    first = text.split()[0]
    if any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


# ------------------------------------------------------------------ 1. headline
def verdict(code: str, title: str, status: str, band: str | None, exposed: float | None,
            top_tool_automates: str | None, human_task: str | None, tasks_total: int) -> str:
    if status == "insufficient_data" or band is None:
        if tasks_total == 0:
            return (f"Not enough data to score {title}: O*NET lists no tasks for this occupation, "
                    "so its AI exposure cannot be measured from its own work.")
        if exposed is None:
            return (f"Not scored: none of the {tasks_total} tasks of {title} has an AI exposure "
                    "estimate yet, so its exposure cannot be measured.")
        return (f"Not scored: the risk score needs more evidence than we have for {title}; "
                f"the tasks we could rate are {pct(exposed)} exposed, weighted by time.")
    level = band.lower()
    lead = {"low": ["Unlikely to be replaced", "Low risk", "Mostly out of AI's reach"],
            "moderate": ["Partly exposed", "Moderate risk", "Changing, not disappearing"],
            "high": ["Highly exposed", "High risk", "Much of the work is within AI's reach"],
            "very high": ["Very highly exposed", "Very high risk", "Most of the work is within AI's reach"],
            }.get(level, [f"{band} risk"])
    head = pick(lead, code, "verdict-lead")
    what = f", mostly {top_tool_automates}" if top_tool_automates else ""
    keep = f" The work that stays most human: {lower_first(quote(human_task, 80))}." if human_task else ""
    if status == "derived":
        return (f"{head}: in the occupations its score is derived from, AI can do or speed up about "
                f"{pct(exposed)} of the task time.")
    body = pick([
        f"current AI can do or speed up about {pct(exposed)} of the task time{what}.",
        f"about {pct(exposed)} of the work, weighted by time, is exposed to today's AI{what}.",
        f"AI tools reach roughly {pct(exposed)} of the task time{what}.",
    ], code, "verdict-body")
    return f"{head}: {body}{keep}"


def derived_note(basis_detail: str | None) -> str | None:
    if not basis_detail:
        return None
    return f"This score is not from the occupation's own tasks: {lower_first(basis_detail.rstrip('.'))}."


# ------------------------------------------------------------------ 2. state of AI
def state_summary(code: str, title: str, tasks_total: int, exposed: float | None,
                  exposed_tasks: int, tool_names: Sequence[str]) -> str:
    if tasks_total == 0:
        base = f"O*NET lists no tasks for {title}, so we cannot say which of its work is exposed."
        if tool_names:
            return base + (f" The software O*NET lists for it points to these AI tool categories: "
                           f"{join_names(list(tool_names[:4]))}.")
        return base
    if exposed is None:
        exposure_text = f"none of its {tasks_total} tasks has an exposure estimate yet"
    else:
        many = (f"{exposed_tasks} of its {tasks_total} tasks are" if exposed_tasks != 1
                else f"1 of its {tasks_total} tasks is")
        if exposed_tasks == 0:
            many = f"none of its {tasks_total} tasks is"
        exposure_text = (f"{many} mostly exposed to large language models or tools built on them; "
                         f"weighted by time, {pct(exposed)} of the work is exposed")
    if not tool_names:
        return f"{exposure_text[0].upper()}{exposure_text[1:]}. No AI tool category in our catalog matches its tasks or software."
    tools = join_names(list(tool_names[:3]))
    return pick([
        f"{exposure_text[0].upper()}{exposure_text[1:]}. The AI tools that reach this work are led by {tools}.",
        f"For {title}, {exposure_text}. Most relevant tool categories: {tools}.",
        f"{exposure_text[0].upper()}{exposure_text[1:]}; the tool categories with the most to do here are {tools}.",
    ], code, "state")


def tool_reason(task_count: int, tasks_total: int, time_share: float, example_task: str | None,
                example_reason: str | None, software: Sequence[str]) -> str:
    parts = []
    if task_count:
        lead = (f"Linked to {task_count} of {tasks_total} tasks ({pct(time_share)} of task time)")
        if example_task and example_reason:
            lead += f", e.g. {quote(example_task, 90)}: {example_reason}"
        parts.append(lead + ".")
    if software:
        parts.append(f"O*NET lists {join_names(list(software[:3]))} among this occupation's software.")
    return " ".join(parts)


# ------------------------------------------------------------------ 3. tasks at risk
def provenance_text(provenance: str | None) -> str:
    """Plain words for a task estimate's provenance, e.g. 'labels(human+gpt4) + activity_pool'."""
    if not provenance:
        return "an unnamed source"
    parts = [PROVENANCE_TEXT.get(p.strip(), p.strip()) for p in provenance.split(" + ")]
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} blended with {parts[-1]}"


E_CLASS_TEXT = {"E0": "not exposed", "E1": "exposed to an LLM alone", "E2": "exposed with LLM-powered tools"}


def task_why(provenance: str | None, exposure: float, p_e1: float | None, p_e2: float | None,
             automation: float | None, human_label: str | None = None, gpt4_label: str | None = None,
             disagreement: float | None = None) -> str:
    parts = [f"Exposure {exposure:.2f} from {provenance_text(provenance)}"]
    labels = [f"{who} label {lab} ({E_CLASS_TEXT.get(lab, lab)})"
              for who, lab in (("human", human_label), ("GPT-4", gpt4_label)) if lab]
    if labels:
        parts.append(join_names(labels))
    if p_e1 is not None and p_e2 is not None:
        parts.append(f"probability {p_e1:.2f} that an LLM alone halves the time, {p_e2:.2f} that it "
                     "takes LLM-powered tools")
    if automation is not None:
        parts.append(f"automation level {automation:.2f}")
    if disagreement is not None and disagreement >= 0.5:
        parts.append(f"the sources disagree (spread {disagreement:.2f})")
    return "; ".join(parts) + "."


def tasks_summary(code: str, shown: int, tasks_total: int, share: float) -> str:
    if tasks_total == 0:
        return "No task list: O*NET has no task statements for this occupation."
    if shown == 0:
        return "None of this occupation's tasks has a measurable AI exposure."
    legend = (" Exposure is the share of a task's time an LLM or LLM-powered tool could save; the "
              "automation level runs from 0 (AI assists a person) to 1 (AI does the task unattended).")
    return pick([
        (f"The {shown} tasks where exposure, automation and time spent add up most; together "
         f"{pct(share)} of task time."),
        (f"Ranked by exposure \u00d7 automation \u00d7 time share: these {shown} tasks take "
         f"{pct(share)} of the time."),
    ], code, "tasks") + legend


# ------------------------------------------------------------------ 4. what AI can't replace
def human_task_why(exposure: float | None, physical: bool, time_share: float,
                   machines: Sequence[str] = ()) -> str:
    exp = "no exposure estimate" if exposure is None else f"exposure {exposure:.2f}"
    if physical:
        kind = "hands-on physical work"
    elif exposure is not None and exposure > 0.25:
        kind = "among the least exposed of this job's tasks"
    else:
        kind = "work AI does not yet do or speed up"
    watch = (f" Language models barely reach it, but {join_names([lower_first(m) for m in machines])} "
             "target this kind of work." if machines else "")
    return f"{pct(time_share, 1)} of task time, {exp}: {kind}.{watch}"


def strength_why(importance: float | None, r: float, n: int) -> str:
    imp = "importance not rated" if importance is None else f"importance {importance:.1f}/5 here"
    degree = "somewhat less" if r > -0.2 else "less"
    return (f"{imp}; across {n} occupations, those that rely on it more are {degree} exposed to AI "
            f"(r = {r:.2f}).")


def human_summary(code: str, title: str, tasks: Sequence[str], physical_count: int,
                  strengths: Sequence[str], tasks_total: int, least_exposure: float | None) -> str:
    if not tasks and not strengths:
        if tasks_total == 0:
            return (f"O*NET lists no tasks and no skill ratings for {title} that would show what AI "
                    "cannot replace.")
        return f"No task of {title} has an exposure estimate yet, so we cannot say which work stays human."
    parts = []
    physical = (f"; {physical_count} of them are hands-on physical work" if physical_count else "")
    if tasks and least_exposure is not None:
        parts.append(f"Every task of {title} is at least partly exposed (the least exposed at "
                     f"{pct(least_exposure)}); these are the tasks AI reaches least{physical}.")
    elif tasks:
        parts.append(pick([
            f"The most time-consuming tasks with little AI exposure are the core of what stays human{physical}.",
            f"These high-weight, low-exposure tasks are where people remain essential{physical}.",
        ], code, "human"))
    elif tasks_total == 0:
        parts.append(f"O*NET lists no tasks for {title}, but its skill ratings point to what stays human.")
    if strengths:
        lead = "Behind them" if tasks else "Strengths that go with lower AI exposure"
        parts.append(f"{lead}: {join_names(list(strengths[:4]))}.")
    return " ".join(parts)


# ------------------------------------------------------------------ 5. score breakdown
COMPONENT_TEXT = {
    "exposure": ("Capability exposure", "raises",
                 "Time-weighted share of tasks current AI can do or speed up by half or more."),
    "automation": ("Automation share", "raises",
                   "How far exposed tasks could run without a person, rather than with AI as an assistant."),
    "complementarity": ("Human advantage", "lowers",
                        ("Social and care work, physical work, responsibility for others, consequence of "
                         "error and creativity, read from O*NET descriptors.")),
    "outlook": ("Labour-market outlook", "lowers",
                ("Projected employment growth and openings (BLS 2024-2034), as a percentile among occupations. "
                 "The score sets the work AI could take against the jobs BLS projects for 2034, so projected "
                 "growth lowers it and projected decline raises it.")),
}

SCENARIO_TEXT = {"llm_alone": "LLM alone", "default": "Default (\u03b2)", "llm_with_tools": "LLM with tools"}


def breakdown_summary(code: str, status: str, components: dict[str, float | None],
                      risk: float | None, low: float | None, high: float | None,
                      substitution: float | None = None, demand_factor: float | None = None,
                      change_pct: float | None = None) -> str:
    if status == "insufficient_data" or risk is None:
        return "No score breakdown: this occupation has no risk score."
    def listed(keys: tuple[str, ...]) -> str:
        return join_names([f"{COMPONENT_TEXT[k][0].lower()} {pct(components[k])}" for k in keys
                           if components.get(k) is not None])
    up, down = listed(("exposure", "automation")), listed(("complementarity",))
    text = f"Risk score {score(risk)} (plausible range {score(low)}\u2013{score(high)})"
    if up:
        text += f": {up} push it up"
    if down:
        text += f"{';' if up else ':'} {down} pulls it down (higher means more human advantage)"
    text += "."
    if substitution is not None and demand_factor is not None:
        text += f" AI could take over about {pct(substitution)} of the work time"
        if change_pct is None:
            text += "; BLS publishes no projection for this occupation, so that share is the score."
        else:
            direction = "more" if change_pct >= 0 else "fewer"
            text += (f"; BLS projects {abs(change_pct):.1f}% {direction} jobs by 2034, so it is set against "
                     f"that demand (demand factor {demand_factor:.2f} = jobs in 2024 / jobs in 2034).")
    return text


def ordinal(value: float) -> str:
    n = round(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def crosswalk_text(mapping_status: str, ambiguous: bool) -> str:
    return mapping_status + (" (approximate)" if ambiguous else "")


def research_summary(title: str, n: int, percentiles: Sequence[float]) -> str:
    if n == 0:
        return f"No published measure covers {title} in our crosswalks."
    if not percentiles:
        return f"{n} published measure(s) cover {title}; percentiles are not available."
    lo, hi = min(percentiles), max(percentiles)
    if n == 1 or lo == hi:
        return (f"Published research places {title} at the {ordinal(lo)} percentile of occupations "
                "(method and vintage beside each measure).")
    return (f"{n} published measures place {title} between the {ordinal(lo)} and {ordinal(hi)} "
            "percentile of occupations; each uses its own method and vintage, shown beside it.")


# ------------------------------------------------------------------ 7. bottom line
def bottom_line(code: str, title: str, status: str, band: str | None, exposed: float | None,
                top_tool: str | None, human_task: str | None, first_action: str | None) -> str:
    if status == "insufficient_data" or band is None:
        base = (f"We cannot score {title} from its own tasks yet, so treat any claim about AI "
                "replacing it with caution.")
        return base + (f" Start here: {lower_first(first_action)}" if first_action else "")
    parts = [pick([
        f"{title}: {band.lower()} risk.",
        f"Bottom line for {title}: {band.lower()} risk.",
    ], code, "bottom")]
    if exposed is not None and top_tool:
        parts.append(f"AI reaches about {pct(exposed)} of the task time, with {top_tool} closest to the work.")
    elif exposed is not None:
        parts.append(f"AI reaches about {pct(exposed)} of the task time.")
    if human_task:
        parts.append(f"What keeps people needed: {lower_first(quote(human_task, 90))}.")
    if first_action:
        parts.append(f"First step: {lower_first(first_action)}")
    return " ".join(parts)
