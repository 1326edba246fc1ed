"""The coder's last step: a ranked candidate list becomes a match, an uncertain answer or an
unknown title.

A first candidate at or above the re-ranker's threshold is a match. Below it the answer is
uncertain, with the narrowest SOC group the leading candidates share (hierarchical back-off) and
the best guess named in the reason. A bare generic title ("Specialist") is never coded
confidently.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobrisk.models.title_coder.context import TitleContext, soc_group
from jobrisk.models.title_coder.matches import Candidate, TitleMatch

GENERIC_CAP = 0.3  # a bare generic title ("Specialist") is never coded confidently
BACK_OFF_LEAD = 3  # the leading candidates whose shared SOC group an uncertain answer names


def decide(
    title: str,
    cleaned: str,
    cands: list[Candidate],
    confidence: float,
    threshold: float,
    major_groups: dict[str, str],
    context: TitleContext | None = None,
) -> TitleMatch:
    """The match for ``title`` (cleaned to ``cleaned``) from its ranked candidates."""
    if not cands:
        return TitleMatch(title, cleaned, "unknown", None, None, 0.0, (), reason="no O*NET title resembles this title")
    best = cands[0]
    confidence = round(float(confidence), 4)
    generic = context is not None and context.generic
    if generic:
        confidence = min(confidence, GENERIC_CAP)
    if confidence >= threshold:
        return TitleMatch(
            title, cleaned, "matched", best.onet_soc_code, best.occupation_title, confidence, tuple(cands)
        )
    group, group_title = broad_group(cands, major_groups)
    why = (
        f"'{cleaned}' alone names a kind of job, not one; add words or a department"
        if generic
        else f"not sure (confidence {confidence:.2f})"
    )
    hint = f"; all leading candidates are {group_title}" if group else ""
    return TitleMatch(
        title,
        cleaned,
        "uncertain",
        None,
        None,
        confidence,
        tuple(cands),
        reason=f"{why}{hint}; did you mean {best.occupation_title}?",
        broad_group=group,
        broad_group_title=group_title,
    )


def broad_group(cands: Sequence[Candidate], major_groups: dict[str, str]) -> tuple[str | None, str | None]:
    """The narrowest SOC group shared by the leading candidates (hierarchical back-off)."""
    return soc_group([(c.onet_soc_code, c.occupation_title) for c in cands[:BACK_OFF_LEAD]], major_groups)
