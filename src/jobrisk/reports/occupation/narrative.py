"""Deterministic report text: templates filled from report fields, no language model.

The main text speaks plainly: short sentences a person reads in seconds, no label sources, element
ids or flag names (those live in :mod:`.evidence`, shown in expandable panels and the JSON).
Headlines and bottom lines have one wording for every occupation ("<Band> risk: ..."); other
sections vary their phrasing by a stable hash of the occupation code. Every sentence states only
what the fields passed in say; missing values read "no data".
"""

from __future__ import annotations

from collections.abc import Sequence

from jobrisk.reports.occupation.format import (  # noqa: F401  (re-exported for the other modules)
    NO_DATA,
    count,
    join_names,
    lower_first,
    ordinal,
    pct,
    pick,
    quote,
    score,
    sentence_task,
    signed_pct,
    upper_first,
    usd,
)

JOB_ZONE_NAMES = {
    1: "Job Zone One: little or no preparation needed",
    2: "Job Zone Two: some preparation needed",
    3: "Job Zone Three: medium preparation needed",
    4: "Job Zone Four: considerable preparation needed",
    5: "Job Zone Five: extensive preparation needed",
}


# ------------------------------------------------------------------ 1. headline
def machine_reach(name: str | None, share: float | None, language_share: float | None) -> str:
    """A second headline sentence when machines (vehicles, robots, vision) reach more work than language tools."""
    if not name or share is None or share <= (language_share or 0.0):
        return ""
    verb = "reach" if name.endswith("s") or " and " in name else "reaches"  # "vehicles and drones reach"
    return f" Machines reach further: {lower_first(name)} {verb} {pct(share)} of the working time."


def verdict(
    title: str, status: str, band: str | None, exposed: float | None, top_tool_automates: str | None, tasks_total: int
) -> str:
    """The one-sentence answer, in one wording for every occupation."""
    if status == "insufficient_data" or band is None:
        if tasks_total == 0:
            return (
                f"Not scored: O*NET lists no tasks for {title}, so how much of its work AI could do cannot be measured."
            )
        if exposed is None:
            return f"Not scored: none of the {tasks_total} tasks of {title} has an AI exposure estimate yet."
        return (
            f"Not scored: we have too little evidence for {title}; the tasks we could rate are "
            f"{pct(exposed)} exposed to AI, weighted by time."
        )
    what = f", most of all {top_tool_automates}" if top_tool_automates else ""
    if status == "derived":
        return (
            f"{band} risk: in the occupations this score is derived from, AI can already do or "
            f"speed up about {pct(exposed)} of the working time{what}."
        )
    return f"{band} risk: AI can already do or speed up about {pct(exposed)} of the working time{what}."


def derived_note(basis_detail: str | None) -> str | None:
    if not basis_detail:
        return None
    return f"This score is not from the occupation's own tasks: {lower_first(basis_detail.rstrip('.'))}."


