"""The publication date an article's own text gives, and year mentions: all texts written for this test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from casualty_claims import dates
from casualty_claims.publication_date import publication_date


def published(text: str, meta: dict | None = None) -> dates.When | None:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return publication_date(meta or {}, lines[0], lines)


BODY = "Officials in Kharkiv said the shelling continued overnight."


@pytest.mark.parametrize(
    "text, iso, precision, method",
    [
        # a labelled publication line, in the formats pages print
        (f"Drone strikes hit Odesa\nPublished: 12 March 2024\n{BODY}", "2024-03-12", "day", "publication line"),
        (f"Drone strikes hit Odesa\nPosted on March 12, 2024 at 9:41 am\n{BODY}", "2024-03-12", "day",
         "publication line"),
        (f"Drone strikes hit Odesa\nFirst published 07.11.2023 14:05\n{BODY}", "2023-11-07", "day",
         "publication line"),
        # the label on one line, the date on the next
        (f"Drone strikes hit Odesa\nPublished on\n21/08/2025 – 10:12 CET\n{BODY}", "2025-08-21", "day",
         "publication line"),
        # day first where both numbers could be a month, and said so
        (f"Drone strikes hit Odesa\nPublished on 05/06/2024\n{BODY}", "2024-06-05", "day",
         "publication line, read day first"),
        # month first only where the second number cannot be a month
        (f"Drone strikes hit Odesa\nPosted 03/15/2024 08:00 EDT\n{BODY}", "2024-03-15", "day", "publication line"),
        # a line that is a date and little else, above or below the headline
        (f"Drone strikes hit Odesa\n2024-03-12T09:41\n{BODY}", "2024-03-12", "day", "date line"),
        (f"Drone strikes hit Odesa\nMar 12, 2024 | 09:41\n{BODY}", "2024-03-12", "day", "date line"),
        (f"Tuesday 9 April 2024 17.20 BST\nDrone strikes hit Odesa\n{BODY}", "2024-04-09", "day", "date line"),
        (f"Drone strikes hit Odesa\nWorld\nAFP\n2 October, 2023, 11:05 pm\n{BODY}", "2023-10-02", "day",
         "date line"),
        (f"Drone strikes hit Odesa\nBy Maria Kowalska and Tom Reed | 14 May 2023\n{BODY}", "2023-05-14", "day",
         "byline"),
        # a first publication outranks an update printed above it
        (f"Drone strikes hit Odesa\nUpdated: 14 March 2024\nPublished: 12 March 2024\n{BODY}", "2024-03-12",
         "day", "publication line"),
        # an update line alone still dates the page
        (f"Drone strikes hit Odesa\nLast modified: 3 January 2025, 08:38\n{BODY}", "2025-01-03", "day",
         "update line"),
        # a wire dateline with its year
        ("Drone strikes hit Odesa\nKYIV, March 12, 2023 (UNIAN) — Ukraine's air force said it downed 20 drones.",
         "2023-03-12", "day", "wire dateline"),
    ],
)  # fmt: skip
def test_the_page_prints_its_own_date(text, iso, precision, method):
    when = published(text)
    assert (when.iso, when.precision, when.method) == (iso, precision, method)


@pytest.mark.parametrize(
    "text, iso, precision, method_start",
    [
        # a dateline without a year takes the year that puts it nearest the war's age ...
        ("Kyiv counts the cost\nFeb 23 (Reuters) - On the eve of the second anniversary of the invasion, "
         "officials met.", "2024-02-23", "day", "wire dateline (Feb 23 (Reuters)), year from the war's age"),
        # ... or else the latest date the text states (a page is written after what it reports)
        ("Talks stall\nLONDON, 3 June (AP) – Britain said the toll had risen since January 2023.", "2023-06-03",
         "day", "wire dateline (LONDON, 3 June (AP)), year from the latest date the text states"),
        ("Talks stall\nBERLIN, Jan 8 (dpa) - The fighting, which flared in November 2024, went on.", "2025-01-08",
         "day", "wire dateline"),
        # the war's age
        ("Prisoners swapped\nKYIV, Ukraine (AP) — Both sides freed captives in the 15-month-old war.", "2023-05",
         "month", "war's age"),
        ("Prisoners swapped\nThe nearly two-year-old invasion has left towns in ruins.", "2024-02", "month",
         "war's age"),
        ("Prisoners swapped\nThe three-year-old war shows no sign of ending.", "2025", "year", "war's age"),
        ("Prisoners swapped\nThree days after the first anniversary of the full-scale invasion, both sides met.",
         "2023-02", "month", "the war's anniversary"),
        # a whole-years age and a dated caption within that year: the caption's month
        ("Prisoners swapped\nThe three-year-old war shows no sign of ending.\n"
         "Soldiers at a checkpoint near Pokrovsk on August 2, 2025.", "2025-08", "month", "war's age"),
        # nothing of the page's own: the latest fully dated event, to the month only
        (f"Prisoners swapped\n{BODY}\nThe exchange took place on 14 October 2022 near Sumy.", "2022-10", "month",
         "latest dated caption"),
    ],
)  # fmt: skip
def test_cues_in_the_text_date_the_page(text, iso, precision, method_start):
    when = published(text)
    assert (when.iso, when.precision) == (iso, precision)
    assert when.method.startswith(method_start)


@pytest.mark.parametrize(
    "text, iso",
    [
        # the page's stamp, not the event date of the body, dates it
        ("Drone strikes hit Odesa\nPublished: 12 March 2024\nThe attack of 2 February 2024 killed 12 people.",
         "2024-03-12"),
        # a caption with a date is not a date line (too many other words)
        ("Drone strikes hit Odesa\nRescuers search the rubble of a block of flats in Dnipro, Ukraine, "
         "on January 15, 2023.\nPublished: 16 January 2023", "2023-01-16"),
        # a line of a list with a date and another number is no date line
        ("Drone strikes hit Odesa\n3 March 2024 – 500 killed\nPublished: 9 March 2024", "2024-03-09"),
        # an update line is outranked by the page's publication line below it
        ("Drone strikes hit Odesa\nUpdated figures released on 3 March 2024 show 500 dead.\n"
         "Published: 9 March 2024", "2024-03-09"),
        # an embedded post's signature dates the post, not the page
        ("Drone strikes hit Odesa\n— Defence Intelligence (@DefIntel) June 2, 2025\nPosted on June 9, 2025",
         "2025-06-09"),
    ],
)  # fmt: skip
def test_an_event_date_is_not_the_page_date(text, iso):
    assert published(text).iso == iso


@pytest.mark.parametrize(
    "text",
    [
        # no date at all: a dateline without one, weekdays, "yesterday"
        "Prisoners swapped\nKYIV, Ukraine (AP) — Both sides freed captives on Tuesday.",
        "Prisoners swapped\nThe ministry said yesterday that the exchange went ahead.",
        # a dateline without a year and nothing else to give one
        "Prisoners swapped\nKYIV, March 3 (Reuters) - Both sides freed captives.",
        # a date older than the war is no date of a page about it
        "Prisoners swapped\nDate of birth: 12 March 1990\nThe pilot was freed.",
        # a birth year and a period's start are no dates of the page
        "Prisoners swapped\nThe pilot, born in 1994, has fought since 2014.",
        # a label that opens prose is no stamp: the date is the event's ("latest dated caption" aside,
        # which a date before the invasion is not)
        "Prisoners swapped\nPosted on Telegram, the ministry's video of 3 March 2021 showed the drill.",
    ],
)
def test_no_publication_date_where_the_text_gives_none(text):
    assert published(text) is None


def test_a_stamp_far_below_the_top_is_only_a_dated_event():
    when = published("Prisoners swapped\n" + "\n".join(["A paragraph."] * 14) + "\nPublished: 12 March 2024")
    assert (when.iso, when.method) == ("2024-03", "latest dated caption")


def test_a_sidecar_wins():
    when = published("Drone strikes hit Odesa\nPublished: 12 March 2024", {"published": "2024-03-13"})
    assert (when.date, when.method) == (dt.date(2024, 3, 13), "sidecar")


@pytest.mark.parametrize(
    "text, found",
    [
        ("Russia lost 50,000 in 2023.", [(2023, None, False)]),
        ("Last year, 20,000 soldiers died.", [(None, 1, False)]),
        ("Killed since 2014.", [(2014, None, True)]),
        ("since the start of the war in 2022", [(2022, None, True)]),
        ("the 1979-89 Afghan war, over the last year", []),
    ],
)
def test_year_mentions(text, found):
    assert [(m.year, m.years_back, m.is_period_start) for m in dates.year_mentions(text)] == found


DATE_WORDS = st.lists(
    st.one_of(
        st.sampled_from([
            "March", "mar", "Sept.", "sep", "May", "may", "December", "decided", "market", "separate",
            "novel", "Junior", "Octopus", "mid-", "since", "of", "early", "12", "3rd", "2023", "2022-03-24",
            "24", ",", ".", "'s", "-", "\n",
        ]),
        st.text(max_size=5),
    ),
    max_size=12,
).map(lambda words: "".join(f"{w} " if len(w) > 1 else w for w in words))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(DATE_WORDS)
def test_a_sentence_without_a_month_name_holds_no_calendar_date(text):
    """What date_mentions looks for first (a month's name as a word, or 2022-03-24) every calendar
    date holds: where it is not, no pattern finds a date, and none is missed."""
    if not (dates.MONTH_NAME.search(text) or dates.NUMERIC_MONTH.search(text)):
        assert not any(pattern.search(text) for pattern in dates.CALENDAR)


@pytest.mark.parametrize(
    "text, month",
    [
        ("Residents marked two years into the war with a vigil.", "2024-02"),
        ("Since Russia invaded nine months ago, the town has emptied.", "2022-11"),
        ("Both sides fought on in the 15-month-old war.", "2023-05"),
        ("The army marked the 100-day-old invasion.", "2022-06"),
        ("On the eve of the second anniversary of the invasion, crowds gathered.", "2024-02"),
    ],
)
def test_the_war_s_age_is_read_where_its_unit_starts_a_word(text, month):
    # the cue looked for first (war_age.WAR_AGE_CUE) needs the unit to start a word, as every
    # pattern of the war's age has it
    from casualty_claims.war_age import WAR_AGE_CUE, war_age

    assert WAR_AGE_CUE.search(text) and war_age(text).iso[:7] == month
    assert not WAR_AGE_CUE.search("The birthday of the mayor fell on a weekday of spring.")


@settings(max_examples=300, deadline=None)
@given(DATE_WORDS)
def test_a_calendar_pattern_finds_nothing_without_what_it_needs(text):
    """date_mentions searches a calendar pattern only where what it cannot match without is in
    the sentence (a year, a digit, "2022-03-"): where that is not, the pattern finds nothing."""
    for pattern, needed in dates.NEEDED.items():
        if needed is not None and needed.search(text) is None:
            assert pattern.search(text) is None, (pattern.pattern, text)


def test_the_patterns_skipped_on_the_cases_table_find_nothing_there():
    """On every text of the cases table, a calendar pattern date_mentions skips (what it needs is
    not there) finds nothing: the dates are those found searching every pattern."""
    cases = yaml.safe_load(
        (Path(__file__).parent / "data" / "extraction_cases.yml").read_text(encoding="utf-8")
    )
    skipped_beside_a_month = 0
    for text in (case["text"] for case in cases):
        skipped = [p for p, needed in dates.NEEDED.items() if needed is not None and not needed.search(text)]
        assert not any(p.search(text) for p in skipped), text
        skipped_beside_a_month += bool(skipped and dates.MONTH_NAME.search(text))
    assert skipped_beside_a_month
