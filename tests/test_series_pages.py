"""The ministry's daily series as a source of its own, on the seeds built with the series: the
ministry's page charts it and lists its reports a page at a time, apart from the claims the news
attributes to the ministry; each report has a page that reads as a report; a figure of the series
names its report and that report's date; the series' pseudo-article leads to the ministry's page;
and the lists of the news (canned queries, the overview) are not flooded by its 19,667 figures."""

from __future__ import annotations

import html
import json
import re

import pytest

from casualty_claims import reference
from casualty_claims_plugin.series import REPORTS_PAGE_SIZE

MINISTRY = f"/-/claimant/{reference.CLAIMANT}"
DAY = "2022-11-13"  # a report a seed article's figure matches (test_reference.py)


def _main(page: str) -> str:
    return page.split('<main class="cc-page">', 1)[1].split("</main>", 1)[0]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


def _reports(conn) -> list:
    return conn.execute("SELECT * FROM reference_reports ORDER BY date DESC").fetchall()


@pytest.mark.asyncio
async def test_the_ministrys_page_shows_its_series_apart_from_its_news_claims(datasette, seed_conn):
    response = await datasette.client.get(MINISTRY)
    assert response.status_code == 200
    page = _main(response.text)
    reports = _reports(seed_conn)
    assert 'id="series"' in page
    series = page.split('id="series"', 1)[1]
    # the claimant's news claims are counted as such, not as "0 claims" over an empty table
    assert "0 claims" not in _text(page) and "No claim of it has been read from the news" in _text(page)
    assert f"{len(reports):,} daily reports, from {reports[-1]['date']} to {reports[0]['date']}" in _text(
        series
    )
    assert "MIT licence" in _text(series) and f'href="{reference.SERIES_URL}"' in series
    # the chart: one point per report, its personnel figure by date
    spec = json.loads(
        re.search(r'<script type="application/json" id="spec-series">(.*?)</script>', page, re.S)[1]
    )
    assert spec["data"]["values"] == [
        {"date": r["date"], "personnel": r["personnel"]} for r in reversed(reports)
    ]
    assert spec["encoding"]["x"]["field"] == "date" and spec["encoding"]["y"]["field"] == "personnel"
    assert '<script src="/-/static-plugins/casualty-claims/charts.js"></script>' in response.text
    # the table: the newest page of reports, each linked to its page, then a link to older ones
    linked = re.findall(r'<td class="cc-date"><a href="/-/report/([\d-]+)">', series)
    assert linked == [r["date"] for r in reports[:REPORTS_PAGE_SIZE]]
    older = reports[REPORTS_PAGE_SIZE - 1]["date"]
    assert f'<a href="{MINISTRY}?before={older}#series" rel="next">Older reports</a>' in series


