"""Component 4 — labour-market outlook from the BLS Employment Projections 2024-2034.

Two BLS figures per SOC occupation: the projected employment change (%) and the annual
openings (growth plus replacement of workers who leave) relative to 2024 employment. Each is
read as its percentile among all projected occupations (mid-rank, so ties share a rank), and the
outlook is their mean: 0 = weakest demand among occupations, 0.5 = median, 1 = strongest.
Percentiles avoid choosing a scale for "how much growth is a lot". The outlook is shown to users
as context; what enters the risk score is the projected employment ratio 2034 / 2024
(:attr:`LabourMarketOutlook.projected_employment_ratio`, see :func:`jobrisk.scoring.risk.demand_factor`).
Pure functions, no I/O.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jobrisk.catalog.types import Projection


@dataclass(frozen=True)
class OutlookReference:
    """Sorted distributions of the two BLS figures over all projected occupations."""

    change_pcts: tuple[float, ...]
    openings_rates_pct: tuple[float, ...]


@dataclass(frozen=True)
class LabourMarketOutlook:
    """The outlook (0-1, higher = stronger demand) and the BLS figures behind it."""

    outlook: float
    soc_code: str
    projection_title: str
    change_pct: float
    openings_per_year_thousands: float
    openings_rate_pct: float
    employment_2024_thousands: float
    employment_2034_thousands: float | None
    change_percentile: float
    openings_percentile: float

    @property
    def value(self) -> float:
        return self.outlook

    @property
    def projected_employment_ratio(self) -> float:
        """Projected employment 2034 / 2024 (1.10 = 10 % more jobs), from BLS's percent change.

        BLS computes the percent change from unrounded employment; the published levels are
        rounded to 100 jobs, which distorts the ratio of small occupations (0.2k -> 0.2k for a
        -17.5 % change), so the ratio is read from the percent change.
        """
        return 1.0 + self.change_pct / 100.0


def openings_rate_pct(projection: Projection) -> float | None:
    """Annual openings as a percentage of 2024 employment; None when BLS gives no figure."""
    employment = projection.employment_2024_thousands
    openings = projection.openings_per_year_thousands
    if employment is None or openings is None or employment <= 0:
        return None
    return 100.0 * openings / employment


def outlook_reference(projections: Iterable[Projection]) -> OutlookReference:
    """The distributions every occupation's figures are ranked against."""
    changes, rates = [], []
    for projection in projections:
        rate = openings_rate_pct(projection)
        if projection.change_pct is not None and rate is not None:
            changes.append(projection.change_pct)
            rates.append(rate)
    return OutlookReference(tuple(sorted(changes)), tuple(sorted(rates)))


def percentile_rank(value: float, ordered: Sequence[float]) -> float:
    """Mid-rank percentile (0-1) of ``value`` within the sorted ``ordered``."""
    if not ordered:
        raise ValueError("percentile_rank needs a non-empty reference distribution")
    below = bisect_left(ordered, value)
    equal = bisect_right(ordered, value) - below
    return (below + 0.5 * equal) / len(ordered)


def labour_market_outlook(projection: Projection | None, reference: OutlookReference) -> LabourMarketOutlook | None:
    """The occupation's outlook; None when BLS projects no change or openings for it."""
    if projection is None or projection.change_pct is None or projection.change_pct <= -100.0:
        return None
    rate = openings_rate_pct(projection)
    if rate is None or not reference.change_pcts:
        return None
    change_p = percentile_rank(projection.change_pct, reference.change_pcts)
    openings_p = percentile_rank(rate, reference.openings_rates_pct)
    return LabourMarketOutlook(
        outlook=(change_p + openings_p) / 2.0,
        soc_code=projection.soc_code,
        projection_title=projection.title,
        change_pct=projection.change_pct,
        openings_per_year_thousands=float(projection.openings_per_year_thousands or 0.0),
        openings_rate_pct=rate,
        employment_2024_thousands=float(projection.employment_2024_thousands or 0.0),
        employment_2034_thousands=projection.employment_2034_thousands,
        change_percentile=change_p,
        openings_percentile=openings_p,
    )
