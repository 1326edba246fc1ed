"""Duties text as evidence: how close a person's description of their work is to each occupation.

:func:`duty_table` embeds every O*NET task statement once and sums the vectors per occupation;
:func:`duties_scores` gives the cosine between a duties text and each occupation's mean task
vector. Used by :class:`.coder.TitleCoder` as one re-ranker feature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def duty_table(encoder, task_texts: Mapping[str, Sequence[str]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(codes, sum of task-statement vectors per code, task count per code)."""
    codes = sorted(task_texts)
    flat = [t for c in codes for t in task_texts[c]]
    vectors = encoder.encode(flat)
    counts = np.array([len(task_texts[c]) for c in codes], dtype=np.float32)
    ends = np.cumsum(counts).astype(int)
    sums = np.add.reduceat(vectors, np.r_[0, ends[:-1]], axis=0).astype(np.float32)
    return codes, sums, counts


def duties_scores(
    encoder,
    table: tuple[list[str], np.ndarray, np.ndarray],
    duties: str,
    leave_out: tuple[str, np.ndarray] | None = None,
) -> dict[str, float]:
    """Cosine between the duties text and each occupation's mean task-statement vector.

    ``leave_out`` (code, task vector) removes one task from its occupation's mean: used when
    a task statement stands in for a person's duties in training.
    """
    codes, sums, _counts = table
    vector = encoder.encode([duties])[0]
    means = sums.copy()
    if leave_out is not None and leave_out[0] in codes:
        i = codes.index(leave_out[0])
        means[i] -= leave_out[1]
    norms = np.linalg.norm(means, axis=1)
    norms[norms == 0] = 1.0
    sims = (means @ vector) / norms
    return dict(zip(codes, (float(x) for x in sims)))
