"""Stage 2 of the task exposure model: its feature rows, and the occupation context it reads.

Stage-1 output columns (the layout every stage-1 array has), ``_stage2_features`` (the
log-probabilities of the stage-1 models a variant uses, the occupation context, the neighbour
evidence for text without DWA links and, as an option, the unknown-word share) and
``_context_vectors`` (the mean stage-1 output per occupation). Used by :mod:`.estimator`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from jobrisk.models.task_exposure.neighbours import N_DWA_FEATURES, N_NEIGHBOUR_FEATURES, N_TASK_FEATURES, stage2_part

if TYPE_CHECKING:
    from jobrisk.models.task_exposure.estimator import TaskRows

# stage-1 output columns
_TEXT_H, _TEXT_G, _TEXT_A = slice(0, 3), slice(3, 6), slice(6, 11)
_FULL_H, _FULL_A = slice(11, 14), slice(14, 19)
_N_PROBA = 19
_NEIGHBOURS = slice(_N_PROBA, _N_PROBA + N_NEIGHBOUR_FEATURES)
_TASK_NEIGHBOURS = slice(_N_PROBA, _N_PROBA + N_TASK_FEATURES)
_DWA_NEIGHBOURS = slice(_N_PROBA + N_TASK_FEATURES, _N_PROBA + N_TASK_FEATURES + N_DWA_FEATURES)
_N_STAGE1 = _N_PROBA + N_NEIGHBOUR_FEATURES
#: Stage-1 column: share of the words the text models read that their vocabulary lacks.
_UNKNOWN = _N_STAGE1
_N_STAGE1_OUT = _N_STAGE1 + 1


def _has_dwa(rows: TaskRows) -> np.ndarray:
    return np.array([bool(s) for s in rows.dwa_tokens])


def _best_human(stage1: np.ndarray, has_dwa: np.ndarray) -> np.ndarray:
    return np.where(has_dwa[:, None], stage1[:, _FULL_H], stage1[:, _TEXT_H])


def _context_vectors(stage1: np.ndarray, has_dwa: np.ndarray, codes: list[str]) -> dict[str, np.ndarray]:
    """Mean stage-1 output per occupation: best human probabilities and GPT-4 probabilities."""
    import pandas as pd

    values = np.hstack([_best_human(stage1, has_dwa), stage1[:, _TEXT_G]])
    frame = pd.DataFrame(values)
    frame["code"] = codes
    means = frame[frame["code"] != ""].groupby("code").mean()
    return {code: means.loc[code].to_numpy(dtype=np.float64) for code in means.index}


def _stage2_features(
    stage1: np.ndarray,
    context: np.ndarray,
    variant: str,
    neighbours: bool = False,
    dwa_view: bool = True,
    unknown: bool = False,
) -> np.ndarray:
    parts = [stage1[:, :11]]
    if "dwa" in variant:
        parts.append(stage1[:, 11:_N_PROBA])
    if "occ" in variant:
        parts.append(context)
    x = np.log(np.clip(np.hstack(parts), 1e-4, 1.0))
    if neighbours and "dwa" not in variant:  # neighbour evidence is for text without DWA links
        x = np.hstack([x, stage2_part(stage1[:, _NEIGHBOURS if dwa_view else _TASK_NEIGHBOURS])])
    if unknown:  # how far to trust the text models' words: their share of unknown words, and its products
        share = stage1[:, _UNKNOWN : _UNKNOWN + 1]
        x = np.hstack([x, share, share * x[:, :6]])
    return x
