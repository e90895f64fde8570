"""As of when a figure holds (what period it covers is coverage's question)."""

from __future__ import annotations

import datetime as dt

import regex

from .. import dates
from ..dates import When
from ..figures import Figure
from ..lexicon import FLAGS, Claimant
from ..sentences import Sentence
from .cues import SPAN
from .discourse import Reading
from .grammar import Grammar

TODAY = regex.compile(
    r"\b(?:today|tonight|this morning|this evening|so far today|in the (?:past|last) (?:24|twenty-four) hours|"
    r"over the (?:past|last) (?:day|24 hours)|since (?:its|their|the) last (?:daily )?update)\b",
    FLAGS,
)


YESTERDAY = regex.compile(r"\b(?:yesterday|overnight|last night)\b", FLAGS)


LAST_WEEK = regex.compile(r"(?<!the )\blast week\b", FLAGS)  # "over the last week" is a period


# "so far this month", "earlier this month": the month of publication, not its day
THIS_MONTH = regex.compile(r"\bthis month\b", FLAGS)


# "over the last month" is a period, not last month's date
LAST_MONTH = regex.compile(r"(?<!the )\b(?:last|previous) month\b", FLAGS)


# A year dates a figure next to it ("50,000 in 2023", "last year, 20,000") unless a comparison sits
# between them ("300,000 since the invasion, twice as many as last year").
YEAR_REACH = 40
COMPARISON = regex.compile(r"\b(?:than|as many as|compared|up from|down from|against)\b|\d", FLAGS)


# How an as-of date read from the publication date alone is marked: a reading that has no date of its own.
FROM_PUBLICATION = "publication date"


def as_of(sentence: Sentence, figure: Figure, published: When | None) -> When | None:
    """As of when a figure holds: a date the sentence states (the nearest to the figure that
    starts no period), a year next to it, a relative day, week or month, or the publication
    date (or the wire dateline's)."""
    text = sentence.text
    if sentence.is_headline:
        return published
    mentions = [m for m in dates.date_mentions(text) if m.month]
    # A wire dateline opening the sentence ("LONDON, 3 June (AP) –") dates what the sentence
    # reports, "on Friday" included, even where a page republished it later.
    dateline = _dateline(text, mentions, published)
    if dateline:
        mentions = [m for m in mentions if m.start >= dateline[0]]
    anchor, source = (dateline[1], "the dateline") if dateline else (published, "publication")
    stated = [m for m in mentions if not m.is_period_start]
    if stated:
        nearest = min(stated, key=lambda m: abs(m.start - figure.start))
        rel = dates.relative_year(text[nearest.start : nearest.end + 15])
        when = dates.resolve(nearest, anchor, rel)
        if when:
            return when
    return _stated_year(text, figure, anchor) or _relative(text, anchor, source, bool(dateline))


def _relative(text: str, anchor: When | None, source: str, dateline: bool) -> When | None:
    """A day, week or month said relative to the anchor ("yesterday", "on Friday", "last
    month"), or the anchor itself."""
    if anchor is None:
        return None
    if anchor.precision == "day":
        if YESTERDAY.search(text):
            return When(anchor.date - dt.timedelta(days=1), "day", f"yesterday, from {source}")
        weekday = dates.WEEKDAY_MENTION.search(text)
        if weekday and not TODAY.search(text):
            day = dates.weekday_before(anchor.date, dates.WEEKDAYS.index(weekday.group("weekday").lower()))
            return When(day, "day", f"{weekday.group(0).strip()}, from {source}")
    if LAST_WEEK.search(text):
        return When(anchor.date - dt.timedelta(days=7), "month", f"last week, from {source}")
    if LAST_MONTH.search(text):
        return When(dates.shift(anchor.date, -1, "month"), "month", f"last month, from {source}")
    if THIS_MONTH.search(text) and anchor.precision == "day":
        return When(anchor.date, "month", f"this month, from {source}")
    return anchor if dateline else When(anchor.date, anchor.precision, FROM_PUBLICATION)


def _dateline(
    text: str, mentions: list[dates.DateMention], published: When | None
) -> tuple[int, When] | None:
    """Where a dated wire dateline opening the sentence ends, and its date (the year, where it
    gives none, from the publication date)."""
    if not mentions or mentions[0].start > dates.DATELINE_REACH:
        return None
    match = next((m for pattern in dates.DATELINES if (m := pattern.match(text))), None)
    if not match or match.end() < mentions[0].end:
        return None
    when = dates.resolve(mentions[0], published)
    return (match.end(), When(when.date, when.precision, "wire dateline")) if when else None


def _stated_year(text: str, figure: Figure, published: When | None) -> When | None:
    """The year next to a figure ("in 2023", "last year"), never after the publication's;
    the publication's own year leaves the publication date, which says more."""
    for mention in dates.year_mentions(text):
        if mention.is_period_start:
            continue  # "since the start of the war in 2022"
        between = (
            text[mention.end : figure.start]
            if mention.end <= figure.start
            else text[figure.end : mention.start]
        )
        if len(between) > YEAR_REACH or COMPARISON.search(between):
            continue
        if mention.year is None and published is None:
            continue
        year = mention.year or published.date.year - mention.years_back
        if published and year >= published.date.year:
            continue
        return When(dt.date(year, 12, 31), "year", "stated year")
    return None


def has_own_date(reading: Reading) -> bool:
    """Whether the words of a reading's sentence date it, rather than the publication date alone."""
    return (
        bool(reading.as_of) and not reading.sentence.is_headline and reading.as_of.method != FROM_PUBLICATION
    )


def carried_over(
    when: When | None,
    sentence: Sentence,
    claimant: Claimant | None,
    side: str | None,
    before: list[Reading],
    g: Grammar,
) -> When | None:
    """A figure with no date of its own, in the sentence right after one its claimant dated in the
    same paragraph, holds as of that date ("As of late May, roughly 47,000 had died. The true number
    lies between 40,000 and 55,000."), unless its words make it current or a total ("now", "so far")
    or give it a period of its own ("in the past week")."""
    if when is not None and when.method != FROM_PUBLICATION or not before:
        return when
    last = before[-1]
    if (
        not has_own_date(last)
        or last.sentence.paragraph != sentence.paragraph
        or last.sentence.position != sentence.position - 1
        or (last.claimant and last.claimant.id) != (claimant and claimant.id)
        or ("unknown" not in (side, last.subject_side) and side != last.subject_side)
        or g.present_cue.search(sentence.text)
        or SPAN.search(sentence.text)  # "in the past week" counts back from the publication
    ):
        return when
    return When(last.as_of.date, last.as_of.precision, f"{last.as_of.method}, in the sentence before")
