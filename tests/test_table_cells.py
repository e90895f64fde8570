"""Tables that read well: figures with thousands separators (as said where they are not exact),
long texts cut short with a link to the page that has them whole, the figure on screen first,
and no row page linking to a table the reader may not view."""

from __future__ import annotations

import re

import pytest

from casualty_claims_plugin.cells import LONGEST_CELL_TEXT, LONGEST_LINK_TEXT, cell_html, shortened

LONG_QUOTE = "Officials said that " + "the fighting went on for many days and nights, " * 10 + "they said."


@pytest.mark.parametrize(
    ("value", "column", "table", "row", "shown"),
    [
        (16000, "value", "claims_flat", {"display": "16,000"}, "16,000"),
        (16000, "claim_value", None, {"claim_display": "16,000"}, "16,000"),
        (1351, "counter_value", "counterclaims_flat", {"counter_display": "1,351"}, "1,351"),
        (16000, "value", None, {"claim_id": "a"}, "16,000"),  # a query without the figure as said
        (-2500, "difference", "reference_checks", {}, "-2,500"),
        (254710, "personnel", "reference_reports", {}, "254,710"),
        (7000, "value", "claims_flat", {"display": "more than 7,000"}, "more than 7,000"),
        (100000, "value", "claims", {"display": "projected: 100,000"}, "projected: 100,000"),
        (650, "claim_value", None, {"claim_display": "650 in one day"}, "650 in one day"),
    ],
)
def test_a_figure_reads_with_thousands_separators_and_as_it_was_said(value, column, table, row, shown):
    cell = cell_html(None, value, column, table, row)
    assert re.sub(r"<[^>]+>", "", str(cell)) == shown


@pytest.mark.parametrize(
    ("value", "column", "table", "row"),
    [
        (
            2000,
            "value_low",
            "claims_flat",
            {"display": "a few thousand (2,000–9,000)"},
        ),  # a bound, not a count
        (12345, "span_start", "claims", {}),  # an offset
        (19667, "claim_count", "claimants", {}),  # a count of rows
        (2022, "year", None, {}),
        (1, "comparable", "counterclaims", {}),
        (True, "value", None, {}),
    ],
)
def test_bounds_offsets_counts_and_years_keep_datasettes_rendering(value, column, table, row):
    assert cell_html(None, value, column, table, row) is None


def test_shortened_cuts_between_words_and_drops_trailing_punctuation():
    cut = shortened(LONG_QUOTE, LONGEST_CELL_TEXT)
    assert len(cut) <= LONGEST_CELL_TEXT and LONG_QUOTE.startswith(cut)
    assert LONG_QUOTE[len(cut)] == " " and not cut.endswith(",")
    assert shortened("x" * 300, 200) == "x" * 200  # one word longer than the cell is cut in it


@pytest.mark.parametrize(
    ("column", "table", "row", "page"),
    [
        ("quote", "claims_flat", {"claim_id": "c~1"}, "/-/claim/c~7E1"),
        ("quote", "claims", {"id": "c1", "article": "a1"}, "/-/claim/c1"),
        ("text", "sentences", {"id": "a1-3", "article": "a1"}, "/-/article/a1"),
        ("text", None, {"claim_id": "c1", "article_id": "a1"}, "/-/claim/c1"),  # a canned query
        ("title", "articles", {"id": "a1"}, "/-/article/a1"),
    ],
)
def test_a_long_text_is_cut_short_with_a_link_to_its_page(datasette, column, table, row, page):
    cell = str(cell_html(datasette, LONG_QUOTE, column, table, row))
    text = re.sub(r"<[^>]+>", "", cell)
    assert text == shortened(LONG_QUOTE, LONGEST_CELL_TEXT) + "… more"
    assert f'<a class="cc-more" href="{page}"' in cell


def test_a_long_text_of_a_row_with_no_page_keeps_datasettes_rendering(datasette):
    assert cell_html(datasette, LONG_QUOTE, "quote", None, {"reason": "x"}) is None
    assert cell_html(datasette, "A short quote.", "quote", "claims_flat", {"claim_id": "c1"}) is None


def test_a_long_headline_in_its_ids_cell_is_cut_short(datasette):
    cell = str(cell_html(datasette, {"value": "a1", "label": LONG_QUOTE}, "article", "claims", {}))
    text = re.sub(r"<[^>]+>", "", cell)
    assert text == shortened(LONG_QUOTE, LONGEST_LINK_TEXT) + "…" and 'href="/-/article/a1"' in cell


@pytest.mark.asyncio
async def test_claims_flat_shows_who_claims_what_figure_first(datasette):
    data = (await datasette.client.get("/claims/claims_flat.json?_shape=objects&_size=1")).json()
    columns = list(data["rows"][0])
    assert columns[:5] == ["claim_id", "claimant", "claimant_side", "display", "value"]


@pytest.mark.asyncio
async def test_claims_flat_cells_read_as_figures_and_short_quotes(datasette, seed_conn):
    page = (await datasette.client.get("/claims/claims_flat?_size=max")).text
    assert '<span class="cc-number">16,000</span>' in page
    quotes = re.findall(r'<td class="col-quote[^"]*">(.*?)</td>', page, re.S)
    longest = seed_conn.execute("SELECT max(length(quote)) FROM claims_flat").fetchone()[0]
    assert longest > LONGEST_CELL_TEXT and quotes  # the seeds have quotes to cut
    for quote in quotes:
        assert len(re.sub(r"<[^>]+>", "", quote).strip()) <= LONGEST_CELL_TEXT + len("… more")
    assert 'class="cc-more" href="/-/claim/' in page


@pytest.mark.asyncio
async def test_a_row_page_links_to_no_table_the_reader_may_not_view(datasette, seed_conn):
    article = seed_conn.execute("SELECT id FROM articles WHERE id != 'reference-orc-losses'").fetchone()[0]
    page = (await datasette.client.get(f"/claims/articles/{article}")).text
    assert f"/claims/furniture?article={article}" in page  # the links from other tables are there
    assert "article_texts" not in page
    assert (await datasette.client.get(f"/claims/article_texts?id={article}")).status_code == 403


@pytest.mark.asyncio
@pytest.mark.parametrize("index", ["articles_fts_idx", "sentences_fts_data", "sentences_fts_config"])
async def test_search_index_tables_are_not_served_and_search_is(datasette, index):
    # Datasette links a row of an _idx table by a binary key that its row page cannot open
    assert (await datasette.client.get(f"/claims/{index}")).status_code == 403
    assert index not in (await datasette.client.get("/claims?_show_hidden=1")).text
    found = await datasette.client.get("/claims/articles.json?_search=killed&_shape=objects")
    assert found.status_code == 200 and found.json()["rows"]
