"""The canned queries in metadata.yml: described, read-only, and answering on the seeds."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl

import pytest

EXAMPLES = {
    "claims_by_claimant": "claimant=russian-ministry-of-defence",
    "subject_timeline": "subject_side=russia&measure=killed",
    "largest_disparities": "",
    "uncontested_claims": "",
    "most_reported_figures": "",
    "search_figure_sentences": "q=killed",
    "search_claims": "q=killed",
    "claims_between": "from=2022-03-01&to=2022-03-31",
    "newest_claims_atom": "",
}


def test_every_query_is_described_read_only_and_exercised(metadata):
    queries = metadata["databases"]["claims"]["queries"]
    assert set(queries) == set(EXAMPLES)
    for name, query in queries.items():
        assert query["title"] and (query.get("description") or query.get("description_html")), name
        assert not query.get("write"), name


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(EXAMPLES))
async def test_query_answers_with_rows(datasette, name):
    response = await datasette.client.get(f"/claims/{name}.json?_shape=objects&{EXAMPLES[name]}")
    assert response.status_code == 200, response.text[:300]
    assert response.json()["rows"], name
    page = await datasette.client.get(f"/claims/{name}?{EXAMPLES[name]}")
    assert page.status_code == 200


@pytest.mark.asyncio
async def test_subject_timeline_holds_both_sides_figures(datasette):
    rows = (
        await datasette.client.get(
            "/claims/subject_timeline.json?_shape=objects&subject_side=russia&measure=killed"
        )
    ).json()["rows"]
    by_value = {row["value"]: row["claimant_side"] for row in rows}
    assert by_value[1351] == "russia" and by_value[16000] == "ukraine"
    assert [row["as_of"] for row in rows] == sorted(row["as_of"] for row in rows)


@pytest.mark.asyncio
async def test_claims_between_counts_a_month_that_overlaps_the_range(datasette):
    rows = (
        await datasette.client.get("/claims/claims_between.json?_shape=objects&from=2022-03-20&to=2022-03-21")
    ).json()["rows"]
    assert {"2022-03"} <= {row["as_of"] for row in rows}
    assert all(row["as_of"][:7] == "2022-03" for row in rows)


@pytest.mark.asyncio
async def test_largest_disparities_come_first(datasette):
    rows = (await datasette.client.get("/claims/largest_disparities.json?_shape=objects")).json()["rows"]
    ratios = [row["ratio"] for row in rows]
    assert ratios == sorted(ratios, reverse=True) and ratios[0] > 10


SEARCHES = ["search_figure_sentences", "search_claims"]


@pytest.mark.asyncio
@pytest.mark.parametrize("name", SEARCHES)
@pytest.mark.parametrize(
    "q",
    [
        '" OR 1=1 --',
        "killed AND",
        "*",
        "NEAR(",
        "'; DROP TABLE claims; --",
        "kill\x00ed",
        "\x00",
        "text:killed",
    ],
)
async def test_hostile_search_strings_are_just_words(datasette, name, q):
    response = await datasette.client.get(f"/claims/{name}.json", params={"q": q})
    assert response.status_code == 200, response.text[:300]
    assert (await datasette.client.get("/claims/claims.json?_size=1")).status_code == 200


@pytest.mark.asyncio
async def test_newest_claims_atom_feed(datasette):
    response = await datasette.client.get("/claims/newest_claims_atom.atom")
    assert response.status_code == 200
    # datasette-atom serves feeds as application/xml so that browsers show them
    assert response.headers["content-type"].startswith("application/xml")
    assert '<feed xmlns="http://www.w3.org/2005/Atom"' in response.text
    assert "<entry>" in response.text and "/-/claim/" in response.text
    assert "<title>Newest claims</title>" in response.text


@pytest.mark.asyncio
async def test_query_results_link_claims_to_their_pages(datasette):
    page = (await datasette.client.get("/claims/largest_disparities")).text
    assert 'href="/-/claim/' in page


@pytest.mark.asyncio
async def test_uncontested_claims_are_people_and_in_no_pair(datasette, seed_conn):
    rows = (await datasette.client.get("/claims/uncontested_claims.json?_shape=objects&_size=max")).json()[
        "rows"
    ]
    paired = {
        row[0]
        for row in seed_conn.execute(
            "SELECT claim_id FROM counterclaims UNION SELECT counter_id FROM counterclaims"
        )
    }
    people = {row[0] for row in seed_conn.execute("SELECT id FROM measures WHERE counts_people = 1")}
    assert rows
    assert not {row["claim_id"] for row in rows} & paired
    assert {row["measure"] for row in rows} <= people


@pytest.mark.asyncio
async def test_search_finds_only_sentences_with_claims(datasette, seed_conn):
    rows = (
        await datasette.client.get("/claims/search_figure_sentences.json?_shape=objects&q=killed")
    ).json()["rows"]
    assert rows
    for row in rows:
        assert row["claim_id"] and row["article_title"]
        assert "kill" in row["text"].lower()


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(EXAMPLES))
async def test_every_query_opens_without_parameters(datasette, name):
    for path in (f"/claims/{name}", f"/claims/{name}.json?_shape=objects"):
        response = await datasette.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])


@pytest.mark.asyncio
@pytest.mark.parametrize("name", SEARCHES)
@pytest.mark.parametrize("q", ["", "   ", '""', "- * ()"])
async def test_a_search_with_no_words_finds_nothing(datasette, name, q):
    response = await datasette.client.get(f"/claims/{name}.json?_shape=objects", params={"q": q})
    assert response.status_code == 200, response.text[:300]
    assert response.json()["rows"] == []


def _chart_link(description_html: str) -> tuple[str, dict]:
    """The address before the fragment of a "Chart …" link, and datasette-vega's settings
    in its fragment (g.mark=bar&g.x_column=…)."""
    href = html.unescape(re.search(r'<a href="([^"]*#g\.[^"]*)">Chart', description_html).group(1))
    address, fragment = href.split("#", 1)
    return address, {key.removeprefix("g."): value for key, value in parse_qsl(fragment)}


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["claims_by_claimant", "subject_timeline", "largest_disparities"])
async def test_chart_links_load_the_page_and_name_its_columns(datasette, metadata, name):
    address, chart = _chart_link(metadata["databases"]["claims"]["queries"][name]["description_html"])
    # datasette-vega reads its settings from the fragment when the page loads and, once a
    # chart is drawn, on popstate: a link that only changes the fragment draws nothing.
    # A link with a query part ("?", "?claimant=…") loads the page.
    assert address.startswith("?"), address
    rows = (await datasette.client.get(f"/claims/{name}.json?_shape=objects&{address[1:]}")).json()["rows"]
    assert rows
    for setting in ("x_column", "y_column", "color_column"):
        assert chart[setting] in rows[0], (setting, chart[setting])


@pytest.mark.asyncio
async def test_the_ratios_chart_orders_bars_by_ratio_with_readable_labels(datasette, metadata):
    _, chart = _chart_link(
        metadata["databases"]["claims"]["queries"]["largest_disparities"]["description_html"]
    )
    rows = (await datasette.client.get("/claims/largest_disparities.json?_shape=objects")).json()["rows"]
    bar, value = (
        (chart["y_column"], chart["x_column"])
        if chart["y_type"] == "ordinal"
        else (
            chart["x_column"],
            chart["y_column"],
        )
    )
    assert value == "ratio"
    # Vega-Lite sorts an ordinal axis by its labels: their order must be the ratios'
    by_label = sorted(rows, key=lambda row: row[bar])
    assert [row["ratio"] for row in by_label] == sorted((row["ratio"] for row in rows), reverse=True)
    first = by_label[0]
    assert first[bar] == (
        f"001. {first['claim_display']} vs {first['counter_display']}: killed, losses of Russia"
    )
