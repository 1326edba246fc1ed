"""Candidate occupations and their re-ranker features, for many cleaned titles at once.

For each title (a main query and its parts, "variants"), every index hit (same words, same
word bag, TF-IDF neighbours, embedding neighbours) is a *hit*; each hit names an index key,
each key one or more occupations (*entries*). The evidence of all entries of one occupation
is folded into one feature row (:data:`.rerank.FEATURES`): maxima of the similarities, sums
of the neighbour votes, the strongest entry as the one shown to the user.

Everything runs as array operations over the whole batch (sorting and segment reductions),
and every number of a title depends on that title alone: the same title gets the same
candidates, features and scores whether it is coded alone, in a batch of 512 or on a Dask or
Spark worker with other titles.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from jobrisk.models.title_coder.index import TitleIndex

FEATURES = (
    "char_cosine",
    "word_cosine",
    "token_sort",
    "token_set",
    "partial",
    "semantic",
    "head_match",
    "kind_weight",
    "matching_keys",
    "occupation_size",
    "key_share",
    "from_variant",
    "length_gap",
    "duties",
    "lexical_rank",
    "semantic_rank",
    "knn_lexical",
    "knn_semantic",
    "occupation_title_cosine",
    "log_employment",
    "variant_exact",
)
DUTIES_CANDIDATES = 10  # with a duties text, its 10 nearest occupations join the candidates
_F = {name: i for i, name in enumerate(FEATURES)}
#: features folded over an occupation's entries by their maximum (never below 0)
_MAXED = (
    "char_cosine",
    "word_cosine",
    "lexical_rank",
    "semantic",
    "semantic_rank",
    "token_sort",
    "token_set",
    "partial",
    "head_match",
    "kind_weight",
    "key_share",
)


@dataclass
class CandidateRow:
    """Evidence for one candidate occupation: its features and the best-matching index title."""

    onet_soc_code: str
    features: np.ndarray
    best_entry: int
    match_kind: str
    similarity: float
    exact_tier: int = 0  # 2: same words as the title, 1: as one of its parts, 0: neither


@dataclass
class CandidateSet:
    """All candidates of one title, in the order they were first found."""

    codes: list[str]
    features: np.ndarray  # (n, len(FEATURES)) float64
    best_entry: np.ndarray  # index row shown for each candidate
    kinds: list[str]  # exact | fuzzy | semantic
    similarity: np.ndarray
    tiers: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)

    def rows(self) -> list[CandidateRow]:
        return [
            CandidateRow(
                c,
                self.features[i],
                int(self.best_entry[i]),
                self.kinds[i],
                float(self.similarity[i]),
                int(self.tiers[i]),
            )
            for i, c in enumerate(self.codes)
        ]


def _head(text: str) -> str:
    words = text.split()
    if "of" in words[1:]:
        return words[0]
    return words[-1] if words else ""


class FeatureTables:
    """Per-index arrays the batch computation needs (built once per index)."""

    def __init__(self, index: TitleIndex):
        self.codes = sorted({e.onet_soc_code for e in index.entries})
        code_id = {c: i for i, c in enumerate(self.codes)}
        self.code_id = code_id
        self.entry_code = np.array([code_id[e.onet_soc_code] for e in index.entries], dtype=np.int64)
        self.entry_weight = np.array([e.weight for e in index.entries], dtype=np.float64)
        counts = [len(index.entries_for_key(k)) for k in range(len(index.keys))]
        self.key_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.key_entries = np.array(
            [e for k in range(len(index.keys)) for e in index.entries_for_key(k)], dtype=np.int64
        )
        totals = (
            np.add.reduceat(self.entry_weight[self.key_entries], self.key_ptr[:-1])
            if len(self.key_entries)
            else np.zeros(0)
        )
        self.key_total = np.where(totals > 0, totals, 1.0)
        heads: dict[str, int] = {}
        self.key_head = np.array([heads.setdefault(_head(k), len(heads)) for k in index.keys], dtype=np.int64)
        self.head_ids = heads
        self.key_words = np.array([len(k.split()) for k in index.keys], dtype=np.int64)
        #: each key's words in sorted order (its token-sort form)
        self.sorted_keys = [" ".join(sorted(k.split())) for k in index.keys]
        self.code_size = np.array([math.log1p(index.code_title_count.get(c, 0)) for c in self.codes])
        self.code_log_employment = np.array([index.log_employment(c) / 6.0 for c in self.codes])
        occ = list(index._occ_codes)
        self.occ_pos = np.array([index._occ_codes.get(c, -1) for c in self.codes], dtype=np.int64)
        self.n_occ = len(occ)


def tables(index: TitleIndex) -> FeatureTables:
    cached = index.__dict__.get("_feature_tables")
    if cached is None:
        cached = FeatureTables(index)
        index.__dict__["_feature_tables"] = cached
    return cached


def _hit_columns(found: Sequence[tuple[np.ndarray, Sequence[tuple[np.ndarray, ...]]]], values: int) -> list[np.ndarray]:
    """Hits of many query rows as columns: (row, key id, the hits' value arrays..., rank within
    its row), from (rows, one (key ids, values...) tuple per row) groups."""
    if not found:
        empty = [np.zeros(0, np.float32) for _ in range(values - 1)]
        return [np.zeros(0, np.int64), np.zeros(0, np.int64), *empty, np.zeros(0, np.int64)]
    rows = [np.repeat(r, [len(hit[0]) for hit in hits]) for r, hits in found]
    columns = [np.concatenate([hit[j] for _, hits in found for hit in hits]) for j in range(values)]
    sizes = np.array([len(hit[0]) for _, hits in found for hit in hits], dtype=np.int64)
    rank = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return [np.concatenate(rows).astype(np.int64), columns[0].astype(np.int64), *columns[1:], rank]


def candidate_features(
    index: TitleIndex,
    queries: Sequence[str],
    query_vectors: np.ndarray | None,
    duties_scores: dict[str, float] | None = None,
    lexical_limit: int = 40,
    semantic_limit: int = 30,
    semantic_hits: Sequence[list] | None = None,
) -> list[CandidateRow]:
    """Candidate occupations for one cleaned title (first query) and its variants (the rest)."""
    vectors = None if query_vectors is None else np.asarray(query_vectors[:1])
    return candidate_sets(index, [queries], vectors, [duties_scores], lexical_limit, semantic_limit)[0].rows()


def candidate_sets(
    index: TitleIndex,
    query_lists: Sequence[Sequence[str]],
    vectors: np.ndarray | None,
    duties: Sequence[Mapping[str, float] | None] | None = None,
    lexical_limit: int = 40,
    semantic_limit: int = 30,
) -> list[CandidateSet]:
    """One :class:`CandidateSet` per title. ``vectors[i]`` embeds the main query of title i
    (``None``: lexical evidence only); ``duties[i]`` (optional) scores occupations by duties."""
    tb = tables(index)
    n_titles = len(query_lists)
    # ---------------------------------------------------------------- query rows
    row_title: list[int] = []
    row_qi: list[int] = []
    row_text: list[str] = []
    for t, queries in enumerate(query_lists):
        for qi, q in enumerate(queries):
            row_title.append(t)
            row_qi.append(qi)
            row_text.append(q)
    r_title = np.array(row_title, dtype=np.int64)
    r_qi = np.array(row_qi, dtype=np.int64)
    main_rows = np.flatnonzero(r_qi == 0)
    var_rows = np.flatnonzero(r_qi > 0)
    # ---------------------------------------------------------------- hits: (row, key, source)
    ev_row: list[np.ndarray] = []
    ev_key: list[np.ndarray] = []
    ev_src: list[np.ndarray] = []
    ev_rank: list[np.ndarray] = []
    ex_r: list[int] = []
    ex_k: list[int] = []
    bag_r: list[int] = []
    bag_k: list[int] = []
    for r, q in enumerate(row_text):
        for k in index.exact(q):
            ex_r.append(r)
            ex_k.append(k)
        for k in index.bag(q):
            bag_r.append(r)
            bag_k.append(k)
    lex_r, lex_k, lex_c, lex_w, lex_rank = _hit_columns(
        [
            (rows, index.lexical_arrays([row_text[r] for r in rows], limit))
            for rows, limit in ((main_rows, lexical_limit), (var_rows, lexical_limit // 2))
            if len(rows)
        ],
        3,
    )
    semantic = vectors is not None and index.embeddings is not None and len(main_rows)
    sem_r, sem_k, sem_v, sem_rank = _hit_columns(
        [(main_rows, index.semantic_arrays(np.asarray(vectors, dtype=np.float32), semantic_limit))] if semantic else [],
        2,
    )
    for src, rs, ks, ranks in (
        (0, ex_r, ex_k, None),
        (1, bag_r, bag_k, None),
        (2, lex_r, lex_k, lex_rank),
        (3, sem_r, sem_k, sem_rank),
    ):
        ev_row.append(np.array(rs, dtype=np.int64))
        ev_key.append(np.array(ks, dtype=np.int64))
        ev_src.append(np.full(len(rs), src, dtype=np.int64))
        ev_rank.append(np.array(ranks if ranks is not None else range(len(rs)), dtype=np.int64))
    e_row, e_key = np.concatenate(ev_row), np.concatenate(ev_key)
    e_src, e_rank = np.concatenate(ev_src), np.concatenate(ev_rank)
    n_keys = len(index.keys)
    order = np.lexsort((e_rank, e_src, e_row))  # insertion order of the single-title code
    e_row, e_key, e_src = e_row[order], e_key[order], e_src[order]
    pair = e_row * n_keys + e_key
    uniq, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    hit_order = np.argsort(first, kind="stable")  # hits in first-seen order
    rank_of = np.empty(len(uniq), dtype=np.int64)
    rank_of[hit_order] = np.arange(len(uniq))
    h_of_event = rank_of[inverse]
    n_hits = len(uniq)
    h_row = e_row[first[hit_order]]
    h_key = e_key[first[hit_order]]
    # values per hit
    exact_or_bag = np.zeros(n_hits, dtype=bool)
    exact_or_bag[h_of_event[e_src <= 1]] = True
    char = np.zeros(n_hits)
    word = np.zeros(n_hits)
    lex_rank_f = np.zeros(n_hits)
    knn_lex = np.zeros(n_hits)
    sem = np.zeros(n_hits)
    has_sem = np.zeros(n_hits, dtype=bool)
    sem_rank_f = np.zeros(n_hits)
    knn_sem = np.zeros(n_hits)
    lex_events = np.flatnonzero(e_src == 2)
    sem_events = np.flatnonzero(e_src == 3)
    # event arrays were reordered; map the value lists through the same order
    inv_order = np.empty(len(order), dtype=np.int64)
    inv_order[order] = np.arange(len(order))
    n_ex, n_bag, n_lex = len(ex_r), len(bag_r), len(lex_r)
    if n_lex:
        pos = inv_order[n_ex + n_bag + np.arange(n_lex)]
        h = h_of_event[pos]
        c_arr, w_arr = lex_c.astype(np.float64), lex_w.astype(np.float64)
        char[h], word[h] = c_arr, w_arr
        lex_rank_f[h] = 1.0 / (1 + lex_rank.astype(np.float64))
        knn_lex[h] = 0.6 * c_arr + 0.4 * w_arr
    if len(sem_r):
        pos = inv_order[n_ex + n_bag + n_lex + np.arange(len(sem_r))]
        h = h_of_event[pos]
        v = sem_v.astype(np.float64)
        sem[h] = v
        has_sem[h] = True
        sem_rank_f[h] = 1.0 / (1 + sem_rank.astype(np.float64))
        knn_sem[h] = np.maximum(v, 0.0) ** 2
    del lex_events, sem_events
    h_qi = r_qi[h_row]
    h_title = r_title[h_row]
    if vectors is not None and index.embeddings is not None:
        missing = np.flatnonzero((h_qi == 0) & ~has_sem)
        if len(missing):
            vec = np.asarray(vectors, dtype=np.float32)
            title_pos = h_title[missing]
            dots = (index.embeddings[h_key[missing]] * vec[title_pos]).sum(axis=1, dtype=np.float32)
            sem[missing] = dots
    # fuzzy ratios, one per hit
    q_texts = [row_text[r] for r in h_row]
    k_texts = [index.keys[k] for k in h_key]
    # token-sort ratio: the plain ratio of the words sorted (each key's sorted once per index)
    row_sorted = [" ".join(sorted(q.split())) for q in row_text]
    srt = (
        cpdist([row_sorted[r] for r in h_row], [tb.sorted_keys[k] for k in h_key], scorer=fuzz.ratio, dtype=np.float64)
        / 100.0
        if n_hits
        else np.zeros(0)
    )
    st = cpdist(q_texts, k_texts, scorer=fuzz.token_set_ratio, dtype=np.float64) / 100.0 if n_hits else np.zeros(0)
    part = cpdist(q_texts, k_texts, scorer=fuzz.partial_ratio, dtype=np.float64) / 100.0 if n_hits else np.zeros(0)
    row_head = np.array([tb.head_ids.get(_head(q), -1) for q in row_text], dtype=np.int64)
    head_match = (tb.key_head[h_key] == row_head[h_row]).astype(np.float64)
    main_words = np.array([len(queries[0].split()) for queries in query_lists], dtype=np.int64)
    length_gap = np.minimum(np.abs(tb.key_words[h_key] - main_words[h_title]), 5) / 5.0
    tier = np.where(exact_or_bag, np.where(h_qi == 0, 2, 1), 0)
    strength = (tier * 2 + srt + 0.5 * np.where(h_qi == 0, sem, 0.0)) * np.where(h_qi == 0, 1.0, 0.9)
    # ---------------------------------------------------------------- entries: (hit, occupation)
    counts = tb.key_ptr[h_key + 1] - tb.key_ptr[h_key]
    x_hit = np.repeat(np.arange(n_hits), counts)
    within = np.arange(len(x_hit)) - np.repeat(np.cumsum(counts) - counts, counts)
    x_entry = tb.key_entries[tb.key_ptr[h_key][x_hit] + within]
    x_code = tb.entry_code[x_entry]
    x_weight = tb.entry_weight[x_entry]
    x_title = h_title[x_hit]
    # processing order of the single-title code: by title, query, hit order, entry order
    seq = np.lexsort((within, x_hit, h_qi[x_hit], x_title))
    x_hit, x_entry, x_code, x_weight, x_title = x_hit[seq], x_entry[seq], x_code[seq], x_weight[seq], x_title[seq]
    n_codes = len(tb.codes)
    group_key = x_title * n_codes + x_code
    g_uniq, g_first, g_inv = np.unique(group_key, return_index=True, return_inverse=True)
    n_groups = len(g_uniq)
    feats = np.zeros((n_groups, len(FEATURES)))
    per_entry = {
        "char_cosine": char[x_hit],
        "word_cosine": word[x_hit],
        "lexical_rank": lex_rank_f[x_hit],
        "semantic": sem[x_hit],
        "semantic_rank": sem_rank_f[x_hit],
        "token_sort": srt[x_hit],
        "token_set": st[x_hit],
        "partial": part[x_hit],
        "head_match": head_match[x_hit],
        "kind_weight": np.log1p(x_weight),
        "key_share": x_weight / tb.key_total[h_key[x_hit]],
    }
    for name in _MAXED:
        col = np.zeros(n_groups)
        np.maximum.at(col, g_inv, per_entry[name])
        feats[:, _F[name]] = col
    main_entry = (h_qi[x_hit] == 0).astype(np.float64)
    feats[:, _F["knn_lexical"]] = np.bincount(g_inv, knn_lex[x_hit] * main_entry, minlength=n_groups)
    feats[:, _F["knn_semantic"]] = np.bincount(g_inv, knn_sem[x_hit] * main_entry, minlength=n_groups)
    n_per = np.bincount(g_inv, minlength=n_groups)
    feats[:, _F["matching_keys"]] = np.log1p(n_per)
    g_tier = np.zeros(n_groups, dtype=np.int64)
    np.maximum.at(g_tier, g_inv, tier[x_hit])
    # the strongest entry (first of equals) is the one shown, and gives from_variant / length_gap
    best_pos = np.lexsort((np.arange(len(x_hit)), -strength[x_hit], g_inv))
    starts = np.concatenate([[0], np.flatnonzero(np.diff(g_inv[best_pos])) + 1]) if len(best_pos) else best_pos
    best = best_pos[starts]
    g_best_entry = x_entry[best]
    feats[:, _F["from_variant"]] = (h_qi[x_hit[best]] > 0).astype(np.float64)
    feats[:, _F["length_gap"]] = length_gap[x_hit[best]]
    g_title = g_uniq // n_codes
    g_code = g_uniq % n_codes
    feats[:, _F["occupation_size"]] = tb.code_size[g_code]
    feats[:, _F["log_employment"]] = tb.code_log_employment[g_code]
    feats[:, _F["variant_exact"]] = (g_tier == 1).astype(np.float64)
    occ_dense = np.zeros((n_titles, tb.n_occ + 1))
    occ_dense[:, : tb.n_occ] = index.occupation_title_matrix([queries[0] for queries in query_lists])
    occ_pos = tb.occ_pos[g_code]
    feats[:, _F["occupation_title_cosine"]] = occ_dense[g_title, np.where(occ_pos >= 0, occ_pos, tb.n_occ)]
    # ---------------------------------------------------------------- per title, first-seen order
    out: list[CandidateSet] = []
    g_order = np.lexsort((g_first, g_title))
    bounds = np.searchsorted(g_title[g_order], np.arange(n_titles + 1))
    for t in range(n_titles):
        sel = g_order[bounds[t] : bounds[t + 1]]
        codes = [tb.codes[c] for c in g_code[sel]]
        f = feats[sel].copy()
        best_e = g_best_entry[sel].copy()
        tiers = g_tier[sel].copy()
        scores = (duties[t] if duties is not None else None) or {}
        if scores:
            f[:, _F["duties"]] = [scores.get(c, 0.0) for c in codes]
            known = set(codes)
            extra = [
                c
                for c in sorted(scores, key=lambda c: -scores[c])[:DUTIES_CANDIDATES]
                if c not in known and index.code_title_count.get(c)
            ]
            if extra:
                ids = np.array([tb.code_id[c] for c in extra])
                add = np.zeros((len(extra), len(FEATURES)))
                add[:, _F["occupation_size"]] = tb.code_size[ids]
                add[:, _F["log_employment"]] = tb.code_log_employment[ids]
                add[:, _F["duties"]] = [scores[c] for c in extra]
                pos = tb.occ_pos[ids]
                add[:, _F["occupation_title_cosine"]] = occ_dense[t, np.where(pos >= 0, pos, tb.n_occ)]
                codes += extra
                f = np.vstack([f, add])
                best_e = np.concatenate([best_e, [index.first_entry(c) for c in extra]])
                tiers = np.concatenate([tiers, np.zeros(len(extra), dtype=np.int64)])
        c_cos, s_cos = f[:, _F["char_cosine"]], f[:, _F["semantic"]]
        kinds = ["exact" if tr == 2 else "fuzzy" if a >= b else "semantic" for tr, a, b in zip(tiers, c_cos, s_cos)]
        similarity = np.where(
            tiers == 2, 1.0, np.maximum.reduce([f[:, _F["token_sort"]], s_cos, f[:, _F["token_set"]] * 0.9])
        )
        out.append(CandidateSet(codes, f, best_e, kinds, similarity, tiers))
    return out
