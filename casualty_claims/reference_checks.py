"""Checking news figures against the ministry's daily reports (reference.py holds the series).

Every count a Ukrainian claimant gives for Russian losses is set against the report of its
as-of date; the check says which report, why that one, and what it found (vocabulary's
CHECK_OUTCOMES): the figure matches a running total, differs from the nearest one, or, for a
figure stated for a period, is flagged as one day's change or as a running total misread.
"""

from __future__ import annotations

import datetime as dt

from .likeness import UNSURE_QUALIFIERS, date_span
from .reference import Report, Series, claim_id, field_of
from .vocabulary import DIFFERS, INCREMENT, MATCHES, PERIOD, TOTAL_AS_PERIOD

# A news figure is checked against the reports this many days either side of its
# as-of date: the ministry reports each morning, and the news repeats a report for
# a day or two, sometimes dated by the day it covers rather than the day it came out.
CHECK_WINDOW_DAYS = 3


def check(claim: dict, series: Series) -> dict | None:
    """How a news figure compares with the ministry's reports of its date, and why those.

    Only a count can be checked: vague amounts, projections and one place's losses are
    not. A day-precise figure is compared with the reports up to CHECK_WINDOW_DAYS
    either side; a month or a year with every report inside it. A running total matches
    when one of those reports gives the same number, and otherwise differs from the
    nearest report. A figure stated for a period is no running total and is not
    compared, but it is flagged when it equals a report's running total (misread) or one
    day's change between two consecutive reports (an increment, as a small "total"
    that equals one is too).
    """
    field = field_of(claim)
    if field is None or claim["subject_side"] != "russia" or not claim["as_of"]:
        return None
    if claim["qualifier"] in UNSURE_QUALIFIERS or claim["place"]:
        return None
    start, end = date_span(claim["as_of"])
    window = dt.timedelta(days=CHECK_WINDOW_DAYS)
    candidates = [r for r in series.around(start - window, end + window) if r.counts[field] is not None]
    if not candidates:
        return None
    middle = start + (end - start) / 2

    def nearest(reports: list[Report]) -> Report:
        return min(reports, key=lambda r: (abs((r.date - middle).days), r.date))

    value, stated_period = claim["value"], claim["scope"] == PERIOD
    totals = [r for r in candidates if r.counts[field] == value]
    if totals:
        report = nearest(totals)
        outcome = TOTAL_AS_PERIOD if stated_period else MATCHES
        return _check_row(claim, field, report, report.counts[field], outcome, (report.date - start).days)
    increments = [r for r in candidates if series.increment(r, field) == value]
    small = value * INCREMENT_SHARE < nearest(candidates).counts[field]
    if increments and (stated_period or small):
        report = nearest(increments)
        return _check_row(claim, field, report, value, INCREMENT, (report.date - middle).days)
    if stated_period:
        return None
    report = nearest(candidates)
    return _check_row(claim, field, report, report.counts[field], DIFFERS, (report.date - middle).days)


# A figure given as a running total that is under this share of the ministry's total and
# equals one day's change is taken for a day's losses, not compared as a total.
INCREMENT_SHARE = 10


def _check_row(claim: dict, field: str, report: Report, report_value: int, outcome: str, days: int) -> dict:
    return {
        "id": claim["id"],
        "claim": claim["id"],
        "report": report.date.isoformat(),
        "report_claim": claim_id(report.date.isoformat(), field),
        "field": field,
        "report_value": report_value,
        "outcome": outcome,
        "matches": int(outcome == MATCHES),
        "difference": claim["value"] - report_value,
        "days_apart": days,
        "reason": _reason(claim, report, outcome),
    }


def _reason(claim: dict, report: Report, outcome: str) -> str:
    """Which report a figure was checked against, and why that one, in words."""
    day = report.date.isoformat()
    dated = f"dated {claim['as_of']}"
    if outcome == INCREMENT:
        before = (report.date - dt.timedelta(days=1)).isoformat()
        return f"equals the change between the reports of {before} and {day}: one day's losses, not a running total"
    if outcome == TOTAL_AS_PERIOD:
        stated = f" ({claim['scope_text']})" if claim.get("scope_text") else ""
        return f"stated for a period{stated}, but equals the running total of the report of {day}"
    if outcome == MATCHES:
        return f"equals the running total of the report of {day}, within {CHECK_WINDOW_DAYS} days of the claim {dated}"
    return f"the running total of the report of {day}, the one nearest the claim {dated}"
