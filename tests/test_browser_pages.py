"""Every kind of page in headless Chromium, at a desktop's width and a phone's: no console
warning or error, nothing wider than a phone's screen, and the method page linked.

The pages are served by a real `datasette serve` process over the seed database (the
fixtures of tests/test_browser.py; without /usr/bin/chromium these tests skip, except in
CI). Each page's screenshot goes to test-artifacts/; with SCREENSHOTS_DIR set (`make
screenshots` sets it to docs/), the README's screenshots are written there too, at fixed
sizes, so that the README shows the pages as they are.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from casualty_claims.reference import CLAIMANT as SERIES_CLAIMANT
from tests.test_browser import ARTIFACTS, ROOT, browser, site  # noqa: F401 (fixtures)

# A desktop's width and a phone's (an iPhone 12 to 15), and the height of a screenshot.
WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHTS = {"desktop": 900, "phone": 844}
# The README's screenshots: (page kind, width) -> the file name in SCREENSHOTS_DIR, and what
# to scroll to the top of the window first (a table page's table, below its columns' notes).
README_SCREENSHOTS = {
    ("contested", "desktop"): ("contested.png", None),
    ("claim", "desktop"): ("claim.png", None),
    ("table", "desktop"): ("claims-table.png", "table.rows-and-columns"),
    ("contested", "phone"): ("contested-phone.png", None),
}
# Every kind of page (the keys of page_paths): add a kind there and here.
PAGE_KINDS = (
    "home", "contested", "about", "claim", "article", "claimant", "table", "canned query", "row",
    "articles", "claimants", "series", "report",
)  # fmt: skip
# The tallest row a table may have at a desktop's width: six lines of text.
TALLEST_ROW = 150
# The method page, which every page links to.
METHOD_LINK = 'a[href$="/-/about"]'
CHARTS_DRAWN = "() => [...document.querySelectorAll('[data-chart]')].every(c => c.dataset.rendered)"


def page_paths(conn: sqlite3.Connection) -> dict[str, str]:
    """A path of every kind of page, the claim, article and claimant those of the largest
    disparity (a claim with a counterclaim, and a named claimant)."""
    claim, article, claimant = conn.execute(
        """SELECT claims.id, claims.article, claims.claimant FROM counterclaims
        JOIN claims ON claims.id = counterclaims.claim_id
        WHERE claims.claimant IS NOT NULL ORDER BY counterclaims.ratio DESC LIMIT 1"""
    ).fetchone()
    (report,) = conn.execute("SELECT max(date) FROM reference_reports").fetchone()
    return {
        "home": "/",
        "contested": "/-/contested",
        "about": "/-/about",
        "claim": f"/-/claim/{claim}",
        "article": f"/-/article/{article}",
        "claimant": f"/-/claimant/{claimant}",
        "table": "/claims/claims_flat",
        "canned query": "/claims/largest_disparities",
        "row": f"/claims/claims/{claim}",
        "articles": "/-/articles",
        "claimants": "/-/claimants",
        "series": f"/-/claimant/{SERIES_CLAIMANT}",
        "report": f"/-/report/{report}",
    }


@pytest.fixture(scope="module")
def paths(seed_db) -> dict[str, str]:
    with sqlite3.connect(seed_db) as conn:
        return page_paths(conn)


@pytest.fixture(scope="module", params=WIDTHS)
def screen(request, browser):  # noqa: F811 (a fixture of tests.test_browser)
    """A browser window of one width (a phone's as a phone shows pages): the width's name and the window."""
    width = request.param
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": HEIGHTS[width]},
        is_mobile=width == "phone",
        has_touch=width == "phone",
    )
    yield width, context
    context.close()


def visit(context, url: str) -> tuple[object, list[str]]:
    """Open ``url`` in a new tab of ``context`` once its charts are drawn; the page and the
    console's warnings and errors (and uncaught exceptions) it logged."""
    page = context.new_page()
    messages = []
    page.on(
        "console",
        lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("warning", "error") else None,
    )
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
    return page, messages


def screenshot(page, kind: str, width: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{kind.replace(' ', '-')}-{width}.png", full_page=True)
    folder = os.environ.get("SCREENSHOTS_DIR")
    if not folder or (kind, width) not in README_SCREENSHOTS:
        return
    name, top = README_SCREENSHOTS[kind, width]
    if top:
        page.locator(top).first.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.screenshot(path=Path(folder) / name)  # the window only: a fixed size


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_kind_of_page_reads_cleanly_at_both_widths(kind, paths, screen, site):  # noqa: F811
    width, context = screen
    url = site + paths[kind]
    page, messages = visit(context, url)
    try:
        screenshot(page, kind, width)
        if width == "phone":
            overflow = page.evaluate("() => document.documentElement.scrollWidth") - WIDTHS[width]
            assert overflow <= 0, f"{paths[kind]} is {overflow} px wider than a phone's screen"
        assert page.locator(METHOD_LINK).count() >= 1, f"{paths[kind]} has no link to the method page"
    finally:
        page.close()
    assert messages == [], f"{paths[kind]} at {WIDTHS[width]} px logged {messages}"


@pytest.mark.parametrize(
    ("path", "figures"),
    [
        ("/claims/claims_flat", ("display", "value")),
        ("/claims/counterclaims_flat", ("claim_display", "counter_display", "ratio")),
        ("/claims/largest_disparities", ("ratio", "claim_display", "counter_display")),
    ],
)
def test_a_tables_figures_are_on_screen_and_its_rows_are_short(site, browser, path, figures):  # noqa: F811
    """A table at a desktop's width: its figures in view without scrolling sideways, and no
    row taller than a few lines (claims_flat's quotes made rows 200-390 px tall)."""
    page = browser.new_page(viewport={"width": WIDTHS["desktop"], "height": HEIGHTS["desktop"]})
    page.goto(site + path)
    for column in figures:
        right = page.evaluate(
            f"() => document.querySelector('th.col-{column}').getBoundingClientRect().right"
        )
        assert right <= WIDTHS["desktop"], f"{path}: the {column} column ends at {right} px"
    heights = page.evaluate(
        "() => [...document.querySelectorAll('table.rows-and-columns tbody tr')]"
        ".map(row => row.getBoundingClientRect().height)"
    )
    assert heights and max(heights) <= TALLEST_ROW, f"{path} has rows up to {max(heights)} px tall"
    page.close()


def test_the_readme_shows_every_screenshot_the_browser_test_takes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _ in README_SCREENSHOTS.values():
        assert (ROOT / "docs" / name).is_file(), f"docs/{name} is missing: run make screenshots"
        assert f"](docs/{name})" in readme, f"the README shows no docs/{name}"
