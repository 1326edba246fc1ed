"""Title lookup use case: one lookup for autocomplete, the search page, the API and the CLI.

:func:`search_title` codes a typed title with the title coder (the same call for the search
page, ``/api/v1/titles/search``, ``jobrisk titles search`` and ``jobrisk report "TITLE"``);
:func:`suggest_titles` completes a partly typed title and puts the occupation that submitting
the same text would open first, so the first suggestion and the search never disagree ("ML
engineer" opens one occupation, whichever way it is entered); every other suggestion opens what
submitting its own words would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobrisk.models.title_coder import TitleCoder
    from jobrisk.models.title_coder.autocomplete import Suggestion
    from jobrisk.models.title_coder.coder import TitleMatch


def search_title(coder: TitleCoder, query: str) -> TitleMatch:
    """The occupation a typed title opens (``onet_soc_code`` None when the coder abstains) and
    its ranked candidates."""
    return coder.code(query)


def suggest_titles(coder: TitleCoder, query: str, limit: int = 8) -> list[Suggestion]:
    """Up to ``limit`` suggestions for a partly typed title; when the text as typed already
    opens an occupation, that occupation comes first."""
    from jobrisk.models.title_coder.autocomplete import Suggestion

    suggestions = _as_coded(coder, list(coder.suggest(query, limit=limit)))
    if not query.strip():
        return suggestions[:limit]
    match = search_title(coder, query)
    code = match.onet_soc_code
    if code is None or match.status != "matched":
        return suggestions[:limit]
    same = [s for s in suggestions if s.onet_soc_code == code]
    first = (
        same[0]
        if same
        else Suggestion(label=match.title or code, onet_soc_code=code, occupation_title=match.title or code)
    )
    return [first, *[s for s in suggestions if s is not first]][:limit]


def _as_coded(coder: TitleCoder, suggestions: list[Suggestion]) -> list[Suggestion]:
    """Each suggestion opens what submitting its own words opens: a title O*NET lists under
    several occupations ("Machine Learning Engineer") is offered with the one the coder gives it,
    not the occupation of whichever listing the completion found first; repeats are dropped."""
    from jobrisk.models.title_coder.autocomplete import Suggestion

    out: list[Suggestion] = []
    seen: set[tuple[str, str]] = set()
    for s in suggestions:
        match = coder.code(s.label)
        if match.status == "matched" and match.onet_soc_code and match.onet_soc_code != s.onet_soc_code:
            s = Suggestion(
                label=s.label, onet_soc_code=match.onet_soc_code, occupation_title=match.title or match.onet_soc_code
            )
        if (s.label, s.onet_soc_code) not in seen:
            seen.add((s.label, s.onet_soc_code))
            out.append(s)
    return out
