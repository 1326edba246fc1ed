"""The report's observed-use parts: the summary sentence, per-task observed use, the section."""

from __future__ import annotations

from jobrisk.catalog import Catalog
from jobrisk.reports.occupation.model import ObservedTaskUseRef
from jobrisk.reports.occupation.observed import (
    CAVEAT,
    observed_use_section,
    summary_sentence,
    task_use_words,
    with_observed_use,
)


def test_summary_says_how_many_tasks_and_which_mode_dominates() -> None:
    text = summary_sentence(16, 6, 4, 1, "2025-03-27")
    assert text.startswith("AI is already used for 6 of these 16 tasks (release 2025-03-27)")
    assert "for most of them it does the work rather than helping" in text
    assert "1 with too few conversations to tell" in text
    assert "helps the person" in summary_sentence(16, 6, 1, 4, "2025-03-27")


def test_summary_for_one_observed_task_does_not_say_most_of_them() -> None:
    text = summary_sentence(27, 1, 0, 1, "2025-03-27")
    assert text == (
        "AI is already used for 1 of these 27 tasks (release 2025-03-27), mostly helping the person "
        "rather than doing the work."
    )


def test_summary_for_unobserved_occupation_is_not_zero_use() -> None:
    text = summary_sentence(20, 0, 0, 0, "2025-03-27")
    assert "None of these 20 tasks was seen" in text and "not proof" in text


def test_section_counts_the_occupations_observed_tasks(catalog: Catalog) -> None:
    tasks = [t.task_id for t in catalog.tasks("27-3091.00")]
    section = observed_use_section(catalog, "27-3091.00", tasks)
    assert section is not None and section.release == "2025-03-27"
    observed = catalog.observed_task_use("27-3091.00")
    assert section.tasks_observed == len(observed) > 0
    assert section.tasks_total == len(tasks)
    assert section.caveat == CAVEAT and "one AI product" in section.caveat
    roofers = observed_use_section(catalog, "47-2181.00", [t.task_id for t in catalog.tasks("47-2181.00")])
    assert roofers is not None and roofers.tasks_observed < section.tasks_observed


def test_task_line_says_observed_or_not_with_its_mode() -> None:
    seen = ObservedTaskUseRef(share_pct=0.12, automation_share=0.7, mode="automation", release="2025-03-27")
    assert task_use_words(seen, "2025-03-27") == "Yes: seen in AI use (release 2025-03-27), mostly AI doing the work."
    unknown = seen.model_copy(update={"mode": None, "automation_share": None})
    assert task_use_words(unknown, "2025-03-27") == "Yes: seen in AI use (release 2025-03-27)."
    unseen = task_use_words(None, "2025-03-27")
    assert unseen == "Not seen in observed AI use (release 2025-03-27)."


def test_report_tasks_carry_observed_use_and_its_sentence(catalog: Catalog) -> None:
    from jobrisk.reports.occupation.model import TaskRisk, TasksAtRisk

    observed = catalog.observed_task_use("27-3091.00")
    tasks = catalog.tasks("27-3091.00")
    seen_id = next(t.task_id for t in tasks if t.task_id in observed)
    unseen_id = next((t.task_id for t in tasks if t.task_id not in observed), None)
    rows = [
        TaskRisk(
            task_id=i,
            task="t",
            task_type=None,
            time_share=0.1,
            exposure=0.5,
            automation=0.5,
            risk_weight=0.0,
            automatable_share=0.25,
            provenance="human",
            confidence=None,
            why="w",
            tools=[],
        )
        for i in [seen_id] + ([unseen_id] if unseen_id is not None else [])
    ]
    out = with_observed_use(catalog, "27-3091.00", TasksAtRisk(summary="s", tasks=rows, time_shares_differ=False))
    assert out.tasks[0].observed_use is not None and out.tasks[0].observed_use.release == "2025-03-27"
    assert out.tasks[0].observed_summary.startswith("Yes: seen in AI use")
    if unseen_id is not None:
        assert out.tasks[1].observed_use is None and out.tasks[1].observed_summary.startswith("Not seen")


def test_evidence_shows_capability_and_observed_automation_side_by_side() -> None:
    from jobrisk.reports.occupation.evidence import task_evidence

    text = task_evidence("human", 0.8, 0.6, 0.3, 0.4, capability_automation=0.53, observed_automation=0.26)
    assert "automation level 0.40" in text
    assert "blends the capability estimate 0.53 with observed use" in text and "26% of the task's conversations" in text
    unblended = task_evidence("human", 0.8, 0.6, 0.3, 0.53, capability_automation=0.53, observed_automation=0.26)
    assert "blends" not in unblended  # weight 0: observed use did not move the level
    assert "blends" not in task_evidence("human", 0.8, 0.6, 0.3, 0.53, capability_automation=0.53)
