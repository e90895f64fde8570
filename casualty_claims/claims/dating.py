"""As of when a figure holds, and the period it covers."""

from __future__ import annotations

import datetime as dt
import math

import regex

from .. import dates
from ..dates import When
from ..figures import Figure
from ..lexicon import FLAGS
from ..sentences import Sentence
from .grammar import Grammar

TODAY = regex.compile(
    r"\b(?:today|tonight|this morning|this evening|so far today|in the (?:past|last) (?:24|twenty-four) hours|"
    r"over the (?:past|last) (?:day|24 hours)|since (?:its|their|the) last (?:daily )?update)\b",
    FLAGS,
)


YESTERDAY = regex.compile(r"\b(?:yesterday|overnight|last night)\b", FLAGS)


LAST_WEEK = regex.compile(r"(?<!the )\blast week\b", FLAGS)  # "over the last week" is a period


_AMOUNT = r"(?P<amount>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"


# "in the past 24 hours", "over the last week", "in just over two days"; not "could fall in days"
PERIOD = regex.compile(
    r"\b(?:in|over|during) (?:just |a little )?(?:over |under |more than |less than )?"
    rf"(?:the (?:past|last|previous) (?:{_AMOUNT})?|{_AMOUNT})(?P<unit>day|week|month|hour)s?\b",
    FLAGS,
)


DAILY_CHANGE_BEFORE = regex.compile(r"(?:^|[(\s])\+\s*$")


def as_of(sentence: Sentence, figure: Figure, published: When | None) -> tuple[When | None, str | None]:
    text = sentence.text
    if sentence.is_headline:
        return published, None
    mentions = [m for m in dates.date_mentions(text) if m.month]
    stated = [m for m in mentions if not m.is_period_start]
    starts = [m for m in mentions if m.is_period_start]
    period_start = None
    if starts:
        start = dates.resolve(starts[0], published)
        period_start = start.iso if start else None
    if stated:
        nearest = min(stated, key=lambda m: abs(m.start - figure.start))
        rel = dates.relative_year(text[nearest.start : nearest.end + 15])
        when = dates.resolve(nearest, published, rel)
        if when:
            return when, period_start
    if published is None:
        return None, period_start
    if published.precision == "day":
        if YESTERDAY.search(text):
            return When(
                published.date - dt.timedelta(days=1), "day", "yesterday, from publication"
            ), period_start
        weekday = dates.WEEKDAY_MENTION.search(text)
        if weekday and not TODAY.search(text):
            day = dates.weekday_before(published.date, dates.WEEKDAYS.index(weekday.group("weekday").lower()))
            return When(day, "day", f"{weekday.group(0).strip()}, from publication"), period_start
    if LAST_WEEK.search(text):
        return When(
            published.date - dt.timedelta(days=7), "month", "last week, from publication"
        ), period_start
    period = PERIOD.search(text)
    if period and period_start is None and published.precision == "day":
        amount = period.group("amount")
        count = 1 if amount is None else dates.NUMBER_WORDS.get(amount.lower()) or int(amount)
        unit = period.group("unit").lower()
        days = math.ceil(count / 24) if unit == "hour" else {"day": 1, "week": 7, "month": 30}[unit] * count
        period_start = (published.date - dt.timedelta(days=days)).isoformat()
    return When(published.date, published.precision, "publication date"), period_start


def own_period_start(sentence: Sentence, figure: Figure, as_of: When | None, period_start: str | None,
                      g: Grammar) -> str | None:  # fmt: skip
    """When the period a figure covers starts, where the words next to it say otherwise
    than the sentence (``period_start``)."""
    before = sentence.text[: figure.context_start]
    if DAILY_CHANGE_BEFORE.search(before) and as_of and as_of.precision == "day":
        # "about 300,000 personnel (+650)": the change since the previous daily report
        return (as_of.date - dt.timedelta(days=1)).isoformat()
    if period_start and g.total_noun.search(before):
        # "1,100 in the last two days, bringing the total to 301,000": the total has no period
        return None
    return period_start
