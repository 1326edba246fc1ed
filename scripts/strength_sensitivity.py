"""How much the reports' human-strength wording depends on its threshold.

A report names an occupation's human strengths, and says what "shields the job", when the
occupation relies on them more than STRONG_STRENGTH (0.7) of occupations do; otherwise it names
its two strongest as "modest" (``jobrisk.reports.occupation.strengths``). This prints, for the
threshold moved by -0.05 and +0.05, how many occupations switch wording and how many name a
different list of strengths.

Usage: .venv/bin/python scripts/strength_sensitivity.py [--data-dir DIR]   (needs `jobrisk build`)
"""

from __future__ import annotations

import argparse

from jobrisk.app.services import Services
from jobrisk.reports.occupation.context import ReportContext
from jobrisk.reports.occupation.strengths import STRONG_STRENGTH, strength_readings, threshold_sensitivity
from jobrisk.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--delta", type=float, nargs="+", default=[-0.05, 0.05])
    args = parser.parse_args()
    services = Services(Settings.load(data_dir=args.data_dir))
    ctx = ReportContext.build(services.catalog, services.scorebook)
    readings = {code: strength_readings(code, ctx.ratings, ctx.strength_tables, ctx.all_element_names)
                for code in ctx.occupations}
    strong = sum(1 for r in readings.values() if r and r[0].percentile >= STRONG_STRENGTH)
    rated = sum(1 for r in readings.values() if r)
    print(f"occupations with strength readings: {rated} of {len(readings)}; "
          f"named as strong at {STRONG_STRENGTH:.2f}: {strong} ({100 * strong / rated:.1f}%)")
    print("| threshold | occupations | wording changes | named strengths change |")
    print("|---|---|---|---|")
    for shift in threshold_sensitivity(readings, deltas=args.delta):
        print(f"| {shift.threshold:.2f} | {shift.occupations} | {shift.wording_changed} "
              f"({100 * shift.wording_changed / shift.occupations:.1f}%) | {shift.names_changed} "
              f"({100 * shift.names_changed / shift.occupations:.1f}%) |")


if __name__ == "__main__":
    main()
