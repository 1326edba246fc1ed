"""The career audit in real Chromium against ``jobrisk serve``: the form with JavaScript off
(plain HTML posts) and on (share sliders that keep 100 %, live score), the result, its link and PDF."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _score_of(page) -> float:
    return float(page.locator("#career-audit").get_attribute("data-personal-score"))


def test_career_audit_works_without_javascript(browser, server_url, screenshot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server_url + "/audit/career")
        page.get_by_label("Your job title").fill("paralegal")
        page.get_by_role("button", name="Next: your tasks").click()
        expect(page.get_by_text("Paralegals and Legal Assistants").first).to_be_visible()
        boxes = page.locator("input[type=checkbox][name^=keep_]")
        assert boxes.count() >= 5
        assert page.locator("input[type=range]").count() == 0  # no script: no sliders
        screenshot("career-01-form-no-js", page)
        boxes.nth(0).uncheck()
        page.locator("#text_1").fill("Draft <b>discovery</b> requests with an AI assistant")
        page.locator("#textshare_1").fill("20")
        page.get_by_role("button", name="Run my audit").click()
        page.wait_for_url(re.compile(r"/audit/career/result\?p="))
        expect(page.get_by_role("heading", level=1)).to_have_text("Your AI risk from your own tasks")
        expect(page.get_by_text("they were scaled to 100%")).to_be_visible()
        expect(page.locator("#your-tasks")).to_contain_text("Draft <b>discovery</b> requests")  # shown as text
        assert page.locator("#your-tasks b").count() == 0  # never as markup
        expect(page.locator("figure.mix")).to_be_visible()
        score = _score_of(page)
        link = page.locator("#share-link").get_attribute("href")
        screenshot("career-02-result-1280", page)
        page.goto(server_url + link)  # the link alone reproduces the audit
        assert _score_of(page) == score
        pdf = httpx.get(server_url + link + "&format=pdf", timeout=120)
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
    finally:
        context.close()


def test_career_result_reads_on_a_phone(browser, server_url, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        phone.goto(server_url + "/audit/career?code=43-4051.00")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"form is {width}px wide on a 390px screen"
        screenshot("career-03-form-phone-390", phone)
        phone.get_by_role("button", name="Run my audit").click()
        phone.wait_for_url(re.compile(r"/audit/career/result\?p="))
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"result is {width}px wide on a 390px screen"
        screenshot("career-04-result-phone-390", phone)
    finally:
        context.close()


def test_sliders_keep_shares_at_100_and_the_score_updates_live(page, server_url, screenshot):
    page.goto(server_url + "/audit/career?code=23-2011.00")
    sliders = page.locator(".form-tasks input[type=range]")
    expect(sliders.first).to_be_visible()
    first_share = page.locator(".form-tasks input.share").first
    first_share.fill("60")
    first_share.dispatch_event("change")
    expect(page.locator("#share-total")).to_have_text("100")
    total = page.evaluate("""Array.from(document.querySelectorAll('.form-tasks tbody tr')).filter(
        r => r.querySelector('input[type=checkbox]').checked).reduce(
        (a, r) => a + parseFloat(r.querySelector('input.share').value), 0)""")
    assert abs(total - 100) < 0.1
    live = page.locator("#live-score")
    expect(live).to_have_attribute("data-score", re.compile(r"\d"), timeout=60000)
    live_score = float(live.get_attribute("data-score"))
    screenshot("career-05-form-live-score")
    page.get_by_role("button", name="Run my audit").click()
    page.wait_for_url(re.compile(r"/audit/career/result\?p="))
    assert _score_of(page) == pytest.approx(live_score, abs=1e-3)
