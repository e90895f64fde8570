"""No page query reads a whole table that grows with the articles: each one finds
its rows through an index (EXPLAIN QUERY PLAN), so pages stay fast at a million claims."""

from __future__ import annotations

import re

import pytest

from casualty_claims_plugin import article, claim, claimant, contested, series

PAGE_QUERIES = {
    name: sql
    for page in (contested, claim, article, claimant, series)
    for name, sql in vars(page).items()
    if name.isupper() and isinstance(sql, str) and re.match(r"\s*SELECT\b", sql)
}
# Tables whose size does not grow with the articles: the overview's subjects, the
# vocabularies, the lexicon's claimants and the ministry's daily reports.
FIXED_SIZE = {"subjects", "sides", "measures", "populations", "qualifiers", "claimants", "reference_reports"}
PARAMS = {
    "subject": "russian-military-deaths",
    "limit": 500,
    "id": "x",
    "group": "x",
    "article": "x",
    "paragraph": 1,
    "sentence": "x",
    "around": 2_000,
    "shown": 100_000,
    "listed": 1_000,
    "start": 0,
    "end": 100,
    "date": "2022-11-13",
    "before": "2022-11-13",
    "claimant": "x",
}


def test_the_page_queries_are_all_checked():
    assert {
        "SUBJECT_CLAIMS",
        "SUBJECT_PAIRS",
        "ONE_CLAIM",
        "ARTICLE_MENTIONS",
        "CLAIMANT_CLAIMS",
        "REPORT_FIGURES",
        "REPORT_CHECKS",
    } <= set(PAGE_QUERIES)


@pytest.mark.parametrize("name", sorted(PAGE_QUERIES))
def test_page_query_uses_an_index(seed_conn, name):
    plan = [row[3] for row in seed_conn.execute("EXPLAIN QUERY PLAN " + PAGE_QUERIES[name], PARAMS)]
    scans = [step for step in plan if step.startswith("SCAN ") and step.split()[1] not in FIXED_SIZE]
    assert scans == [], f"{name} reads a whole table: {plan}"
