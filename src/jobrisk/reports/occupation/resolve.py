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
from jobrisk.reports.occupation.model import OccupationRef, TitleCandidate, TitleResolution

ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC_CODE = re.compile(r"^\d{2}-\d{4}$")
CANDIDATES_SHOWN = 5
#: At or above this title-coder confidence a matched title goes straight to its report.
LOW_CONFIDENCE = 0.6
#: A candidate is offered only when it matched by an O*NET title or alias, or at least this closely.
PLAUSIBLE_SIMILARITY = 0.6

Url = Callable[[str], str]


class AmbiguousTitleError(InputError):
    """A typed title matches several occupations about equally well; ``resolution`` lists them."""

    def __init__(self, resolution: TitleResolution):
        self.resolution = resolution
        options = "; ".join(f"{c.onet_soc_code} {c.title}" for c in resolution.candidates)
        super().__init__(
            f"Could not match {resolution.query!r} to one occupation confidently. "
            f"Candidates: {options}. Pass one of these codes."
        )
        self.details = [
            {"onet_soc_code": c.onet_soc_code, "title": c.title, "reason": c.reason} for c in resolution.candidates
        ]


def plain_reason(candidate: Any, query: str) -> str:
    """Why a candidate matched, in words a reader understands (no internal match kinds)."""
    kind = getattr(candidate, "match_kind", "")
    matched = getattr(candidate, "matched_title", "") or candidate.occupation_title
    if kind == "alias":
        return f"\u201c{query}\u201d is a common name for work in this occupation"
    if kind == "exact":
        return f"\u201c{matched}\u201d is one of O*NET's titles for this occupation"
    if kind == "fuzzy":
        return f"spelled like O*NET's title \u201c{matched}\u201d"
    if kind == "semantic":
        return f"close in meaning to O*NET's title \u201c{matched}\u201d"
    if kind == "duties":
        return "its duties match the words you typed"
    return f"close to O*NET's title \u201c{matched}\u201d"


def plausible(candidate: Any) -> bool:
    return (
        getattr(candidate, "match_kind", "") in ("exact", "alias")
        or (getattr(candidate, "similarity", 0.0) or 0.0) >= PLAUSIBLE_SIMILARITY
    )


def _candidates(match: Any, query: str, url: Url, skip: str | None = None) -> list[TitleCandidate]:
    out: list[TitleCandidate] = []
    for c in list(getattr(match, "candidates", ())):
        if c.onet_soc_code == skip or not plausible(c) or any(o.onet_soc_code == c.onet_soc_code for o in out):
            continue
        out.append(
            TitleCandidate(
                onet_soc_code=c.onet_soc_code,
                title=c.occupation_title,
                similarity=getattr(c, "similarity", None),
                reason=plain_reason(c, query),
                url=url(c.onet_soc_code),
            )
        )
        if len(out) >= CANDIDATES_SHOWN:
            break
    return out


def confident(match: Any) -> bool:
    """True when the coder's best match is sure enough to open its report directly."""
    return (
        str(getattr(match, "status", "")) == "matched"
        and bool(getattr(match, "onet_soc_code", None))
        and (getattr(match, "confidence", 0.0) or 0.0) >= LOW_CONFIDENCE
    )


def title_resolution(
    catalog: Catalog, match: Any, query: str, url: Url, chosen_code: str | None = None
) -> TitleResolution:
    """How ``query`` reached ``chosen_code`` (default: the coder's best match), with the other
    plausible candidates; ``picked`` is set when the reader chose a candidate other than the best."""
    best = getattr(match, "onet_soc_code", None) if confident(match) else None
    code = chosen_code or best
    if code is None:
        return TitleResolution(
            query=query,
            status=str(getattr(match, "status", "unknown")),
            chosen=None,
            picked=False,
            confidence=getattr(match, "confidence", None),
            reason=f"We could not match \u201c{query}\u201d to one occupation confidently.",
            candidates=_candidates(match, query, url),
        )
    title = catalog.occupation(code).title
    picked = code != best
    found = next((c for c in getattr(match, "candidates", ()) if c.onet_soc_code == code), None)
    why = plain_reason(found, query) if found is not None else None
    if picked:
        reason = f"You chose {title} for \u201c{query}\u201d" + (f": {why}." if why else ".")
    else:
        reason = (
            f"We matched \u201c{query}\u201d to {title}"
            + (f": {why}" if why else "")
            + f" (confidence {match.confidence * 100:.0f}%)."
        )
    return TitleResolution(
        query=query,
        status=str(getattr(match, "status", "matched")),
        chosen=OccupationRef(onet_soc_code=code, title=title, url=url(code)),
        confidence=getattr(match, "confidence", None),
        reason=reason,
        candidates=_candidates(match, query, url, skip=code)[:3],
        picked=picked,
    )


def resolve_query(
    catalog: Catalog, query: str, title_coder: Callable[[], Any], url: Url = lambda code: f"/occupations/{code}"
) -> tuple[str, TitleResolution | None]:
    """The O*NET-SOC code for ``query`` and, for a title, how it was chosen.

    ``title_coder`` is called only when ``query`` is not a code (loading the coder takes time).
    Raises NotFoundError for an unknown code or an unmatched title and AmbiguousTitleError when
    the coder is unsure but has plausible candidates.
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
    resolution = title_resolution(catalog, match, text, url)
    if resolution.chosen is not None:
        return resolution.chosen.onet_soc_code, resolution
    if resolution.candidates:
        raise AmbiguousTitleError(resolution)
    raise NotFoundError(
        f"No occupation matches the title {text!r}. Try a more common title, browse the "
        "occupations, or give an O*NET-SOC code."
    )
