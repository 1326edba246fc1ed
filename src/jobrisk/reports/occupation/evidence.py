"""Evidence text for the report's expandable panels and its JSON: label sources, probabilities,
O*NET element ids, crosswalks. The main text (:mod:`.narrative`) never carries these; a reader
who wants to check a claim opens the panel beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobrisk.reports.occupation.format import join_names, pct, quote

PROVENANCE_TEXT = {
    "human": "the GPTs-are-GPTs human label",
    "gpt4": "the GPTs-are-GPTs GPT-4 label",
    "labels(human+gpt4)": "the GPTs-are-GPTs human and GPT-4 labels",
    "labels(human)": "the GPTs-are-GPTs human label",
    "labels(gpt4)": "the GPTs-are-GPTs GPT-4 label",
    "activity_pool": "labels of other tasks that perform the same O*NET work activity",
    "model": "jobrisk's task model (a prediction, not a label)",
}
E_CLASS_TEXT = {"E0": "not exposed", "E1": "exposed to an LLM alone", "E2": "exposed with LLM-powered tools"}


def provenance_text(provenance: str | None) -> str:
    """Plain words for a task estimate's provenance, e.g. 'labels(human+gpt4) + activity_pool'."""
    if not provenance:
        return "an unnamed source"
    parts = [PROVENANCE_TEXT.get(p.strip(), p.strip()) for p in provenance.split(" + ")]
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} blended with {parts[-1]}"


def task_evidence(
    provenance: str | None,
    exposure: float,
    p_e1: float | None,
    p_e2: float | None,
    automation: float | None,
    human_label: str | None = None,
    gpt4_label: str | None = None,
    disagreement: float | None = None,
    capability_automation: float | None = None,
    observed_automation: float | None = None,
) -> str:
    parts = [f"Exposure {exposure:.2f} from {provenance_text(provenance)}"]
    labels = [
        f"{who} label {lab} ({E_CLASS_TEXT.get(lab, lab)})"
        for who, lab in (("human", human_label), ("GPT-4", gpt4_label))
        if lab
    ]
    if labels:
        parts.append(join_names(labels))
    if p_e1 is not None and p_e2 is not None:
        parts.append(
            f"probability {p_e1:.2f} that an LLM alone halves the time, {p_e2:.2f} that it takes LLM-powered tools"
        )
    if automation is not None:
        parts.append(f"automation level {automation:.2f} (0 = AI assists a person, 1 = AI does it unattended)")
        if (
            observed_automation is not None
            and capability_automation is not None
            and automation != capability_automation
        ):
            parts.append(
                f"that level blends the capability estimate {capability_automation:.2f} with "
                f"observed use, where AI did the work in {pct(observed_automation)} of the "
                "task's conversations"
            )
    if disagreement is not None and disagreement >= 0.5:
        parts.append(f"the sources disagree (spread {disagreement:.2f})")
    return "; ".join(parts) + "."


def tool_evidence(
    task_count: int,
    tasks_total: int,
    time_share: float,
    example_task: str | None,
    example_reason: str | None,
    software: Sequence[str],
) -> str:
    parts = []
    if task_count:
        lead = f"Linked to {task_count} of {tasks_total} tasks ({pct(time_share)} of task time)"
        if example_task and example_reason:
            lead += f", e.g. {quote(example_task, 200)}: {example_reason}"
        parts.append(lead + ".")
    if software:
        parts.append(f"O*NET lists {join_names(list(software[:3]))} among this occupation's software.")
    return " ".join(parts)


def human_task_evidence(exposure: float | None, automation: float | None, limit: float | None, tasks_rated: int) -> str:
    exp = "no exposure estimate" if exposure is None else f"exposure {exposure:.2f}"
    auto = "" if automation is None else f", automation level {automation:.2f}"
    against = f"; the median of all {tasks_rated:,} rated O*NET tasks is {limit:.2f}" if limit is not None else ""
    return f"{exp}{auto}{against}."


def strength_evidence(descriptors: Sequence[tuple[str, float]], borrowed: bool) -> str:
    parts = [f"{name}: higher than in {p * 100:.0f}% of occupations" for name, p in descriptors]
    source = "O*NET ratings borrowed from the most similar rated occupations" if borrowed else "O*NET ratings"
    return (
        f"{'; '.join(parts)} ({source}). These descriptors are shields in the research on "
        "AI complementarity (Pizzinelli et al., IMF 2023; Frey & Osborne 2017)."
    )


def crosswalk_text(mapping_status: str, ambiguous: bool) -> str:
    return mapping_status + (" (approximate)" if ambiguous else "")
