"""The three user journeys in real Chromium against ``jobrisk serve``:
search -> autocomplete -> report, browse -> compare, score a task."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _type_data_scien(page, server_url):
    """Type "data scien" in the home page's title box; (the box, its options) once they show."""
    page.goto(server_url + "/")
    box = page.get_by_role("combobox", name="Your job title")
    box.click()
    # On a busy machine a reply for an earlier prefix may show first; wait for the whole query's.
    with page.expect_response(lambda r: "q=data%20scien&" in r.url, timeout=30000):
        box.press_sequentially("data scien", delay=40)
    options = page.get_by_role("option")
    expect(options.first).to_be_visible(timeout=20000)  # a busy machine: a wait, not a speed check
    return box, options


def test_typing_a_title_offers_suggestions_and_enter_opens_the_report(page, server_url, screenshot):
    box, options = _type_data_scien(page, server_url)
    expect(box).to_have_attribute("aria-expanded", "true")
    screenshot("01-home-autocomplete")

    box.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    expect(box).to_have_attribute("aria-activedescendant", first_id)
    expect(options.first).to_have_attribute("aria-selected", "true")
    chosen = options.first.inner_text()
    box.press("Enter")

    page.wait_for_url(re.compile(r"/occupations/\d{2}-\d{4}\.\d{2}$"))
    assert "Data Scientist" in chosen
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data Scientists")
    expect(page.locator("svg.gauge").first).to_be_visible()
    screenshot("02-report-data-scientists")


def test_a_late_reply_keeps_the_suggestion_the_reader_chose(page, server_url):
    box, options = _type_data_scien(page, server_url)
    box.press("ArrowDown")
    box.press("ArrowDown")
    second_id = options.nth(1).get_attribute("id")
    expect(box).to_have_attribute("aria-activedescendant", second_id)
    chosen = options.nth(1).get_attribute("data-url")
    # Another reply for the same words re-draws the list, as one for a shorter prefix would.
    with page.expect_response(lambda r: "q=data%20scien&" in r.url, timeout=30000):
        box.dispatch_event("input")
    expect(box).to_have_attribute("aria-activedescendant", second_id)
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(chosen) + "$"))


def test_report_page_reads_on_a_phone_sized_screen(browser, server_url, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    phone = context.new_page()
    try:
        phone.goto(server_url + "/occupations/43-9021.00")
        expect(phone.get_by_role("heading", level=1)).to_contain_text("Data Entry Keyers")
        page_width = phone.evaluate("document.documentElement.scrollWidth")
        assert page_width <= 390, f"page is {page_width}px wide on a 390px screen"
        screenshot("03-report-phone-390", phone)
        phone.goto(server_url + "/")
        screenshot("04-home-phone-390", phone)
    finally:
        context.close()


def test_browse_filter_pick_two_and_compare(page, server_url, screenshot):
    page.goto(server_url + "/occupations")
    page.get_by_label("Major group").select_option("43")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"major_group=43"))
    rows = page.locator("table.occupations tbody tr")
    expect(rows.first).to_be_visible()
    titles = [rows.nth(i).locator("th a").inner_text() for i in range(2)]
    button = page.locator("#compare-button")
    expect(button).to_be_disabled()
    for i in range(2):
        rows.nth(i).locator("input.compare-pick").check()
    expect(button).to_be_enabled()
    screenshot("05-browse-office-admin-two-picked")
    button.click()

    page.wait_for_url(re.compile(r"/compare\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare occupations")
    table = page.locator("table.compare-table")
    for title in titles:
        expect(table).to_contain_text(title)
    highlighted = page.locator("figure.scatter svg circle[r='7']")
    expect(highlighted).to_have_count(2)
    screenshot("06-compare-two")


def test_scoring_a_task_shows_exposure_and_nearest_onet_tasks(page, server_url, screenshot):
    page.goto(server_url + "/tasks/score")
    page.get_by_label("Task description").fill("Answer customer questions about billing by email")
    page.get_by_role("button", name="Score this task").click()
    expect(page.get_by_role("heading", name=re.compile("Result for"))).to_be_visible()
    expect(page.locator("svg.gauge")).to_be_visible()
    expect(page.locator("ol.nearest li").first).to_be_visible()
    screenshot("07-score-a-task")


def test_a_title_with_markup_is_shown_as_text_not_run(page, server_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server_url + "/search?q=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    expect(page.get_by_role("heading", level=1)).to_contain_text("<img src=x onerror=alert(1)>")
    assert dialogs == []


UNLABELLED_CONTROLS = """() => Array.from(document.querySelectorAll('input, select, textarea, button'))
  .filter(el => el.type !== 'hidden')
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.innerText.trim()))
  .map(el => el.outerHTML.slice(0, 120))"""

UNNAMED_IMAGES = """() => Array.from(document.querySelectorAll('svg[role="img"], img'))
  .filter(el => !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !el.getAttribute('alt'))
  .map(el => el.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/occupations",
        "/occupations/29-1141.00",
        "/tasks/score",
        "/compare?codes=29-1141.00,47-2181.00",
        "/methodology",
        "/sources",
        "/docs",
    ],
)
def test_every_control_is_labelled_and_every_chart_named(page, server_url, path):
    page.goto(server_url + path)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").count() == 1
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    assert page.evaluate(UNNAMED_IMAGES) == []


def test_the_skip_link_and_menu_are_reachable_by_keyboard(page, server_url):
    page.goto(server_url + "/occupations")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after the skip link, Tab moves into the main content"
