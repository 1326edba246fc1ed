"""What the structure of one title says about the codes it may get (:class:`TitleContext`), and
the SOC groups that candidates share (hierarchical back-off: :func:`soc_group`, :func:`group_prefix`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobrisk.models.title_coder.structure import TitleStructure


def soc_group(candidates: list[tuple[str, str]], major_groups: dict[str, str]) -> tuple[str | None, str | None]:
    """The narrowest SOC group (broad "29-1140", minor "29-1000" or major "29-0000") that all the
    (code, occupation title) candidates share, and its name; (None, None) when they share none."""
    codes = [c for c, _ in candidates]
    if len(codes) < 2:
        return None, None
    for width, fmt in ((6, "{}0"), (4, "{}000"), (3, "{}0000")):
        if len({c[:width] for c in codes}) == 1:
            group = fmt.format(codes[0][:width])
            major = major_groups.get(codes[0][:2], f"SOC major group {codes[0][:2]}")
            if width == 3:
                return group, major
            return group, f"{major}: {', '.join(dict.fromkeys(t for _, t in candidates))}"
    return None, None


@dataclass(frozen=True)
class TitleContext:
    """What the structure of one title says (computed once per title, see :mod:`.structure`)."""

    military: bool = False
    digital: bool = False
    software: bool = False  # a software / data / AI title: no engineering, trades or transport codes
    generic: bool = False
    head_of: bool = False
    serves_executive: bool = False  # "Assistant to the CFO": the job supports a top executive

    def allows(self, structure: TitleStructure, code: str) -> bool:
        return structure.allowed(code, self.military, self.digital, self.software)


def group_prefix(group: str) -> str:
    """'29-1140' -> '29-114', '29-1000' -> '29-1', '29-0000' -> '29-' (codes in the group start so)."""
    major, rest = group.split("-")
    return f"{major}-{rest.rstrip('0')}"
