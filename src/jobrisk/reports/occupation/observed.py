"""The report's observed-use parts: what AI is already used for in this occupation, per task and overall.

Built from the catalog's observed-use records (Anthropic Economic Index, latest release) and the
adoption estimate. "Not observed" stays ``None`` / "not observed", never zero use.
"""

from __future__ import annotations

from jobrisk.catalog import Catalog
from jobrisk.catalog.types import ObservedTaskUse, TaskAdoption
from jobrisk.reports.occupation.model import ObservedTaskUseRef, ObservedUse, TasksAtRisk

#: Plain-word caveat shown wherever observed use is.
CAVEAT = (
    "Observed use comes from one AI product's users (Claude.ai consumer chat) in early 2025, "
    "as classified by the Anthropic Economic Index. It shows where AI is already used, not "
    "where it could be: a task nobody was seen doing with it may still be one AI does well."
)
SOURCE_ID = "anthropic_economic_index"


def task_use_ref(use: ObservedTaskUse | None) -> ObservedTaskUseRef | None:
    if use is None:
        return None
    return ObservedTaskUseRef(
        share_pct=round(use.usage_share_pct, 4),
        automation_share=None if use.automation_share is None else round(use.automation_share, 4),
        mode=use.mode,
        release=use.release,
    )


def task_use_words(ref: ObservedTaskUseRef | None, release: str) -> str:
    """'Yes: seen in AI use (release 2025-03-27), mostly AI doing the work.' or 'Not seen ...'."""
    if ref is None:
        return f"Not seen in observed AI use (release {release})."
    mode = {"automation": ", mostly AI doing the work", "augmentation": ", mostly AI helping the person"}
    return f"Yes: seen in AI use (release {ref.release}){mode.get(ref.mode or '', '')}."


def summary_sentence(
    tasks_total: int, tasks_observed: int, automation_tasks: int, augmentation_tasks: int, release: str
) -> str:
    """'AI is already used for 6 of these 16 tasks; for most of them it does the work ...'."""
    if tasks_total == 0:
        return "O*NET lists no tasks for this occupation, so observed AI use cannot be matched to it."
    if tasks_observed == 0:
        return (
            f"None of these {tasks_total} tasks was seen in observed AI use (release {release}). "
            "That is not proof AI is not used for them: only one AI product's users were observed."
        )
    head = f"AI is already used for {tasks_observed:,} of these {tasks_total} tasks (release {release})"
    with_mode = automation_tasks + augmentation_tasks
    if with_mode == 0:
        return head + "; too few conversations to say whether it does the work or helps."
    if tasks_observed == 1:  # one task: say how, without "most of them" or a count of one
        how = "mostly doing the work" if automation_tasks else "mostly helping the person rather than doing the work"
        return f"{head}, {how}."
    if automation_tasks > augmentation_tasks:
        mode = "for most of them it does the work rather than helping"
    elif augmentation_tasks > automation_tasks:
        mode = "for most of them it helps the person rather than doing the work"
    else:
        mode = "it does the work about as often as it helps"
    unknown = tasks_observed - with_mode
    rest = f"; {unknown} with too few conversations to tell" if unknown > 0 else ""
    return f"{head}; {mode} ({automation_tasks} mostly done by AI, {augmentation_tasks} mostly helped{rest})."


def observed_use_section(catalog: Catalog, code: str, task_ids: list[int]) -> ObservedUse | None:
    """The occupation's observed-use section; None when the catalog holds no observed-use release."""
    releases = catalog.observed_use_releases()
    if not releases:
        return None
    latest = releases[-1]
    per_task = catalog.observed_task_use(code, latest.release)
    occupation = catalog.observed_occupation_use(code, latest.release)
    if occupation is not None and not occupation.observed:
        occupation = None  # no observed task: the summary says so; no 0% share (not zero use)
    modes = [per_task[i].mode for i in task_ids if i in per_task]
    automation, augmentation = modes.count("automation"), modes.count("augmentation")
    observed = sum(1 for i in task_ids if i in per_task)
    return ObservedUse(
        release=latest.release,
        data_period=latest.data_period,
        tasks_total=len(task_ids),
        tasks_observed=observed,
        observed_time_share=None if occupation is None else round(occupation.observed_time_share, 4),
        observed_time_share_percentile=None
        if occupation is None
        else round(occupation.observed_time_share_percentile, 1),
        automation_share=None
        if occupation is None or occupation.automation_share is None
        else round(occupation.automation_share, 4),
        automation_share_percentile=None
        if occupation is None or occupation.automation_share_percentile is None
        else round(occupation.automation_share_percentile, 1),
        tasks_mostly_automation=automation,
        tasks_mostly_augmentation=augmentation,
        summary=summary_sentence(len(task_ids), observed, automation, augmentation, latest.release),
        caveat=CAVEAT,
    )


def task_adoption_value(adoption: TaskAdoption | None) -> float | None:
    return None if adoption is None else round(adoption.p_adoption, 4)


def with_observed_use(catalog: Catalog, code: str, at_risk: TasksAtRisk) -> TasksAtRisk:
    """The tasks at risk with each task's observed use (or None) and adoption estimate."""
    releases = catalog.observed_use_releases()
    if not releases:
        return at_risk
    per_task = catalog.observed_task_use(code)
    adoption = catalog.task_adoption(code)
    tasks = []
    for t in at_risk.tasks:
        ref = task_use_ref(per_task.get(t.task_id))
        tasks.append(
            t.model_copy(
                update={
                    "observed_use": ref,
                    "p_adoption": task_adoption_value(adoption.get(t.task_id)),
                    "observed_summary": task_use_words(ref, releases[-1].release),
                }
            )
        )
    return at_risk.model_copy(update={"tasks": tasks})
