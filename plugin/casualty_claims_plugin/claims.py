"""A claim as every page shows it: the columns and joins that read one, and the row
turned into a dict with its pages, its figure as it was said (``casualty_claims.display``)
and its one-line summary."""

from __future__ import annotations

import json

from casualty_claims import reference
from casualty_claims.display import as_said
from casualty_claims.vocabulary import MEASURE_LABELS, STATUS_LABELS, TOTAL

from .markup import safe_url
from .site import page_url

# A page shows at most this many claims of one subject or claimant, the newest first;
# the tables hold the rest.
PAGE_LIMIT = 200

CLAIM_COLUMNS = """
    claims.id, claims.article, claims.value, claims.value_low, claims.value_high, claims.qualifier,
    claims.qualifier_text, claims.display, claims.scope, claims.period_end,
    claims.figure_text, claims.subject_side, claims.population, claims.measure, claims.unit,
    claims.as_of, claims.as_of_precision, claims.as_of_method, claims.period_start, claims.quote,
    claims.claim_group, claims.attribution, claims.claimant_text, claims.status, claims.curation,
    claims.curation_reason, claims.original, claims.origin,
    claims.claimant AS claimant_id, coalesce(claimants.name, 'unknown') AS claimant,
    coalesce(claimants.side, 'unknown') AS claimant_side, claimants.inferred AS claimant_inferred,
    claims.via AS via_id, vias.name AS via, vias.side AS via_side, vias.inferred AS via_inferred,
    articles.title AS article_title, articles.outlet, articles.url AS article_url, articles.published
"""
CLAIM_JOINS = """
    FROM claims
    JOIN articles ON articles.id = claims.article
    LEFT JOIN claimants ON claimants.id = claims.claimant
    LEFT JOIN claimants AS vias ON vias.id = claims.via
"""


def figure_phrase(row) -> str:
    """A claim's figure as it was said, with what it counts: "more than 7,000 killed",
    "a few thousand (2,000–9,000) killed", "650 killed in one day", "50 armoured vehicle (equipment)".
    ``row`` has the columns ``display.as_said`` reads, and the measure and unit."""
    measure = row["measure"]
    unit = (row["unit"] or "items").replace("_", " ")  # "armoured_vehicle" reads "armoured vehicle"
    counting = f"{unit} (equipment)" if measure == "equipment" else None
    return as_said(row, counting or MEASURE_LABELS.get(measure, measure))


def claim_dict(datasette, row) -> dict:
    """A row of CLAIM_COLUMNS with the links, words and dates a page shows it by."""
    claim = dict(row)
    claim["page"] = page_url(datasette, "claims", row["id"])
    claim["json"] = page_url(datasette, "claims", row["id"], ".json")
    claim["article_page"] = page_url(datasette, "articles", row["article"])
    claim["article_url"] = safe_url(row["article_url"])
    claim["original"] = json.loads(row["original"]) if row["original"] else None
    claim["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
    claim["claimant_page"] = row["claimant_id"] and page_url(datasette, "claimants", row["claimant_id"])
    claim["claimant_inferred"] = bool(row["claimant_inferred"])
    claim["via_inferred"] = bool(row["via_inferred"])
    claim["via_page"] = row["via_id"] and page_url(datasette, "claimants", row["via_id"])
    claim["as_of_date"] = first_day(row["as_of"])
    claim["figure"] = figure_phrase(claim)
    claim["subject"] = subject_words(row)
    claim["summary"] = summary(claim)
    if row["origin"] == reference.ORIGIN:
        claim.update(_report_source(datasette, row))
    return claim


def _report_source(datasette, row) -> dict:
    """Where a figure of the ministry's series comes from: the daily report of its date,
    published that day (the series' pseudo-article carries the newest report's date)."""
    return {
        "article_page": page_url(datasette, "reference_reports", row["as_of"]),
        "article_title": f"Daily report for {row['as_of']}",
        "published": row["as_of"],
    }


def subject_words(row) -> str:
    """Whose losses a claim counts, in words: "Russian military", "Ukrainian", "unknown side"."""
    whose = {"russia": "Russian", "ukraine": "Ukrainian", "both": "both sides'"}.get(row["subject_side"], "")
    population = {"military": "military", "civilian": "civilian"}.get(row["population"], "")
    return " ".join(w for w in (whose, population) if w) or "unknown side"


def summary(row) -> str:
    """A claim in one line, as pages and the feed title it: "Kremlin: 1,351 killed (Russian
    military), as of 2022-03-25". ``row`` has the columns ``figure_phrase`` reads, the
    claimant's name, the subject side, the population and the as-of date."""
    return (
        f"{row['claimant']}: {figure_phrase(row)} ({subject_words(row)}), as of {row['as_of'] or 'unknown'}"
    )


def first_day(as_of: str | None) -> str | None:
    """Where a claim sits on a time axis: "2022-03" is drawn on the first of March."""
    if not as_of:
        return None
    return as_of + {4: "-01-01", 7: "-01", 10: ""}.get(len(as_of), "")


def charted(claims: list[dict]) -> list[dict]:
    """The claims a timeline of running totals can place: dated, with a figure above nothing,
    and counting since the war began (a day's or a month's losses drawn among running totals
    would read as a total far below the others)."""
    return [c for c in claims if c["as_of_date"] and c["value"] and c["value"] > 0 and c["scope"] == TOTAL]
