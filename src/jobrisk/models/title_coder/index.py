"""The title index: every O*NET title (and curated alias), cleaned, with four ways to find it.

:class:`TitleIndex` is built from :class:`IndexEntry` rows (one per cleaned title and
occupation) and answers, for a cleaned query:

- ``exact`` / ``bag``: the same cleaned words, in order or in any order (fast path);
- ``alias``: a curated alias (fast path);
- ``lexical``: character n-gram and word TF-IDF cosine, re-scored with rapidfuzz ratios;
- ``semantic``: cosine between title embeddings from :mod:`jobrisk.models.embeddings`.

Each hit is a :class:`Hit` naming the index row and the similarity. The index knows nothing
about calibration or decisions; :mod:`.rerank` turns hits into ranked occupations.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from jobrisk.models.title_coder.normalize import bag_key, head_word

COMMON_GRAM_SHARE = 0.13    # character n-grams in more than this share of titles ('er', ' s') are skipped
KIND_WEIGHT = {"occupation": 3.0, "short": 1.5, "reported": 1.5, "alternate": 1.0, "alias": 3.0}


@dataclass(frozen=True)
class IndexEntry:
    """One cleaned title of one occupation (several O*NET titles may clean to the same text)."""

    key: str                 # cleaned title
    onet_soc_code: str
    title: str               # the O*NET title as published (first one seen)
    kind: str                # occupation | short | reported | alternate | alias
    weight: float            # sum of KIND_WEIGHT over the O*NET titles cleaning to this key


@dataclass(frozen=True)
class Hit:
    entry: int               # row in TitleIndex.entries
    match_kind: str          # exact | bag | lexical | semantic
    similarity: float        # 0-1


class TitleIndex:
    """Exact, word-bag, lexical and semantic lookup over cleaned titles."""

    def __init__(self, entries: Sequence[IndexEntry], encoder: object | None = None,
                 embeddings: np.ndarray | None = None, employment: Mapping[str, float] | None = None):
        self.entries = list(entries)
        known = sorted(v for v in (employment or {}).values() if v and v > 0)
        #: workers per O*NET code (national employment of its SOC, shared among its O*NET codes);
        #: codes without data get the median, never zero
        self.median_employment = known[len(known) // 2] if known else 1000.0
        self.employment = {c: v for c, v in (employment or {}).items() if v and v > 0}
        self.keys: list[str] = sorted({e.key for e in self.entries})
        key_pos = {k: i for i, k in enumerate(self.keys)}
        self._key_entries: list[list[int]] = [[] for _ in self.keys]
        for i, e in enumerate(self.entries):
            self._key_entries[key_pos[e.key]].append(i)
        self._exact = key_pos
        self._bag: dict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(self.keys):
            self._bag[bag_key(k)].append(i)
        self._heads = [head_word(k) for k in self.keys]
        self.code_title_count: dict[str, int] = defaultdict(int)
        for e in self.entries:
            self.code_title_count[e.onet_soc_code] += 1
        self._char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True,
                                     dtype=np.float32)
        self._word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                     token_pattern=r"[a-z0-9+#]+", dtype=np.float32)
        self._char_t = sparse.csr_matrix(self._char.fit_transform(self.keys).T)
        self._word_t = sparse.csr_matrix(self._word.fit_transform(self.keys).T)
        self._char.n_docs_ = self._word.n_docs_ = len(self.keys)
        self._char_q = _QueryVectorizer(self._char)
        self._word_q = _QueryVectorizer(self._word)
        self._common_idf = self._char_q.idf_for_share(COMMON_GRAM_SHARE)
        occ_keys: dict[str, str] = {}
        for e in self.entries:
            if e.kind == "occupation" and e.onet_soc_code not in occ_keys:
                occ_keys[e.onet_soc_code] = e.key
        self._occ_codes = {c: i for i, c in enumerate(occ_keys)}
        self._occ_t = sparse.csr_matrix(self._char.transform(list(occ_keys.values())).T)
        self.encoder = encoder
        if encoder is not None and embeddings is None:
            embeddings = encoder.encode(self.keys)
        self.embeddings = embeddings
        self.vocabulary: dict[str, int] = defaultdict(int)
        for k in self.keys:
            for w in k.split():
                self.vocabulary[w] += 1

    # ------------------------------------------------------------------ persistence
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for name in ("encoder", "_char_q", "_word_q"):
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.encoder = None
        self._char_q = _QueryVectorizer(self._char)
        self._word_q = _QueryVectorizer(self._word)

    def attach_encoder(self, encoder: object | None) -> None:
        """Use ``encoder`` for queries (the embeddings were made with an encoder of the same name)."""
        self.encoder = encoder if self.embeddings is not None else None

    # ------------------------------------------------------------------ lookups
    def first_entry(self, code: str) -> int:
        """The index row of the occupation's own title (else its first title)."""
        if not hasattr(self, "_first_entry"):
            first: dict[str, int] = {}
            for i, e in enumerate(self.entries):
                known = first.get(e.onet_soc_code)
                if known is None or (e.kind == "occupation" and self.entries[known].kind != "occupation"):
                    first[e.onet_soc_code] = i
            self._first_entry = first
        return self._first_entry[code]

    def log_employment(self, code: str) -> float:
        return math.log10(self.employment.get(code, self.median_employment))

    def entries_for_key(self, key_id: int) -> list[int]:
        return self._key_entries[key_id]

    def exact(self, cleaned: str) -> list[int]:
        """Key ids whose cleaned text equals ``cleaned``."""
        pos = self._exact.get(cleaned)
        return [] if pos is None else [pos]

    def bag(self, cleaned: str) -> list[int]:
        """Key ids with the same content words in any order."""
        return list(self._bag.get(bag_key(cleaned), ()))

    def head(self, key_id: int) -> str:
        return self._heads[key_id]

    def lexical(self, cleaned: str, limit: int = 40, char_grams: bool = True) -> list[tuple[int, float, float]]:
        """(key id, char cosine, word cosine) for the best ``limit`` keys by a blend of both;
        ``char_grams=False`` scores words only (about 4x faster; char cosine reported as 0)."""
        word = self._word_q.scores(cleaned, self._word_t)
        if not char_grams:
            top = _top(word, limit)
            return [(int(i), 0.0, float(word[i])) for i in top if word[i] > 0]
        char = self._char_q.scores(cleaned, self._char_t, min_idf=self._common_idf)
        blend = 0.6 * char + 0.4 * word
        pool = np.flatnonzero(blend > 0.15)
        if len(pool) < limit:
            pool = np.flatnonzero(blend > 0)
        top = pool[_top(blend[pool], limit)]
        return [(int(i), float(char[i]), float(word[i])) for i in top]

    def near_spellings(self, cleaned: str, limit: int = 16, min_cosine: float = 0.2) -> list[int]:
        """Key ids closest in character n-grams (cheap: for autocomplete), best first."""
        char = self._char_q.scores(cleaned, self._char_t, min_idf=self._char_q.idf_for_share(0.05))
        ids = np.flatnonzero(char >= min_cosine)
        if len(ids) > limit:
            ids = ids[np.argpartition(-char[ids], limit)[:limit]]
        return [int(i) for i in ids[np.argsort(-char[ids])]]

    def occupation_title_scores(self, cleaned: str) -> dict[str, float]:
        """Character n-gram cosine between a cleaned title and each occupation's own O*NET title."""
        sims = self._char_q.scores(cleaned, self._occ_t, min_idf=self._common_idf)
        return {code: float(sims[pos]) for code, pos in self._occ_codes.items() if sims[pos] > 0}

    def semantic(self, cleaned: str, limit: int = 40, vector: np.ndarray | None = None
                 ) -> list[tuple[int, float]]:
        """(key id, cosine) of the nearest keys in embedding space; empty without an encoder."""
        if self.embeddings is None or self.encoder is None:
            return []
        q = self.encoder.encode([cleaned])[0] if vector is None else vector
        sims = self.embeddings @ q
        return [(int(i), float(sims[i])) for i in _top(sims, limit)]

    def semantic_many(self, vectors: np.ndarray, limit: int = 30, chunk: int = 256) -> list[list[tuple[int, float]]]:
        """:meth:`semantic` for many query vectors at once (one matrix product per chunk)."""
        if self.embeddings is None:
            return [[] for _ in range(len(vectors))]
        out: list[list[tuple[int, float]]] = []
        for start in range(0, len(vectors), chunk):
            sims = self.embeddings @ vectors[start:start + chunk].T
            for j in range(sims.shape[1]):
                col = sims[:, j]
                out.append([(int(i), float(col[i])) for i in _top(col, limit)])
        return out

    def semantic_scores(self, vector: np.ndarray, key_ids: Iterable[int]) -> dict[int, float]:
        if self.embeddings is None:
            return {}
        ids = list(key_ids)
        sims = self.embeddings[ids] @ vector
        return dict(zip(ids, (float(s) for s in sims)))

    @staticmethod
    def fuzzy(cleaned: str, key: str) -> tuple[float, float, float]:
        """rapidfuzz token-sort, token-set and partial ratios, each 0-1."""
        return (fuzz.token_sort_ratio(cleaned, key) / 100.0, fuzz.token_set_ratio(cleaned, key) / 100.0,
                fuzz.partial_ratio(cleaned, key) / 100.0)


