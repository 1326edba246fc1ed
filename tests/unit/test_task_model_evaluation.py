"""Evaluation metrics of the task exposure model report."""

import numpy as np
import pytest

from jobrisk.models.task_exposure.evaluation import classification_metrics, expected_calibration_error
from jobrisk.models.task_exposure.report import render_markdown


def test_perfect_probabilities_score_perfectly():
    y = np.array([0, 1, 2, 0, 2, 1])
    metrics = classification_metrics(y, np.eye(3)[y], ["a", "a", "b", "b", "c", "c"])
    assert metrics["kappa"] == 1.0 and metrics["binary_auc"] == 1.0
    assert metrics["occupation_exposure_pearson"] == pytest.approx(1.0)
    assert metrics["ece"] == 0.0


def test_overconfident_wrong_predictions_have_large_calibration_error():
    y = np.array([0, 0, 0, 0])
    proba = np.tile([0.0, 0.95, 0.05], (4, 1))
    assert expected_calibration_error(y, proba) == pytest.approx(0.95)


def test_report_lists_every_method_next_to_the_baselines():
    metrics = {
        "tasks": 10,
        "accuracy": 0.5,
        "kappa": 0.4,
        "kappa_linear": 0.45,
        "binary_kappa": 0.3,
        "binary_auc": 0.8,
        "occupation_exposure_pearson": 0.9,
        "occupations": 3,
        "ece": 0.05,
    }
    names = ("full", "onet_statement", "free_text", "free_text_human", "tfidf_lr", "majority", "gpt4_labels")
    split = {
        "all": dict.fromkeys(names, metrics),
        "not_near_duplicate": dict.fromkeys(names, metrics),
        "automation_spearman_vs_gpt4_level": {"full": 0.8},
        "near_duplicate_share": 0.1,
        "seconds": 5,
    }
    report = {
        "tasks": 10,
        "occupations": 3,
        "seed": 1,
        "training_data_sha256": "f" * 64,
        "near_duplicate_similarity": 0.9,
        "splits": {"occupation": split},
    }
    text = render_markdown(report)
    for caption in (
        "TF-IDF + logistic regression",
        "majority class",
        "GPT-4 labels",
        "free text only",
        "human labels alone",
    ):
        assert caption in text
    assert "| 0.400 |" in text
