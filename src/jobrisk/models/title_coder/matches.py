"""What the title coder answers: a :class:`TitleMatch` per typed title, with its ranked
:class:`Candidate` occupations (shared by the coder, its fast paths and its re-ranker path)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    onet_soc_code: str
    occupation_title: str
    matched_title: str  # the O*NET title (or alias) that matched
    match_kind: str  # exact | alias | fuzzy | semantic | duties
    similarity: float  # 0-1
    reason: str


@dataclass(frozen=True)
class TitleMatch:
    input_title: str
    cleaned_title: str
    status: str  # matched | uncertain | unknown
    onet_soc_code: str | None
    title: str | None  # occupation title of onet_soc_code
    confidence: float  # 0-1: probability the best candidate is right
    candidates: tuple[Candidate, ...]
    reason: str = ""
    #: hierarchical back-off: when no single occupation is sure but the leading candidates share
    #: a SOC group, that group ("29-1140" broad, "29-1000" minor, "29-0000" major) and its name
    broad_group: str | None = None
    broad_group_title: str | None = None
