"""Rendering occupation reports: Markdown, HTML (SEO metadata), PDF, title resolution, static site."""

import json
import re
from html.parser import HTMLParser

import pytest

from jobrisk.errors import InputError, NotFoundError
from jobrisk.reports.occupation import ReportContext, build_report
from jobrisk.reports.occupation.html import environment, render_html
from jobrisk.reports.occupation.markdown import render_markdown
from jobrisk.reports.occupation.resolve import AmbiguousTitleError, resolve_query
from jobrisk.reports.occupation.site import build_site

SECTION_HEADINGS = (
    "The state of AI in this occupation",
    "Tasks at risk",
    "What AI can\u2019t replace",
    "Score breakdown",
    "Five action steps",
    "Bottom line",
)


@pytest.fixture(scope="module")
def report(catalog, scorebook):
    return build_report(catalog, scorebook, "15-2051.00", context=ReportContext.build(catalog, scorebook))


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.metas, self.json_ld, self._in_ld, self.title = [], [], [], False, ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link":
            self.links.append(a)
        elif tag == "meta":
            self.metas.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        self._in_ld = self._in_ld and tag != "script"
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)
        if self._in_title:
            self.title += data


def test_markdown_has_every_section_in_order(report):
    text = render_markdown(report)
    assert text.startswith("# Will AI replace Data Scientists?")
    positions = [text.index(f"## {h}") for h in SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert "AutoML" in text and "O*NET" in text


def test_html_page_carries_title_description_canonical_and_json_ld(report):
    html = render_html(report, base_url="https://example.org/", env=environment(strict=True))
    head = _Head()
    head.feed(html)
    assert head.title.startswith("Will AI replace Data Scientists?")
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == ["https://example.org/occupations/15-2051.00"]
    description = next(m["content"] for m in head.metas if m.get("name") == "description")
    assert 40 < len(description) <= 160
    data = json.loads("".join(head.json_ld))
    assert data["@type"] == "WebPage" and data["about"]["@type"] == "Occupation"
    assert data["about"]["occupationalCategory"] == "15-2051.00"
    for heading in SECTION_HEADINGS:
        assert heading.replace("\u2019", "\u2019") in html


def test_html_escapes_user_typed_titles(report):
    from jobrisk.reports.occupation.model import TitleResolution
    from jobrisk.reports.occupation.model import OccupationRef

    evil = report.with_resolution(
        TitleResolution(
            query="<script>alert(1)</script>",
            status="matched",
            chosen=OccupationRef(onet_soc_code="15-2051.00", title="Data Scientists", url="/x"),
            reason="test",
            candidates=[],
        )
    )
    html = render_html(evil)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_pdf_is_a_pdf(report):
    pytest.importorskip("weasyprint")
    from jobrisk.reports.occupation.pdf import render_pdf

    data = render_pdf(report)
    assert data.startswith(b"%PDF") and len(data) > 10_000


def test_codes_resolve_without_the_title_coder(catalog):
    def no_coder():
        raise AssertionError("the title coder must not be loaded for a code")

    assert resolve_query(catalog, "15-2051.00", no_coder) == ("15-2051.00", None)
    assert resolve_query(catalog, " 47-2181 ", no_coder) == ("47-2181.00", None)
    with pytest.raises(NotFoundError, match="99-9999"):
        resolve_query(catalog, "99-9999", no_coder)
    with pytest.raises(InputError):
        resolve_query(catalog, "  ", no_coder)


class _Match:
    def __init__(self, status, code, candidates, confidence=0.9, reason=""):
        self.status, self.onet_soc_code, self.candidates = status, code, candidates
        self.confidence, self.reason, self.title = confidence, reason, None


class _Cand:
    def __init__(self, code, title, similarity, reason, match_kind="fuzzy"):
        self.onet_soc_code, self.occupation_title, self.similarity, self.reason = code, title, similarity, reason
        self.matched_title, self.match_kind = title, match_kind


class _Coder:
    """A stand-in for the title coder's contract (code(title) -> TitleMatch-like)."""

    def __init__(self, match):
        self.match = match

    def code(self, title):
        return self.match


def test_matched_title_says_which_occupation_and_why(catalog):
    coder = _Coder(
        _Match(
            "matched",
            "15-2051.00",
            [
                _Cand("15-2051.00", "Data Scientists", 1.0, "curated alias 'machine learning engineer'", "alias"),
                _Cand("15-1252.00", "Software Developers", 1.0, "curated alias 'machine learning engineer'", "alias"),
            ],
        )
    )
    code, resolution = resolve_query(catalog, "Machine Learning Engineer", lambda: coder)
    assert code == "15-2051.00"
    assert resolution.heading == "Machine Learning Engineer \u2192 closest occupation: Data Scientists"
    assert "common name" in resolution.reason and "curated alias" not in resolution.reason
    # the best match is not repeated among the alternatives
    assert [c.onet_soc_code for c in resolution.candidates] == ["15-1252.00"]


def test_gibberish_gets_no_match_rather_than_a_far_fetched_guess(catalog):
    coder = _Coder(
        _Match(
            "uncertain",
            None,
            [_Cand("19-4042.00", "Environmental Science Technicians", 0.5, "meaning close", "semantic")],
            confidence=0.25,
        )
    )
    with pytest.raises(NotFoundError, match="No occupation matches"):
        resolve_query(catalog, "asdfgh", lambda: coder)


def test_uncertain_title_lists_candidates_instead_of_guessing(catalog):
    coder = _Coder(
        _Match(
            "uncertain",
            None,
            [
                _Cand("15-2051.00", "Data Scientists", 0.8, "close"),
                _Cand("15-1252.00", "Software Developers", 0.79, "close"),
            ],
            confidence=0.3,
            reason="not sure",
        )
    )
    with pytest.raises(AmbiguousTitleError) as err:
        resolve_query(catalog, "analyst", lambda: coder)
    assert [c.onet_soc_code for c in err.value.resolution.candidates] == ["15-2051.00", "15-1252.00"]
    assert "15-1252.00" in str(err.value)


def test_static_site_has_pages_index_search_and_sitemap(tmp_path, catalog, scorebook):
    summary = build_site(catalog, scorebook, tmp_path, base_url="https://example.org", workers=1)
    codes = sorted(o.onet_soc_code for o in catalog.occupations())
    assert summary.pages == len(codes)
    assert sorted(p.stem for p in (tmp_path / "occupations").glob("*.html")) == codes
    index = json.loads((tmp_path / "search-index.json").read_text())
    assert {row["c"] for row in index} == set(codes)
    page = (tmp_path / "occupations" / "47-2181.00.html").read_text()
    assert 'href="https://example.org/occupations/47-2181.00.html"' in page
    assert 'href="../index.html"' in page
    home = (tmp_path / "index.html").read_text()
    assert 'src="search.js"' in home and "occupations/15-2051.00.html" in home
    assert not re.search(r'src="https?://', home + page), "nothing may load from a CDN"
    assert (tmp_path / "search.js").stat().st_size > 500
    assert "https://example.org/occupations/15-2051.00.html" in (tmp_path / "sitemap.xml").read_text()


def test_static_site_links_only_to_pages_it_contains(tmp_path, catalog, scorebook):
    from site_links import dead_links

    build_site(catalog, scorebook, tmp_path, base_url="https://example.org", workers=1)
    assert dead_links(tmp_path, "https://example.org") == []
    pages = "".join(p.read_text() for p in (tmp_path / "occupations").glob("*.html"))
    assert "/tasks/score" not in pages


def test_static_site_built_with_an_app_url_links_to_its_task_scorer(tmp_path, catalog, scorebook):
    from site_links import dead_links

    build_site(
        catalog, scorebook, tmp_path, base_url="https://example.org", app_url="https://app.example.org/", workers=1
    )
    assert dead_links(tmp_path, "https://example.org") == []
    page = (tmp_path / "occupations" / "15-1299.00.html").read_text()
    assert 'href="https://app.example.org/tasks/score' in page


def test_the_site_crawler_finds_missing_pages_root_links_and_anchors(tmp_path):
    from site_links import dead_links

    (tmp_path / "sub").mkdir()
    (tmp_path / "b.html").write_text('<h2 id="here">B</h2>')
    (tmp_path / "sub" / "a.html").write_text(
        '<a href="../b.html#here">ok</a><a href="https://other.org/x">external</a>'
        '<a href="../c.html">missing</a><a href="/tasks/score?task=x">app only</a>'
        '<a href="https://example.org/sub/gone.html">own host</a><a href="#nope">anchor</a>'
    )
    assert [link for _, link, _ in dead_links(tmp_path, "https://example.org")] == [
        "../c.html",
        "/tasks/score?task=x",
        "https://example.org/sub/gone.html",
        "#nope",
    ]
