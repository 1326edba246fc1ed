"""Fitted scikit-learn text vectorizers and logistic regressions, served with NumPy alone.

The stored models are trained with scikit-learn, but predicting from them needs only their
fitted numbers: a vocabulary and idf weights, coefficients and intercepts. Importing scikit-learn
costs more than a CPU-second (it imports scipy.stats and pandas), so the stored models are
loaded into the classes here instead: each takes the saved state of its scikit-learn class
(``TRUSTED_NAMES`` maps the stored class names to them) and computes what that class computes,
in the same order of operations, so the numbers are the same to the bit
(``tests/unit/test_fitted_sklearn.py`` compares them with scikit-learn's own on real texts).

Only the options the stored models use are served: an option outside them (a callable
analyzer, accent stripping, stop words, another norm) is refused at load with a ``ValueError``,
which the artifact loaders report as a damaged artifact ("run `jobrisk build`"), never served
differently. Training and saving still use scikit-learn itself.

May import: nothing of jobrisk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from scipy import sparse

_WHITE_SPACES = re.compile(r"\s\s+")
_ANALYZERS = ("word", "char", "char_wb")


def _refuse(cls: str, what: str) -> None:
    raise ValueError(f"a stored {cls} uses {what}, which this version cannot serve; rebuild the model")


class TfidfTransformer:
    """``sklearn.feature_extraction.text.TfidfTransformer.transform`` on CSR counts."""

    norm: str | None
    sublinear_tf: bool
    idf_: np.ndarray

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self.norm not in ("l2", None):
            _refuse("TfidfTransformer", f"norm={self.norm!r}")

    def transform(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        x = counts
        if self.sublinear_tf:
            np.log(x.data, x.data)
            x.data += 1.0
        if hasattr(self, "idf_"):
            x.data *= self.idf_[x.indices]
        if self.norm == "l2":
            _normalize_rows_l2(x)
        return x


def _normalize_rows_l2(x: sparse.csr_matrix) -> None:
    """Divide each row by its L2 norm in place, as scikit-learn does: squares in the data's
    precision, summed one after another per row in double precision (never pairwise)."""
    squares = (x.data * x.data).astype(np.float64)
    starts, lengths = x.indptr[:-1], np.diff(x.indptr)
    sums = np.zeros(len(lengths))
    for k in range(int(lengths.max(initial=0))):
        rows = np.flatnonzero(lengths > k)
        sums[rows] += squares[starts[rows] + k]
    norms = np.sqrt(sums)
    per_value = np.repeat(norms, lengths)
    keep = per_value != 0.0
    x.data[keep] = (x.data[keep].astype(np.float64) / per_value[keep]).astype(x.data.dtype)


class TfidfVectorizer:
    """``sklearn.feature_extraction.text.TfidfVectorizer``'s analyzer and ``transform``."""

    input: str
    analyzer: Any
    preprocessor: Any
    tokenizer: Any
    strip_accents: Any
    stop_words: Any
    lowercase: bool
    token_pattern: str
    ngram_range: tuple[int, int]
    vocabulary_: dict[str, int]
    dtype: Any
    binary: bool
    _tfidf: TfidfTransformer

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self.input != "content":
            _refuse("TfidfVectorizer", f"input={self.input!r}")
        if self.analyzer not in _ANALYZERS:
            _refuse("TfidfVectorizer", "a custom analyzer")
        for option in ("preprocessor", "tokenizer", "strip_accents", "stop_words"):
            if getattr(self, option) is not None:
                _refuse("TfidfVectorizer", option)
        self._analyze: Callable[[str], list[str]] | None = None

    @property
    def idf_(self) -> np.ndarray:
        return self._tfidf.idf_

    def build_analyzer(self) -> Callable[[str], list[str]]:
        """The function from a text to its terms (word or character n-grams)."""
        lower = self.lowercase
        min_n, max_n = self.ngram_range
        if self.analyzer == "word":
            pattern = re.compile(self.token_pattern)
            if pattern.groups > 1:
                _refuse("TfidfVectorizer", "a token pattern with several groups")
            findall = pattern.findall

            def words(doc: str) -> list[str]:
                return _word_ngrams(findall(_decode(doc, lower)), min_n, max_n)

            return words
        chars = _char_wb_ngrams if self.analyzer == "char_wb" else _char_ngrams

        def grams(doc: str) -> list[str]:
            return chars(_decode(doc, lower), min_n, max_n)

        return grams

    def transform(self, raw_documents: Iterable[str]) -> sparse.csr_matrix:
        """TF-IDF rows of ``raw_documents`` over the fitted vocabulary."""
        if isinstance(raw_documents, str):
            raise ValueError("Iterable over raw text documents expected, string object received.")
        if self._analyze is None:
            self._analyze = self.build_analyzer()
        analyze, vocabulary = self._analyze, self.vocabulary_
        j_indices: list[int] = []
        values: list[int] = []
        indptr = [0]
        for doc in raw_documents:
            counter: dict[int, int] = {}
            for feature in analyze(doc):
                index = vocabulary.get(feature)
                if index is not None:
                    counter[index] = counter.get(index, 0) + 1
            j_indices.extend(counter.keys())
            values.extend(counter.values())
            indptr.append(len(j_indices))
        index_dtype = np.int64 if indptr[-1] > np.iinfo(np.int32).max else np.int32
        counts = sparse.csr_matrix(
            (
                np.asarray(values, dtype=np.intc),
                np.asarray(j_indices, dtype=index_dtype),
                np.asarray(indptr, dtype=index_dtype),
            ),
            shape=(len(indptr) - 1, len(vocabulary)),
            dtype=self.dtype,
        )
        counts.sort_indices()
        if self.binary:
            counts.data.fill(1)
        return self._tfidf.transform(counts)


