"""Per-task AI exposure from labels, the activity pool and the task model, with provenance.

Every source states a probability vector over the GPTs-are-GPTs classes (E0 none, E1 LLM alone,
E2 with LLM-powered tools) and, where it can, an automation level (T0-T4 as 0-1):

- ``human`` / ``gpt4``: the task's own GPTs-are-GPTs labels (one-hot). Combined into the
  ``labels`` consensus by ``human_share_of_labels``.
- ``activity_pool``: the mean label consensus of every *other* labelled task, in any occupation,
  that performs the same O*NET intermediate work activity (IWA). Single labels are noisy (humans
  and GPT-4 agree on two tasks in three); what the same activity gets elsewhere smooths them, and
  it gives evidence for tasks that carry no label at all.
- ``model``: the task model's out-of-fold prediction (never trained on this task's label).

The task's estimate is the weighted mean of the sources it has (weights from ScoringParams,
renormalised over the sources present). ``provenance`` names them. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jobrisk.scoring.params import ScoringParams

Probs = tuple[float, float, float]

_ONE_HOT: dict[str, Probs] = {"E0": (1.0, 0.0, 0.0), "E1": (0.0, 1.0, 0.0), "E2": (0.0, 0.0, 1.0)}
_T_LEVELS = {"T0": 0.0, "T1": 0.25, "T2": 0.5, "T3": 0.75, "T4": 1.0}


@dataclass(frozen=True)
class TaskEvidence:
    """Everything known about one O*NET task that the score uses.

    human_exposure / gpt4_exposure: GPTs-are-GPTs class 'E0' | 'E1' | 'E2', None if unlabelled.
    gpt4_automation: 'T0'..'T4' (GPT-4 automation rubric), None if unlabelled.
    model / model_confidence: the task model's out-of-fold prediction (its estimate, source
        'model') and the model's confidence in it (0-1).
    iwa_ids: the O*NET intermediate work activities the task performs (via its DWAs).
    activity_importance: mean O*NET importance (1-5) of the task's work activities in this
        occupation; None when unknown.
    observed_automation: in observed AI use (Anthropic Economic Index, latest release), the
        share of the task's conversations where AI does the work (directive + feedback loop);
        None when the task is not observed or has too few conversations to classify.
    """

    task_id: int
    onet_soc_code: str
    task: str
    task_type: str | None
    human_exposure: str | None = None
    gpt4_exposure: str | None = None
    gpt4_automation: str | None = None
    model: SourceEstimate | None = None
    model_confidence: float | None = None
    iwa_ids: tuple[str, ...] = ()
    activity_importance: float | None = None
    observed_automation: float | None = None  # observed-use automation share (AI does the work),
    #                                           None when not observed or too few conversations


@dataclass(frozen=True)
class SourceEstimate:
    """One source's view of a task: class probabilities and automation level (0-1, or None)."""

    source: str  # 'human' | 'gpt4' | 'labels' | 'activity_pool' | 'model'
    probs: Probs
    automation: float | None

    def exposure(self, e2_weight: float) -> float:
        return self.probs[1] + e2_weight * self.probs[2]


@dataclass(frozen=True)
class TaskExposureEstimate:
    """The blended estimate for one task, with the sources it came from.

    probs: blended P(E0), P(E1), P(E2). automation: expected automation level 0-1 of the task
    if AI is applied to it (None when no source rates automation). sources: every source seen,
    including the separate human and GPT-4 labels. provenance: the blended sources, e.g.
    'labels(human+gpt4) + activity_pool + model'. disagreement: spread (max - min) of the
    sources' default-scenario exposure, 0 when there is a single source.
    """

    task_id: int
    onet_soc_code: str
    task: str
    probs: Probs
    automation: float | None
    sources: tuple[SourceEstimate, ...]
    provenance: str
    disagreement: float
    capability_automation: float | None = None  # the sources' automation before observed use
    observed_automation: float | None = None  # the observed automation share that informed it

    def exposure(self, e2_weight: float) -> float:
        """Exposure of the task: P(E1) + e2_weight * P(E2)."""
        return self.probs[1] + e2_weight * self.probs[2]

    def source(self, name: str) -> SourceEstimate | None:
        return next((s for s in self.sources if s.source == name), None)


@dataclass(frozen=True)
class ActivityPool:
    """Label totals per IWA over all labelled tasks: iwa_id -> (sum P(E0), P(E1), P(E2), n,
    sum automation, n automation)."""

    totals: Mapping[str, tuple[float, float, float, int, float, int]]
    min_pool_tasks: int


def automation_level(t_level: str | None) -> float | None:
    """'T0'..'T4' -> 0, 0.25, 0.5, 0.75, 1 (None when missing or unknown)."""
    return None if t_level is None else _T_LEVELS.get(t_level)


def label_consensus(evidence: TaskEvidence, params: ScoringParams) -> SourceEstimate | None:
    """The task's own labels combined: human and GPT-4 one-hot vectors, mixed by
    ``human_share_of_labels`` when both exist; either alone otherwise."""
    human = _ONE_HOT.get(evidence.human_exposure or "")
    gpt4 = _ONE_HOT.get(evidence.gpt4_exposure or "")
    automation = automation_level(evidence.gpt4_automation)
    if human and gpt4:
        share, rest = params.human_share_of_labels, 1.0 - params.human_share_of_labels
        probs = (
            share * human[0] + rest * gpt4[0],
            share * human[1] + rest * gpt4[1],
            share * human[2] + rest * gpt4[2],
        )
        return SourceEstimate("labels", probs, automation)
    if human or gpt4:
        return SourceEstimate("labels", human or gpt4, automation)  # type: ignore[arg-type]
    return None


