"""The whole build: catalog from the raw files, then every post-build step, then one atomic swap.

:func:`build_all` builds ``settings.catalog_path`` from ``settings.raw_dir`` and runs
:data:`POST_BUILD_STEPS` on the new catalog before it replaces the old one, so a
failing step leaves the previous catalog in place.

Other parts add their step here with one import and one list entry, e.g. the task
exposure model ("train the model and write task_exposure rows"), a title index, or every
occupation's stored score (:func:`jobrisk.app.score_store.store_scores`).
A step is ``step(catalog, settings) -> None`` and writes through the Catalog's methods.
"""

from __future__ import annotations

from collections.abc import Callable

from jobrisk.app.score_store import store_scores
from jobrisk.catalog import Catalog
from jobrisk.catalog.build import BuildProgress, BuildResult, build_catalog
from jobrisk.catalog.build_sources import require_inputs
from jobrisk.models.adoption.catalog_step import train_and_write_adoption
from jobrisk.models.task_exposure.catalog_step import train_and_write_task_exposure
from jobrisk.models.title_coder.artifact import build_title_index
from jobrisk.settings import Settings

PostBuildStep = Callable[[Catalog, Settings], None]

#: Run in order on every freshly built catalog, before it is moved into place. The scores come
#: last: they read the task model's predictions (and the catalog's observed use).
POST_BUILD_STEPS: list[PostBuildStep] = [
    build_title_index,
    train_and_write_task_exposure,
    train_and_write_adoption,
    store_scores,
]


def run_post_build_steps(catalog: Catalog, settings: Settings) -> None:
    """Run every registered post-build step on ``catalog``; commits after each."""
    for step in POST_BUILD_STEPS:
        step(catalog, settings)
        catalog.commit()


def build_all(
    settings: Settings, *, progress: BuildProgress | None = None, verify_checksums: bool = True
) -> BuildResult:
    """Build the catalog and run the post-build steps.

    Raises SourceUnavailableError (naming the missing files) when the raw files have
    not been synced, and ChecksumMismatchError when a file differs from the source
    registry (unless ``verify_checksums`` is False).
    """
    require_inputs(settings.raw_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return build_catalog(
        settings.raw_dir,
        settings.catalog_path,
        post_build=lambda catalog: run_post_build_steps(catalog, settings),
        progress=progress,
        verify_checksums=verify_checksums,
    )


def rebuild_scores(settings: Settings) -> int:
    """Score every occupation of the existing catalog again and store the scores (after a
    method change, without rebuilding the catalog); returns how many occupations."""
    from jobrisk.app.score_store import compute_scores, save_stored_scores

    with Catalog.open(settings.catalog_path) as catalog:
        stored = compute_scores(catalog)
        save_stored_scores(stored, catalog, settings)
    return len(stored.scorebook)
