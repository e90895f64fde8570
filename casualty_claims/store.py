"""Step 8: write an article's rows into the database, and what a build writes once.

Rows come from ``rows`` (made in the worker processes); here they are inserted in
batches (``Writer``) and indexed for search as they are, taken out again when an article
changed or went (``forget_articles``), and the reference series, the lexicon's claimants
and subjects and the build's summary counts written. Linking across articles comes after,
in ``relink``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager

import sqlite_utils

from . import reference, schema
from .lexicon import Lexicon
from .reference import Reference
from .rows import claimant_row, values
from .vocabulary import COUNTS, FULL_TEXT, TOTAL


def write_lexicon(db: sqlite_utils.Database, lexicon: Lexicon) -> None:
    claimants = sorted(lexicon.claimants.values(), key=lambda c: c.speaks_for is not None)
    db["claimants"].insert_all(map(claimant_row, claimants))
    db["claimant_aliases"].insert_all(
        {"id": f"{c.id}:{n}", "claimant": c.id, "alias": alias}
        for c in lexicon.claimants.values()
        for n, alias in enumerate(c.aliases)
    )
    db["subjects"].insert_all(
        {
            "id": s.id,
            "title": s.title,
            "position": n,
            "sides": json.dumps(s.sides),
            "populations": json.dumps(s.populations),
            "measures": json.dumps(s.measures),
            "with_series": int(s.with_series),
        }
        for n, s in enumerate(lexicon.subjects)
    )
    db["places"].insert_all(
        {"id": p.id, "name": p.name, "kind": p.kind} for p in lexicon.places.by_id.values()
    )


class Writer:
    """Inserts the rows of many articles at a time, parents before children: one
    prepared statement per table and batch, not a call per article.

    A batch ends at ``batch`` rows or at ``batch_text`` characters of the articles' texts,
    whichever comes first: an article without a claim adds two or three rows (no sentence:
    rows.stored_sentences) but all of its text, up to 5 MB, which a count of rows alone would
    let thousands of articles hold in memory at once."""

    ORDER = (
        "claimants",
        "articles",
        "article_texts",
        "claimant_variants",
        "furniture",
        "sentences",
        "claims",
        "mentions",
    )

    def __init__(
        self,
        db: sqlite_utils.Database,
        batch: int = 20_000,
        batch_text: int = 4_000_000,
        clock: Callable[[str], AbstractContextManager] = lambda step: contextlib.nullcontext(),
    ):
        self.db = db
        self.clock = clock
        self.batch = batch
        self.batch_text = batch_text
        self.pending: dict[str, list[tuple]] = {table: [] for table in self.ORDER}
        self.size = 0
        self.text = 0

    def add(self, rows: dict[str, list[tuple]]) -> None:
        """One article's rows, as ``rows.values`` makes them."""
        for table, table_rows in rows.items():
            self.pending[table].extend(table_rows)
            self.size += len(table_rows)
        self.text += sum(len(raw) + len(cleaned) for _id, raw, cleaned in rows.get("article_texts", ()))
        if self.size >= self.batch or self.text >= self.batch_text:
            self.flush()

    def flush(self) -> None:
        """Insert the rows waiting, and index them for search: in a build, while the
        workers extract the next articles, not in one pass after the last (each step
        timed by ``clock``)."""
        marks = search_marks(self.db)
        with self.clock("store"):
            for table in self.ORDER:
                if self.pending[table]:
                    self.db.conn.executemany(insert_sql(table), self.pending[table])
                    self.pending[table].clear()
        with self.clock("search index"):
            index_rows_after(self.db, marks)
        self.size = self.text = 0


def insert_sql(table: str, into: str = "main") -> str:
    """An insert of whole rows into the table of the schema ``into``; for claimants, the
    inferred ones of an article, one that another article has named already is kept as it
    is (until ``settle_inferred_claimants``)."""
    columns = list(schema.TABLES[table][0])
    verb = "INSERT OR IGNORE" if table == "claimants" else "INSERT"
    return "{} INTO [{}].[{}] ({}) VALUES ({})".format(
        verb, into, table, ", ".join(f"[{c}]" for c in columns), ", ".join("?" * len(columns))
    )


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict], into: str = "main") -> None:
    db.conn.executemany(insert_sql(table, into), values(table, rows))