def interpretation(
    title: str,
    risk: float | None,
    percentile: float | None,
    substitution: float | None,
    exposed: float | None,
    automation: float | None,
    complementarity: float | None,
    change_pct: float | None,
    least_exposed_task: str | None,
    most_automatable_task: str | None,
) -> list[str]:
    """What the number means: what it measures, what drives it, what would change it."""
    if risk is None:
        return []
    out = []
    where = f" That is higher than for {percentile:.0f}% of the occupations we score." if percentile is not None else ""
    out.append(
        f"The score, {risk:.0f} out of 100, estimates how much of this job's work AI could take over, "
        f"set against the jobs the U.S. Bureau of Labor Statistics expects in 2034.{where}"
    )
    drivers = []
    if exposed is not None:
        drivers.append(f"AI can already do or speed up {pct(exposed)} of the working time")
    if automation is not None:
        drivers.append(
            f"{pct(automation)} of that exposed work could run without a person"
            if automation >= 0.5
            else f"AI mostly assists rather than replaces here (automation {pct(automation)})"
        )
    if complementarity is not None:
        if complementarity >= 0.5:
            drivers.append(f"the human side of the work shields it more than in {pct(complementarity)} of occupations")
        else:
            drivers.append(
                f"the human side of the work shields it less than in {pct(1 - complementarity)} of occupations"
            )
    text = f"What drives it: {join_names(drivers)}." if drivers else ""
    if substitution is not None:
        text += f" Together that is about {pct(substitution)} of today's work time."
    if change_pct is not None:
        direction = "more" if change_pct >= 0 else "fewer"
        effect = "absorbs part of it" if change_pct >= 0 else "leaves less room"
        text += f" BLS projects {abs(change_pct):.1f}% {direction} jobs by 2034, which {effect}."
    else:
        text += " BLS publishes no projection for this occupation, so demand does not move the score."
    if text.strip():
        out.append(text.strip())
    change = []
    if least_exposed_task:
        change.append(
            f"the more of a job's time goes to work AI reaches least, such as "
            f"{quote(least_exposed_task, 220)}, the lower its risk"
        )
    if most_automatable_task:
        change.append(
            f"the score rises as tools take over work such as {quote(most_automatable_task, 220)} "
            "without a person checking it"
        )
    if change:
        out.append(f"What would change it: {'; '.join(change)}.")
    return out


def range_note(low: float | None, high: float | None, cutoffs: Sequence[float], bands: Sequence[str]) -> str | None:
    """A plain sentence when the plausible range spans more than one band."""
    if low is None or high is None or len(cutoffs) + 1 != len(bands):
        return None

    def band_of(value: float) -> int:
        return sum(1 for c in cutoffs if value >= c)

    lo, hi = band_of(low), band_of(high)
    if lo == hi:
        return None
    crossed = join_names([f"{c:.0f}" for c in cutoffs if low < c <= high])
    return (
        f"The plausible range, {low:.0f} to {high:.0f}, crosses the band line at {crossed}, so read "
        f"this as {bands[lo]} to {bands[hi].lower()} risk."
    )


# ------------------------------------------------------------------ 2. state of AI
def state_summary(
    code: str, title: str, tasks_total: int, exposed: float | None, exposed_tasks: int, tool_names: Sequence[str]
) -> str:
    if tasks_total == 0:
        base = f"O*NET lists no tasks for {title}, so we cannot say which of its work is exposed."
        if tool_names:
            return base + (
                f" The software O*NET lists for it points to these AI tool categories: "
                f"{join_names(list(tool_names[:4]))}."
            )
        return base
    if exposed is None:
        exposure_text = f"none of its {tasks_total} tasks has an exposure estimate yet"
    else:
        many = f"{exposed_tasks} are" if exposed_tasks != 1 else "1 is"
        if exposed_tasks == 0:
            many = "none is"
        exposure_text = (
            f"of the {tasks_total} tasks O*NET lists for {title}, {many} mostly within reach of "
            f"today's AI; weighted by time, {pct(exposed)} of the work is exposed"
        )
    if not tool_names:
        return f"{upper_first(exposure_text)}. No AI tool category in our catalog matches its tasks or software."
    tools = join_names(list(tool_names[:3]))
    return pick(
        [
            f"{upper_first(exposure_text)}. The AI tools that reach the most of this work: {tools}.",
            f"{upper_first(exposure_text)}. The tool categories reaching the most of the work: {tools}.",
        ],
        code,
        "state",
    )


def tool_summary(
    task_count: int, tasks_total: int, time_share: float, example_task: str | None, software: Sequence[str]
) -> str:
    parts = []
    if task_count:
        tasks = f"{task_count} of its {tasks_total} tasks" if tasks_total > 1 else "its one task"
        parts.append(
            f"Reaches {tasks}, {pct(time_share)} of the working time"
            + (f", such as {quote(example_task, 160)}" if example_task else "")
            + "."
        )
    if software:
        parts.append(f"Close to software this job already uses: {join_names(list(software[:3]))}.")
    return " ".join(parts)


