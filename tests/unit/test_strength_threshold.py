"""The strength threshold: which strengths a report names, and how many reports a move changes."""

from __future__ import annotations

from jobrisk.reports.occupation.strengths import (
    STRENGTHS_FALLBACK,
    StrengthReading,
    named_strengths,
    threshold_sensitivity,
)


def _r(key: str, p: float) -> StrengthReading:
    return StrengthReading(key=key, name=key.title(), phrase=key, percentile=p, descriptors=())


def test_strong_readings_are_named_up_to_three_else_the_strongest_two_as_modest():
    chosen, strong = named_strengths([_r("care", 0.9), _r("people", 0.8), _r("judgement", 0.75), _r("lead", 0.71)])
    assert strong and [c.key for c in chosen] == ["care", "people", "judgement"]
    chosen, strong = named_strengths([_r("care", 0.6), _r("people", 0.5), _r("judgement", 0.4)])
    assert not strong and len(chosen) == STRENGTHS_FALLBACK


def test_sensitivity_counts_the_occupations_a_threshold_move_changes():
    readings = {
        "a": [_r("care", 0.72), _r("people", 0.5)],  # strong at 0.70 and 0.65, modest at 0.75
        "b": [_r("care", 0.9), _r("people", 0.67)],  # strong throughout; a second name at 0.65
        "c": [_r("care", 0.4)],  # modest throughout
        "d": [],
    }  # no readings: not counted
    low, high = threshold_sensitivity(readings)
    assert (low.threshold, low.occupations, low.wording_changed, low.names_changed) == (0.65, 3, 0, 1)
    assert (high.threshold, high.occupations, high.wording_changed, high.names_changed) == (0.75, 3, 1, 1)
