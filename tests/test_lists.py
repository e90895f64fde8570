"""/-/articles and /-/claimants: every news article and claimant, sorted by any column, a page
at a time, each row linked to its page; the JSON twins page by next_url; bad orders and pages
are a 400 that says what is allowed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from casualty_claims.reference import CLAIMANT as SERIES_CLAIMANT
from casualty_claims.reference import SERIES_ID

LISTS = {
    "/-/articles": ["outlet", "date", "headline", "claims"],
    "/-/claimants": ["name", "side", "kind", "inferred", "claims", "first", "last"],
}
# The field of a JSON row each sort orders by.
FIELDS = {"date": "published", "first": "first_claim", "last": "last_claim"}


async def _every_row(client, url: str) -> list[dict]:
    """The rows of a list's JSON, page after page by next_url."""
    rows = []
    while url:
        response = await client.get(url)
        assert response.status_code == 200, response.text[:300]
        data = response.json()
        rows += data["rows"]
        url = data["next_url"] and urlsplit(data["next_url"])._replace(scheme="", netloc="").geturl()
    return rows


def _sorted(rows: list[dict], field: str, descending: bool) -> list:
    """The values of ``field`` as the list orders them: no value last, text without case."""
    values = [row[field] for row in rows]
    present = [v for v in values if v is not None]
    key = (lambda v: v.lower()) if all(isinstance(v, str) for v in present) else None
    return sorted(present, key=key, reverse=descending) + [None] * (len(values) - len(present))


@pytest.mark.asyncio
async def test_articles_are_the_news_articles_each_linked_to_its_page(datasette, seed_conn):
    rows = await _every_row(datasette.client, "/-/articles.json?_size=2")
    build = seed_conn.execute("SELECT articles FROM build").fetchone()[0]
    assert len(rows) == build == len({row["id"] for row in rows})
    assert SERIES_ID not in {row["id"] for row in rows}
    counted = dict(
        seed_conn.execute(
            "SELECT article, count(*) FROM claims WHERE origin = 'news' AND status != 'rejected' GROUP BY article"
        ).fetchall()
    )
    for row in rows:
        assert row["page"] == f"/-/article/{row['id']}"
        assert row["claims"] == counted.get(row["id"], 0)
        assert (await datasette.client.get(row["page"])).status_code == 200
    published = [row["published"] for row in rows]
    assert published == _sorted(rows, "published", descending=True)  # newest first unless asked


@pytest.mark.asyncio
async def test_the_series_is_left_out_with_a_link_to_the_ministry(datasette):
    page = (await datasette.client.get("/-/articles")).text
    assert f'href="/-/claimant/{SERIES_CLAIMANT}"' in page
    assert f'href="/-/article/{SERIES_ID}"' not in page
    assert 'href="/-/article/000_37b49ff60204eea0"' in page


@pytest.mark.asyncio
async def test_claimants_are_those_of_the_claims_with_their_first_and_last(datasette, seed_conn):
    rows = await _every_row(datasette.client, "/-/claimants.json?_size=5")
    expected = {
        row["claimant"]: row
        for row in seed_conn.execute(
            """SELECT claimant, count(*) AS claims, min(as_of) AS first, max(as_of) AS last FROM claims
               WHERE origin = 'news' AND status != 'rejected' AND claimant IS NOT NULL GROUP BY claimant"""
        )
    }
    build = seed_conn.execute("SELECT claimants FROM build").fetchone()[0]
    assert len(rows) == build == len(expected)
    for row in rows:
        known = expected[row["id"]]
        assert (row["claims"], row["first_claim"], row["last_claim"]) == (
            known["claims"],
            known["first"],
            known["last"],
        )
        assert row["page"] == f"/-/claimant/{row['id']}"
    assert [row["claims"] for row in rows] == sorted((row["claims"] for row in rows), reverse=True)
    inferred = {
        r[0] for r in seed_conn.execute("SELECT id FROM claimants WHERE inferred = 1 AND claim_count > 0")
    }
    assert {row["id"] for row in rows if row["inferred"]} == inferred


