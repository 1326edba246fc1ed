"""Crawl a built static site: every link and resource a page names must be a file the site holds.

:func:`dead_links` reads every ``.html`` file below the site folder and returns each ``href`` or
``src`` that points inside the site (relative, root-relative, or absolute under ``base_url``) and
resolves to no written file, or to a ``#fragment`` the target page has no element for. Links to
other hosts (the data sources, a configured app URL) are outside the site and not followed.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src") and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append(value)
            if name in ("id", "name"):
                self.ids.add(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def dead_links(site: Path, base_url: str = "") -> list[tuple[str, str, str]]:
    """(page, link, why) for every internal link of the site that reaches nothing."""
    site = site.resolve()
    parsed = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    base = urlsplit(base_url) if base_url else None
    dead = []
    for page, links in parsed.items():
        for link in links.links:
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "data", "javascript"):
                continue
            if parts.scheme or parts.netloc:
                if base is None or (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
                    continue  # another host: outside the site
                target = site / unquote(parts.path[len(base.path.rstrip("/")) :]).lstrip("/")
            elif parts.path.startswith("/"):
                target = site / unquote(parts.path).lstrip("/")
            elif parts.path:
                target = page.parent / unquote(parts.path)
            else:
                target = page
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if site not in target.parents or not target.is_file():
                dead.append((str(page.relative_to(site)), link, "no such file in the site"))
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    dead.append((str(page.relative_to(site)), link, "no such anchor on the page"))
    return dead
