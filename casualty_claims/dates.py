"""Dates written in a sentence: calendar dates ("24 February 2022", "since March"), years
alone ("in 2023", "last year"), wire datelines, and what each resolves to given the
article's date.

A date carries its precision (day, month or year) and how it was determined,
so a page can say "as of March 2022 (month of publication, from the phrase
'a month into the war')" and never shows a day nobody knows. When the article itself was
published is ``publication_date``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import regex

from .lexicon import FLAGS
from .sentences import SENTENCES_REMEMBERED
from .word_start import by_first_letter

MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# tried by first letter: the same name matches, found faster (``word_start.by_first_letter``)
MONTH = r"(?P<month>" + by_first_letter("|".join(sorted(MONTHS, key=len, reverse=True))) + r")\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"

# Calendar dates, most specific first: those with a day and a year, then the rest. A date that
# opens with its day opens with a digit: "(?=\d)" says so, and the engine skips to the next digit.
FULL_DATES = (
    regex.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b", FLAGS),
    regex.compile(rf"\b(?=\d){DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b", FLAGS),
    regex.compile(rf"\b{YEAR}-(?P<month_n>[01]\d)-(?P<day>[0-3]\d)(?!\d)", FLAGS),  # and "...T09:41"
)
CALENDAR = FULL_DATES + (
    regex.compile(rf"\b{MONTH}\s+{DAY}\b(?!\s*(?:,\s*)?\d)", FLAGS),
    regex.compile(rf"\b(?=\d){DAY}\s+(?:of\s+)?{MONTH}\b(?!\s*,?\s*\d)", FLAGS),
    regex.compile(rf"\b{MONTH}\s+(?:of\s+)?{YEAR}\b", FLAGS),
    regex.compile(rf"\b(?:in|since|by|until|from|as of|of|early|late|mid-?)\s+{MONTH}\b(?!\s+\d)", FLAGS),
)
# Every calendar date has a month's name or is written 2022-03-24: most sentences have neither.
# Each pattern above holds the name as a word of its own (after a space or a word boundary,
# before ".", ",", a space or a word boundary), so it is looked for as one: "decided",
# "market" and "separate" hold none. Two patterns, each searched faster than the two as one.
MONTH_NAME = regex.compile(by_first_letter(r"\b(?:" + "|".join(MONTHS) + r")\b"), FLAGS)
NUMERIC_MONTH = regex.compile(r"\d-[01]\d-")
# What each calendar pattern cannot match without: a year, a digit (its day's), "2022-03-". A
# sentence with a month's name often has no year, or no day: the patterns that need one are not
# searched there. The year every full date holds (``YEAR``) is also a cheap test before
# the full dates alone (``full_date_mentions``).
YEAR_DIGITS = regex.compile(r"(?:19|20)\d\d", FLAGS)
ANY_DIGIT = regex.compile(r"\d", FLAGS)
NEEDED = dict(
    zip(
        CALENDAR,
        (YEAR_DIGITS, YEAR_DIGITS, NUMERIC_MONTH, ANY_DIGIT, ANY_DIGIT, YEAR_DIGITS, None),
        strict=True,
    )
)
MAY_HOLD_YEAR = regex.compile(r"(?:19|20)\d\d|\byear\b", FLAGS)
RELATIVE_YEAR = regex.compile(r"\b(?P<rel>last|this|next|previous) year\b", FLAGS)
PERIOD_START = regex.compile(
    r"\b(?:since|from|began|begun|started|beginning|outbreak of the war|start of the war)\b[^.;]{0,40}$"
    r"|\bbetween\b(?:(?!\band\b)[^.;]){0,40}$"
    # the date the war began is where a running total starts: "since Moscow launched its invasion in
    # February 2022", "since Russia invaded on 24 February"
    r"|\b(?:invasion|invaded|launched)\b[^.;,]{0,25}$",
    FLAGS,
)
# A year alone, where it dates a figure ("in 2023", "by the end of 2024", "last year") or starts its
# period ("since 2014"); not "1979-89" or "2022/23" (spans), "born in 1998", nor "the last year" (a period).
YEAR_MENTION = regex.compile(
    r"(?<!\bborn )\b(?:(?:in|during|throughout|for|since|from|by(?: the end of)?|at the end of|"
    rf"(?:early|late|mid-?) ?)\s*{YEAR}(?!\s*[-–/]\s*\d)|(?<!\bthe )(?P<rel>last|previous) year)\b",
    FLAGS,
)
WEEKDAY_MENTION = regex.compile(rf"\b(?:on |last |this )?{WEEKDAY}\b", FLAGS)
# A wire dateline opening the first paragraph: "LONDON, 3 June (AP) –", "Feb 24 (Reuters) -",
# "KYIV, Ukraine, March 12 (UNIAN) —", "KYIV, March 12 —"; "KYIV, Ukraine (AP) —" has no date.
_PLACE = r"\p{Lu}[\p{L}.'’ -]{1,30}?(?:,\s*\p{Lu}[\p{L}.'’ -]{1,25}?)?"
_CAPS_PLACE = r"\p{Lu}[\p{Lu}.'’ -]{1,30}?(?:,\s*\p{Lu}[\p{L}.'’ -]{1,25}?)?"
_DATELINE_DATE = rf"(?i:(?:{MONTH}\s+{DAY}|{DAY}\s+{MONTH})(?:,?\s+{YEAR})?)"
_AGENCY = r"\(\p{L}[\p{L}.&' -]{1,24}\)"
_DASH = r"\s*[-–—]"
DATELINE_REACH = 60  # a dateline's date starts within the first characters of its paragraph
DATELINES = (
    regex.compile(rf"^(?:{_PLACE},\s+)?{_DATELINE_DATE}\s*{_AGENCY}{_DASH}"),
    regex.compile(rf"^{_CAPS_PLACE},\s+{_DATELINE_DATE}{_DASH}"),
)


@dataclass(frozen=True)
class When:
    """A date with its precision and how it was found."""

    date: dt.date
    precision: str  # day | month | year
    method: str

    @property
    def iso(self) -> str:
        if self.precision == "day":
            return self.date.isoformat()
        if self.precision == "month":
            return self.date.strftime("%Y-%m")
        return str(self.date.year)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    month: int | None
    day: int | None
    year: int | None
    is_period_start: bool


def month_of(match: regex.Match) -> int | None:
    """The month a date pattern matched, by number or by name."""
    if match.groupdict().get("month_n"):
        return int(match.group("month_n"))
    name = match.groupdict().get("month")
    return MONTHS[name.lower().rstrip(".")] if name else None


@functools.lru_cache(maxsize=SENTENCES_REMEMBERED)  # a sentence's figures and their as-of dates both ask
def date_mentions(text: str, patterns: tuple[regex.Pattern, ...] = CALENDAR) -> tuple[DateMention, ...]:
    """Calendar dates written in a sentence, without overlaps, in order."""
    if not (MONTH_NAME.search(text) or NUMERIC_MONTH.search(text)):
        return ()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    present: dict[regex.Pattern, bool] = {}
    for pattern in patterns:
        needed = NEEDED.get(pattern)
        if needed is not None and needed not in present:
            present[needed] = needed.search(text) is not None
        if needed is not None and not present[needed]:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            day = match.groupdict().get("day")
            year = match.groupdict().get("year")
            month = month_of(match)
            if day and not 1 <= int(day) <= 31:
                continue
            if match.group(0).lower().startswith("may") and not (day or year):
                continue  # "may" is more often a verb than a month
            taken.append((start, end))
            # "since December" is matched with its preposition: what precedes the month says the rest
            lead = match.start("month") if match.groupdict().get("month") else start
            found.append(
                DateMention(
                    start=start,
                    end=end,
                    month=month,
                    day=int(day) if day else None,
                    year=int(year) if year else None,
                    is_period_start=bool(PERIOD_START.search(text[:lead])),
                )
            )
    return tuple(sorted(found, key=lambda m: m.start))


def full_date_mentions(text: str) -> tuple[DateMention, ...]:
    """The dates with a day, a month and a year written in a text (``FULL_DATES``)."""
    return date_mentions(text, FULL_DATES) if YEAR_DIGITS.search(text) else ()


@dataclass(frozen=True)
class YearMention:
    start: int
    end: int
    year: int | None  # "in 2023"
    years_back: int | None  # "last year": 1
    is_period_start: bool  # "since the start of the war in 2022"


@functools.lru_cache(maxsize=SENTENCES_REMEMBERED)  # each figure of a sentence asks
def year_mentions(text: str) -> tuple[YearMention, ...]:
    """Years written alone where they may date a figure, in order."""
    if not MAY_HOLD_YEAR.search(text):
        return ()
    return tuple(
        YearMention(
            start=match.start(),
            end=match.end(),
            year=int(match.group("year")) if match.group("year") else None,
            years_back=1 if match.group("rel") else None,
            is_period_start=bool(match.group("year") and PERIOD_START.search(text[: match.start("year")])),
        )
        for match in YEAR_MENTION.finditer(text)
    )


def _last_on_or_before(month: int, day: int | None, anchor: dt.date) -> dt.date:
    """The latest date with this month (and day) that is not after the anchor."""
    later = (month, day or 0) > (anchor.month, anchor.day if day else 0)
    return safe_date(anchor.year - later, month, day or 1)


def safe_date(year: int, month: int, day: int) -> dt.date:
    """The date, or the 28th of its month for a day the month does not have."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


