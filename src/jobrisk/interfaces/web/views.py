"""The occupation directory behind browse, compare and the list API.

:class:`OccupationDirectory` joins every occupation's score (from the scorebook) with its
labour-market facts (from the catalog) once, into :class:`OccupationRow` objects, and answers
filtered, sorted, paginated queries from memory. While the scorebook is unavailable the rows
carry no scores and :attr:`OccupationDirectory.notice` says why.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any, Iterable
from urllib.parse import urlencode

from jobrisk.errors import InputError, JobriskError, NotFoundError
from jobrisk.interfaces.web import scores
from jobrisk.interfaces.web.schemas import CompareResult, MajorGroup, OccupationPage, OccupationRow, PageLinks
from jobrisk.app.services import RETRY_AFTER_S, Services

SORT_KEYS = {
    "risk_score": "AI risk score",
    "title": "Title",
    "exposure": "Exposure",
    "automation": "Automation",
    "annual_median_wage_usd": "Median wage",
    "employment": "Employment",
    "employment_change_pct": "Projected growth",
    "onet_soc_code": "Code",
}
MAX_PER_PAGE = 200
MIN_COMPARE, MAX_COMPARE = 2, 3


def occupation_url(code: str) -> str:
    return f"/occupations/{code}"


def occupation_api_url(code: str) -> str:
    return f"/api/v1/occupations/{code}"


class OccupationDirectory:
    """Every occupation as an :class:`OccupationRow`, built once from the loaded services."""

    def __init__(self, services: Services):
        self.services = services
        self._rows: list[OccupationRow] | None = None
        self._by_code: dict[str, OccupationRow] = {}
        self._groups: dict[str, str] = {}
        self.notice: str | None = None
        self._built_at = 0.0
        self._points: dict[str, list[OccupationRow]] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ building
    def rows(self) -> list[OccupationRow]:
        if self._rows is None or self._stale():
            with self._lock:
                if self._rows is None or self._stale():
                    self.notice = None
                    rows = self._build()
                    self._by_code = {r.onet_soc_code: r for r in rows}
                    self._rows, self._built_at = rows, time.monotonic()
        return self._rows

    def _stale(self) -> bool:
        """Rows built without scores are rebuilt once the scorebook may have become available."""
        return self.notice is not None and time.monotonic() - self._built_at > RETRY_AFTER_S

    def _build(self) -> list[OccupationRow]:
        services = self.services
        catalog = services.catalog
        try:
            scorebook = services.scorebook
        except JobriskError as exc:
            scorebook = None
            self.notice = f"AI risk scores are not available yet: {exc}"
        with services.catalog_lock:
            self._groups = catalog.major_groups()
            occupations = catalog.occupations()
            wages = {o.soc_code: catalog.wage(o.soc_code) for o in occupations}
            projections = {o.soc_code: catalog.projection(o.soc_code) for o in occupations}
        rows = []
        for occ in occupations:
            fields = (
                scores.score_fields(scores.lookup(scorebook, occ.onet_soc_code))
                if scorebook is not None
                else {"score_status": "unavailable"}
            )
            wage, projection = wages.get(occ.soc_code), projections.get(occ.soc_code)
            median = wage.annual_median_usd if wage else None
            if median is None and projection is not None:
                median = projection.median_wage_2024_usd
            rows.append(
                OccupationRow(
                    onet_soc_code=occ.onet_soc_code,
                    title=occ.title,
                    major_group=occ.major_group,
                    major_group_title=self._groups.get(occ.major_group),
                    job_zone=occ.job_zone,
                    annual_median_wage_usd=median,
                    employment=wage.employment if wage else None,
                    employment_change_pct=projection.change_pct if projection else None,
                    url=occupation_url(occ.onet_soc_code),
                    api_url=occupation_api_url(occ.onet_soc_code),
                    **fields,
                )
            )
        return rows

    # ------------------------------------------------------------------ lookups
    def row(self, code: str) -> OccupationRow:
        self.rows()
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFoundError(f"No occupation with O*NET-SOC code {code!r}") from None

    def major_groups(self) -> list[MajorGroup]:
        counts: dict[str, int] = {}
        for r in self.rows():
            counts[r.major_group] = counts.get(r.major_group, 0) + 1
        return [
            MajorGroup(major_group=g, title=self._groups.get(g, g), occupations=n) for g, n in sorted(counts.items())
        ]

    def bands(self) -> list[str]:
        """Band names in order of rising risk."""
        lowest: dict[str, float] = {}
        for r in self.rows():
            if r.band is not None and r.risk_score is not None:
                lowest[r.band] = min(lowest.get(r.band, 101.0), r.risk_score)
        return sorted(lowest, key=lowest.__getitem__)

    def scatter_points(self, y_field: str) -> list[OccupationRow]:
        """Occupations with an exposure and a value for ``y_field``: the points of scatter charts."""
        cached = self._points.get(y_field)
        if cached is not None:
            return cached
        points = [r for r in self.rows() if r.exposure is not None and getattr(r, y_field) is not None]
        if self.notice is None:  # kept once the scores are in
            self._points[y_field] = points
        return points

    # ------------------------------------------------------------------ queries
    def filtered(
        self, *, major_group: str | None = None, band: str | None = None, q: str | None = None
    ) -> list[OccupationRow]:
        rows: Iterable[OccupationRow] = self.rows()
        if major_group:
            rows = [r for r in rows if r.major_group == major_group]
        if band:
            wanted = band.strip().lower()
            rows = [r for r in rows if (r.band or "").lower() == wanted]
        if q:
            needle = q.strip().lower()
            rows = [r for r in rows if needle in r.title.lower() or r.onet_soc_code.startswith(needle)]
        return list(rows)

    def page(
        self,
        *,
        page: int = 1,
        per_page: int = 50,
        sort: str = "risk_score",
        order: str | None = None,
        major_group: str | None = None,
        band: str | None = None,
        q: str | None = None,
        base_path: str = "/api/v1/occupations",
    ) -> OccupationPage:
        if sort not in SORT_KEYS:
            raise InputError(f"sort must be one of {', '.join(SORT_KEYS)}; got {sort!r}")
        order = order or ("asc" if sort in ("title", "onet_soc_code") else "desc")
        if order not in ("asc", "desc"):
            raise InputError(f"order must be 'asc' or 'desc'; got {order!r}")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise InputError(f"per_page must be between 1 and {MAX_PER_PAGE}; got {per_page}")
        if page < 1:
            raise InputError(f"page must be 1 or more; got {page}")
        rows = sort_rows(self.filtered(major_group=major_group, band=band, q=q), sort, order)
        total = len(rows)
        pages = max(1, math.ceil(total / per_page))
        items = rows[(page - 1) * per_page : page * per_page]
        params = {
            k: v
            for k, v in (
                ("sort", sort),
                ("order", order),
                ("per_page", per_page),
                ("major_group", major_group),
                ("band", band),
                ("q", q),
            )
            if v
        }

        def link(p: int) -> str:
            return f"{base_path}?{urlencode({**params, 'page': p})}"

        return OccupationPage(
            items=items,
            page=page,
            per_page=per_page,
            total=total,
            pages=pages,
            sort=sort,
            order=order,
            notice=self.notice,
            links=PageLinks(
                self=link(page),
                next=link(page + 1) if page < pages else None,
                prev=link(page - 1) if page > 1 else None,
            ),
        )

    def compare(self, codes: list[str], *, repeats_allowed: bool = True) -> CompareResult:
        """Two or three occupations side by side; a repeated code counts once (the page), or is
        refused when ``repeats_allowed`` is False (the API, whose schema says so)."""
        given = [c.strip() for c in codes if c.strip()]
        unique = list(dict.fromkeys(given))
        if not repeats_allowed and len(unique) < len(given):
            repeated = next(c for c in unique if given.count(c) > 1)
            raise InputError(f"Compare takes different occupation codes; {repeated} is given more than once.")
        if not MIN_COMPARE <= len(unique) <= MAX_COMPARE:
            raise InputError(
                f"Compare takes {MIN_COMPARE} or {MAX_COMPARE} different occupation codes; got {len(unique)}."
            )
        return CompareResult(occupations=[self.row(c) for c in unique], notice=self.notice)


def parse_codes(raw: str | list[str] | None) -> list[str]:
    """Codes from ``a,b,c`` and/or repeated parameters."""
    if raw is None:
        return []
    parts = raw if isinstance(raw, list) else [raw]
    return [c for p in parts for c in p.split(",") if c.strip()]


def sort_rows(rows: list[OccupationRow], sort: str, order: str) -> list[OccupationRow]:
    """Sort by ``sort``; rows without a value come last in either order."""
    present = [r for r in rows if getattr(r, sort) is not None]
    missing = [r for r in rows if getattr(r, sort) is None]
    key: Any = (lambda r: getattr(r, sort).lower()) if sort == "title" else (lambda r: getattr(r, sort))
    present.sort(key=lambda r: r.title.lower())
    present.sort(key=key, reverse=(order == "desc"))
    return present + sorted(missing, key=lambda r: r.title.lower())