class _QueryVectorizer:
    """Fast single-text TF-IDF (same numbers as the fitted vectorizer, without its per-call checks)."""

    def __init__(self, vectorizer: TfidfVectorizer):
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary = vectorizer.vocabulary_
        self.idf = vectorizer.idf_.astype(np.float32)
        n = len(vectorizer.idf_) and getattr(vectorizer, "n_docs_", None)
        self.n_docs = n or 1

    def idf_for_share(self, share: float) -> float:
        """The idf of a term found in ``share`` of the indexed texts (smooth idf, as fitted)."""
        return float(np.log((1 + self.n_docs) / (1 + share * self.n_docs)) + 1.0)

    def scores(self, text: str, postings_t: sparse.csr_matrix, min_idf: float = 0.0) -> np.ndarray:
        """Cosine of ``text`` with every indexed text; grams with idf < ``min_idf`` (very
        common ones, long posting lists) may be skipped for speed."""
        counts: dict[int, int] = {}
        for gram in self.analyze(text):
            j = self.vocabulary.get(gram)
            if j is not None and self.idf[j] >= min_idf:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(postings_t.shape[1], dtype=np.float32)
        cols = np.fromiter(counts.keys(), dtype=np.int64)
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * self.idf[cols]
        weights /= np.linalg.norm(weights)
        indptr, indices, data = postings_t.indptr, postings_t.indices, postings_t.data
        starts, ends = indptr[cols], indptr[cols + 1]
        rows = np.concatenate([indices[a:b] for a, b in zip(starts, ends)])
        vals = np.concatenate([data[a:b] * w for a, b, w in zip(starts, ends, weights)])
        return np.bincount(rows, weights=vals, minlength=postings_t.shape[1]).astype(np.float32)