def resolve(mention: DateMention, anchor: When | None, relative_year: int | None = None) -> When | None:
    """The date a mention names, using the article's date for a missing year."""
    if mention.month is None:
        return None
    precision = "day" if mention.day else "month"
    if mention.year:
        return When(safe_date(mention.year, mention.month, mention.day or 1), precision, "stated")
    if anchor is None:
        return None
    if relative_year is not None:
        year = anchor.date.year + relative_year
        return When(
            safe_date(year, mention.month, mention.day or 1), precision, "stated, year from publication"
        )
    if mention.day is None and anchor.precision == "year":
        return None
    date = _last_on_or_before(mention.month, mention.day, anchor.date)
    return When(date, precision, "stated, year from publication")


def relative_year(text: str) -> int | None:
    match = RELATIVE_YEAR.search(text)
    if not match:
        return None
    return {"last": -1, "previous": -1, "this": 0, "next": 1}[match.group("rel").lower()]


def shift(date: dt.date, amount: int, unit: str) -> dt.date:
    """The date ``amount`` days, weeks, months or years later (earlier if negative)."""
    unit = unit.lower()
    if unit == "day":
        return date + dt.timedelta(days=amount)
    if unit == "week":
        return date + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    year, month = divmod(date.month - 1 + months, 12)
    return safe_date(date.year + year, month + 1, date.day)


def weekday_before(anchor: dt.date, weekday: int) -> dt.date:
    """The latest date on or before the anchor that falls on the weekday."""
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
