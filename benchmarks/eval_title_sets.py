"""Score the shipped title coder on hand-coded title sets, per category, with a calibration table.

    .venv/bin/python benchmarks/eval_title_sets.py [--catalog PATH] [--set CSV ...] [--show-misses]
        [--no-aliases] [--department-column NAME]

Each set is a CSV with a ``title`` column, acceptable codes in ``acceptable_codes`` or
``gold_codes`` (``;``-separated) and optionally ``category``. Default sets: the outside
development set (``../shared/titles/dev_titles.csv`` when present), the second development
set (``benchmarks/data/second_dev_titles.csv``) and the team's messy set
(``benchmarks/data/messy_titles.csv``). The coder is the one users get (full index, curated
aliases, shipped re-ranker weights): these sets are NOT in the index, but the curated lists were
written by the same team as the second and messy sets, so read those two as optimistic.

Figures: top-1 / top-5 of the ranked candidates over all titles, "strict" top-1 (right AND
matched, over all titles: an abstention counts as a miss), top-1 over answered titles,
abstention, hierarchical back-off (the broad SOC group is right when a title is
``uncertain``), share right among matches with confidence >= 0.9, a calibration table, and a
most-frequent-code baseline. "ALL not alias" repeats ALL without the titles that are, word for
word, a curated alias.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from jobrisk.catalog import Catalog
from jobrisk.models.title_coder import TitleCoder
from jobrisk.models.title_coder.coder import group_prefix

HERE = Path(__file__).parent
DEFAULT_SETS = [
    HERE.parent / ".." / "shared" / "titles" / "dev_titles.csv",
    HERE / "data" / "second_dev_titles.csv",
    HERE / "data" / "messy_titles.csv",
]
BINS = [(0.0, 0.35), (0.35, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]


def read_set(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    gold = "acceptable_codes" if "acceptable_codes" in df.columns else "gold_codes"
    if "title" not in df.columns or gold not in df.columns:
        raise SystemExit(
            f"{path}: needs columns 'title' and 'acceptable_codes' (or 'gold_codes'); got {', '.join(df.columns)}"
        )
    df["gold"] = df[gold].map(lambda s: frozenset(c.strip() for c in s.split(";") if c.strip()))
    if "category" not in df.columns:
        df["category"] = "all"
    return df


def figures(rows: list[tuple]) -> dict:
    """rows: (gold set, match) pairs."""
    n = len(rows)
    top1 = sum(bool(m.candidates) and m.candidates[0].onet_soc_code in g for g, m in rows)
    top5 = sum(any(c.onet_soc_code in g for c in m.candidates[:5]) for g, m in rows)
    answered = [(g, m) for g, m in rows if m.status == "matched"]
    right_answered = sum(m.onet_soc_code in g for g, m in answered)
    groups = [(g, m) for g, m in rows if m.status != "matched" and getattr(m, "broad_group", None)]
    prefix = {m.broad_group: group_prefix(m.broad_group) for _, m in groups}
    high = [(g, m) for g, m in answered if m.confidence >= 0.9]
    return {
        "n": n,
        "top1": top1 / n,
        "top5": top5 / n,
        "abstain": 1 - len(answered) / n,
        "top1_answered": right_answered / max(1, len(answered)),
        "top1_all_answered_only": right_answered / n,
        "backoff_n": len(groups),
        "backoff_right": sum(any(c.startswith(prefix[m.broad_group]) for c in g) for g, m in groups)
        / max(1, len(groups)),
        "high_n": len(high),
        "high_right": sum(m.onet_soc_code in g for g, m in high) / max(1, len(high)),
    }


def calibration(rows: list[tuple]) -> list[tuple]:
    out = []
    for lo, hi in BINS:
        sel = [(g, m) for g, m in rows if m.candidates and lo <= m.confidence < hi]
        if sel:
            out.append(
                (
                    lo,
                    min(hi, 1.0),
                    len(sel),
                    sum(m.confidence for _, m in sel) / len(sel),
                    sum(m.candidates[0].onet_soc_code in g for g, m in sel) / len(sel),
                )
            )
    return out


def report(name: str, df: pd.DataFrame, coder: TitleCoder, show_misses: bool, department: str | None) -> None:
    coder._cache.clear()
    t0 = time.perf_counter()
    if department and department in df.columns:
        matches = [coder.code(t, department=d or None) for t, d in zip(df["title"], df[department])]
    else:
        matches = [coder.code(t) for t in df["title"]]
    seconds = time.perf_counter() - t0
    rows = list(zip(df["gold"], matches))
    codes = [sorted(g)[0] for g in df["gold"] if g]
    most = max(set(codes), key=codes.count)
    print(
        f"\n== {name}: {len(df)} titles, {len(df) / seconds:,.0f} titles/s one by one, uncached; "
        f"baseline (always {most}) top-1 {sum(most in g for g in df['gold']) / len(df):.3f}"
    )
    print(
        f"{'category':<16} {'n':>4} {'top-1':>6} {'strict':>6} {'top-5':>6} {'abstain':>8} {'top-1 ans':>9} "
        f"{'>=0.9 n':>8} {'>=0.9 right':>11} {'back-off n':>10} {'group right':>11}"
    )
    by_cat = defaultdict(list)
    for (g, m), cat in zip(rows, df["category"]):
        by_cat[cat].append((g, m))
    aliases = set(coder.knowledge.aliases) if coder.aliases else set()
    unaliased = [(g, m) for (g, m), t in zip(rows, df["title"]) if " ".join(t.lower().split()) not in aliases]
    for cat, sel in [*sorted(by_cat.items()), ("ALL", rows), ("ALL not alias", unaliased)]:
        f = figures(sel)
        print(
            f"{cat:<16} {f['n']:>4} {f['top1']:>6.3f} {f['top1_all_answered_only']:>6.3f} {f['top5']:>6.3f} {f['abstain']:>8.3f} "
            f"{f['top1_answered']:>9.3f} {f['high_n']:>8} {f['high_right']:>11.3f} {f['backoff_n']:>10} "
            f"{f['backoff_right']:>11.3f}"
        )
    print(
        "calibration (confidence bin: titles, mean confidence, share right): "
        + "; ".join(f"{lo:.2f}-{hi:.2f}: {n}, {c:.2f}, {a:.2f}" for lo, hi, n, c, a in calibration(rows))
    )
    if show_misses:
        for (g, m), t, cat in zip(rows, df["title"], df["category"]):
            first = m.candidates[0].onet_soc_code if m.candidates else "-"
            if first not in g or m.status != "matched":
                print(
                    f"  {'MISS' if first not in g else 'ABST'} [{cat}] {t!r} -> {m.status} {first} "
                    f"({m.candidates[0].occupation_title if m.candidates else ''}) conf {m.confidence:.2f}"
                    f" | gold {';'.join(sorted(g))} | cleaned {m.cleaned_title!r}"
                )


def main() -> None:
    from eval_titles import catalog_parser

    ap = catalog_parser(__doc__)
    ap.add_argument("--set", action="append", dest="sets")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--no-aliases", action="store_true")
    ap.add_argument("--department-column")
    args = ap.parse_args()
    from jobrisk.settings import Settings

    settings = Settings.load()
    catalog = Catalog.open(args.catalog or settings.catalog_path)
    t0 = time.perf_counter()
    coder = TitleCoder.from_catalog(catalog, settings, use_aliases=not args.no_aliases)
    print(f"coder ready in {time.perf_counter() - t0:.1f}s")
    for path in [Path(p) for p in (args.sets or DEFAULT_SETS)]:
        if path.exists():
            report(path.name, read_set(path), coder, args.show_misses, args.department_column)
        else:
            print(f"\n== {path}: not found, skipped")


if __name__ == "__main__":
    main()
