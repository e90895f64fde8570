"""The charts as a reader sees them, in headless Chromium (see test_browser.py): drawn without
a single console warning or error from Vega, every time axis tick showing its year, every way a
figure was given in the legend. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest

from tests.test_browser import ARTIFACTS, browser, site  # noqa: F401 (fixtures)

PAGES = {
    "charts-contested": "/-/contested",
    "charts-claimant": "/-/claimant/russian-ministry-of-defence",
    "charts-claimant-person": "/-/claimant/volodymyr-zelensky",
}
ALL_DRAWN = "() => [...document.querySelectorAll('[data-chart]')].every(c => c.dataset.rendered)"
YEAR = re.compile(r"\b(19|20)\d\d\b")


def _visit(browser, url: str, width: int = 1280):  # noqa: F811 (the fixture's name)
    """The page at ``url`` once every chart is drawn, and what its console said on the way."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    said = []
    page.on("console", lambda message: said.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: said.append(f"pageerror: {error}"))
    page.goto(url)
    page.wait_for_function(ALL_DRAWN, timeout=20_000)
    return page, [s for s in said if not s.startswith(("log:", "info:", "debug:"))]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name, path", PAGES.items())
def test_charts_draw_without_console_warnings_and_date_every_tick(site, browser, name, path, width):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    page, said = _visit(browser, site + path, width)
    page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    assert said == []
    charts = page.locator("[data-chart]")
    assert charts.count() >= 1
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("data-rendered") == "true", chart.text_content()
        ticks = chart.locator("g[aria-label^='X-axis'] g.role-axis-label text").all_text_contents()
        assert ticks and all(YEAR.search(tick) for tick in ticks), (chart.get_attribute("id"), ticks)


def test_projections_and_vague_amounts_have_legend_entries(site, browser):  # noqa: F811
    page, said = _visit(browser, site + "/-/contested")
    chart = page.locator("#chart-russian-military-deaths-russia-military")
    legend = chart.locator("g.role-legend").all_text_contents()
    assert any("a projection, not a count" in text for text in legend), legend
    assert any("a vague amount" in text for text in legend), legend
    assert said == []
