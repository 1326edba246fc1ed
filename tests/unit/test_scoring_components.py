"""The four components: capability exposure, automation share, human advantage, outlook."""

import pytest

from jobrisk.catalog.types import Projection
from jobrisk.scoring.automation_share import automation_share
from jobrisk.scoring.capability_exposure import capability_exposure
from jobrisk.scoring.human_advantage import FACETS, facet_readings, human_advantage
from jobrisk.scoring.labour_market_outlook import labour_market_outlook, outlook_reference, percentile_rank
from jobrisk.scoring.params import ScoringParams
from jobrisk.scoring.task_exposure import TaskExposureEstimate

PARAMS = ScoringParams()


def est(probs, automation=None):
    return TaskExposureEstimate(
        task_id=1,
        onet_soc_code="x",
        task="t",
        probs=probs,
        automation=automation,
        sources=(),
        provenance="labels(human)",
        disagreement=0.0,
    )


def test_exposure_scenarios_count_e1_alone_e2_half_and_both():
    scenarios = capability_exposure([est((0, 1, 0)), est((0, 0, 1))], [0.5, 0.5], 0.5)
    assert scenarios.llm_alone == pytest.approx(0.5)
    assert scenarios.default == pytest.approx(0.75)
    assert scenarios.llm_with_tools == pytest.approx(1.0)
    assert scenarios.standard_error == 0.0  # certain labels carry no sampling noise


def test_uncertain_tasks_give_a_standard_error():
    scenarios = capability_exposure([est((0.5, 0.5, 0)), est((0.5, 0.5, 0))], [0.5, 0.5], 0.5)
    assert scenarios.standard_error == pytest.approx((2 * 0.25 * 0.25) ** 0.5)


def test_exposure_follows_time_shares():
    scenarios = capability_exposure([est((0, 1, 0)), est((1, 0, 0))], [0.75, 0.25], 0.5)
    assert scenarios.default == pytest.approx(0.75)


def test_automation_share_ignores_unexposed_tasks():
    estimates = [est((0, 1, 0), automation=1.0), est((1, 0, 0), automation=0.0)]
    assert automation_share(estimates, [0.5, 0.5], 0.5) == pytest.approx(1.0)


def test_automation_share_is_none_when_nothing_exposed_is_rated():
    assert automation_share([est((0, 1, 0))], [1.0], 0.5) is None


def _profile(level):
    return {
        domain: {element: level for d, element, _ in items if d == domain}
        for items in FACETS.values()
        for domain, _, _ in items
    }


def test_more_shielded_occupation_ranks_higher_in_complementarity():
    readings = {"low": facet_readings(_profile(1.5)), "high": facet_readings(_profile(4.5))}
    advantage = human_advantage(readings, PARAMS)
    assert advantage["high"].complementarity > advantage["low"].complementarity
    assert advantage["high"].facet("creativity") == pytest.approx(0.75)


def test_occupation_without_descriptors_has_no_readings():
    assert facet_readings({}) is None


def projection(soc, change, openings, employment=100.0):
    return Projection(
        soc_code=soc,
        title=soc,
        employment_2024_thousands=employment,
        employment_2034_thousands=None,
        change_pct=change,
        openings_per_year_thousands=openings,
        median_wage_2024_usd=None,
        education=None,
    )


def test_outlook_is_the_mean_percentile_of_growth_and_openings():
    rows = [projection("a", -10.0, 5.0), projection("b", 0.0, 10.0), projection("c", 10.0, 15.0)]
    reference = outlook_reference(rows)
    assert labour_market_outlook(rows[2], reference).outlook == pytest.approx(5 / 6)
    assert labour_market_outlook(rows[0], reference).outlook == pytest.approx(1 / 6)


def test_projected_employment_ratio_comes_from_the_bls_percent_change():
    rows = [projection("a", -17.5, 5.0), projection("b", 10.0, 15.0)]
    reference = outlook_reference(rows)
    # read from the percent change: the published levels are rounded to 100 jobs
    assert labour_market_outlook(rows[0], reference).projected_employment_ratio == pytest.approx(0.825)
    assert labour_market_outlook(rows[1], reference).projected_employment_ratio == pytest.approx(1.1)


def test_missing_projection_gives_no_outlook_not_zero():
    reference = outlook_reference([projection("a", 1.0, 1.0)])
    assert labour_market_outlook(None, reference) is None
    assert labour_market_outlook(projection("b", None, 1.0), reference) is None


def test_percentile_rank_gives_ties_the_middle_rank():
    assert percentile_rank(2.0, [1.0, 2.0, 2.0, 3.0]) == pytest.approx(0.5)
