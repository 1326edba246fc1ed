"""Modern training tasks of the free-text path: the packaged file, its checks, and the option that
trains on it (cross-fitted by occupation)."""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import fuzz

from jobrisk.errors import ModelError
from jobrisk.models.task_exposure.dev_set import DEV_SET_PATHS, read_dev_set
from jobrisk.models.task_exposure.estimator import _UNKNOWN, TaskExposureEstimator, TaskRows
from jobrisk.models.task_exposure.modern import (
    MODERN_TRAIN_PATH,
    join_rows,
    modern_folds,
    modern_labels,
    modern_rows,
    read_modern_tasks,
)
from jobrisk.sources.registry import default_registry_path
from toy_tasks import TOY_CODES, TOY_TEXTS


def test_the_packaged_training_set_is_large_balanced_and_spread_over_fields():
    frame = read_modern_tasks()
    labels = Counter(frame["label"])
    assert len(frame) >= 370
    assert all(labels[c] >= 0.25 * len(frame) for c in ("E0", "E1", "E2")), labels
    assert frame["domain"].nunique() >= 13 and frame["onet_soc_code"].nunique() >= 100


def _six_grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 6]) for i in range(len(words) - 5)}


def test_no_training_task_is_a_near_duplicate_of_a_development_set_task():
    train = read_modern_tasks()["task"].str.lower().tolist()
    dev = [t.lower() for path in DEV_SET_PATHS for t in read_dev_set(path)["task"]]
    dev_grams = set().union(*(_six_grams(t) for t in dev))
    near = [t for t in train if max(fuzz.token_set_ratio(t, d) for d in dev) >= 85 or _six_grams(t) & dev_grams]
    assert near == []


def test_the_registry_records_the_packaged_file_with_its_checksum_and_licence():
    entries = tomllib.loads(default_registry_path().read_text(encoding="utf-8"))["packaged_data"]
    entry = next(e for e in entries if e["path"].endswith("modern_tasks_train.csv"))
    assert entry["sha256"] == hashlib.sha256(MODERN_TRAIN_PATH.read_bytes()).hexdigest()
    assert entry["rows"] == len(read_modern_tasks()) and entry["license"] == "Apache-2.0"


def test_a_bad_training_file_names_every_bad_row_with_its_reason(tmp_path: Path):
    path = tmp_path / "modern.csv"
    pd.DataFrame(
        {
            "task": ["Write the job ad", "", "Write the job ad", "Tune the model"],
            "onet_soc_code": ["13-1071.00", "13-1071.00", "13-1071.00", "15-2051"],
            "domain": ["hr"] * 4,
            "label": ["E1", "E1", "E1", "E3"],
        }
    ).to_csv(path, index=False)
    with pytest.raises(ModelError) as caught:
        read_modern_tasks(path)
    message = str(caught.value)
    assert "4 bad rows" in message
    assert "line 3: empty task" in message and "line 4: same task as line 2" in message
    assert "line 5: label 'E3'" in message and "'15-2051' is not of the form" in message


def test_each_modern_row_is_in_the_fold_of_its_occupation_and_others_get_a_stable_fold():
    codes = np.array(["a", "a", "b", "b", "c"])
    folds = [(np.array([2, 3, 4]), np.array([0, 1])), (np.array([0, 1]), np.array([2, 3, 4]))]
    got = modern_folds(["b", "a", "zz", "zz"], folds, codes)
    assert got[:2].tolist() == [1, 0] and got[2] == got[3]
    assert modern_folds(["zz"], folds, codes)[0] == got[2]


def _rows():
    texts, codes = TOY_TEXTS, TOY_CODES
    links = (["D_4.A.3.a.2.I05.D01"] * 3 + ["D_4.A.2.a.4.I03.D07"] * 3) * 2
    return TaskRows(texts, codes, links), np.array([0, 0, 0, 1, 1, 2] * 2)


def _modern():
    frame = pd.DataFrame(
        {
            "task": [
                "Rotate the kubectl credentials in the vault",
                "Tune the kubectl rollout settings",
                "Rotate tyres on customer cars",
                "Write the kubectl cheat sheet for the team",
            ],
            "onet_soc_code": ["15-2000.00", "15-2000.00", "47-1000.00", "15-2000.01"],
            "domain": ["it", "it", "trades", "it"],
            "label": ["E2", "E2", "E0", "E1"],
        }
    )
    return modern_rows(frame, None), modern_labels(frame)


def test_weight_zero_trains_exactly_the_model_without_modern_rows():
    rows, human = _rows()
    plain = TaskExposureEstimator(crossfit_folds=2, seed=3, n_jobs=1).fit(rows, human, human, human)
    off = TaskExposureEstimator(crossfit_folds=2, seed=3, n_jobs=1, modern_weight=0.0).fit(
        rows, human, human, human, modern=_modern()
    )
    assert np.array_equal(plain.oof_stage1_, off.oof_stage1_) and off.modern_reference_ == 0


