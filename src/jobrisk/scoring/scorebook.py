"""The scorebook: every occupation's :class:`OccupationScore`, computed once, answered from memory.

:class:`ScoringInputs` holds everything the scores are computed from (gathered from the catalog
by :func:`jobrisk.app.scoring_inputs.gather_inputs`); :func:`score_occupations` scores every
occupation's own task list with :func:`jobrisk.scoring.task_list.score_task_list` and derives
task-less occupations from their SOC peers; :class:`Scorebook` holds the result for the CLI, the
web app and the reports (built with ``jobrisk build`` and stored, see
:mod:`jobrisk.app.score_store`). The scorebook also keeps every occupation's per-task components (each task's estimate,
provenance, disagreement and time share: :class:`TaskBasedComponents`), so the score and the
occupation report share one computation. Same inputs + same parameters -> identical scores.
Pure functions and an in-memory container, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from jobrisk.catalog.types import Occupation, Projection, PublishedMeasure
from jobrisk.errors import NotFoundError
from jobrisk.scoring.occupation import derive_from_peers, insufficient_data, score_from_tasks
from jobrisk.scoring.occupation_score import (
    BASIS_SOC_BROAD_GROUP,
    BASIS_SOC_MINOR_GROUP,
    BASIS_TASKS,
    OccupationScore,
    ResearchComparison,
    TaskContribution,
)
from jobrisk.scoring.params import DEFAULT_PARAMS, METHOD_VERSION, ScoringParams
from jobrisk.scoring.reference import reference_occupations
from jobrisk.scoring.sensitivity import UNCERTAINTY_VARIANTS, Variant
from jobrisk.scoring.task_exposure import TaskEvidence
from jobrisk.scoring.task_list_items import ActivityPools, CatalogTask, ReferenceOccupation
from jobrisk.scoring.task_list import (
    TaskBasedComponents,
    aggregate_components,
    estimate_tasks,
    task_contributions,
    try_score_task_list,
)

MEASURE_LABELS = {
    "gpts_human_alpha": "GPTs-are-GPTs, human labels, alpha (E1)",
    "gpts_human_beta": "GPTs-are-GPTs, human labels, beta (E1 + 0.5 E2)",
    "gpts_human_gamma": "GPTs-are-GPTs, human labels, gamma (E1 + E2)",
    "gpts_gpt4_alpha": "GPTs-are-GPTs, GPT-4 labels, alpha (E1)",
    "gpts_gpt4_beta": "GPTs-are-GPTs, GPT-4 labels, beta (E1 + 0.5 E2)",
    "gpts_gpt4_gamma": "GPTs-are-GPTs, GPT-4 labels, gamma (E1 + E2)",
    "aioe": "AI Occupational Exposure (Felten, Raj & Seamans)",
    "lm_aioe": "Language-modelling AIOE (Felten, Raj & Seamans)",
    "ig_aioe": "Image-generation AIOE (Felten, Raj & Seamans)",
    "frey_osborne": "Frey & Osborne probability of computerisation",
}
UNAMBIGUOUS_MAPPINGS = ("direct", "one-to-one")


@dataclass(frozen=True)
class ScoringInputs:
    """Everything the scores are computed from, read from one catalog."""

    occupations: tuple[Occupation, ...]
    evidence: Mapping[str, tuple[TaskEvidence, ...]]  # per occupation
    profiles: Mapping[str, Mapping[str, Mapping[str, float]]]  # occupation -> domain -> element
    projections: Mapping[str, Projection]  # per SOC code
    measures: Mapping[str, tuple[PublishedMeasure, ...]]  # per occupation
    fingerprint: str
    model_available: bool


def research_comparisons(measures: tuple[PublishedMeasure, ...]) -> tuple[ResearchComparison, ...]:
    return tuple(
        ResearchComparison(
            measure=m.measure,
            label=MEASURE_LABELS.get(m.measure, m.measure),
            value=m.value,
            percentile=m.percentile,
            vintage=m.vintage,
            source_code=m.source_code,
            mapping_status=m.mapping_status,
            ambiguous=m.mapping_status not in UNAMBIGUOUS_MAPPINGS,
        )
        for m in measures
    )


def activity_pools(inputs: ScoringInputs) -> ActivityPools:
    """The activity pools of every labelled task in ``inputs`` (in catalog order)."""
    return ActivityPools([e for evs in inputs.evidence.values() for e in evs])


def references(
    inputs: ScoringInputs, params: ScoringParams, pools: ActivityPools | None = None
) -> dict[str, ReferenceOccupation]:
    """Every occupation of ``inputs`` as a reference for task lists."""
    return reference_occupations(
        inputs.occupations,
        inputs.profiles,
        inputs.projections,
        activity_pools(inputs) if pools is None else pools,
        params,
    )


def occupation_task_list(inputs: ScoringInputs, onet_soc_code: str) -> tuple[CatalogTask, ...]:
    """The occupation's own O*NET tasks as a task list with the O*NET-based time shares."""
    return tuple(CatalogTask(e) for e in inputs.evidence.get(onet_soc_code, ()))


def all_components(
    inputs: ScoringInputs, params: ScoringParams, pools: ActivityPools | None = None
) -> dict[str, TaskBasedComponents]:
    """Every occupation's task-based components under ``params`` (occupations with evidence)."""
    pool = (activity_pools(inputs) if pools is None else pools).pool(params)
    out = {}
    for code, evs in inputs.evidence.items():
        comp = aggregate_components(evs, estimate_tasks(evs, pool, params), None, params)
        if comp is not None:
            out[code] = comp
    return out


