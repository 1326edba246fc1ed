"""The weighting choices re-run to give each score its uncertainty range.

Each variant changes one choice of :class:`ScoringParams`; an occupation's ``risk_low`` and
``risk_high`` span its score under all of them (plus one standard error of task noise). The
validation report also measures how much each variant moves the whole ranking. Pure data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jobrisk.scoring.params import ScoringParams


@dataclass(frozen=True)
class Variant:
    """One alternative choice: a name, what it means, and the parameters it changes."""

    name: str
    description: str
    changes: Mapping[str, object]

    def apply(self, params: ScoringParams) -> ScoringParams:
        return params.with_changes(**self.changes)


#: Variants behind every score's uncertainty range (label disagreement, smoothing and model,
#: task weights).
UNCERTAINTY_VARIANTS: tuple[Variant, ...] = (
    Variant("human_labels", "human label wherever humans and GPT-4 disagree", {"human_share_of_labels": 1.0}),
    Variant("gpt4_labels", "GPT-4 label wherever humans and GPT-4 disagree", {"human_share_of_labels": 0.0}),
    Variant("no_activity_pool", "no smoothing by the activity pool", {"activity_pool_weight": 0.0}),
    Variant("no_model", "task model not used", {"model_weight": 0.0}),
    Variant("model_weighted_double", "task model weighted twice the task's own labels", {"model_weight": 1.0}),
    Variant(
        "task_type_weights_only", "task weights from Core/Supplemental type only", {"activity_importance_power": 0.0}
    ),
    Variant(
        "equal_task_weights",
        "every task weighs the same",
        {"core_weight": 1.0, "supplemental_weight": 1.0, "unrated_weight": 1.0, "activity_importance_power": 0.0},
    ),
)

#: Further choices whose effect on the ranking the validation report measures (not part of the
#: per-occupation range: they change what the score means rather than how well it is measured).
REPORT_VARIANTS: tuple[Variant, ...] = (
    Variant("llm_alone", "exposure counts E1 only (LLM alone)", {"e2_weight": 0.0}),
    Variant("llm_with_tools", "exposure counts E1 and E2 fully (LLM + tools)", {"e2_weight": 1.0}),
    Variant("pool_weighted_up", "activity pool weight 1.0 (labels 0.5)", {"activity_pool_weight": 1.0}),
    Variant(
        "strict_activity_pool", "an IWA enters the pool only with 10+ other labelled tasks", {"min_pool_tasks": 10}
    ),
    Variant("importance_squared", "work-activity importance squared", {"activity_importance_power": 2.0}),
    Variant("no_projected_demand", "BLS projected employment ignored (demand factor 1)", {"projected_demand": False}),
    Variant(
        "capability_automation_only", "observed AI use does not inform automation", {"observed_automation_weight": 0.0}
    ),
    Variant(
        "observed_automation_wins",
        "observed automation share replaces capability automation wherever a task is observed",
        {"observed_automation_weight": 1.0},
    ),
    *(
        Variant(
            f"without_{facet}",
            f"complementarity without the {facet.replace('_', ' ')} facet",
            {
                "facet_weights": tuple(
                    (f, 0.0 if f == facet else 1.0)
                    for f in (
                        "social_and_care",
                        "physical_and_manual",
                        "responsibility_for_others",
                        "consequence_of_error",
                        "creativity",
                    )
                )
            },
        )
        for facet in (
            "social_and_care",
            "physical_and_manual",
            "responsibility_for_others",
            "consequence_of_error",
            "creativity",
        )
    ),
)
