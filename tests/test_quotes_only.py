"""Publishing without whole articles (quotes_only.py): the copy of a built database that keeps
each article's row and only the sentences that carry a claim or a figure, with the sentence
before and after; the pages that render it; and `make package` and `make publish-…`, which
ship it unless told `--full-text`."""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path

import pytest

from casualty_claims import lexicon, publish, reference, sentences
from casualty_claims.clean import FurnitureRules, clean
from casualty_claims.cli import build
from casualty_claims.quotes_only import write_quotes_only
from casualty_claims.vocabulary import FULL_TEXT, QUOTES_ONLY
from tests import test_publish
from tests.conftest import site, write_article
from tests.test_publish import deploy, publishes_065

# An article in the project's own words: two claims in one paragraph four sentences apart,
# one in a paragraph of its own after a paragraph with no figure, and a line of furniture.
HEADLINE = "Shelling continues around Kharkiv as officials count the dead"
KHARKIV = f"""{HEADLINE}

KHARKIV - Fighting went on near the city for a third week.

Local officials described long queues for water and bread. The mayor said the trams had stopped \
running. Ukraine's General Staff said 12,500 Russian soldiers had been killed since the invasion \
began. Schools remained closed on Monday. Volunteers handed out blankets at the railway station, \
where part of the roof had fallen in. Many families slept in the underground passages. The regional \
governor said 40 civilians had been killed in the city during the week. Aid lorries arrived from the \
west on Sunday.

A spokesman for the regional council declined to discuss the repairs. The weather was expected to \
turn bitterly colder by the weekend, forecasters warned. Bus routes were changed again.

Russia's defence ministry said 1,200 Ukrainian soldiers had been killed in the past week.

Sign up for our morning briefing on the war
"""
URL = "https://example.org/news/kharkiv-shelling"
META = f"url: {URL}\noutlet: Example Gazette\npublished: 2022-03-14\n"
# Sentences no claim or figure is in, nor next to one.
LEFT_OUT = [
    "KHARKIV - Fighting went on near the city for a third week.",
    "Local officials described long queues for water and bread.",
    "Volunteers handed out blankets at the railway station, where part of the roof had fallen in.",
    "A spokesman for the regional council declined to discuss the repairs.",
    "The weather was expected to turn bitterly colder by the weekend, forecasters warned.",
]
KEPT = [
    "The mayor said the trams had stopped running.",
    "Ukraine's General Staff said 12,500 Russian soldiers had been killed since the invasion began.",
    "Schools remained closed on Monday.",
    "Many families slept in the underground passages.",
    "The regional governor said 40 civilians had been killed in the city during the week.",
    "Aid lorries arrived from the west on Sunday.",
    "Bus routes were changed again.",
    "Russia's defence ministry said 1,200 Ukrainian soldiers had been killed in the past week.",
]
FURNITURE = "Sign up for our morning briefing on the war"

fake_hosts = test_publish.fake_hosts  # stand-ins for the hosts' tools


@pytest.fixture(scope="module")
def kharkiv(tmp_path_factory) -> tuple[Path, Path]:
    """The article built into a database (claims.db), and its quotes-only copy (quotes/claims.db)."""
    folder = tmp_path_factory.mktemp("kharkiv")
    write_article(folder / "articles", "kharkiv.txt", KHARKIV, META)
    full = folder / "claims.db"
    assert build([folder / "articles"], full, reference_file=None, curation_file=None) == []
    (folder / "quotes").mkdir()
    return full, write_quotes_only(full, folder / "quotes" / "claims.db")


@pytest.fixture(scope="module")
def seed_quotes(tmp_path_factory, seed_db) -> Path:
    return write_quotes_only(seed_db, tmp_path_factory.mktemp("seed-quotes") / "claims.db")


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_the_copy_keeps_only_the_sentences_around_each_claim_and_figure(kharkiv):
    full, quotes = kharkiv
    kept = [text for (text,) in rows(quotes, "SELECT text FROM sentences ORDER BY position")]
    assert kept == KEPT
    assert rows(
        full,
        f"SELECT * FROM sentences WHERE text IN ({', '.join('?' * len(KEPT))}) ORDER BY position",
        *KEPT,
    ) == rows(quotes, "SELECT * FROM sentences ORDER BY position")
    assert rows(quotes, "SELECT count(*) FROM article_texts") == [(0,)]
    assert rows(quotes, "SELECT reason, text FROM furniture") == [("player-notice", None)]
    assert rows(quotes, "SELECT title, outlet, url, published FROM articles") == [
        (HEADLINE, "Example Gazette", URL, "2022-03-14")
    ]
    assert rows(quotes, "SELECT texts FROM build") == [(QUOTES_ONLY,)]
    assert rows(full, "SELECT texts FROM build") == [(FULL_TEXT,)]


def test_no_sentence_left_out_is_anywhere_in_the_file(kharkiv):
    full, quotes = kharkiv
    for sentence in [*LEFT_OUT, FURNITURE]:
        assert sentence.encode() in full.read_bytes()  # the search would find it
        assert sentence.encode() not in quotes.read_bytes(), sentence
    assert KHARKIV.encode() in full.read_bytes() and KEPT[1].encode() in quotes.read_bytes()
    assert rows(quotes, "PRAGMA freelist_count") == [(0,)]


