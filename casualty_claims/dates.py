"""Dates: the publication date of an article and the date each figure refers to.

A date carries its precision (day, month or year) and how it was determined,
so a page can say "as of March 2022 (month of publication, from the phrase
'a month into the war')" and never shows a day nobody knows.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import regex

from .lexicon import FLAGS

INVASION = dt.date(2022, 2, 24)  # the full-scale invasion; cues count from it

MONTHS = {
    name: n
    for n, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
AMOUNT = r"(?P<amount>\d+|" + "|".join(NUMBER_WORDS) + r")"
UNIT = r"(?P<unit>day|week|month|year)s?"

# Calendar dates, most specific first: those with a day and a year, then the rest.
FULL_DATES = (
    regex.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b", FLAGS),
    regex.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b", FLAGS),
    regex.compile(rf"\b{YEAR}-(?P<month_n>[01]\d)-(?P<day>[0-3]\d)\b", FLAGS),
)
CALENDAR = FULL_DATES + (
    regex.compile(rf"\b{MONTH}\s+{DAY}\b(?!\s*(?:,\s*)?\d)", FLAGS),
    regex.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH}\b(?!\s*,?\s*\d)", FLAGS),
    regex.compile(rf"\b{MONTH}\s+(?:of\s+)?{YEAR}\b", FLAGS),
    regex.compile(rf"\b(?:in|since|by|until|from|as of|of|early|late|mid-?)\s+{MONTH}\b(?!\s+\d)", FLAGS),
)  # fmt: skip
# Every calendar date has a month's name or is written 2022-03-24: most sentences have neither.
MAY_HOLD_DATE = regex.compile(
    r"\b(?:" + "|".join(sorted({name[:3] for name in MONTHS})) + r")|\d-[01]\d-", FLAGS
)
RELATIVE_YEAR = regex.compile(r"\b(?P<rel>last|this|next|previous) year\b", FLAGS)
PERIOD_START = regex.compile(
    r"\b(?:since|from|began|begun|started|beginning|outbreak of the war|start of the war)\b[^.;]{0,40}$"
    r"|\bbetween\b(?:(?!\band\b)[^.;]){0,40}$",
    FLAGS,
)

# Phrases that date the article itself, counted from the full-scale invasion.
WAR_RELATIVE = regex.compile(
    rf"\b(?P<approx>nearly|almost|about|around|more than|over|just over|just under)?\s*"
    rf"{AMOUNT}\s+{UNIT}\s+(?:into|of|since|after)\s+(?:the\s+|Russia's\s+|its\s+)?"
    rf"(?:full-scale\s+)?(?:war|invasion|Russia (?:invaded|launched)|Putin (?:invaded|launched))",
    FLAGS,
)
INVADED_AGO = regex.compile(
    rf"\b(?:invaded|invasion|offensive|war)\b[^.]{{0,40}}?"
    rf"\b{AMOUNT}\s+{UNIT}\s+ago\b",
    FLAGS,
)
# What both of them need, found far faster than either: "weeks into", "years ago".
WAR_AGE_CUE = regex.compile(rf"{UNIT}\s+(?:into|of|since|after|ago)\b", FLAGS)
WEEKDAY_DAY = regex.compile(rf"\b{WEEKDAY}\s*\((?P<day>[0-3]?\d)\)", FLAGS)
WEEKDAY_MENTION = regex.compile(rf"\b(?:on |last |this )?{WEEKDAY}\b", FLAGS)
PUBLISHED_LINE = regex.compile(
    r"^\s*(?:published|posted|updated|first published|last updated)\b[^\n]{0,40}?$", FLAGS
)
DATELINE = regex.compile(r"^[\p{Lu} ,.]{2,40},\s+(?P<rest>[^\n]{0,40}?)\s*\((?:Reuters|AP|AFP)\)", FLAGS)

PRECISIONS = ("day", "month", "year")


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


def _amount(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def _month(match: regex.Match) -> int | None:
    if match.groupdict().get("month_n"):
        return int(match.group("month_n"))
    name = match.groupdict().get("month")
    return MONTHS[name.lower().rstrip(".")] if name else None


@functools.lru_cache(maxsize=256)  # a sentence's figures and their as-of dates both ask
def date_mentions(text: str, patterns: tuple[regex.Pattern, ...] = CALENDAR) -> tuple[DateMention, ...]:
    """Calendar dates written in a sentence, without overlaps, in order."""
    if not MAY_HOLD_DATE.search(text):
        return ()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            day = match.groupdict().get("day")
            year = match.groupdict().get("year")
            month = _month(match)
            if day and not 1 <= int(day) <= 31:
                continue
            if match.group(0).lower().startswith("may") and not (day or year):
                continue  # "may" is more often a verb than a month
            taken.append((start, end))
            found.append(
                DateMention(
                    start=start,
                    end=end,
                    month=month,
                    day=int(day) if day else None,
                    year=int(year) if year else None,
                    is_period_start=bool(PERIOD_START.search(text[:start])),
                )
            )
    return tuple(sorted(found, key=lambda m: m.start))


def _last_on_or_before(month: int, day: int | None, anchor: dt.date) -> dt.date:
    """The latest date with this month (and day) that is not after the anchor."""
    later = (month, day or 0) > (anchor.month, anchor.day if day else 0)
    return _safe_date(anchor.year - later, month, day or 1)


def _safe_date(year: int, month: int, day: int) -> dt.date:
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
        return When(_safe_date(mention.year, mention.month, mention.day or 1), precision, "stated")
    if anchor is None:
        return None
    if relative_year is not None:
        year = anchor.date.year + relative_year
        return When(
            _safe_date(year, mention.month, mention.day or 1), precision, "stated, year from publication"
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


def _add(date: dt.date, amount: int, unit: str) -> dt.date:
    unit = unit.lower()
    if unit == "day":
        return date + dt.timedelta(days=amount)
    if unit == "week":
        return date + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    year, month = divmod(date.month - 1 + months, 12)
    return _safe_date(date.year + year, month + 1, date.day)


def publication_date(meta: dict, headline: str, lines: list[str]) -> When | None:
    """The best evidence for when an article was published.

    In order: the sidecar; a dateline or a "Published ..." line with a date;
    then cues in the text, combined: the war's age ("a month into the war",
    "two years since Russia invaded"), a weekday with its day number
    ("Friday (25)"), and the latest fully dated caption. A day is only given
    when the text fixes it.
    """
    if meta.get("published"):
        return When(dt.date.fromisoformat(meta["published"]), "day", meta.get("published_from", "sidecar"))
    for line in lines[:12]:
        match = PUBLISHED_LINE.match(line) or DATELINE.match(line)
        if match:
            for mention in date_mentions(line):
                if mention.year:
                    stated = resolve(mention, None)
                    return When(stated.date, stated.precision, "dateline")
    text = "\n".join([headline, *lines])
    estimate = _war_age(text)
    captions = [m for m in date_mentions(text, FULL_DATES) if m.year >= INVASION.year]
    latest_caption = max((dt.date(m.year, m.month, m.day) for m in captions), default=None)
    weekday_day = WEEKDAY_DAY.search(text)
    anchor = estimate.date if estimate else latest_caption
    if weekday_day and anchor:
        day = _weekday_near(anchor, WEEKDAYS.index(weekday_day.group("weekday").lower()),
                            int(weekday_day.group("day")))  # fmt: skip
        if day:
            return When(day, "day", f"weekday and day number ({weekday_day.group(0)})")
    if estimate and latest_caption and abs((latest_caption - estimate.date).days) < 45:
        return When(max(latest_caption, estimate.date), "month", estimate.method + " and a dated caption")
    if estimate:
        return estimate
    if latest_caption:
        return When(latest_caption, "month", "latest dated caption")
    return None


def _war_age(text: str) -> When | None:
    if not WAR_AGE_CUE.search(text):
        return None
    for pattern in (WAR_RELATIVE, INVADED_AGO):
        match = pattern.search(text)
        if match:
            date = _add(INVASION, _amount(match.group("amount")), match.group("unit"))
            precision = (
                "year"
                if match.group("unit").lower() == "year" and _amount(match.group("amount")) > 3
                else "month"
            )
            return When(date, precision, f"war's age ({match.group(0).strip()!r})")
    return None


def _weekday_near(anchor: dt.date, weekday: int, day: int) -> dt.date | None:
    """The date within six weeks of the anchor that falls on that weekday and day."""
    candidates = [
        anchor + dt.timedelta(days=offset)
        for offset in sorted(range(-45, 46), key=abs)
        if (anchor + dt.timedelta(days=offset)).day == day
        and (anchor + dt.timedelta(days=offset)).weekday() == weekday
    ]
    return candidates[0] if candidates else None


def weekday_before(anchor: dt.date, weekday: int) -> dt.date:
    """The latest date on or before the anchor that falls on the weekday."""
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
