"""The adoption estimate: P(a task shows up in observed AI use), for tasks not (yet) observed.

- :mod:`.estimator`: :class:`AdoptionEstimator`, a logistic regression on three views of a task:
  its text (TF-IDF words and pairs), its O*NET work activities (DWA/IWA/GWA tokens) and its
  AI exposure (the task model's P(E1), P(E2), exposure, automation).
- :mod:`.rows`: :class:`AdoptionRows` (the inputs) built from the catalog or from free text.
- :mod:`.validation`: the temporal check: fit on release 2025-02-10, predict which tasks first
  appear in release 2025-03-27, AUC next to the exposure-only baselines (``docs/adoption-model.md``).
- :mod:`.catalog_step`: the post-build step: fit on the latest release, write ``task_adoption``
  rows and save the model for free-text scoring (:mod:`.artifact`).

Observed use measures where one AI product's consumer-chat users used it in early 2025; the
estimate says how much a task resembles those tasks, not whether AI could do it.

May import: ``jobrisk.catalog``, ``jobrisk.errors``, ``jobrisk.settings``, ``jobrisk.models``.
"""

from jobrisk.models.adoption.estimator import AdoptionEstimator
from jobrisk.models.adoption.rows import AdoptionRows, catalog_rows

__all__ = ["AdoptionEstimator", "AdoptionRows", "catalog_rows"]
