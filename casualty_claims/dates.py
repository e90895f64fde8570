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
WAR_BEGAN = dt.date(2014, 2, 20)  # Crimea: no page about the war is older, whatever a date line says

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
    regex.compile(rf"\b{YEAR}-(?P<month_n>[01]\d)-(?P<day>[0-3]\d)(?!\d)", FLAGS),  # and "...T09:41"
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
# "the 15-month-old war", "its nearly three-year-old invasion": the war's age as a lower bound
WAR_AGE_OLD = regex.compile(
    rf"\b(?P<approx>nearly|almost|about|around)?\s*{AMOUNT}[- ]{UNIT}[- ]old\s+(?:full-scale\s+)?"
    rf"(?:war|invasion|conflict)\b",
    FLAGS,
)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
            "5th": 5}  # fmt: skip
# "two days before the second anniversary of Moscow's full-scale invasion"
ANNIVERSARY = regex.compile(
    rf"\b(?:{AMOUNT}\s+(?P<unit>day|week)s?\s+(?P<direction>before|after|ahead of)\s+)?the\s+"
    rf"(?P<nth>{'|'.join(ORDINALS)})\s+anniversary\s+of\b[^.;]{{0,40}}?\b(?:invasion|war)\b",
    FLAGS,
)
# What all of them need, found far faster than any: "weeks into", "years ago", "-month-old", "anniversary".
WAR_AGE_CUE = regex.compile(rf"{UNIT}(?:\s+(?:into|of|since|after|ago)\b|[- ]old\b)|\banniversary\b", FLAGS)
WEEKDAY_DAY = regex.compile(rf"\b{WEEKDAY}\s*\((?P<day>[0-3]?\d)\)", FLAGS)
WEEKDAY_MENTION = regex.compile(rf"\b(?:on |last |this )?{WEEKDAY}\b", FLAGS)

# --- The page's own date: a stamp line near its top ------------------------------------------------
# Only the first lines are read for it; below them a date is an event's, not the page's.
STAMP_LINES = 12
# A label before the date: "Published: 12 March 2024", "Posted on", "Last modified:"; a first
# publication outranks an update.
STAMP_LABEL = regex.compile(
    r"^\W*(?:(?P<first>(?:first |originally )?published|posted|publication date|date(?=\s*:)|created)"
    r"|(?:last )?(?:updated|modified))\b(?:\s+(?:on|at))?\s*[:|–—-]?\s*",
    FLAGS,
)
# Numeric dates, read only on a stamp line (in prose "12.03" may be a figure): "12.03.2024",
# "04/02/2026", "2024/03/12".
NUMERIC_DATE = regex.compile(rf"\b(?P<first>[0-3]?\d)(?P<sep>[./])(?P<second>[0-3]?\d)(?P=sep){YEAR}\b")
YEAR_FIRST_DATE = regex.compile(rf"\b{YEAR}/(?P<month_n>[01]?\d)/(?P<day>[0-3]?\d)\b")
# What a date line may carry besides its date: a time, a zone, a weekday, "at", "on", an outlet's
# name or a section ("Europe", "Reuters"); a byline ("By Jane Doe | 14 May 2023") may name authors.
# No other number: "12 March 2024 – 500 killed" is a line of a list.
STAMP_WORD = regex.compile(r"\p{L}[\p{L}'’.]*")
STAMP_TIME = regex.compile(r"\d{1,2}[:.h]\d\d(?:[:.]\d\d)?|[+-]\d{1,2}(?::?\d\d)?")
TIME_WORD = regex.compile(
    rf"[ap]\.?m\.?|at|on|gmt|utc|[a-z]{{1,2}}[sd]t|cet|cest|eet|eest|msk|{WEEKDAY}|(?:mon|tue|wed|thu|fri|sat|sun)\.?",
    FLAGS,
)
DATE_LINE_WORDS = 3
BYLINE = regex.compile(r"^\W*by\s+\p{Lu}", FLAGS)
BYLINE_WORDS = 9
# An embedded post's signature ("— Defence Ministry (@DefenceHQ) June 12, 2025") dates the post.
EMBED_SIGNATURE = regex.compile(r"^\s*[—–]|@\w")
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


