"""Candidates for the title coder's fast paths (curated alias, same words as an O*NET title,
rule readings): the occupations sharing the title, ordered by a tempered workforce posterior,
and runner-ups by word TF-IDF so the user always sees alternatives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jobrisk.models.title_coder.matches import Candidate
from jobrisk.models.title_coder.structure import TitleContext

if TYPE_CHECKING:
    from jobrisk.models.title_coder.coder import TitleCoder

EXACT_CONFIDENCE = 0.95  # the cleaned title is an O*NET title of exactly one occupation
TOP_K = 5


def exact_candidates(
    coder: TitleCoder, main: str, context: TitleContext | None = None
) -> tuple[list[Candidate], float]:
    """Occupations with an O*NET title of the same words, by their posterior."""
    index = coder.index
    context = context or TitleContext()
    weights: dict[str, float] = {}
    titles: dict[str, tuple[str, str]] = {}
    for key_id in dict.fromkeys(index.exact(main) + index.bag(main)):
        for e in index.entries_for_key(key_id):
            entry = index.entries[e]
            if not context.allows(coder.structure, entry.onet_soc_code):
                continue
            weights[entry.onet_soc_code] = weights.get(entry.onet_soc_code, 0.0) + entry.weight
            titles.setdefault(entry.onet_soc_code, (entry.title, entry.kind))
    if not weights:
        return [], 0.0
    posterior = occupation_posterior(coder, weights)
    by_soc: dict[str, float] = {}
    for code, p in posterior.items():
        by_soc[code[:7]] = by_soc.get(code[:7], 0.0) + p
    # one occupation per SOC first (its ".00" code when it has the title), the others after
    lead = [
        max((c for c in posterior if c[:7] == soc), key=lambda c: (c.endswith(".00"), posterior[c]))
        for soc in sorted(by_soc, key=lambda s: -by_soc[s])
    ]
    ranked = lead + sorted((c for c in posterior if c not in lead), key=lambda c: -posterior[c])
    cands = [
        Candidate(
            c,
            coder.occupations.get(c, c),
            titles[c][0],
            "exact",
            1.0,
            f"same words as O*NET {titles[c][1]} title '{titles[c][0]}'"
            + (
                f" ({by_soc[c[:7]]:.0%} of the people with this title, by workforce)"
                if len(by_soc) > 1 and c in lead
                else ""
            ),
        )
        for c in ranked[:TOP_K]
    ]
    cands += neighbours(coder, main, set(ranked), context)
    return cands[:TOP_K], EXACT_CONFIDENCE * by_soc[ranked[0][:7]]


def neighbours(coder: TitleCoder, main: str, skip: set[str], context: TitleContext | None = None) -> list[Candidate]:
    """Runner-up occupations: nearest titles by word TF-IDF (words only: the fast paths stay
    fast; the re-ranker path uses character n-grams too)."""
    index = coder.index
    context = context or TitleContext()
    out: list[Candidate] = []
    for key_id, _char, word in index.lexical(main, 12, char_grams=False):
        similarity = round(word, 3)
        for e in index.entries_for_key(key_id):
            entry = index.entries[e]
            if (
                entry.onet_soc_code in skip
                or entry.onet_soc_code not in coder.occupations
                or not context.allows(coder.structure, entry.onet_soc_code)
            ):
                continue
            skip.add(entry.onet_soc_code)
            out.append(
                Candidate(
                    entry.onet_soc_code,
                    coder.occupations[entry.onet_soc_code],
                    entry.title,
                    "fuzzy",
                    similarity,
                    f"words close to O*NET {entry.kind} title '{entry.title}' (similarity {similarity:.2f})",
                )
            )
        if len(out) >= TOP_K:
            break
    return out


def occupation_posterior(coder: TitleCoder, title_weight: dict[str, float]) -> dict[str, float]:
    """P(occupation | title) for occupations sharing a title, from the title's weight in each.

    Bayes with a tempered workforce prior: P(code | title) is proportional to
    (weight of the title in the code / titles of the code) * sqrt(employment of the code).
    The square root keeps a very large occupation from outvoting the one whose O*NET titles
    name the job most often (a full workforce prior sent "CNA" to home health aides).
    """
    index = coder.index
    raw = {}
    for code, weight in title_weight.items():
        size = max(1, index.code_title_count.get(code, 1))
        raw[code] = weight / size * index.employment.get(code, index.median_employment) ** 0.5
    total = sum(raw.values()) or 1.0
    return {c: x / total for c, x in raw.items()}
