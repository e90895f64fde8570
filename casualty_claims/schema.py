"""The database schema, in one place: tables, keys, indexes, views and search.

The vocabulary tables (sides, measures, populations, qualifiers, scopes, relations, check
outcomes) are filled from vocabulary.py.
"""

from __future__ import annotations

import sqlite_utils

from .vocabulary import (
    CHECK_OUTCOMES,
    COUNTS,
    EXTRACTED,
    MEASURES,
    POPULATIONS,
    QUALIFIERS,
    RELATIONS,
    SCOPES,
    SIDES,
    TOTAL,
)

TABLES = {
    "build": (
        {
            "id": int, "built_at": str, "started_ns": int, "fingerprint": str, "articles": int, "claims": int,
            "claimants": int, "counterclaims": int, "reference_reports": int, "reference_until": str,
            "texts": str,
        },
        {},
    ),  # fmt: skip
    "sides": ({"id": str, "name": str}, {}),
    "subjects": (
        {
            "id": str, "title": str, "position": int, "sides": str, "populations": str, "measures": str,
            "with_series": int, "claims": int, "charted": int, "pairs": int,
        },
        {},
    ),  # fmt: skip
    "measures": ({"id": str, "name": str, "counts_people": int}, {}),
    "populations": ({"id": str, "name": str}, {}),
    "qualifiers": ({"id": str, "name": str}, {}),
    "scopes": ({"id": str, "name": str}, {}),
    "relations": ({"id": str, "name": str}, {}),
    "check_outcomes": ({"id": str, "name": str}, {}),
    # places and operations a figure may be limited to (lexicon/places.yml)
    "places": ({"id": str, "name": str, "kind": str}, {}),
    "claimants": (
        {
            "id": str, "name": str, "kind": str, "side": str, "speaks_for": str, "roles": str, "claim_count": int,
            "inferred": int,
        },
        {"side": "sides", "speaks_for": "claimants"},
    ),
    "claimant_aliases": (
        {"id": str, "claimant": str, "alias": str},
        {"claimant": "claimants"},
    ),
    "claim_groups": (
        {
            "id": str, "claim": str, "claimant": str, "claimant_side": str, "subject_side": str,
            "population": str, "measure": str, "unit": str, "value": int, "value_low": int,
            "value_high": int, "qualifier": str, "display": str, "as_of": str, "scope": str,
            "period_start": str, "period_end": str, "place": str, "first_reported": str,
            "article_count": int, "claim_count": int, "origin": str,
        },
        {
            "claimant": "claimants", "claimant_side": "sides", "subject_side": "sides",
            "population": "populations", "measure": "measures", "qualifier": "qualifiers",
            "scope": "scopes",
        },
    ),
    "articles": (
        {
            "id": str, "path": str, "sha256": str, "source_sha256": str, "source_stat": str, "encoding": str, "title": str,
            "outlet": str, "url": str,
            "published": str, "published_precision": str, "published_method": str, "curation_entries": str,
        },
        {},
    ),
    # An article's texts, apart from its row: the site serves no table of them (metadata.yml
    # denies it), so no table page, JSON or CSV can send every article's megabytes of text.
    "article_texts": ({"id": str, "raw_text": str, "cleaned_text": str}, {"id": "articles"}),
    # How each article names an inferred claimant: the claimants row is the most usual (settle_inferred_claimants)
    "claimant_variants": (
        {"id": str, "article": str, "claimant": str, "name": str, "kind": str, "side": str, "roles": str},
        {"article": "articles", "claimant": "claimants"},
    ),
    "furniture": (
        {"id": str, "article": str, "start": int, "end": int, "reason": str, "text": str},
        {"article": "articles"},
    ),
    "sentences": (
        {
            "id": str, "article": str, "position": int, "paragraph": int, "start": int,
            "end": int, "text": str, "is_headline": int,
        },
        {"article": "articles"},
    ),
    "claims": (
        {
            "id": str, "article": str, "sentence": str, "claimant": str, "claimant_text": str,
            "attribution": str, "subject_side": str, "population": str, "measure": str,
            "unit": str, "value": int, "value_low": int, "value_high": int, "qualifier": str, "qualifier_text": str,
            "display": str, "as_of": str, "as_of_precision": str, "as_of_method": str, "scope": str,
            "scope_text": str, "period_start": str, "period_end": str, "place": str, "place_text": str,
            "span_start": int, "span_end": int, "figure_text": str,
            "quote": str, "in_quote": int, "mention_count": int, "claim_group": str,
            "origin": str, "source_uri": str, "reference_row": int,
            "status": str, "curation": str, "curation_reason": str, "original": str, "subject": str,
            "via": str,
        },
        {
            "article": "articles", "sentence": "sentences", "claimant": "claimants", "via": "claimants",
            "subject_side": "sides", "population": "populations", "measure": "measures",
            "qualifier": "qualifiers", "claim_group": "claim_groups", "subject": "subjects",
            "scope": "scopes", "place": "places",
        },
    ),
    "reference_reports": (
        {
            "id": str, "date": str, "source_uri": str, "row": int, "personnel": int, "tanks": int,
            "afvs": int, "artillery": int, "airDefense": int, "rocketSystems": int,
            "unarmoredVehicles": int, "fixedWingAircraft": int, "rotaryWingAircraft": int, "uavs": int,
            "ships": int, "submarines": int, "specialEquipment": int, "missiles": int,
        },
        {},
    ),
    "reference_checks": (
        {
            "id": str, "claim": str, "report": str, "report_claim": str, "field": str,
            "report_value": int, "outcome": str, "matches": int, "difference": int, "days_apart": int,
            "reason": str,
        },
        {
            "claim": "claims", "report": "reference_reports", "report_claim": "claims",
            "outcome": "check_outcomes",
        },
    ),
    "mentions": (
        {
            "id": str, "claim": str, "article": str, "sentence": str, "span_start": int,
            "span_end": int, "text": str, "kind": str, "in_furniture": int,
        },
        {"claim": "claims", "article": "articles", "sentence": "sentences"},
    ),
    "counterclaims": (
        {
            "id": str, "claim_group": str, "counter_group": str, "claim_id": str,
            "counter_id": str, "subject_side": str, "population": str, "measure": str,
            "counter_measure": str, "unit": str, "scope": str, "place": str, "relation": str,
            "comparable": int, "ratio": float, "gap_days": int, "caveats": str, "subject": str,
        },
        {
            "claim_group": "claim_groups", "counter_group": "claim_groups", "claim_id": "claims",
            "counter_id": "claims", "subject_side": "sides", "population": "populations",
            "measure": "measures", "counter_measure": "measures", "subject": "subjects",
            "scope": "scopes", "relation": "relations",
        },
    ),
}  # fmt: skip

