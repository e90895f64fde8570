"""When an article was published: its sidecar's date, else its page's own stamp
(``page_stamp``), else cues in its text combined (a wire dateline without a year, the
war's age, a weekday with its day number, the latest dated caption)."""

from __future__ import annotations

import datetime as dt

import regex

from .dates import WEEKDAY, WEEKDAYS, When, date_mentions, full_date_mentions, month_of, safe_date
from .lexicon import FLAGS
from .page_stamp import STAMP_LINES, page_stamp
from .war_age import INVASION, war_age

WEEKDAY_DAY = regex.compile(rf"\b{WEEKDAY}\s*\((?P<day>[0-3]?\d)\)", FLAGS)


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
    stamp, dateline = page_stamp(lines[:STAMP_LINES])
    if stamp:
        return stamp
    text = "\n".join([headline, *lines])
    estimate = war_age(text)
    if dateline:
        dated = _dateline_year(dateline, estimate, text)
        if dated:
            return dated
    captions = [m for m in full_date_mentions(text) if m.year >= INVASION.year]
    latest_caption = max((safe_date(m.year, m.month, m.day) for m in captions), default=None)
    weekday_day = WEEKDAY_DAY.search(text)
    anchor = estimate.date if estimate else latest_caption
    if weekday_day and anchor:
        day = _weekday_near(
            anchor, WEEKDAYS.index(weekday_day.group("weekday").lower()), int(weekday_day.group("day"))
        )
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


def _dateline_year(dateline: regex.Match, estimate: When | None, text: str) -> When | None:
    """A dateline's day and month in the year that puts it nearest the war's age, or else
    nearest the latest date the text states (a page is written after what it reports, and
    seldom long after)."""
    month, day = month_of(dateline), int(dateline.group("day"))
    if estimate:
        reference, source = estimate.date, "the war's age"
    else:
        stated = [safe_date(m.year, m.month, m.day or 1) for m in date_mentions(text) if m.year]
        if not stated:
            return None
        reference, source = max(stated), "the latest date the text states"
    date = min(
        (safe_date(year, month, day) for year in (reference.year - 1, reference.year, reference.year + 1)),
        key=lambda d: (abs((d - reference).days), -d.toordinal()),
    )
    return When(date, "day", f"wire dateline ({dateline.group(0).rstrip(' -–—')}), year from {source}")


def _weekday_near(anchor: dt.date, weekday: int, day: int) -> dt.date | None:
    """The date within six weeks of the anchor that falls on that weekday and day."""
    candidates = [
        anchor + dt.timedelta(days=offset)
        for offset in sorted(range(-45, 46), key=abs)
        if (anchor + dt.timedelta(days=offset)).day == day
        and (anchor + dt.timedelta(days=offset)).weekday() == weekday
    ]
    return candidates[0] if candidates else None
