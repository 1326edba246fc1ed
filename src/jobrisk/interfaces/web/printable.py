"""The web app's side of the one rule for echoing text back (:mod:`jobrisk.unprintable`).

Text a person typed (a title, a task, a file's cells) comes back in HTML pages and in JSON
responses. Before it does, it loses the control characters (NUL and the other C0/C1 codes
except tab, line feed and carriage return; DEL) and the bidirectional-override characters
(U+202A-U+202E, U+2066-U+2069), which can make echoed input read differently from what it is
("Trojan Source"). HTML templates apply :func:`printable` to every value they print
(:mod:`.rendering`); every JSON response of the app is a :class:`PrintableJSONResponse`, or
bytes passed through :func:`printable_json_bytes`, which apply :func:`printable_tree` to keys
and values alike.

May import: ``jobrisk.unprintable``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.responses import JSONResponse
from markupsafe import Markup

from jobrisk.unprintable import UNPRINTABLE


# What an unprintable character looks like once serialised by json.dumps / pydantic: C0 codes
# as \u00XX or \b, \f escapes, the rest raw. A false hit (an escaped backslash before "b")
# only costs a second look, never a wrong answer.
_UNPRINTABLE_IN_JSON = re.compile(
    r"\\u00[01][0-9a-fA-F]|\\u007[fF]|\\u00[89][0-9a-fA-F]|\\[bf]|"
    "[\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def printable(value: Any) -> Any:
    """``value`` without control and bidi-override characters (strings only; Markup stays Markup)."""
    if isinstance(value, str) and UNPRINTABLE.search(value):
        cleaned = UNPRINTABLE.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def printable_tree(value: Any) -> Any:
    """A JSON-ready value with :func:`printable` applied to every string in it, keys included."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k) if isinstance(k, str) else k: printable_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [printable_tree(v) for v in value]
    return value


def printable_json_bytes(body: bytes) -> bytes:
    """A serialised JSON document with the rule applied (unchanged, and not re-parsed, when clean)."""
    text = body.decode("utf-8")
    if not _UNPRINTABLE_IN_JSON.search(text):
        return body
    return _dumps(printable_tree(json.loads(text)))


def _dumps(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


class PrintableJSONResponse(JSONResponse):
    """Starlette's JSON response with the rule applied to every string of the body."""

    def render(self, content: Any) -> bytes:
        return printable_json_bytes(_dumps(content))
