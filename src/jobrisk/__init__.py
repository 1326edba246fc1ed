"""jobrisk: will AI replace my job? Task-level AI exposure and risk from public data.

Layers (imports point only leftwards; checked by import-linter, see docs/architecture.md)::

    sources -> catalog -> models -> scoring -> reports -> app -> interfaces

The public surface is listed in ``__all__`` (and in README.md, "Python API"); everything else is
private and free to change. Names are imported on first use, so ``import jobrisk`` stays fast::

    >>> import jobrisk
    >>> services = jobrisk.Services(jobrisk.Settings.load())          # doctest: +SKIP
    >>> services.title_coder.code("Sr. ML Engineer").onet_soc_code    # doctest: +SKIP
    '15-2051.00'
    >>> services.scorebook.score("15-2051.00").band                    # doctest: +SKIP
    'Very high'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from jobrisk._version import __version__

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "Settings": "jobrisk.settings",
    "Catalog": "jobrisk.catalog",
    "JobriskError": "jobrisk.errors",
    "InputError": "jobrisk.errors",
    "NotFoundError": "jobrisk.errors",
    "Services": "jobrisk.app.services",
    "TitleCoder": "jobrisk.models.title_coder",
    "TitleMatch": "jobrisk.models.title_coder",
    "search_title": "jobrisk.app.title_lookup",
    "suggest_titles": "jobrisk.app.title_lookup",
    "TaskExposureModel": "jobrisk.models.task_exposure",
    "TaskScoringBasis": "jobrisk.app.task_scoring",
    "CatalogTask": "jobrisk.scoring.task_list_items",
    "FreeTextTask": "jobrisk.scoring.task_list_items",
    "TaskListScore": "jobrisk.scoring.task_list",
    "score_task_list": "jobrisk.scoring.task_list",
    "Scorebook": "jobrisk.scoring.scorebook",
    "OccupationScore": "jobrisk.scoring.occupation_score",
    "OccupationReport": "jobrisk.reports.occupation",
    "audit_career": "jobrisk.app.career_audit",
    "BatchScorer": "jobrisk.app.batch",
    "run_batch": "jobrisk.app.batch",
    "score_titles": "jobrisk.app.batch",
    "score_tasks": "jobrisk.app.batch",
    "score_roster": "jobrisk.app.batch",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from jobrisk.app.batch import BatchScorer, run_batch, score_roster, score_tasks, score_titles
    from jobrisk.app.career_audit import audit_career
    from jobrisk.app.services import Services
    from jobrisk.app.task_scoring import TaskScoringBasis
    from jobrisk.app.title_lookup import search_title, suggest_titles
    from jobrisk.catalog import Catalog
    from jobrisk.errors import InputError, JobriskError, NotFoundError
    from jobrisk.models.task_exposure import TaskExposureModel
    from jobrisk.models.title_coder import TitleCoder, TitleMatch
    from jobrisk.reports.occupation import OccupationReport
    from jobrisk.scoring.occupation_score import OccupationScore
    from jobrisk.scoring.scorebook import Scorebook
    from jobrisk.scoring.task_list import TaskListScore, score_task_list
    from jobrisk.scoring.task_list_items import CatalogTask, FreeTextTask
    from jobrisk.settings import Settings


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'jobrisk' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
