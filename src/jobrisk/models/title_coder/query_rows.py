"""TF-IDF rows of query titles, computed the way the title index's fitted vectorizers would.

:class:`QueryVectorizer` wraps a fitted TfidfVectorizer (scikit-learn's or a stored one) and makes
the rows of many queries at once, remembering each word's n-grams, for the index's character and
word look-ups (:mod:`.index`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse


class QueryVectorizer:
    """Fast single-text TF-IDF (same numbers as the fitted vectorizer, without its per-call checks)."""

    def __init__(self, vectorizer: Any):  # a fitted TfidfVectorizer (scikit-learn's or a stored one)
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary = vectorizer.vocabulary_
        self.idf = vectorizer.idf_.astype(np.float32)
        n = len(vectorizer.idf_) and getattr(vectorizer, "n_docs_", None)
        self.n_docs = n or 1
        self._memo: dict[tuple[str, float], tuple[np.ndarray, np.ndarray]] = {}
        #: character n-grams within words ('char_wb'): a text's n-grams are those of its words, so
        #: each word's n-gram ids are found once (``_word_grams``) and a row is counted from them
        self._per_word = getattr(vectorizer, "analyzer", None) == "char_wb" and bool(
            getattr(vectorizer, "lowercase", True)
        )
        self._word_grams: dict[tuple[str, float], tuple[int, ...]] = {}

    def clear_memo(self) -> None:
        self._memo.clear()
        self._word_grams.clear()

    def idf_for_share(self, share: float) -> float:
        """The idf of a term found in ``share`` of the indexed texts (smooth idf, as fitted)."""
        return float(np.log((1 + self.n_docs) / (1 + share * self.n_docs)) + 1.0)

    def rows(self, texts: Sequence[str], min_idf: float = 0.0) -> sparse.csr_matrix:
        """TF-IDF rows (sublinear tf, L2-normalised) of ``texts``; grams with idf < ``min_idf``
        (very common ones, long posting lists) are left out before normalising. The last
        few thousand texts' rows are kept: a title's main query is looked up in several tables."""
        memo = self._memo
        if len(memo) > 20_000:
            memo.clear()
        indptr, indices, data = [0], [], []
        for text in texts:
            row = memo.get((text, min_idf))
            if row is None:
                row = memo[(text, min_idf)] = self._row(text, min_idf)
            indices.append(row[0])
            data.append(row[1])
            indptr.append(indptr[-1] + len(row[0]))
        return sparse.csr_matrix(
            (
                np.concatenate(data) if data else np.zeros(0, np.float32),
                np.concatenate(indices) if indices else np.zeros(0, np.int64),
                np.asarray(indptr),
            ),
            shape=(len(texts), len(self.idf)),
        )

    def _row(self, text: str, min_idf: float) -> tuple[np.ndarray, np.ndarray]:
        vocabulary, idf = self.vocabulary, self.idf
        counts: dict[int, int] = {}
        if self._per_word:
            known = self._word_grams
            if len(known) > 20_000:
                known.clear()
            for word in text.lower().split():
                ids = known.get((word, min_idf))
                if ids is None:
                    ids = known[(word, min_idf)] = self._grams_of(word, min_idf)
                for j in ids:
                    counts[j] = counts.get(j, 0) + 1
        else:
            for gram in self.analyze(text):
                j = vocabulary.get(gram)
                if j is not None and idf[j] >= min_idf:
                    counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        cols = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
        weights = 1.0 + np.log(np.fromiter((counts[j] for j in cols.tolist()), dtype=np.float32, count=len(counts)))
        weights = weights * idf[cols]
        weights /= np.linalg.norm(weights)
        return cols, weights.astype(np.float32)

    def _grams_of(self, word: str, min_idf: float) -> tuple[int, ...]:
        """The ids of one word's n-grams in the vocabulary with idf >= ``min_idf``, in order."""
        vocabulary, idf = self.vocabulary, self.idf
        found = (vocabulary.get(gram) for gram in self.analyze(word))
        return tuple(j for j in found if j is not None and idf[j] >= min_idf)

    def scores_many(
        self, texts: Sequence[str], postings_t: sparse.csr_matrix, min_idf: float = 0.0
    ) -> sparse.csr_matrix:
        """Cosines of each text with every indexed text, as sparse rows."""
        return sparse.csr_matrix(self.rows(texts, min_idf) @ postings_t)
