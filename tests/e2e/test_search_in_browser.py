"""The search flow in real Chromium: confident title -> its report, ambiguous -> choose once,
gibberish -> an honest no match with a way to browse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _search(page, server_url: str, title: str) -> None:
    page.goto(server_url + "/")
    page.get_by_role("combobox", name="Your job title").fill(title)
    page.get_by_role("button", name="Check my job").click()


def test_a_confident_title_opens_the_report_that_names_it(page, server_url, screenshot):
    _search(page, server_url, "Machine Learning Engineer")
    page.wait_for_url(re.compile(r"/occupations/15-2051\.00\?q=Machine"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Machine Learning Engineer \u2192 closest occupation: Data Scientists")
    expect(page).to_have_title(re.compile(r"^Machine Learning Engineer \u2192 closest occupation: Data Scientists"))
    alternatives = page.locator(".alternatives a")
    expect(alternatives.first).to_be_visible()
    assert "Data Scientists" not in alternatives.all_inner_texts()
    screenshot("10-search-confident-report")
    alternatives.first.click()
    page.wait_for_url(re.compile(r"/occupations/(?!15-2051\.00)\d{2}-\d{4}\.\d{2}\?q=Machine"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Machine Learning Engineer \u2192")
    expect(page.locator(".resolution")).to_contain_text("You chose")


def test_an_ambiguous_title_offers_a_choice_once(page, server_url, screenshot):
    _search(page, server_url, "engineer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which occupation is closest to \u201cengineer\u201d?")
    choices = page.locator("a.choice")
    assert choices.count() >= 2
    chosen = choices.first.inner_text()
    screenshot("11-search-ambiguous-choice")
    choices.first.click()
    page.wait_for_url(re.compile(r"/occupations/\d{2}-\d{4}\.\d{2}\?q=engineer"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"engineer \u2192 {chosen}")


def test_gibberish_gets_no_match_and_a_way_to_browse(page, server_url, screenshot):
    _search(page, server_url, "asdfgh")
    expect(page.get_by_role("heading", level=1)).to_have_text("No match for \u201casdfgh\u201d")
    expect(page.get_by_text("did you mean", exact=False)).to_have_count(0)
    screenshot("12-search-no-match")
    page.get_by_role("link", name="browse all occupations").click()
    page.wait_for_url(re.compile(r"/occupations$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Browse occupations")
