"""Learned re-ranking of candidate occupations, calibrated confidence and the abstention rule.

:func:`.features.candidate_sets` turns the index hits for cleaned titles into one feature row per
candidate occupation (exact / word-bag hit, TF-IDF and rapidfuzz similarities, embedding
cosine, head-word agreement, title kind, occupation size, duties similarity).
:class:`TitleReranker` follows the scikit-learn contract: ``fit(X_groups, labels)`` learns a
pointwise logistic model over those features and a Platt calibrator that maps the top
candidate's score and its margin over the runner-up to P(top candidate is right).
Its parameters are plain numbers, saved as JSON (:meth:`to_dict` / :meth:`from_dict`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from jobrisk.errors import ModelNotTrainedError
from jobrisk.models.title_coder.features import (  # noqa: F401  (public via rerank)
    DUTIES_CANDIDATES,
    FEATURES,
    CandidateRow,
    CandidateSet,
    candidate_features,
    candidate_sets,
)

DEFAULT_THRESHOLD = 0.35


@dataclass
class TitleReranker:
    """Pointwise logistic re-ranker plus a Platt calibrator for the top candidate's confidence."""

    C: float = 1.0
    threshold: float = DEFAULT_THRESHOLD
    coef_: np.ndarray | None = field(default=None, repr=False)
    intercept_: float = 0.0
    calib_: tuple[float, float, float] | None = None

    def fit(self, groups: Sequence[np.ndarray], gold: Sequence[np.ndarray]) -> TitleReranker:
        """``groups[i]``: candidate features of query i; ``gold[i]``: 1 where the candidate is right."""
        X = np.vstack([g for g in groups if len(g)])
        y = np.concatenate([g for g, f in zip(gold, groups) if len(f)])
        from sklearn.linear_model import LogisticRegression  # to train; the stored weights rank without

        ranker = LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced")
        ranker.fit(X, y)
        self.coef_, self.intercept_ = ranker.coef_[0].copy(), float(ranker.intercept_[0])
        # calibrate on the queries' top candidates: is the best-scored candidate right?
        tops, right = [], []
        for g, lab in zip(groups[:], gold[:]):
            if not len(g):
                continue
            s = self.decision(g)
            order = np.argsort(-s)
            tops.append(_calib_x(s[order]))
            right.append(int(lab[order[0]] == 1))
        cal = LogisticRegression(C=10.0, max_iter=1000).fit(np.array(tops), np.array(right))
        self.calib_ = (float(cal.coef_[0][0]), float(cal.coef_[0][1]), float(cal.intercept_[0]))
        return self

    def decision(self, X: np.ndarray) -> np.ndarray:
        if self.coef_ is None:
            raise ModelNotTrainedError("TitleReranker is not fitted; call fit() or load trained weights")
        # row by row, element-wise: a candidate's score never depends on the other rows' count
        return (np.asarray(X, dtype=np.float64) * self.coef_).sum(axis=1) + self.intercept_

    def confidence(self, sorted_scores: np.ndarray) -> float:
        """P(the best candidate is right) from the sorted decision scores of all candidates."""
        if self.calib_ is None:
            raise ModelNotTrainedError("TitleReranker is not calibrated")
        a, b, c = self.calib_
        x = _calib_x(sorted_scores)
        return float(1.0 / (1.0 + math.exp(-(a * x[0] + b * x[1] + c))))

    def to_dict(self) -> dict:
        if self.coef_ is None or self.calib_ is None:
            raise ModelNotTrainedError("TitleReranker is not fitted")
        return {
            "features": list(FEATURES),
            "coef": [float(c) for c in self.coef_],
            "intercept": self.intercept_,
            "calibration": list(self.calib_),
            "threshold": self.threshold,
            "C": self.C,
        }

    @classmethod
    def from_dict(cls, data: dict) -> TitleReranker:
        if list(data["features"]) != list(FEATURES):
            raise ModelNotTrainedError("Saved title re-ranker weights use other features; retrain them")
        return cls(
            C=data.get("C", 1.0),
            threshold=data["threshold"],
            coef_=np.array(data["coef"], dtype=np.float64),
            intercept_=float(data["intercept"]),
            calib_=tuple(data["calibration"]),
        )


def _calib_x(sorted_scores: np.ndarray) -> np.ndarray:
    top = float(sorted_scores[0])
    margin = float(sorted_scores[0] - sorted_scores[1]) if len(sorted_scores) > 1 else 5.0
    return np.array([top, min(margin, 5.0)])