def activity_pool(evidence: Iterable[TaskEvidence], params: ScoringParams) -> ActivityPool:
    """Totals of the label consensus per IWA over every labelled task."""
    totals: dict[str, list[float]] = {}
    for task in evidence:
        consensus = label_consensus(task, params)
        if consensus is None:
            continue
        for iwa in set(task.iwa_ids):
            row = totals.setdefault(iwa, [0.0, 0.0, 0.0, 0, 0.0, 0])
            for k in range(3):
                row[k] += consensus.probs[k]
            row[3] += 1
            if consensus.automation is not None:
                row[4] += consensus.automation
                row[5] += 1
    frozen = {k: (v[0], v[1], v[2], int(v[3]), v[4], int(v[5])) for k, v in totals.items()}
    return ActivityPool(frozen, params.min_pool_tasks)


def pooled_estimate(
    evidence: TaskEvidence, pool: ActivityPool, params: ScoringParams, own: SourceEstimate | None = None
) -> SourceEstimate | None:
    """Mean label of the other tasks sharing this task's IWAs (the task's own label left out),
    averaged over its IWAs with at least ``min_pool_tasks`` such tasks; None if there are none.
    ``own``: the task's label consensus when already computed."""
    if own is None:
        own = label_consensus(evidence, params)
    per_iwa: list[tuple[Probs, float | None]] = []
    for iwa in sorted(set(evidence.iwa_ids)):
        total = pool.totals.get(iwa)
        if total is None:
            continue
        s0, s1, s2, n, sa, na = total
        if own is not None:
            s0, s1, s2, n = s0 - own.probs[0], s1 - own.probs[1], s2 - own.probs[2], n - 1
            if own.automation is not None:
                sa, na = sa - own.automation, na - 1
        if n < pool.min_pool_tasks:
            continue
        per_iwa.append(((s0 / n, s1 / n, s2 / n), sa / na if na > 0 else None))
    if not per_iwa:
        return None
    probs = tuple(sum(p[k] for p, _ in per_iwa) / len(per_iwa) for k in range(3))
    autos = [a for _, a in per_iwa if a is not None]
    return SourceEstimate(
        "activity_pool",
        probs,  # type: ignore[arg-type]
        sum(autos) / len(autos) if autos else None,
    )


def _blend(weighted: list[tuple[SourceEstimate, float]]) -> tuple[Probs, float | None]:
    total = p0 = p1 = p2 = auto_num = auto_den = 0.0
    for source, weight in weighted:
        total += weight
        p0 += source.probs[0] * weight
        p1 += source.probs[1] * weight
        p2 += source.probs[2] * weight
        if source.automation is not None:
            auto_num += source.automation * weight
            auto_den += weight
    automation = auto_num / auto_den if auto_den > 0 else None
    return (p0 / total, p1 / total, p2 / total), automation


def estimate_task_exposure(
    evidence: TaskEvidence, pool: ActivityPool, params: ScoringParams
) -> TaskExposureEstimate | None:
    """Blend the task's sources into one estimate; None when the task has no source at all."""
    labels = label_consensus(evidence, params)
    pooled = pooled_estimate(evidence, pool, params, labels) if params.activity_pool_weight > 0 else None
    model = evidence.model
    weighted = [
        (s, w)
        for s, w in (
            (labels, params.own_label_weight),
            (pooled, params.activity_pool_weight),
            (model, params.model_weight),
        )
        if s is not None and w > 0
    ]
    if not weighted:
        return None
    probs, capability = _blend(weighted)
    automation = informed_automation(capability, evidence.observed_automation, params.observed_automation_weight)
    seen: list[SourceEstimate] = []
    for label, name in ((evidence.human_exposure, "human"), (evidence.gpt4_exposure, "gpt4")):
        if label in _ONE_HOT:
            seen.append(
                SourceEstimate(
                    name, _ONE_HOT[label], automation_level(evidence.gpt4_automation) if name == "gpt4" else None
                )
            )
    seen += [s for s in (labels, pooled, model) if s is not None]
    views = [s.exposure(params.e2_weight) for s in seen if s.source != "labels"]
    return TaskExposureEstimate(
        task_id=evidence.task_id,
        onet_soc_code=evidence.onet_soc_code,
        task=evidence.task,
        probs=probs,
        automation=automation,
        sources=tuple(seen),
        provenance=_provenance(evidence, [s for s, _ in weighted]),
        disagreement=(max(views) - min(views)) if len(views) > 1 else 0.0,
        capability_automation=capability,
        observed_automation=evidence.observed_automation,
    )


def informed_automation(capability: float | None, observed: float | None, observed_weight: float) -> float | None:
    """A task's automation level, informed by observed use where people already use AI for it.

    ``(1 - w) x capability + w x observed`` with ``w = observed_weight``; the capability value
    alone when the task is not observed (not observed is not zero use) or ``w`` is 0; the
    observed share alone when no capability source rates automation.
    """
    if observed is None or observed_weight <= 0.0:
        return capability
    if not 0.0 <= observed <= 1.0:
        raise ValueError(f"informed_automation: observed must be in [0, 1]; got {observed!r}")
    if capability is None:
        return observed
    return (1.0 - observed_weight) * capability + observed_weight * observed


def _provenance(evidence: TaskEvidence, used: list[SourceEstimate]) -> str:
    parts = []
    for source in used:
        if source.source == "labels":
            who = [
                n for n, v in (("human", evidence.human_exposure), ("gpt4", evidence.gpt4_exposure)) if v in _ONE_HOT
            ]
            parts.append(f"labels({'+'.join(who)})")
        else:
            parts.append(source.source)
    return " + ".join(parts)
