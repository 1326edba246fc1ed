"""Score any list of tasks: an occupation's own O*NET tasks, a person's selection, free text.

One pure function, :func:`score_task_list`, turns a task list into a risk score with its
components, range, band, per-task contributions and caveats. Every occupation score goes through
it (the occupation's tasks with the O*NET-based time shares), and so does a person's or a
roster's own profile: same formula, same evidence, one code path.

A list holds two kinds of item (:mod:`jobrisk.scoring.task_list_items`, with the checks of
their input and the :class:`ReferenceOccupation` a list is scored against):

- :class:`CatalogTask`: an O*NET task with its evidence (labels, task-model prediction, work
  activities). Its exposure blends its labels, the *activity pool* (what the same work activity
  gets in other occupations) and the task model, as for the occupation score.
- :class:`FreeTextTask`: a task in the user's own words, with the task model's estimate for it
  (``p_e0/p_e1/p_e2``, automation, confidence). When the caller knows which O*NET work
  activities (IWAs) it performs, the activity pool adds their evidence too.

Time shares: either every item has ``time_share=None`` (the O*NET-based estimate: task type x
work-activity importance, see :mod:`jobrisk.scoring.task_weights`; this is the occupation's
default profile and the task-weight variants widen its range), or every item has an explicit
share >= 0. Explicit shares are normalised to sum to 1, with a notice when they did not; they
are the user's own, so the task-weight variants do not vary them.

The human advantage (complementarity) and the labour-market outlook are the *reference
occupation's* (:class:`ReferenceOccupation`): a task list says what work is done, not how
shielded the job is or how demand for it will move.

Example (the small fixture catalog ships with the package)::

    >>> from jobrisk.app.task_scoring import TaskScoringBasis
    >>> from jobrisk.catalog import Catalog
    >>> from jobrisk.scoring.task_list import score_task_list
    >>> from jobrisk.scoring.task_list_items import FreeTextTask
    >>> basis = TaskScoringBasis.from_catalog(Catalog.fixture())
    >>> inputs = basis.occupation_task_list("15-2051.00")
    >>> default = score_task_list(inputs.items, inputs.reference, inputs.params)
    >>> default.band in ("Low", "Moderate", "High", "Very high")
    True
    >>> two = {item.evidence.task_id: 1.0 for item in inputs.items[:2]}
    >>> extra = FreeTextTask("Write weekly summaries of model results for managers",
    ...                      p_e0=0.1, p_e1=0.7, p_e2=0.2, automation=0.4, confidence=0.8,
    ...                      time_share=1.0)
    >>> score = score_task_list((*inputs.with_time_shares(two), extra), inputs.reference,
    ...                         inputs.params)
    >>> score.notices[0]
    'Time shares summed to 3, not 1; each was divided by 3 so that they sum to 1.'
    >>> [c.provenance for c in score.contributions if c.task_id < 0]
    ['model(free text)']

Pure functions, no I/O. May import: ``jobrisk.catalog.types``, ``jobrisk.errors`` and the rest
of ``jobrisk.scoring``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from jobrisk.errors import InputError
from jobrisk.scoring.automation_share import automation_share
from jobrisk.scoring.capability_exposure import ExposureScenarios, capability_exposure
from jobrisk.scoring.human_advantage import HumanAdvantage
from jobrisk.scoring.labour_market_outlook import LabourMarketOutlook
from jobrisk.scoring.occupation_score import SensitivityResult, TaskContribution, user_components
from jobrisk.scoring.params import METHOD_VERSION, ScoringParams
from jobrisk.scoring.risk import RiskRange, demand_factor, risk_band, risk_range, risk_score, substitution_share
from jobrisk.scoring.sensitivity import UNCERTAINTY_VARIANTS, Variant
from jobrisk.scoring.task_exposure import (
    ActivityPool,
    TaskEvidence,
    TaskExposureEstimate,
    estimate_task_exposure,
    label_consensus,
)
from jobrisk.scoring.task_list_items import (
    FREE_TEXT_PROVENANCE,
    ReferenceOccupation,
    TaskListItem,
    given_shares,
    input_notices,
    item_evidence,
)
from jobrisk.scoring.task_weights import task_time_shares

#: Neutral values used, with a caveat, when a component cannot be measured or derived.
NEUTRAL_AUTOMATION = 0.5
NEUTRAL_COMPLEMENTARITY = 0.5
#: A free-text task below this model confidence is named in a caveat.
LOW_CONFIDENCE_BELOW = 0.5
#: Parameters that only change the O*NET-based time shares (not the task estimates).
TIME_WEIGHT_PARAMS = frozenset({"core_weight", "supplemental_weight", "unrated_weight", "activity_importance_power"})
#: Caveat of a reference occupation BLS does not project.
NO_PROJECTION_NOTE = (
    "No BLS projection for this occupation: the work AI could take is not set "
    "against projected demand (demand factor 1)."
)


@dataclass(frozen=True)
class TaskBasedComponents:
    """Exposure and automation of a task list from its task estimates (tasks with evidence only)."""

    estimates: tuple[TaskExposureEstimate, ...]
    time_shares: tuple[float, ...]
    exposure: ExposureScenarios
    automation: float | None


@dataclass(frozen=True)
class TaskListScore:
    """The risk of a task list: components, range, band, per-task contributions and caveats.

    task_components: every estimated task, its time share (normalised) and the aggregates.
    substitution_share: share of work time AI could take over (0-1); demand_factor: BLS
    employment 2024 / projected 2034 of the reference occupation (1 without a projection);
    risk: the 0-100 score and its range. contributions: every estimated task's part in the
    exposure, largest first. caveats: what the score cannot see; notices: what was done to the
    input (shares normalised, tasks without evidence left out). shares_given: True when the
    time shares are the caller's, False for the O*NET-based estimate.
    """

    onet_soc_code: str
    title: str
    task_components: TaskBasedComponents
    advantage: HumanAdvantage | None
    outlook: LabourMarketOutlook | None
    substitution_share: float
    demand_factor: float
    risk: RiskRange
    band: str
    contributions: tuple[TaskContribution, ...]
    sensitivity: tuple[SensitivityResult, ...]
    caveats: tuple[str, ...]
    notices: tuple[str, ...]
    shares_given: bool
    method_version: str = METHOD_VERSION

    @property
    def exposure(self) -> ExposureScenarios:
        return self.task_components.exposure

    @property
    def automation(self) -> float | None:
        return self.task_components.automation

    @property
    def risk_score(self) -> float:
        return self.risk.score

    @property
    def complementarity(self) -> float | None:
        return None if self.advantage is None else self.advantage.complementarity

    @property
    def components(self) -> dict[str, float | None]:
        """The four component values users see (0-1 each; None = no data)."""
        return user_components(self.exposure.default, self.automation, self.advantage, self.outlook)


# ---------------------------------------------------------------------- components
def _estimation_key(params: ScoringParams) -> tuple[float, float, float, float, int]:
    """The choices that change task estimates (the rest only change their aggregation)."""
    return (
        params.human_share_of_labels,
        params.own_label_weight,
        params.activity_pool_weight,
        params.model_weight,
        params.min_pool_tasks,
    )


def estimate_tasks(
    evidence: Sequence[TaskEvidence], pool: ActivityPool, params: ScoringParams
) -> list[tuple[int, TaskExposureEstimate]]:
    """(position, estimate) of every task with at least one exposure source."""
    out = []
    for position, ev in enumerate(evidence):
        est = estimate_task_exposure(ev, pool, params)
        if est is None:
            continue
        if ev.task_id < 0 and label_consensus(ev, params) is None:
            est = replace(est, provenance=est.provenance.replace("model", FREE_TEXT_PROVENANCE))
        out.append((position, est))
    return out


def aggregate_components(
    evidence: Sequence[TaskEvidence],
    estimated: Sequence[tuple[int, TaskExposureEstimate]],
    given_shares: Sequence[float] | None,
    params: ScoringParams,
) -> TaskBasedComponents | None:
    """Time shares and the two task-based components; None when no task has an estimate."""
    if not estimated:
        return None
    if given_shares is None:
        kept = [evidence[p] for p, _ in estimated]
        shares = task_time_shares([e.task_type for e in kept], [e.activity_importance for e in kept], params)
    else:
        raw = [given_shares[p] for p, _ in estimated]
        total = sum(raw)
        if total <= 0:
            return None
        shares = [s / total for s in raw]
    estimates = [est for _, est in estimated]
    return TaskBasedComponents(
        estimates=tuple(estimates),
        time_shares=tuple(shares),
        exposure=capability_exposure(estimates, shares, params.e2_weight),
        automation=automation_share(estimates, shares, params.e2_weight),
    )


def components_risk(
    components: TaskBasedComponents,
    complementarity: float,
    projected_employment_ratio: float | None,
    params: ScoringParams,
) -> float:
    """The 0-100 risk score implied by task-based components (used for every variant)."""
    automation = NEUTRAL_AUTOMATION if components.automation is None else components.automation
    return risk_score(components.exposure.default, automation, complementarity, projected_employment_ratio, params)


def task_contributions(components: TaskBasedComponents, params: ScoringParams) -> tuple[TaskContribution, ...]:
    """Every estimated task's part in the list's exposure, largest contribution first."""
    return tuple(sorted(task_rows(components, params), key=lambda r: (-r.contribution, r.task_id)))


def task_rows(components: TaskBasedComponents, params: ScoringParams) -> tuple[TaskContribution, ...]:
    """Every estimated task's part in the list's exposure, in the order of the estimates."""
    total = sum(s * est.exposure(params.e2_weight) for s, est in zip(components.time_shares, components.estimates))
    rows = []
    for share, est in zip(components.time_shares, components.estimates):
        exposure = est.exposure(params.e2_weight)
        human, gpt4 = est.source("human"), est.source("gpt4")
        model, pooled = est.source("model"), est.source("activity_pool")
        rows.append(
            TaskContribution(
                task_id=est.task_id,
                task=est.task,
                time_share=share,
                exposure=exposure,
                automation=est.automation,
                contribution=(share * exposure / total) if total > 0 else 0.0,
                provenance=est.provenance,
                disagreement=est.disagreement,
                human_label=None if human is None else _top_class(human.probs),
                gpt4_label=None if gpt4 is None else _top_class(gpt4.probs),
                model_exposure=None if model is None else model.exposure(params.e2_weight),
                pool_exposure=None if pooled is None else pooled.exposure(params.e2_weight),
                p_e1=est.probs[1],
                p_e2=est.probs[2],
                capability_automation=est.capability_automation,
                observed_automation=est.observed_automation,
            )
        )
    return tuple(rows)


def _top_class(probs: tuple[float, float, float]) -> str:
    return f"E{probs.index(max(probs))}"


# ---------------------------------------------------------------------- the score
def try_score_task_list(
    items: Sequence[TaskListItem],
    reference: ReferenceOccupation,
    params: ScoringParams,
    variants: Sequence[Variant] = UNCERTAINTY_VARIANTS,
) -> TaskListScore | None:
    """:func:`score_task_list`, or None when no task of the list has any exposure evidence."""
    if not items:
        raise InputError("A task list needs at least one task; got none.")
    given = given_shares(items)
    evidence = item_evidence(items, reference.occupation.onet_soc_code)
    by_key: dict[tuple[float, float, float, float, int], list[tuple[int, TaskExposureEstimate]]] = {}

    def components_under(p: ScoringParams) -> TaskBasedComponents | None:
        key = _estimation_key(p)
        if key not in by_key:
            by_key[key] = estimate_tasks(evidence, reference.pools.pool(p), p)
        return aggregate_components(evidence, by_key[key], given, p)

    central = components_under(params)
    if central is None:
        return None
    advantage = reference.advantage
    complementarity = NEUTRAL_COMPLEMENTARITY if advantage is None else advantage.complementarity
    ratio = None if reference.outlook is None else reference.outlook.projected_employment_ratio
    sensitivity = []
    for variant in variants:
        if given is not None and set(variant.changes) <= TIME_WEIGHT_PARAMS:
            continue  # the caller's own shares: the O*NET weight choices do not apply
        vparams = variant.apply(params)
        vcomp = central if vparams == params else components_under(vparams)
        if vcomp is not None:
            sensitivity.append(
                SensitivityResult(
                    variant.name, variant.description, components_risk(vcomp, complementarity, ratio, vparams)
                )
            )
    return _assemble(items, evidence, given, central, reference, tuple(sensitivity), params)


def score_task_list(
    items: Sequence[TaskListItem],
    reference: ReferenceOccupation,
    params: ScoringParams,
    variants: Sequence[Variant] = UNCERTAINTY_VARIANTS,
) -> TaskListScore:
    """Score ``items`` against ``reference`` under ``params``; see the module docstring.

    ``variants``: the weighting choices re-run for the uncertainty range (the occupation score's
    by default). Raises :class:`jobrisk.errors.InputError` for an empty list, time shares given
    for some tasks only, negative or non-finite shares, malformed free-text estimates, or a list
    where no task has any exposure evidence.
    """
    score = try_score_task_list(items, reference, params, variants)
    if score is None:
        raise InputError(
            f"None of the {len(items)} task(s) has any exposure evidence (no label, "
            "no task-model estimate, no work activity in the activity pool)."
        )
    return score


def _assemble(
    items: Sequence[TaskListItem],
    evidence: Sequence[TaskEvidence],
    given: Sequence[float] | None,
    components: TaskBasedComponents,
    reference: ReferenceOccupation,
    sensitivity: tuple[SensitivityResult, ...],
    params: ScoringParams,
) -> TaskListScore:
    occupation, advantage, outlook = reference.occupation, reference.advantage, reference.outlook
    caveats = [] if reference.advantage_note is None else [reference.advantage_note]
    automation = components.automation
    if automation is None:
        caveats.append(
            "No source rates automation for this occupation's exposed tasks; "
            f"automation taken as {NEUTRAL_AUTOMATION} (neutral)."
        )
    complementarity = NEUTRAL_COMPLEMENTARITY if advantage is None else advantage.complementarity
    if advantage is None:
        caveats.append(
            "No O*NET descriptors for this occupation or its SOC group; "
            f"complementarity taken as {NEUTRAL_COMPLEMENTARITY} (neutral)."
        )
    ratio = None if outlook is None else outlook.projected_employment_ratio
    factor = demand_factor(ratio, params)
    if outlook is None:
        caveats.append(NO_PROJECTION_NOTE)
    elif outlook.soc_code != occupation.soc_code:
        caveats.append(
            f"BLS projects this occupation only within {outlook.soc_code} "
            f"({outlook.projection_title}); the outlook and projected demand are "
            "that group's."
        )
    central = components_risk(components, complementarity, ratio, params)
    share = substitution_share(
        components.exposure.default, NEUTRAL_AUTOMATION if automation is None else automation, complementarity
    )
    exposure = components.exposure.default
    se_points = (100.0 * components.exposure.standard_error * (share / exposure) * factor) if exposure > 0 else 0.0
    risk = risk_range(central, [s.risk_score for s in sensitivity], se_points)
    if all("labels" not in est.provenance for est in components.estimates):
        caveats.append(
            "No task of this occupation carries a human or GPT-4 label: its exposure "
            "comes from the activity pool and the task model only."
        )
    caveats.extend(_free_text_caveats(evidence, components))
    return TaskListScore(
        onet_soc_code=occupation.onet_soc_code,
        title=occupation.title,
        task_components=components,
        advantage=advantage,
        outlook=outlook,
        substitution_share=share,
        demand_factor=factor,
        risk=risk,
        band=risk_band(central, params),
        contributions=task_contributions(components, params),
        sensitivity=sensitivity,
        caveats=tuple(caveats),
        notices=input_notices(items, given, {est.task_id for est in components.estimates}),
        shares_given=given is not None,
    )


def _free_text_caveats(evidence: Sequence[TaskEvidence], components: TaskBasedComponents) -> list[str]:
    unsure = [
        e.task
        for e in evidence
        if e.task_id < 0 and e.model_confidence is not None and e.model_confidence < LOW_CONFIDENCE_BELOW
    ]
    if not unsure:
        return []
    return [
        f"The task model is unsure about {len(unsure)} of your own task(s) (confidence below "
        f"{LOW_CONFIDENCE_BELOW}): "
        + "; ".join(repr(t) for t in unsure)
        + ". Their exposure is an estimate from similar O*NET tasks."
    ]
