"""Task time-share weights: task type and work-activity importance."""

import pytest

from jobrisk.scoring.params import ScoringParams
from jobrisk.scoring.task_weights import task_time_shares, task_type_weight

PARAMS = ScoringParams()


def test_core_task_weighs_twice_a_supplemental_one_without_activity_importance():
    shares = task_time_shares(["Core", "Supplemental"], [None, None], PARAMS)
    assert shares == pytest.approx([2 / 3, 1 / 3])


def test_unrated_task_sits_between_core_and_supplemental():
    assert task_type_weight("Supplemental", PARAMS) < task_type_weight(None, PARAMS) < task_type_weight("Core", PARAMS)


def test_shares_sum_to_one_and_follow_activity_importance():
    shares = task_time_shares(["Core", "Core", "Core"], [5.0, 2.5, None], PARAMS)
    assert sum(shares) == pytest.approx(1.0)
    assert shares[0] == pytest.approx(2 * shares[1])
    # the task without a linked activity takes the mean importance (3.75)
    assert shares[2] == pytest.approx(shares[0] * 3.75 / 5.0)


def test_importance_power_zero_switches_activity_importance_off():
    params = PARAMS.with_changes(activity_importance_power=0.0)
    assert task_time_shares(["Core", "Core"], [5.0, 1.0], params) == pytest.approx([0.5, 0.5])


def test_mismatched_inputs_are_an_error_naming_both_lengths():
    with pytest.raises(ValueError, match="2 task types but 1 activity importances"):
        task_time_shares(["Core", "Core"], [3.0], PARAMS)


def test_no_tasks_gives_no_shares():
    assert task_time_shares([], [], PARAMS) == []
