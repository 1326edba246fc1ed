""":class:`AdoptionEstimator`: P(task appears in observed AI use) from text, work activities, exposure.

One L2-regularised logistic regression over the stacked views (each optional, for ablations):

- ``text``: TF-IDF of words and word pairs (sublinear, ``min_df``), lower-cased;
- ``activities``: binary DWA/IWA/GWA tokens (empty for free text);
- ``exposure``: P(E1), P(E2), exposure and automation of the task model, standardised.

The scikit-learn contract holds: the parameters are dataclass fields, so ``__init__`` stores each
as given; ``fit`` returns self, learned attributes end in ``_``, ``predict_proba`` checks it was
fitted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from jobrisk.errors import ModelNotTrainedError
from jobrisk.models.adoption.rows import AdoptionRows


@dataclass(eq=False, repr=False)  # scikit-learn's repr; estimators compare by identity
class AdoptionEstimator(ClassifierMixin, BaseEstimator):
    C: float = 1.0
    use_text: bool = True
    use_activities: bool = True
    use_exposure: bool = True
    min_df: int = 2
    max_iter: int = 1000

    def _views(self, rows: AdoptionRows, fit: bool) -> sparse.csr_matrix:
        parts = []
        if self.use_text:
            if fit:
                self.text_vectorizer_ = TfidfVectorizer(
                    ngram_range=(1, 2), min_df=self.min_df, sublinear_tf=True, lowercase=True
                )
                self.text_vectorizer_.fit(rows.text)
            parts.append(self.text_vectorizer_.transform(rows.text))
        if self.use_activities:
            if fit:
                self.activity_vectorizer_ = CountVectorizer(
                    binary=True, token_pattern=r"\S+", lowercase=False, min_df=self.min_df
                )
                try:
                    self.activity_vectorizer_.fit(rows.activity_tokens)
                except ValueError:  # no row has any activity token
                    self.activity_vectorizer_ = None
            if self.activity_vectorizer_ is not None:
                parts.append(self.activity_vectorizer_.transform(rows.activity_tokens))
        if self.use_exposure:
            if fit:
                self.exposure_scaler_ = StandardScaler().fit(rows.exposure)
            parts.append(sparse.csr_matrix(self.exposure_scaler_.transform(rows.exposure)))
        if not parts:
            raise ValueError("AdoptionEstimator: at least one of use_text, use_activities, use_exposure must be True")
        return sparse.hstack(parts, format="csr")

    def fit(self, rows: AdoptionRows, y: np.ndarray) -> AdoptionEstimator:
        y = np.asarray(y, dtype=int)
        if len(y) != len(rows):
            raise ValueError(f"AdoptionEstimator.fit: {len(rows)} rows but {len(y)} labels")
        if len(np.unique(y)) != 2:
            raise ValueError("AdoptionEstimator.fit needs both observed and unobserved tasks")
        features = self._views(rows, fit=True)
        self.classifier_ = LogisticRegression(C=self.C, max_iter=self.max_iter)
        self.classifier_.fit(features, y)
        self.classes_ = self.classifier_.classes_
        self.n_features_ = features.shape[1]
        return self

    def predict_proba(self, rows: AdoptionRows) -> np.ndarray:
        if not hasattr(self, "classifier_"):
            raise ModelNotTrainedError("AdoptionEstimator is not fitted; call fit first")
        return self.classifier_.predict_proba(self._views(rows, fit=False))

    def predict(self, rows: AdoptionRows) -> np.ndarray:
        return (self.predict_proba(rows)[:, 1] >= 0.5).astype(int)
