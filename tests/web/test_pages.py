"""HTML pages: content, escaping, forms with CSRF, and the error pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from jobrisk.interfaces.web.security import CSRF_COOKIE

from web_app_factory import fixture_app


def test_home_has_the_question_and_a_labelled_combobox(client):
    html = client.get("/").text
    assert "<h1>Will AI replace my job?</h1>" in html
    assert '<label for="title-search-input">' in html
    assert 'role="combobox"' in html and 'aria-controls="title-suggestions"' in html
    assert 'src="/static/js/autocomplete.js"' in html


def test_pages_load_scripts_and_styles_only_from_this_site(client):
    for path in ("/", "/occupations", "/occupations/15-2051.00", "/tasks/score", "/docs"):
        html = client.get(path).text
        sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
        assert sources and all(s.startswith("/static/") for s in sources), (path, sources)


def test_static_assets_are_served(client):
    for path in ("/static/css/site.css", "/static/js/autocomplete.js", "/static/js/compare.js"):
        assert client.get(path).status_code == 200


def test_occupation_page_shows_the_occupation_and_its_gauge(client):
    response = client.get("/occupations/43-9021.00")
    assert response.status_code == 200
    assert "Data Entry Keyers" in response.text
    assert 'class="chart gauge"' in response.text


def test_occupation_page_is_served_identically_from_cache(client):
    first = client.get("/occupations/47-2181.00").content
    second = client.get("/occupations/47-2181.00").content
    assert first == second


def test_unknown_occupation_page_is_a_404_page(client):
    response = client.get("/occupations/99-9999.99")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "99-9999.99" in response.text


def test_browse_lists_filters_and_sorts(client):
    html = client.get("/occupations", params={"major_group": "43", "sort": "title", "order": "asc"}).text
    rows = re.findall(r'<th scope="row"><a href="/occupations/([\d.-]+)">([^<]+)</a>', html)
    assert [code for code, _ in rows] == ["43-4051.00", "43-9021.00"]
    assert 'aria-sort="ascending"' in html
    assert html.count('class="compare-pick"') == 2


def test_compare_page_highlights_the_chosen_occupations_in_the_scatter(client):
    html = client.get("/compare", params=[("codes", "43-9021.00"), ("codes", "47-2181.00")]).text
    assert "Data Entry Keyers" in html and "Roofers" in html
    scatter = html[html.index('class="chart scatter"') :]
    assert len(re.findall(r'<circle [^>]*r="7"', scatter)) == 2


def test_compare_page_with_one_code_explains_what_is_needed(client):
    response = client.get("/compare", params={"codes": "43-9021.00"})
    assert response.status_code == 422
    assert "2 or 3 different occupation codes" in response.text


def test_compare_page_can_plot_growth_instead_of_wage(client):
    html = client.get("/compare", params={"codes": "43-9021.00,47-2181.00", "y": "growth"}).text
    assert "Projected employment change" in html


def test_search_page_escapes_what_the_user_typed(client):
    html = client.get("/search", params={"q": '<script>alert("x")</script>'}).text
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(" in html


def test_methodology_sources_and_api_docs_pages_render(client):
    assert "How the score works" in client.get("/methodology").text
    sources = client.get("/sources").text
    assert "USDOL/ETA" in sources and "CC BY 4.0" in sources
    docs = client.get("/docs").text
    assert "/api/v1/occupations/{onet_soc_code}" in docs and "/openapi.json" in docs


def test_methodology_links_to_the_method_document_which_renders_docs_method_md(client):
    assert 'href="/methodology/document"' in client.get("/methodology").text
    response = client.get("/methodology/document")
    assert response.status_code == 200
    html = response.text
    assert "<h1>How the occupation AI risk score is made</h1>" in html
    assert '<h2 id="limitations">Limitations</h2>' in html and 'href="#limitations"' in html  # anchors work
    assert "<table>" in html and "Version history" in html


def test_score_task_form_carries_a_csrf_token_matching_its_cookie(fresh_client):
    response = fresh_client.get("/tasks/score")
    token = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
    assert response.cookies[CSRF_COOKIE] == token
    assert "httponly" in response.headers["set-cookie"].lower()
    assert "samesite=strict" in response.headers["set-cookie"].lower()


def test_score_task_post_without_a_csrf_token_is_refused(fresh_client):
    response = fresh_client.post("/tasks/score", data={"task": "Answer emails"})
    assert response.status_code == 403
    assert "security token" in response.text


def test_score_task_post_from_another_site_is_refused(fresh_client):
    page = fresh_client.get("/tasks/score")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = fresh_client.post(
        "/tasks/score", data={"task": "Answer emails", "csrf_token": token}, headers={"Origin": "http://evil.example"}
    )
    assert response.status_code == 403


def test_score_task_post_with_a_valid_token_shows_the_result(fresh_client):
    page = fresh_client.get("/tasks/score")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = fresh_client.post("/tasks/score", data={"task": "Answer <b>emails</b>", "csrf_token": token})
    assert response.status_code == 200
    assert "Result for “Answer &lt;b&gt;emails&lt;/b&gt;”" in response.text
    assert 'class="chart gauge"' in response.text and "Labelled tasks about the same work" in response.text
    assert '<ol class="nearest">' in response.text or "so none is shown" in response.text


def test_score_task_page_without_a_model_explains_instead_of_failing():
    with TestClient(fixture_app(with_model=False), raise_server_exceptions=False) as c:
        page = c.get("/tasks/score")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = c.post("/tasks/score", data={"task": "Answer emails", "csrf_token": token})
    assert response.status_code == 503
    assert "task exposure model" in response.text


def test_unknown_page_is_an_html_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is no page at /no/such/page" in response.text


def test_pages_link_to_their_json_twins_and_the_links_work(client):
    for path in ("/occupations?major_group=43", "/compare?codes=43-9021.00,47-2181.00", "/search?q=nurse"):
        html = client.get(path).text
        href = re.search(r'<a href="(/api/v1/[^"]+)">This [a-z]+ as JSON</a>', html).group(1)
        response = client.get(href.replace("&amp;", "&"))
        assert response.status_code == 200, (path, href, response.text[:200])


def test_scatter_background_is_one_shared_svg_file(client):
    page = client.get("/compare", params={"codes": "43-9021.00,47-2181.00", "y": "growth"}).text
    assert '<image href="/charts/exposure-growth.svg"' in page
    cloud = client.get("/charts/exposure-growth.svg")
    assert cloud.status_code == 200 and cloud.headers["content-type"].startswith("image/svg+xml")
    assert cloud.text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    points = client.get("/api/v1/occupations", params={"per_page": 50}).json()["items"]
    plotted = [p for p in points if p["exposure"] is not None and p["employment_change_pct"] is not None]
    assert len(re.findall(r'<circle [^>]*r="3"', cloud.text)) == len(plotted)
    assert client.get("/charts/exposure-shoe-size.svg").status_code in (404, 422)


def test_compare_with_four_codes_says_what_it_takes_in_plain_words(client):
    response = client.get("/compare", params={"codes": "43-9021.00,47-2181.00,15-2051.00,29-1141.00"})
    assert response.status_code == 422
    assert "Compare takes 2 or 3 different occupation codes; got 4." in response.text


def test_a_scored_task_has_a_shareable_url(client):
    response = client.get("/tasks/score", params={"task": "Answer customer questions by email"})
    assert response.status_code == 200
    assert "Result for" in response.text
    assert 'href="/tasks/score?task=Answer+customer+questions+by+email"' in response.text


def test_api_docs_examples_use_this_servers_address(client):
    page = client.get("/docs").text
    assert "HOST" not in page and "curl 'http://testserver/api/v1/" in page


def test_major_group_filter_never_shows_a_bare_code(client):
    page = client.get("/occupations").text
    assert not re.search(r'<option value="(\d\d)">\1 \1 ', page)