def _top(scores: np.ndarray, limit: int) -> np.ndarray:
    if len(scores) <= limit:
        return np.argsort(-scores)
    part = np.argpartition(-scores, limit)[:limit]
    return part[np.argsort(-scores[part])]


def build_entries(records: Iterable[tuple[str, str, str]], clean: callable,
                  exclude_keys: set[str] | None = None) -> list[IndexEntry]:
    """Index rows from (onet_soc_code, title, kind) records; ``clean`` maps a title to its keys.

    Titles whose cleaned key is in ``exclude_keys`` are left out (evaluation hold-outs).
    """
    merged: dict[tuple[str, str], list] = {}
    for code, title, kind in records:
        for key in clean(title):
            if not key or (exclude_keys and key in exclude_keys):
                continue
            slot = merged.get((key, code))
            w = KIND_WEIGHT.get(kind, 1.0)
            if slot is None:
                merged[(key, code)] = [title, kind, w]
            else:
                slot[2] += w
                if KIND_WEIGHT.get(kind, 1.0) > KIND_WEIGHT.get(slot[1], 1.0):
                    slot[0], slot[1] = title, kind
    return [IndexEntry(key, code, t, k, w) for (key, code), (t, k, w) in merged.items()]


def alias_codes(table: Mapping[str, tuple[str, ...]], cleaned: str) -> tuple[str, ...]:
    return table.get(cleaned, ())
