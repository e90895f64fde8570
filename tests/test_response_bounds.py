"""No response of the published site grows with the length of the articles' texts: the texts
live in a table the site serves to nobody, and the article and claim pages show a bounded part
of them. Built from a long article (a megabyte of claims, one per paragraph) and a one-line
article of many sentences, beside the seeds."""

from __future__ import annotations

import html
import re
import sqlite3

import pytest

from casualty_claims.cli import build
from tests.conftest import SEEDS, site, write_article

# Words that stand only in the long articles' texts.
LONG_PARAGRAPH = (
    "The General Staff of Ukraine said {n} Russian soldiers were killed near the embankment in the week to "
    "Sunday, and the fighting went on through the night as both sides brought up more troops."
)
ONE_LINE_SENTENCE = "Officials in Kharkiv said {n} civilians were wounded by shelling overnight."
TEXT_ONLY = "brought up more troops"
LONG_ARTICLE_CHARACTERS = 1_000_000
ONE_LINE_SENTENCES = 1_000


def one_line() -> str:
    """A paragraph of many sentences with a figure each, on one line."""
    return " ".join(ONE_LINE_SENTENCE.format(n=10 + n) for n in range(ONE_LINE_SENTENCES))


@pytest.fixture(scope="module")
def long_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long")
    paragraphs = ["Losses reported on the front"]
    while sum(map(len, paragraphs)) < LONG_ARTICLE_CHARACTERS:
        paragraphs.append(LONG_PARAGRAPH.format(n=100 + len(paragraphs)))
    write_article(folder / "in", "long.txt", "\n\n".join(paragraphs))
    # printed twice: the second copy is furniture (a duplicate) as long as the line
    write_article(folder / "in", "oneline.txt", f"Shelling in Kharkiv\n\n{one_line()}\n\n{one_line()}")
    write_article(folder / "in", "untitled.txt", one_line())  # its first line is its title
    build([folder / "in", SEEDS], folder / "claims.db")
    return folder / "claims.db"


@pytest.fixture
def long_site(long_db, metadata):
    return site(long_db, metadata)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/claims/articles.json?_size=max",
        "/claims/articles.json?_shape=array&_size=max",
        "/claims/articles.json?_shape=objects&_search=embankment",
        "/claims/articles.csv?_stream=1",
        "/claims/articles.csv?_size=max",
        "/claims/articles?_size=max",
        "/claims/articles_fts.json?_size=max",
    ],
)
async def test_no_table_of_articles_sends_their_text(long_site, path):
    response = await long_site.client.get(path)
    assert response.status_code == 200
    assert TEXT_ONLY not in response.text
    assert len(response.content) < 100_000


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/claims/article_texts",
        "/claims/article_texts.json?_size=max",
        "/claims/article_texts.json?_shape=array",
        "/claims/article_texts.csv?_stream=1",
        "/claims/article_texts/long",
        "/claims/article_texts/long.json",
    ],
)
async def test_the_site_serves_the_texts_to_nobody(long_site, path):
    response = await long_site.client.get(path)
    assert response.status_code == 403
    assert TEXT_ONLY not in response.text


@pytest.mark.asyncio
async def test_the_database_page_lists_no_table_of_texts(long_site):
    tables = (await long_site.client.get("/claims.json")).json()["tables"]
    assert "article_texts" not in {table["name"] for table in tables}
    assert "articles" in {table["name"] for table in tables}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/claims/claims_flat.json?_shape=array&_size=max&article=untitled",
        "/claims/claims.json?_shape=array&_size=max&article=untitled&_labels=on",
        "/claims/furniture.json?_shape=array&_size=max",
        "/claims/articles.json?_shape=array&_size=max",
    ],
)
async def test_no_row_carries_a_line_of_the_text_unbounded(long_site, path):
    """A title read from a page's one line, and furniture as long as a line, are cut in their rows."""
    from casualty_claims.rows import MAX_FIELD

    response = await long_site.client.get(path)
    assert len(response.content) < 3_000_000  # up to 1,000 rows of bounded values (the line has 75,000)
    values = [value for row in response.json() for value in row.values()]
    texts = [v["label"] if isinstance(v, dict) else v for v in values]  # a foreign key with its label
    assert max(len(text) for text in texts if isinstance(text, str)) <= MAX_FIELD


@pytest.mark.asyncio
async def test_search_still_finds_articles_by_their_text(long_site):
    rows = (await long_site.client.get("/claims/articles.json?_shape=objects&_search=embankment")).json()[
        "rows"
    ]
    assert [row["id"] for row in rows] == ["long"]


