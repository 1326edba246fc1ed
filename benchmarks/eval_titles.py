"""Evaluate the job title coder on titles it has never indexed, and on the messy-title test set.

    .venv/bin/python benchmarks/eval_titles.py [--catalog PATH] [--train N] [--test N]
        [--occupations N] [--no-semantic] [--write-weights]

1. Title hold-out: N distinct O*NET titles are removed from the index (every key they clean
   to); the re-ranker is trained on one set of held-out titles and scored on another.
2. Occupation hold-out: every title of N whole occupations is removed; the right O*NET code
   cannot be found, so the figures show how close (2-/3-digit SOC) the coder lands and how
   often it abstains.
3. Messy titles (benchmarks/data/messy_titles.csv): realistic typed titles with gold codes,
   coded with the full index, with and without the curated alias list.

Prints top-1/top-5 at 2-, 3-, 6-digit SOC and exact O*NET code, abstention, the
accuracy-vs-coverage curve and throughput. ``--write-weights`` saves the trained re-ranker as
the weights shipped in the package.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from jobrisk.catalog import Catalog  # noqa: E402
from jobrisk.models.title_coder.coder import TitleCoder  # noqa: E402
from jobrisk.models.title_coder.holdout import (  # noqa: E402
    LEVELS, HeldOut, sample_heldout, score_predictions, training_groups, bootstrap_reranker)
from jobrisk.models.title_coder.rerank import TitleReranker  # noqa: E402

HERE = Path(__file__).parent
WEIGHTS = HERE.parent / "src" / "jobrisk" / "models" / "title_coder" / "reranker_weights.json"


def open_catalog(path: str | None) -> Catalog:
    if path:
        return Catalog.open(path)
    from _mirror_catalog import mirror_catalog
    print("(no --catalog given: O*NET 29.3 occupations/titles/tasks read from the data mirror)")
    return mirror_catalog()


def run(coder: TitleCoder, items: list[tuple[str, frozenset[str]]]) -> tuple[dict, float, list]:
    t0 = time.perf_counter()
    matches = [coder.code(title) for title, _ in items]
    seconds = time.perf_counter() - t0
    results = [(gold, [c.onet_soc_code for c in m.candidates], m.confidence if m.candidates else -1.0)
               for (_, gold), m in zip(items, matches)]
    figures = score_predictions(results)
    n = len(items)
    figures["matched share"] = sum(m.status == "matched" for m in matches) / n
    figures["abstained (uncertain+unknown)"] = 1 - figures["matched share"]
    right = [r for r, m in zip(results, matches) if m.status == "matched"]
    figures["top1 O*NET code among matched"] = (
        sum(m.onet_soc_code in g for (g, _, _), m in zip(results, matches) if m.status == "matched")
        / max(1, len(right)))
    figures["titles/s (unique, uncached)"] = n / seconds
    return figures, seconds, matches


def show(name: str, figures: dict) -> None:
    print(f"\n== {name}: {figures['titles']} titles")
    for level in LEVELS:
        print(f"  {level:<24} top-1 {figures[f'top1 {level}']:.3f}   top-5 {figures[f'top5 {level}']:.3f}")
    for key in ("matched share", "abstained (uncertain+unknown)", "top1 O*NET code among matched",
                "top1 any gold code", "top5 any gold code", "top1 any gold (matched only)",
                "titles/s (unique, uncached)"):
        if key in figures:
            print(f"  {key:<36} {figures[key]:.3f}" if figures[key] < 100 else
                  f"  {key:<36} {figures[key]:.0f}")
    print("  coverage -> min confidence, top-1 O*NET code: " + ", ".join(
        f"{c:.0%}->{t:.2f},{a:.3f}" for c, t, a in figures["coverage_curve"]))


def messy(coder: TitleCoder, path: Path) -> dict:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    items = [(r.title, frozenset(r.gold_codes.split(";"))) for r in df.itertuples()]
    figures, _, matches = run(coder, items)
    n = len(items)
    figures["top1 any gold code"] = sum(
        bool(m.candidates) and m.candidates[0].onet_soc_code in g for (_, g), m in zip(items, matches)) / n
    figures["top5 any gold code"] = sum(
        any(c.onet_soc_code in g for c in m.candidates[:5]) for (_, g), m in zip(items, matches)) / n
    matched = [(g, m) for (_, g), m in zip(items, matches) if m.status == "matched"]
    figures["top1 any gold (matched only)"] = sum(m.onet_soc_code in g for g, m in matched) / max(1, len(matched))
    misses = [(t, sorted(g), m.status, [c.onet_soc_code for c in m.candidates[:3]], m.confidence)
              for (t, g), m in zip(items, matches)
              if not m.candidates or m.candidates[0].onet_soc_code not in g]
    figures["misses"] = misses
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--catalog")
    ap.add_argument("--train", type=int, default=3000)
    ap.add_argument("--test", type=int, default=1500)
    ap.add_argument("--occupations", type=int, default=40)
    ap.add_argument("--no-semantic", action="store_true")
    ap.add_argument("--write-weights", action="store_true")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--skip-holdout", action="store_true")
    args = ap.parse_args()
    semantic = not args.no_semantic
    catalog = open_catalog(args.catalog)

    heldout, _ = sample_heldout(catalog, args.train + args.test, seed=2026)
    train, test = heldout[: args.train], heldout[args.train:]
    t0 = time.perf_counter()
    coder = TitleCoder.from_catalog(catalog, use_semantic=semantic, reranker=bootstrap_reranker(),
                                    exclude_keys=set().union(*(h.keys for h in train)))
    groups, labels = training_groups(coder, train)
    reranker = TitleReranker().fit(groups, labels)
    print(f"re-ranker trained on {len(groups)} held-out titles in {time.perf_counter() - t0:.0f}s; "
          f"gold among candidates for {sum(int(l.any()) for l in labels) / len(labels):.3f}")
    print("  weights:", {k: round(v, 2) for k, v in zip(reranker.to_dict()["features"], reranker.coef_)})
    if args.write_weights:
        WEIGHTS.write_text(json.dumps({
            "trained_on": "O*NET 29.3 titles (Occupation Data, Alternate Titles, Sample of Reported Titles), "
                          f"{len(groups)} held-out titles, seed 2026, semantic={semantic}",
            "reranker": reranker.to_dict()}, indent=1) + "\n")
        print(f"  wrote {WEIGHTS}")

    if not args.skip_holdout:
        test_coder = TitleCoder.from_catalog(catalog, use_semantic=semantic, reranker=reranker,
                                             exclude_keys=set().union(*(h.keys for h in test)))
        figures, _, _ = run(test_coder, [(h.title, h.gold) for h in test])
        show("held-out titles (not in the index)", figures)

        occ, excl = sample_heldout(catalog, 0, seed=11, whole_codes=args.occupations)
        gone = {c for h in occ for c in h.gold}
        occ_coder = TitleCoder.from_catalog(catalog, use_semantic=semantic, reranker=reranker,
                                            exclude_keys=excl, exclude_codes=gone)
        items = [(h.title, h.gold) for h in occ][:1500]
        figures, _, _ = run(occ_coder, items)
        show(f"held-out whole occupations ({args.occupations} occupations, their titles removed)", figures)

    full = TitleCoder.from_catalog(catalog, use_semantic=semantic, reranker=reranker)
    path = HERE / "data" / "messy_titles.csv"
    if path.exists():
        for label, coder_ in (("messy titles, full coder", full),
                              ("messy titles, without the curated aliases",
                               TitleCoder.from_catalog(catalog, use_semantic=semantic, reranker=reranker,
                                                       use_aliases=False))):
            figures = messy(coder_, path)
            show(label, figures)
            if args.show_misses:
                for miss in figures["misses"]:
                    print("   MISS", miss)


if __name__ == "__main__":
    main()
