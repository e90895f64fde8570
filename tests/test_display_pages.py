"""Every page, table, feed and JSON answer shows a figure as it was said, and a pair's caveats
from the reader's side. The hand-made database of test_pages_fixture, with one more article of
figures that are not plain counts: a vague amount, a projection written in words, a bound and a
day's losses, and two pairs with caveats."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import sqlite_utils

from casualty_claims import caveats
from casualty_claims.display import as_said
from tests.conftest import site
from tests.test_pages_fixture import SUBJECT, _sentences, write_fixture

ESTIMATES = (
    "Estimates differ\n\n"
    "A Moscow daily wrote that a few thousand Russian soldiers had died.\n\n"
    "Zelensky warned that Russia could lose a hundred thousand soldiers by the summer.\n\n"
    "He said more than 7,000 Russian soldiers had been killed, 650 of them in the past day.\n"
)
# (id, sentence, figure as written, claimant, its side, the figure's columns)
FIGURES = [
    ("c-vague", 1, "a few thousand", "russian-ministry-of-defence", "russia",
     {"value": 2000, "value_low": 2000, "value_high": 9000, "qualifier": "vague", "qualifier_text": "a few thousand"}),
    ("c-projection", 2, "a hundred thousand", "volodymyr-zelensky", "ukraine",
     {"value": 100000, "qualifier": "projection"}),
    ("c-more", 3, "7,000", "volodymyr-zelensky", "ukraine",
     {"value": 7000, "qualifier": "at_least", "qualifier_text": "more than"}),
    ("c-day", 3, "650", "volodymyr-zelensky", "ukraine",
     {"value": 650, "qualifier": "exact", "scope": "period", "period_start": "2022-03-11", "period_end": "2022-03-12"}),
]  # fmt: skip
# Zelensky's 16,000 beside the vague amount (the counterclaim), and his projection beside the
# ministry's 1,351 (the projection is the claim): context, with no ratio.
PAIRS = [
    ("pair-vague", "g-kyiv", "g-c-vague", "c-kyiv", "c-vague", [caveats.caveat("counter", "vague")]),
    ("pair-projection", "g-c-projection", "g-moscow", "c-projection", "c-moscow", [caveats.caveat("claim", "projection")]),
]  # fmt: skip
ABOUT = {"subject_side": "russia", "population": "military", "measure": "killed", "subject": SUBJECT}


def _figure_rows(db: sqlite_utils.Database) -> None:
    sentences = _sentences("estimates", ESTIMATES)
    for id, position, written, claimant, side, columns in FIGURES:
        sentence = sentences[position]
        start = ESTIMATES.index(written, sentence["start"])
        claim = {"value_low": None, "value_high": None, "qualifier_text": None, "scope": "total"} | columns
        claim |= {"display": as_said(claim), "as_of": "2022-03-12", **ABOUT}
        db["claims"].insert(
            claim | {
                "id": id, "article": "estimates", "sentence": sentence["id"], "claimant": claimant,
                "claimant_text": claimant, "figure_text": written, "quote": sentence["text"],
                "span_start": start, "span_end": start + len(written), "claim_group": f"g-{id}",
                "status": "extracted", "origin": "news", "attribution": "verb", "in_quote": 0,
                "mention_count": 1, "as_of_precision": "day", "as_of_method": "publication date",
            }
        )  # fmt: skip
        db["claim_groups"].insert(
            {key: claim[key] for key in ("value", "value_low", "value_high", "qualifier", "display", "as_of")}
            | {"id": f"g-{id}", "claim": id, "claimant": claimant, "claimant_side": side, "origin": "news"}
            | {"article_count": 1, "claim_count": 1, "first_reported": "2022-03-12"}
            | {key: ABOUT[key] for key in ("subject_side", "population", "measure")}
        )
        db["mentions"].insert(
            {
                "id": f"{id}:{start}", "claim": id, "article": "estimates", "sentence": sentence["id"],
                "span_start": start, "span_end": start + len(written), "text": written, "kind": "reading",
                "in_furniture": 0,
            }
        )  # fmt: skip


def write_estimates(path: Path) -> Path:
    write_fixture(path)
    db = sqlite_utils.Database(path)
    db["articles"].insert(
        {
            "id": "estimates", "title": "Estimates differ", "url": "https://example.org/estimates",
            "published": "2022-03-12", "outlet": "Fixture News", "published_precision": "day",
            "published_method": "metadata", "path": "fixture/estimates.txt",
        }
    )  # fmt: skip
    db["article_texts"].insert({"id": "estimates", "raw_text": ESTIMATES, "cleaned_text": ESTIMATES})
    db["sentences"].insert_all(_sentences("estimates", ESTIMATES))
    _figure_rows(db)
    for id, claim_group, counter_group, claim_id, counter_id, notes in PAIRS:
        db["counterclaims"].insert(
            {
                "id": id, "claim_group": claim_group, "counter_group": counter_group, "claim_id": claim_id,
                "counter_id": counter_id, "counter_measure": "killed", "relation": "context", "comparable": 0,
                "ratio": None,
                "gap_days": 10, "caveats": caveats.stored(notes), **ABOUT,
            }
        )  # fmt: skip
    db["subjects"].update(SUBJECT, {"claims": 7, "charted": 7, "pairs": 3})
    db.close()
    return path


@pytest.fixture(scope="module")
def estimates_db(tmp_path_factory) -> Path:
    return write_estimates(tmp_path_factory.mktemp("estimates") / "claims.db")


@pytest.fixture
def served(estimates_db, metadata):
    return site(estimates_db, metadata)


PAGES = [
    "/-/contested",
    "/-/claim/c-vague",
    "/-/claim/c-projection",
    "/-/claim/c-more",
    "/-/claim/c-day",
    "/-/claim/c-kyiv",
    "/-/claim/c-moscow",
    "/-/article/estimates",
    "/-/claimant/volodymyr-zelensky",
    "/-/claimant/russian-ministry-of-defence",
    "/claims/largest_disparities",
    "/claims/claims_by_claimant?claimant=volodymyr-zelensky",
    "/claims/subject_timeline?subject_side=russia&measure=killed",
    "/claims/most_reported_figures",
    "/claims/claims_between?from=2022-03-01&to=2022-03-31",
    "/claims/newest_claims_atom",
    "/claims/newest_claims_atom.atom",
]
# A bare 2,000 is "a few thousand" shown as a count; a bare 100,000, a projection; a bare 7,000,
# a bound. Each may appear only as part of what was said, or quoted as written (“7,000”).
BARE = {
    "2,000": re.compile(r"(?<![\d,“])2,000(?![\d,]|–9,000)"),
    "100,000": re.compile(r"(?<!projected: )(?<![\d,“])100,000(?![\d,])"),
    "7,000": re.compile(r"(?<!more than )(?<![\d,“])7,000(?![\d,”])"),
}


# The words of the articles, as written, which a page quotes: not figures the site shows.
AS_WRITTEN = {"figure_text", "quote", "sentence", "text", "paragraph_html", "raw_text", "title"}
TAG = re.compile(r"<[^>]*>")
ATTRIBUTE = re.compile(r'(?:title|aria-label)="([^"]*)"')


def _text(page: str) -> str:
    """What a reader sees of a page: its text (scripts' chart specs too) and its hover titles."""
    return html.unescape("\n".join([TAG.sub("", page), *ATTRIBUTE.findall(page)]))


def _strings(data, key: str | None = None):
    """The strings of a JSON answer, but the article's own words."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _strings(value, name)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, key)
    elif isinstance(data, str) and key not in AS_WRITTEN:
        yield data


@pytest.mark.asyncio
@pytest.mark.parametrize("path", PAGES)
async def test_no_page_shows_a_figure_otherwise_than_as_said(served, path):
    json_path = (
        path.replace("?", ".json?_shape=objects&", 1) if "?" in path else path + ".json?_shape=objects"
    )
    for url in (path, None if path.endswith(".atom") else json_path):
        if url is None:
            continue
        response = await served.client.get(url)
        assert response.status_code == 200, url
        shown = "\n".join(_strings(response.json())) if ".json" in url else _text(response.text)
        for bare, pattern in BARE.items():
            found = pattern.search(shown)
            assert not found, (
                f"{url} shows {bare} bare: {shown[max(0, found.start() - 60) : found.end() + 20]!r}"
            )


@pytest.mark.asyncio
async def test_pages_and_their_json_show_each_figure_as_said(served):
    contested = (await served.client.get("/-/contested.json")).json()
    (subject,) = contested["subjects"]
    figures = {c["id"]: c["figure"] for c in subject["claims"]}
    assert figures["c-vague"] == "a few thousand (2,000–9,000) killed"
    assert figures["c-projection"] == "projected: 100,000 killed"
    assert figures["c-more"] == "more than 7,000 killed"
    assert figures["c-day"] == "650 killed in one day"
    shown = {(p["claim_display"], p["counter_display"]) for p in subject["pairs"]}
    assert {("16,000", "a few thousand (2,000–9,000)"), ("projected: 100,000", "1,351")} <= shown
    page = html.unescape((await served.client.get("/-/contested")).text)
    assert ">a few thousand (2,000–9,000)</a> by" in page and ">projected: 100,000</a> by" in page
    # the chart's tooltips
    spec = json.loads(
        re.search(r'<script type="application/json" id="spec-[\w-]+">(.*?)</script>', page, re.S)[1]
    )
    tooltips = {value["id"]: value["figure"] for value in spec["data"]["values"]}
    assert tooltips["c-vague"] == "a few thousand (2,000–9,000) killed"

    claim = (await served.client.get("/-/claim/c-day.json")).json()["claim"]
    assert (claim["value"], claim["display"], claim["figure"]) == (
        650,
        "650 in one day",
        "650 killed in one day",
    )
    assert "<h1>Volodymyr Zelensky: 650 killed in one day" in (await served.client.get("/-/claim/c-day")).text
    counters = (await served.client.get("/-/claim/c-kyiv.json")).json()["counterclaims"]
    vague = next(c for c in counters if c["other_claim"] == "c-vague")
    assert (vague["value"], vague["display"], vague["figure"]) == (
        2000,
        "a few thousand (2,000–9,000)",
        "a few thousand (2,000–9,000) killed",
    )


@pytest.mark.asyncio
async def test_the_article_page_titles_each_figure_as_said(served):
    page = html.unescape((await served.client.get("/-/article/estimates")).text)
    titles = re.findall(r'class="cc-figure-link" href="/-/claim/([\w-]+)" title="([^"]*)"', page)
    assert dict(titles) == {
        "c-vague": "Russian Ministry of Defence: a few thousand (2,000–9,000) killed",
        "c-projection": "Volodymyr Zelensky: projected: 100,000 killed",
        "c-more": "Volodymyr Zelensky: more than 7,000 killed",
        "c-day": "Volodymyr Zelensky: 650 killed in one day",
    }


@pytest.mark.asyncio
async def test_the_feed_and_the_queries_show_each_figure_as_said(served):
    feed = html.unescape((await served.client.get("/claims/newest_claims_atom.atom")).text)
    titles = set(re.findall(r"<title>([^<]*)</title>", feed))
    assert {
        "Russian Ministry of Defence: a few thousand (2,000–9,000) killed (Russian military), as of 2022-03-12",
        "Volodymyr Zelensky: projected: 100,000 killed (Russian military), as of 2022-03-12",
        "Volodymyr Zelensky: 650 killed in one day (Russian military), as of 2022-03-12",
    } <= titles
    rows = (
        await served.client.get("/claims/claims_by_claimant.json?_shape=objects&claimant=volodymyr-zelensky")
    ).json()
    assert {row["claim_id"]: row["display"] for row in rows["rows"]}["c-more"] == "more than 7,000"
    rows = (await served.client.get("/claims/most_reported_figures.json?_shape=objects")).json()["rows"]
    assert {row["display"] for row in rows} >= {"projected: 100,000", "650 in one day"}


@pytest.mark.asyncio
async def test_a_claim_page_reads_the_caveats_from_its_own_side(served):
    # the exact figure's page: the other figure is the vague one
    exact = (await served.client.get("/-/claim/c-kyiv.json")).json()["counterclaims"]
    vague = next(c for c in exact if c["other_claim"] == "c-vague")
    assert vague["caveats"] == [
        {"about": "counter", "note": "vague", "text": "the counterclaim is a vague amount"}
    ]
    assert "(the counterclaim is a vague amount)" in (await served.client.get("/-/claim/c-kyiv")).text
    # the vague figure's page: it is this claim that is vague
    (other,) = (await served.client.get("/-/claim/c-vague.json")).json()["counterclaims"]
    assert other["caveats"] == [{"about": "counter", "note": "vague", "text": "this claim is a vague amount"}]
    assert "(this claim is a vague amount)" in (await served.client.get("/-/claim/c-vague")).text
    # the projection is the pair's claim: its counterclaim's page names it "the counterclaim"
    (projected,) = [
        c
        for c in (await served.client.get("/-/claim/c-moscow.json")).json()["counterclaims"]
        if c["other_claim"] == "c-projection"
    ]
    assert [c["text"] for c in projected["caveats"]] == ["the counterclaim is a projection"]
    (own,) = (await served.client.get("/-/claim/c-projection.json")).json()["counterclaims"]
    assert [c["text"] for c in own["caveats"]] == ["this claim is a projection"]


@pytest.mark.asyncio
async def test_tables_read_the_caveats_by_their_columns(served):
    contested = (await served.client.get("/-/contested")).text
    assert "<td>the counterclaim is a vague amount</td>" in contested
    assert "<td>the claim is a projection</td>" in contested
    (pair,) = [
        p
        for p in (await served.client.get("/-/contested.json")).json()["subjects"][0]["pairs"]
        if p["pair_id"] == "pair-vague"
    ]
    assert pair["caveats"] == [
        {"about": "counter", "note": "vague", "text": "the counterclaim is a vague amount"}
    ]
    for path in ("/claims/counterclaims_flat", "/claims/counterclaims", "/claims/largest_disparities"):
        page = (await served.client.get(path)).text
        if path.endswith("disparities"):  # compared pairs only: the fixture's one has no caveat
            assert "vague amount" not in page
            continue
        assert "the counterclaim is a vague amount</span>" in page, path
        assert "the claim is a projection</span>" in page, path
    # the JSON API keeps the stored list, as metadata.yml documents it
    rows = (await served.client.get("/claims/counterclaims.json?_shape=objects&id=pair-vague")).json()["rows"]
    assert json.loads(rows[0]["caveats"]) == [{"about": "counter", "note": "vague"}]
