"""How the career-move thresholds read on our similarity measure (the figures in docs/career-audit.md).

Usage::

    .venv/bin/python benchmarks/eval_transitions.py --data-dir DIR

For every pair of scored occupations, the equal-weight four-facet similarity of
:mod:`jobrisk.scoring.transitions`; printed: the share of all pairs, and of O*NET's own "related
occupations" (a list made by O*NET from its own data, independent of ours), at or above the
viable (0.30) and highly viable (0.40) cut-offs; then, with every occupation as the starting
point (its own pay and score), how many moves pass all screens. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

import numpy as np

from jobrisk.app.transition_space import transition_space_for
from jobrisk.catalog import Catalog
from jobrisk.app.scoring_inputs import score_catalog
from jobrisk.scoring.transitions import find_transitions, occupation_origin
from jobrisk.scoring.transition_types import DEFAULT_SCREENS, FACETS
from jobrisk.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings.load(data_dir=args.data_dir)
    catalog = Catalog.open(settings.catalog_path)
    scorebook = score_catalog(catalog)
    space = transition_space_for(catalog, scorebook)
    n = len(space.codes)
    stacked = []
    for name in FACETS:
        facet = space.facet(name)
        sims = np.clip(facet.vectors @ facet.vectors.T, 0.0, 1.0)
        sims[~facet.present, :] = np.nan
        sims[:, ~facet.present] = np.nan
        stacked.append(sims)
    values = np.stack(stacked)
    counts = (~np.isnan(values)).sum(axis=0)
    overall = np.where(counts >= DEFAULT_SCREENS.min_facets, np.nansum(values, axis=0) / np.maximum(counts, 1), np.nan)
    upper = overall[np.triu_indices(n, 1)]
    upper = upper[~np.isnan(upper)]
    print(f"{n} occupations, {len(upper):,} pairs with >= {DEFAULT_SCREENS.min_facets} shared facets")
    print(
        f"all pairs: median similarity {np.median(upper):.2f}; >= 0.30: {np.mean(upper >= 0.30):.1%}; "
        f">= 0.40: {np.mean(upper >= 0.40):.1%}"
    )
    for tier in ("Primary-Short", "Primary-Long", "Supplemental"):
        pairs = []
        for code in space.codes:
            for rel in catalog.related_occupations(code):
                if rel.tier == tier and (j := space.row(rel.onet_soc_code)) is not None:
                    value = overall[space.row(code), j]
                    if not np.isnan(value):
                        pairs.append(value)
        arr = np.array(pairs)
        print(
            f"O*NET related occupations ({tier}, {len(arr):,} pairs): median {np.median(arr):.2f}; "
            f">= 0.30: {np.mean(arr >= 0.30):.1%}; >= 0.40: {np.mean(arr >= 0.40):.1%}"
        )
    moves, with_move = [], 0
    for code, dest in zip(space.codes, space.destinations):
        origin = occupation_origin(
            space,
            code,
            job_zone=dest.job_zone,
            annual_pay_usd=dest.median_wage_usd,
            risk=(dest.risk_score, dest.risk_low, dest.risk_high),
        )
        found = len(find_transitions(origin, space, limit=1000).moves)
        moves.append(found)
        with_move += found > 0
    print(
        f"moves passing every screen per occupation: median {statistics.median(moves):.0f}; "
        f"occupations with at least one: {with_move} of {n} ({with_move / n:.0%})"
    )


if __name__ == "__main__":
    main()