def _decode(doc: Any, lower: bool) -> str:
    if isinstance(doc, bytes):
        doc = doc.decode("utf-8")
    if doc is np.nan:
        raise ValueError("np.nan is an invalid document, expected byte or unicode string.")
    return doc.lower() if lower else doc


def _word_ngrams(tokens: list[str], min_n: int, max_n: int) -> list[str]:
    if max_n == 1:
        return tokens
    original = tokens
    if min_n == 1:
        tokens = list(original)
        min_n += 1
    else:
        tokens = []
    n_original = len(original)
    for n in range(min_n, min(max_n + 1, n_original + 1)):
        for i in range(n_original - n + 1):
            tokens.append(" ".join(original[i : i + n]))
    return tokens


def _char_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    text = _WHITE_SPACES.sub(" ", text)
    text_len = len(text)
    if min_n == 1:
        ngrams = list(text)
        min_n += 1
    else:
        ngrams = []
    for n in range(min_n, min(max_n + 1, text_len + 1)):
        for i in range(text_len - n + 1):
            ngrams.append(text[i : i + n])
    return ngrams


def _char_wb_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    text = _WHITE_SPACES.sub(" ", text)
    ngrams = []
    for w in text.split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(min_n, max_n + 1):
            offset = 0
            ngrams.append(w[offset : offset + n])
            while offset + n < w_len:
                offset += 1
                ngrams.append(w[offset : offset + n])
            if offset == 0:  # a short word (w_len < n) counts once
                break
    return ngrams


class LogisticRegression:
    """``sklearn.linear_model.LogisticRegression``'s ``decision_function`` and ``predict_proba``
    (softmax for three or more classes, the logistic function for two)."""

    classes_: np.ndarray
    coef_: np.ndarray
    intercept_: np.ndarray

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def decision_function(self, x: Any) -> np.ndarray:
        if x.shape[1] != self.coef_.shape[1]:
            raise ValueError(
                f"X has {x.shape[1]} features, but LogisticRegression is expecting {self.coef_.shape[1]} features as input."
            )
        values = x.data if sparse.issparse(x) else np.asarray(x)
        if not np.isfinite(values).all():
            raise ValueError("Input X contains NaN or infinity.")
        scores = np.asarray(x @ self.coef_.T) + self.intercept_
        return scores.reshape(-1) if scores.ndim > 1 and scores.shape[1] == 1 else scores

    def predict_proba(self, x: Any) -> np.ndarray:
        decision = self.decision_function(x)
        if len(self.classes_) <= 2:
            from scipy.special import expit

            prob = expit(decision, out=decision)
            return np.stack([1 - prob, prob], axis=1)
        decision -= decision.max(axis=1).reshape((-1, 1))
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1).reshape((-1, 1))
        return decision


#: scikit-learn's English stop-word list (``sklearn.feature_extraction.text.ENGLISH_STOP_WORDS``),
#: here so the task model's text checks do not import scikit-learn; a test keeps the two equal.
ENGLISH_STOP_WORDS = frozenset(
    """
a about above across after afterwards again against all almost alone along already also although
always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
are around as at back be became because become becomes becoming been before beforehand behind being
below beside besides between beyond bill both bottom but by call can cannot cant co con could
couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
fire first five for former formerly forty found four from front full further get give go had has
hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least
less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my
myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own
part per perhaps please put rather re same see seem seemed seeming seems serious several she should
show side since sincere six sixty so some somehow someone something sometime sometimes somewhere
still such system take ten than that the their them themselves then thence there thereafter thereby
therefore therein thereupon these they thick thin third this those though three through throughout
thru thus to together too top toward towards twelve twenty two un under until up upon us very via
was we well were what whatever when whence whenever where whereafter whereas whereby wherein
whereupon wherever whether which while whither who whoever whole whom whose why will with within
without would yet you your yours yourself yourselves
""".split()
)

#: Stored class name -> the class that serves it.
TRUSTED_NAMES: dict[str, type] = {
    "sklearn.feature_extraction.text.TfidfVectorizer": TfidfVectorizer,
    "sklearn.feature_extraction.text.TfidfTransformer": TfidfTransformer,
    "sklearn.linear_model._logistic.LogisticRegression": LogisticRegression,
}
