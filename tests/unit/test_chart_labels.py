"""Scatter-chart labels never overlap each other, the highlighted dots or the outlier note."""

from __future__ import annotations

import itertools

from jobrisk.reports.chart_labels import GAP_PX, Box, label_text, place_labels

PLOT = Box(84, 16, 620, 348)


def _dot(x: float, y: float, r: float = 7.0) -> Box:
    return Box(x - r, y - r, x + r, y + r)


def _check(points, labels, obstacles=()):
    assert len(labels) == len(points)
    for lab in labels:
        assert lab.box.inside(PLOT), lab
        for x, y, _ in points:
            assert not lab.box.overlaps(_dot(x, y)), (lab, x, y)
        for ob in obstacles:
            assert not lab.box.overlaps(ob)
    for a, b in itertools.combinations(labels, 2):
        assert not a.box.overlaps(b.box), (a, b)


def test_three_occupations_on_the_same_spot_get_three_separate_labels():
    points = [
        (300, 200, "Registered Nurses"),
        (301, 201, "Nurse Practitioners"),
        (299, 199, "Licensed Practical and Licensed Vocational Nurses"),
    ]
    labels = place_labels(points, PLOT)
    _check(points, labels)
    assert labels[2].text.endswith("…") and len(labels[2].text) == 40


def test_labels_near_the_edges_stay_inside_the_plot():
    points = [
        (618, 18, "Chief Executives and Other Top Managers"),
        (86, 346, "Dishwashers"),
        (616, 346, "Software Developers, Applications and Systems"),
    ]
    _check(points, place_labels(points, PLOT))


def test_a_dense_cluster_in_a_corner_still_has_no_overlap_and_uses_leader_lines():
    points = [(610, 30 + i, f"Long occupation title number {i}") for i in range(3)]
    labels = place_labels(points, PLOT)
    _check(points, labels)
    assert any(lab.leader for lab in labels)
    for lab in labels:  # a leader line ends on its label's box
        if lab.leader:
            assert round(lab.box.x0, 1) <= lab.leader_x <= round(lab.box.x1, 1)
            assert round(lab.box.y0, 1) <= lab.leader_y <= round(lab.box.y1, 1)


def test_labels_keep_clear_of_the_outlier_note():
    note = Box(480, 26, 616, 42)
    points = [(560, 36, "Airline Pilots, Copilots, and Flight Engineers")]
    labels = place_labels(points, PLOT, obstacles=[note])
    _check(points, labels, [note])


def test_a_label_next_to_its_dot_has_no_leader_and_leaves_a_gap():
    labels = place_labels([(200, 200, "Roofers")], PLOT)
    assert not labels[0].leader and labels[0].box.x0 >= 200 + 7 + GAP_PX
    assert label_text("Roofers") == "Roofers"
