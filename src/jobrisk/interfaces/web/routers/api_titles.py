"""JSON API for job titles: search (title -> occupation) and autocomplete suggestions.

Both call the one title lookup (:mod:`jobrisk.app.title_lookup`), so the first suggestion is
what the search opens. While the title coder is unavailable, a plain word match on occupation
titles answers instead, and the result's ``reason`` says so.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Query

from jobrisk.app.title_lookup import search_title
from jobrisk.app.title_lookup import suggest_titles as app_suggest_titles
from jobrisk.errors import JobriskError
from jobrisk.interfaces.web.deps import get_directory, get_services
from jobrisk.interfaces.web.errors import ERROR_RESPONSES
from jobrisk.interfaces.web.schemas import TitleCandidate, TitleSearchResult, TitleSuggestion, TitleSuggestions
from jobrisk.interfaces.web.views import OccupationDirectory, occupation_url
from jobrisk.app.services import Services

router = APIRouter(prefix="/api/v1/titles", tags=["titles"])

MAX_TITLE_CHARS = 200


def search_titles(services: Services, directory: OccupationDirectory, q: str, limit: int = 5) -> TitleSearchResult:
    """Match a typed job title to occupations (:func:`jobrisk.app.title_lookup.search_title`,
    or a plain word match while the title coder is unavailable)."""
    try:
        coder = services.title_coder
    except JobriskError as exc:
        return _fallback_search(directory, q, limit, str(exc))
    match = search_title(coder, q)
    code = match.onet_soc_code
    candidates = [
        TitleCandidate(**asdict(c), url=occupation_url(c.onet_soc_code)) for c in list(match.candidates)[:limit]
    ]
    return TitleSearchResult(
        input_title=q,
        cleaned_title=match.cleaned_title,
        status=match.status,
        onet_soc_code=code,
        title=match.title,
        confidence=float(match.confidence),
        reason=match.reason,
        url=occupation_url(code) if code else None,
        candidates=candidates,
    )


def suggest_titles(services: Services, directory: OccupationDirectory, q: str, limit: int = 8) -> TitleSuggestions:
    """Autocomplete (:func:`jobrisk.app.title_lookup.suggest_titles`): the first suggestion is
    the occupation the search opens for the same text."""
    try:
        coder = services.title_coder
    except JobriskError:
        found = _fallback_rows(directory, q, limit)
        return TitleSuggestions(
            query=q,
            suggestions=[
                TitleSuggestion(label=r.title, onet_soc_code=r.onet_soc_code, occupation_title=r.title, url=r.url)
                for r in found
            ],
        )
    return TitleSuggestions(
        query=q,
        suggestions=[
            TitleSuggestion(
                label=s.label,
                onet_soc_code=s.onet_soc_code,
                occupation_title=s.occupation_title,
                url=occupation_url(s.onet_soc_code),
            )
            for s in app_suggest_titles(coder, q, limit)
        ],
    )


def _fallback_rows(directory: OccupationDirectory, q: str, limit: int) -> list[Any]:
    words = [w for w in q.lower().split() if w]
    if not words:
        return []
    rows = [r for r in directory.rows() if all(w in r.title.lower() for w in words)]
    rows.sort(key=lambda r: (not r.title.lower().startswith(words[0]), len(r.title)))
    return rows[:limit]


def _fallback_search(directory: OccupationDirectory, q: str, limit: int, why: str) -> TitleSearchResult:
    rows = _fallback_rows(directory, q, limit)
    candidates = [
        TitleCandidate(
            onet_soc_code=r.onet_soc_code,
            occupation_title=r.title,
            matched_title=r.title,
            match_kind="words",
            url=r.url,
        )
        for r in rows
    ]
    reason = f"Matched by title words only: {why}"
    return TitleSearchResult(
        input_title=q, status="uncertain" if rows else "unknown", reason=reason, candidates=candidates
    )


@router.get(
    "/search", response_model=TitleSearchResult, summary="Match a job title to occupations", responses=ERROR_RESPONSES
)
def search(
    q: str = Query(
        ...,
        min_length=1,
        max_length=MAX_TITLE_CHARS,
        description="A job title as people write it",
        examples=["data scientist"],
    ),
    limit: int = Query(5, ge=1, le=20, description="How many candidates to return"),
    services: Services = Depends(get_services),
    directory: OccupationDirectory = Depends(get_directory),
) -> TitleSearchResult:
    return search_titles(services, directory, q, limit)


@router.get("/suggest", response_model=TitleSuggestions, summary="Autocomplete job titles", responses=ERROR_RESPONSES)
def suggest(
    q: str = Query(..., max_length=MAX_TITLE_CHARS, description="The start of a job title"),
    limit: int = Query(8, ge=1, le=20),
    services: Services = Depends(get_services),
    directory: OccupationDirectory = Depends(get_directory),
) -> TitleSuggestions:
    return suggest_titles(services, directory, q, limit)
