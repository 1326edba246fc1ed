"""Are the labelled tasks an explanation shows about the same work? Two checks, before and after.

1. **The judged check** (``--judged FILE``): tasks written for this check (jargon-heavy, across
   fields, none within rapidfuzz token-set ratio 85 of a training task), each with a person's
   judgement of whether the first labelled task shown is about the same work. The script writes
   the first shown task (or "(none shown)") of the current model next to the file's columns
   ``before_first`` / ``before_same_work``, so the judgement of the new column can be written
   down by hand (``after_same_work``: y / n) and the file re-read with ``--report``.
2. **The O*NET proxy** (``--proxy``): labelled O*NET tasks as queries, each searched among the
   labelled tasks of OTHER occupations (its own occupation's O*NET and modern tasks held out);
   a shown neighbour counts as the same work when it shares an O*NET work activity (DWA) with
   the query. Reports, for the nearest candidate (before) and for the first candidate that
   passes the same-work test (after): the share of queries that show one and the share of those
   that share a DWA; and the same-DWA rate by similarity, which the floors were read from.

    JOBRISK_DATA_DIR=... python benchmarks/check_explanations.py --proxy [--queries 1500]
    JOBRISK_DATA_DIR=... python benchmarks/check_explanations.py --judged benchmarks/data/explanation_check.csv
    python benchmarks/check_explanations.py --report benchmarks/data/explanation_check.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np


def _model():
    from jobrisk.app.services import Services

    return Services().task_model


def proxy(n_queries: int, seed: int) -> None:
    from jobrisk.models.task_exposure import explanation as ex
    from jobrisk.models.task_exposure.neighbours import Query, Reference, nearest_parts

    model = _model()
    est, ref = model.estimator, model.reference
    reference = Reference(est.reference_words_, est.reference_vectors_, est.views("tasks"))
    view = ex._view(model)
    n_onet = len(ref["task"])
    dwas = {}
    for key, tokens in ref["dwa_by_key"].items():
        dwas[key] = {t for t in tokens.split() if t.startswith("D_")}
    from jobrisk.models.task_exposure.text import text_key

    task_dwas = [dwas.get(text_key(t), set()) for t in ref["task"]]
    codes = np.array(ref["onet_soc_code"])
    modern_codes = np.array(view.modern.onet_soc_code) if view.modern else np.array([], dtype=str)
    rng = np.random.default_rng(seed)
    pool = [i for i in range(n_onet) if task_dwas[i]]
    queries = rng.choice(pool, size=min(n_queries, len(pool)), replace=False)
    by_code: dict[str, list[int]] = {}
    for q in queries:
        by_code.setdefault(codes[q], []).append(int(q))
    words_all = est.featurizer_.words_
    sims_hits = []  # (similarity, passes test, same DWA) of every O*NET candidate
    before, after = [], []  # per query: same DWA of the first shown (None: none shown)
    for code, qs in by_code.items():
        allowed = np.concatenate([np.flatnonzero(codes != code), n_onet + np.flatnonzero(modern_codes != code)])
        if not view.modern:
            allowed = allowed[allowed < n_onet]
        texts = [ref["task"][q] for q in qs]
        query = Query(words_all.transform(texts), est.featurizer_.embed(texts))
        index, sims = nearest_parts(query, reference, ex.CANDIDATES, (allowed,))[0]
        for q, text, row, row_sims in zip(qs, texts, index, sims):
            mine, verb = view.test.telling(text), ex.first_stem(text)
            first_raw = next((j for j in row if j < n_onet), None)
            before.append(None if first_raw is None else bool(task_dwas[q] & task_dwas[first_raw]))
            shown = None
            for j, sim in zip(row.tolist(), row_sims.tolist()):
                if j >= n_onet:
                    continue  # modern tasks have no DWA links: the proxy cannot judge them
                passes = bool(view.test.shared(mine, verb, view.test.of_candidate("task", j, ref["task"][j])))
                same = bool(task_dwas[q] & task_dwas[j])
                sims_hits.append((sim, passes, same))
                if shown is None and passes and sim >= ex.SAME_WORK_FLOOR:
                    shown = same
            after.append(shown)
    _proxy_report(before, after, sims_hits)


def modern_proxy() -> None:
    """jobrisk's labelled modern tasks as queries (free text in today's words), each searched among
    the labelled tasks of other occupations; a shown task counts as the same kind of work when
    its occupation lies in the query's SOC minor group (15-12: computer occupations)."""
    from jobrisk.models.task_exposure import explanation as ex
    from jobrisk.models.task_exposure.neighbours import Query, Reference, nearest_parts

    model = _model()
    est, ref = model.estimator, model.reference
    reference = Reference(est.reference_words_, est.reference_vectors_, est.views("tasks"))
    view = ex._view(model)
    if view.modern is None:
        print("the model has no modern tasks")
        return
    m, n_onet = view.modern, len(ref["task"])
    codes = np.array(list(ref["onet_soc_code"]) + m.onet_soc_code)
    texts_all = list(ref["task"]) + m.task
    scored = model.score_texts(m.task)
    sims_hits, before, after = [], [], []
    for q, code in enumerate(m.onet_soc_code):
        score = scored[q]
        lookup = model.lookup_text(score.text) if score.forms else score.text
        allowed = np.flatnonzero(codes != code)
        query = Query(est.featurizer_.words_.transform([lookup]), est.featurizer_.embed([lookup]))
        index, sims = nearest_parts(query, reference, ex.CANDIDATES, (allowed,))[0]
        products = [t.meaning for t in score.terms]
        mine, verb = view.test.telling(score.text, [lookup], products), ex.first_stem(score.text)
        jargon = ref.get("jargon")
        shown = None
        for rank, (j, sim) in enumerate(zip(index[0].tolist(), sims[0].tolist())):
            same = codes[j][:4] == code[:4]
            if rank == 0:
                before.append(same)
            meanings = [t.meaning for t in jargon.translate(texts_all[j]).notes] if j >= n_onet and jargon else []
            passes = bool(view.test.shared(mine, verb, view.test.telling(texts_all[j], (), meanings)))
            sims_hits.append((sim, passes, same))
            if shown is None and passes and sim >= ex.SAME_WORK_FLOOR:
                shown = same
        after.append(shown)
    _proxy_report(before, after, sims_hits, "modern tasks as queries", "in the query's SOC minor group")


