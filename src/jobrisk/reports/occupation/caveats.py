"""The score's caveats in a reader's words.

The scoring layer states each caveat for the record, in the method's terms ("O*NET has no
descriptors for this occupation; complementarity is its SOC broad group's mean"). The report
shows them in plain words, with the SOC group spelled out as a code a reader can look up and,
where the report borrowed O*NET ratings for its strengths, how the two borrowings differ. A
caveat this module does not know is shown as the scoring layer wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobrisk.catalog.types import Occupation

_NO_DESCRIPTORS = re.compile(
    r"^O\*NET has no descriptors for this occupation; complementarity is its "
    r"SOC (?P<level>broad|minor|major) group's mean\.$"
)
_NO_LABELS = "No task of this occupation carries a human or GPT-4 label"
_NOTHING_TO_DERIVE = "O*NET lists no tasks for this occupation and no occupation of its SOC broad or minor group"


def _group_code(soc_code: str, level: str) -> str:
    """The SOC code of an occupation's broad (15-2050), minor (15-2000) or major (15-0000) group."""
    keep = {"broad": 6, "minor": 4, "major": 3}[level]
    return soc_code[:keep] + "0" * (7 - keep)


def plain_caveats(occ: Occupation, caveats: Sequence[str], *, strengths_borrowed: bool) -> list[str]:
    """``caveats`` (the scoring layer's) as the report shows them."""
    out = []
    for caveat in caveats:
        match = _NO_DESCRIPTORS.match(caveat)
        if match and occ.soc_code:
            group = _group_code(occ.soc_code, match.group("level"))
            text = (
                f"O*NET has not rated the work context, skills or abilities of {occ.title}, so how well the "
                f"human side of the work shields it is the average of the rated occupations in its SOC group "
                f"{group}."
            )
            if strengths_borrowed:
                text += (
                    " The strengths this report names come instead from the rated occupations that share "
                    "the most work activities with it."
                )
            out.append(text)
        elif caveat.startswith(_NO_LABELS):
            out.append(
                "None of these tasks was labelled by the researchers (people or GPT-4) whose ratings the "
                "score rests on, so their exposure is estimated from similar work activities and our task "
                "model."
            )
        elif caveat.startswith(_NOTHING_TO_DERIVE):
            out.append(
                f"O*NET lists no tasks for {occ.title}, and no occupation close to it in the SOC has a score "
                "of its own, so there is nothing sound to base a score on."
            )
        else:
            out.append(caveat)
    return out