def every_sentence(db: Path) -> set[str]:
    """Every sentence of the articles' texts, as the build splits them (it stores only some:
    rows.stored_sentences)."""
    rules = FurnitureRules(lexicon.load())
    return {
        sentence.text
        for (raw,) in rows(db, "SELECT raw_text FROM article_texts")
        for sentence in sentences.split(clean(raw, rules).blocks)
    }


def test_the_seeds_copy_holds_no_sentence_it_left_out(seed_db, seed_quotes):
    kept = {text for (text,) in rows(seed_quotes, "SELECT text FROM sentences")}
    titles = {title for (title,) in rows(seed_quotes, "SELECT title FROM articles")}
    left_out = {text for text in every_sentence(seed_db) if len(text) > 30} - kept - titles
    assert len(left_out) > 20
    data = seed_quotes.read_bytes()
    assert [text for text in left_out if text.encode() in data] == []
    assert rows(seed_quotes, "SELECT count(*) FROM article_texts") == [(0,)]
    assert rows(seed_quotes, "SELECT count(*) FROM furniture WHERE text IS NOT NULL") == [(0,)]
    assert rows(seed_quotes, "PRAGMA freelist_count") == [(0,)]  # vacuumed: no page of deleted rows left


@pytest.mark.parametrize("table", ["claims", "mentions", "articles", "claim_groups", "counterclaims"])
def test_every_claim_keeps_its_quote_offsets_and_links(seed_db, seed_quotes, table):
    everything = f"SELECT * FROM {table} ORDER BY id"
    assert rows(seed_quotes, everything) == rows(seed_db, everything)
    # each claim's sentence is kept, and its figure stands at its offsets in it
    for quote, figure, span_start, start, text in rows(
        seed_quotes,
        "SELECT quote, figure_text, span_start, sentences.start, sentences.text "
        "FROM claims JOIN sentences ON sentences.id = claims.sentence",
    ):
        assert quote == text and text[span_start - start :].startswith(figure)


