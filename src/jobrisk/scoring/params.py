"""Every weighting choice of the risk score, in one frozen object, and the method version.

Change a default here and you change the method: bump :data:`METHOD_VERSION` and add a line to
the version history in ``docs/method.md``. The validation report (``jobrisk occupations
validate``) re-scores every occupation under alternative values of these parameters and reports
how much the ranking moves (rank sensitivity), so no weight stands without its sensitivity.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

#: Version of the scoring method. Bump it whenever a default below or a formula changes.
METHOD_VERSION = "1.2.0"

#: Exposure value of each GPTs-are-GPTs rubric class under the default scenario (beta):
#: E0 no exposure, E1 an LLM alone cuts task time >= 50 %, E2 only with LLM-powered tools.
E_CLASSES = ("E0", "E1", "E2")


@dataclass(frozen=True)
class ScoringParams:
    """All choices of the scoring method (defaults are the published method).

    Task time weights (see :mod:`jobrisk.scoring.task_weights`):
        core_weight, supplemental_weight, unrated_weight: relative time weight of a task by its
            O*NET task type. 2 : 1 is the ``coreweight`` convention of GPTs-are-GPTs; unrated tasks
            (O*NET gives no type) sit halfway.
        activity_importance_power: the task weight is multiplied by
            ``(importance of the task's work activities in this occupation / 5) ** power``.
            0 switches the work-activity importance off; 1 is proportional.

    Task exposure (see :mod:`jobrisk.scoring.task_exposure`), each source a probability vector
    over E0/E1/E2; the blend is a weighted mean over the sources a task has:
        human_share_of_labels: weight of the human label against the GPT-4 label in the
            task's own label consensus (0.5 = equal; they agree on ~2/3 of tasks).
        own_label_weight: weight of the task's own label consensus.
        activity_pool_weight: weight of the *activity pool*: the mean label of every other
            labelled task (any occupation) that performs the same O*NET intermediate work
            activity (IWA). Smooths single-label noise with what the same activity gets elsewhere.
        model_weight: weight of the task model's out-of-fold prediction.
        min_pool_tasks: an IWA is used in the pool only when at least this many other labelled
            tasks perform it.

    Observed use (see :func:`jobrisk.scoring.task_exposure.informed_automation`):
        observed_automation_weight: where people already use AI for a task (Anthropic Economic
            Index, enough conversations to classify), the weight of the observed automation share
            (AI doing the work) against the capability sources' automation level. 0 = capability
            only; 1 = observed use wins. Exposure is never changed by observed use.

    Capability scenarios (see :mod:`jobrisk.scoring.capability_exposure`):
        e2_weight: exposure credited to an E2 task ("with LLM-powered tools") in the default
            scenario. 0 = "LLM alone" (alpha), 1 = "LLM + tools" (gamma), 0.5 = beta.

    Human advantage (see :mod:`jobrisk.scoring.human_advantage`):
        facet_weights: relative weight of each complementarity facet (equal by default).

    Risk (see :mod:`jobrisk.scoring.risk`):
        projected_demand: set the substitutable work against BLS's projected 2034 employment
            (``demand_factor = employment 2024 / employment 2034``); False = factor 1 (the
            validation report's "no projected demand" variant). A switch, not a weight.
        band_cutoffs: risk-score cut-offs (0-100) between Low | Moderate | High | Very high.
        peer_min_occupations: a task-less occupation is derived from its SOC group only when at
            least this many peers there have their own score.
    """

    core_weight: float = 2.0
    supplemental_weight: float = 1.0
    unrated_weight: float = 1.5
    activity_importance_power: float = 1.0

    human_share_of_labels: float = 0.5
    own_label_weight: float = 0.5
    activity_pool_weight: float = 0.5
    model_weight: float = 0.5
    min_pool_tasks: int = 3

    observed_automation_weight: float = 0.5

    e2_weight: float = 0.5

    facet_weights: tuple[tuple[str, float], ...] = field(
        default=(
            ("social_and_care", 1.0),
            ("physical_and_manual", 1.0),
            ("responsibility_for_others", 1.0),
            ("consequence_of_error", 1.0),
            ("creativity", 1.0),
        )
    )

    projected_demand: bool = True
    band_cutoffs: tuple[float, float, float] = (15.0, 30.0, 45.0)
    peer_min_occupations: int = 1

    def __post_init__(self) -> None:
        for name in (
            "core_weight",
            "supplemental_weight",
            "unrated_weight",
            "activity_importance_power",
            "own_label_weight",
            "activity_pool_weight",
            "model_weight",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"ScoringParams.{name} must be >= 0; got {getattr(self, name)!r}")
        for name in ("human_share_of_labels", "e2_weight", "observed_automation_weight"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"ScoringParams.{name} must be in [0, 1]; got {value!r}")
        if self.own_label_weight + self.activity_pool_weight + self.model_weight <= 0:
            raise ValueError("ScoringParams: at least one task-exposure source needs a weight > 0")
        low, mid, high = self.band_cutoffs
        if not 0 < low < mid < high < 100:
            raise ValueError(f"ScoringParams.band_cutoffs must rise within (0, 100); got {self.band_cutoffs!r}")

    def with_changes(self, **changes: object) -> ScoringParams:
        """A copy with some choices changed (used by the sensitivity analysis)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def facet_weight_map(self) -> dict[str, float]:
        return dict(self.facet_weights)


DEFAULT_PARAMS = ScoringParams()
