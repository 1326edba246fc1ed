"""Title lookup use case: one lookup for autocomplete, the search page, the API and the CLI.

:func:`search_title` codes a typed title with the title coder (the same call for the search
page, ``/api/v1/titles/search``, ``jobrisk titles search`` and ``jobrisk report "TITLE"``);
:func:`suggest_titles` completes a partly typed title and puts the occupation that submitting
the same text would open first, so the first suggestion and the search never disagree ("ML
engineer" opens one occupation, whichever way it is entered).
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

    suggestions = list(coder.suggest(query, limit=limit))
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
