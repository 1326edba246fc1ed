"""Career moves: similarity over four facets and the documented screens (pure, synthetic space)."""

from __future__ import annotations

import numpy as np
import pytest

from jobrisk.scoring.transitions import (
    activity_time,
    facet_matrix,
    find_transitions,
    occupation_origin,
    similarity,
    transition_space,
)

from jobrisk.scoring.transition_types import DEFAULT_SCREENS, Destination, ElementLevel, TransitionScreens

CODES = ["11-0000.00", "22-0000.00", "33-0000.00", "44-0000.00", "55-0000.00", "66-0000.00"]


def _dest(code, *, zone=3, wage=60000.0, risk=(10.0, 5.0, 15.0)):
    return Destination(
        code, f"Occupation {code[:2]}", zone, wage, risk[0], risk[1], risk[2], "Low", 2.0, "Bachelor's degree"
    )


def _space(destinations=None):
    # 11 is the origin; 22 works like it; 33 somewhat; 44 not at all; 55 and 66 like 22 (for screens)
    base = {"a": 4.0, "b": 2.0, "c": 1.0}
    close = {"a": 4.0, "b": 2.1, "c": 1.2}
    mid = {"a": 3.0, "b": 3.0, "c": 2.0}
    far = {"a": 1.0, "b": 2.0, "c": 5.0}
    rows = {
        "11-0000.00": base,
        "22-0000.00": close,
        "33-0000.00": mid,
        "44-0000.00": far,
        "55-0000.00": close,
        "66-0000.00": close,
    }
    acts = {
        "11-0000.00": {"i1": 0.6, "i2": 0.4},
        "22-0000.00": {"i1": 0.5, "i2": 0.5},
        "33-0000.00": {"i1": 0.2, "i3": 0.8},
        "44-0000.00": {"i4": 1.0},
        "55-0000.00": {"i1": 0.5, "i2": 0.5},
        "66-0000.00": {"i1": 0.5, "i2": 0.5},
    }
    descriptors = {"skills": rows, "knowledge": rows, "work_context": rows}
    ratings = {
        "11-0000.00": {"2.B.1": ElementLevel("skills", 3.5, 2.0)},
        "22-0000.00": {"2.B.1": ElementLevel("skills", 4.0, 4.0), "2.B.2": ElementLevel("skills", 2.0, 5.0)},
    }
    dests = destinations or [_dest(c) for c in CODES]
    return transition_space(CODES, acts, descriptors, dests, ratings, {"2.B.1": "Writing", "2.B.2": "Math"})


def _origin(space, **kw):
    args = dict(job_zone=3, annual_pay_usd=60000.0, risk=(50.0, 40.0, 60.0))
    args.update(kw)
    return occupation_origin(space, "11-0000.00", **args)


def test_activity_time_splits_a_tasks_share_over_its_work_activities():
    assert activity_time([(0.5, ["x", "y"]), (0.5, ["x"]), (0.2, [])]) == {"x": 0.75, "y": 0.25}


def test_centred_facet_makes_opposite_profiles_dissimilar_and_same_profile_one():
    m = facet_matrix(
        "skills", ["p", "q", "r"], {"p": {"a": 5, "b": 1}, "q": {"a": 1, "b": 5}, "r": {"a": 5, "b": 1}}, centred=True
    )
    sims = m.vectors @ m.vectors[0]
    assert sims[2] == pytest.approx(1.0)
    assert sims[1] < 0


def test_similarity_is_the_equal_weight_mean_of_the_facets_present():
    per = {
        "work_activities": np.array([0.8, np.nan]),
        "skills": np.array([0.4, 0.5]),
        "knowledge": np.array([0.6, np.nan]),
        "work_context": np.array([0.2, np.nan]),
    }
    out = similarity(per, min_facets=2)
    assert out[0] == pytest.approx(0.5)
    assert np.isnan(out[1])  # one facet only


def test_most_similar_move_first_and_dissimilar_work_is_not_a_move():
    space = _space()
    search = find_transitions(_origin(space), space)
    codes = [m.onet_soc_code for m in search.moves]
    assert "44-0000.00" not in codes
    assert codes[0] in ("22-0000.00", "55-0000.00", "66-0000.00")
    sims = [m.similarity for m in search.moves]
    assert sims == sorted(sims, reverse=True)
    assert search.considered == len(CODES) - 1


def test_moves_respect_every_documented_threshold():
    dests = [
        _dest("11-0000.00"),
        _dest("22-0000.00"),  # passes
        _dest("33-0000.00", zone=5),  # preparation too far
        _dest("44-0000.00"),  # dissimilar
        _dest("55-0000.00", wage=44000.0),  # pay below 0.75 x 60,000 = 45,000
        _dest("66-0000.00", risk=(35.0, 30.0, 41.0)),
    ]  # range overlaps the origin's (low 40)
    space = _space(dests)
    search = find_transitions(_origin(space), space)
    assert [m.onet_soc_code for m in search.moves] == ["22-0000.00"]
    assert search.pay == 1 and search.not_safer == 1
    for move in search.moves:
        assert move.similarity >= DEFAULT_SCREENS.viable_similarity
        assert abs(move.job_zone_difference) <= DEFAULT_SCREENS.max_job_zone_difference
        assert move.pay_ratio >= DEFAULT_SCREENS.min_pay_ratio
        assert move.risk_high < 40.0
        assert move.viability == ("highly viable" if move.similarity >= 0.4 else "viable")


def test_destination_without_wage_is_screened_out_not_passed():
    dests = [_dest(c, wage=None if c == "22-0000.00" else 60000.0) for c in CODES]
    space = _space(dests)
    codes = [m.onet_soc_code for m in find_transitions(_origin(space), space).moves]
    assert "22-0000.00" not in codes and "55-0000.00" in codes


def test_stated_pay_changes_the_pay_screen():
    space = _space()
    assert find_transitions(_origin(space, annual_pay_usd=200000.0), space).moves == ()
    assert find_transitions(_origin(space, annual_pay_usd=50000.0), space).moves


def test_no_move_is_safer_than_an_origin_without_a_score():
    space = _space()
    search = find_transitions(_origin(space, risk=None), space)
    assert search.moves == () and any("no risk score" in n for n in search.notes)


def test_skill_gaps_are_important_there_and_weaker_here_and_skip_what_the_person_has():
    space = _space()
    move = next(m for m in find_transitions(_origin(space), space).moves if m.onet_soc_code == "22-0000.00")
    assert [g.name for g in move.skill_gaps] == ["Writing"]  # Math: importance 2 < 3, not a gap
    assert move.skill_gaps[0].level_gap == pytest.approx(2.0)
    mine = find_transitions(_origin(space, own_elements=frozenset({"2.B.1"})), space)
    assert next(m for m in mine.moves if m.onet_soc_code == "22-0000.00").skill_gaps == ()


def test_a_persons_own_activities_replace_the_occupations():
    space = _space()
    like_far = _origin(space, activity={"i4": 1.0})
    base = _origin(space)
    assert like_far.vectors["work_activities"] @ space.facet("work_activities").vectors[3] == pytest.approx(1.0)
    assert base.vectors["work_activities"] @ space.facet("work_activities").vectors[3] == pytest.approx(0.0)


def test_screens_refuse_inconsistent_thresholds():
    with pytest.raises(ValueError, match="viable_similarity"):
        TransitionScreens(viable_similarity=0.5, highly_viable_similarity=0.4)
