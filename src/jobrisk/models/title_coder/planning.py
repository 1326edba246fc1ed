"""How a title will be coded: its reading (spelling fixed, head-first parts flipped, platform
names set aside, the executive or support reading) and its route through :class:`.coder.TitleCoder`.

:func:`plan_title` returns a finished "unknown" match, or ``(main, queries, note, route, (context,
reading))``; routes, first that applies: a support job of a top executive; a gig platform with a
generic gig word; a curated alias; a role at a software product; a chief / vice president / head
of a known function; an O*NET title with the same words; a director of a known function; else the
learned re-ranker ("full").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jobrisk.models.title_coder.matches import TitleMatch
from jobrisk.models.title_coder.normalize import HEAD_NOUNS
from jobrisk.models.title_coder.structure import EXECUTIVE_SERVED, ExecutiveReading, TitleContext, ToolReading

if TYPE_CHECKING:
    from jobrisk.models.title_coder.coder import TitleCoder

EXECUTIVE_SUPPORT = ("43-6011.00", "43-6014.00")  # assistants, secretaries of top executives
# fmt: off
_SUPPORT_JOBS = {"assistant", "personal assistant", "administrative assistant", "administrator assistant", "secretary",
    "executive assistant", "executive secretary", "scheduler", "office assistant", "special assistant",
    "administrative coordinator", "executive coordinator", "aide"}
# fmt: on


def title_context(coder: TitleCoder, title: str, main: str, removed: Sequence[str] = ()) -> TitleContext:
    s = coder.structure
    serves = any(r.startswith("to ") and set(r.replace("-", " ").split()) & EXECUTIVE_SERVED for r in removed)
    return TitleContext(
        military=s.is_military(main),
        digital=s.is_digital(main),
        software=s.is_software(main),
        generic=s.is_generic(main),
        head_of="head of" in title.lower(),
        serves_executive=serves,
    )


def plan_title(coder: TitleCoder, title: str, duties: str | None = None):
    """How to code a title: a finished TitleMatch (unknown) or (main, queries, note, route, extra).

    Routes, first that applies: a gig platform with a generic gig word; a curated alias; a
    chief / vice president / head of a known function; an O*NET title with the same words;
    a director of a known function; else the learned re-ranker ("full").
    """
    cleaned = coder.clean(title)
    if cleaned.problem:
        return TitleMatch(title, "", "unknown", None, None, 0.0, (), reason=cleaned.problem)
    main, fixes = coder.spell.fix(cleaned.cleaned)
    queries = list(dict.fromkeys([main, *(coder.spell.fix(v)[0] for v in cleaned.variants)]))
    note = "; ".join(f"read '{a}' as '{b}'" for a, b in fixes)
    flipped = flipped_title(coder, main, queries)
    if flipped:
        note = "; ".join(x for x in (note, f"read as '{flipped}'") if x)
        main = flipped
        queries = list(dict.fromkeys([main, *queries]))
    context = title_context(coder, title, main, cleaned.removed)
    if context.serves_executive and main in _SUPPORT_JOBS:
        support = ExecutiveReading("support", main, EXECUTIVE_SUPPORT)
        return main, queries, note, "support", (context, support)
    platform = coder.structure.platform_reading(main)
    if platform is not None and not any(c in coder.occupations for c in platform.codes):
        platform = None
    if platform is not None:
        if coder.structure.is_gig_rest(platform.rest):
            return main, queries, note, "platform", (context, platform)
        if coder._alias(platform.rest) or coder.index.exact(platform.rest):
            note = "; ".join(x for x in (note, f"platform name '{platform.platform}' set aside") if x)
            main = platform.rest
            queries = list(dict.fromkeys([main, *queries]))
    tool = tool_reading(coder, main, queries, cleaned.removed)
    if coder._alias(main) and not (context.generic and tool is not None):  # "Oracle Developer": the product
        return main, queries, note, "alias", (context, None)
    if tool is not None:
        return main, queries, note, "tool", (context, tool)
    executive = next(
        (
            r
            for r in (coder.structure.executive_reading(q, head_of=context.head_of) for q in queries[:2])
            if r is not None
        ),
        None,
    )
    if executive is None and not (coder.index.exact(main) or coder.index.bag(main)):
        executive = coder.structure.business_reading(main)  # "General Manager - Boutique Hotel"
    if executive is not None and not any(c in coder.occupations for c in executive.codes):
        executive = None
    if executive is not None and executive.role != "director":
        return main, queries, note, "executive", (context, executive)
    if not duties and (coder.index.exact(main) or coder.index.bag(main)):
        return main, queries, note, "exact", (context, executive)
    if executive is not None:
        return main, queries, note, "executive", (context, executive)
    return main, queries, note, "full", (context, None)


def tool_reading(coder: TitleCoder, main: str, queries: Sequence[str], removed: Sequence[str]) -> ToolReading | None:
    """A role at a software product in the title, its first part, the title with a product
    set aside as an employer name ("Oracle Developer"), or the first part with the product in
    parentheses ("Level Designer (Unreal Engine)"); None for an O*NET title with those words."""
    s = coder.structure
    texts = [main, *queries[1:2], *(f"{r} {main}" for r in removed if r in s.tools)]
    if len(queries) == 3 and not (coder._alias(queries[1]) or coder.index.exact(queries[1])):
        texts.append(f"{queries[2]} {queries[1].split()[-1]}")
    readings = ((s.tool_reading(q, coder.index.vocabulary.__contains__), q) for q in texts)
    tool = next((r for r, q in readings if r is not None and not coder.index.exact(q)), None)
    return tool if tool is not None and any(c in coder.occupations for c in tool.codes) else None


def flipped_title(coder: TitleCoder, main: str, queries: Sequence[str]) -> str | None:
    """'Cook - Line' -> 'line cook', 'Helper - Brick Mason' -> 'brick mason helper': a head noun
    followed by one other part, when the flipped form is a known title."""
    if len(queries) != 3 or main != f"{queries[1]} {queries[2]}":
        return None
    head, rest = queries[1], queries[2]
    if head not in HEAD_NOUNS or len(head.split()) > 2 or rest.split()[-1] in HEAD_NOUNS:
        return None
    flipped = f"{rest} {head}"
    known = coder._alias(flipped) or coder.index.exact(flipped) or coder.index.bag(flipped)
    return flipped if known else None


def lead_alias(coder: TitleCoder, main: str, queries: Sequence[str]) -> str | None:
    """'Backend Engineer (Go)', 'Account Executive (SaaS)': the first part is a curated alias of
    two or more words and the rest names no other job (no head noun) -> that first part."""
    first = next((q for q in queries[1:] if main.startswith(q + " ")), None)
    if first is None or len(first.split()) < 2 or not coder._alias(first):
        return None
    rest = main[len(first) :].split()
    return None if any(w in HEAD_NOUNS for w in rest) else first


def head_spans(main: str) -> list[str]:
    """Shorter forms keeping the head (last) word, longest first: 'fine dining line cook' ->
    'dining line cook', 'line cook' (the words in front are modifiers)."""
    words = main.split()
    if "of" in words or len(words) < 3:
        return []
    return [" ".join(words[i:]) for i in range(1, len(words) - 1)]
