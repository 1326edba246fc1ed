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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

from jobrisk.models.title_coder.normalize import bag_key, head_word
from jobrisk.models.title_coder import rowwise
from jobrisk.models.title_coder.query_rows import QueryVectorizer

if TYPE_CHECKING:
    from jobrisk.models.embeddings import TextEncoder

COMMON_GRAM_SHARE = 0.13  # character n-grams in more than this share of titles ('er', ' s') are skipped
PROPOSAL_GRAM_SHARE = 0.02  # char n-grams rarer than this (and words) propose the keys to score exactly
PROPOSAL_POOL = 120  # keys proposed per query, of which the best ``limit`` are returned
PROPOSAL_DIMS = 128  # leading embedding dimensions that propose semantic neighbours
MATRYOSHKA_ENCODERS = ("wordllama-",)  # encoders whose leading dimensions embed on their own
KIND_WEIGHT = {"occupation": 3.0, "short": 1.5, "reported": 1.5, "alternate": 1.0, "alias": 3.0}


@dataclass(frozen=True)
class IndexEntry:
    """One cleaned title of one occupation (several O*NET titles may clean to the same text)."""

    key: str  # cleaned title
    onet_soc_code: str
    title: str  # the O*NET title as published (first one seen)
    kind: str  # occupation | short | reported | alternate | alias
    weight: float  # sum of KIND_WEIGHT over the O*NET titles cleaning to this key


@dataclass(frozen=True)
class Hit:
    entry: int  # row in TitleIndex.entries
    match_kind: str  # exact | bag | lexical | semantic
    similarity: float  # 0-1