@pytest.mark.asyncio
@pytest.mark.parametrize("path, sort", [(path, sort) for path, sorts in LISTS.items() for sort in sorts])
@pytest.mark.parametrize("descending", [False, True])
async def test_each_column_sorts_both_ways_over_every_page(datasette, path, sort, descending):
    key = "_sort_desc" if descending else "_sort"
    rows = await _every_row(datasette.client, f"{path}.json?{key}={sort}&_size=3")
    field = FIELDS.get(sort, sort)
    assert [row[field] for row in rows] == _sorted(rows, field, descending)
    assert len({row["id"] for row in rows}) == len(rows)  # no row on two pages


@pytest.mark.asyncio
@pytest.mark.parametrize("path", LISTS)
async def test_headings_sort_and_the_pager_pages(datasette, path):
    page = (await datasette.client.get(f"{path}?_size=2")).text
    assert (
        f'href="{path}?_size=2&amp;_sort=claims"' in page
        or f'href="{path}?_size=2&amp;_sort_desc=claims"' in page
    )
    assert f'href="{path}?_size=2&amp;_page=2" rel="next"' in page.replace("http://localhost", "")
    assert 'rel="prev"' not in page
    second = (await datasette.client.get(f"{path}?_size=2&_page=2")).text
    assert f'href="{path}?_size=2&amp;_page=1" rel="prev"' in second


@pytest.mark.asyncio
@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "query, message",
    [
        ("_sort=bogus", "Cannot sort by 'bogus'"),
        ("_sort_desc=id;DROP TABLE claims", "Cannot sort by"),
        ("_sort=claims&_sort_desc=claims", "not both"),
        ("_size=0", "_size must be a whole number from 1"),
        ("_size=501", "from 1 to 500 (or max)"),
        ("_size=ten", "_size must be"),
        ("_size=%C2%B2", "_size must be"),
        ("_page=0", "_page must be a whole number from 1"),
        ("_page=-1", "_page must be"),
        ("_page=1.5", "_page must be"),
        ("_page=" + "9" * 40, "_page must be a whole number from 1 to 1,000,000,000"),
    ],
)
async def test_bad_orders_and_pages_are_a_400_that_says_why(datasette, path, query, message):
    for format in ("", ".json"):
        response = await datasette.client.get(f"{path}{format}?{query}")
        assert response.status_code == 400, (query, response.status_code)
        assert message in (response.json()["error"] if format else response.text.replace("&#39;", "'"))


@pytest.mark.asyncio
@pytest.mark.parametrize("path", LISTS)
async def test_a_page_past_the_last_is_empty_and_the_largest_size_is_bounded(datasette, path):
    data = (await datasette.client.get(f"{path}.json?_page=1000000000")).json()
    assert data["rows"] == [] and data["next_url"] is None
    data = (await datasette.client.get(f"{path}.json?_size=max")).json()
    assert data["size"] == 500 and len(data["rows"]) == data["count"]


@pytest.mark.asyncio
async def test_the_lists_are_in_the_menu_and_on_the_home_page(datasette):
    home = (await datasette.client.get("/")).text
    for path, label in (("/-/articles", "Articles"), ("/-/claimants", "Claimants")):
        assert f'<a href="{path}">{label}</a>' in home  # the home page's own link and the menu's
        assert f'<li><a href="{path}">{label}</a></li>' in home


@pytest.mark.asyncio
async def test_outlets_sort_without_case_and_unknown_ones_last(tmp_path, metadata):
    from casualty_claims.cli import build
    from tests.conftest import site, write_article

    text = "Front line report {}\n\nThe governor said 40 soldiers were killed in the region.\n"
    for n, outlet in enumerate(["beta Post", "Alpha News", None, "Gamma Times"]):
        meta = f"outlet: {outlet}\n" if outlet else None
        write_article(tmp_path / "news", f"a{n}.txt", text.format(n), meta=meta)
    build([tmp_path / "news"], tmp_path / "claims.db", jobs=1, reference_file=None, curation_file=None)
    client = site(tmp_path / "claims.db", metadata).client
    for key, expected in (
        ("_sort", ["Alpha News", "beta Post", "Gamma Times", None]),
        ("_sort_desc", ["Gamma Times", "beta Post", "Alpha News", None]),
    ):
        rows = await _every_row(client, f"/-/articles.json?{key}=outlet&_size=1")
        assert [row["outlet"] for row in rows] == expected
