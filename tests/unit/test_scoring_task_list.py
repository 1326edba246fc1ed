"""score_task_list: one code path for an occupation's tasks and a person's own task list."""

from __future__ import annotations

import doctest
from dataclasses import fields

import pytest

import jobrisk.app.task_scoring
import jobrisk.scoring.task_list
from jobrisk.app.task_scoring import TaskScoringBasis
from jobrisk.catalog import Catalog
from jobrisk.errors import InputError, NotFoundError
from jobrisk.scoring.occupation import score_from_tasks
from jobrisk.scoring.task_list import score_task_list
from jobrisk.scoring.task_list_items import FREE_TEXT_PROVENANCE, CatalogTask, FreeTextTask

SCORED = (
    "13-2011.00",
    "15-1252.00",
    "15-2051.00",
    "27-3091.00",
    "29-1141.00",
    "43-9021.00",
    "47-2181.00",
    "53-3032.00",
)


@pytest.fixture(scope="module")
def basis(catalog: Catalog) -> TaskScoringBasis:
    return TaskScoringBasis.from_catalog(catalog)


@pytest.mark.parametrize("code", SCORED)
def test_default_profile_reproduces_the_occupation_score_exactly(basis, scorebook, code):
    inputs = basis.occupation_task_list(code)
    scored = score_task_list(inputs.items, inputs.reference, inputs.params)
    occupation = scorebook.score(code)
    rebuilt = score_from_tasks(inputs.reference.occupation, scored, occupation.research)
    for f in fields(occupation):
        assert getattr(rebuilt, f.name) == getattr(occupation, f.name), f.name
    assert scored.risk == occupation.risk and scored.band == occupation.band
    assert scored.contributions == scorebook.tasks(code)
    assert scored.task_components == scorebook.task_components[code]
    assert scored.notices == () and not scored.shares_given


def test_explicit_default_shares_give_the_occupation_score_without_the_weight_variants(basis, scorebook):
    inputs = basis.occupation_task_list("15-2051.00")
    items = inputs.with_time_shares(inputs.default_time_shares)
    scored = score_task_list(items, inputs.reference, inputs.params)
    occupation = scorebook.score("15-2051.00")
    assert scored.risk_score == pytest.approx(occupation.risk_score, abs=1e-9)
    assert scored.exposure.default == pytest.approx(occupation.exposure.default, abs=1e-12)
    assert scored.shares_given and scored.notices == ()
    variants = {s.variant for s in scored.sensitivity}
    assert "equal_task_weights" not in variants and "task_type_weights_only" not in variants
    assert {"human_labels", "gpt4_labels", "no_model"} <= variants


@pytest.mark.parametrize("code", ("15-2051.00", "43-9021.00", "13-2011.00"))
def test_raising_the_share_of_the_most_exposed_task_raises_the_score(basis, code):
    inputs = basis.occupation_task_list(code)
    base = score_task_list(inputs.items, inputs.reference, inputs.params)
    top = max(base.contributions, key=lambda c: c.exposure)
    shares = dict(inputs.default_time_shares)
    shares[top.task_id] += 0.5
    more = score_task_list(inputs.with_time_shares(shares), inputs.reference, inputs.params)
    assert more.exposure.default > base.exposure.default
    assert more.risk_score > base.risk_score


@pytest.mark.parametrize("code", ("15-2051.00", "43-9021.00", "13-2011.00", "29-1141.00"))
def test_removing_every_exposed_task_lowers_the_score_below_the_occupations(basis, scorebook, code):
    inputs = basis.occupation_task_list(code)
    occupation = scorebook.score(code)
    exposed = {c.task_id for c in scorebook.tasks(code) if c.exposure > occupation.exposure.default}
    rest = {k: v for k, v in inputs.default_time_shares.items() if k not in exposed}
    assert exposed and rest
    lower = score_task_list(inputs.with_time_shares(rest), inputs.reference, inputs.params)
    assert lower.exposure.default < occupation.exposure.default
    assert lower.risk_score < occupation.risk_score
    assert {c.task_id for c in lower.contributions}.isdisjoint(exposed)


def test_shares_not_summing_to_one_are_normalised_with_a_notice(basis):
    inputs = basis.occupation_task_list("43-9021.00")
    unit = {k: v for k, v in inputs.default_time_shares.items()}
    percent = {k: 100.0 * v for k, v in unit.items()}
    as_given = score_task_list(inputs.with_time_shares(unit), inputs.reference, inputs.params)
    as_percent = score_task_list(inputs.with_time_shares(percent), inputs.reference, inputs.params)
    assert as_given.notices == ()
    assert len(as_percent.notices) == 1
    assert "summed to 100" in as_percent.notices[0] and "percentages" in as_percent.notices[0]
    assert as_percent.risk_score == pytest.approx(as_given.risk_score, abs=1e-9)
    assert sum(c.time_share for c in as_percent.contributions) == pytest.approx(1.0)
    halves = {k: 0.5 * v for k, v in unit.items()}
    halved = score_task_list(inputs.with_time_shares(halves), inputs.reference, inputs.params)
    assert halved.notices[0].startswith("Time shares summed to 0.5, not 1;")