def test_modern_rows_teach_the_text_models_new_words_and_are_cross_fitted_by_occupation():
    rows, human = _rows()
    est = TaskExposureEstimator(
        crossfit_folds=2, seed=3, n_jobs=1, modern_weight=2.0, unknown_share=True, modern_cv=True
    ).fit(rows, human, human, human, modern=_modern())
    assert "kubectl" in est.featurizer_.vocabulary_  # the full model read the modern rows
    assert est.modern_reference_ == 4 and est.reference_words_.shape[0] == 16
    assert est.reference_labels_[0][-4:].tolist() == [2, 2, 0, 1]
    assert est.modern_cv_proba_.shape == (4, 3) and np.allclose(est.modern_cv_proba_.sum(axis=1), 1.0)
    # the fold that scores the two 15-2000.00 rows saw neither (at most the one 15-2000.01 row, below the
    # vocabulary's two-document floor), so its text models lack 'kubectl'; the full model has it
    folds, codes = _folds(est, rows, human)
    fold = modern_folds(["15-2000.00", "15-2000.00", "47-1000.00", "15-2000.01"], folds, codes)
    assert fold[0] == fold[1]
    assert est.modern_oof_stage1_[0, _UNKNOWN] > 0 and est.modern_oof_stage1_[1, _UNKNOWN] > 0
    new = TaskRows(["Rotate kubectl"], [""], [""])
    proba, _, _ = est.combine(est.stage1(new), new, np.array([True]))
    assert proba.sum() == pytest.approx(1.0) and est.stage1(new)[0, _UNKNOWN] == 0.0


def _folds(est, rows, human):
    from sklearn.model_selection import GroupKFold

    codes = np.asarray(rows.onet_soc_code)
    return list(GroupKFold(n_splits=2, shuffle=True, random_state=est.seed).split(codes, human, codes)), codes


def test_only_the_parts_named_get_modern_rows():
    rows, human = _rows()
    est = TaskExposureEstimator(crossfit_folds=2, seed=3, n_jobs=1, modern_weight=2.0, modern_parts=("text",)).fit(
        rows, human, human, human, modern=_modern()
    )
    assert "kubectl" in est.featurizer_.vocabulary_ and est.modern_reference_ == 0
    with pytest.raises(ValueError, match="unknown part"):
        TaskExposureEstimator(crossfit_folds=2, n_jobs=1, modern_weight=1.0, modern_parts=("text", "dwa")).fit(
            rows, human, human, human, modern=_modern()
        )


def test_joined_rows_keep_the_person_words_where_one_side_has_them():
    first = TaskRows(["a b"], ["x"], ["D_1"])
    second = TaskRows(["c d (using software)"], ["y"], [""], ["c d"])
    both = join_rows(first, second)
    assert both.task == ["a b", "c d (using software)"] and both.plain == ["a b", "c d"]
    assert both.dwa_tokens == ["D_1", ""]


def _fit(catalog, weight: float):
    from jobrisk.models.task_exposure.model import TaskExposureModel
    from jobrisk.models.task_exposure.training import fit_on, training_set

    data = training_set(catalog)
    est = fit_on(TaskExposureEstimator(crossfit_folds=2, seed=7, n_jobs=1, modern_weight=weight), data)
    return TaskExposureModel.from_training(est, data, {}), data


@pytest.fixture(scope="module")
def modern_model(catalog):
    return _fit(catalog, 2.0)


@pytest.fixture(scope="module")
def model(catalog):
    return _fit(catalog, 0.0)[0]


def test_explanations_show_modern_tasks_only_when_they_are_the_rows_trained_on(modern_model):
    from jobrisk.models.task_exposure.model import TaskExposureModel
    from jobrisk.models.task_exposure.training import modern_checksum

    model, data = modern_model
    est = model.estimator
    assert est.modern_reference_ == len(data.modern)
    assert est.reference_words_.shape[0] == len(data.labelled) + len(data.modern)
    text = data.modern["task"].iloc[0]  # a modern training task: its nearest reference row is itself
    onet = set(data.labelled["task"])
    # no checksum of the modern rows in the manifest: they cannot be told apart from a changed file
    assert all(n.task in onet and n.task_id > 0 for n in model.explain(text, k=3).neighbours)
    trained = TaskExposureModel(est, model.reference, {"modern_tasks_sha256": modern_checksum(data.modern)})
    first = trained.explain(text, k=3).neighbours[0]
    assert (first.task, first.source, first.task_id) == (text, "modern", None)
    assert first.source_label == "from jobrisk's labelled modern tasks"
    assert first.human_exposure == data.modern["label"].iloc[0] and first.gpt4_exposure is None
    other = TaskExposureModel(est, model.reference, {"modern_tasks_sha256": "0" * 64})
    assert all(n.source == "onet" for n in other.explain(text, k=3).neighbours)


def test_the_jargon_half_is_fixed_by_the_onet_words_whatever_else_the_model_learnt(model, modern_model):
    from jobrisk.models.task_exposure.dev_set import jargon_mask, onet_jargon_mask

    texts = ["Rotate the API signing keys in AWS Secrets Manager", "Prepare detailed reports on audit findings"]
    texts += read_modern_tasks()["task"].head(30).tolist()
    onet = modern_model[1].labelled["task"].tolist()
    shipped = jargon_mask(model.score_arrays(texts))  # a model trained on O*NET tasks alone
    assert np.array_equal(onet_jargon_mask(model, texts, onet), shipped)  # the same definition
    assert np.array_equal(onet_jargon_mask(modern_model[0], texts, onet), shipped)
