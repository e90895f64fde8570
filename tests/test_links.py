"""Every claim, article and claimant id in every table, view and canned query links to its page,
and so does a claimant's name where its id stands in the same row; every page's header has a
search of the claims that no input makes fail."""

from __future__ import annotations

import re

import pytest

from casualty_claims import schema
from casualty_claims_plugin.cells import ID_COLUMNS
from casualty_claims_plugin.search import fts_words

PAGES = {"claims": "claim", "articles": "article", "claimants": "claimant"}
# Tables the site serves no page of.
UNSERVED = {"article_texts"}
# Views, by the columns that hold an id (of the table they name) or a claimant's name beside its id.
VIEW_LINKS = {
    "claims_flat": {
        "claim_id": "claims", "article": "articles", "claimant": "claimants", "via": "claimants",
        "claimant_id": "claimants",
    },
    "counterclaims_flat": {
        "claim_id": "claims", "counter_id": "claims", "claim_claimant": "claimants",
        "counter_claimant": "claimants", "claim_claimant_id": "claimants",
    },
    "counted_claims": {"id": "claims", "article": "articles", "claimant": "claimants"},
}  # fmt: skip
# The id column beside each name column of a view: rows of no id show the name unlinked.
NAME_IDS = {
    ("claims_flat", "claimant"): "claimant_id",
    ("claims_flat", "via"): "via_id",
    ("counterclaims_flat", "claim_claimant"): "claim_claimant_id",
    ("counterclaims_flat", "counter_claimant"): "counter_claimant_id",
}


def _cells(page: str, column: str) -> list[str]:
    return re.findall(rf'<td class="col-{re.escape(column)}(?: [^"]*)?">(.*?)</td>', page, re.DOTALL)


def test_every_foreign_key_to_a_page_is_a_link_column():
    for table, (_columns, foreign_keys) in schema.TABLES.items():
        if table in UNSERVED:
            continue
        expected = {column: other for column, other in foreign_keys.items() if other in PAGES}
        if table in PAGES:
            expected["id"] = table
        links = ID_COLUMNS.get(table, {})
        assert {column: links.get(column) for column in expected} == expected, table


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "table, column, target",
    [
        (table, column, target)
        for table, (_, foreign_keys) in schema.TABLES.items()
        if table not in UNSERVED
        for column, target in foreign_keys.items()
        if target in PAGES
    ]
    + [(view, column, target) for view, columns in VIEW_LINKS.items() for column, target in columns.items()],
)
async def test_table_cells_link_to_their_pages(datasette, seed_conn, table, column, target):
    present = NAME_IDS.get((table, column), column)
    filled = seed_conn.execute(f"SELECT count(*) FROM [{table}] WHERE [{present}] IS NOT NULL").fetchone()[0]
    if not filled:
        pytest.skip(f"no {table}.{present} in the seeds")
    page = (await datasette.client.get(f"/claims/{table}?_size=20&{present}__notblank=1")).text
    cells = _cells(page, column)
    assert cells, (table, column)
    for cell in cells:
        assert re.fullmatch(rf'<a href="/-/{PAGES[target]}/[^"]+">[^<]+</a>', cell), (table, column, cell)


@pytest.mark.asyncio
async def test_a_claimants_name_links_to_the_page_of_the_id_beside_it(datasette):
    rows = (
        await datasette.client.get("/claims/claims_flat.json?_shape=objects&claimant_id__notblank=1")
    ).json()["rows"]
    page = (await datasette.client.get("/claims/claims_flat?claimant_id__notblank=1")).text
    for row, cell in zip(rows, _cells(page, "claimant"), strict=True):
        assert cell == f'<a href="/-/claimant/{row["claimant_id"]}">{row["claimant"]}</a>'
    # a claim of no named claimant reads "unknown", linked to nothing
    unnamed = (await datasette.client.get("/claims/claims_flat?claimant_id__isnull=1")).text
    assert set(_cells(unnamed, "claimant")) <= {"unknown"}


@pytest.mark.asyncio
async def test_canned_queries_carry_the_ids_of_the_names_and_titles_they_show(datasette, metadata):
    from tests.test_canned_queries import EXAMPLES

    for name, example in EXAMPLES.items():
        rows = (await datasette.client.get(f"/claims/{name}.json?_shape=objects&{example}")).json()["rows"]
        columns = set(rows[0])
        if "claimant" in columns:
            assert "claimant_id" in columns, name
        for side in ("claim", "counter"):
            if f"{side}_claimant" in columns:
                assert f"{side}_claimant_id" in columns, name
        if "article_title" in columns:
            assert "article_id" in columns, name
        page = (await datasette.client.get(f"/claims/{name}?{example}")).text
        for column, kind in (("claim_id", "claim"), ("article_id", "article"), ("claimant", "claimant")):
            linked = [cell for cell in _cells(page, column) if cell != "unknown"]
            assert all(cell.startswith(f'<a href="/-/{kind}/') for cell in linked), (name, column)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/claims",
        "/claims/claims_flat",
        "/claims/search_claims",
        "/-/contested",
        "/-/articles",
        "/-/about",
    ],
)
async def test_every_page_has_the_search_box(datasette, path):
    page = (await datasette.client.get(path)).text
    header = page[page.index("<header") : page.index("</header>")]
    assert '<form class="cc-search" action="/claims/search_claims" method="get" role="search">' in header
    assert '<input type="search" id="cc-search-q" name="q"' in header


@pytest.mark.asyncio
async def test_the_search_lists_matching_claims_linked_to_their_pages(datasette, seed_conn):
    rows = (await datasette.client.get("/claims/search_claims.json?_shape=objects&q=Shoigu+wounded")).json()[
        "rows"
    ]
    assert rows
    for row in rows:
        assert {"shoigu", "wounded"} <= set(re.findall(r"\w+", row["sentence"].lower()))
        stored = seed_conn.execute(
            "SELECT origin, status FROM claims WHERE id = ?", [row["claim_id"]]
        ).fetchone()
        assert tuple(stored) != ("news", "rejected") and stored["origin"] == "news"
    page = (await datasette.client.get("/claims/search_claims?q=Shoigu+wounded")).text
    assert f'<a href="/-/claim/{rows[0]["claim_id"]}">' in page


@pytest.mark.parametrize(
    "typed, query",
    [
        ("killed", '"killed"'),
        ("Shoigu  wounded", '"Shoigu" "wounded"'),
        ('"Shoigu', '"""Shoigu"'),
        ("NEAR(a b) OR x*", '"NEAR(a" "b)" "OR" "x*"'),
        ("kill\x00ed", '"kill" "ed"'),
        ("", '""'),
        ("  - * ( ", '""'),
        (None, '""'),
    ],
)
def test_fts_words_quotes_every_word_and_finds_nothing_for_none(typed, query):
    assert fts_words(typed) == query


def test_fts_words_takes_a_bounded_number_of_words():
    assert fts_words("word " * 1000).count('"word"') == 32
