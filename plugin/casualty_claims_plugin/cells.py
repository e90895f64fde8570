"""How table cells read: sides, measures, qualifiers and statuses as labels, a pair's caveats
in words, the ids of claims, articles, claimants and daily reports as links to their pages,
figures with thousands separators, and long texts cut short with a link to the page that has
them whole."""

from __future__ import annotations

from markupsafe import Markup

from casualty_claims import caveats
from casualty_claims.reference import FIELDS as SERIES_FIELDS
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
    "reference_checks": {"claim": "claims", "report": "reference_reports", "report_claim": "claims"},
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
# Columns that hold a figure, in any table or query, and the column that says it as it was
# said, where a row has one: a figure reads with thousands separators where it is exact, and
# its value column as it was said where it is not ("more than 7,000", "projected: 100,000"),
# so that no cell shows a bound or an estimate as a count. Ids, years, offsets and counts of
# rows keep Datasette's rendering.
FIGURE_COLUMNS = {
    "value": "display",
    "value_low": "display",
    "value_high": "display",
    "claim_value": "claim_display",
    "counter_value": "counter_display",
    "report_value": None,
    "difference": None,
}
# The columns whose cell shows a figure as it was said where it is not exact; a bound stays a number.
SAID_COLUMNS = ("value", "claim_value", "counter_value")
# ... and the reference series' daily reports, whose every count column is an exact figure.
TABLE_FIGURE_COLUMNS = {"reference_reports": set(SERIES_FIELDS)}
# Texts that can run to a paragraph (a quote, a sentence, a headline, a feed entry's content):
# a table cell shows their first characters, and links to the page that has them whole.
LONG_TEXT_COLUMNS = ("quote", "text", "title", "article_title", "atom_content")
LONGEST_CELL_TEXT = 200
# A row's label (an article's headline) in the cell of its id, which links to the page that has it whole.
LONGEST_LINK_TEXT = 100
# The pages that show a row's long texts whole, best first: its claim's, else its article's.
FULL_TEXT_PAGES = ("claims", "articles")


# Columns that hold a claimant's name, and the column of the same row that holds its id: in
# views and queries, where no foreign key lets Datasette link the name, it links to the page.
NAMED_CLAIMANTS = {
    "claimant": "claimant_id",
    "via": "via_id",
    "claim_claimant": "claim_claimant_id",
    "counter_claimant": "counter_claimant_id",
}


def cell_html(datasette, value, column: str, table: str | None, row=None) -> Markup | None:
    """The cell as a label, a link, a figure or a shortened text, or None for Datasette's own
    rendering. ``row`` (the cell's row) gives a shortened text its link, and a claimant's name
    the id beside it."""
    label = None
    if isinstance(value, dict) and "value" in value:  # a foreign key Datasette has expanded
        value, label = value["value"], value.get("label")
    if table == "claimants" and column == "inferred" and value in INFERRED_CELLS:
        return INFERRED_CELLS[value]
    if isinstance(value, int) and not isinstance(value, bool):
        if column in FIGURE_COLUMNS:
            return _figure_cell(value, column, row)
        if column in TABLE_FIGURE_COLUMNS.get(table, ()):
            return _number(value)
    if not isinstance(value, str):
        return None
    if column in LONG_TEXT_COLUMNS and len(value) > LONGEST_CELL_TEXT and row is not None:
        return _shortened_cell(datasette, value, table, row)
    if column == "caveats" and table in CAVEAT_TABLES:
        return _caveats_cell(value)
    labels = LABELS.get(column)
    if labels and value in labels and table not in VOCABULARY_TABLES:
        return Markup('<span class="cc-label cc-{}" title="{}">{}</span>').format(
            column, value, labels[value]
        )
    target = (ID_COLUMNS.get(table, {}) if table else QUERY_ID_COLUMNS).get(column)
    if target:
        return Markup('<a href="{}">{}</a>').format(
            page_url(datasette, target, value), _link_text(label, value)
        )
    return _named_claimant(datasette, row, value, column)


def _named_claimant(datasette, row, name: str, column: str) -> Markup | None:
    """A claimant's name linked to its page, where the row holds the claimant's id beside it."""
    id_column = NAMED_CLAIMANTS.get(column)
    if not id_column or row is None:
        return None
    try:
        id = row[id_column]
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


def _link_text(label: str | None, value: str) -> str:
    if not label:
        return value
    return label if len(label) <= LONGEST_LINK_TEXT else shortened(label, LONGEST_LINK_TEXT) + "…"


def _figure_cell(value: int, column: str, row) -> Markup | None:
    """A figure with thousands separators where its row says it so (or does not say it);
    else its value as the row says it, and a bound as Datasette shows it (None)."""
    said_column = FIGURE_COLUMNS[column]
    said = _column_value(row, said_column)
    if said is None or said == f"{value:,}":
        return _number(value)
    if column in SAID_COLUMNS:
        return Markup('<span class="cc-said" title="the figure as it was said">{}</span>').format(said)
    return None


def _number(value: int) -> Markup:
    return Markup('<span class="cc-number">{:,}</span>').format(value)


def _shortened_cell(datasette, text: str, table: str | None, row) -> Markup | None:
    """A long text's first words, an ellipsis and a link to the page of the row's claim (or
    article) that has it whole; None (Datasette's rendering) when the row names neither."""
    url = _full_text_url(datasette, table, row)
    if url is None:
        return None
    return Markup('{}… <a class="cc-more" href="{}" title="the whole text on its page">more</a>').format(
        shortened(text, LONGEST_CELL_TEXT), url
    )


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at the last space in its second half
    (a word is not cut in two unless it is that long), with no trailing punctuation."""
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—")


def _full_text_url(datasette, table: str | None, row) -> str | None:
    """The page of the claim or article a row belongs to, found by the columns that link to them."""
    id_columns = ID_COLUMNS.get(table, {}) if table else QUERY_ID_COLUMNS
    for page in FULL_TEXT_PAGES:
        for column, target in id_columns.items():
            id = _column_value(row, column)
            if target == page and isinstance(id, str):
                return page_url(datasette, page, id)
    return None


def _column_value(row, column: str | None):
    """The row's value in ``column``, or None where it has no such column (``in`` looks
    through a sqlite3.Row's values, not its columns)."""
    return row[column] if row is not None and column in row.keys() else None  # noqa: SIM118
