"""Held-out title experiments: training data for the re-ranker and honest evaluation figures.

A held-out title is removed from the index (every index key it cleans to, for every
occupation) before it is coded, so no figure is measured on a title the index contains.
:func:`sample_heldout` draws titles (or whole occupations' title lists);
:func:`train_reranker` fits :class:`.rerank.TitleReranker` on one set of held-out titles;
:func:`score_predictions` reports top-1/top-5 agreement at 2-, 3-, 6-digit SOC and exact
O*NET code plus the accuracy-vs-coverage curve.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jobrisk.catalog import Catalog
from jobrisk.models.title_coder.aliases import TitleKnowledge, load_title_knowledge

from jobrisk.models.title_coder.rerank import FEATURES, TitleReranker, candidate_features

LEVELS = {"major (2-digit)": 2, "minor (3-digit)": 4, "SOC detailed (6-digit)": 7, "O*NET code": 10}


@dataclass(frozen=True)
class HeldOut:
    title: str  # as published by O*NET (the query)
    gold: frozenset[str]  # every O*NET code this title belongs to
    keys: frozenset[str]  # index keys removed for this fold
    kind: str = "alternate"  # O*NET title kind of the query (alternate, reported, ...)


def sample_heldout(
    catalog: Catalog,
    n: int,
    seed: int,
    knowledge: TitleKnowledge | None = None,
    kinds: Sequence[str] = ("alternate", "reported"),
    whole_codes: int = 0,
) -> tuple[list[HeldOut], set[str]]:
    """``n`` held-out titles (or, with ``whole_codes``, every title of that many occupations).

    Returns the held-out titles and the set of index keys to exclude. Titles are drawn from
    distinct cleaned keys so one typed form is never both query and index entry.
    """
    knowledge = knowledge or load_title_knowledge()
    by_key: dict[str, dict] = {}
    for t in catalog.titles():
        c = knowledge.clean(t.title)
        if c.problem:
            continue
        slot = by_key.setdefault(c.cleaned, {"codes": set(), "titles": [], "keys": set()})
        slot["codes"].add(t.onet_soc_code)
        slot["keys"].update([c.cleaned, *c.variants])
        if t.kind in kinds:
            slot["titles"].append((t.title, t.kind))
    rng = random.Random(seed)
    if whole_codes:
        codes = sorted({t.onet_soc_code for t in catalog.titles()})
        chosen = set(rng.sample(codes, whole_codes))
        picked = [k for k, s in by_key.items() if s["codes"] & chosen and s["titles"]]
    else:
        eligible = sorted(k for k, s in by_key.items() if s["titles"])
        picked = rng.sample(eligible, min(n, len(eligible)))
    out, exclude = [], set()
    for k in picked:
        s = by_key[k]
        title, kind = rng.choice(s["titles"])
        out.append(HeldOut(title, frozenset(s["codes"]), frozenset(s["keys"]), kind))
        exclude |= s["keys"]
    return out, exclude


def training_groups(
    coder, heldout: Sequence[HeldOut], duties_share: float = 0.0, seed: int = 3
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Candidate feature matrices and 0/1 labels for each held-out title (coder built without them).

    For a ``duties_share`` of the titles, one task statement of a right occupation stands in
    for the person's duties text (left out of that occupation's task mean).
    """
    rng = random.Random(seed)
    groups, labels = [], []
    for h in heldout:
        c = coder.clean(h.title)
        if c.problem:
            continue
        main = coder.spell.fix(c.cleaned)[0]
        queries = list(dict.fromkeys([main, *(coder.spell.fix(v)[0] for v in c.variants)]))
        vectors = coder.index.encoder.encode(queries[:1]) if coder.index.encoder is not None else None
        duty_scores = None
        if duties_share and rng.random() < duties_share:
            code = rng.choice(sorted(g for g in h.gold if coder._task_texts.get(g)) or [""])
            if code:
                task = rng.choice(coder._task_texts[code])
                duty_scores = coder._duties_scores(task, (code, coder.index.encoder.encode([task])[0]))
        rows = candidate_features(coder.index, queries, vectors, duty_scores)
        if not rows:
            continue
        groups.append(np.vstack([r.features for r in rows]))
        labels.append(np.array([int(r.onet_soc_code in h.gold) for r in rows]))
    return groups, labels


def bootstrap_reranker() -> TitleReranker:
    """Hand-set weights used only to build the index before a trained re-ranker exists."""
    w = dict.fromkeys(FEATURES, 0.0)
    w.update(exact=3.0, bag=2.0, char_cosine=2.0, token_sort=2.0, semantic=2.0, head_match=1.0)
    return TitleReranker(coef_=np.array([w[f] for f in FEATURES]), intercept_=-4.0, calib_=(1.0, 1.0, -3.0))


def train_reranker(
    catalog: Catalog,
    n_queries: int = 3000,
    seed: int = 7,
    use_semantic: bool = True,
    knowledge: TitleKnowledge | None = None,
) -> tuple[TitleReranker, dict]:
    """Fit the re-ranker on ``n_queries`` held-out catalog titles; returns it and a training note."""
    from jobrisk.models.title_coder.coder import TitleCoder

    heldout, exclude = sample_heldout(catalog, n_queries, seed, knowledge)
    coder = TitleCoder.from_catalog(
        catalog, use_semantic=use_semantic, exclude_keys=exclude, reranker=bootstrap_reranker(), knowledge=knowledge
    )
    groups, labels = training_groups(coder, heldout)
    reranker = TitleReranker().fit(groups, labels)
    note = {
        "queries": len(groups),
        "seed": seed,
        "candidates": int(sum(len(g) for g in groups)),
        "queries_with_gold_candidate": int(sum(int(group.any()) for group in labels)),
    }
    return reranker, note


def soc_agrees(code: str | None, gold: frozenset[str], level: int) -> bool:
    return code is not None and any(code[:level] == g[:level] for g in gold)


def score_predictions(results: Sequence[tuple[frozenset[str], list[str], float]]) -> dict:
    """Figures for (gold codes, ranked candidate codes, confidence) triples.

    Top-1/top-5 count every title (an empty list counts as wrong); the coverage curve keeps
    the most confident share of titles and reports top-1 on what is kept.
    """
    n = len(results)
    figures: dict = {"titles": n}
    for name, level in LEVELS.items():
        figures[f"top1 {name}"] = sum(soc_agrees(c[0] if c else None, g, level) for g, c, _ in results) / n
        figures[f"top5 {name}"] = sum(any(soc_agrees(x, g, level) for x in c[:5]) for g, c, _ in results) / n
    order = sorted(results, key=lambda r: -r[2])
    curve = []
    for coverage in (1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5):
        kept = order[: max(1, round(coverage * n))]
        curve.append(
            (coverage, kept[-1][2], sum(soc_agrees(c[0] if c else None, g, 10) for g, c, _ in kept) / len(kept))
        )
    figures["coverage_curve"] = curve
    bins = []
    for lo, hi in ((0.0, 0.2), (0.2, 0.35), (0.35, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)):
        inside = [r for r in results if lo <= r[2] < hi]
        if inside:
            bins.append(
                (
                    lo,
                    min(hi, 1.0),
                    len(inside),
                    sum(r[2] for r in inside) / len(inside),
                    sum(soc_agrees(c[0] if c else None, g, 10) for g, c, _ in inside) / len(inside),
                )
            )
    figures["calibration"] = bins  # (from, to, titles, mean confidence, top-1 right)
    return figures
