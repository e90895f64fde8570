"""What a figure covers: a running total since the war began, or a stated period (with its
start and end where the words and the as-of date fix them), and the place or operation the
words limit it to.

A sentence's cues are found once (``cues``); each of its figures then takes the cues of its
own clause, or of an adverbial opening or closing the sentence ("In the past 24 hours, ..."),
the nearest first. Being wrong about a place costs more than
missing one, so a place is taken only after a preposition that limits ("in", "near",
"during"), in the figure's clause, and never after a verb of speaking ("said in Kyiv").

Scopes, in order of precedence:

- a daily change in brackets after a running total ("300,000 (+650)"): one day;
- the nearest cue of the figure's clause: a running total ("so far", "since the invasion",
  "since February 24": no period), a day ("in the past 24 hours", "overnight", "since its
  last daily update"), a span counted back from the as-of date ("in two weeks", "over the
  past month"), a calendar unit ("last month", "in May", "in 2023", "this year"), a start
  ("since June", "since the counteroffensive began in June"), the war's first days;
- an increment ("another 650", "a further 300") opening the sentence's figures: a period
  whose start the words do not give (its end is the as-of date);
- otherwise a running total, with no words (``scope_text`` is None).

Periods counted back from the as-of date get dates only where that date is a day's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from .. import dates
from ..dates import When
from ..figures import Figure
from ..lexicon import Lexicon
from ..sentences import Sentence
from ..vocabulary import PERIOD, TOTAL
from ..war_age import INVASION
from .cues import Cue, CueReader, reader
from .grammar import grammar


@dataclass(frozen=True)
class Coverage:
    """What a figure covers (see the module's docstring); dates are ISO days."""

    scope: str = TOTAL
    scope_text: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    place: str | None = None
    place_text: str | None = None
    # the end of a period fixed by its words ("in the first 100 days of the war"), which is
    # when the figure holds, whatever the publication date
    ends: When | None = None


# "(+650)" right before a figure, in a ministry's list
DAILY_CHANGE_BEFORE = regex.compile(r"(?:^|[(\s])\+\s*$")
REACH = 80  # a place or a cue in the figure's clause, within this many characters of it


def coverage(
    sentence: Sentence,
    figure: Figure,
    first: bool,
    when: When | None,
    published: When | None,
    lexicon: Lexicon,
) -> Coverage:
    """What ``figure`` covers in ``sentence`` (``first``: no figure of the sentence comes before it),
    holding as of ``when``, in an article published ``published``."""
    text = sentence.text
    read = reader(lexicon)
    found = read.cues(text)
    clause = _clause(found.clause_ends, figure, len(text))
    near = [c for c in found.cues if _applies(c, clause, figure, text, read)]
    place = _nearest([c for c in near if c.kind == "place"], figure)
    where = _place(place, lexicon, when)
    change = DAILY_CHANGE_BEFORE.search(text, 0, figure.context_start)
    if change:
        closing = text.find(")", figure.end, figure.end + 2)
        begin = change.start() + text[change.start()].isspace()
        words = text[begin : closing + 1 if closing >= 0 else figure.end]
        return Coverage(PERIOD, words, *_days_back(when, 1, "day"), *where)
    cue = _nearest([c for c in near if c.kind != "place"], figure)
    if cue is not None:
        scope = _scope(cue, text, when, published, lexicon)
        ends = (
            When(dt.date.fromisoformat(scope[3]), "day", f"end of {scope[1]!r}")
            if cue.kind == "first_days"
            else None
        )
        return Coverage(*scope, *where, ends)
    increment = first and grammar(lexicon).increment.search(text, 0, figure.context_start)
    if increment:
        end = when.date.isoformat() if when and when.precision == "day" else None
        return Coverage(PERIOD, increment.group().strip(" \"“‘'"), None, end, *where)
    return Coverage(TOTAL, None, None, None, *where)


def _clause(ends: tuple[int, ...], figure: Figure, length: int) -> tuple[int, int]:
    before = [e for e in ends if e < figure.context_start]
    after = [e for e in ends if e >= figure.end]
    return (before[-1] if before else 0), (after[0] if after else length)


def _applies(cue: Cue, clause: tuple[int, int], figure: Figure, text: str, read: CueReader) -> bool:
    """Whether a cue speaks of the figure: in its clause and near it, or an adverbial opening the
    sentence ("In the past week, ...") or closing it after a comma. A date or a place before the
    figure with a verb of speaking between them is the speech's ("Last month Zelensky said ...",
    "In Kyiv, officials said ...")."""
    start, end = clause
    in_clause = start <= cue.start and cue.end <= end and _gap(cue, figure, text) <= REACH
    opening = (
        not in_clause
        and not text[: cue.start].strip(" \"“‘'")
        and cue.end <= figure.context_start
        and not DIGIT.search(text, cue.end, start)
    )
    # "..., including 20,000 killed in fighting, since December.": a closing adverbial
    closing = (
        not in_clause
        and cue.start >= figure.end
        and CLOSING.match(text, cue.end)
        and (text[: cue.start].rstrip().endswith(","))
    )
    if not (in_clause or opening or closing):
        return False
    before = cue.end <= figure.context_start
    return not (
        cue.kind in ("calendar", "place")
        and before
        and read.speaking.search(text, cue.end, figure.context_start)
    )


DIGIT = regex.compile(r"\d")
CLOSING = regex.compile(r"[\s\"”’'.!?)]*$")
LAST_DIGIT = regex.compile(r"\d", regex.REVERSE)


def _gap(cue: Cue, figure: Figure, text: str) -> int:
    """How far a cue stands from the figure, or from the figures listed between them ("1,837
    artillery systems along with 278 planes and 261 helicopters in the past 24 hours")."""
    if cue.start >= figure.end:
        last = LAST_DIGIT.search(text, figure.end, cue.start)
        return cue.start - (last.end() if last else figure.end)
    if cue.end <= figure.context_start:
        first = DIGIT.search(text, cue.end, figure.context_start)
        return (first.start() if first else figure.context_start) - cue.end
    return 0


def _nearest(cues: list[Cue], figure: Figure) -> Cue | None:
    return min(cues, key=lambda c: max(c.start - figure.end, figure.context_start - c.end, 0), default=None)


def _place(cue: Cue | None, lexicon: Lexicon, when: When | None) -> tuple[str | None, str | None]:
    if cue is None:
        return None, None
    place = lexicon.places.named(cue.place, when.date if when else None)
    return (place.id, cue.place) if place else (None, None)


def _scope(cue: Cue, text: str, when: When | None, published: When | None, lexicon: Lexicon) -> tuple:
    """The scope, its words and the period's start and end that a cue gives."""
    words = text[cue.start : cue.end]
    if cue.kind == "total":
        return TOTAL, words, None, None
    if cue.kind == "day":
        return PERIOD, words, *_days_back(when, 1, "day")
    if cue.kind == "span":
        amount = cue.match.group("amount")
        count = 1 if amount is None else dates.NUMBER_WORDS.get(amount.lower()) or int(amount)
        unit = cue.match.group("unit").lower()
        if unit == "hour":
            count, unit = -(-count // 24), "day"
        return PERIOD, words, *_days_back(when, count, unit)
    if cue.kind == "first_days":
        amount = cue.match.group("amount")
        count = dates.NUMBER_WORDS.get(amount.lower()) or int(amount)
        end = dates.shift(INVASION, count, cue.match.group("unit"))
        return PERIOD, words, INVASION.isoformat(), end.isoformat()
    if cue.kind == "start":
        start, end = _since(cue, when, published)
        if start and INVASION_MONTH[0] <= start <= INVASION_MONTH[1]:
            return TOTAL, words, None, None  # "since it launched the invasion on February 24 2022"
        return PERIOD, words, start, end
    if cue.kind == "since_operation":
        operation = lexicon.places.named(cue.place, when.date if when else None)
        start = operation.start.isoformat() if operation and operation.start else None
        return PERIOD, words, start, _last_day(when).isoformat() if when else None
    return PERIOD, words, *_calendar(cue.match, published or when)


# A period starting in the invasion's month, up to its first day, is the war's running total.
INVASION_MONTH = (INVASION.replace(day=1).isoformat(), INVASION.isoformat())


def _days_back(when: When | None, count: int, unit: str) -> tuple[str | None, str | None]:
    """A period of ``count`` units ending on the as-of date, where that is a day's."""
    if when is None or when.precision != "day":
        return None, None
    return dates.shift(when.date, -count, unit).isoformat(), when.date.isoformat()


def _since(cue: Cue, when: When | None, anchor: When | None) -> tuple[str | None, str | None]:
    mention = cue.mention
    if isinstance(mention, dates.YearMention):
        start = dt.date(mention.year, 1, 1) if mention.year else None
    else:
        resolved = dates.resolve(mention, anchor or when)
        start = resolved.date if resolved else None
    end = _last_day(when) if when else None
    if end and anchor and anchor.precision == "day":
        # as of a month ("estimated this month ... since December"): no later than the publication
        end = min(end, max(anchor.date, start or anchor.date))
    return (start.isoformat() if start else None), (end.isoformat() if end else None)


def _calendar(match: regex.Match, anchor: When | None) -> tuple[str | None, str | None]:
    """The month or year a calendar cue names, up to the anchor (the publication date)."""
    if anchor is None:
        return None, None
    today = anchor.date
    if match.group("this") or match.group("since_unit"):
        unit = match.group("this_unit") or match.group("since_unit")
        start = today.replace(day=1) if unit.lower() == "month" else dt.date(today.year, 1, 1)
        return start.isoformat(), today.isoformat()
    if match.group("last_unit"):
        unit = match.group("last_unit").lower()
        if unit == "week":
            monday = today - dt.timedelta(days=today.weekday() + 7)
            return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
        if unit == "month":
            first = dates.shift(today.replace(day=1), -1, "month")
            return first.isoformat(), _last_day(When(first, "month", "")).isoformat()
        return dt.date(today.year - 1, 1, 1).isoformat(), dt.date(today.year - 1, 12, 31).isoformat()
    if match.group("month"):
        month = dates.MONTHS[match.group("month").lower()]
        year = int(match.group("month_year")) if match.group("month_year") else None
        first = (
            dt.date(year, month, 1)
            if year
            else dates.resolve(dates.DateMention(0, 0, month, None, None, False), anchor).date
        )
        return first.isoformat(), min(_last_day(When(first, "month", "")), max(today, first)).isoformat()
    year = int(match.group("year"))
    return dt.date(year, 1, 1).isoformat(), min(
        dt.date(year, 12, 31), max(today, dt.date(year, 1, 1))
    ).isoformat()


def _last_day(when: When) -> dt.date:
    """The last day an as-of date of its precision covers: 2022-11 is through 30 November."""
    if when.precision == "year":
        return dt.date(when.date.year, 12, 31)
    if when.precision == "month":
        return dates.shift(when.date.replace(day=1), 1, "month") - dt.timedelta(days=1)
    return when.date
