"""What a figure covers (issue 20): the places lexicon, the build's places table and the claim
page's words for a scope, a period and a place. The readings themselves are table-driven: the
``covers-`` cases of tests/data/extraction_cases.yml."""

from __future__ import annotations

import datetime as dt
import html
import sqlite3

import pytest

from casualty_claims import lexicon
from casualty_claims.cli import build
from casualty_claims.lexicon import LexiconError, _places
from casualty_claims_plugin.claim import covers, day_span
from tests.conftest import site, write_article

PLACES = lexicon.LEXICON_DIR / "places.yml"


def test_every_spelling_of_a_place_names_one_id_and_an_oblast_is_not_its_city():
    places = lexicon.load().places
    named = lambda text: places.named(text, dt.date(2023, 5, 1)).id  # noqa: E731
    assert {named(t) for t in ("Bakhmut", "Artemivsk", "Artyomovsk")} == {"bakhmut"}
    assert (named("Kiev"), named("Kharkov"), named("Sievierodonetsk")) == ("kyiv", "kharkiv", "severodonetsk")
    assert (named("the Donetsk region"), named("Donetsk")) == ("donetsk-oblast", "donetsk")
    assert [places.named(t, None) for t in ("Ukraine", "the battlefield", "the front")] == [None, None, None]


def test_an_operation_sharing_a_name_is_the_one_under_way():
    places = lexicon.load().places
    assert places.named("the counteroffensive", dt.date(2022, 11, 10)).id == "counteroffensive-2022"
    assert places.named("the counteroffensive", dt.date(2023, 7, 1)).id == "counteroffensive-2023"
    assert places.named("the counteroffensive", dt.date(2022, 4, 1)) is None  # none was under way
    assert places.named("the counteroffensive", None) is None


@pytest.mark.parametrize(
    "entries, problem",
    [
        ([{"id": "x", "name": "X", "aliases": ["X"]}], "entry 1 lacks kind"),
        ([{"id": "x", "name": "X", "kind": "planet", "aliases": ["X"]}], "x: unknown kind 'planet'"),
        (
            [{"id": "x", "name": "X", "kind": "city", "aliases": ["X("]}],
            "x.aliases[1] is not a valid pattern",
        ),
        (
            [{"id": "x", "name": "X", "kind": "city", "aliases": ["X"]}] * 2,
            "x is listed twice",
        ),
        (
            [
                {"id": "x", "name": "X", "kind": "city", "aliases": ["Xville"]},
                {"id": "y", "name": "Y", "kind": "city", "aliases": ["Xville"]},
            ],
            "alias 'Xville' of y is x's too; give both dates",
        ),
    ],
    ids=["no-kind", "unknown-kind", "bad-pattern", "twice", "shared-alias-without-dates"],
)
def test_a_malformed_places_file_is_named_with_its_problem(entries, problem):
    with pytest.raises(LexiconError) as error:
        _places(entries, PLACES)
    assert str(error.value).startswith(str(PLACES)) and problem in str(error.value)


@pytest.mark.parametrize(
    "scope, start, end, words, shown",
    [
        ("total", None, None, None, "running total since the war began"),
        ("total", None, None, "since the invasion", "running total since the war began (‘since the invasion’)"),
        ("period", "2022-11-12", "2022-11-13", "in the past 24 hours", "12–13 November 2022 (‘in the past 24 hours’)"),
        ("period", "2022-10-30", "2022-11-13", None, "30 October – 13 November 2022"),
        ("period", "2014-01-01", "2024-02-15", "Since 2014", "1 January 2014 – 15 February 2024 (‘Since 2014’)"),
        ("period", None, "2023-06-12", "another", "a stated period, until 12 June 2023 (‘another’)"),
        ("period", None, None, "last month", "a stated period (‘last month’)"),
    ],
)  # fmt: skip
def test_the_claim_page_says_what_a_figure_covers(scope, start, end, words, shown):
    assert covers(scope, start, end, words) == shown


def test_a_day_span_names_a_single_day_once():
    assert day_span(dt.date(2023, 5, 1), dt.date(2023, 5, 1)) == "1 May 2023"


ARTICLE = (
    "Losses near Bakhmut\n\n"
    "Ukraine's General Staff said Russia had lost 1,200 soldiers in Artyomovsk over the past week.\n\n"
    "Zelensky, speaking in Kyiv, said 31,000 Ukrainian soldiers had been killed since the invasion.\n"
)


@pytest.mark.asyncio
async def test_the_build_stores_places_and_the_claim_page_shows_scope_period_and_place(tmp_path, metadata):
    write_article(tmp_path / "in", "a.txt", ARTICLE, "published: 2023-03-20\n")
    build([tmp_path / "in"], tmp_path / "claims.db", reference_file=None, curation_file=None)
    conn = sqlite3.connect(tmp_path / "claims.db")
    assert conn.execute("SELECT name, kind FROM places WHERE id = 'bakhmut'").fetchone() == (
        "Bakhmut",
        "city",
    )
    rows = conn.execute(
        "SELECT id, value, scope, scope_text, period_start, period_end, place, place_text FROM claims ORDER BY value"
    ).fetchall()
    week, total = rows
    assert week[1:] == (
        1200,
        "period",
        "over the past week",
        "2023-03-13",
        "2023-03-20",
        "bakhmut",
        "Artyomovsk",
    )
    assert total[1:] == (31000, "total", "since the invasion", None, None, None, None)  # "speaking in Kyiv"
    served = site(tmp_path / "claims.db", metadata)
    page = html.unescape((await served.client.get(f"/-/claim/{week[0]}")).text)
    assert "<dt>Covers</dt><dd>13–20 March 2023 (‘over the past week’)</dd>" in page
    assert "<dt>Place</dt><dd>Bakhmut" in page and "written “Artyomovsk”" in page
    page = html.unescape((await served.client.get(f"/-/claim/{total[0]}")).text)
    assert "running total since the war began (‘since the invasion’)" in page and "<dt>Place</dt>" not in page
    data = (await served.client.get(f"/-/claim/{week[0]}.json")).json()["claim"]
    assert (data["scope"], data["place"], data["place_name"]) == ("period", "bakhmut", "Bakhmut")