# A claim's values where whoever makes its row (the grammar, the ministry's series, a hand's
# curation) has none of its own: no sentence, span, period or place, a running total, not said
# in a quote, from the news, as extracted and never curated.
CLAIM_DEFAULTS = {
    "sentence": None,
    "claimant_text": None,
    "via": None,
    "value_low": None,
    "value_high": None,
    "qualifier_text": None,
    "scope": TOTAL,
    "scope_text": None,
    "period_start": None,
    "period_end": None,
    "place": None,
    "place_text": None,
    "span_start": None,
    "span_end": None,
    "in_quote": 0,
    "origin": "news",
    "source_uri": None,
    "reference_row": None,
    "status": EXTRACTED,
    "curation": None,
    "curation_reason": None,
    "original": None,
}


def claim_row(values: dict) -> dict:
    """A row of the claims table: ``values`` over ``CLAIM_DEFAULTS``. A key the table has no
    column for is a mistake in the code that made the row, not a value to drop."""
    unknown = values.keys() - set(TABLES["claims"][0])
    if unknown:
        raise KeyError(f"the claims table has no column {', '.join(sorted(unknown))}")
    return CLAIM_DEFAULTS | values


# Filters the pages and canned queries use, beside an index per foreign key.
INDEXES = [
    ("claims", ["subject", "as_of"]),
    ("claims", ["claimant", "as_of"]),
    ("counterclaims", ["subject", "comparable", "ratio"]),
    ("claims", ["subject_side", "population", "measure", "as_of"]),
    ("claims", ["as_of"]),
    ("claims", ["value"]),
    ("claims", ["origin", "claimant"]),
    ("sentences", ["article", "position"]),
    ("mentions", ["article", "span_start"]),
    ("claim_groups", ["subject_side", "population", "measure", "as_of"]),
    ("claim_groups", ["subject_side", "unit", "population", "as_of"]),  # incremental linking
    ("counterclaims", ["ratio"]),
]

# Who claims what figure about whose losses, as of when, and the quote come first: what a
# screen shows of the table before it scrolls sideways.
CLAIMS_FLAT = f"""
CREATE VIEW claims_flat AS
SELECT
    claims.id AS claim_id,
    coalesce(claimants.name, 'unknown') AS claimant,
    coalesce(claimants.side, 'unknown') AS claimant_side,
    claims.display,
    claims.value,
    claims.subject_side,
    claims.population,
    claims.measure,
    claims.unit,
    claims.as_of,
    claims.quote,
    claims.article,
    claims.claimant_text,
    vias.name AS via,
    claims.status,
    claims.value_low,
    claims.value_high,
    claims.qualifier,
    claims.as_of_precision,
    claims.scope,
    claims.period_start,
    claims.period_end,
    claims.place,
    claims.span_start,
    claims.span_end,
    articles.title AS article_title,
    articles.outlet,
    articles.url,
    articles.published,
    claims.claimant AS claimant_id,
    claims.via AS via_id
FROM claims
JOIN articles ON articles.id = claims.article
LEFT JOIN claimants ON claimants.id = claims.claimant
LEFT JOIN claimants AS vias ON vias.id = claims.via
WHERE claims.qualifier != 'vague' AND claims.origin = 'news' AND claims.{COUNTS}
"""

