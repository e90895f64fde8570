"""A figure as it was said: the one renderer of a claim's figure for every page, table, feed
and JSON answer.

"more than 7,000", "nearly 1,400", "a few thousand (2,000–9,000)", "projected: 100,000",
"5,000–6,000", "650 in one day", "10,000 in 15 days", "1,200 in May 2023". The qualifier's
words are the text's own where they are known (``claims.qualifier_text``, what the figure
finder read before the number), else the vocabulary's; numbers have thousands separators and
ranges an en dash. The build stores the rendering in ``claims.display`` (and a group's, its
primary claim's, in ``claim_groups.display``); pages that name what a figure counts ask for it
with ``counting`` ("650 killed in one day").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .vocabulary import PERIOD, PROJECTED, QUALIFIER_WORDS, VAGUE_AMOUNT

# Quotation marks the figure finder lets stand between a qualifier and its number.
AROUND_WORDS = " \t\n\u00a0\"“”‘’'"
# A period this many days long or shorter reads as its length ("in 15 days"); a longer one,
# or one known only to the month or year, by its dates ("from 4 June to 12 September 2023").
LONGEST_COUNTED_PERIOD = 31
ONE_DAY = dt.timedelta(days=1)

if TYPE_CHECKING:  # the renderer itself needs no figure finder
    from .figures import Figure


def as_said(figure: Mapping, counting: str | None = None) -> str:
    """A claim's figure as it was said, from its row (value, value_low, value_high, qualifier,
    qualifier_text, scope, period_start, period_end); ``counting`` (what it counts: "killed")
    goes after the amount and before the period."""
    qualifier = figure.get("qualifier") or "exact"
    said = _words(figure.get("qualifier_text"))
    amount = _amount(figure.get("value"), figure.get("value_low"), figure.get("value_high"), said)
    word = QUALIFIER_WORDS.get(qualifier)
    if qualifier == PROJECTED or (qualifier == VAGUE_AMOUNT and said is None):
        amount = f"{word}: {amount}"  # "projected: about 100,000", "vague: 2,000–9,000"
    elif word and said is None:
        amount = f"{word} {amount}"  # the vocabulary's words for the text's: "at least 800,000"
    period = (
        _period(figure.get("period_start"), figure.get("period_end"))
        if figure.get("scope") == PERIOD
        else None
    )
    return " ".join(part for part in (amount, counting, period) if part)


def qualifier_text(sentence: str, figure: Figure) -> str | None:
    """The words the text qualifies a figure with, as it has them: "more than" (before the
    number, from the figure's ``context_start``), or a vague amount's own ("a few thousand").
    None for an exact figure, a range ("between" is no qualifier) and a qualifying verb ("has
    topped"), which the vocabulary's words then stand for."""
    if figure.qualifier == VAGUE_AMOUNT:
        return figure.text
    if figure.qualifier == "range":
        return None
    return sentence[figure.context_start : figure.start].strip(AROUND_WORDS) or None


def _words(text: str | None) -> str | None:
    """The text's words as they read inside a line: "More than" or "A few thousand" at a
    sentence's start is "more than", "a few thousand"; a word in capitals keeps them."""
    if not text:
        return None
    first = text.split()[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def _amount(value: int | None, low: int | None, high: int | None, said: str | None) -> str:
    """The amount with the text's words: "more than 7,000", "a few thousand (2,000–9,000)",
    "5,000–9,000 (best estimate 7,000)"."""
    if low is not None and high is not None:
        span = f"{low:,}–{high:,}"
        if said:  # a vague amount's words
            return f"{said} ({span})"
        best = f" (best estimate {value:,})" if value is not None and value not in (low, high) else ""
        return span + best
    number = f"{value:,}" if value is not None else "an unknown number"
    return f"{said} {number}" if said else number


def _period(start: str | None, end: str | None) -> str | None:
    """The period a figure covers, in words: "in one day", "in 15 days", "in May 2023",
    "since June 2023", "from 4 June 2023 to 12 September 2023"."""
    if not start:
        return None
    if not end:
        return f"since {_date(start)}"
    if start == end and len(start) < 10:
        return f"in {_date(start)}"
    if len(start) == len(end) == 10:
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        if (
            first.day == 1
            and (last + ONE_DAY).day == 1
            and (first.year, first.month) == (last.year, last.month)
        ):
            return f"in {first:%B %Y}"
        if first == dt.date(first.year, 1, 1) and last == dt.date(first.year, 12, 31):
            return f"in {first.year}"
        # "in the past 24 hours" starts the day before it ends: one day
        days = (last - first).days
        if days <= 1:
            return "in one day"
        if days <= LONGEST_COUNTED_PERIOD:
            return f"in {days} days"
    return f"from {_date(start)} to {_date(end)}"


def _date(value: str) -> str:
    """An ISO date of any precision in words: "4 June 2023", "June 2023", "2023"."""
    if len(value) == 4:
        return value
    if len(value) == 7:
        return f"{dt.date.fromisoformat(value + '-01'):%B %Y}"
    day = dt.date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"
