"""Per-task exposure: label consensus, activity pool, model, provenance."""

import pytest

from jobrisk.scoring.params import ScoringParams
from jobrisk.scoring.task_exposure import (
    SourceEstimate,
    TaskEvidence,
    activity_pool,
    estimate_task_exposure,
    label_consensus,
    pooled_estimate,
)

PARAMS = ScoringParams(min_pool_tasks=1)


def task(task_id, human=None, gpt4=None, iwas=("I1",), model=None, automation="T2"):
    return TaskEvidence(
        task_id=task_id,
        onet_soc_code="00-0000.00",
        task=f"task {task_id}",
        task_type="Core",
        human_exposure=human,
        gpt4_exposure=gpt4,
        gpt4_automation=automation if (human or gpt4) else None,
        model=None if model is None else SourceEstimate("model", model, 0.5),
        iwa_ids=iwas,
    )


def test_disagreeing_labels_are_mixed_half_and_half_by_default():
    consensus = label_consensus(task(1, human="E0", gpt4="E1"), PARAMS)
    assert consensus.probs == pytest.approx((0.5, 0.5, 0.0))
    assert consensus.exposure(0.5) == pytest.approx(0.5)


def test_human_share_one_keeps_the_human_label_only():
    params = PARAMS.with_changes(human_share_of_labels=1.0)
    assert label_consensus(task(1, human="E2", gpt4="E0"), params).probs == (0.0, 0.0, 1.0)


def test_pool_leaves_the_tasks_own_label_out():
    tasks = [task(1, human="E1", gpt4="E1"), task(2, human="E0", gpt4="E0")]
    pool = activity_pool(tasks, PARAMS)
    assert pooled_estimate(tasks[0], pool, PARAMS).probs == pytest.approx((1.0, 0.0, 0.0))
    assert pooled_estimate(tasks[1], pool, PARAMS).probs == pytest.approx((0.0, 1.0, 0.0))


def test_pool_ignores_activities_with_too_few_other_tasks():
    tasks = [task(1, human="E1"), task(2, human="E0")]
    pool = activity_pool(tasks, PARAMS.with_changes(min_pool_tasks=2))
    assert pooled_estimate(tasks[0], pool, PARAMS.with_changes(min_pool_tasks=2)) is None


def test_unlabelled_task_is_estimated_from_the_pool_and_says_so():
    tasks = [task(1, human="E1", gpt4="E1"), task(2)]
    pool = activity_pool(tasks, PARAMS)
    estimate = estimate_task_exposure(tasks[1], pool, PARAMS)
    assert estimate.provenance == "activity_pool"
    assert estimate.exposure(0.5) == pytest.approx(1.0)


def test_blend_weights_labels_pool_and_model_and_names_them():
    tasks = [task(1, human="E1", gpt4="E1", model=(1.0, 0.0, 0.0)), task(2, human="E0", gpt4="E0")]
    pool = activity_pool(tasks, PARAMS)
    estimate = estimate_task_exposure(tasks[0], pool, PARAMS)
    # labels 0.5 x 1.0 + pool 0.5 x 0.0 + model 0.5 x 0.0, over total weight 1.5
    assert estimate.exposure(0.5) == pytest.approx(0.5 / 1.5)
    assert estimate.provenance == "labels(human+gpt4) + activity_pool + model"
    assert estimate.disagreement == pytest.approx(1.0)


def test_task_without_any_source_has_no_estimate():
    lonely = task(1, iwas=())
    assert estimate_task_exposure(lonely, activity_pool([lonely], PARAMS), PARAMS) is None


def test_automation_is_blended_from_the_sources_that_rate_it():
    tasks = [task(1, gpt4="E1", automation="T4"), task(2, gpt4="E1", automation="T0")]
    pool = activity_pool(tasks, PARAMS)
    estimate = estimate_task_exposure(tasks[0], pool, PARAMS)
    assert estimate.automation == pytest.approx(0.5)  # own T4 (1.0) and pool T0 (0.0), equal weight


# ---------------------------------------------------------------------- observed use (method 1.2.0)
def test_observed_automation_informs_the_task_automation_by_its_weight() -> None:
    from jobrisk.scoring.task_exposure import informed_automation

    assert informed_automation(0.2, 0.8, 0.5) == pytest.approx(0.5)
    assert informed_automation(0.2, 0.8, 0.0) == 0.2  # capability only
    assert informed_automation(0.2, 0.8, 1.0) == 0.8  # observed wins
    assert informed_automation(0.2, None, 0.5) == 0.2  # not observed is not zero use
    assert informed_automation(None, 0.8, 0.5) == 0.8
    with pytest.raises(ValueError, match="observed must be in"):
        informed_automation(0.2, 1.5, 0.5)


def test_observed_use_changes_automation_not_exposure() -> None:
    from jobrisk.scoring.params import DEFAULT_PARAMS
    from jobrisk.scoring.task_exposure import ActivityPool, TaskEvidence, estimate_task_exposure

    pool = ActivityPool({}, DEFAULT_PARAMS.min_pool_tasks)
    plain = TaskEvidence(
        1, "15-2051.00", "Write reports.", "Core", human_exposure="E1", gpt4_exposure="E1", gpt4_automation="T1"
    )
    seen = TaskEvidence(
        1,
        "15-2051.00",
        "Write reports.",
        "Core",
        human_exposure="E1",
        gpt4_exposure="E1",
        gpt4_automation="T1",
        observed_automation=0.75,
    )
    a = estimate_task_exposure(plain, pool, DEFAULT_PARAMS)
    b = estimate_task_exposure(seen, pool, DEFAULT_PARAMS)
    assert a is not None and b is not None
    assert b.probs == a.probs
    assert a.automation == pytest.approx(0.25) and b.automation == pytest.approx(0.5)
    assert b.capability_automation == pytest.approx(0.25) and b.observed_automation == 0.75
