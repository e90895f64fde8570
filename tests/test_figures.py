"""Reading numbers and their qualifiers."""

from __future__ import annotations

import pytest

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
