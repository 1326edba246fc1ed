"""The task exposure model on the full catalog built from the data mirror (trained by the build)."""

from __future__ import annotations

from collections import Counter

import pytest
from typer.testing import CliRunner

from jobrisk.interfaces.cli.main import app
from jobrisk.models.task_exposure import TaskExposureModel

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def model(built_settings, full_catalog) -> TaskExposureModel:
    return TaskExposureModel.load(built_settings, full_catalog)


def test_every_onet_task_has_an_exposure_record_with_provenance(full_catalog):
    records = full_catalog.task_exposures()
    assert len(records) == len(full_catalog.tasks())
    provenance = Counter(r.provenance for r in records)
    labelled = {r.task_id for r in full_catalog.task_labels() if r.in_onet and r.human_exposure}
    assert provenance["human"] == len(labelled)
    assert provenance["model"] >= 1000  # occupations whose labels are not in the data
    assert all(r.model is not None and 0 <= r.model.exposure <= 1 for r in records)


def test_occupations_without_labels_get_model_predictions(full_catalog):
    labelled_codes = {r.onet_soc_code for r in full_catalog.task_labels()}
    unlabelled = [r for r in full_catalog.task_exposures() if r.onet_soc_code not in labelled_codes]
    assert unlabelled and all(r.provenance == "model" for r in unlabelled)
    mean_exposure = sum(r.exposure for r in unlabelled) / len(unlabelled)
    assert 0.1 < mean_exposure < 0.6


def test_out_of_fold_model_agrees_with_human_labels(model):
    metrics = model.manifest["metrics"]["out_of_fold"]
    assert metrics["tasks"] > 15000
    assert metrics["kappa"] > 0.55 and metrics["occupation_exposure_pearson"] > 0.9


def test_obviously_exposed_tasks_score_above_manual_ones(model):
    writing, manual = model.score_texts(
        ["Write and edit technical documentation and reports", "Pour and level concrete for foundations and sidewalks"]
    )
    assert writing.exposure > manual.exposure + 0.3
    assert writing.automation > manual.automation


def test_cli_scores_a_csv_and_explains_a_text(built_settings, tmp_path):
    runner = CliRunner()
    src = tmp_path / "tasks.csv"
    src.write_text("ref,task,onet_soc_code\n1,Prepare tax returns for individuals,13-2082.00\n2,,\n", encoding="utf-8")
    out = tmp_path / "scored.csv"
    result = runner.invoke(
        app, ["--data-dir", str(built_settings.data_dir), "tasks", "score", str(src), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == (
        "ref,task,onet_soc_code,p_e0,p_e1,p_e2,exposure,automation,confidence,flags,observed_share_pct,p_adoption"
    )
    result = runner.invoke(
        app,
        [
            "--data-dir",
            str(built_settings.data_dir),
            "tasks",
            "score",
            "--text",
            "tune hyperparameters of gradient boosted models",
        ],
    )
    assert result.exit_code == 0 and "Labelled tasks about the same work" in result.output


def test_cli_csv_without_task_column_fails_naming_columns(built_settings, tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("description,code\nx,y\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--data-dir", str(built_settings.data_dir), "tasks", "score", str(src), "-o", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 2
    assert "got columns: description, code" in result.output


def test_team_written_free_text_tasks_are_not_scored_absurdly(model):
    from jobrisk.models.task_exposure.free_text_check import DEFAULT_PATH, free_text_check

    check = free_text_check(model, DEFAULT_PATH)
    assert check["tasks"] >= 50
    assert check["exposed_agreement"] >= 0.8
    means = check["mean_exposure_by_expected"]
    assert means["E0"] < 0.15 and min(means["E1"], means["E2"]) > 0.35


def test_free_text_explanation_shows_the_neighbours_the_model_weighs(model):
    explanation = model.explain("I compute taxes owed and prepare tax returns for my clients", k=3)
    assert explanation.score.evidence == "text"
    assert explanation.neighbours[0].similarity > 0.6
    assert any("tax returns" in n.task for n in explanation.neighbours)
    assert explanation.score.exposure > 0.3


def test_modern_development_set_beats_the_trivial_baselines(model, full_catalog):
    """Tasks in 2025-2026 workplace words (never trained on): the free-text path agrees with the
    rubric labels better than a bag-of-words model and the majority class fit on the same labels."""
    from jobrisk.models.task_exposure import training_set
    from jobrisk.models.task_exposure.dev_set import dev_set_check

    check = dev_set_check(model, training_set(full_catalog).labelled)
    assert check["tasks"] >= 200
    model_m, tfidf, majority = (check["methods"][k] for k in ("model", "tfidf_lr", "majority"))
    assert model_m["kappa"] > max(tfidf["kappa"], majority["kappa"]) + 0.05
    assert model_m["kappa"] >= 0.40 and model_m["spearman"] >= 0.70
    jargon, plain = check["halves"]["jargon"], check["halves"]["plain"]
    assert jargon["tasks"] + plain["tasks"] == check["tasks"] and jargon["tasks"] >= 50
    assert -1.0 <= jargon["kappa"] <= 1.0 and -1.0 <= plain["spearman"] <= 1.0


def test_jargon_is_explained_in_plain_words_with_labelled_tasks_about_the_same_work(model):
    from jobrisk.models.task_exposure import word_notes

    explanation = model.explain("Do month-end close and reconcile accounts in NetSuite", k=5)
    score = explanation.score
    assert [t.term for t in score.terms] == ["NetSuite"]
    assert any("enterprise resource planning" in note for note in word_notes(score))
    assert explanation.neighbours and all("reconcile" in n.shared for n in explanation.neighbours)
    # work activity titles are short, so their similarity to free text is low: below the floor none is shown
    assert all(a.shared and a.similarity >= 0.25 for a in explanation.activities)
    assert explanation.activities or explanation.activity_notes


def test_the_issue_examples_are_explained_by_the_same_work_or_by_nothing(model):
    """'Tune hyperparameters ...' lay nearest to engine and instrument tuning; those are now left
    out by name, and every task shown shares a word that says what the work is."""
    tune = model.explain("Tune hyperparameters of gradient boosted models", k=5)
    assert "Tune or overhaul engines." in tune.left_out
    assert not any("engine" in n.task.lower() or "instrument" in n.task.lower() for n in tune.neighbours)
    assert all(set(n.shared) - {"tune"} for n in tune.neighbours)
    tests = model.explain("write unit tests for a REST API", k=5)
    assert not any("statistical" in n.task.lower() or "examination" in n.task.lower() for n in tests.neighbours)
    if not tests.neighbours:
        assert any("so none is shown" in note for note in tests.same_work_notes)
