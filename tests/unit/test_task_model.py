"""The task exposure model on the small fixture catalog: training, scoring, artifact, catalog rows, CSVs."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jobrisk.catalog.build_measures import LABEL_COLUMNS
from jobrisk.catalog import Catalog
from jobrisk.errors import CatalogMismatchError, InputError, MissingColumnError, ModelNotTrainedError
from jobrisk.models.task_exposure import TaskExposureModel, score_csv, train_model, training_set
from jobrisk.models.task_exposure.catalog_step import COLUMNS, exposure_rows, train_and_write_task_exposure
from jobrisk.settings import Settings

AUDIT = "Prepare detailed reports on audit findings."


@pytest.fixture(scope="module")
def model(catalog) -> TaskExposureModel:
    return train_model(catalog, seed=7, crossfit_folds=2, n_jobs=1)


def test_scores_are_probabilities_with_exposure_and_automation_in_range(model):
    scores = model.score_texts([AUDIT, "Operate forklifts to move pallets in a warehouse"])
    for s in scores:
        assert s.p_e0 + s.p_e1 + s.p_e2 == pytest.approx(1.0)
        assert s.exposure == pytest.approx(s.p_e1 + 0.5 * s.p_e2)
        assert 0 <= s.automation <= 1 and 0 <= s.confidence <= 1


def test_bad_input_is_scored_flagged_and_low_confidence_never_raised(model):
    good, empty, gibberish, foreign, long_text, missing = model.score_texts(
        [
            AUDIT,
            "",
            "qwrtzp xkcdvb zzzzzt",
            "Preparar declaraciones de impuestos para los clientes",
            "audit reports " * 400,
            None,
        ]
    )
    assert empty.flags == ("empty",) and empty.confidence == 0.0
    assert "gibberish" in gibberish.flags and "non_english" in foreign.flags
    assert "too_long" in long_text.flags and missing.flags == ("empty",)
    for bad in (empty, gibberish, foreign):
        assert bad.confidence < 0.5 * good.confidence


def test_no_texts_give_no_scores(model):
    assert model.score_texts([]) == []


def test_an_onet_statement_uses_its_dwa_links_and_occupation(model):
    plain, with_code = model.score_texts([AUDIT, AUDIT.upper()], onet_soc_codes=[None, "13-2011.00"])
    assert plain.evidence == "onet_statement"
    assert with_code.evidence == "onet_statement+occupation"
    assert model.score_texts(["Negotiate contracts with suppliers"])[0].evidence == "text"


def test_explain_lists_nearest_labelled_tasks_by_similarity(model):
    explanation = model.explain("analyze financial records and prepare audit reports", k=3)
    sims = [n.similarity for n in explanation.neighbours]
    assert len(sims) == 3 and sims == sorted(sims, reverse=True)
    assert all(n.human_exposure in {"E0", "E1", "E2"} for n in explanation.neighbours)


def test_training_is_deterministic_for_a_seed(catalog, model):
    again = train_model(catalog, seed=7, crossfit_folds=2, n_jobs=1)
    texts = [AUDIT, "Negotiate contracts with suppliers", "Clean patient rooms"]
    a = np.array([[s.p_e0, s.p_e1, s.automation] for s in model.score_texts(texts)])
    b = np.array([[s.p_e0, s.p_e1, s.automation] for s in again.score_texts(texts)])
    assert np.array_equal(a, b)
    assert again.manifest["model_version"] == model.manifest["model_version"]


def test_manifest_records_checksum_seed_code_version_and_catalog(model, catalog):
    manifest = model.manifest
    assert manifest["seed"] == 7
    assert manifest["catalog_fingerprint"] == catalog.fingerprint()
    assert len(manifest["training_data_sha256"]) == 64 and manifest["code_version"]


def test_saved_model_loads_only_against_its_catalog(model, catalog, tmp_path):
    settings = Settings(data_dir=tmp_path)
    model.save(settings)
    manifest = json.loads((tmp_path / "models" / "task_exposure" / "manifest.json").read_text())
    assert manifest["catalog_fingerprint"] == catalog.fingerprint()
    loaded = TaskExposureModel.load(settings, catalog)
    assert loaded.score_texts([AUDIT])[0] == model.score_texts([AUDIT])[0]
    other = Catalog.fixture()
    other.set_manifest("fingerprint", "another-catalog")
    with pytest.raises(CatalogMismatchError, match="retrain"):
        TaskExposureModel.load(settings, other)


def test_loading_without_a_trained_model_says_how_to_train(catalog, tmp_path):
    with pytest.raises(ModelNotTrainedError, match="jobrisk build"):
        TaskExposureModel.load(Settings(data_dir=tmp_path), catalog)


def test_catalog_rows_cover_every_onet_task_with_provenance(model, catalog):
    data = training_set(catalog)
    rows = [dict(zip(COLUMNS, r)) for r in exposure_rows(model, data, catalog)]
    assert len(rows) == len(catalog.tasks())
    provenance = Counter(r["provenance"] for r in rows)
    assert provenance["human"] == len(data.labelled) and provenance["model"] > 0
    labels = {r.task_id: r.human_exposure for r in catalog.task_labels()}
    for r in rows:
        assert r["p_e0"] + r["p_e1"] + r["p_e2"] == pytest.approx(1.0)
        assert r["model_p_e0"] + r["model_p_e1"] + r["model_p_e2"] == pytest.approx(1.0)
        if r["provenance"] == "human":
            assert r[f"p_{labels[r['task_id']].lower()}"] == 1.0 and r["confidence"] == 1.0


def test_labelled_tasks_get_out_of_fold_model_predictions(model, catalog):
    """A labelled task's model columns come from models that never saw its occupation, and
    scoring its statement gives the same numbers."""
    data = training_set(catalog)
    rows = {r[0]: dict(zip(COLUMNS, r)) for r in exposure_rows(model, data, catalog)}
    oof = np.array([rows[t]["model_p_e0"] for t in data.labelled["task_id"]])
    in_sample = model.estimator.predict_proba(data.rows())[:, 0]
    assert not np.allclose(oof, in_sample)
    scored = model.score_texts(data.labelled["task"].tolist(), data.labelled["onet_soc_code"].tolist())
    assert np.allclose(oof, [s.p_e0 for s in scored])


def test_post_build_step_saves_model_and_fills_task_exposure(tmp_path):
    catalog = Catalog.fixture()
    settings = Settings(data_dir=tmp_path)
    train_and_write_task_exposure(catalog, settings)
    records = catalog.task_exposures()
    assert len(records) == len(catalog.tasks())
    assert all(r.model_version and r.model is not None for r in records)
    assert len(list((tmp_path / "models" / "task_exposure").glob("model-*.npz"))) == 1
    assert "out_of_fold" in TaskExposureModel.load(settings, catalog).manifest["metrics"]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_output_keeps_input_columns_in_order_and_adds_scores(model, tmp_path):
    src = _write(
        tmp_path / "in.csv",
        'id,task,note\n1,Prepare detailed reports on audit findings.,a\n2,,empty\n3,"Review budgets, forecasts",c\n',
        "utf-8-sig",
    )
    result = score_csv(model, src, tmp_path / "out.csv")
    with open(tmp_path / "out.csv", newline="", encoding="utf-8-sig") as handle:
        out = list(csv.DictReader(handle))
    assert list(out[0].keys()) == "id task note p_e0 p_e1 p_e2 exposure automation confidence flags".split()
    assert [r["id"] for r in out] == ["1", "2", "3"] and out[2]["task"] == "Review budgets, forecasts"
    assert out[1]["flags"] == "empty" and result.rows == 3
    assert result.flagged_rows == sum(1 for r in out if r["flags"])


def test_latin1_csv_is_read_and_reported(model, tmp_path):
    src = _write(tmp_path / "in.csv", "task\nSupervise café staff and résumé screening\n", "latin-1")
    result = score_csv(model, src, tmp_path / "out.csv")
    assert result.encoding == "Windows-1252"
    assert "café" in (tmp_path / "out.csv").read_text(encoding="utf-8")


def test_a_semicolon_separated_csv_and_a_workbook_are_read_by_the_one_tabular_reader(model, tmp_path):
    src = _write(tmp_path / "in.csv", "id;task\n1;Prepare tax returns\n2;Lay bricks\n")
    result = score_csv(model, src, tmp_path / "out.csv")
    with open(tmp_path / "out.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert result.rows == 2 and [r["task"] for r in rows] == ["Prepare tax returns", "Lay bricks"]
    book = tmp_path / "in.xlsx"
    pd.DataFrame({"task": ["Prepare tax returns"], "ref": ["a"]}).to_excel(book, index=False)
    assert score_csv(model, book, tmp_path / "book-out.csv").rows == 1


def test_a_cell_over_the_length_limit_is_refused_naming_its_row(model, tmp_path):
    src = _write(tmp_path / "in.csv", "task\nWrite reports\n" + "x" * 10_001 + "\n")
    with pytest.raises(InputError, match="row 3"):
        score_csv(model, src, tmp_path / "out.csv")


def test_csv_without_task_column_names_the_columns_found(model, tmp_path):
    src = _write(tmp_path / "in.csv", "Task Description,code\nx,y\n")
    with pytest.raises(MissingColumnError, match="got columns: Task Description, code"):
        score_csv(model, src, tmp_path / "out.csv")
    with pytest.raises(InputError, match="is empty"):
        score_csv(model, _write(tmp_path / "empty.csv", ""), tmp_path / "out.csv")


def test_csv_with_an_output_column_name_is_refused(model, tmp_path):
    src = _write(tmp_path / "in.csv", "task,exposure\nx,1\n")
    with pytest.raises(InputError, match="exposure"):
        score_csv(model, src, tmp_path / "out.csv")


def test_catalog_with_too_few_labels_gets_label_rows_and_a_manifest_note(tmp_path):
    catalog = Catalog.fixture()
    keep = catalog.task_labels()[:5]
    columns = LABEL_COLUMNS
    catalog.replace_rows("task_labels", columns, [[getattr(r, c) for c in columns] for r in keep])
    train_and_write_task_exposure(catalog, Settings(data_dir=tmp_path))
    records = catalog.task_exposures()
    assert len(records) == 5 and all(r.provenance == "human" and r.model is None for r in records)
    assert "only 5 human-labelled" in catalog.manifest()["task_exposure_model"]["reason"]
    assert not (tmp_path / "models" / "task_exposure").exists()


def test_free_text_names_are_explained_in_plain_words_and_statements_are_not_translated(model):
    from jobrisk.models.task_exposure import word_notes

    jargon = model.reference["jargon"]
    name, (title, _) = next(
        (k, v) for k, v in jargon.names.items() if len(k) == 1 and k[0] not in jargon.common and k[0].isalpha()
    )
    free = model.score_texts([f"Prepare the monthly reports in {name[0].capitalize()} every week"])[0]
    assert [t.meaning for t in free.terms] == [title]
    assert any(title.lower() in note.lower() for note in word_notes(free))
    statement = model.score_texts([AUDIT])[0]
    assert statement.terms == () and statement.evidence == "onet_statement"


def test_unknown_words_are_named_with_what_was_done_about_them(model):
    from jobrisk.models.task_exposure import word_notes

    score = model.score_texts(["Prepare audit reports with zorblaxian flumquids"])[0]
    assert {"zorblaxian", "flumquids"} <= set(score.unfamiliar)
    notes = " ".join(word_notes(score))
    assert "'zorblaxian'" in notes and "rest of the sentence" in notes


def test_one_unknown_word_is_spoken_of_in_the_singular(model):
    from jobrisk.models.task_exposure import word_notes

    score = model.score_texts(["Prepare audit reports with zorblaxian software"])[0]
    assert list(score.unfamiliar) == ["zorblaxian"]
    notes = " ".join(word_notes(score))
    assert "A word that no labelled task has (O*NET's or jobrisk's modern ones): 'zorblaxian'" in notes
    assert "What the model did: it read it through its word pieces" in notes and "read them" not in notes


def test_explain_lists_nearest_work_activities_with_their_labelled_share(model):
    explanation = model.explain("analyze financial records and prepare audit reports", k=3)
    assert explanation.activities, "the nearest-DWA view gives activities"
    sims = [a.similarity for a in explanation.activities]
    assert sims == sorted(sims, reverse=True)
    for a in explanation.activities:
        assert a.dwa_title and (a.exposed_share is None or 0.0 <= a.exposed_share <= 1.0)
        assert (a.exposed_share is None) == (a.labelled_tasks == 0)


def test_free_text_is_combined_by_the_stage2_fit_on_both_raters_and_statements_are_not(model):
    import copy

    est = model.estimator
    assert set(est.free_stage2_) == {"text", "text+occ"}
    assert model.manifest["free_text_gpt4_weight"] == est.free_text_gpt4_weight == 0.5
    texts = ["Negotiate contracts with suppliers", "Write the weekly newsletter for customers", "Clean patient rooms"]
    rows, _, _ = model.prepare(texts)
    s1 = est.stage1(rows)
    as_free = est.combine(s1, rows, np.ones(len(texts), dtype=bool))[0]
    as_human = est.combine(s1, rows)[0]
    assert np.allclose(as_free.sum(axis=1), 1.0) and not np.allclose(as_free, as_human)
    without = copy.copy(model)
    without.estimator = copy.copy(est)
    without.estimator.free_stage2_ = {}
    statement = model.score_arrays([AUDIT, AUDIT], onet_soc_codes=[None, "13-2011.00"]).proba
    assert np.array_equal(statement, without.score_arrays([AUDIT, AUDIT], onet_soc_codes=[None, "13-2011.00"]).proba)
    assert not np.allclose(model.score_arrays(texts).proba, without.score_arrays(texts).proba)


def test_free_text_weight_zero_fits_no_free_text_models_and_scores_as_the_human_stage2(catalog):
    from jobrisk.models.task_exposure.estimator import TaskExposureEstimator
    from jobrisk.models.task_exposure.training import training_set

    data = training_set(catalog)
    human, gpt4, automation = data.targets()
    est = TaskExposureEstimator(crossfit_folds=2, seed=7, n_jobs=1, free_text_gpt4_weight=0.0).fit(
        data.rows(), human, gpt4, automation, context_rows=data.context_rows(), dwa_reference=data.dwa_reference
    )
    assert est.free_stage2_ == {}
    rows = data.rows()
    s1 = est.stage1(rows)
    assert np.array_equal(est.combine(s1, rows, np.ones(len(rows), dtype=bool))[0], est.combine(s1, rows)[0])


def test_a_text_no_labelled_task_is_near_says_so_instead_of_showing_other_work(model):
    explanation = model.explain("Zorblax the flumquids of the quibbery", k=3)
    assert explanation.neighbours == [] and explanation.activities == []
    assert any(n.startswith("None of the 40 labelled tasks nearest") for n in explanation.same_work_notes)
    assert "'zorblax'" in " ".join(explanation.word_notes).lower()


def test_shared_words_ignore_case_stop_words_and_a_plural_s():
    from jobrisk.models.task_exposure.text import shared_words

    assert shared_words("Tune the Models of the team", "Tune or overhaul engines and model parts") == ("tune", "models")
    assert shared_words("Start IVs", "Prescribe antibiotics") == ()


def test_free_text_words_in_another_form_are_looked_up_as_the_known_word_and_said_so(model):
    from jobrisk.models.task_exposure import word_notes

    vocabulary = model.estimator.featurizer_.vocabulary_
    word = next(w for w in sorted(vocabulary) if len(w) >= 5 and w.isalpha() and w + "s" not in vocabulary)
    score = model.score_texts([f"Prepare reports and {word}s every week"])[0]
    assert [(f.word, f.read_as) for f in score.forms] == [(f"{word}s", word)]
    assert f"{word}s" not in score.unfamiliar
    assert any(f"'{word}s' as '{word}'" in note for note in word_notes(score))
    assert model.lookup_text(score.text) == f"Prepare reports and {word} every week"
    statement = model.score_texts([AUDIT])[0]
    assert statement.forms == () and model.lookup_text(statement.text) == statement.text