# Each full-text index: its columns, the rows it indexes (rowid first), the column naming
# their article, and the table whose rowids they are.
SEARCHED = {
    "articles_fts": (("title", "cleaned_text"), schema.ARTICLES_SEARCHED, "articles.id", "articles"),
    "sentences_fts": (("text",), "SELECT rowid, text FROM sentences", "article", "sentences"),
}


def chunks(ids: list[str], size: int = 500) -> Iterable[tuple[list[str], str]]:
    """The ids in chunks of ``size``, each with as many SQL placeholders ("?, ?")."""
    for i in range(0, len(ids), size):
        chunk = ids[i : i + size]
        yield chunk, ", ".join("?" * len(chunk))


def search_marks(db: sqlite_utils.Database) -> dict[str, int]:
    """The last rowid of each table the search indexes read: SQLite gives the rows written
    after, a rowid above (max + 1), whatever rows went before."""
    return {
        index: db.execute(f"SELECT coalesce(max(rowid), 0) FROM [{table}]").fetchone()[0]
        for index, (*_, table) in SEARCHED.items()
    }


def index_rows_after(db: sqlite_utils.Database, marks: dict[str, int]) -> None:
    """Add to the search indexes the rows written since ``search_marks`` gave ``marks``."""
    for index, (columns, rows, _key, table) in SEARCHED.items():
        names = ", ".join(f"[{c}]" for c in columns)
        db.execute(
            f"INSERT INTO [{index}] (rowid, {names}) SELECT * FROM ({rows} WHERE [{table}].rowid > ?)",
            [marks[index]],
        )


def _unindex(db: sqlite_utils.Database, ids: list[str]) -> None:
    """Take the articles' rows out of the search indexes (which needs the values they were
    indexed with: the rows are still there)."""
    for chunk, marks in chunks(ids):
        for index, (columns, rows, key, _table) in SEARCHED.items():
            names = ", ".join(f"[{c}]" for c in columns)
            db.execute(
                f"INSERT INTO [{index}] ([{index}], rowid, {names}) "
                f"SELECT 'delete', * FROM ({rows} WHERE {key} IN ({marks}))",
                chunk,
            )


def forget_articles(db: sqlite_utils.Database, ids: list[str]) -> None:
    """Remove every row of articles that changed or went, keeping the search index in step."""
    _unindex(db, ids)
    for chunk, marks in chunks(ids):
        db.execute(
            f"DELETE FROM reference_checks WHERE claim IN (SELECT id FROM claims WHERE article IN ({marks}))",
            chunk,
        )
        for table in ("mentions", "claims", "sentences", "furniture", "claimant_variants"):
            db.execute(f"DELETE FROM [{table}] WHERE article IN ({marks})", chunk)
        for table in ("article_texts", "articles"):
            db.execute(f"DELETE FROM [{table}] WHERE id IN ({marks})", chunk)


# Articles may name one inferred claimant in words that differ in case ("the Defence
# Ministry", "the defence ministry"), and so in what its words give: its row is the
# reading most articles give (ties by the words), whichever article came first, so
# that a build from nothing and a rebuild after any change agree.
# (One pass over the variants each, as a fresh build has no index on them yet.)
USUAL_VARIANTS = """
(SELECT claimant, name, kind, side, roles, row_number() OVER (
   PARTITION BY claimant ORDER BY count(*) DESC, name, kind, side, roles) AS rank
 FROM claimant_variants GROUP BY claimant, name, kind, side, roles) AS usual
"""
SETTLE_INFERRED_CLAIMANTS = [
    "DELETE FROM claimants WHERE inferred = 1 AND id NOT IN (SELECT claimant FROM claimant_variants)",
    f"""UPDATE claimants SET name = usual.name, kind = usual.kind, side = usual.side, roles = usual.roles
        FROM {USUAL_VARIANTS}
        WHERE usual.rank = 1 AND usual.claimant = claimants.id AND claimants.inferred = 1""",
]
# The inferred claimants whose kind or side (what linking reads of them) settling changes.
RESETTLED_CLAIMANTS = f"""
SELECT claimants.id FROM claimants JOIN {USUAL_VARIANTS} ON usual.claimant = claimants.id
WHERE usual.rank = 1 AND claimants.inferred = 1
  AND (claimants.kind IS NOT usual.kind OR claimants.side IS NOT usual.side)
ORDER BY claimants.id
"""


