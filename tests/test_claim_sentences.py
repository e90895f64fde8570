"""What a build keeps of an article's sentences (rows.stored_sentences): those of the paragraphs
that carry a claim, with the sentence before and after each claim's, not every sentence; the
article keeps its whole text for its page and the search of articles."""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from casualty_claims import schema, store
from casualty_claims.cli import build
from casualty_claims.rows import values
from tests.conftest import site, write_article

# In the project's own words: a paragraph with no figure, a paragraph with a claim amid other
# sentences, one with no figure whose last sentence comes just before a claim of its own
# paragraph, and a sentence just after that claim.
HEADLINE = "Frost returns to the river towns as repairs drag on"
BEFORE = [
    "Repair crews worked through the night at the pumping station.",
    "Residents queued for drinking water at two points in the old town.",
]
CLAIM_PARAGRAPH = [
    "The bakery on the main square opened its doors again on Tuesday.",
    "The regional governor said 35 civilians had been killed in the district during the month.",
    "Two schools moved their lessons online for the rest of the term.",
]
QUIET = ["Snow is forecast for the end of the week.", "The ferries will keep running for now."]
CLAIM = "Ukraine's General Staff said 9,800 Russian soldiers had been killed since the invasion began."
AFTER = "The town council will meet again on Friday."
TEXT = "\n\n".join([HEADLINE, " ".join(BEFORE), " ".join(CLAIM_PARAGRAPH), " ".join(QUIET), CLAIM, AFTER])
STORED = [*CLAIM_PARAGRAPH, QUIET[-1], CLAIM, AFTER]
META = "outlet: Example Gazette\npublished: 2022-11-20\n"
# An article with no claim, nor any figure.
CALM = """Orchard growers count on a late harvest

Growers in the valley said the apples ripened slowly after a cool summer. Pickers expect \
to start in the second week of October, weather permitting.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stored")
    write_article(folder / "articles", "frost.txt", TEXT, META)
    write_article(folder / "articles", "orchard.txt", CALM, META)
    db = folder / "claims.db"
    assert build([folder / "articles"], db, reference_file=None, curation_file=None) == []
    return db


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_an_article_keeps_the_sentences_of_its_claim_paragraphs_and_around_its_claims(built):
    assert rows(built, "SELECT count(*) FROM claims WHERE article = 'frost'") == [(2,)]
    stored = [
        text
        for (text,) in rows(built, "SELECT text FROM sentences WHERE article = 'frost' ORDER BY position")
    ]
    assert stored == STORED
    assert rows(built, "SELECT raw_text FROM article_texts WHERE id = 'frost'") == [(TEXT,)]


def test_the_search_of_sentences_finds_claim_paragraphs_and_that_of_articles_finds_everything(built):
    def found(index, words):
        return rows(built, f"SELECT count(*) FROM {index} WHERE {index} MATCH ?", words)[0][0]

    assert found("sentences_fts", "bakery") == found("sentences_fts", "governor") == 1
    assert found("sentences_fts", "pumping") == found("sentences_fts", "orchard") == 0
    assert found("articles_fts", "pumping") == found("articles_fts", "bakery") == 1
    assert found("articles_fts", "apples") == 1
    with sqlite3.connect(built) as conn:  # the index agrees with the table it reads
        conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')")


def test_an_article_without_a_claim_keeps_no_sentence_but_its_page_and_search(built):
    assert rows(built, "SELECT count(*) FROM sentences WHERE article = 'orchard'") == [(0,)]
    assert rows(built, "SELECT raw_text FROM article_texts WHERE id = 'orchard'") == [(CALM,)]
    assert rows(
        built,
        "SELECT articles.id FROM articles_fts JOIN articles ON articles.rowid = articles_fts.rowid "
        "WHERE articles_fts MATCH 'pickers'",
    ) == [("orchard",)]


@pytest.mark.asyncio
async def test_the_article_page_of_an_article_without_a_claim_shows_its_whole_text(built, metadata):
    datasette = site(built, metadata)
    page = await datasette.client.get("/-/article/orchard")
    assert page.status_code == 200
    assert "Pickers expect to start in the second week of October" in html.unescape(page.text)
    data = (await datasette.client.get("/-/article/orchard.json")).json()
    assert data["article"]["text_length"] == data["article"]["text_shown"] == len(CALM)
    assert data["claim_count"] == 0


@pytest.mark.asyncio
async def test_a_claim_page_shows_its_whole_paragraph_with_its_sentence_marked(built, metadata):
    datasette = site(built, metadata)
    for figure, paragraph, sentence in (
        ("35", CLAIM_PARAGRAPH, CLAIM_PARAGRAPH[1]),
        ("9,800", [CLAIM], CLAIM),
    ):
        (claim,) = rows(built, "SELECT id FROM claims WHERE figure_text = ?", figure)[0]
        page = await datasette.client.get(f"/-/claim/{claim}")
        shown = re.search(r'<blockquote class="cc-paragraph"[^>]*><p>(.*?)</p></blockquote>', page.text, re.S)
        assert html.unescape(re.sub(r"<[^>]+>", "", shown.group(1))) == " ".join(paragraph)
        assert f'<mark class="cc-figure">{figure}</mark>' in shown.group(1)
        data = (await datasette.client.get(f"/-/claim/{claim}.json")).json()
        assert data["claim"]["sentence"] == sentence


def test_every_seed_sentence_kept_is_in_a_claim_paragraph_or_next_to_a_claim(seed_db):
    outside = rows(
        seed_db,
        """SELECT kept.id FROM sentences AS kept WHERE NOT EXISTS (
               SELECT 1 FROM sentences AS claimed
               WHERE claimed.id IN (SELECT sentence FROM claims UNION SELECT sentence FROM mentions)
                 AND claimed.article = kept.article
                 AND (claimed.paragraph = kept.paragraph OR abs(claimed.position - kept.position) = 1))""",
    )
    assert rows(seed_db, "SELECT count(*) FROM sentences")[0][0] > 20
    assert outside == []


def test_a_batch_of_articles_without_claims_ends_at_so_much_text():
    """Their few rows would let thousands of whole texts wait in memory for the batch's end."""
    db = sqlite_utils.Database(memory=True)
    schema.create(db)
    writer = store.Writer(db, batch_text=1_000_000)
    for n, length in enumerate((300_000, 300_000, 400_000)):
        writer.add(
            {
                "articles": list(values("articles", [{"id": str(n)}])),
                "article_texts": list(
                    values("article_texts", [{"id": str(n), "raw_text": "x" * length, "cleaned_text": "x"}])
                ),
            }
        )
        assert db["article_texts"].count == (0 if n < 2 else 3)
    assert writer.text == 0
