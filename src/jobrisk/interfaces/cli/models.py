"""``jobrisk models train`` and ``jobrisk models evaluate``: the task exposure model's life cycle.

Thin shells over :mod:`jobrisk.models.task_exposure` (training, catalog step, evaluation, report).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

from jobrisk.catalog import Catalog
from jobrisk.errors import ModelNotTrainedError
from jobrisk.interfaces.cli.common import console, err_console, handle_errors, open_catalog, settings_from

app = typer.Typer(
    help="Train and evaluate the models: the task exposure model, the title coder and the adoption estimate.",
    no_args_is_help=True,
)


@app.command("train")
@handle_errors
def train(ctx: typer.Context) -> None:
    """Retrain the task exposure model on the built catalog and refresh its task_exposure rows."""
    from jobrisk.models.task_exposure.catalog_step import train_and_write_task_exposure

    settings = settings_from(ctx)
    started = time.perf_counter()
    catalog = Catalog.open_for_update(settings.catalog_path)
    try:
        train_and_write_task_exposure(catalog, settings)
        catalog.commit()
    finally:
        catalog.close()
    console.print(
        f"Trained and saved the task exposure model in {time.perf_counter() - started:.0f}s "
        f"({settings.models_dir / 'task_exposure'}).",
        highlight=False,
    )


def _report_option(default: str) -> Path:
    return typer.Option(
        Path(default), "-o", "--output", help="Markdown report to write (a .json twin is written next to it)."
    )


@app.command("evaluate")
@handle_errors
def evaluate(
    ctx: typer.Context,
    output: Path = _report_option("docs/task-model.md"),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default: the training seed)."),
    crossfit_folds: int = typer.Option(
        3, "--crossfit-folds", min=2, max=10, help="Inner cross-fitting folds of stage 2 (production uses 5)."
    ),
) -> None:
    """Grouped cross-validation against the human labels, next to baselines; writes the report."""
    # The model stack is imported when a command runs, keeping CLI start-up fast.
    from jobrisk.models.task_exposure import DEFAULT_SEED, training_set
    from jobrisk.models.task_exposure.artifact import read_manifest
    from jobrisk.models.task_exposure.evaluation import evaluate as run_evaluation
    from jobrisk.models.task_exposure.report import write_report
    from jobrisk.models.task_exposure.training import code_version

    seed = DEFAULT_SEED if seed is None else seed
    catalog = open_catalog(ctx)
    data = training_set(catalog)
    report = run_evaluation(
        data, seed, crossfit_folds=crossfit_folds, log=lambda line: err_console.print(line, highlight=False)
    )
    report["code_version"] = code_version()
    report["catalog_fingerprint"] = catalog.fingerprint()
    try:
        manifest = read_manifest(settings_from(ctx))
        report["training"] = {
            "model_version": manifest["model_version"],
            "seconds": manifest["training_seconds"],
            "crossfit_folds": manifest["crossfit_folds"],
            "out_of_fold_kappa": manifest["metrics"]["out_of_fold"]["kappa"],
        }
    except (ModelNotTrainedError, KeyError):
        pass
    markdown, json_path = write_report(report, output)
    for key in ("occupation", "major_group"):
        full = report["splits"][key]["all"]["full"]
        console.print(
            f"{key}: kappa {full['kappa']:.3f}, occupation r {full['occupation_exposure_pearson']:.3f}", highlight=False
        )
    console.print(f"Wrote {markdown} and {json_path}", highlight=False)


@app.command("evaluate-adoption")
@handle_errors
def evaluate_adoption(
    ctx: typer.Context,
    output: Path = _report_option("docs/adoption-model.md"),
    fit_release: str = typer.Option("2025-02-10", "--fit-release", help="Observed-use release the models are fit on."),
    test_release: str = typer.Option(
        "2025-03-27", "--test-release", help="Later release whose newly observed tasks are predicted."
    ),
) -> None:
    """Temporal check of the adoption estimate (fit on one release, predict the next) next to baselines."""
    import json

    from jobrisk.models.adoption.validation import render_markdown, temporal_validation

    catalog = open_catalog(ctx)
    result = temporal_validation(catalog, fit_release, test_release)
    from jobrisk.models.adoption.estimator import AdoptionEstimator

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_markdown(result, AdoptionEstimator().get_params()), encoding="utf-8")
    json_path = output.with_suffix(".json")
    json_path.write_text(
        json.dumps({**result.to_dict(), "catalog_fingerprint": catalog.fingerprint()}, indent=2, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    for r in result.results:
        console.print(f"{r.name}: AUC {r.auc:.3f}, average precision {r.average_precision:.3f}", highlight=False)
    console.print(f"Wrote {output} and {json_path}", highlight=False)
