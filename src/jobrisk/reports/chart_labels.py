"""Where a chart's point labels go, so that they never overlap each other, the highlighted dots
or the chart's own notes, and never leave the plot.

:func:`place_labels` takes the highlighted points (their position in the chart's units and their
text) and tries, for each in turn, positions next to its dot (right, left, above, below), then
positions further away joined to the dot by a leader line, nearest first; a position is taken
only when the label's box (estimated from the text's length at the given font size) lies inside
the plot and clear of every dot and every label already placed. Pure arithmetic: the SVG
templates (``charts/scatter.html``) draw what it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Width of one character as a share of the font size (bold system-ui, a little generous).
CHAR_WIDTH_EM = 0.62
#: Label box height as a share of the font size.
LINE_HEIGHT_EM = 1.25
#: Space kept between a label's box and a dot's edge, and between two labels.
GAP_PX = 3.0
#: Labels longer than this are cut with an ellipsis.
MAX_CHARS = 40


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, other: Box) -> bool:
        return self.x0 >= other.x0 and self.x1 <= other.x1 and self.y0 >= other.y0 and self.y1 <= other.y1


@dataclass(frozen=True)
class PlacedLabel:
    text: str
    x: float  # SVG text x (the text starts there: text-anchor 'start')
    y: float  # SVG text baseline
    box: Box  # the space the label takes
    leader: bool  # draw a line from the dot to the label
    dot_x: float
    dot_y: float
    leader_x: float  # where the leader line meets the label
    leader_y: float


def label_text(title: str, max_chars: int = MAX_CHARS) -> str:
    return title if len(title) <= max_chars else title[: max_chars - 1].rstrip() + "…"


def _box(x0: float, baseline: float, width: float, font_px: float) -> Box:
    top = baseline - font_px * 0.95
    return Box(x0, top, x0 + width, top + font_px * LINE_HEIGHT_EM)


def _candidates(cx: float, cy: float, width: float, font_px: float, radius: float, plot: Box):
    """(box left edge, baseline, leader) positions around a dot, nearest first: beside the dot,
    above and below it, then rows further up and down (the label shifted sideways to fit)."""
    near = radius + 5
    mid = font_px * 0.35  # baseline that centres the text on the dot
    centred = min(max(cx - width / 2, plot.x0), plot.x1 - width)
    yield cx + near, cy + mid, False
    yield cx - near - width, cy + mid, False
    yield cx + near - 4, cy - near - 2, False
    yield cx - near + 4 - width, cy - near - 2, False
    yield centred, cy - near - 2, False
    yield cx + near - 4, cy + near + font_px, False
    yield cx - near + 4 - width, cy + near + font_px, False
    yield centred, cy + near + font_px, False
    step = font_px * LINE_HEIGHT_EM + GAP_PX
    for k in range(1, 25):
        for dy in (-k * step, k * step):
            for x0 in (cx + near + 14, cx - near - 14 - width, centred):
                yield x0, cy + dy + mid, True


def place_labels(
    points: Sequence[tuple[float, float, str]],
    plot: Box,
    *,
    font_px: float = 13.0,
    dot_radius: float = 7.0,
    obstacles: Sequence[Box] = (),
) -> list[PlacedLabel]:
    """A label for each ``(x, y, title)`` in ``points`` (chart units, the same as ``plot``),
    in the same order; see the module docstring. ``obstacles`` are other boxes to keep clear of."""
    dots = [
        Box(x - dot_radius - GAP_PX, y - dot_radius - GAP_PX, x + dot_radius + GAP_PX, y + dot_radius + GAP_PX)
        for x, y, _ in points
    ]
    taken: list[Box] = list(obstacles)
    out = []
    for x, y, title in points:
        text = label_text(title)
        width = len(text) * font_px * CHAR_WIDTH_EM
        chosen = None
        for x0, baseline, leader in _candidates(x, y, width, font_px, dot_radius, plot):
            box = _box(x0, baseline, width, font_px)
            padded = Box(box.x0 - GAP_PX, box.y0 - GAP_PX, box.x1 + GAP_PX, box.y1 + GAP_PX)
            if (
                box.inside(plot)
                and not any(padded.overlaps(b) for b in taken)
                and not any(box.overlaps(d) for d in dots)
            ):
                chosen = (baseline, leader, box)
                break
        if chosen is None:  # nowhere free (more labels than the plot holds): beside the dot
            x0 = min(max(x + dot_radius + 5, plot.x0), plot.x1 - width)
            chosen = (y + font_px * 0.35, False, _box(x0, y + font_px * 0.35, width, font_px))
        baseline, leader, box = chosen
        taken.append(box)
        out.append(
            PlacedLabel(
                text=text,
                x=round(box.x0, 1),
                y=round(baseline, 1),
                box=box,
                leader=leader,
                dot_x=round(x, 1),
                dot_y=round(y, 1),
                leader_x=round(min(max(x, box.x0), box.x1), 1),
                leader_y=round(min(max(y, box.y0), box.y1), 1),
            )
        )
    return out
