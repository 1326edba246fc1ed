"""The method document (``docs/method.md``) rendered as HTML, for the web app and the static site.

``docs/method.md`` is the one home of the method's full text; the web app's /methodology page
summarises it and links here, and ``jobrisk site build`` writes it next to the reports. The
Markdown is rendered by markdown-it-py (CommonMark with tables); raw HTML in the document is
escaped, not passed through; every heading gets the id GitHub gives it, so the document's own
``#anchor`` links keep working. Links to other files of ``docs/`` (e.g. ``validation.md``) are
shown as plain names: only the method document is published.

The document is found in the source checkout (``<repo>/docs/method.md``) or, for an installed
wheel, under ``<prefix>/share/jobrisk/docs/method.md`` (``pyproject.toml`` ships it there).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt

from jobrisk.errors import NotFoundError

DOC_NAME = "method.md"
#: Where the document is looked for, in order.
CANDIDATES = (
    Path(__file__).resolve().parents[3] / "docs" / DOC_NAME,
    Path(sys.prefix) / "share" / "jobrisk" / "docs" / DOC_NAME,
)


@dataclass(frozen=True)
class MethodDocument:
    title: str
    html: str  # the body, without the first-level title
    sections: tuple[tuple[str, str], ...]  # (anchor id, heading text) of each second-level heading
    source_path: str


def find_method_document() -> Path:
    """The path of ``docs/method.md`` (raises NotFoundError naming the places looked in)."""
    for path in CANDIDATES:
        if path.is_file():
            return path
    raise NotFoundError(
        "the method document docs/method.md is not installed; looked in " + ", ".join(str(p) for p in CANDIDATES)
    )


def slug(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def render_method_markdown(markdown: str, source_path: str = DOC_NAME) -> MethodDocument:
    """Render the method document's Markdown (see the module docstring for the rules)."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(markdown)
    title, sections, seen = "", [], dict[str, int]()
    first_h1: int | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            text = "".join(c.content for c in (tokens[i + 1].children or []) if c.type in ("text", "code_inline"))
            anchor = slug(text)
            count = seen.get(anchor, 0)
            seen[anchor] = count + 1
            anchor = anchor if count == 0 else f"{anchor}-{count}"
            tok.attrSet("id", anchor)
            if tok.tag == "h1" and first_h1 is None:
                first_h1, title = i, text
            elif tok.tag == "h2":
                sections.append((anchor, text))
        elif tok.type == "inline":
            for child in tok.children or []:
                href = child.attrGet("href") if child.type == "link_open" else None
                if isinstance(href, str) and not href.startswith(("#", "http://", "https://", "mailto:")):
                    child.attrSet("href", "#")  # another file of docs/: not published with the site
                    child.attrSet("title", f"{href} in the jobrisk source")
    if first_h1 is not None:  # the page shows the title itself
        tokens = tokens[:first_h1] + tokens[first_h1 + 3 :]
    html = md.renderer.render(tokens, md.options, {})
    return MethodDocument(
        title=title or "How the score is made", html=html, sections=tuple(sections), source_path=source_path
    )


@lru_cache(maxsize=1)
def _cached(path: str, mtime_ns: int) -> MethodDocument:
    return render_method_markdown(Path(path).read_text(encoding="utf-8"), path)


def method_document() -> MethodDocument:
    """The installed method document, rendered (cached until the file changes)."""
    path = find_method_document()
    return _cached(str(path), path.stat().st_mtime_ns)
