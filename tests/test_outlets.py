"""The outlet an article names itself by: a "Source:" line, a wire credit, a site's name after
its headline; the sidecar's outlet and the page's metadata come first; else unknown."""

from __future__ import annotations

import sqlite3

import pytest

from casualty_claims import lexicon, outlets
from casualty_claims.cli import build
from casualty_claims.outlets import named_outlet
from tests.conftest import write_article

BODY = (
    "Officials gave new figures on Tuesday.\n\n"
    "The regional governor said the shelling had gone on through the night.\n\n"
    "Talks on a ceasefire are due to resume next week, both delegations said.\n"
)
# A body long enough that a line in its middle is neither near its top nor at its end.
LONG_BODY = "".join(f"Paragraph {n} of the report describes the front near the river.\n\n" for n in range(30))


def outlet(text: str, title: str | None = None) -> str | None:
    return named_outlet(text, title, lexicon.load())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Shelling goes on\n\nSource: Sample Gazette\n\n" + BODY, "Sample Gazette"),
        ("Shelling goes on\n\n" + BODY + "\nSource: The Evening Sample.\n", "The Evening Sample"),
        ("Shelling goes on\n\nVia Sample Wire Service\n\n" + BODY, "Sample Wire Service"),
        ("Shelling goes on\n\nKYIV, March 3 (Reuters) - " + BODY, "Reuters"),
        ("Shelling goes on\n\nODESA, Ukraine (AP) — " + BODY, "Associated Press"),
        ("Shelling goes on\n\nPARIS, May 2, 2023 (AFP) – " + BODY, "AFP"),
        ("Shelling goes on\n\nWorld\n\nReuters\n\n14 March, 2023\n\n" + BODY, "Reuters"),
        ("Shelling goes on\n\nBy Bloomberg Staff\n\n" + BODY, "Bloomberg"),
        ("Shelling goes on\n\n" + BODY + "\n© 2024 AFP\n", "AFP"),
        ("Shelling goes on\n\n" + BODY + "\nREUTERS\n", "Reuters"),
    ],
)
def test_the_text_names_its_outlet(text, expected):
    assert outlet(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Shelling goes on\n\n" + BODY,
        # a photo credit, a wire in a sentence, a sign-off that names no outlet
        "Shelling goes on\n\nA damaged school in the east. REUTERS/Jane Sample\n\n" + BODY,
        "Shelling goes on\n\nReuters could not verify the figures independently.\n\n" + BODY,
        "Shelling goes on\n\n" + BODY + "\nAgencies\n",
        # a chart's source in the middle of a long article, a sentence that starts "Source:"
        "Shelling goes on\n\n" + LONG_BODY + "Source: Sample Statistics Office\n\n" + LONG_BODY,
        "Shelling goes on\n\nSource: officials who asked not to be named said the toll had risen sharply overnight.\n\n"
        + BODY,
        # lower case "ap" is no agency
        "Shelling goes on\n\nthe town (ap) - a note\n\n" + BODY,
    ],
)
def test_no_outlet_where_the_text_names_none(text):
    assert outlet(text) is None


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Shelling goes on near the river | Sample Post", "Sample Post"),
        ("Shelling goes on near the river - Daily Sample", "Daily Sample"),
        ("Shelling goes on near the river – Reuters", "Reuters"),
        ("Shelling goes on near the river | sample-news.com", "sample-news.com"),
        ("Shelling goes on near the river | The Guardian", "The Guardian"),  # a known outlet
        ("Shelling goes on near the river | BBC", "BBC"),
        ("Shelling goes on near the river | Ukraine and Russia", None),  # a section
        ("Seven thousand missing - Ombudsman Petrenko", None),  # a speaker
        ("Shelling goes on - and on", None),
        ("Shelling goes on near the river", None),
    ],
)
def test_a_headline_suffix_names_an_outlet_only_where_it_looks_like_one(title, expected):
    assert outlet(title + "\n\n" + BODY) == expected
    assert outlet(BODY, title=title) == expected


def _outlets(db) -> dict:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT id, outlet FROM articles WHERE id NOT LIKE 'reference-%'"))


def test_the_build_stores_the_outlet_the_sidecar_first(tmp_path):
    folder = tmp_path / "news"
    dateline = "Shelling goes on\n\nKYIV, March 3 (Reuters) - " + BODY
    write_article(folder, "wire.txt", dateline)
    write_article(
        folder, "sidecar.txt", dateline + "\nMore talks follow.\n", meta="outlet: Sample Evening News\n"
    )
    write_article(folder, "plain.txt", "Shelling goes on\n\n" + BODY)
    page = "<p>" + "</p><p>".join(BODY.split("\n\n")) + "</p>"
    write_article(
        folder,
        "page.html",
        "<html><head><title>Shelling goes on | Sample Post</title>"
        '<meta property="og:site_name" content="The Sample Herald"></head>'
        f"<body><article><h1>Shelling goes on</h1><p>KYIV (AP) — The night was long.</p>{page}</article></body></html>",
    )
    build([folder], tmp_path / "claims.db", jobs=1, reference_file=None, curation_file=None)
    assert _outlets(tmp_path / "claims.db") == {
        "wire": "Reuters",
        "sidecar": "Sample Evening News",
        "plain": None,
        "page": "The Sample Herald",
    }


@pytest.mark.parametrize(
    "line, name",
    [
        ("Copyright 2024 United Press International Reporters.", "United Press International"),
        ("© Agence France-Presse", "Agence France-Presse"),
        ("By Reuters Staff", "Reuters"),
        ("KYIV, March 3 (Reuters) - Ukraine said on Monday", "Reuters"),
        ("Within its first characters (Reuters) - a dateline", "Reuters"),
        (
            "A line of the article that names the wire much later than a dateline would, here: (Reuters) - so",
            None,
        ),
        ("Copyright 2024 United Press International Reporters, with reporting from Kyiv.", None),
    ],
)
def test_a_wire_credit_is_found_by_its_pattern_alone(line, name):
    # the length and the bracket looked at first rule out no line the patterns would match
    words = outlets.outlet_words()
    found = outlets._wire_credit(line, words)
    either = words.dateline.match(line) or words.credit_line.match(line)
    assert (found and found.group("name")) == (either and either.group("name")) == name
