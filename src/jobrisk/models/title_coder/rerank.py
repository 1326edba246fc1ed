"""Learned re-ranking of candidate occupations, calibrated confidence and the abstention rule.

:func:`candidate_features` turns the index hits for one cleaned title into one feature row per
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
from sklearn.linear_model import LogisticRegression

from jobrisk.errors import ModelNotTrainedError
from jobrisk.models.title_coder.index import TitleIndex

FEATURES = (
    "char_cosine", "word_cosine", "token_sort", "token_set", "partial", "semantic",
    "head_match", "kind_weight", "matching_keys", "occupation_size", "key_share", "from_variant",
    "length_gap", "duties", "lexical_rank", "semantic_rank", "knn_lexical", "knn_semantic",
    "occupation_title_cosine", "log_employment", "variant_exact",
)
DEFAULT_THRESHOLD = 0.35
DUTIES_CANDIDATES = 10        # with a duties text, its 10 nearest occupations join the candidates


@dataclass
class CandidateRow:
    """Evidence for one candidate occupation: its features and the best-matching index title."""

    onet_soc_code: str
    features: np.ndarray
    best_entry: int
    match_kind: str
    similarity: float
    exact_tier: int = 0          # 2: same words as the title, 1: as one of its parts, 0: neither


def _key_hits(index: TitleIndex, q: str, vector: np.ndarray | None, semantic_hits: list | None,
              lexical_limit: int, semantic_limit: int) -> dict[int, dict]:
    keys: dict[int, dict] = {}
    for k in index.exact(q):
        keys.setdefault(k, {})["exact"] = 1.0
    for k in index.bag(q):
        keys.setdefault(k, {})["bag"] = 1.0
    for rank, (k, c, w) in enumerate(index.lexical(q, lexical_limit)):
        d = keys.setdefault(k, {})
        d.update(char_cosine=c, word_cosine=w, lexical_rank=1.0 / (1 + rank), knn_lexical=0.6 * c + 0.4 * w)
    if vector is not None:
        hits = semantic_hits if semantic_hits is not None else index.semantic(q, semantic_limit, vector=vector)
        for rank, (k, sim) in enumerate(hits):
            d = keys.setdefault(k, {})
            d.update(semantic=sim, semantic_rank=1.0 / (1 + rank), knn_semantic=max(sim, 0.0) ** 2)
        missing = [k for k, d in keys.items() if "semantic" not in d]
        for k, sim in index.semantic_scores(vector, missing).items():
            keys[k]["semantic"] = sim
    return keys


_SUMMED = ("knn_lexical", "knn_semantic")


def candidate_features(index: TitleIndex, queries: Sequence[str], query_vectors: np.ndarray | None,
                       duties_scores: dict[str, float] | None = None, lexical_limit: int = 40,
                       semantic_limit: int = 30, semantic_hits: Sequence[list] | None = None
                       ) -> list[CandidateRow]:
    """Candidate occupations for a cleaned title (first query) and its variants (the rest).

    ``query_vectors[0]`` embeds the first query (variants use lexical evidence only);
    ``semantic_hits[0]`` (its (key id, cosine) list) may be given when computed in bulk.
    """
    slots: dict[str, dict] = {}
    main = queries[0]
    n_main = len(main.split())
    for qi, q in enumerate(queries):
        vector = None if query_vectors is None or qi > 0 else query_vectors[0]
        if qi == 0:
            hits = _key_hits(index, q, vector, None if semantic_hits is None else semantic_hits[qi],
                             lexical_limit, semantic_limit)
        else:                        # parts of the title: lexical evidence only, fewer hits
            hits = _key_hits(index, q, None, None, lexical_limit // 2, 0)
        q_head = _head(q)
        for k, d in hits.items():
            key = index.keys[k]
            srt, st, part = TitleIndex.fuzzy(q, key)
            entries = index.entries_for_key(k)
            total = sum(index.entries[e].weight for e in entries) or 1.0
            tier = (2 if qi == 0 else 1) if (d.get("exact") or d.get("bag")) else 0
            strength = (tier * 2 + srt + 0.5 * d.get("semantic", 0.0)) * (1.0 if qi == 0 else 0.9)
            base = {**d, "token_sort": srt, "token_set": st, "partial": part,
                    "head_match": float(_head(key) == q_head), "from_variant": float(qi > 0),
                    "length_gap": min(abs(len(key.split()) - n_main), 5) / 5.0}
            for e in entries:
                entry = index.entries[e]
                f = {**base, "kind_weight": math.log1p(entry.weight), "key_share": entry.weight / total}
                slot = slots.setdefault(entry.onet_soc_code, {"f": {}, "best": e, "strength": -1.0, "n": 0,
                                                              "sums": dict.fromkeys(_SUMMED, 0.0),
                                                              "tier": 0})
                slot["n"] += 1
                if qi == 0:
                    for name in _SUMMED:
                        slot["sums"][name] += f.get(name, 0.0)
                if tier:
                    slot["tier"] = max(slot["tier"], tier)
                if strength > slot["strength"]:
                    slot["best"], slot["strength"] = e, strength
                    slot["f"]["from_variant"], slot["f"]["length_gap"] = f["from_variant"], f["length_gap"]
                for name, value in f.items():
                    if name not in ("from_variant", "length_gap") and name not in _SUMMED:
                        slot["f"][name] = max(slot["f"].get(name, 0.0), value)
    if duties_scores:                # occupations whose tasks resemble the duties, even if no title does
        for code in sorted(duties_scores, key=lambda c: -duties_scores[c])[:DUTIES_CANDIDATES]:
            if code not in slots and index.code_title_count.get(code):
                slots[code] = {"f": {}, "best": index.first_entry(code), "strength": 0.0, "n": 0,
                               "sums": dict.fromkeys(_SUMMED, 0.0), "tier": 0}
    occupation_scores = index.occupation_title_scores(main)
    rows = []
    for code, slot in slots.items():
        f = slot["f"]
        f.update(slot["sums"])
        f["matching_keys"] = math.log1p(slot["n"])
        f["occupation_size"] = math.log1p(index.code_title_count.get(code, 0))
        f["duties"] = (duties_scores or {}).get(code, 0.0)
        f["occupation_title_cosine"] = occupation_scores.get(code, 0.0)
        f["log_employment"] = index.log_employment(code) / 6.0
        f["variant_exact"] = float(slot["tier"] == 1)
        vec = np.array([f.get(name, 0.0) for name in FEATURES], dtype=np.float64)
        kind = ("exact" if slot["tier"] == 2 else "fuzzy" if f.get("char_cosine", 0) >= f.get("semantic", 0)
                else "semantic")
        sim = 1.0 if kind == "exact" else max(f.get("token_sort", 0.0), f.get("semantic", 0.0),
                                               f.get("token_set", 0.0) * 0.9)
        rows.append(CandidateRow(code, vec, slot["best"], kind, float(sim), slot["tier"]))
    return rows


def _head(text: str) -> str:
    words = text.split()
    if "of" in words[1:]:
        return words[0]
    return words[-1] if words else ""


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
        return X @ self.coef_ + self.intercept_

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
        return {"features": list(FEATURES), "coef": [float(c) for c in self.coef_],
                "intercept": self.intercept_, "calibration": list(self.calib_),
                "threshold": self.threshold, "C": self.C}

    @classmethod
    def from_dict(cls, data: dict) -> TitleReranker:
        if list(data["features"]) != list(FEATURES):
            raise ModelNotTrainedError("Saved title re-ranker weights use other features; retrain them")
        return cls(C=data.get("C", 1.0), threshold=data["threshold"],
                   coef_=np.array(data["coef"], dtype=np.float64), intercept_=float(data["intercept"]),
                   calib_=tuple(data["calibration"]))


def _calib_x(sorted_scores: np.ndarray) -> np.ndarray:
    top = float(sorted_scores[0])
    margin = float(sorted_scores[0] - sorted_scores[1]) if len(sorted_scores) > 1 else 5.0
    return np.array([top, min(margin, 5.0)])