# ------------------------------------------------------------------ 3. tasks at risk
def automation_words(automation: float | None) -> str:
    if automation is None:
        return "how far it could run without a person is not known"
    if automation >= 0.6:
        return "AI could do much of it without a person"
    if automation >= 0.4:
        return "AI could do parts of it alone, with a person checking"
    return "AI mostly assists a person with it"


def task_summary(exposure: float, automation: float | None) -> str:
    """'AI could do about 60% of this task without a person (85% of it is exposed)': what the list ranks."""
    if automation is None:
        return f"{pct(exposure)} exposed; {automation_words(automation)}."
    return (
        f"AI could do about {pct(exposure * automation)} of this task without a person "
        f"({pct(exposure)} of it is exposed to AI)."
    )


def tasks_summary(code: str, shown: int, tasks_total: int, share: float, shares_differ: bool) -> str:
    if tasks_total == 0:
        return "No task list: O*NET has no task statements for this occupation."
    if shown == 0:
        return "None of this occupation's tasks has a measurable AI exposure."
    weight = (
        f"; together they take {pct(share)} of the working time"
        if shares_differ
        else "; O*NET gives these tasks equal weight"
    )
    return pick(
        [
            f"The {shown} tasks AI could most take over: how exposed each is, times how far it could run "
            f"without a person, times the time it takes{weight}.",
            f"The {shown} tasks ranked by how much of them AI could do on its own, weighted by the time "
            f"they take{weight}.",
        ],
        code,
        "tasks",
    )


# ------------------------------------------------------------------ 4. what AI can't replace
def human_task_why(physical: bool, strength_phrase: str | None) -> str:
    """Why a task stays human: the rule it passed, and (when known) the strength it draws on."""
    lead = "Less exposed to AI than most tasks, and not work that machines target"
    if strength_phrase:
        return f"{lead}; it draws on {strength_phrase}."
    return f"{lead}; hands-on work." if physical else f"{lead}."


def strength_why(percentile: float, descriptors: Sequence[str], borrowed: bool) -> str:
    rely = (
        f"This job relies on it more than {percentile:.0f}% of occupations do"
        if percentile >= 50
        else f"This job relies on it more than only {percentile:.0f}% of occupations do, less than most"
    )
    detail = f" ({join_names([d.lower() for d in descriptors[:2]])})" if descriptors else ""
    return rely + detail + (", judging by similar occupations." if borrowed else ".")


def human_summary(
    code: str,
    title: str,
    tasks: int,
    physical_count: int,
    strengths: Sequence[str],
    tasks_total: int,
    rated: int,
    machines: Sequence[str],
    strong: bool,
) -> str:
    if tasks_total == 0 and not strengths:
        return f"O*NET lists no tasks and no ratings for {title} that would show what AI cannot replace."
    parts = []
    if tasks:
        physical = f"; {physical_count} of them are hands-on physical work" if physical_count else ""
        parts.append(
            pick(
                [
                    f"The work below is less exposed to AI than most tasks in the economy and is not work machines "
                    f"already take on{physical}.",
                    f"These tasks are where people remain essential: less exposed than most tasks in the economy, "
                    f"and not work that machines already target{physical}.",
                ],
                code,
                "human",
            )
        )
    elif rated:
        parts.append(
            f"None of the {rated} rated tasks of {title} is clearly out of AI's reach: each is "
            "more exposed than most tasks in the economy, automatable, or work that machines "
            "already target."
        )
    if machines:
        verb = "reaches" if len(machines) == 1 else "reach"
        parts.append(
            f"{join_names(list(machines))} already {verb} some of the hands-on work; below, what "
            "such tools do and what still needs a person."
        )
    if strengths:
        lead = "What shields the job" if strong else "Its human strengths are modest; the strongest"
        parts.append(f"{lead}: {join_names([lower_first(s) for s in strengths[:3]])}.")
    return " ".join(parts)


