"""The items of a task list and what a list is scored against (:mod:`jobrisk.scoring.task_list`).

:class:`CatalogTask` (an O*NET task with its evidence) and :class:`FreeTextTask` (a task in the
user's own words with the task model's estimate), the checks of their time shares and
estimates, the evidence each item gives the task estimate, and :class:`ReferenceOccupation`
(the human advantage, outlook and activity pools a list is scored against).

Pure functions, no I/O. May import: ``jobrisk.catalog.types``, ``jobrisk.errors`` and the rest
of ``jobrisk.scoring``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from jobrisk.catalog.types import Occupation
from jobrisk.errors import InputError
from jobrisk.scoring.human_advantage import HumanAdvantage
from jobrisk.scoring.labour_market_outlook import LabourMarketOutlook
from jobrisk.scoring.params import ScoringParams
from jobrisk.scoring.task_exposure import ActivityPool, SourceEstimate, TaskEvidence, activity_pool
from jobrisk.scoring.task_weights import task_time_shares

#: Explicit time shares within this of 1 count as summing to 1 (no notice).
SHARE_SUM_TOLERANCE = 1e-6
#: The provenance of a free-text task's task-model estimate.
FREE_TEXT_PROVENANCE = "model(free text)"


@dataclass(frozen=True)
class CatalogTask:
    """An O*NET task of the catalog in a task list.

    time_share: share of work time (any scale; the list is normalised), or None for the O*NET-based
    estimate (then every item of the list must be None).
    """

    evidence: TaskEvidence
    time_share: float | None = None


@dataclass(frozen=True)
class FreeTextTask:
    """A task in the user's own words, with the task model's estimate for it.

    p_e0 / p_e1 / p_e2: the model's probabilities of the GPTs-are-GPTs classes (sum to 1).
    automation: expected automation level (0-1) if AI is applied, None if unknown. confidence:
    the model's confidence (0-1). iwa_ids: O*NET intermediate work activities the task performs,
    when known (the activity pool then adds their evidence). time_share: as for CatalogTask.
    """

    text: str
    p_e0: float
    p_e1: float
    p_e2: float
    automation: float | None
    confidence: float
    time_share: float | None = None
    iwa_ids: tuple[str, ...] = ()


TaskListItem = CatalogTask | FreeTextTask


class ActivityPools:
    """The activity pool (:class:`ActivityPool`) of every labelled catalog task, per parameter set.

    The pool depends on ``human_share_of_labels`` and ``min_pool_tasks``; each pool is built once,
    on first use, from the labelled tasks given here (every occupation's, not only the reference's).
    """

    def __init__(self, evidence: Sequence[TaskEvidence]):
        self._labelled = tuple(e for e in evidence if e.human_exposure is not None or e.gpt4_exposure is not None)
        self._pools: dict[tuple[float, int], ActivityPool] = {}

    def pool(self, params: ScoringParams) -> ActivityPool:
        key = (params.human_share_of_labels, params.min_pool_tasks)
        found = self._pools.get(key)
        if found is None:
            found = self._pools[key] = activity_pool(self._labelled, params)
        return found

    @property
    def labelled_tasks(self) -> int:
        return len(self._labelled)


@dataclass(frozen=True)
class ReferenceOccupation:
    """What a task list is scored against: the occupation's human advantage and outlook.

    advantage_note: says where the advantage comes from when it is not the occupation's own
    (its SOC group's mean), else None. pools: the activity pools of the whole catalog.
    """

    occupation: Occupation
    advantage: HumanAdvantage | None
    advantage_note: str | None
    outlook: LabourMarketOutlook | None
    pools: ActivityPools = field(repr=False, compare=False)


def given_shares(items: Sequence[TaskListItem]) -> list[float] | None:
    """The explicit shares (checked), or None when every item takes the O*NET-based estimate."""
    given = [i for i, item in enumerate(items) if item.time_share is not None]
    if not given:
        return None
    if len(given) != len(items):
        missing = [i + 1 for i, item in enumerate(items) if item.time_share is None]
        raise InputError(
            f"Time shares: give a share for every task or for none; task(s) at position "
            f"{', '.join(map(str, missing))} of {len(items)} have none."
        )
    shares = [float(item.time_share) for item in items]  # type: ignore[arg-type]
    bad = [f"{i + 1} ({s!r})" for i, s in enumerate(shares) if not (math.isfinite(s) and s >= 0)]
    if bad:
        raise InputError(f"Time shares must be finite and >= 0; got task(s) at position {', '.join(bad)}.")
    if sum(shares) <= 0:
        raise InputError("Time shares sum to 0: give at least one task a share above 0.")
    return shares


def _check_free_text(item: FreeTextTask, position: int) -> None:
    probs = (item.p_e0, item.p_e1, item.p_e2)
    if not all(math.isfinite(p) and 0.0 <= p <= 1.0 for p in probs) or abs(sum(probs) - 1.0) > 1e-3:
        raise InputError(
            f"Free-text task at position {position} ({item.text!r}): p_e0, p_e1, "
            f"p_e2 must be probabilities summing to 1; got {probs!r}."
        )
    if item.automation is not None and not 0.0 <= item.automation <= 1.0:
        raise InputError(
            f"Free-text task at position {position} ({item.text!r}): automation "
            f"must be in [0, 1]; got {item.automation!r}."
        )


def item_evidence(items: Sequence[TaskListItem], onet_soc_code: str) -> list[TaskEvidence]:
    """Each item as the evidence the estimate reads; a free-text task gets id -(position)."""
    out = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, CatalogTask):
            out.append(item.evidence)
            continue
        _check_free_text(item, position)
        out.append(
            TaskEvidence(
                task_id=-position,
                onet_soc_code=onet_soc_code,
                task=item.text,
                task_type=None,
                model=SourceEstimate("model", (item.p_e0, item.p_e1, item.p_e2), item.automation),
                model_confidence=item.confidence,
                iwa_ids=tuple(sorted(set(item.iwa_ids))),
            )
        )
    return out


def input_notices(
    items: Sequence[TaskListItem], given: Sequence[float] | None, kept_task_ids: Set[int]
) -> tuple[str, ...]:
    """What was done to the input: shares normalised, tasks without evidence left out (when the
    shares are the caller's). ``kept_task_ids``: the tasks that got an estimate."""
    out = []
    if given is not None:
        total = sum(given)
        if abs(total - 1.0) > SHARE_SUM_TOLERANCE:
            hint = " (they look like percentages)" if abs(total - 100.0) < 0.5 else ""
            out.append(
                f"Time shares summed to {total:g}, not 1{hint}; each was divided by {total:g} so that they sum to 1."
            )
    dropped = []
    for position, item in enumerate(items, start=1):
        task_id = item.evidence.task_id if isinstance(item, CatalogTask) else -position
        if task_id not in kept_task_ids:
            dropped.append(item.evidence.task if isinstance(item, CatalogTask) else item.text)
    if dropped and given is not None:
        out.append(
            f"{len(dropped)} task(s) have no exposure evidence and were left out; the "
            "other tasks' shares were rescaled to sum to 1: " + "; ".join(repr(t) for t in dropped) + "."
        )
    return tuple(out)


def reference_task_shares(items: Sequence[TaskListItem], params: ScoringParams) -> Mapping[int, float]:
    """The O*NET-based time share of each catalog task in ``items`` (task id -> 0-1), over all of
    them: what a form shows before the user sets their own shares."""
    catalog_items = [i.evidence for i in items if isinstance(i, CatalogTask)]
    shares = task_time_shares(
        [e.task_type for e in catalog_items], [e.activity_importance for e in catalog_items], params
    )
    return {e.task_id: s for e, s in zip(catalog_items, shares)}
