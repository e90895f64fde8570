"""Reading numbers and their qualifiers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casualty_claims import figures, lexicon

CASES = [
    ("16,000 troops", [("16,000", 16000, None, None, "exact")]),
    ("4500 troops", [("4500", 4500, None, None, "exact")]),
    ("12 345 troops", [("12 345", 12345, None, None, "exact")]),
    ("12\u00a0345 troops", [("12\u00a0345", 12345, None, None, "exact")]),
    ("1.5 million people", [("1.5 million", 1500000, None, None, "exact")]),
    ("two million people", [("two million", 2000000, None, None, "exact")]),
    ("a thousand soldiers", [("a thousand", 1000, None, None, "exact")]),
    ("twenty-five soldiers", [("twenty-five", 25, None, None, "exact")]),
    ("tens of thousands of troops", [("tens of thousands", 20000, 20000, 90000, "vague")]),
    ("a few thousand had died", [("a few thousand", 2000, 2000, 9000, "vague")]),
    ("hundreds of soldiers", [("hundreds", 200, 200, 900, "vague")]),
    ("5,000 to 9,000 troops", [("5,000 to 9,000", 5000, 5000, 9000, "range")]),
    ("between 10,000 and 12,000", [("10,000 and 12,000", 10000, 10000, 12000, "range")]),
    ("40,000-45,000 dead", [("40,000-45,000", 40000, 40000, 45000, "range")]),
    ("between 40 and 60 thousand", [("40 and 60 thousand", 40000, 40000, 60000, "range")]),
    (
        "between 5,000 and 9,000, with a best estimate of 7,000",
        [("5,000 and 9,000", 7000, 5000, 9000, "range")],
    ),
    (
        "300,000 or 150,000",
        [("300,000", 300000, None, None, "exact"), ("150,000", 150000, None, None, "exact")],
    ),
    (
        "rose from 5,000 to 9,000",
        [("5,000", 5000, None, None, "exact"), ("9,000", 9000, None, None, "exact")],
    ),
    ("more than 7,000", [("7,000", 7000, None, None, "at_least")]),
    ("at least 2,000", [("2,000", 2000, None, None, "at_least")]),
    ("nearly 1,400", [("1,400", 1400, None, None, "at_most")]),
    ("up to 300", [("300", 300, None, None, "at_most")]),
    ("about 3,700", [("3,700", 3700, None, None, "approximately")]),
    ("some 10,000", [("10,000", 10000, None, None, "approximately")]),
    ("10,000 or more", [("10,000", 10000, None, None, "at_least")]),
    ("$61 billion in aid", []),
    ("on March 2, 2022 and November 9", []),
    ("in 2023, and since 2014,", []),
    ("the Su-25 jet", []),
    ("one of them", []),
    ("<img src=x onerror=alert(1)> and width=300", []),
    ("1,351 (+20) soldiers", [("1,351", 1351, None, None, "exact"), ("20", 20, None, None, "exact")]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_figures(text, expected):
    found = [(f.text, f.value, f.low, f.high, f.qualifier) for f in figures.find(text, lexicon.load())]
    assert found == expected


@pytest.mark.parametrize("value", [1, 21, 498, 1351, 80860, 1_000_000, 383000])
def test_rendered_numbers_read_back(value):
    for text in (f"{value}", f"{value:,}", f"{value:,}".replace(",", " ")):
        assert [f.value for f in figures.find(f"{text} soldiers", lexicon.load())] == [value]


def test_a_digit_python_cannot_read_is_no_figure():
    # U+116D0 is a digit to the regex package's newer Unicode tables, not to float()
    assert figures.parse_digits("\U000116d0") is None
    assert figures.find("Ukraine said \U000116d0\U000116d1 soldiers died.", lexicon.load()) == []


# number words written as a reader would not expect: capitals, the long s and a dotted capital I
# (which the patterns read as "s" and "i"), beside a figure in digits
ODD_NUMBER_WORDS = [
    "FIVE soldiers and 300 civilians",
    "ſix soldiers and 300 civilians",
    "fİve soldiers and 300 civilians",
    "a few hundred troops, 40 of them wounded",
    "(twenty-five) of the 300",
    "half a million, or 500,000",
    "“a dozen” of 12",
    "dozens, not 30",
    "tension rose as 4,000 fled",
]


@pytest.mark.parametrize("text", ODD_NUMBER_WORDS)
def test_a_sentence_with_a_number_word_is_read_with_the_whole_pattern(text):
    assert figures._atom_pattern(text) is figures.ATOM


def test_a_sentence_without_a_number_word_has_its_figures_at_the_same_places_in_digits():
    """ATOM_IN_DIGITS, read where NUMBER_WORD finds no number word, finds what ATOM finds: on
    every text of the cases table (and its number words taken out), the same matches."""
    cases = yaml.safe_load(
        (Path(__file__).parent / "data" / "extraction_cases.yml").read_text(encoding="utf-8")
    )
    texts = [case["text"] for case in cases] + ODD_NUMBER_WORDS
    in_digits = 0
    for text in texts + [figures.NUMBER_WORD.sub("x", text.lower()) for text in texts]:
        whole = [(m.span(), m.groupdict().get("digits")) for m in figures.ATOM.finditer(text)]
        read = [(m.span(), m.groupdict().get("digits")) for m in figures._atom_pattern(text).finditer(text)]
        assert read == whole, text
        in_digits += figures._atom_pattern(text) is figures.ATOM_IN_DIGITS and bool(whole)
    assert in_digits


# What the figure reader rules out a sentence by before a search, and the search it skips there.
GATED = [
    ("money", lambda text: figures.MONEY_SIGN.search(text), lambda text: figures.MONEY_BEFORE.search(text)),
    (
        "age",
        lambda text: any(w in text.lower() for w in figures.AGE_WORDS),
        lambda text: figures.AGE.search(text),
    ),
    (
        "year span",
        lambda text: figures.dates.YEAR_DIGITS.search(text),
        lambda text: figures.YEAR_SPAN.search(text),
    ),
]
GATED_TEXTS = [
    "$300",
    "USD 300 ",
    "AGED 45, he",
    "a 45-YEAR-OLD man",
    "in 1979–89 and 2022/23",
    "men of 45, 300 died",
]


@pytest.mark.parametrize(("name", "holds", "search"), GATED, ids=[name for name, _, _ in GATED])
def test_a_sentence_ruled_out_before_a_search_holds_nothing_it_would_find(name, holds, search):
    """Over the cases table's texts and every beginning of them (what a figure's words before
    are), where the cheap test finds nothing the search it stands in for finds nothing."""
    cases = yaml.safe_load(
        (Path(__file__).parent / "data" / "extraction_cases.yml").read_text(encoding="utf-8")
    )
    ruled_out = found = 0
    for text in GATED_TEXTS + [case["text"] for case in cases]:
        for end in range(len(text) + 1):
            if not holds(text[:end]):
                ruled_out += 1
                assert search(text[:end]) is None, text[:end]
            else:
                found += search(text[:end]) is not None
    assert ruled_out and found
