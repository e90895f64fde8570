"""Every figure as it was said (display.as_said), the words it is said with (qualifier_text,
read by the figure finder and kept through curation), and a pair's caveats read from either
side (caveats.py)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from casualty_claims import caveats, curate, figures, lexicon, link
from casualty_claims.cli import build
from casualty_claims.curation_entries import Entry
from casualty_claims.display import as_said, qualifier_text
from casualty_claims.vocabulary import CAVEATS, QUALIFIERS, SCOPES
from tests.conftest import write_article

# (the claim's columns, as shown). Every qualifier, with the text's words and without them
# (a claim added or corrected by hand, a figure of the ministry's series), and every scope.
CASES = [
    ({"value": 16000, "qualifier": "exact"}, "16,000"),
    ({"value": 1351, "qualifier": "exact", "qualifier_text": None}, "1,351"),
    ({"value": 7000, "qualifier": "at_least", "qualifier_text": "more than"}, "more than 7,000"),
    ({"value": 7000, "qualifier": "at_least", "qualifier_text": "More than"}, "more than 7,000"),
    ({"value": 800000, "qualifier": "at_least", "qualifier_text": "at least"}, "at least 800,000"),
    ({"value": 1000000, "qualifier": "at_least"}, "at least 1,000,000"),
    ({"value": 1400, "qualifier": "at_most", "qualifier_text": "Nearly"}, "nearly 1,400"),
    ({"value": 1400, "qualifier": "at_most"}, "up to 1,400"),
    ({"value": 3700, "qualifier": "approximately", "qualifier_text": "about"}, "about 3,700"),
    ({"value": 10000, "qualifier": "approximately", "qualifier_text": "some"}, "some 10,000"),
    ({"value": 80210, "qualifier": "approximately"}, "about 80,210"),
    ({"value": 5000, "value_low": 5000, "value_high": 6000, "qualifier": "range"}, "5,000–6,000"),
    (
        {"value": 7000, "value_low": 5000, "value_high": 9000, "qualifier": "range"},
        "5,000–9,000 (best estimate 7,000)",
    ),
    (
        {"value": 2000, "value_low": 2000, "value_high": 9000, "qualifier": "vague", "qualifier_text": "a few thousand"},
        "a few thousand (2,000–9,000)",
    ),
    (
        {"value": 20000, "value_low": 20000, "value_high": 90000, "qualifier": "vague", "qualifier_text": "Tens of thousands"},
        "tens of thousands (20,000–90,000)",
    ),
    (
        {"value": 2000, "value_low": 2000, "value_high": 9000, "qualifier": "vague", "qualifier_text": "A few thousand"},
        "a few thousand (2,000–9,000)",
    ),
    ({"value": 2000, "value_low": 2000, "value_high": 9000, "qualifier": "vague"}, "vague: 2,000–9,000"),
    ({"value": 100000, "qualifier": "projection"}, "projected: 100,000"),
    ({"value": 100000, "qualifier": "projection", "qualifier_text": "more than"}, "projected: more than 100,000"),
    (
        {"value": 20000, "value_low": 20000, "value_high": 90000, "qualifier": "projection", "qualifier_text": "tens of thousands"},
        "projected: tens of thousands (20,000–90,000)",
    ),
    ({"value": 30000, "value_low": 30000, "value_high": 40000, "qualifier": "projection"}, "projected: 30,000–40,000"),
    # scopes: a running total says nothing more; a period says how long, or when
    ({"value": 80860, "qualifier": "exact", "scope": "total"}, "80,860"),
    ({"value": 650, "scope": "period", "period_start": "2022-11-12", "period_end": "2022-11-13"}, "650 in one day"),
    ({"value": 650, "scope": "period", "period_start": "2022-11-13", "period_end": "2022-11-13"}, "650 in one day"),
    ({"value": 10000, "scope": "period", "period_start": "2022-03-01", "period_end": "2022-03-16"}, "10,000 in 15 days"),
    ({"value": 1200, "scope": "period", "period_start": "2023-05-01", "period_end": "2023-05-31"}, "1,200 in May 2023"),
    ({"value": 1200, "scope": "period", "period_start": "2023-05", "period_end": "2023-05"}, "1,200 in May 2023"),
    ({"value": 90000, "scope": "period", "period_start": "2023-01-01", "period_end": "2023-12-31"}, "90,000 in 2023"),
    ({"value": 90000, "scope": "period", "period_start": "2023", "period_end": "2023"}, "90,000 in 2023"),
    (
        {"value": 26000, "scope": "period", "period_start": "2023-06-04", "period_end": "2023-09-12"},
        "26,000 from 4 June 2023 to 12 September 2023",
    ),
    (
        {"value": 26000, "scope": "period", "period_start": "2023-06", "period_end": "2023-09-12"},
        "26,000 from June 2023 to 12 September 2023",
    ),
    ({"value": 26000, "scope": "period", "period_start": "2023-06-04"}, "26,000 since 4 June 2023"),
    (
        {"value": 650, "qualifier": "at_least", "qualifier_text": "more than", "scope": "period",
         "period_start": "2022-11-12", "period_end": "2022-11-13"},
        "more than 650 in one day",
    ),
    # a period is shown only for a figure whose scope is a period
    ({"value": 650, "scope": "total", "period_start": "2022-11-12", "period_end": "2022-11-13"}, "650"),
]  # fmt: skip


@pytest.mark.parametrize(("figure", "said"), CASES, ids=[said for _, said in CASES])
def test_a_figure_is_shown_as_it_was_said(figure, said):
    assert as_said(figure) == said


def test_the_cases_cover_every_qualifier_and_scope():
    assert {f.get("qualifier", "exact") for f, _ in CASES} == {q["id"] for q in QUALIFIERS}
    assert {f["scope"] for f, _ in CASES if "scope" in f} == {s["id"] for s in SCOPES}


@pytest.mark.parametrize(
    ("figure", "said"),
    [
        ({"value": 650, "scope": "period", "period_start": "2022-11-12", "period_end": "2022-11-13"}, "650 killed in one day"),
        ({"value": 2000, "value_low": 2000, "value_high": 9000, "qualifier": "vague", "qualifier_text": "a few thousand"},
         "a few thousand (2,000–9,000) killed"),
        ({"value": 100000, "qualifier": "projection"}, "projected: 100,000 killed"),
    ],
)  # fmt: skip
def test_what_a_figure_counts_goes_before_its_period(figure, said):
    assert as_said(figure, "killed") == said


@pytest.mark.parametrize(
    ("sentence", "words", "qualifier"),
    [
        ("The ministry said more than 7,000 soldiers had died.", "more than", "at_least"),
        ("Nearly 1,400 soldiers were killed, it said.", "Nearly", "at_most"),
        ("Officials put the toll at about 3,700.", "about", "approximately"),
        ("He said a few thousand soldiers had died.", "a few thousand", "vague"),
        ("Between 5,000 and 6,000 soldiers died.", None, "range"),  # "between" is no qualifier
        (
            "Losses have topped 100,000, the ministry said.",
            None,
            "at_least",
        ),  # a verb: the vocabulary's words
        ("The ministry said 16,000 soldiers had died.", None, "exact"),
    ],
)
def test_the_qualifier_words_are_read_as_the_text_has_them(sentence, words, qualifier):
    (figure,) = figures.find(sentence, lexicon.load())
    assert (qualifier_text(sentence, figure), figure.qualifier) == (words, qualifier)


def _row(**fields) -> dict:
    row = {
        "id": "c1", "value": 7000, "value_low": None, "value_high": None, "qualifier": "at_least",
        "qualifier_text": "more than", "scope": "total", "period_start": None, "period_end": None,
        "status": "extracted", "curation": None, "curation_reason": None, "original": None,
    } | fields  # fmt: skip
    return row | {"display": as_said(row)}


def _entry(action: str, **values) -> Entry:
    return Entry(id="fix", action=action, fields={"claim": "c1", "set": values, "reason": "test"}, line=1)


def test_a_correction_shows_the_corrected_figure_with_the_words_that_still_hold():
    (row,), _ = curate.apply(curate.Curation(None, [_entry("correct", value=70000)]), [_row()], {})
    assert row["display"] == "more than 70,000"  # the text's "more than" still qualifies it
    (row,), _ = curate.apply(curate.Curation(None, [_entry("correct", qualifier="exact")]), [_row()], {})
    assert (row["qualifier_text"], row["display"]) == (None, "7,000")  # no longer "more than"
    (row,), _ = curate.apply(
        curate.Curation(None, [_entry("correct", qualifier="approximately")]), [_row()], {}
    )
    assert row["display"] == "about 7,000"  # the vocabulary's words, not the text's


# --- caveats ---------------------------------------------------------------------------


def test_every_caveat_reads_from_either_side_and_in_tables():
    for note in (c["id"] for c in CAVEATS):
        for about in ("claim", "counter"):
            (table,) = caveats.read([caveats.caveat(about, note)])
            (own,) = caveats.read([caveats.caveat(about, note)], caveats.from_side("claim"))
            (other,) = caveats.read([caveats.caveat(about, note)], caveats.from_side("counter"))
            expected = "the claim" if about == "claim" else "the counterclaim"
            assert table["text"].startswith(expected + " ")
            # on the page of the pair's claim, the claim is "this claim"; on the counterclaim's, the other
            assert own["text"].startswith("this claim " if about == "claim" else "the counterclaim ")
            assert other["text"].startswith("the counterclaim " if about == "claim" else "this claim ")


def test_a_vague_counterclaim_reads_as_such_on_both_claims_pages():
    stored = caveats.stored(
        [caveats.caveat("counter", "vague"), caveats.caveat("pair", "different_measures")]
    )
    assert json.loads(stored) == [
        {"about": "counter", "note": "vague"},
        {"about": "pair", "note": "different_measures"},
    ]
    words = [
        [c["text"] for c in caveats.read(caveats.loaded(stored), caveats.from_side(side))]
        for side in ("claim", "counter")
    ]
    assert words == [
        [
            "the counterclaim is a vague amount",
            "the two figures count different measures",
        ],  # the exact figure's page
        [
            "this claim is a vague amount",
            "the two figures count different measures",
        ],  # the vague figure's page
    ]
    assert caveats.loaded(None) == [] and caveats.stored([]) is None


def test_an_unknown_caveat_is_refused():
    with pytest.raises(ValueError):
        caveats.caveat("claim", "is doubtful")
    with pytest.raises(ValueError):
        caveats.caveat("left", "vague")


def _group(id: str, side: str, value: int, qualifier: str = "exact", measure: str = "killed") -> dict:
    return {
        "id": id, "claim": f"c{id}", "claimant": None, "claimant_side": side, "subject_side": "russia",
        "population": "military", "measure": measure, "unit": None, "value": value, "value_low": None,
        "value_high": None, "qualifier": qualifier, "as_of": "2022-11-01", "scope": "total",
        "period_start": None, "period_end": None, "place": None,
    }  # fmt: skip


def test_a_pair_stores_its_caveats_by_the_figure_they_are_about():
    # the vague figure is the larger: the claim of the pair
    pair = link.pair(_group("a", "ukraine", 20000, "vague"), _group("b", "russia", 6000), 0)
    assert json.loads(pair["caveats"]) == [{"about": "claim", "note": "vague"}]
    pair = link.pair(_group("a", "ukraine", 100000, "projection"), _group("b", "russia", 6000, "vague"), 0)
    assert json.loads(pair["caveats"]) == [
        {"about": "claim", "note": "projection"},
        {"about": "counter", "note": "vague"},
    ]
    pair = link.pair(
        _group("a", "ukraine", 31000), _group("b", "russia", 383000, measure="killed_or_wounded"), 0
    )
    assert json.loads(pair["caveats"]) == [{"about": "pair", "note": "different_measures"}]
    assert link.pair(_group("a", "ukraine", 31000), _group("b", "russia", 30000), 0)["caveats"] is None


# --- what a build stores ----------------------------------------------------------------


def test_a_build_stores_each_claim_and_group_as_said(tmp_path):
    write_article(
        tmp_path / "in",
        "a.txt",
        "Losses mount\n\nMore than 7,000 Russian soldiers have been killed, Ukraine's General Staff said. "
        "Russia's defence ministry said a few thousand of its soldiers had died.\n",
        meta="published: 2022-04-01\n",
    )
    build([tmp_path / "in"], tmp_path / "c.db", reference_file=None, curation_file=None)
    conn = sqlite3.connect(tmp_path / "c.db")
    claims = conn.execute(
        "SELECT claims.qualifier_text, claims.display, claim_groups.display FROM claims "
        "JOIN claim_groups ON claim_groups.id = claims.claim_group ORDER BY claims.value"
    ).fetchall()
    assert claims == [
        ("a few thousand", "a few thousand (2,000–9,000)", "a few thousand (2,000–9,000)"),
        ("More than", "more than 7,000", "more than 7,000"),
    ]


def test_the_ministry_s_figures_are_shown_as_it_gives_them(seed_conn):
    shown = dict(
        seed_conn.execute(
            "SELECT claims.id, claims.display FROM claims JOIN claim_groups ON claim_groups.claim = claims.id "
            "WHERE claims.id IN ('mod-2022-03-02-personnel', 'mod-2022-03-02-tanks') "
            "AND claim_groups.display = claims.display"
        ).fetchall()
    )
    assert shown == {"mod-2022-03-02-personnel": "about 5,840", "mod-2022-03-02-tanks": "211"}
