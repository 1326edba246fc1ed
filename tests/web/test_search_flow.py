"""The search flow: a confident title opens its report (which names the typed title), an uncertain
one offers the candidates once, gibberish gets an honest "no match" and a way to browse."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from web_app_factory import fixture_app


def _h1(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert found, "page has no h1"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_confident_title_goes_straight_to_the_report_named_after_what_was_typed(client):
    response = client.get("/search", params={"q": "data scientist"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/occupations/15-2051.00?q=data+scientist"
    page = client.get(response.headers["location"]).text
    assert _h1(page) == "data scientist \u2192 closest occupation: Data Scientists"
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "data scientist" in title and "Data Scientists" in title
    assert "Will AI replace Data Scientists?" in page


def test_the_report_from_a_title_offers_other_matches_without_repeating_the_best(client):
    page = client.get("/occupations/15-2051.00", params={"q": "data scientist"}).text
    alternatives = re.search(r'<p class="alternatives">(.*?)</p>', page, re.S)
    if alternatives:  # the fixture may have no other plausible match
        links = re.findall(r'href="(/occupations/[^"]+)"', alternatives.group(1))
        assert links and all("15-2051.00" not in link and "q=data+scientist" in link for link in links)


def test_an_uncertain_title_offers_the_candidates_once(client):
    page = client.get("/search", params={"q": "analyst"}).text
    assert _h1(page) == "Which occupation is closest to \u201canalyst\u201d?"
    choices = re.findall(r'<a class="choice" href="(/occupations/[^"]+)">', page)
    assert len(choices) >= 2 and len(set(choices)) == len(choices)
    picked = client.get(choices[1].replace("&amp;", "&")).text
    assert _h1(picked).startswith("analyst") and "closest occupation" not in _h1(picked)
    assert "You chose" in picked


def test_gibberish_gets_no_match_and_a_way_to_browse(client):
    page = client.get("/search", params={"q": "asdfgh"}).text
    assert _h1(page) == "No match for \u201casdfgh\u201d"
    assert "did you mean" not in page.lower()
    assert 'href="/occupations"' in page


def test_search_results_show_no_internal_words(client):
    for q in ("analyst", "clerk"):
        page = client.get("/search", params={"q": q}).text
        for word in ("curated alias", "unfamiliar_words", "match_kind", "semantic", "fuzzy"):
            assert word not in page


def test_audit_calls_to_action_link_only_to_pages_the_app_serves():
    from jobrisk.interfaces.web.app import AUDIT_LINKS, audit_links, serves_page

    app = fixture_app(with_model=False)
    assert not serves_page(app, "/audit/nowhere")
    shown = audit_links(app)
    assert all(serves_page(app, href) for href, _, _ in shown)
    assert [link for link in AUDIT_LINKS if serves_page(app, link[0])] == shown
    with TestClient(app) as c:
        page = c.get("/occupations/15-2051.00").text
        for href, label, _ in AUDIT_LINKS:
            assert (f'href="{href}"' in page and label in page) == ((href, label) in [(h, n) for h, n, _ in shown])
