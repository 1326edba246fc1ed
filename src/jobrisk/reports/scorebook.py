"""The scorebook: every occupation's :class:`OccupationScore`, computed once, answered from memory.

:func:`gather_inputs` asks the catalog everything the score needs in one pass (tasks, labels,
task-model predictions, work activities, descriptors, projections, published measures);
:func:`score_all` turns those inputs into scores with the pure functions of
:mod:`jobrisk.scoring`; :class:`Scorebook` holds the result for the CLI, the web app and the
reports. The scorebook also keeps every occupation's per-task components (each task's estimate,
provenance, disagreement and time share: :class:`TaskBasedComponents`), so the score and the
occupation report share one computation. Same catalog + same parameters -> identical scores.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from jobrisk.catalog import Catalog
from jobrisk.catalog.types import Occupation, Projection, PublishedMeasure
from jobrisk.errors import NotFoundError
from jobrisk.scoring.human_advantage import DESCRIPTOR_VALUE
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
from jobrisk.scoring.task_list import (
    ActivityPools,
    CatalogTask,
    ReferenceOccupation,
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
    evidence: Mapping[str, tuple[TaskEvidence, ...]]          # per occupation
    profiles: Mapping[str, Mapping[str, Mapping[str, float]]]  # occupation -> domain -> element
    projections: Mapping[str, Projection]                      # per SOC code
    measures: Mapping[str, tuple[PublishedMeasure, ...]]       # per occupation
    fingerprint: str
    model_available: bool


def gather_inputs(catalog: Catalog) -> ScoringInputs:
    """Read every input of the score from the catalog (the only I/O of scoring)."""
    occupations = tuple(catalog.occupations())
    labels = {lab.task_id: lab for lab in catalog.task_labels()}
    exposures = {te.task_id: te for te in catalog.task_exposures()}
    dwas = catalog.task_dwas()
    importance = catalog.element_matrix("work_activities", "importance")
    evidence: dict[str, list[TaskEvidence]] = {}
    model_available = False
    for task in catalog.tasks():
        lab = labels.get(task.task_id)
        te = exposures.get(task.task_id)
        model_probs = None
        if te is not None and te.model_p_e0 is not None:
            model_probs = (te.model_p_e0, te.model_p_e1, te.model_p_e2)
        elif te is not None and te.provenance == "model":
            model_probs = (te.p_e0, te.p_e1, te.p_e2)
        model_available = model_available or model_probs is not None
        links = dwas.get(task.task_id, [])
        occ_importance = importance.get(task.onet_soc_code, {})
        values = [occ_importance[d.element_id] for d in links if d.element_id in occ_importance]
        evidence.setdefault(task.onet_soc_code, []).append(TaskEvidence(
            task_id=task.task_id, onet_soc_code=task.onet_soc_code, task=task.task,
            task_type=task.task_type,
            human_exposure=None if lab is None else lab.human_exposure,
            gpt4_exposure=None if lab is None else lab.gpt4_exposure,
            gpt4_automation=None if lab is None else lab.gpt4_automation,
            model_probs=model_probs,
            model_automation=None if model_probs is None or te is None else (
                te.model_automation if te.model_automation is not None else te.automation),
            model_confidence=None if model_probs is None or te is None else (
                te.model_confidence if te.model_confidence is not None else te.confidence),
            iwa_ids=tuple(sorted({d.iwa_id for d in links})),
            activity_importance=sum(values) / len(values) if values else None))
    profiles: dict[str, dict[str, dict[str, float]]] = {}
    for domain, value in DESCRIPTOR_VALUE.items():
        for code, row in catalog.element_matrix(domain, value).items():
            profiles.setdefault(code, {})[domain] = row
    projections: dict[str, Projection] = {}
    for occ in occupations:
        if occ.soc_code not in projections and (p := catalog.projection(occ.soc_code)) is not None:
            projections[occ.soc_code] = p
    measures = {occ.onet_soc_code: tuple(catalog.published_measures(occ.onet_soc_code))
                for occ in occupations}
    return ScoringInputs(
        occupations=occupations,
        evidence={k: tuple(v) for k, v in evidence.items()},
        profiles=profiles, projections=projections, measures=measures,
        fingerprint=catalog.fingerprint(), model_available=model_available)


def research_comparisons(measures: tuple[PublishedMeasure, ...]) -> tuple[ResearchComparison, ...]:
    return tuple(ResearchComparison(
        measure=m.measure, label=MEASURE_LABELS.get(m.measure, m.measure), value=m.value,
        percentile=m.percentile, vintage=m.vintage, source_code=m.source_code,
        mapping_status=m.mapping_status, ambiguous=m.mapping_status not in UNAMBIGUOUS_MAPPINGS)
        for m in measures)


def activity_pools(inputs: ScoringInputs) -> ActivityPools:
    """The activity pools of every labelled task in ``inputs`` (in catalog order)."""
    return ActivityPools([e for evs in inputs.evidence.values() for e in evs])


def references(inputs: ScoringInputs, params: ScoringParams,
               pools: ActivityPools | None = None) -> dict[str, ReferenceOccupation]:
    """Every occupation of ``inputs`` as a reference for task lists."""
    return reference_occupations(inputs.occupations, inputs.profiles, inputs.projections,
                                 activity_pools(inputs) if pools is None else pools, params)


def occupation_task_list(inputs: ScoringInputs, onet_soc_code: str) -> tuple[CatalogTask, ...]:
    """The occupation's own O*NET tasks as a task list with the O*NET-based time shares."""
    return tuple(CatalogTask(e) for e in inputs.evidence.get(onet_soc_code, ()))