@dataclass(frozen=True)
class YearMention:
    start: int
    end: int
    year: int | None  # "in 2023"
    years_back: int | None  # "last year": 1
    is_period_start: bool  # "since the start of the war in 2022"


@functools.lru_cache(maxsize=256)  # each figure of a sentence asks
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


def shift(date: dt.date, amount: int, unit: str) -> dt.date:
    """The date ``amount`` days, weeks, months or years later (earlier if negative)."""
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

    In order: the sidecar; the page's own stamp near its top (a "Published ..." line,
    a line that is a date and little else, a byline with a date, a wire dateline with
    its year, and only then an "Updated ..." line); then cues in the text, combined:
    a wire dateline without a year ("Feb 24 (Reuters) -"), which takes the year that
    puts it nearest the war's age or else the latest date the text states; the war's
    age ("a month into the war", "the 15-month-old war", "the second anniversary of
    the invasion"); a weekday with its day number ("Friday (25)"); and the latest fully
    dated caption, the only date of an event taken for the page's, and only to the
    month. A day is only given when the text fixes it.
    """
    if meta.get("published"):
        return When(dt.date.fromisoformat(meta["published"]), "day", meta.get("published_from", "sidecar"))
    stamp, dateline = _page_stamp(lines[:STAMP_LINES])
    if stamp:
        return stamp
    text = "\n".join([headline, *lines])
    estimate = _war_age(text)
    if dateline:
        dated = _dateline_year(dateline, estimate, text)
        if dated:
            return dated
    captions = [m for m in date_mentions(text, FULL_DATES) if m.year >= INVASION.year]
    latest_caption = max((_safe_date(m.year, m.month, m.day) for m in captions), default=None)
    weekday_day = WEEKDAY_DAY.search(text)
    anchor = estimate.date if estimate else latest_caption
    if weekday_day and anchor:
        day = _weekday_near(anchor, WEEKDAYS.index(weekday_day.group("weekday").lower()),
                            int(weekday_day.group("day")))  # fmt: skip
        if day:
            return When(day, "day", f"weekday and day number ({weekday_day.group(0)})")
    if estimate and latest_caption and _within_estimate(latest_caption, estimate):
        return When(max(latest_caption, estimate.date), "month", estimate.method + " and a dated caption")
    if estimate:
        return estimate
    if latest_caption:
        return When(latest_caption, "month", "latest dated caption")
    return None


def _within_estimate(date: dt.date, estimate: When) -> bool:
    """Whether a date agrees with the war's age: within six weeks of it, or within the
    year after it when the age is a whole number of years ("the three-year-old war")."""
    after = 365 if estimate.precision == "year" else 45
    return -45 < (date - estimate.date).days < after


def _page_stamp(lines: list[str]) -> tuple[When | None, regex.Match | None]:
    """The date a page prints as its own near its top, and a wire dateline without a year.

    Ranked: a publication line, a date line or byline, a dated wire dateline, an update line;
    the first line of the best rank wins."""
    stamps: list[tuple[int, When]] = []
    yearless = None
    for i, line in enumerate(lines):
        label = STAMP_LABEL.match(line)
        if label:
            rest = line[label.end() :]
            if rest.strip():
                found = _stamp_date(rest)
            else:  # "Published on" above its date
                found = _stamp_date(lines[i + 1]) if i + 1 < len(lines) else None
            if found:
                kind = "publication line" if label.group("first") else "update line"
                stamps.append((0 if label.group("first") else 3, When(found[0], "day", kind + found[1])))
                continue
        found = _stamp_date(line)
        if found:
            kind = "byline" if BYLINE.match(line) else "date line"
            stamps.append((1, When(found[0], "day", kind + found[1])))
            continue
        dateline = next((m for pattern in DATELINES if (m := pattern.match(line))), None)
        if dateline and dateline.group("year"):
            date = _safe_date(int(dateline.group("year")), _month(dateline), int(dateline.group("day")))
            stamps.append((2, When(date, "day", "wire dateline")))
        elif dateline and yearless is None:
            yearless = dateline
    best = min(stamps, key=lambda stamp: stamp[0], default=None)
    return (best[1] if best else None), yearless


def _stamp_date(line: str) -> tuple[dt.date, str] | None:
    """The date of a line that is a date and little else (see ``_is_date_line``), and how it was read."""
    found = _full_date(line)
    return found[:2] if found and found[0] >= WAR_BEGAN and _is_date_line(line, found[2]) else None


def _full_date(line: str) -> tuple[dt.date, str, tuple[int, int]] | None:
    """The first date with a day, a month and a year on a stamp line, how it was read, and where."""
    written = next(iter(date_mentions(line, FULL_DATES)), None)
    if written and 1 <= written.month <= 12:
        return _safe_date(written.year, written.month, written.day), "", (written.start, written.end)
    match = YEAR_FIRST_DATE.search(line)
    if match and 1 <= int(match.group("month_n")) <= 12 and 1 <= int(match.group("day")) <= 31:
        return (
            _safe_date(int(match.group("year")), int(match.group("month_n")), int(match.group("day"))),
            "",
            match.span(),
        )
    match = NUMERIC_DATE.search(line)
    if not match:
        return None
    first, second = int(match.group("first")), int(match.group("second"))
    # Day first, as most of the world and every dotted date writes it; month first ("03/15/2024")
    # only where the second number cannot be a month.
    day, month = (second, first) if second > 12 else (first, second)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    note = (
        ", read day first"
        if match.group("sep") == "/" and first <= 12 and second <= 12 and first != second
        else ""
    )
    return _safe_date(int(match.group("year")), month, day), note, match.span()


def _is_date_line(line: str, span: tuple[int, int]) -> bool:
    """A line that is a date and little else: a time, a zone, an outlet's name; or a byline."""
    if EMBED_SIGNATURE.search(line):
        return False
    rest = line[: span[0]] + " " + line[span[1] :]
    if any(c.isdigit() for c in STAMP_TIME.sub("", rest)):
        return False
    words = [w for w in STAMP_WORD.findall(rest) if not TIME_WORD.fullmatch(w.rstrip("."))]
    return len(words) <= (BYLINE_WORDS if BYLINE.match(line) else DATE_LINE_WORDS)


def _dateline_year(dateline: regex.Match, estimate: When | None, text: str) -> When | None:
    """A dateline's day and month in the year that puts it nearest the war's age, or else
    nearest the latest date the text states (a page is written after what it reports, and
    seldom long after)."""
    month, day = _month(dateline), int(dateline.group("day"))
    if estimate:
        reference, source = estimate.date, "the war's age"
    else:
        stated = [_safe_date(m.year, m.month, m.day or 1) for m in date_mentions(text) if m.year]
        if not stated:
            return None
        reference, source = max(stated), "the latest date the text states"
    date = min(
        (_safe_date(year, month, day) for year in (reference.year - 1, reference.year, reference.year + 1)),
        key=lambda d: (abs((d - reference).days), -d.toordinal()),
    )
    return When(date, "day", f"wire dateline ({dateline.group(0).rstrip(' -–—')}), year from {source}")


def _war_age(text: str) -> When | None:
    if not WAR_AGE_CUE.search(text):
        return None
    for pattern in (WAR_RELATIVE, INVADED_AGO):
        match = pattern.search(text)
        if match:
            date = shift(INVASION, _amount(match.group("amount")), match.group("unit"))
            precision = (
                "year"
                if match.group("unit").lower() == "year" and _amount(match.group("amount")) > 3
                else "month"
            )
            return When(date, precision, f"war's age ({match.group(0).strip()!r})")
    match = ANNIVERSARY.search(text)
    if match:
        date = shift(INVASION, ORDINALS[match.group("nth").lower()], "year")
        if match.group("amount"):
            sign = 1 if match.group("direction").lower() == "after" else -1
            date = shift(date, sign * _amount(match.group("amount")), match.group("unit"))
        return When(date, "month", f"the war's anniversary ({match.group(0).strip()!r})")
    match = WAR_AGE_OLD.search(text)
    if match:
        amount, unit = _amount(match.group("amount")), match.group("unit").lower()
        date = shift(INVASION, amount, unit)
        if match.group("approx") and match.group("approx").lower() in ("nearly", "almost"):
            # "the nearly two-year-old invasion": written in the weeks before the anniversary
            return When(date - dt.timedelta(days=7), "month", f"war's age ({match.group(0).strip()!r})")
        # "the three-year-old war" is three years old for a whole year
        precision = "year" if unit == "year" else "month"
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