def test_search_finds_what_is_kept_and_nothing_left_out(kharkiv):
    full, quotes = kharkiv
    searches = {
        "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?": ("trams", "weather"),
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?": ("lorries", "forecasters"),
    }
    for search, (kept, left_out) in searches.items():
        assert rows(full, search, kept) == rows(quotes, search, kept) == [(1,)]
        assert rows(quotes, search, left_out) == [(0,)]
    # the build's own database finds every word of the article, if not in its sentences (those
    # around its claims: rows.stored_sentences)
    assert rows(full, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'weather'") == [(1,)]
    assert rows(quotes, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Kharkiv'") == [(1,)]
    with sqlite3.connect(quotes) as conn:  # the index agrees with the table it reads
        conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')")


def test_any_file_name_will_do(kharkiv, tmp_path):
    odd = tmp_path / "a folder?#1" / "claims.db"
    odd.parent.mkdir()
    odd.write_bytes(kharkiv[0].read_bytes())
    quotes = write_quotes_only(odd, tmp_path / "claims.db")
    assert rows(quotes, "SELECT count(*) FROM sentences") == [(len(KEPT),)]


def test_a_failed_copy_leaves_no_file(tmp_path):
    not_ours = tmp_path / "empty.db"
    sqlite3.connect(not_ours).close()
    with pytest.raises(sqlite3.OperationalError):
        write_quotes_only(not_ours, tmp_path / "claims.db")
    assert not (tmp_path / "claims.db").exists()


@pytest.mark.asyncio
async def test_every_claim_and_article_page_renders_its_quote_and_figure(seed_quotes, metadata):
    datasette = site(seed_quotes, metadata)
    claims = rows(seed_quotes, "SELECT id, article, quote, figure_text FROM claims WHERE origin = 'news'")
    assert len(claims) > 20
    for claim, _article, quote, figure in claims:
        page = await datasette.client.get(f"/-/claim/{claim}")
        assert page.status_code == 200, claim
        assert f'<mark class="cc-figure">{html.escape(figure)}</mark>' in page.text
        assert "Quotes only" in page.text
        data = (await datasette.client.get(f"/-/claim/{claim}.json")).json()
        assert data["claim"]["sentence"] == quote and data["claim"]["quotes_only"] is True
    # the news articles: the series' pseudo-article leads to the ministry's page (test_series_pages.py)
    for (article,) in rows(seed_quotes, "SELECT id FROM articles WHERE id != ?", reference.SERIES_ID):
        page = await datasette.client.get(f"/-/article/{article}")
        assert page.status_code == 200, article
        linked = re.findall(r'<a class="cc-figure-link" href="/-/claim/(\w+)"', page.text)
        assert {claim for claim, of, *_ in claims if of == article} <= set(linked)
        assert "Quotes only" in page.text


@pytest.mark.asyncio
async def test_the_article_page_shows_the_quotes_marks_what_is_left_out_and_links_the_original(
    kharkiv, metadata
):
    full, quotes = kharkiv
    page = await site(quotes, metadata).client.get("/-/article/kharkiv")
    assert page.status_code == 200
    article = page.text.split('<article class="cc-article">', 1)[1].split("</article>", 1)[0]
    paragraphs = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p[^>]*>(.*?)</p>", article, re.S)]
    assert [html.unescape(p) for p in paragraphs] == [
        "[…]",
        " ".join(KEPT[0:3]),
        "[…]",
        " ".join(KEPT[3:6]),
        "[…]",
        KEPT[6],
        KEPT[7],
    ]
    assert len(re.findall(r'<mark class="cc-figure">', article)) == 3
    assert f'<a href="{URL}" rel="nofollow noopener">Read the whole article at its source</a>' in page.text
    assert "cc-furniture" not in page.text
    data = (await site(quotes, metadata).client.get("/-/article/kharkiv.json")).json()
    assert data["article"]["quotes_only"] is True and data["furniture"] == []
    assert len(data["mentions"]) == 3

    full_page = await site(full, metadata).client.get("/-/article/kharkiv")
    assert "Quotes only" not in full_page.text and "[…]" not in full_page.text
    assert all(html.escape(sentence) in full_page.text for sentence in LEFT_OUT)
    assert '<details class="cc-furniture">' in full_page.text


@pytest.mark.asyncio
async def test_the_claim_page_shows_the_paragraphs_quotes_with_what_is_left_out_marked(kharkiv, metadata):
    _, quotes = kharkiv
    (claim,) = rows(quotes, "SELECT id FROM claims WHERE figure_text = '12,500'")[0]
    page = await site(quotes, metadata).client.get(f"/-/claim/{claim}")
    paragraph = re.search(r'<blockquote class="cc-paragraph"[^>]*><p>(.*?)</p></blockquote>', page.text, re.S)
    assert html.unescape(re.sub(r"<[^>]+>", "", paragraph.group(1))) == (
        " ".join(KEPT[0:3]) + " […] " + " ".join(KEPT[3:6])
    )
    assert '<mark class="cc-figure">12,500</mark>' in paragraph.group(1)


@pytest.mark.asyncio
async def test_the_home_page_says_which_texts_the_site_keeps(kharkiv, metadata):
    full, quotes = kharkiv
    home = await site(quotes, metadata).client.get("/")
    assert "<strong>Quotes only</strong>" in home.text and "<strong>Full text</strong>" not in home.text
    home = await site(full, metadata).client.get("/")
    assert "<strong>Full text</strong>" in home.text and "<strong>Quotes only</strong>" not in home.text


def test_a_build_does_not_reuse_a_quotes_only_copy(tmp_path):
    """A build into a quotes-only copy of its own previous database extracts the unchanged
    article again, whole, instead of keeping what the copy left of it."""
    write_article(tmp_path / "articles", "kharkiv.txt", KHARKIV, META)
    target = tmp_path / "claims.db"
    assert build([tmp_path / "articles"], target, reference_file=None, curation_file=None) == []
    write_quotes_only(target, tmp_path / "quotes.db").replace(target)
    assert build([tmp_path / "articles"], target, reference_file=None, curation_file=None) == []
    assert rows(target, "SELECT count(*), max(texts) FROM build") == [(1, FULL_TEXT)]
    assert rows(target, "SELECT raw_text FROM article_texts") == [(KHARKIV,)]
    # every sentence of the claims' paragraphs again (rows.stored_sentences), not only those kept
    assert rows(target, "SELECT count(*) FROM sentences WHERE text IN (?, ?)", *LEFT_OUT[1:3]) == [(2,)]


def test_the_package_ships_the_quotes_only_unless_told_the_full_text(seed_db, tmp_path):
    site_db = tmp_path / "claims.db"
    site_db.write_bytes(seed_db.read_bytes())
    out = publish.write_package(site_db, tmp_path / "package")
    assert rows(out / "claims.db", "SELECT texts FROM build") == [(QUOTES_ONLY,)]
    assert rows(out / "claims.db", "SELECT count(*) FROM article_texts") == [(0,)]
    assert '"article_texts": {' in (out / "inspect-data.json").read_text()  # counted from the shipped file
    assert publish.main(["package", str(site_db), str(tmp_path / "whole"), "--full-text"]) == 0
    assert (tmp_path / "whole" / "claims.db").read_bytes() == site_db.read_bytes()


@publishes_065
@pytest.mark.parametrize(("options", "texts"), [((), QUOTES_ONLY), (("--full-text",), FULL_TEXT)])
def test_publishing_ships_the_quotes_only_unless_told_the_full_text(fake_hosts, seed_db, options, texts):
    site_db = fake_hosts / "claims.db"
    site_db.write_bytes(seed_db.read_bytes())
    result = deploy("fly", site_db, *options, "--generate-dir", str(fake_hosts / "fly"))
    assert result.returncode == 0, result.stderr
    assert rows(fake_hosts / "fly" / "claims.db", "SELECT texts FROM build") == [(texts,)]
    assert rows(site_db, "SELECT texts FROM build") == [(FULL_TEXT,)]  # the build's own stays whole
