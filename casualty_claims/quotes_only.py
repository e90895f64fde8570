"""The database as it is published: the claims with their quotes, not the articles.

A newsroom lets its articles be quoted, not republished. ``write_quotes_only`` copies a built
database and keeps of each article its row (title, outlet, address, dates) and only the
sentences that carry a claim or a figure, with the sentence before and after: every claim keeps
its quote and its offsets into the article, and the pages mark its figure in the sentences kept
(the plugin reads them where ``build.texts`` says the texts are quotes only). Everything else
of the text goes: ``article_texts`` is emptied, the furniture's text and the other sentences
are deleted, both search indexes are rebuilt from what is kept, and the file is vacuumed so
that no deleted text is left in its free pages.

`make package` and `make publish-…` ship this copy unless told to ship the full text
(publish.py); the database the build writes, and `make serve` serves, keeps everything.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from .vocabulary import QUOTES_ONLY

# The sentences a claim or a figure's mention was read from, and the one before and after each.
KEEP_SENTENCES = """
CREATE TEMP TABLE kept_sentences AS
SELECT DISTINCT around.id FROM sentences AS carrying
JOIN sentences AS around ON around.article = carrying.article
    AND around.position BETWEEN carrying.position - 1 AND carrying.position + 1
WHERE carrying.id IN (SELECT sentence FROM claims UNION SELECT sentence FROM mentions)
"""
# What the articles' search index holds of each article once only its quotes are left.
ARTICLES_QUOTED = """
SELECT articles.rowid, articles.title,
    (SELECT group_concat(text, ' ') FROM
        (SELECT text FROM sentences WHERE sentences.article = articles.id ORDER BY position))
FROM articles
"""
STRIP = [
    KEEP_SENTENCES,
    "DELETE FROM sentences WHERE id NOT IN (SELECT id FROM temp.kept_sentences)",
    "DROP TABLE temp.kept_sentences",
    "DELETE FROM article_texts",
    "UPDATE furniture SET text = NULL",
    # the sentences' index reads its table (external content); the articles' keeps no copy
    # of what it indexed (contentless), so it is emptied and filled again
    "INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild')",
    "INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')",
    f"INSERT INTO articles_fts (rowid, title, cleaned_text) {ARTICLES_QUOTED}",
    f"UPDATE build SET texts = '{QUOTES_ONLY}'",
    "ANALYZE sentences",  # far fewer rows now: the planner's statistics follow
]


def write_quotes_only(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` to ``target`` with only the articles' quotes left of
    their texts (a failure leaves no ``target``)."""
    target.unlink(missing_ok=True)
    try:
        with (
            closing(sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)) as built,
            closing(sqlite3.connect(target, isolation_level=None)) as copy,
        ):
            built.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one file to ship, whatever the build used
            copy.execute("BEGIN")
            for statement in STRIP:
                copy.execute(statement)
            copy.execute("COMMIT")
            copy.execute("VACUUM")  # the deleted text's pages go, not just onto the free list
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
