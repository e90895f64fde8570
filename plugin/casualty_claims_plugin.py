"""Datasette plugin for casualty-claims: readable labels and links in tables."""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup

SIDE_LABELS = {"ukraine": "Ukraine", "russia": "Russia", "third_party": "Third party", "unknown": "Unknown"}
MEASURE_LABELS = {
    "killed": "killed",
    "wounded": "wounded",
    "killed_or_wounded": "killed or wounded",
    "captured": "captured",
    "missing": "missing",
    "displaced": "displaced",
    "equipment": "equipment",
}
QUALIFIER_LABELS = {
    "exact": "exact",
    "at_least": "at least",
    "at_most": "at most",
    "approximately": "approximately",
    "range": "range",
    "projection": "projection",
    "vague": "vague",
}
LABELS = {
    "subject_side": SIDE_LABELS,
    "claimant_side": SIDE_LABELS,
    "measure": MEASURE_LABELS,
    "qualifier": QUALIFIER_LABELS,
}
# Columns holding a row id of another table, by the table they point into.
ID_COLUMNS = {
    ("claims_flat", "claim_id"): "claims",
    ("mentions", "claim"): "claims",
}


@hookimpl
def render_cell(value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
    labels = LABELS.get(column)
    if labels and value in labels and table != "sides":
        return Markup('<span class="cc-label cc-{}" title="{}">{}</span>').format(
            column, value, labels[value]
        )
    target = ID_COLUMNS.get((table, column))
    if target:
        url = datasette.urls.row(database, target, tilde_encode(value))
        return Markup('<a href="{}">{}</a>').format(url, value)
    return None