def test_a_title_read_from_one_long_line_is_cut(long_db):
    from casualty_claims.rows import MAX_FIELD

    title = sqlite3.connect(long_db).execute("SELECT title FROM articles WHERE id = 'untitled'").fetchone()[0]
    assert len(title) == MAX_FIELD and title.endswith("…")
    assert title.startswith(ONE_LINE_SENTENCE.format(n=10))


@pytest.mark.asyncio
async def test_the_page_of_a_long_article_shows_a_bounded_part_of_it(long_site, long_db):
    page = await long_site.client.get("/-/article/long")
    assert page.status_code == 200
    assert len(page.content) < 500_000
    assert "Text shortened: this page shows the first 100,000" in page.text
    twin = await long_site.client.get("/-/article/long.json")
    assert len(twin.content) < 500_000

    from casualty_claims_plugin.article import LISTED, SHOWN_CHARACTERS
    from casualty_claims_plugin.claims import PAGE_LIMIT

    assert page.text.count('class="cc-figure-link"') <= LISTED
    data = twin.json()
    assert data["article"]["text_shown"] == SHOWN_CHARACTERS < data["article"]["text_length"]
    assert len(data["claims"]) == PAGE_LIMIT < data["claim_count"]
    assert data["table"].startswith("/claims/claims?article=long")
    assert 0 < len(data["mentions"]) <= LISTED
    assert all(m["end"] <= SHOWN_CHARACTERS for m in data["mentions"])


@pytest.mark.asyncio
async def test_a_page_with_more_figures_than_it_marks_ends_at_the_last_one_marked(long_site):
    from casualty_claims_plugin.article import LISTED

    data = (
        await long_site.client.get("/-/article/oneline.json")
    ).json()  # 2,000 figures in 150,000 characters
    assert len(data["mentions"]) == LISTED
    assert data["article"]["text_shown"] == max(m["end"] for m in data["mentions"])
    page = (await long_site.client.get("/-/article/oneline")).text
    assert page.count('class="cc-figure-link"') == LISTED
    assert f"shows the first {data['article']['text_shown']:,}" in page


@pytest.mark.asyncio
async def test_a_short_article_is_shown_whole(long_site, seed_conn):
    article, length = seed_conn.execute(
        "SELECT id, length(raw_text) FROM article_texts WHERE raw_text != '' LIMIT 1"
    ).fetchone()
    page = await long_site.client.get(f"/-/article/{article}")
    assert "Text shortened" not in page.text
    data = (await long_site.client.get(f"/-/article/{article}.json")).json()
    assert data["article"]["text_shown"] == data["article"]["text_length"] == length
    assert len(data["claims"]) == data["claim_count"]


@pytest.mark.asyncio
async def test_a_claim_in_a_long_paragraph_is_shown_in_the_sentences_near_it(long_site, long_db):
    conn = sqlite3.connect(long_db)
    claim, sentence = conn.execute(
        "SELECT claims.id, sentences.text FROM claims JOIN sentences ON sentences.id = claims.sentence "
        "WHERE claims.article = 'oneline' AND claims.value = 510"
    ).fetchone()
    conn.close()
    page = await long_site.client.get(f"/-/claim/{claim}")
    assert page.status_code == 200 and len(page.content) < 50_000
    data = (await long_site.client.get(f"/-/claim/{claim}.json")).json()
    assert data["claim"]["sentence"] == sentence == ONE_LINE_SENTENCE.format(n=510)
    context = data["claim"]["paragraph_html"]
    assert context.startswith("… ") and context.endswith(" …")
    from casualty_claims_plugin.claim import CONTEXT_CHARACTERS

    shown = html.unescape(re.sub(r"<[^>]+>", "", context)).removeprefix("… ").removesuffix(" …")
    assert sentence in shown and shown in one_line()
    assert 2 * (CONTEXT_CHARACTERS - len(sentence)) < len(shown) <= 2 * CONTEXT_CHARACTERS + len(sentence)


@pytest.mark.asyncio
async def test_a_claim_in_a_short_paragraph_is_shown_in_all_of_it(long_site, seed_conn):
    claim, article, paragraph = seed_conn.execute(
        "SELECT claims.id, claims.article, sentences.paragraph FROM claims "
        "JOIN sentences ON sentences.id = claims.sentence WHERE claims.origin = 'news' LIMIT 1"
    ).fetchone()
    sentences = [
        text
        for (text,) in seed_conn.execute(
            "SELECT text FROM sentences WHERE article = ? AND paragraph = ? ORDER BY position",
            (article, paragraph),
        )
    ]
    context = (await long_site.client.get(f"/-/claim/{claim}.json")).json()["claim"]["paragraph_html"]
    assert not context.startswith("…") and not context.endswith("…")
    shown = html.unescape(re.sub(r"<[^>]+>", "", context))
    assert all(sentence in shown for sentence in sentences)
