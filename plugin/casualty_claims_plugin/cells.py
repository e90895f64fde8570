"""How table cells read: sides, measures, qualifiers and statuses as labels, a pair's caveats
in words, and the ids of claims, articles and claimants as links to their pages."""

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
CLAIM_ID_COLUMNS = {"id": "claims", "article": "articles", "claimant": "claimants", "via": "claimants"}
ID_COLUMNS = {
    "claims": CLAIM_ID_COLUMNS,
    "counted_claims": CLAIM_ID_COLUMNS,
    "claims_flat": {
        "claim_id": "claims", "article": "articles", "claimant_id": "claimants", "via_id": "claimants",
    },
    "mentions": {"claim": "claims", "article": "articles"},
    "articles": {"id": "articles"},
    "claimants": {"id": "claimants", "speaks_for": "claimants"},
    "claimant_aliases": {"claimant": "claimants"},
    "claimant_variants": {"article": "articles", "claimant": "claimants"},
    "claim_groups": {"claim": "claims", "claimant": "claimants"},
    "counterclaims": {"claim_id": "claims", "counter_id": "claims"},
    "counterclaims_flat": {
        "claim_id": "claims", "counter_id": "claims",
        "claim_claimant_id": "claimants", "counter_claimant_id": "claimants",
    },
    "reference_checks": {"claim": "claims", "report_claim": "claims"},
    "sentences": {"article": "articles"},
    "furniture": {"article": "articles"},
}  # fmt: skip
# Tables whose ``caveats`` column holds a pair's caveats (a JSON list); so does any query's.
CAVEAT_TABLES = (None, "counterclaims", "counterclaims_flat")
# The same in the results of canned and arbitrary SQL queries, by column name alone.
QUERY_ID_COLUMNS = {
    "claim_id": "claims",
    "counter_id": "claims",
    "article_id": "articles",
    "claimant_id": "claimants",
}
# Columns that hold a claimant's name, and the column of the same row that holds its id: in
# views and queries, where no foreign key lets Datasette link the name, it links to the page.
NAMED_CLAIMANTS = {
    "claimant": "claimant_id",
    "via": "via_id",
    "claim_claimant": "claim_claimant_id",
    "counter_claimant": "counter_claimant_id",
}


def cell_html(datasette, row, value, column: str, table: str | None) -> Markup | None:
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
    return _named_claimant(datasette, row, value, column)


def _named_claimant(datasette, row, name: str, column: str) -> Markup | None:
    """A claimant's name linked to its page, where the row holds the claimant's id beside it."""
    id_column = NAMED_CLAIMANTS.get(column)
    try:
        id = id_column and row[id_column]
    except (IndexError, KeyError):  # a row without the id (sqlite3.Row, dict)
        return None
    if not isinstance(id, str):
        return None
    return Markup('<a href="{}">{}</a>').format(page_url(datasette, "claimants", id), name)


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
