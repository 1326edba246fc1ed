"""Turn what a user typed (an O*NET-SOC code, a SOC code or a job title) into an occupation.

Codes are looked up directly. Titles go through the title coder; the result says which
occupation was chosen and why. When the coder is unsure, :class:`AmbiguousTitleError` carries
the candidates instead of a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jobrisk.catalog import Catalog
from jobrisk.errors import InputError, NotFoundError
from jobrisk.reports.occupation.model import (
    OccupationRef,
    TitleCandidate,
    TitleResolution,
)

ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC_CODE = re.compile(r"^\d{2}-\d{4}$")
CANDIDATES_SHOWN = 5
#: Below this title-coder confidence a matched title is flagged as uncertain in the report.
LOW_CONFIDENCE = 0.6


class AmbiguousTitleError(InputError):
    """A typed title matches several occupations about equally well; ``resolution`` lists them."""

    def __init__(self, resolution: TitleResolution):
        self.resolution = resolution
        options = "; ".join(f"{c.onet_soc_code} {c.title}" for c in resolution.candidates)
        super().__init__(f"Could not match {resolution.query!r} to one occupation confidently "
                         f"({resolution.reason}). Candidates: {options}. Pass one of these codes.")


def _candidates(match: Any, url: Callable[[str], str]) -> list[TitleCandidate]:
    out = []
    for c in list(getattr(match, "candidates", ()))[:CANDIDATES_SHOWN]:
        out.append(TitleCandidate(onet_soc_code=c.onet_soc_code, title=c.occupation_title,
                                  similarity=getattr(c, "similarity", None),
                                  reason=getattr(c, "reason", "") or f"matched title {c.matched_title!r}"))
    return out


def resolve_query(catalog: Catalog, query: str, title_coder: Callable[[], Any],
                  url: Callable[[str], str] = lambda code: f"/occupations/{code}",
                  ) -> tuple[str, TitleResolution | None]:
    """The O*NET-SOC code for ``query`` and, for a title, how it was chosen.

    ``title_coder`` is called only when ``query`` is not a code (loading the coder takes time).
    Raises NotFoundError for an unknown code or an unmatched title and AmbiguousTitleError when
    the coder is unsure.
    """
    text = query.strip()
    if not text:
        raise InputError("Give an occupation code (e.g. 15-2051.00) or a job title; got an empty string.")
    if ONET_CODE.match(text):
        catalog.occupation(text)  # raises NotFoundError
        return text, None
    if SOC_CODE.match(text):
        detailed = sorted(o.onet_soc_code for o in catalog.occupations() if o.soc_code == text)
        if not detailed:
            raise NotFoundError(f"No occupation with SOC code {text!r}")
        return detailed[0], None
    match = title_coder().code(text)
    status = str(getattr(match, "status", "unknown"))
    candidates = _candidates(match, url)
    if status == "matched" and match.onet_soc_code:
        title = match.title or catalog.occupation(match.onet_soc_code).title
        best = match.candidates[0] if match.candidates else None
        why = match.reason or (best.reason if best else "")
        reason = (f"We matched it to {title} ({match.onet_soc_code}) with confidence {match.confidence:.2f}"
                  + (f": {why}." if why else "."))
        if match.confidence < LOW_CONFIDENCE:
            reason += " This is a low-confidence match: check the other candidates."
        return match.onet_soc_code, TitleResolution(
            query=text, status=status,
            chosen=OccupationRef(onet_soc_code=match.onet_soc_code, title=title, url=url(match.onet_soc_code)),
            confidence=match.confidence, reason=reason, candidates=candidates[1:4])
    if status == "uncertain" and candidates:
        raise AmbiguousTitleError(TitleResolution(
            query=text, status=status, chosen=None, confidence=getattr(match, "confidence", None),
            reason=match.reason or "the best candidates are too close to call", candidates=candidates))
    raise NotFoundError(f"No occupation matches the title {text!r}"
                        + (f" ({match.reason})" if getattr(match, "reason", "") else "")
                        + ". Try a more common title or an O*NET-SOC code.")
