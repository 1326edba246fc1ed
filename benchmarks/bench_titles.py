"""Speed of the job title coder: bulk coding of roster-like files, single titles, autocomplete.

    .venv/bin/python benchmarks/bench_titles.py [--catalog PATH] [--rows 50000] [--distinct 2000]

Prints (no thresholds; figures for docs/title-coder.md):
- start-up: building the coder from the catalog, and loading it from the cached artifact;
- bulk: ``code_many`` on a roster-like list (``--rows`` rows drawn with Zipf-like repeats
  from ``--distinct`` distinct titles: the messy test set plus decorated O*NET titles),
  cold (empty cache) and warm; then the same roster with one typo in every distinct title;
- single titles: p50/p95 latency of ``code`` on distinct, uncached titles;
- autocomplete: p50/p95/max latency of ``suggest`` for every prefix of 300 titles, typed
  one keystroke at a time.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from jobrisk.models.title_coder import TitleCoder
from jobrisk.models.title_coder.planning import plan_title
from jobrisk.settings import Settings

HERE = Path(__file__).parent
DECORATIONS = [
    "{}",
    "Sr. {}",
    "{} II",
    "{} - Remote",
    "Lead {}",
    "{} (Part-Time)",
    "{} - Nights",
    "Junior {}",
    "{}, Level 3",
    "{} - $22/hr",
]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def roster(catalog, distinct: int, rows: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    pool = pd.read_csv(HERE / "data" / "messy_titles.csv", dtype=str, keep_default_na=False)["title"].tolist()
    titles = [t.title for t in catalog.titles()]
    while len(pool) < distinct:
        pool.append(rng.choice(DECORATIONS).format(rng.choice(titles)))
    pool = list(dict.fromkeys(pool))[:distinct]
    weights = [1.0 / (i + 1) for i in range(len(pool))]  # a few titles are very common
    return rng.choices(pool, weights=weights, k=rows)


def misspelt(rows: list[str], seed: int = 8) -> list[str]:
    """The same roster with one letter of each distinct title swapped (defeats the exact fast path)."""
    rng = random.Random(seed)
    changed = {}
    for title in set(rows):
        i = rng.randrange(1, max(2, len(title) - 1))
        changed[title] = title[: i - 1] + title[i] + title[i - 1] + title[i + 1 :] if len(title) > 3 else title
    return [changed[t] for t in rows]


def bulk(coder: TitleCoder, rows: list[str], label: str) -> None:
    coder._cache.clear()
    routes: dict[str, int] = {}
    for title in set(rows):
        plan = plan_title(coder, title)
        route = plan[3] if isinstance(plan, tuple) else "unknown"
        routes[route] = routes.get(route, 0) + 1
    t0 = time.perf_counter()
    coder.code_many(rows)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    coder.code_many(rows)
    warm = time.perf_counter() - t0
    print(
        f"bulk code_many, {label}: {len(rows)} rows, {len(set(rows))} distinct titles "
        f"({', '.join(f'{k} {v}' for k, v in sorted(routes.items()))}): cold {len(rows) / cold:,.0f} "
        f"titles/s ({cold:.1f}s), warm {len(rows) / warm:,.0f} titles/s"
    )


def main() -> None:
    from eval_titles import catalog_parser, open_catalog

    ap = catalog_parser(__doc__)
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--distinct", type=int, default=2_000)
    args = ap.parse_args()

    catalog = open_catalog(args.catalog)

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        t0 = time.perf_counter()
        TitleCoder.from_catalog(catalog, settings)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        coder = TitleCoder.from_catalog(catalog, settings)
        loaded = time.perf_counter() - t0
    print(f"start-up: build {built:.1f}s (then cached), load from cache {loaded:.1f}s")

    rows = roster(catalog, args.distinct, args.rows)
    bulk(coder, rows, "roster")
    bulk(coder, misspelt(rows), "same roster, one typo per distinct title")

    fresh = TitleCoder(coder.index, coder.occupations, coder.knowledge, coder.reranker)
    singles = [t.title + " specialist" for t in random.Random(9).sample(catalog.titles(), 200)]
    times = []
    for title in singles:
        t0 = time.perf_counter()
        fresh.code(title)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"single uncached title: p50 {pct(times, 0.5):.1f} ms, p95 {pct(times, 0.95):.1f} ms")

    typed = random.Random(3).sample(sorted(set(rows)), min(300, len(set(rows))))
    coder.suggest("a")  # builds the autocomplete tables
    times = []
    for title in typed:
        for n in range(1, len(title) + 1):
            t0 = time.perf_counter()
            coder.suggest(title[:n], limit=8)
            times.append((time.perf_counter() - t0) * 1000)
    print(
        f"autocomplete: {len(times)} keystrokes, p50 {statistics.median(times):.2f} ms, "
        f"p95 {pct(times, 0.95):.2f} ms, max {max(times):.1f} ms"
    )


if __name__ == "__main__":
    main()
