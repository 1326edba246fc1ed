"""Observed use and p_adoption columns for scored task rows, on the fixture catalog."""

from __future__ import annotations

import numpy as np
import pytest

from jobrisk.catalog import Catalog
from jobrisk.models.adoption import AdoptionEstimator, AdoptionRows
from jobrisk.models.adoption.annotate import ObservedUseAnnotator
from jobrisk.models.adoption.artifact import AdoptionModel

OBSERVED = "Proofread, edit, and revise translated materials."


@pytest.fixture(scope="module")
def model() -> AdoptionModel:
    texts = ["write reports", "edit documents", "write code", "lift boxes", "drive trucks", "fix roofs"] * 5
    y = np.array([1, 1, 1, 0, 0, 0] * 5)
    exposure = np.array([[0.6, 0.3, 0.75, 0.5] if v else [0.05, 0.0, 0.05, 0.1] for v in y])
    rows = AdoptionRows.free_text(texts, exposure)
    return AdoptionModel(AdoptionEstimator(min_df=1).fit(rows, y), {"release": "2025-03-27"})


def test_observed_onet_text_gets_its_share_and_p_adoption_one(catalog: Catalog, model) -> None:
    annotator = ObservedUseAnnotator(catalog, model)
    out = annotator(catalog, [OBSERVED.upper()], ["27-3091.00"], np.array([[0.1, 0.8, 0.5, 0.7]]))
    assert out["p_adoption"] == [1.0]
    assert out["observed_share_pct"][0] == pytest.approx(
        catalog.observed_use_of_text(OBSERVED).usage_share_pct, rel=1e-4
    )


def test_unobserved_free_text_gets_the_model_estimate_and_no_share(catalog: Catalog, model) -> None:
    annotator = ObservedUseAnnotator(catalog, model)
    out = annotator(
        catalog,
        ["write weekly reports", "lift heavy boxes", ""],
        None,
        np.array([[0.6, 0.3, 0.75, 0.5], [0.05, 0.0, 0.05, 0.1], [0.0, 0.0, 0.0, 0.0]]),
    )
    assert out["observed_share_pct"] == [None, None, None]  # not observed: empty, never 0
    writing, lifting, empty = out["p_adoption"]
    assert writing is not None and lifting is not None and writing > lifting
    assert empty is None


def test_without_an_adoption_model_free_text_has_no_estimate(catalog: Catalog) -> None:
    annotator = ObservedUseAnnotator(catalog, None)
    out = annotator(catalog, ["write weekly reports"], None, np.array([[0.6, 0.3, 0.75, 0.5]]))
    assert out == {"observed_share_pct": [None], "p_adoption": [None]}
    assert annotator.release == "2025-03-27"