def all_components(inputs: ScoringInputs, params: ScoringParams,
                   pools: ActivityPools | None = None) -> dict[str, TaskBasedComponents]:
    """Every occupation's task-based components under ``params`` (occupations with evidence)."""
    pool = (activity_pools(inputs) if pools is None else pools).pool(params)
    out = {}
    for code, evs in inputs.evidence.items():
        comp = aggregate_components(evs, estimate_tasks(evs, pool, params), None, params)
        if comp is not None:
            out[code] = comp
    return out


def score_occupations(inputs: ScoringInputs, params: ScoringParams = DEFAULT_PARAMS,
                      variants: tuple[Variant, ...] = UNCERTAINTY_VARIANTS,
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
        scores[code] = score_from_tasks(occ, scored,
                                        research_comparisons(inputs.measures.get(code, ())))
    task_scored = dict(scores)
    for occ in inputs.occupations:
        code = occ.onet_soc_code
        if code in scores:
            continue
        research = research_comparisons(inputs.measures.get(code, ()))
        outlook = refs[code].outlook
        for width, basis, label in ((6, BASIS_SOC_BROAD_GROUP, "SOC broad group"),
                                    (4, BASIS_SOC_MINOR_GROUP, "SOC minor group")):
            peers = [s for s in task_scored.values() if s.basis == BASIS_TASKS
                     and s.soc_code[:width] == occ.soc_code[:width]]
            if len(peers) >= params.peer_min_occupations:
                scores[code] = derive_from_peers(occ, peers, basis, label, outlook,
                                                 research, params)
                break
        else:
            scores[code] = insufficient_data(
                occ, "O*NET lists no tasks for this occupation and no occupation of its SOC "
                     "broad or minor group has its own score: there is nothing defensible to "
                     "derive a score from.", outlook, research)
    return scores, components


def score_all(inputs: ScoringInputs, params: ScoringParams = DEFAULT_PARAMS,
              variants: tuple[Variant, ...] = UNCERTAINTY_VARIANTS) -> dict[str, OccupationScore]:
    """Every occupation's score (see :func:`score_occupations`)."""
    return score_occupations(inputs, params, variants)[0]


class Scorebook:
    """Every occupation's score, keyed by O*NET-SOC code, held in memory."""

    def __init__(self, scores: Mapping[str, OccupationScore], params: ScoringParams,
                 catalog_fingerprint: str, model_available: bool,
                 task_components: Mapping[str, TaskBasedComponents] | None = None):
        self._scores = dict(sorted(scores.items()))
        self._task_components = dict(task_components or {})
        self.params = params
        self.catalog_fingerprint = catalog_fingerprint
        self.model_available = model_available
        self.method_version = METHOD_VERSION

    @classmethod
    def from_inputs(cls, inputs: ScoringInputs, params: ScoringParams = DEFAULT_PARAMS,
                    variants: tuple[Variant, ...] = UNCERTAINTY_VARIANTS) -> Scorebook:
        scores, components = score_occupations(inputs, params, variants)
        return cls(scores, params, inputs.fingerprint, inputs.model_available, components)

    @classmethod
    def from_catalog(cls, catalog: Catalog, params: ScoringParams = DEFAULT_PARAMS) -> Scorebook:
        """Score every occupation of ``catalog`` (the web app's and the CLI's entry point)."""
        return cls.from_inputs(gather_inputs(catalog), params)

    def score(self, onet_soc_code: str) -> OccupationScore:
        """The score of one occupation; NotFoundError for an unknown code."""
        try:
            return self._scores[onet_soc_code]
        except KeyError:
            raise NotFoundError(
                f"No occupation with O*NET-SOC code {onet_soc_code!r} in the scorebook "
                f"({len(self._scores)} occupations; codes look like '15-2051.00')") from None

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
