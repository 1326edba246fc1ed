"""Feature matrices for the task exposure model.

Three views of a task, each available for any task text:

- word TF-IDF (unigrams and bigrams) of the statement, optionally next to character 3-5-gram
  TF-IDF (within word boundaries), which still sees part of an unseen word or a typo
  ("hyperparameters" shares "parameter" with O*NET statements);
- a sentence vector from the shared text encoder (:mod:`jobrisk.models.embeddings`);
- O*NET Detailed Work Activity links as tokens (``D_<dwa>``, ``I_<iwa>``, ``A_<element>``),
  present only when the text is an O*NET task statement (matched by id or by its text).

``TaskFeaturizer`` follows the scikit-learn contract (``fit`` returns self, learned
attributes end in ``_``). ``dwa_tokens`` builds the DWA token string from catalog records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from jobrisk.errors import ModelNotTrainedError
from jobrisk.models.embeddings import get_encoder

if TYPE_CHECKING:
    from jobrisk.catalog.types import Dwa


def dwa_tokens(dwas: Iterable[Dwa]) -> str:
    """Space-separated DWA, IWA and work-activity tokens for one task's DWA records."""
    tokens: list[str] = []
    for d in dwas:
        tokens += [f"D_{d.dwa_id}", f"I_{d.iwa_id}", f"A_{d.element_id}"]
    return " ".join(sorted(set(tokens)))


class TaskFeaturizer:
    """Word TF-IDF + encoder vectors (the text view) and DWA tokens (the activity view)."""

    def __init__(self, encoder_name: str = "wordllama-l2_supercat-256", min_df: int = 2, char_ngrams: bool = False):
        self.encoder_name = encoder_name
        self.min_df = min_df
        self.char_ngrams = char_ngrams

    def fit(self, texts: Sequence[str], dwa_token_strings: Sequence[str]) -> TaskFeaturizer:
        from sklearn.feature_extraction.text import TfidfVectorizer  # to train; a stored one predicts without

        self.words_ = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=self.min_df, dtype=np.float32)
        self.words_.fit(list(texts))
        self.chars_ = None
        if self.char_ngrams:
            self.chars_ = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(3, 5),
                sublinear_tf=True,
                min_df=3,
                max_features=60000,
                dtype=np.float32,
            )
            self.chars_.fit(list(texts))
        self.dwas_ = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, dtype=np.float32)
        strings = [s for s in dwa_token_strings if s] or ["D_none"]
        self.dwas_.fit(strings)
        self.vocabulary_ = frozenset(w for w in self.words_.vocabulary_ if " " not in w)
        return self

    def _check(self) -> None:
        if not hasattr(self, "words_"):
            raise ModelNotTrainedError("TaskFeaturizer is not fitted; call fit() first")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return get_encoder(self.encoder_name).encode(list(texts))

    def text_blocks(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> tuple:
        """The text view as separate blocks: word TF-IDF, [character TF-IDF,] encoder vectors."""
        self._check()
        texts = list(texts)
        vectors = self.embed(texts) if embeddings is None else embeddings
        words = self.words_.transform(texts)
        chars = getattr(self, "chars_", None)
        if chars is None:
            return words, vectors
        return words, chars.transform(texts), vectors

    def text_matrix(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> sparse.csr_matrix:
        """TF-IDF words [and character n-grams] next to encoder vectors."""
        return sparse.hstack([sparse.csr_matrix(b) for b in self.text_blocks(texts, embeddings)]).tocsr()

    def full_matrix(self, text_part: sparse.csr_matrix, dwa_token_strings: Sequence[str]) -> sparse.csr_matrix:
        """The text view next to the DWA tokens (rows without DWA links get zeros there)."""
        self._check()
        return sparse.hstack([text_part, self.dwas_.transform(list(dwa_token_strings))]).tocsr()
