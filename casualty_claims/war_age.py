"""The war's age as a date: "a month into the war", "invaded two years ago", "the
15-month-old war", "two days before the second anniversary of the invasion", each
counted from the full-scale invasion."""

from __future__ import annotations

import datetime as dt

import regex

from .dates import NUMBER_WORDS, When, shift
from .lexicon import FLAGS

INVASION = dt.date(2022, 2, 24)  # the full-scale invasion; cues count from it

AMOUNT = r"(?P<amount>\d+|" + "|".join(NUMBER_WORDS) + r")"
UNIT = r"(?P<unit>day|week|month|year)s?"

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
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
}
# "two days before the second anniversary of Moscow's full-scale invasion"
ANNIVERSARY = regex.compile(
    rf"\b(?:{AMOUNT}\s+(?P<unit>day|week)s?\s+(?P<direction>before|after|ahead of)\s+)?the\s+"
    rf"(?P<nth>{'|'.join(ORDINALS)})\s+anniversary\s+of\b[^.;]{{0,40}}?\b(?:invasion|war)\b",
    FLAGS,
)
# What all of them need, found far faster than any: "weeks into", "years ago", "-month-old", "anniversary",
# each starting a word (after a space or a hyphen), which the engine skips to.
WAR_AGE_CUE = regex.compile(
    rf"\b(?:{UNIT}(?:\s+(?:into|of|since|after|ago)\b|[- ]old\b)|anniversary\b)", FLAGS
)


def _amount(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def war_age(text: str) -> When | None:
    """The date the war's age in the text gives, with how it was read."""
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