def score_occupations(
    inputs: ScoringInputs, params: ScoringParams = DEFAULT_PARAMS, variants: tuple[Variant, ...] = UNCERTAINTY_VARIANTS
) -> tuple[dict[str, OccupationScore], dict[str, TaskBasedComponents]]:
    """Score every occupation: its own task list first (through
    :func:`jobrisk.scoring.task_list.score_task_list`), then task-less ones from their SOC peers.

    Returns the scores and the task components of the task-scored occupations.
    """
    refs = references(inputs, params)
    scores: dict[str, OccupationScore] = {}
    components: dict[str, TaskBasedComponents] = {}
    for occ in inputs.occupations:
        code = occ.onet_soc_code
        items = occupation_task_list(inputs, code)
        scored = try_score_task_list(items, refs[code], params, variants) if items else None
        if scored is None:
            continue
        components[code] = scored.task_components
        scores[code] = score_from_tasks(occ, scored, research_comparisons(inputs.measures.get(code, ())))
    task_scored = dict(scores)
    for occ in inputs.occupations:
        code = occ.onet_soc_code
        if code in scores:
            continue
        research = research_comparisons(inputs.measures.get(code, ()))
        outlook = refs[code].outlook
        for width, basis, label in (
            (6, BASIS_SOC_BROAD_GROUP, "SOC broad group"),
            (4, BASIS_SOC_MINOR_GROUP, "SOC minor group"),
        ):
            peers = [
                s for s in task_scored.values() if s.basis == BASIS_TASKS and s.soc_code[:width] == occ.soc_code[:width]
            ]
            if len(peers) >= params.peer_min_occupations:
                scores[code] = derive_from_peers(occ, peers, basis, label, outlook, research, params)
                break
        else:
            scores[code] = insufficient_data(
                occ,
                "O*NET lists no tasks for this occupation and no occupation of its SOC "
                "broad or minor group has its own score: there is nothing defensible to "
                "derive a score from.",
                outlook,
                research,
            )
    return scores, components


def score_all(
    inputs: ScoringInputs, params: ScoringParams = DEFAULT_PARAMS, variants: tuple[Variant, ...] = UNCERTAINTY_VARIANTS
) -> dict[str, OccupationScore]:
    """Every occupation's score (see :func:`score_occupations`)."""
    return score_occupations(inputs, params, variants)[0]


class Scorebook:
    """Every occupation's score, keyed by O*NET-SOC code, held in memory."""

    def __init__(
        self,
        scores: Mapping[str, OccupationScore],
        params: ScoringParams,
        catalog_fingerprint: str,
        model_available: bool,
        task_components: Mapping[str, TaskBasedComponents] | None = None,
    ):
        # kept as given when already in code order (a stored scorebook's mappings decode each
        # score on first use), else copied in code order
        keys = list(scores)
        self._scores = scores if keys == sorted(keys) else dict(sorted(scores.items()))
        self._task_components: Mapping[str, TaskBasedComponents] = {} if task_components is None else task_components
        self.params = params
        self.catalog_fingerprint = catalog_fingerprint
        self.model_available = model_available
        self.method_version = METHOD_VERSION

    @classmethod
    def from_inputs(
        cls,
        inputs: ScoringInputs,
        params: ScoringParams = DEFAULT_PARAMS,
        variants: tuple[Variant, ...] = UNCERTAINTY_VARIANTS,
    ) -> Scorebook:
        scores, components = score_occupations(inputs, params, variants)
        return cls(scores, params, inputs.fingerprint, inputs.model_available, components)

    def score(self, onet_soc_code: str) -> OccupationScore:
        """The score of one occupation; NotFoundError for an unknown code."""
        try:
            return self._scores[onet_soc_code]
        except KeyError:
            raise NotFoundError(
                f"No occupation with O*NET-SOC code {onet_soc_code!r} in the scorebook "
                f"({len(self._scores)} occupations; codes look like '15-2051.00')"
            ) from None

    def get(self, onet_soc_code: str) -> OccupationScore | None:
        return self._scores.get(onet_soc_code)

    @property
    def task_components(self) -> Mapping[str, TaskBasedComponents]:
        """Per-task components behind each task-scored occupation (the score's own computation).

        Every estimated task, not only the five the score keeps as evidence: task id and text,
        exposure probabilities, automation, provenance, disagreement, and its time share.
        Occupations derived from peers or without data have no entry.
        """
        return self._task_components

    def tasks(self, onet_soc_code: str) -> tuple[TaskContribution, ...]:
        """Every estimated task of an occupation, largest contribution to exposure first.

        Empty for an occupation without its own tasks; NotFoundError for an unknown code.
        """
        self.score(onet_soc_code)
        components = self._task_components.get(onet_soc_code)
        return () if components is None else task_contributions(components, self.params)

    def __getitem__(self, onet_soc_code: str) -> OccupationScore:
        return self.score(onet_soc_code)

    def __contains__(self, onet_soc_code: object) -> bool:
        return onet_soc_code in self._scores

    def __iter__(self) -> Iterator[OccupationScore]:
        return iter(self._scores.values())

    def __len__(self) -> int:
        return len(self._scores)

    def scores(self) -> list[OccupationScore]:
        return list(self._scores.values())
