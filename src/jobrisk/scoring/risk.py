"""The 0-100 risk score: how the four components combine, the bands, the uncertainty range.

Formula (exposure, automation, complementarity in 0-1; employment in jobs, from BLS)::

    substitution_share = exposure x (automation + (1 - automation) x (1 - complementarity))
    demand_factor      = employment_2024 / employment_2034          (1 without a projection)
    risk_score         = 100 x clip(substitution_share x demand_factor, 0, 1)

``substitution_share`` reads as "the share of this job's work time that AI could take over":
exposed work AI could do alone counts fully; exposed work AI only helps with counts in
proportion to how little the job's human advantage shields it; unexposed work does not count.
``demand_factor`` sets that work against the work the economy is projected to need: the score
is the work AI could take (in today's jobs) as a share of the jobs BLS projects for 2034. A
growing occupation absorbs part of it (factor < 1), a shrinking one has less room (factor > 1).
No weight is chosen: both factors are shares, the second is BLS's own projection.

Bands cut the score at ``ScoringParams.band_cutoffs`` (15 / 30 / 45 by default): Low means AI
could take over less than about a sixth of the work, Very high about half or more.
Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jobrisk.scoring.params import ScoringParams

BANDS = ("Low", "Moderate", "High", "Very high")
INSUFFICIENT_DATA = "Insufficient data"


@dataclass(frozen=True)
class RiskRange:
    """Central score and its uncertainty range (all 0-100).

    low / high: the extremes over the sensitivity variants (label source, smoothing, task
    weights), widened by one standard error of the task sampling noise.
    """

    score: float
    low: float
    high: float


def substitution_share(exposure: float, automation: float, complementarity: float) -> float:
    """Share of work time AI could take over (0-1)."""
    for name, value in (("exposure", exposure), ("automation", automation), ("complementarity", complementarity)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"substitution_share: {name} must be in [0, 1]; got {value!r}")
    return exposure * (automation + (1.0 - automation) * (1.0 - complementarity))


def demand_factor(projected_employment_ratio: float | None, params: ScoringParams) -> float:
    """Employment 2024 / employment 2034 (the inverse of BLS's projected ratio).

    ``projected_employment_ratio``: projected employment 2034 / 2024 (1.10 = 10 % growth).
    > 1 for shrinking demand, < 1 for growing demand; 1 when there is no projection or when
    ``params.projected_demand`` is off.
    """
    if projected_employment_ratio is None or not params.projected_demand:
        return 1.0
    if projected_employment_ratio <= 0.0:
        raise ValueError(f"demand_factor: projected_employment_ratio must be > 0; got {projected_employment_ratio!r}")
    return 1.0 / projected_employment_ratio


def risk_score(
    exposure: float,
    automation: float,
    complementarity: float,
    projected_employment_ratio: float | None,
    params: ScoringParams,
) -> float:
    """The 0-100 risk score from the components and BLS's projected employment ratio."""
    share = substitution_share(exposure, automation, complementarity)
    factor = demand_factor(projected_employment_ratio, params)
    return 100.0 * min(max(share * factor, 0.0), 1.0)


def risk_band(score: float | None, params: ScoringParams) -> str:
    """Low / Moderate / High / Very high by the documented cut-offs; 'Insufficient data' for None."""
    if score is None:
        return INSUFFICIENT_DATA
    low, mid, high = params.band_cutoffs
    if score < low:
        return BANDS[0]
    if score < mid:
        return BANDS[1]
    if score < high:
        return BANDS[2]
    return BANDS[3]


def risk_range(central: float, variant_scores: Iterable[float], standard_error_points: float) -> RiskRange:
    """The uncertainty range around ``central`` (0-100 each)."""
    values = [central, *variant_scores]
    low = min(values) - standard_error_points
    high = max(values) + standard_error_points
    return RiskRange(score=central, low=max(low, 0.0), high=min(high, 100.0))