class TitleIndex:
    """Exact, word-bag, lexical and semantic lookup over cleaned titles."""

    def __init__(
        self,
        entries: Sequence[IndexEntry],
        encoder: TextEncoder | None = None,
        embeddings: np.ndarray | None = None,
        employment: Mapping[str, float] | None = None,
    ):
        self.entries = list(entries)
        known = sorted(v for v in (employment or {}).values() if v and v > 0)
        #: workers per O*NET code (national employment of its SOC, shared among its O*NET codes);
        #: codes without data get the median, never zero
        self.median_employment = known[len(known) // 2] if known else 1000.0
        self.employment = {c: v for c, v in (employment or {}).items() if v and v > 0}
        from sklearn.feature_extraction.text import TfidfVectorizer  # to build; a stored index serves without

        self.keys: list[str] = sorted({e.key for e in self.entries})
        self._lookups()
        self._char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32)
        self._word = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[a-z0-9+#]+", dtype=np.float32
        )
        self._char_t = sparse.csr_matrix(self._char.fit_transform(self.keys).T)
        self._word_t = sparse.csr_matrix(self._word.fit_transform(self.keys).T)
        self._char.n_docs_ = self._word.n_docs_ = len(self.keys)
        self._char_q = QueryVectorizer(self._char)
        self._word_q = QueryVectorizer(self._word)
        self._common_idf = self._char_q.idf_for_share(COMMON_GRAM_SHARE)
        self._derive()
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

    # ------------------------------------------------------------------ persistence
    def _lookups(self, heads: list[str] | None = None, bags: list[str] | None = None) -> None:
        """Word, key and occupation lookups computed from ``entries`` and ``keys`` (not stored
        but for each key's head word and word bag, which a stored index carries)."""
        key_pos = {k: i for i, k in enumerate(self.keys)}
        self._key_entries: list[list[int]] = [[] for _ in self.keys]
        for i, e in enumerate(self.entries):
            self._key_entries[key_pos[e.key]].append(i)
        self._exact = key_pos
        self._bag: dict[str, list[int]] = defaultdict(list)
        for i, b in enumerate(bags if bags is not None else map(bag_key, self.keys)):
            self._bag[b].append(i)
        self._heads = heads if heads is not None else [head_word(k) for k in self.keys]
        self.code_title_count: dict[str, int] = defaultdict(int, Counter(e.onet_soc_code for e in self.entries))
        self.vocabulary: dict[str, int] = defaultdict(int, Counter(w for k in self.keys for w in k.split()))

    _DERIVED = (
        "encoder",
        "_char_q",
        "_word_q",
        "_lexical_memo",
        "_char_keys",
        "_proposal_idf",
        "_key_entries",
        "_exact",
        "_bag",
        "_heads",
        "code_title_count",
        "vocabulary",
        "_first_entry",
        "_short_embeddings_t",
        "_semantic_memo",
    )

    def __getstate__(self) -> dict:
        """The stored state: data only (strings, numbers, arrays, fitted vectorizers); the
        entries as columns; lookups that can be recomputed are left out."""
        state = {k: v for k, v in self.__dict__.items() if k not in self._DERIVED}
        entries = state.pop("entries")
        state["key_heads"] = self._heads
        state["key_bags"] = [bag_key(k) for k in self.keys]
        state["entry_columns"] = {
            "key": [e.key for e in entries],
            "onet_soc_code": [e.onet_soc_code for e in entries],
            "title": [e.title for e in entries],
            "kind": [e.kind for e in entries],
            "weight": np.array([e.weight for e in entries], dtype=np.float64),
        }
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        columns = state.pop("entry_columns")
        heads, bags = state.pop("key_heads"), state.pop("key_bags")
        self.__dict__.update(state)
        self.entries = [
            IndexEntry(k, c, t, kind, w)
            for k, c, t, kind, w in zip(
                columns["key"],
                columns["onet_soc_code"],
                columns["title"],
                columns["kind"],
                np.asarray(columns["weight"], dtype=np.float64).tolist(),
            )
        ]
        self.encoder = None
        self._lookups(heads, bags)
        self._char_q = QueryVectorizer(self._char)
        self._word_q = QueryVectorizer(self._word)
        self._derive()

    def _derive(self) -> None:
        """Lookup structures computed from the stored tables (not stored themselves)."""
        self._char_keys = sparse.csr_matrix(self._char_t.T)  # key-major: one row per key
        self._char_keys.sort_indices()
        self._proposal_idf = self._char_q.idf_for_share(PROPOSAL_GRAM_SHARE)

    def attach_encoder(self, encoder: TextEncoder | None) -> None:
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
        return self.lexical_many([cleaned], limit, char_grams)[0]

    def clear_memos(self) -> None:
        """Forget the remembered lexical hits and TF-IDF rows of recent queries (answers do not
        depend on them; bulk coders free their memory with this)."""
        self.__dict__.pop("_lexical_memo", None)
        self.__dict__.pop("_semantic_memo", None)
        for vectorizer in (self._char_q, self._word_q):
            vectorizer.clear_memo()

    def lexical_many(
        self, queries: Sequence[str], limit: int = 40, char_grams: bool = True, chunk: int = 128
    ) -> list[list[tuple[int, float, float]]]:
        """:meth:`lexical` for many cleaned titles at once (one sparse product per table).

        Each query's hits depend on that query alone (row-wise arithmetic), never on the other
        queries of the call, so a title is coded the same in any batch. Hits with a blended
        score of 0 are left out; ties are broken by key id.
        """
        return [_hits(*found) for found in self.lexical_arrays(queries, limit, char_grams, chunk)]

    def lexical_arrays(
        self, queries: Sequence[str], limit: int = 40, char_grams: bool = True, chunk: int = 128
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """:meth:`lexical_many` as arrays: (key ids int32, char cosines, word cosines float32) per query."""
        memo = self.__dict__.setdefault("_lexical_memo", {})
        if len(memo) > 20_000:  # a few batches of parts and runner-ups; bounded memory
            memo.clear()
        todo = [q for q in dict.fromkeys(queries) if (q, limit, char_grams) not in memo]
        for q, hits in zip(todo, self._lexical_uncached(todo, limit, char_grams, chunk)):
            ids, char, word = zip(*hits) if hits else ((), (), ())  # three small arrays: a tenth of the memory
            memo[(q, limit, char_grams)] = (
                np.array(ids, dtype=np.int32),
                np.array(char, dtype=np.float32),
                np.array(word, dtype=np.float32),
            )
        return [memo[(q, limit, char_grams)] for q in queries]

    def _lexical_uncached(
        self, queries: Sequence[str], limit: int, char_grams: bool, chunk: int
    ) -> list[list[tuple[int, float, float]]]:
        out: list[list[tuple[int, float, float]]] = []
        for start in range(0, len(queries), chunk):
            part = queries[start : start + chunk]
            word = self._word_q.scores_many(part, self._word_t)
            if not char_grams:
                for i in range(len(part)):
                    ids, vals = rowwise.row(word, i)
                    best = rowwise.best(ids, vals, limit)
                    out.append([(k, 0.0, v) for k, v in zip(ids[best].tolist(), vals[best].tolist())])
                continue
            out.extend(self._blended(part, word, limit))
        return out

    def _blended(
        self, queries: Sequence[str], word: sparse.csr_matrix, limit: int
    ) -> list[list[tuple[int, float, float]]]:
        """Best ``limit`` keys by 0.6 x char cosine + 0.4 x word cosine, in two steps.

        The query's rare character n-grams (found in under :data:`PROPOSAL_GRAM_SHARE` of
        titles: short posting lists) and its words propose :data:`PROPOSAL_POOL` keys; for
        those, the exact char cosine over all its n-grams is computed pair by pair
        (:func:`.rowwise.pair_dots`), and only exact values rank and are reported. Common n-grams
        ('ana', 'ger') have posting lists of thousands of titles: scanning them for every key
        cost ten times more and changed only which near-ties fill the last places.
        """
        chars = self._char_q.rows(queries, min_idf=self._common_idf)
        rare = chars.copy()
        rare.data[self._char_q.idf[rare.indices] < self._proposal_idf] = 0
        rare.eliminate_zeros()
        proposal = sparse.csr_matrix(rare @ self._char_t) * np.float32(0.6) + word * np.float32(0.4)
        proposal = sparse.csr_matrix(proposal)
        pools = [rowwise.pool(*rowwise.row(proposal, i), PROPOSAL_POOL) for i in range(len(queries))]
        sizes = np.array([len(p) for p in pools], dtype=np.int64)
        pair_query = np.repeat(np.arange(len(queries), dtype=np.int64), sizes)
        pair_key = np.concatenate(pools) if pools else np.zeros(0, np.int64)
        char = rowwise.pair_dots(chars, self._char_keys, pair_query, pair_key)
        words = rowwise.pair_values(word, pair_query, pair_key)
        blend = char * np.float32(0.6) + words * np.float32(0.4)
        out = []
        for a, b in zip(np.cumsum(sizes) - sizes, np.cumsum(sizes)):
            ids, vals = pair_key[a:b], blend[a:b]
            keep = np.flatnonzero(vals > 0)
            best = keep[np.lexsort((ids[keep], -vals[keep]))][:limit] + a
            out.append(list(zip(pair_key[best].tolist(), char[best].tolist(), words[best].tolist())))
        return out

    def near_spellings(self, cleaned: str, limit: int = 16, min_cosine: float = 0.2) -> list[int]:
        """Key ids closest in character n-grams (cheap: for autocomplete), best first."""
        char = self._char_q.scores_many([cleaned], self._char_t, min_idf=self._char_q.idf_for_share(0.05))
        ids, vals = rowwise.row(char, 0)
        keep = vals >= min_cosine
        ids, vals = ids[keep], vals[keep]
        return [int(ids[j]) for j in rowwise.best(ids, vals, limit)]

    def occupation_title_scores(self, cleaned: str) -> dict[str, float]:
        """Character n-gram cosine between a cleaned title and each occupation's own O*NET title."""
        return self.occupation_title_scores_many([cleaned])[0]

    def occupation_title_scores_many(self, queries: Sequence[str]) -> list[dict[str, float]]:
        sims = self.occupation_title_matrix(queries)
        codes = list(self._occ_codes)
        return [{codes[j]: float(row[j]) for j in np.flatnonzero(row > 0)} for row in sims]

    def occupation_title_matrix(self, queries: Sequence[str]) -> np.ndarray:
        """(len(queries), occupations) char n-gram cosines, columns in ``_occ_codes`` order."""
        return self._char_q.scores_many(queries, self._occ_t, min_idf=self._common_idf).toarray()

    def semantic(self, cleaned: str, limit: int = 40, vector: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(key id, cosine) of the nearest keys in embedding space; empty without an encoder."""
        if self.embeddings is None or self.encoder is None:
            return []
        q = self.encoder.encode([cleaned])[0] if vector is None else vector
        return self.semantic_many(q[None, :], limit)[0]

    def semantic_many(self, vectors: np.ndarray, limit: int = 30, chunk: int = 64) -> list[list[tuple[int, float]]]:
        """Nearest keys for many query vectors, best first (ties by key id).

        A matrix product proposes a pool of candidates per query; their cosines are then
        computed again row by row (:func:`.rowwise.dots`), and only those exact values rank them. A BLAS
        product's last bits depend on the batch it runs in, so its values are never reported:
        a title gets the same hits alone, in any batch or on any worker. With a Matryoshka
        encoder (WordLlama: its leading dimensions are an embedding of their own), the first
        :data:`PROPOSAL_DIMS` dimensions propose ``8 * limit`` keys (half the cost; 99.6% of
        the exact top 30 found, 99.96% of the top 10); otherwise all dimensions propose
        ``4 * limit``.
        """
        return [list(zip(ids.tolist(), sims.tolist())) for ids, sims in self.semantic_arrays(vectors, limit, chunk)]

    def semantic_arrays(
        self, vectors: np.ndarray, limit: int = 30, chunk: int = 64
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`semantic_many` as arrays: (key ids int32, cosines float32) per query vector.
        Queries are proposed ``chunk`` at a time: 64 keeps the product's table at 13 MB (51 MB
        at 256) and runs as fast."""
        if self.embeddings is None:
            return [(np.zeros(0, np.int32), np.zeros(0, np.float32)) for _ in range(len(vectors))]
        short_t = self._proposal_embeddings()
        pool = (8 if short_t is not None else 4) * limit
        vectors = np.asarray(vectors, dtype=np.float32)
        memo = self.__dict__.setdefault("_semantic_memo", {})
        if len(memo) > 5_000:  # a title's main query vector -> its hits; bounded memory
            memo.clear()
        wanted = [(v.tobytes(), limit) for v in vectors]
        todo = list(dict.fromkeys(k for k in wanted if k not in memo))
        at = {k: i for i, k in enumerate(wanted)}
        fresh = np.array([at[k] for k in todo], dtype=np.int64)
        for start in range(0, len(fresh), chunk):
            block = vectors[fresh[start : start + chunk]]
            approx = (
                block @ self.embeddings.T if short_t is None else rowwise.unit_rows(block[:, :PROPOSAL_DIMS]) @ short_t
            )
            for key, q, ids in zip(todo[start : start + chunk], block, rowwise.top_rows(approx, pool, positive=False)):
                sims = rowwise.dots(self.embeddings[ids], q)
                best = np.lexsort((ids, -sims))[:limit]
                memo[key] = (ids[best].astype(np.int32), sims[best])
        return [memo[key] for key in wanted]

    def _proposal_embeddings(self) -> np.ndarray | None:
        """The leading dimensions of the key embeddings, unit length, one column per key (a
        contiguous transposed copy: the proposal product runs about a fifth faster on it)."""
        name = str(getattr(self.encoder, "name", ""))
        if (
            self.embeddings is None
            or not name.startswith(MATRYOSHKA_ENCODERS)
            or self.embeddings.shape[1] <= PROPOSAL_DIMS
        ):
            return None
        short_t = self.__dict__.get("_short_embeddings_t")
        if short_t is None:
            short = rowwise.unit_rows(self.embeddings[:, :PROPOSAL_DIMS])
            short_t = self.__dict__["_short_embeddings_t"] = np.ascontiguousarray(short.T)
        return short_t

    def semantic_scores(self, vector: np.ndarray, key_ids: Iterable[int]) -> dict[int, float]:
        if self.embeddings is None:
            return {}
        ids = list(key_ids)
        sims = rowwise.dots(self.embeddings[ids], np.asarray(vector, dtype=np.float32))
        return dict(zip(ids, (float(s) for s in sims)))

    @staticmethod
    def fuzzy(cleaned: str, key: str) -> tuple[float, float, float]:
        """rapidfuzz token-sort, token-set and partial ratios, each 0-1."""
        return (
            fuzz.token_sort_ratio(cleaned, key) / 100.0,
            fuzz.token_set_ratio(cleaned, key) / 100.0,
            fuzz.partial_ratio(cleaned, key) / 100.0,
        )


def _hits(ids: np.ndarray, char: np.ndarray, word: np.ndarray) -> list[tuple[int, float, float]]:
    return list(zip(ids.tolist(), char.tolist(), word.tolist()))


def build_entries(
    records: Iterable[tuple[str, str, str]], clean: Callable[[str], Iterable[str]], exclude_keys: set[str] | None = None
) -> list[IndexEntry]:
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
