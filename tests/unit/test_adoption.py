"""The adoption estimate: estimator contract, views, temporal validation on synthetic tasks."""

from __future__ import annotations

import numpy as np
import pytest

from jobrisk.errors import ModelNotTrainedError
from jobrisk.models.adoption import AdoptionEstimator, AdoptionRows
from jobrisk.models.adoption.rows import activity_tokens
from jobrisk.models.adoption.validation import render_markdown, validate_rows

WRITING = [
    "write reports on findings",
    "draft letters to clients",
    "write code for programs",
    "edit written material",
    "write grant proposals",
    "write software documentation",
]
MANUAL = [
    "install roofing shingles",
    "lift heavy materials",
    "operate heavy trucks",
    "repair engines with hand tools",
    "clean work areas",
    "load cargo onto trucks",
]


def _rows(n_each: int = 20) -> tuple[AdoptionRows, np.ndarray]:
    texts, codes, tokens, exposure, y = [], [], [], [], []
    rng = np.random.default_rng(0)
    for i in range(n_each):
        for j, text in enumerate(WRITING):
            texts.append(f"{text} {i}")
            codes.append(f"15-{1000 + i:04d}.00")
            tokens.append("iwa:4.A.3.b.6 gwa:4.A.3.b.6")
            exposure.append((0.6, 0.3, 0.75, 0.5) if j % 2 == 0 else (0.4, 0.3, 0.55, 0.4))
            y.append(1 if rng.random() < 0.7 else 0)
        for text in MANUAL:
            texts.append(f"{text} {i}")
            codes.append(f"47-{1000 + i:04d}.00")
            tokens.append("iwa:4.A.3.a.3 gwa:4.A.3.a.3")
            exposure.append((0.05, 0.05, 0.075, 0.1))
            y.append(1 if rng.random() < 0.05 else 0)
    rows = AdoptionRows(tuple(range(len(texts))), tuple(codes), tuple(texts), tuple(tokens), np.array(exposure))
    return rows, np.array(y)


def test_estimator_ranks_tasks_like_the_observed_ones_higher() -> None:
    rows, y = _rows()
    model = AdoptionEstimator().fit(rows, y)
    free = AdoptionRows.free_text(
        ["write a summary report", "lift heavy boxes"], np.array([[0.5, 0.3, 0.65, 0.4], [0.05, 0.05, 0.075, 0.1]])
    )
    p = model.predict_proba(free)[:, 1]
    assert p[0] > p[1]
    assert model.predict(free).tolist() == [int(p[0] >= 0.5), int(p[1] >= 0.5)]
    assert model.n_features_ > 4


def test_unfitted_estimator_says_so() -> None:
    rows, _ = _rows(2)
    with pytest.raises(ModelNotTrainedError, match="not fitted"):
        AdoptionEstimator().predict_proba(rows)


def test_estimator_without_any_view_is_refused() -> None:
    rows, y = _rows(2)
    with pytest.raises(ValueError, match="at least one of use_text"):
        AdoptionEstimator(use_text=False, use_activities=False, use_exposure=False).fit(rows, y)


def test_rows_with_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="one entry per task"):
        AdoptionRows((1, 2), ("a", "b"), ("x", "y"), ("",), np.zeros((2, 4)))


def test_activity_tokens_name_each_level_once() -> None:
    assert (
        activity_tokens(["4.A.1.a.1.I01.D01"], ["4.A.1.a.1.I01", "4.A.1.a.1.I01"], ["4.A.1.a.1"])
        == "dwa:4.A.1.a.1.I01.D01 gwa:4.A.1.a.1 iwa:4.A.1.a.1.I01"
    )


def test_temporal_validation_tests_only_tasks_the_earlier_release_left_unobserved() -> None:
    rows, y_fit = _rows()
    rng = np.random.default_rng(1)
    writing = np.array(["write" in t or "draft" in t or "edit" in t for t in rows.text])
    y_later = np.where(y_fit == 1, 1, (rng.random(len(y_fit)) < np.where(writing, 0.5, 0.02)).astype(int))
    v = validate_rows(rows, y_fit, y_later, "2025-02-10", "2025-03-27", grouped=True)
    assert v.test_tasks == int((y_fit == 0).sum())
    assert v.first_appearing == int(y_later[y_fit == 0].sum())
    assert v.result("constant").auc == 0.5
    assert v.result("constant").precision_top_decile == pytest.approx(v.base_rate)
    assert v.result("adoption_model").auc > 0.7  # writing tasks appear later, manual ones rarely
    assert {r.name for r in v.results} >= {"exposure_alone", "exposure_model", "adoption_model_grouped"}
    text = render_markdown(v, {"C": 1.0})
    assert "| `adoption_model` |" in text and "2025-03-27" in text and "nothing leaks" in text


def test_validation_needs_new_tasks_in_the_later_release() -> None:
    rows, y_fit = _rows(3)
    with pytest.raises(ValueError, match="must both add and not add"):
        validate_rows(rows, y_fit, y_fit, "a", "b")
