"""The date a page prints as its own near its top: a "Published ..." line, a line that
is a date and little else, a byline with a date, a wire dateline with its year, an
"Updated ..." line."""

from __future__ import annotations

import datetime as dt

import regex

from .dates import (
    DATELINES,
    WEEKDAY,
    YEAR,
    YEAR_DIGITS,
    When,
    full_date_mentions,
    month_of,
    safe_date,
)
from .lexicon import FLAGS

WAR_BEGAN = dt.date(2014, 2, 20)  # Crimea: no page about the war is older, whatever a date line says

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


def page_stamp(lines: list[str]) -> tuple[When | None, regex.Match | None]:
    """The date a page prints as its own near its top, and a wire dateline without a year.

    Ranked: a publication line, a date line or byline, a dated wire dateline, an update line;
    the first line of the best rank wins, so the lines after a publication line are not read,
    nor those after a date line but as publication lines (a dateline without a year counts
    only where the page prints no date)."""
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
                if label.group("first"):
                    return When(found[0], "day", "publication line" + found[1]), yearless
                stamps.append((3, When(found[0], "day", "update line" + found[1])))
                continue
        if any(rank == 1 for rank, _ in stamps):
            continue  # only a publication line outranks a date line
        found = _stamp_date(line)
        if found:
            kind = "byline" if BYLINE.match(line) else "date line"
            stamps.append((1, When(found[0], "day", kind + found[1])))
            continue
        dateline = next((m for pattern in DATELINES if (m := pattern.match(line))), None)
        if dateline and dateline.group("year"):
            date = safe_date(int(dateline.group("year")), month_of(dateline), int(dateline.group("day")))
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
    if not YEAR_DIGITS.search(line):
        return None  # each of the patterns below holds a year: a line without one holds no date
    written = next(iter(full_date_mentions(line)), None)
    if written and 1 <= written.month <= 12:
        return safe_date(written.year, written.month, written.day), "", (written.start, written.end)
    match = YEAR_FIRST_DATE.search(line)
    if match and 1 <= int(match.group("month_n")) <= 12 and 1 <= int(match.group("day")) <= 31:
        return (
            safe_date(int(match.group("year")), int(match.group("month_n")), int(match.group("day"))),
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
    return safe_date(int(match.group("year")), month, day), note, match.span()


def _is_date_line(line: str, span: tuple[int, int]) -> bool:
    """A line that is a date and little else: a time, a zone, an outlet's name; or a byline."""
    if EMBED_SIGNATURE.search(line):
        return False
    rest = line[: span[0]] + " " + line[span[1] :]
    if any(c.isdigit() for c in STAMP_TIME.sub("", rest)):
        return False
    words = [w for w in STAMP_WORD.findall(rest) if not TIME_WORD.fullmatch(w.rstrip("."))]
    return len(words) <= (BYLINE_WORDS if BYLINE.match(line) else DATE_LINE_WORDS)