def _proxy_report(before, after, sims_hits, what="O*NET tasks as queries", same="sharing a DWA") -> None:
    def line(name, values):
        shown = [v for v in values if v is not None]
        share = len(shown) / len(values)
        right = sum(shown) / len(shown) if shown else float("nan")
        print(f"{name}: {len(values)} queries, one shown for {share:.1%}, of which {same} {right:.1%}")

    print(f"-- {what}")
    line("before (nearest labelled task of another occupation)", before)
    line("after (first that passes the same-work test)", after)
    arr = np.array(sims_hits, dtype=float)
    print(f"similarity bin | candidates passing the word test: n, share {same} | failing: n, share")
    for lo in np.arange(0.10, 0.70, 0.05):
        in_bin = (arr[:, 0] >= lo) & (arr[:, 0] < lo + 0.05)
        p, f = in_bin & (arr[:, 1] == 1), in_bin & (arr[:, 1] == 0)
        print(
            f"{lo:.2f}-{lo + 0.05:.2f} | {int(p.sum()):6d} {arr[p, 2].mean() if p.any() else float('nan'):.2f}"
            f" | {int(f.sum()):6d} {arr[f, 2].mean() if f.any() else float('nan'):.2f}"
        )


def judged(path: Path) -> None:
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    model = _model()
    explained = model.explain_texts([r["task"] for r in rows], k=3)
    for r, e in zip(rows, explained):
        first = e.neighbours[0] if e.neighbours else None
        where = "" if first is None else (" [jobrisk modern task]" if first.source == "modern" else " [O*NET]")
        r["after_first"] = "(none shown)" if first is None else first.task + where
        r.setdefault("after_same_work", "")
    columns = list(rows[0].keys())
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote the first shown task of {len(rows)} tasks to {path}; judge 'after_same_work' by hand")


def report(path: Path) -> None:
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    for when in ("before", "after"):
        marks = [r.get(f"{when}_same_work", "").strip().lower() for r in rows]
        none = sum(r.get(f"{when}_first", "") == "(none shown)" for r in rows)
        yes, no = marks.count("y"), marks.count("n")
        print(
            f"{when}: {len(rows)} tasks; first shown task about the same work {yes} ({yes / len(rows):.0%}), "
            f"about other work {no} ({no / len(rows):.0%}), none shown {none} ({none / len(rows):.0%})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proxy", action="store_true")
    parser.add_argument("--queries", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--judged", type=Path)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args(argv)
    if args.proxy:
        proxy(args.queries, args.seed)
        modern_proxy()
    if args.judged:
        judged(args.judged)
    if args.report:
        report(args.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
