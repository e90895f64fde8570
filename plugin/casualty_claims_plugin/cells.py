"""How table cells read: sides, measures, qualifiers and statuses as labels, a pair's caveats
in words, and the ids of claims, articles, claimants and daily reports as links to their pages."""

from __future__ import annotations

from markupsafe import Markup

from casualty_claims import caveats
from casualty_claims.vocabulary import MEASURE_LABELS, QUALIFIER_LABELS, SIDE_LABELS, STATUS_LABELS

from .site import page_url

# The labels of each column that holds a vocabulary id.
LABELS = {
    "subject_side": SIDE_LABELS,
    "claimant_side": SIDE_LABELS,
    "claim_side": SIDE_LABELS,
    "counter_side": SIDE_LABELS,
    "side": SIDE_LABELS,
    "measure": MEASURE_LABELS,
    "counter_measure": MEASURE_LABELS,
    "qualifier": QUALIFIER_LABELS,
    "status": STATUS_LABELS,
    "claim_qualifier": QUALIFIER_LABELS,
    "counter_qualifier": QUALIFIER_LABELS,
}
# The vocabulary tables themselves show their ids as they are.
VOCABULARY_TABLES = ("sides", "measures", "qualifiers")
# A claimant the grammar read from the text (1), or one of the lexicon (0).
INFERRED_CELLS = {
    1: Markup(
        '<span class="cc-label cc-inferred" title="read from the text, not in the lexicon">inferred</span>'
    ),
    0: Markup('<span class="cc-note">lexicon</span>'),
}
# Columns that hold the id of a claim, an article or a claimant, by the table they live in.
ID_COLUMNS = {
    "claims": {"id": "claims", "article": "articles", "claimant": "claimants", "via": "claimants"},
    "claims_flat": {"claim_id": "claims", "article": "articles"},
    "mentions": {"claim": "claims", "article": "articles"},
    "articles": {"id": "articles"},
    "claimants": {"id": "claimants", "speaks_for": "claimants"},
    "claim_groups": {"claimant": "claimants"},
    "counterclaims": {"claim_id": "claims", "counter_id": "claims"},
    "counterclaims_flat": {"claim_id": "claims", "counter_id": "claims"},
    "sentences": {"article": "articles"},
    "furniture": {"article": "articles"},
    "reference_checks": {"claim": "claims", "report": "reference_reports", "report_claim": "claims"},
}
# Tables whose ``caveats`` column holds a pair's caveats (a JSON list); so does any query's.
CAVEAT_TABLES = (None, "counterclaims", "counterclaims_flat")
# The same in the results of canned and arbitrary SQL queries, by column name alone.
QUERY_ID_COLUMNS = {
    "claim_id": "claims",
    "counter_id": "claims",
    "article_id": "articles",
    "claimant_id": "claimants",
}


def cell_html(datasette, value, column: str, table: str | None) -> Markup | None:
    """The cell as a label or a link, or None for Datasette's own rendering."""
    label = None
    if isinstance(value, dict) and "value" in value:  # a foreign key Datasette has expanded
        value, label = value["value"], value.get("label")
    if table == "claimants" and column == "inferred" and value in INFERRED_CELLS:
        return INFERRED_CELLS[value]
    if not isinstance(value, str):
        return None
    if column == "caveats" and table in CAVEAT_TABLES:
        return _caveats_cell(value)
    labels = LABELS.get(column)
    if labels and value in labels and table not in VOCABULARY_TABLES:
        return Markup('<span class="cc-label cc-{}" title="{}">{}</span>').format(
            column, value, labels[value]
        )
    target = (ID_COLUMNS.get(table, {}) if table else QUERY_ID_COLUMNS).get(column)
    if target:
        return Markup('<a href="{}">{}</a>').format(page_url(datasette, target, value), label or value)
    return None


def _caveats_cell(value: str) -> Markup | None:
    """A pair's caveats as the table's columns name its figures ("the counterclaim is a vague
    amount"), the stored codes in the title; None (Datasette's rendering) for any other text."""
    try:
        read = caveats.read(caveats.loaded(value))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # an arbitrary query's column of that name
    return Markup('<span class="cc-caveats" title="{}">{}</span>').format(
        value, "; ".join(c["text"] for c in read)
    )