@pytest.mark.asyncio
async def test_the_series_table_pages_through_every_report_once(datasette, seed_conn):
    reports = _reports(seed_conn)
    seen, url, pages = [], f"{MINISTRY}.json", 0
    while url:
        series = (await datasette.client.get(url)).json()["series"]
        assert 0 < len(series["reports"]) <= series["page_size"] == REPORTS_PAGE_SIZE
        seen += series["reports"]
        url, pages = series["next_url"], pages + 1
    assert pages == -(-len(reports) // REPORTS_PAGE_SIZE)
    assert [r["date"] for r in seen] == [r["date"] for r in reports]
    # each report's personnel figure and its change since the report before it
    for row, earlier, report in zip(seen, [*seen[1:], None], reports, strict=True):
        assert row["figures"]["personnel"] == report["personnel"]
        assert row["personnel_change"] == (earlier and report["personnel"] - earlier["figures"]["personnel"])
    # a later page of the HTML leads back to the newest reports
    page = (await datasette.client.get(f"{MINISTRY}?before={reports[150]['date']}")).text
    assert f'<a href="{MINISTRY}#series">The newest reports</a>' in page
    assert re.findall(r'<td class="cc-date"><a href="/-/report/([\d-]+)">', page)[0] == reports[151]["date"]


@pytest.mark.asyncio
@pytest.mark.parametrize("before", ["yesterday", "2022-13-01", "2022-11-13' OR 1=1"])
async def test_a_page_of_the_series_must_be_asked_for_by_date(datasette, before):
    for suffix in ("", ".json"):
        response = await datasette.client.get(f"{MINISTRY}{suffix}", params={"before": before})
        assert response.status_code == 400


@pytest.mark.asyncio
async def test_the_ministrys_page_stays_bounded(datasette):
    for path in (MINISTRY, f"{MINISTRY}.json"):
        response = await datasette.client.get(path)
        # a page of reports and the chart's one point a day, whatever else the series holds
        assert len(response.content) < 250_000, path


@pytest.mark.asyncio
async def test_a_report_page_reads_as_a_report(datasette, seed_conn):
    report = seed_conn.execute("SELECT * FROM reference_reports WHERE id = ?", (DAY,)).fetchone()
    before = seed_conn.execute(
        "SELECT * FROM reference_reports WHERE date < ? ORDER BY date DESC LIMIT 1", (DAY,)
    ).fetchone()
    response = await datasette.client.get(f"/-/report/{DAY}")
    assert response.status_code == 200
    page = _main(response.text)
    assert f"<h1>Report of the Ministry of Defence of Ukraine for {DAY}</h1>" in page
    assert "article" not in _text(page).lower()
    assert f'href="{html.escape(report["source_uri"])}"' in page
    assert f'href="{reference.SERIES_URL}"' in page and "MIT licence" in _text(page)
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="cc-number">([^<]+)</td>', page)
    shown = [field for field in reference.FIELD_LABELS if report[field] is not None]
    assert rows[0] == ("Personnel killed or wounded", f"about {report['personnel']:,}")
    assert [label for label, _ in rows] == [reference.FIELD_LABELS[field] for field in shown]
    data = (await datasette.client.get(f"/-/report/{DAY}.json")).json()
    assert [f["field"] for f in data["figures"]] == shown
    for figure in data["figures"]:
        assert figure["page"] == f"/-/claim/{reference.claim_id(DAY, figure['field'])}"
        earlier = before[figure["field"]]
        assert figure["change"] == (None if earlier is None else report[figure["field"]] - earlier)
        assert f'<a href="{figure["page"]}">' in page
    assert data["previous"]["page"] == f"/-/report/{before['date']}"
    assert data["report"]["source_uri"] == report["source_uri"]


@pytest.mark.asyncio
async def test_a_report_page_lists_the_news_figures_checked_against_it(datasette, seed_conn):
    checked = [r[0] for r in seed_conn.execute("SELECT claim FROM reference_checks WHERE report = ?", (DAY,))]
    assert checked
    data = (await datasette.client.get(f"/-/report/{DAY}.json")).json()
    assert sorted(c["claim"] for c in data["checks"]) == sorted(checked) and data["check_count"] == len(
        checked
    )
    page = (await datasette.client.get(f"/-/report/{DAY}")).text
    for claim in checked:
        assert f'href="/-/claim/{claim}"' in page


@pytest.mark.asyncio
async def test_an_unknown_report_is_a_404(datasette):
    for path in ("/-/report/1999-01-01", "/-/report/1999-01-01.json"):
        response = await datasette.client.get(path)
        assert response.status_code == 404 and "No report with id 1999-01-01" in response.text


@pytest.mark.asyncio
async def test_a_figure_of_the_series_names_its_report_and_its_date(datasette, seed_conn):
    newest = seed_conn.execute("SELECT max(date) FROM reference_reports").fetchone()[0]
    claim = reference.claim_id(DAY, "personnel")
    response = await datasette.client.get(f"/-/claim/{claim}")
    page = _main(response.text)
    text = _text(page)
    # published on the report's date, not on the series' newest (the pseudo-article's)
    assert newest != DAY and newest not in text
    assert f"Reported on {DAY}" in text and "Article published" not in text
    assert f'<a href="/-/report/{DAY}">daily report for {DAY}</a>' in page
    assert f'<a href="/-/report/{DAY}">report {DAY}</a>' in response.text  # the breadcrumbs
    # the ministry is named as the claimant, not again as the outlet, the article or the text's words
    source = re.search(r'<p class="cc-source">(.*?)</p>', page, re.S)[1]
    assert "Ministry of Defence" not in source
    assert "named in the text" not in text and "Reported by" not in text and "this article" not in text
    citation = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)[1]
    assert html.unescape(citation).count("Ministry of Defence of Ukraine") == 1
    assert f"daily report for {DAY}" in citation and reference.SERIES_URL in citation
    data = (await datasette.client.get(f"/-/claim/{claim}.json")).json()["claim"]
    assert data["reported_on"] == data["published"] == DAY and data["article_published"] is None
    assert data["article_page"] == f"/-/report/{DAY}"


