"""Which two figures may be set against each other, and how: the rules of like against like.

link.py pairs claim groups by these rules; the reference checks, the site's method page
and the overview take them from here. Two figures are alike when they count the same losses
over the same span: both running totals, or periods sharing at least half of the longer
one, for the same place or operation (or none). Alike figures of the same measure are
compared (a ratio); killed against killed or wounded are related; a vague amount or a
projection is context, never divided by.
"""

from __future__ import annotations

import datetime as dt

from .vocabulary import COMPARED, CONTEXT, PERIOD, RELATED

# Of two measures only these may be shown side by side, as related (never
# compared as if equal): a count of the dead against a count of the dead and
# wounded.
RELATED_MEASURES = {frozenset({"killed", "killed_or_wounded"})}
# A vague amount ("a few thousand") or a projection ("could reach 100,000") is no count:
# shown beside one as context, never divided by it.
UNSURE_QUALIFIERS = {"vague", "projection"}
# Two periods are alike when they share at least this share of the longer one.
MIN_PERIOD_OVERLAP = 0.5
# The rules above in words, for the site and the README.
LIKE_RULES = [
    "Only figures of the same subject side, population and measure are compared; killed against "
    "killed or wounded is shown as related, never compared.",
    "A running total (everything since the war began) is compared only with running totals.",
    "A figure for a period is compared only with figures whose periods overlap by at least half "
    "of the longer period.",
    "A figure for a place or an operation is compared only with figures for the same place or operation.",
    "A vague amount or a projection is shown beside a count as context, without a ratio, and never "
    "counts among the largest disparities.",
]


def period_overlap(a: dict, b: dict) -> float | None:
    """The share of the longer of two stated periods that both cover (1.0 for the same
    period); None when either has no start or end."""
    if not (a["period_start"] and a["period_end"] and b["period_start"] and b["period_end"]):
        return None
    starts = [date_span(a["period_start"])[0], date_span(b["period_start"])[0]]
    ends = [date_span(a["period_end"])[1], date_span(b["period_end"])[1]]
    longer = max(end - start for start, end in zip(starts, ends, strict=True)).days + 1
    shared = (min(ends) - max(starts)).days + 1
    return max(shared, 0) / longer


def date_span(value: str) -> tuple[dt.date, dt.date]:
    """The first and last days an ISO date of any precision covers: a day, a month or a year."""
    if len(value) == 4:
        return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    if len(value) == 7:
        first = dt.date.fromisoformat(value + "-01")
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    day = dt.date.fromisoformat(value)
    return day, day


def relation_of(a: dict, b: dict) -> str:
    """How two answering figures stand: compared, related measures, or context only."""
    if a["qualifier"] in UNSURE_QUALIFIERS or b["qualifier"] in UNSURE_QUALIFIERS:
        return CONTEXT
    return COMPARED if a["measure"] == b["measure"] else RELATED


def alike(a: dict, b: dict) -> float | None:
    """Whether two groups cover the same: both running totals, or periods sharing at least
    half of the longer; the same place or operation, or none. Returns the share of the
    longer period both cover (1.0 for totals), None when they are not alike."""
    if a["scope"] != b["scope"] or a["place"] != b["place"]:
        return None
    if a["scope"] != PERIOD:
        return 1.0
    overlap = period_overlap(a, b)
    return overlap if overlap is not None and overlap >= MIN_PERIOD_OVERLAP else None