def resettled_claimants(db: sqlite_utils.Database) -> list[str]:
    """The inferred claimants whose kind or side ``settle_inferred_claimants`` will change
    (when the articles that named them most often changed or went): the groups, pairs and
    reference checks of their claims in every article are linked anew."""
    return [row[0] for row in db.execute(RESETTLED_CLAIMANTS)]


def settle_inferred_claimants(db: sqlite_utils.Database) -> None:
    """The inferred claimants as the stored articles name them: those no claim names any
    more (as claimant or via) removed, the others as most articles read them. (The groups
    of their claims that linking has yet to redo may name removed ones until then.)"""
    for statement in SETTLE_INFERRED_CLAIMANTS:
        db.execute(statement)


def write_series(db: sqlite_utils.Database, series: Reference) -> None:
    """The reference series as a source with its reports, its claims and their groups
    (its article indexed for search as the articles are)."""
    marks = search_marks(db)
    claims = reference.claim_rows(series.reports.by_date)
    groups = [dict(group, origin="reference") for group in reference.group_rows(claims)]
    for table, rows in (
        ("articles", [reference.article_row(series.path, series.reports.by_date, series.sha256)]),
        ("article_texts", [reference.article_texts_row()]),
        ("reference_reports", reference.report_rows(series.reports.by_date)),
        ("claim_groups", groups),
        ("claims", [dict(claim, claim_group=claim["id"]) for claim in claims]),
    ):
        insert_rows(db, table, rows)
    index_rows_after(db, marks)


BUILD_SUMMARY = f"""
SELECT
  (SELECT count(*) FROM articles
     WHERE id NOT IN (SELECT article FROM claims WHERE origin = 'reference')) AS articles,
  (SELECT count(*) FROM claims WHERE origin = 'news' AND {COUNTS}) AS claims,
  (SELECT count(DISTINCT claimant) FROM claims WHERE origin = 'news' AND {COUNTS}) AS claimants,
  (SELECT count(*) FROM counterclaims) AS counterclaims,
  (SELECT count(*) FROM reference_reports) AS reference_reports,
  (SELECT max(date) FROM reference_reports) AS reference_until
"""


def write_build_summary(db: sqlite_utils.Database, fingerprint: str, started_ns: int) -> None:
    """The counts the home page shows, when the build ran, the fingerprint of the code,
    lexicon, curation and series it ran with (whether a later build may reuse it), and that
    it holds the articles' full text."""
    cursor = db.execute(BUILD_SUMMARY)
    counts = dict(zip([column[0] for column in cursor.description], cursor.fetchone(), strict=True))
    built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    row = {
        "id": 1,
        "built_at": built_at,
        "started_ns": started_ns,
        "fingerprint": fingerprint,
        "texts": FULL_TEXT,
    }
    db["build"].upsert(row | counts, pk="id")
    for statement in SUMMARY_COUNTS:
        db.execute(statement)


# Counted once per build, so that no page counts a million claims per request.
SUMMARY_COUNTS = [
    f"""UPDATE subjects SET
         claims = (SELECT count(*) FROM claims WHERE subject = subjects.id AND {COUNTS}),
         charted = (SELECT count(*) FROM claims WHERE subject = subjects.id AND {COUNTS}
                    AND as_of IS NOT NULL AND value > 0 AND scope = '{TOTAL}'),
         pairs = (SELECT count(*) FROM counterclaims WHERE subject = subjects.id)""",
    f"""UPDATE claimants SET claim_count = (SELECT count(*) FROM claims WHERE claimant = claimants.id
         AND origin = 'news' AND {COUNTS})""",
]
