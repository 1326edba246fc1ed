"""Task scoring use case: gather what :func:`jobrisk.scoring.task_list.score_task_list` needs.

:class:`TaskScoringBasis` reads, once per catalog, what every task list is scored with: every
O*NET task's evidence, the activity pools, and every occupation as a reference (human advantage
and outlook). From it, :meth:`TaskScoringBasis.occupation_task_list` returns one occupation's
tasks with their O*NET-based time shares and its reference, and
:meth:`TaskScoringBasis.free_text_tasks` turns a person's own task texts into list items with the
task model's estimates. The career audit, the roster audit and batch scoring then call::

    inputs = basis.occupation_task_list("15-2051.00")
    score = score_task_list(inputs.items, inputs.reference, inputs.params)

Runnable example on the fixture catalog::

    >>> from jobrisk.catalog import Catalog
    >>> from jobrisk.scoring.task_list import score_task_list
    >>> basis = TaskScoringBasis.from_catalog(Catalog.fixture())
    >>> inputs = basis.occupation_task_list("43-9021.00")
    >>> score = score_task_list(inputs.items, inputs.reference, inputs.params)
    >>> round(sum(inputs.default_time_shares.values()), 6)
    1.0
    >>> first = inputs.items[0].evidence.task_id
    >>> mine = inputs.with_time_shares({first: 3.0, inputs.items[1].evidence.task_id: 1.0})
    >>> len(score_task_list(mine, inputs.reference, inputs.params).contributions)
    2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from jobrisk.catalog import Catalog
from jobrisk.errors import InputError, NotFoundError
from jobrisk.app.scoring_inputs import gather_inputs
from jobrisk.scoring.params import DEFAULT_PARAMS, ScoringParams
from jobrisk.scoring.scorebook import ScoringInputs, activity_pools, occupation_task_list, references
from jobrisk.scoring.task_list_items import CatalogTask, FreeTextTask, ReferenceOccupation, reference_task_shares

if TYPE_CHECKING:
    from jobrisk.models.task_exposure import TaskExposureModel
    from jobrisk.models.task_exposure.model import TaskScore


@dataclass(frozen=True)
class TaskListInputs:
    """Everything needed to score one occupation's task list, or a person's variant of it.

    items: the occupation's O*NET tasks (``time_share=None``: the O*NET-based estimate; scoring
    them as they are reproduces the occupation score exactly). default_time_shares: that
    estimate per task id (0-1, sums to 1), for forms that start from it.
    """

    items: tuple[CatalogTask, ...]
    reference: ReferenceOccupation
    params: ScoringParams
    default_time_shares: Mapping[int, float]

    def with_time_shares(self, shares: Mapping[int, float]) -> tuple[CatalogTask, ...]:
        """The tasks named in ``shares`` (task id -> share, any scale), in the occupation's order,
        with those shares; tasks left out are not part of the list. Unknown ids: InputError."""
        known = {item.evidence.task_id for item in self.items}
        unknown = sorted(set(shares) - known)
        if unknown:
            raise InputError(
                f"Task id(s) {', '.join(map(str, unknown))} are not tasks of "
                f"{self.reference.occupation.onet_soc_code} ({self.reference.occupation.title}); "
                f"its task ids are {', '.join(map(str, sorted(known)))}."
            )
        return tuple(
            replace(item, time_share=shares[item.evidence.task_id])
            for item in self.items
            if item.evidence.task_id in shares
        )


class TaskScoringBasis:
    """What scoring task lists needs from one catalog, read once (a few seconds on the full
    catalog) and then answered from memory."""

    def __init__(self, inputs: ScoringInputs, params: ScoringParams = DEFAULT_PARAMS):
        self.inputs = inputs
        self.params = params
        self.pools = activity_pools(inputs)
        self.references = references(inputs, params, self.pools)

    @classmethod
    def from_catalog(cls, catalog: Catalog, params: ScoringParams = DEFAULT_PARAMS) -> TaskScoringBasis:
        return cls(gather_inputs(catalog), params)

    def reference(self, onet_soc_code: str) -> ReferenceOccupation:
        """The occupation a task list is scored against; NotFoundError for an unknown code."""
        found = self.references.get(onet_soc_code)
        if found is None:
            raise NotFoundError(
                f"No occupation with O*NET-SOC code {onet_soc_code!r} in the catalog "
                f"({len(self.references)} occupations; codes look like '15-2051.00')"
            )
        return found

    def occupation_task_list(self, onet_soc_code: str) -> TaskListInputs:
        """The occupation's O*NET tasks, its reference and the parameters."""
        reference = self.reference(onet_soc_code)
        items = occupation_task_list(self.inputs, onet_soc_code)
        return TaskListInputs(
            items=items,
            reference=reference,
            params=self.params,
            default_time_shares=reference_task_shares(items, self.params),
        )

    @staticmethod
    def free_text_tasks(
        model: TaskExposureModel,
        texts: Sequence[str],
        time_shares: Sequence[float | None] | None = None,
        onet_soc_code: str | None = None,
    ) -> tuple[FreeTextTask, ...]:
        """Task-list items for ``texts`` with the task model's estimates (the occupation's
        context used when ``onet_soc_code`` is given). ``time_shares``: one per text, or None."""
        if time_shares is not None and len(time_shares) != len(texts):
            raise InputError(
                f"Got {len(texts)} task text(s) but {len(time_shares)} time share(s); give one share per task."
            )
        codes = None if onet_soc_code is None else [onet_soc_code] * len(texts)
        scores = model.score_texts(list(texts), codes)
        shares = [None] * len(texts) if time_shares is None else list(time_shares)
        return tuple(free_text_task(text, s, share) for text, s, share in zip(texts, scores, shares))


def free_text_task(
    text: str, estimate: TaskScore, time_share: float | None = None, iwa_ids: tuple[str, ...] = ()
) -> FreeTextTask:
    """The task-list item for ``text`` with the task model's ``estimate`` of it."""
    return FreeTextTask(
        text, estimate.p_e0, estimate.p_e1, estimate.p_e2, estimate.automation, estimate.confidence, time_share, iwa_ids
    )


def occupation_task_list_inputs(
    catalog: Catalog, onet_soc_code: str, params: ScoringParams = DEFAULT_PARAMS
) -> TaskListInputs:
    """One occupation's task-list inputs from ``catalog`` (reads the whole catalog's scoring
    inputs: keep a :class:`TaskScoringBasis` when scoring more than one list)."""
    return TaskScoringBasis.from_catalog(catalog, params).occupation_task_list(onet_soc_code)
