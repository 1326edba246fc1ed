"""The one rule for text that is echoed back: no control and no bidi-override characters.

Removed: NUL and the other C0 control codes except tab, line feed and carriage return; DEL and
the C1 control codes (U+007F-U+009F); the bidirectional embedding, override and isolate
characters (U+202A-U+202E, U+2066-U+2069), which can make echoed input read differently from
what it is ("Trojan Source"). Uploaded spreadsheet cells lose them when read
(:mod:`jobrisk.tabular.reader`); HTML pages and JSON responses lose them when rendered
(:mod:`jobrisk.interfaces.web.printable`).

May import: nothing of jobrisk.
"""

from __future__ import annotations

import re

UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_unprintable(text: str) -> str:
    """``text`` without the characters of :data:`UNPRINTABLE`."""
    return UNPRINTABLE.sub("", text) if UNPRINTABLE.search(text) else text