def borrowed_note(title: str, donors: Sequence[str], basis: str) -> str:
    how = (
        "that share the most work activities with it"
        if basis == "shared work activities"
        else "in the same occupation group"
    )
    return (
        f"O*NET has not rated the skills and work context of {title}, so the strengths and skills in "
        f"this report are borrowed from the most similar rated occupations, {how}: "
        f"{join_names(list(donors))}."
    )


# ------------------------------------------------------------------ 5. score breakdown
#: One label per component, used by the report, the compare page and the API.
COMPONENT_LABELS = {
    "exposure": "Exposure",
    "automation": "Automation",
    "complementarity": "Human advantage",
    "outlook": "Labour-market outlook",
}
COMPONENT_TEXT = {
    "exposure": (
        COMPONENT_LABELS["exposure"],
        "raises",
        "Share of the working time current AI can do or speed up by half or more.",
    ),
    "automation": (
        COMPONENT_LABELS["automation"],
        "raises",
        "How far the exposed work could run without a person, rather than with AI assisting.",
    ),
    "complementarity": (
        COMPONENT_LABELS["complementarity"],
        "lowers",
        "How well care, physical work, responsibility, costly judgement and creativity shield "
        "the job, against all occupations.",
    ),
    "outlook": (
        COMPONENT_LABELS["outlook"],
        "lowers",
        "Projected job growth and openings to 2034, against all occupations; growing demand absorbs "
        "part of the work AI could take.",
    ),
}

SCENARIO_TEXT = {
    "llm_alone": "A language model alone",
    "default": "Default: counting half of what tools add",
    "llm_with_tools": "A language model with tools",
}


def breakdown_summary(
    status: str,
    risk: float | None,
    low: float | None,
    high: float | None,
    substitution: float | None,
    change_pct: float | None,
) -> str:
    if status == "insufficient_data" or risk is None:
        return "No score breakdown: this occupation has no risk score."
    text = f"Risk score {score(risk)}, plausible range {score(low)} to {score(high)}."
    if substitution is not None:
        text += f" AI could take over about {pct(substitution)} of today's work time"
        if change_pct is None:
            text += "; with no BLS projection, that share is the score."
        else:
            direction = "more" if change_pct >= 0 else "fewer"
            text += f", set against the {abs(change_pct):.1f}% {direction} jobs BLS projects by 2034."
    return text


def research_summary(title: str, n: int, percentiles: Sequence[float]) -> str:
    if n == 0:
        return f"No published measure covers {title} in our crosswalks."
    if not percentiles:
        return f"{n} published measure(s) cover {title}; percentiles are not available."
    lo, hi = min(percentiles), max(percentiles)
    if n == 1 or lo == hi:
        return f"Published research places {title} at the {ordinal(lo)} percentile of occupations."
    return (
        f"{n} published measures place {title} between the {ordinal(lo)} and {ordinal(hi)} "
        "percentile of occupations; each uses its own method."
    )


# ------------------------------------------------------------------ 7. bottom line
def bottom_line(
    title: str,
    status: str,
    band: str | None,
    exposed: float | None,
    top_exposure: str | None,
    shield: str | None,
    first_step: str | None,
) -> str:
    """Verdict, biggest exposure, strongest shield, first step: one short paragraph."""
    step = f" First step: {lower_first(first_step.rstrip('.'))}." if first_step else ""
    if status == "insufficient_data" or band is None:
        return (
            f"We cannot score {title} from its own tasks yet, so treat any claim about AI replacing "
            f"it with caution.{step}"
        )
    parts = [f"{band} risk for {title}."]
    if exposed is not None and top_exposure:
        parts.append(f"AI can already do or speed up about {pct(exposed)} of the work, most of all {top_exposure}.")
    elif exposed is not None:
        parts.append(f"AI can already do or speed up about {pct(exposed)} of the work.")
    if shield and first_step and first_step.rstrip(".").lower() == f"build on {shield.lower()}":
        parts.append(f"The strongest shield is {lower_first(shield)}: build on it first.")
        step = ""  # the first step is the shield itself: said once
    elif shield:
        parts.append(f"The strongest shield is {lower_first(shield)}.")
    return " ".join(parts) + step
