"""The report's observed-use parts: the summary sentence, per-task observed use, the section."""

from __future__ import annotations

from jobrisk.catalog import Catalog
from jobrisk.reports.occupation.observed import CAVEAT, observed_use_section, summary_sentence


def test_summary_says_how_many_tasks_and_which_mode_dominates() -> None:
    text = summary_sentence(16, 6, 4, 1, "2025-03-27")
    assert text.startswith("AI is already used for 6 of these 16 tasks (release 2025-03-27)")
    assert "for most of them it does the work rather than helping" in text
    assert "1 with too few conversations to tell" in text
    assert "helps the person" in summary_sentence(16, 6, 1, 4, "2025-03-27")


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