# Both figures as said, by whom, and their ratio come first: what a screen shows before it
# scrolls sideways.
COUNTERCLAIMS_FLAT = """
CREATE VIEW counterclaims_flat AS
SELECT
    counterclaims.id AS pair_id,
    counterclaims.claim_id,
    coalesce(claim_claimant.name, 'unknown') AS claim_claimant,
    claim.claimant_side AS claim_side,
    claim.display AS claim_display,
    counterclaims.counter_id,
    coalesce(counter_claimant.name, 'unknown') AS counter_claimant,
    counter.claimant_side AS counter_side,
    counter.display AS counter_display,
    counterclaims.ratio,
    claim.as_of AS claim_as_of,
    counter.as_of AS counter_as_of,
    counterclaims.relation,
    counterclaims.subject_side,
    counterclaims.population,
    counterclaims.measure,
    counterclaims.counter_measure,
    counterclaims.unit,
    claim.value AS claim_value,
    claim.qualifier AS claim_qualifier,
    claim.article_count AS claim_articles,
    counter.value AS counter_value,
    counter.qualifier AS counter_qualifier,
    counter.article_count AS counter_articles,
    counterclaims.scope,
    counterclaims.place,
    counterclaims.comparable,
    counterclaims.gap_days,
    counterclaims.caveats,
    counterclaims.subject,
    claim.claimant AS claim_claimant_id,
    counter.claimant AS counter_claimant_id
FROM counterclaims
JOIN claim_groups AS claim ON claim.id = counterclaims.claim_group
JOIN claim_groups AS counter ON counter.id = counterclaims.counter_group
LEFT JOIN claimants AS claim_claimant ON claim_claimant.id = claim.claimant
LEFT JOIN claimants AS counter_claimant ON counter_claimant.id = counter.claimant
"""


# The claims that count (every status but rejected, news and the reference series alike):
# what the canned queries read, so that none spells out the rule.
COUNTED_CLAIMS = f"""
CREATE VIEW counted_claims AS
SELECT * FROM claims WHERE {COUNTS}
"""


def check_keys_as_written(db: sqlite_utils.Database) -> None:
    """Have SQLite check each foreign key as a row is written (a fresh build writes parents
    before children, so each check is one lookup of a primary key): the build needs no pass
    over every table at the end."""
    db.execute("PRAGMA foreign_keys = ON")


def create(db: sqlite_utils.Database) -> None:
    """The tables, views, vocabularies and search indexes; the other indexes come once the rows are in."""
    for name, (columns, foreign_keys) in TABLES.items():
        db[name].create(
            columns,
            pk="id",
            foreign_keys=[(column, other, "id") for column, other in foreign_keys.items()],
            not_null={"id"},
        )
    db["sides"].insert_all(SIDES)
    db["measures"].insert_all(MEASURES)
    db["populations"].insert_all(POPULATIONS)
    db["qualifiers"].insert_all(QUALIFIERS)
    db["scopes"].insert_all(SCOPES)
    db["relations"].insert_all(RELATIONS)
    db["check_outcomes"].insert_all(CHECK_OUTCOMES)
    db.execute(CLAIMS_FLAT)
    db.execute(COUNTERCLAIMS_FLAT)
    db.execute(COUNTED_CLAIMS)
    create_search(db)


# Rewritten whole by every build's linking step, which is faster without their indexes.
LINK_TABLES = ("claim_groups", "counterclaims", "reference_checks")


def linking_rewrites(table: str, columns: list[str]) -> bool:
    """Whether linking rewrites what an index covers: a table it writes, or the claims' groups."""
    return table in LINK_TABLES or (table == "claims" and "claim_group" in columns)


def drop_link_indexes(db: sqlite_utils.Database) -> None:
    """Drop the indexes linking rewrites (create_indexes puts them back)."""
    for table in ("claims", *LINK_TABLES):
        for index in db[table].indexes:
            if linking_rewrites(table, index.columns) and not index.name.startswith("sqlite_autoindex"):
                db.execute(f"DROP INDEX [{index.name}]")


def create_indexes(db: sqlite_utils.Database, of_links: bool = True) -> None:
    """An index per foreign key, and those the pages and canned queries need (with
    ``of_links`` False, only those of what linking does not rewrite)."""
    wanted = [(name, [column]) for name, (_columns, keys) in TABLES.items() for column in keys]
    for table, columns in wanted + INDEXES:
        if of_links or not linking_rewrites(table, columns):
            db[table].create_index(columns, if_not_exists=True)


# The articles' index holds no copy of their text (contentless: its columns read as NULL), so
# that the table Datasette serves for it sends none; its rowids are those of the articles.
ARTICLES_FTS = """
CREATE VIRTUAL TABLE articles_fts USING FTS5 (title, cleaned_text, content='', tokenize='porter')
"""
# What the articles' index holds of each article, by rowid (also what taking one out needs).
ARTICLES_SEARCHED = """
SELECT articles.rowid, articles.title, article_texts.cleaned_text
FROM articles JOIN article_texts ON article_texts.id = articles.id
"""


def create_search(db: sqlite_utils.Database) -> None:
    """Full-text search over articles and sentences, empty: the rows are indexed as they are
    written (store.Writer), so that a build indexes while its workers extract."""
    db.execute(ARTICLES_FTS)
    db["sentences"].enable_fts(["text"], fts_version="FTS5", tokenize="porter")