@pytest.mark.asyncio
async def test_a_news_claim_checked_against_a_report_links_to_its_page(datasette, seed_conn):
    claim = seed_conn.execute("SELECT claim FROM reference_checks WHERE report = ?", (DAY,)).fetchone()[0]
    page = (await datasette.client.get(f"/-/claim/{claim}")).text
    assert f'<a href="/-/report/{DAY}">the report for {DAY}</a>' in page
    assert "Article published" in page  # a news claim is still read from its article


@pytest.mark.asyncio
async def test_the_series_pseudo_article_leads_to_the_ministrys_page(datasette):
    page = await datasette.client.get(f"/-/article/{reference.SERIES_ID}")
    assert page.status_code == 302 and page.headers["location"] == f"{MINISTRY}#series"
    twin = await datasette.client.get(f"/-/article/{reference.SERIES_ID}.json")
    assert twin.status_code == 302 and twin.headers["location"] == f"{MINISTRY}.json"


@pytest.mark.asyncio
async def test_the_checks_table_links_reports_and_claims_to_their_pages(datasette, seed_conn):
    claim = seed_conn.execute("SELECT claim FROM reference_checks WHERE report = ?", (DAY,)).fetchone()[0]
    page = (await datasette.client.get(f"/claims/reference_checks?claim={claim}")).text
    assert f'<a href="/-/report/{DAY}">{DAY}</a>' in page
    assert f'<a href="/-/claim/{reference.claim_id(DAY, "personnel")}">' in page
    assert f'<a href="/-/claim/{claim}">' in page


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "query",
    [
        "most_reported_figures",
        "subject_timeline?subject_side=russia&measure=killed_or_wounded",
        "claims_by_claimant?claimant=ministry-of-defence-of-ukraine",
        "claims_between?from=2022-01-01&to=2026-12-31",
        "uncontested_claims",
        "newest_claims_atom",
    ],
)
async def test_lists_of_the_news_leave_the_series_out(datasette, seed_conn, query):
    name, _, arguments = query.partition("?")
    rows = (await datasette.client.get(f"/claims/{name}.json?_shape=objects&{arguments}")).json()["rows"]
    series = {r[0] for r in seed_conn.execute("SELECT id FROM claims WHERE origin = 'reference'")}
    assert not {row.get("claim_id") for row in rows} & series, name
    assert not {row.get("group_id") for row in rows} & series, name


@pytest.mark.asyncio
async def test_the_most_reported_figures_are_the_news_groups(datasette, seed_conn):
    rows = (await datasette.client.get("/claims/most_reported_figures.json?_shape=objects")).json()["rows"]
    news = seed_conn.execute("SELECT count(*) FROM claim_groups WHERE origin = 'news'").fetchone()[0]
    assert len(rows) == min(news, 100)
    assert rows[0]["article_count"] > 1
    page = (await datasette.client.get("/claims/most_reported_figures")).text
    assert f'href="../-/claimant/{reference.CLAIMANT}#series"' in page  # where the series is


@pytest.mark.asyncio
async def test_the_overview_keeps_the_series_a_reference(datasette, seed_conn):
    data = (await datasette.client.get("/-/contested.json")).json()
    russian_own_groups = seed_conn.execute(
        "SELECT count(*) FROM claim_groups WHERE claimant_side = 'russia' AND subject_side = 'russia'"
    ).fetchone()[0]
    for subject in data["subjects"]:
        assert not [c for c in subject["claims"] if c["origin"] == reference.ORIGIN], subject["slug"]
        with_series = [p for p in subject["pairs"] if "mod-" in p["claim_id"] + p["counter_id"]]
        # a Russian claim about its own losses is set against one report at most
        assert len(with_series) <= russian_own_groups


@pytest.mark.asyncio
async def test_the_home_page_and_the_method_page_lead_to_the_series(datasette):
    for path in ("/", "/-/about"):
        page = (await datasette.client.get(path)).text
        assert f'href="{MINISTRY}#series"' in page, path
