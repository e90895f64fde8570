"""The charts in a real browser: headless Debian Chromium driven by Playwright.

The pages are served by a real `datasette serve` process over the seed database.
Screenshots go to test-artifacts/. Without /usr/bin/chromium the tests skip, except
in CI (where .ci/run installs it), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.server import ROOT, serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"


def _require_chromium():
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")


@pytest.fixture(scope="module")
def site(seed_db):
    with serving(seed_db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


def test_contested_charts_draw_one_mark_per_claim_and_click_through(site, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + "/-/contested")
    charts = page.locator("[data-chart]")
    assert charts.count() >= 3
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(c => c.dataset.rendered)", timeout=20_000
    )
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("data-rendered") == "true", chart.text_content()
        spec_id = chart.get_attribute("data-chart")
        expected = page.evaluate(
            "id => JSON.parse(document.getElementById(id).textContent).data.values.length", spec_id
        )
        assert chart.locator("g.mark-symbol.role-mark path").count() == expected, spec_id
        assert chart.locator("svg").get_attribute("aria-label") or chart.get_attribute("aria-label")
    page.screenshot(path=ARTIFACTS / "contested.png", full_page=True)

    # the last point drawn is on top of any it overlaps
    page.locator("#chart-russian-military-deaths-russia-military g.mark-symbol.role-mark path").last.click()
    page.wait_for_url("**/-/claim/*", timeout=10_000)
    assert page.locator("mark.cc-figure").count() == 1
    page.screenshot(path=ARTIFACTS / "claim.png", full_page=True)
    assert not errors


def test_pages_fit_a_phone_screen(site, browser):
    page = browser.new_page(viewport={"width": 375, "height": 800}, is_mobile=True)
    for path in ("/-/contested", "/-/claimant/russian-ministry-of-defence", "/-/about"):
        page.goto(site + path)
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-chart]')].every(c => c.dataset.rendered)"
        )
        # not innerWidth: a phone widens its layout viewport to a page that overflows
        overflow = page.evaluate("() => document.documentElement.scrollWidth") - page.viewport_size["width"]
        assert overflow <= 1, f"{path} is {overflow}px wider than a phone screen"
    page.screenshot(path=ARTIFACTS / "claimant-phone.png", full_page=True)


def test_hostile_article_text_stays_inert_in_pages_and_tooltips(tmp_path, browser):
    from casualty_claims.cli import build
    from tests.conftest import write_article
    from tests.test_pages import HOSTILE_ARTICLE, HOSTILE_META

    write_article(tmp_path / "in", "hostile.txt", HOSTILE_ARTICLE, meta=HOSTILE_META)
    build([tmp_path / "in"], tmp_path / "claims.db", reference_file=None, curation_file=None)
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serving(tmp_path / "claims.db") as base:
        for path in ("/-/article/hostile", "/-/claimant/volodymyr-zelensky", "/-/contested"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            assert page.locator("img[onerror], b[onmouseover], a[href^='javascript:']").count() == 0, path
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"a 20,000-character line makes {path} {overflow}px too wide"
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-chart]')].every(c => c.dataset.rendered)"
        )
        page.locator("g.mark-symbol.role-mark path").first.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible")
        assert "<b onmouseover=alert(4)>Evil</b>" in tooltip.inner_text()
        assert tooltip.locator("b").count() == 0
    assert dialogs == []


def test_chart_the_ratios_draws_from_a_click(site, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + "/claims/largest_disparities")
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Chart the ratios").click()
    page.wait_for_load_state("networkidle")
    assert "#g.mark=bar" in page.url
    # datasette-vega draws with vega-embed, on a canvas, once it has read the fragment
    drawn = page.locator(".vega-embed canvas, .vega-embed svg").first
    drawn.wait_for(timeout=20_000)
    box = drawn.bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    page.screenshot(path=ARTIFACTS / "disparities-chart.png", full_page=True)
    assert not errors
