"""Task exposure model: any work task text -> AI exposure and automation potential.

Public API (stable; used by the CLI, the catalog build and the risk scoring)::

    from jobrisk.models.task_exposure import TaskExposureModel, train_model

    model = train_model(catalog, seed=20240301)   # fit on catalog.task_labels() (in_onet rows)
    model.save(settings)                          # settings.models_dir / "task_exposure"
    model = TaskExposureModel.load(settings, catalog)   # CatalogMismatchError if trained elsewhere
    scores = model.score_texts(["Prepare tax returns"], onet_soc_codes=None)  # list[TaskScore]
    scores[0].p_e0, .p_e1, .p_e2, .exposure, .automation, .confidence, .flags, .text
    model.explain("tune hyperparameters of gradient boosted models", k=5)  # TaskExplanation
    score_csv(model, "in.csv", "out.csv")        # chunked file scoring

``TaskScore``: frozen dataclass; exposure = P(E1) + 0.5 P(E2); automation = expected GPT-4
T-level / 4; flags among 'empty', 'too_long', 'non_english', 'gibberish', 'unfamiliar_words'.
``TaskScore.terms`` (TermNote: product/tool names O*NET's vocabulary explained) and
``.unfamiliar`` (words no labelled task has); ``word_notes(score)`` says both in plain words.
``TaskExplanation``: the score plus ``neighbours`` (the nearest labelled tasks about the same
work: O*NET tasks with their human and GPT-4 labels, and jobrisk's labelled modern tasks with
their rubric label), ``activities`` (nearest O*NET work activities, DWAs, about the same work,
with the share of their labelled tasks that is exposed) and ``notes`` (the word notes and what
is shown or left out, in plain words; :mod:`.explanation`).

Modules: text (cleaning, flags), vocabulary (O*NET names for jargon), features, neighbours (nearest labelled tasks as evidence for
free text), estimator (the two-stage model), training,
model (scoring), explanation (the same-work test), artifact (save/load + manifest), csv_scoring, catalog_step
(post-build step writing ``task_exposure``), evaluation, free_text_check (the team-written
sanity set), dev_set (the modern-task development set) and report (``jobrisk models evaluate``).
May import: catalog, models.embeddings, errors, settings.
"""

from typing import TYPE_CHECKING, Any

from jobrisk.models.task_exposure.explanation import ActivityNeighbour, Neighbour, TaskExplanation, word_notes
from jobrisk.models.task_exposure.model import TaskExposureModel, TaskScore
from jobrisk.models.task_exposure.vocabulary import TermNote

if TYPE_CHECKING:
    from jobrisk.models.task_exposure.csv_scoring import CsvScoringResult, score_csv
    from jobrisk.models.task_exposure.training import DEFAULT_SEED, train_model, training_set

#: Names whose modules (pandas-based: training, CSV scoring) are imported when first used, so
#: scoring with a stored model does not import pandas.
_LAZY = {
    "CsvScoringResult": "csv_scoring",
    "score_csv": "csv_scoring",
    "DEFAULT_SEED": "training",
    "train_model": "training",
    "training_set": "training",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = [
    "ActivityNeighbour",
    "DEFAULT_SEED",
    "CsvScoringResult",
    "Neighbour",
    "TaskExplanation",
    "TaskExposureModel",
    "TaskScore",
    "TermNote",
    "score_csv",
    "train_model",
    "training_set",
    "word_notes",
]
