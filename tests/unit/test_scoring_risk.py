"""The risk formula, bands, range and parameter validation."""

import pytest

from jobrisk.scoring.params import ScoringParams
from jobrisk.scoring.risk import demand_factor, risk_band, risk_range, risk_score, substitution_share

PARAMS = ScoringParams()


def test_fully_automatable_exposed_work_counts_fully():
    assert substitution_share(0.6, 1.0, 0.9) == pytest.approx(0.6)


def test_augmented_work_counts_as_far_as_human_advantage_is_low():
    assert substitution_share(0.6, 0.0, 0.25) == pytest.approx(0.45)


def test_substitutable_work_is_set_against_projected_employment():
    base = risk_score(0.5, 0.5, 0.5, None, PARAMS)
    assert base == pytest.approx(100 * 0.5 * 0.75)
    assert risk_score(0.5, 0.5, 0.5, 1.0, PARAMS) == pytest.approx(base)
    # 25 % more jobs projected: the same work is a fifth smaller share of the demand
    assert risk_score(0.5, 0.5, 0.5, 1.25, PARAMS) == pytest.approx(base / 1.25)
    # a quarter fewer jobs: a third larger share
    assert risk_score(0.5, 0.5, 0.5, 0.75, PARAMS) == pytest.approx(base / 0.75)


def test_demand_factor_is_employment_2024_over_2034_and_one_when_unknown_or_off():
    assert demand_factor(None, PARAMS) == 1.0
    assert demand_factor(0.8, PARAMS) == pytest.approx(1.25)
    assert demand_factor(0.8, ScoringParams(projected_demand=False)) == 1.0


def test_score_is_capped_at_100_when_shrinking_demand_exceeds_the_work_left():
    assert risk_score(1.0, 1.0, 0.0, 0.5, PARAMS) == 100.0


def test_non_positive_projected_employment_is_rejected():
    with pytest.raises(ValueError, match="projected_employment_ratio must be > 0"):
        demand_factor(0.0, PARAMS)


def test_components_outside_zero_one_are_rejected():
    with pytest.raises(ValueError, match="exposure must be in"):
        substitution_share(1.2, 0.5, 0.5)


@pytest.mark.parametrize(
    "score,band",
    [(0.0, "Low"), (14.99, "Low"), (15.0, "Moderate"), (30.0, "High"), (45.0, "Very high"), (100.0, "Very high")],
)
def test_bands_follow_the_documented_cutoffs(score, band):
    assert risk_band(score, PARAMS) == band


def test_no_score_is_insufficient_data_never_low():
    assert risk_band(None, PARAMS) == "Insufficient data"


def test_range_spans_variants_and_noise_and_stays_in_bounds():
    r = risk_range(50.0, [40.0, 58.0], 3.0)
    assert (r.low, r.score, r.high) == (37.0, 50.0, 61.0)
    assert risk_range(2.0, [1.0], 5.0).low == 0.0


def test_params_reject_cutoffs_that_do_not_rise():
    with pytest.raises(ValueError, match="band_cutoffs"):
        ScoringParams(band_cutoffs=(30.0, 15.0, 45.0))


def test_params_reject_all_zero_source_weights():
    with pytest.raises(ValueError, match="at least one task-exposure source"):
        ScoringParams(own_label_weight=0.0, activity_pool_weight=0.0, model_weight=0.0)
