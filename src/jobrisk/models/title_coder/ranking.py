"""The re-ranker path of the title coder, for many titles at once.

:func:`ranked_many` turns each title's candidate set (:func:`.features.candidate_sets`) into
its top candidates and a calibrated confidence: occupations the title's context rules out
(military codes for civilian titles, police codes for digital titles) are dropped, the
re-ranker scores the rest, and a support job's head noun is honoured ("tester" is not the
designer of the same product). A title's result depends on that title alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from jobrisk.models.title_coder.features import FEATURES, CandidateSet, candidate_sets
from jobrisk.models.title_coder.normalize import HEAD_NOUNS, head_word
from jobrisk.models.title_coder.matches import Candidate
from jobrisk.models.title_coder.structure import TitleContext

if TYPE_CHECKING:
    from jobrisk.models.title_coder.coder import TitleCoder

TOP_K = 5
#: head nouns whose job differs from the trade or product they are joined to ("painter helper")
SUPPORT_HEADS = frozenset({"helper", "tester", "designer", "aide", "apprentice", "assistant"})
HEAD_SWAP_CONFIDENCE = 0.6  # the runner-up whose title has the typed head noun was moved first
_DUTIES = FEATURES.index("duties")
_WHY = {
    "exact": "same words as",
    "fuzzy": "spelling close to",
    "semantic": "meaning close to",
    "duties": "duties close to the tasks of; title near",
}


def ranked_many(
    coder: TitleCoder,
    query_lists: Sequence[Sequence[str]],
    contexts: Sequence[TitleContext],
    vectors: np.ndarray | None = None,
    duty_scores: Sequence[Mapping[str, float] | None] | None = None,
) -> list[tuple[list[Candidate], float]]:
    """Top candidates and the confidence in the first, per title (``query_lists[i][0]`` is the
    cleaned title, the rest its parts)."""
    index = coder.index
    encoder: Any = index.encoder
    if vectors is None and encoder is not None and query_lists:
        vectors = encoder.encode([q[0] for q in query_lists])
    sets = candidate_sets(index, query_lists, vectors, duty_scores)
    out = []
    for i, (cs, queries, context) in enumerate(zip(sets, query_lists, contexts)):
        duties = bool(duty_scores is not None and duty_scores[i])
        out.append(_rank_one(coder, cs, queries[0], context, duties))
    return out


def _rank_one(
    coder: TitleCoder, cs: CandidateSet, main: str, context: TitleContext, duties: bool
) -> tuple[list[Candidate], float]:
    keep = [i for i, code in enumerate(cs.codes) if context.allows(coder.structure, code)]
    if not keep:
        return [], 0.0
    features = cs.features[keep]
    scores = coder.reranker.decision(features)
    order = list(np.argsort(-scores))
    confidence = coder.reranker.confidence(scores[order])
    best_entries = cs.best_entry[keep]
    order, confidence = _head_agreement(coder, main, best_entries, order, confidence)
    out = []
    for j in order[:TOP_K]:
        i = keep[j]
        code = cs.codes[i]
        entry = coder.index.entries[int(cs.best_entry[i])]
        kind = cs.kinds[i]
        similarity = float(cs.similarity[i])
        if duties and kind != "exact" and cs.features[i, _DUTIES] > similarity:
            kind = "duties"
        out.append(
            Candidate(
                code,
                coder.occupations.get(code, code),
                entry.title,
                kind,
                round(similarity, 3),
                f"{_WHY[kind]} O*NET {entry.kind} title '{entry.title}' (similarity {similarity:.2f})",
            )
        )
    return out, confidence


def _head_agreement(
    coder: TitleCoder, main: str, best_entries: np.ndarray, order: list[int], confidence: float
) -> tuple[list[int], float]:
    """A tester is not a designer, a helper not the trade: when the typed title's head is one
    of :data:`SUPPORT_HEADS` and the best candidate's title has another job noun as its head,
    a runner-up (top 5) whose title has the same head goes first, with capped confidence."""
    head = head_word(main)
    if head not in SUPPORT_HEADS:
        return order, confidence
    heads = [head_word(coder.index.entries[int(best_entries[i])].key) for i in order[:TOP_K]]
    if heads[0] == head or heads[0] not in HEAD_NOUNS:
        return order, confidence
    agree = next((k for k in range(1, len(heads)) if heads[k] == head), None)
    if agree is None:
        return order, confidence
    return [order[agree], *order[:agree], *order[agree + 1 :]], min(confidence, HEAD_SWAP_CONFIDENCE)
