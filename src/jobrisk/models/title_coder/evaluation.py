"""The title coder's evaluation report (``jobrisk models evaluate-titles`` and benchmarks/).

:func:`evaluate_titles` runs three experiments and returns one report dict:

1. held-out titles: the re-ranker is trained on one set of O*NET titles removed from the
   index and scored on another set, also removed (never tested on an indexed title);
2. held-out occupations: every title of some whole occupations is removed, so the right code
   cannot be found: the figures show how near (2-/3-digit SOC) the coder lands and how often
   it abstains, which it should;
3. a messy-title CSV (``title``, ``gold_codes`` ``;``-separated): coded with the full index,
   with and without the curated aliases.

:func:`format_report` renders it as text; a baseline (most frequent occupation) is included
so each figure means something.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from jobrisk.catalog import Catalog
from jobrisk.errors import MissingColumnError, ModelError
from jobrisk.models.title_coder.coder import TitleCoder, TitleMatch
from jobrisk.models.title_coder.holdout import (
    LEVELS,
    bootstrap_reranker,
    sample_heldout,
    score_predictions,
    training_groups,
)
from jobrisk.models.title_coder.rerank import TitleReranker


def score_matches(items: Sequence[tuple[str, frozenset[str]]], matches: Sequence[TitleMatch], seconds: float) -> dict:
    """Figures for coded titles against their gold codes."""
    results = [
        (gold, [c.onet_soc_code for c in m.candidates], m.confidence if m.candidates else -1.0)
        for (_, gold), m in zip(items, matches)
    ]
    figures = score_predictions(results)
    n = len(items)
    matched = [(g, m) for (_, g), m in zip(items, matches) if m.status == "matched"]
    figures["abstained"] = 1 - len(matched) / n
    figures["top1 among matched"] = sum(m.onet_soc_code in g for g, m in matched) / max(1, len(matched))
    figures["titles per second (distinct, uncached)"] = n / seconds if seconds else float("nan")
    codes = [c for _, g in items for c in sorted(g)[:1]]
    most = max(set(codes), key=codes.count) if codes else ""
    figures["baseline top1 (most frequent code)"] = sum(most in g for _, g in items) / n
    figures["misses"] = [
        (t, ";".join(sorted(g)), m.status, ";".join(c.onet_soc_code for c in m.candidates[:3]), round(m.confidence, 2))
        for (t, g), m in zip(items, matches)
        if not m.candidates or m.candidates[0].onet_soc_code not in g
    ]
    return figures


def _run(coder: TitleCoder, items: Sequence[tuple[str, frozenset[str]]]) -> dict:
    coder._cache.clear()
    t0 = time.perf_counter()
    matches = [coder.code(title) for title, _ in items]
    return score_matches(items, matches, time.perf_counter() - t0)


def _run_with_duties(coder: TitleCoder, heldout, seed: int = 5) -> dict:
    """Held-out titles coded with one task statement of a right occupation as the duties text
    (that task is left out of the occupation's task mean, so the text is new to the coder)."""
    import random

    rng = random.Random(seed)
    items, matches = [], []
    t0 = time.perf_counter()
    for h in heldout:
        codes = sorted(g for g in h.gold if coder._task_texts.get(g))
        if not codes:
            continue
        code = rng.choice(codes)
        task = rng.choice(coder._task_texts[code])
        encoder = coder.index.encoder
        if encoder is None:
            raise ModelError("Coding with duties needs the text encoder; evaluate with semantic matching on.")
        scores = coder._duties_scores(task, (code, encoder.encode([task])[0]))
        cleaned = coder.clean(h.title)
        if cleaned.problem:
            continue
        main = coder.spell.fix(cleaned.cleaned)[0]
        queries = list(dict.fromkeys([main, *(coder.spell.fix(v)[0] for v in cleaned.variants)]))
        cands, confidence = coder._ranked(queries, task, duty_scores=scores)
        matches.append(coder._decide(h.title, main, cands, confidence))
        items.append((h.title, h.gold))
    return score_matches(items, matches, time.perf_counter() - t0)


def read_gold_csv(path: str | Path) -> list[tuple[str, frozenset[str]]]:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("title", "gold_codes"):
        if column not in df.columns:
            raise MissingColumnError(f"Gold file {path}:", column, list(df.columns))
    return [(r.title, frozenset(c for c in r.gold_codes.split(";") if c)) for r in df.itertuples()]


def evaluate_titles(
    catalog: Catalog,
    *,
    train: int = 2500,
    test: int = 1200,
    occupations: int = 30,
    semantic: bool = True,
    messy_path: str | Path | None = None,
    seed: int = 2026,
    reported_titles: int = 800,
) -> dict:
    """Run the held-out and messy-title experiments; returns {experiment: figures} plus the re-ranker."""
    report: dict = {}
    heldout, _ = sample_heldout(catalog, train + test, seed=seed)
    train_set, test_set = heldout[:train], heldout[train:]
    t0 = time.perf_counter()
    coder = TitleCoder.from_catalog(
        catalog,
        use_semantic=semantic,
        reranker=bootstrap_reranker(),
        exclude_keys=set().union(*(h.keys for h in train_set)),
    )
    groups, labels = training_groups(coder, train_set, duties_share=0.3)
    reranker = TitleReranker().fit(groups, labels)
    report["reranker"] = {
        "trained on held-out titles": len(groups),
        "gold among candidates": sum(int(x.any()) for x in labels) / max(1, len(labels)),
        "seconds": time.perf_counter() - t0,
        "weights": reranker.to_dict(),
    }
    del coder
    test_coder = TitleCoder.from_catalog(
        catalog, use_semantic=semantic, reranker=reranker, exclude_keys=set().union(*(h.keys for h in test_set))
    )
    report["held-out titles"] = _run(test_coder, [(h.title, h.gold) for h in test_set])
    if semantic:
        report["held-out titles + one task statement as duties"] = _run_with_duties(test_coder, test_set[:500])
    del test_coder
    train_keys = set().union(*(h.keys for h in train_set))
    reported, _ = sample_heldout(catalog, reported_titles * 2, seed=seed + 2, kinds=("reported",))
    reported = [h for h in reported if not h.keys & train_keys][:reported_titles]
    if reported:
        rep_coder = TitleCoder.from_catalog(
            catalog, use_semantic=semantic, reranker=reranker, exclude_keys=set().union(*(h.keys for h in reported))
        )
        report["held-out titles reported by workers (O*NET sample of reported titles)"] = _run(
            rep_coder, [(h.title, h.gold) for h in reported]
        )
        del rep_coder
    if occupations:
        occ, excluded = sample_heldout(catalog, 0, seed=seed + 1, whole_codes=occupations)
        gone = {c for h in occ for c in h.gold}
        occ_coder = TitleCoder.from_catalog(
            catalog, use_semantic=semantic, reranker=reranker, exclude_keys=excluded, exclude_codes=gone
        )
        report[f"held-out occupations ({occupations})"] = _run(occ_coder, [(h.title, h.gold) for h in occ][:1500])
        del occ_coder
    if messy_path:
        items = read_gold_csv(messy_path)
        report["messy titles"] = _run(TitleCoder.from_catalog(catalog, use_semantic=semantic, reranker=reranker), items)
        report["messy titles, no curated aliases"] = _run(
            TitleCoder.from_catalog(catalog, use_semantic=semantic, reranker=reranker, use_aliases=False), items
        )
    return report


def format_report(report: dict, show_misses: bool = False) -> str:
    lines = []
    r = report.get("reranker")
    if r:
        lines.append(
            f"re-ranker: trained on {r['trained on held-out titles']} held-out titles in "
            f"{r['seconds']:.0f}s; right code among candidates for {r['gold among candidates']:.3f}"
        )
    for name, fig in report.items():
        if name == "reranker":
            continue
        lines.append(f"\n== {name}: {fig['titles']} titles")
        for level in LEVELS:
            lines.append(f"  {level:<24} top-1 {fig[f'top1 {level}']:.3f}   top-5 {fig[f'top5 {level}']:.3f}")
        for key in ("abstained", "top1 among matched", "baseline top1 (most frequent code)"):
            lines.append(f"  {key:<36} {fig[key]:.3f}")
        lines.append(
            f"  {'titles per second (distinct, uncached)':<36} {fig['titles per second (distinct, uncached)']:.0f}"
        )
        lines.append(
            "  coverage -> min confidence, top-1 O*NET code: "
            + ", ".join(f"{c:.0%}: {t:.2f}, {a:.3f}" for c, t, a in fig["coverage_curve"])
        )
        lines.append(
            "  calibration (confidence bin: titles, mean confidence, share right): "
            + "; ".join(f"{lo:.2f}-{hi:.2f}: {n}, {c:.2f}, {a:.2f}" for lo, hi, n, c, a in fig["calibration"])
        )
        if show_misses:
            lines += [f"    miss: {m}" for m in fig["misses"]]
    return "\n".join(lines)