def test_free_text_task_is_scored_from_its_model_estimate_and_named_as_free_text(basis):
    inputs = basis.occupation_task_list("47-2181.00")
    roof = inputs.with_time_shares({inputs.items[0].evidence.task_id: 1.0})
    text = FreeTextTask(
        "Draft customer quotes and emails", p_e0=0.0, p_e1=1.0, p_e2=0.0, automation=0.5, confidence=0.9, time_share=1.0
    )
    scored = score_task_list((*roof, text), inputs.reference, inputs.params)
    own = next(c for c in scored.contributions if c.task_id < 0)
    assert own.task == "Draft customer quotes and emails"
    assert own.provenance == FREE_TEXT_PROVENANCE
    assert own.exposure == pytest.approx(1.0) and own.time_share == pytest.approx(0.5)
    alone = score_task_list(roof, inputs.reference, inputs.params)
    assert scored.risk_score > alone.risk_score


def test_free_text_task_with_known_work_activities_uses_the_activity_pool(basis):
    inputs = basis.occupation_task_list("43-9021.00")
    labelled = next(i.evidence for i in inputs.items if i.evidence.iwa_ids)
    text = FreeTextTask(
        "Key in invoices", p_e0=0.2, p_e1=0.6, p_e2=0.2, automation=0.5, confidence=0.9, iwa_ids=labelled.iwa_ids
    )
    scored = score_task_list((text,), inputs.reference, inputs.params)
    (own,) = scored.contributions
    assert own.pool_exposure is not None and "activity_pool" in own.provenance
    assert own.model_exposure == pytest.approx(0.6 + 0.5 * 0.2)


def test_unsure_free_text_task_is_named_in_a_caveat(basis):
    inputs = basis.occupation_task_list("15-2051.00")
    text = FreeTextTask("zxq blorp", p_e0=0.4, p_e1=0.3, p_e2=0.3, automation=None, confidence=0.2)
    scored = score_task_list((*inputs.items, text), inputs.reference, inputs.params)
    assert any("unsure" in c and "'zxq blorp'" in c for c in scored.caveats)


def test_shares_given_for_some_tasks_only_is_an_input_error_naming_them(basis):
    inputs = basis.occupation_task_list("15-2051.00")
    items = (*inputs.items[:2], CatalogTask(inputs.items[2].evidence, time_share=0.3))
    with pytest.raises(InputError, match=r"position 1, 2 of 3"):
        score_task_list(items, inputs.reference, inputs.params)


@pytest.mark.parametrize("share, message", ((-0.1, "finite and >= 0"), (float("nan"), "finite and >= 0")))
def test_bad_shares_are_input_errors(basis, share, message):
    inputs = basis.occupation_task_list("15-2051.00")
    items = (CatalogTask(inputs.items[0].evidence, share), CatalogTask(inputs.items[1].evidence, 1))
    with pytest.raises(InputError, match=message):
        score_task_list(items, inputs.reference, inputs.params)


def test_all_zero_shares_and_empty_lists_are_input_errors(basis):
    inputs = basis.occupation_task_list("15-2051.00")
    with pytest.raises(InputError, match="sum to 0"):
        score_task_list(
            inputs.with_time_shares({inputs.items[0].evidence.task_id: 0.0}), inputs.reference, inputs.params
        )
    with pytest.raises(InputError, match="at least one task"):
        score_task_list((), inputs.reference, inputs.params)


def test_free_text_probabilities_must_be_probabilities(basis):
    inputs = basis.occupation_task_list("15-2051.00")
    bad = FreeTextTask("Write code", p_e0=0.5, p_e1=0.5, p_e2=0.5, automation=0.5, confidence=1)
    with pytest.raises(InputError, match="summing to 1"):
        score_task_list((bad,), inputs.reference, inputs.params)


def test_unknown_task_ids_and_codes_are_named(basis):
    inputs = basis.occupation_task_list("15-2051.00")
    with pytest.raises(InputError, match="123456789"):
        inputs.with_time_shares({123456789: 1.0})
    with pytest.raises(NotFoundError, match="99-9999.00"):
        basis.occupation_task_list("99-9999.00")


@pytest.mark.parametrize("module", (jobrisk.scoring.task_list, jobrisk.app.task_scoring))
def test_module_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
