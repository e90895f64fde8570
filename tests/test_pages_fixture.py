"""The plugin's pages and their JSON twins on a small database written by hand: three
articles, their sentences, mentions and furniture, three claimants, four claims (one of them
rejected), two claim groups and the counterclaim pair between them. The pages are checked
against these known rows, whatever the extractor would read from the seeds."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import sqlite_utils

from casualty_claims import schema
from casualty_claims.display import as_said
from tests.conftest import site

KYIV = (
    "Zelensky says Russia lost 16,000 soldiers\n\n"
    "KYIV (Fixture News) - President Volodymyr Zelensky said 16,000 Russian soldiers had been killed.\n\n"
    "Read more: our live coverage\n"
)
MOSCOW = (
    "Moscow admits 1,351 dead\n\n"
    "MOSCOW - The Russian Ministry of Defence said 1,351 Russian soldiers had been killed.\n"
)
WIRE = (
    "Zelensky repeats the toll\n\n"
    "Zelensky said 16,000 Russian soldiers had been killed. He withdrew a tally of 900 dead.\n"
)
SUBJECT = "russian-military-deaths"
TEXTS = {"kyiv": KYIV, "moscow": MOSCOW, "wire": WIRE}

# Each table: its columns, then its rows.
SUBJECTS = [
    ("id",                        "title",                     "position", "sides",       "claims", "charted", "pairs"),
    (SUBJECT,                     "Russian military deaths",   0,          '["russia"]',  3,        3,         1),
    ("ukrainian-military-deaths", "Ukrainian military deaths", 1,          '["ukraine"]', 0,        0,         0),
]  # fmt: skip
CLAIMANTS = [
    ("id",                          "name",                        "kind",         "side",    "speaks_for", "claim_count"),
    ("ukraine",                     "Ukraine",                     "country",      "ukraine", None,         0),
    ("volodymyr-zelensky",          "Volodymyr Zelensky",          "person",       "ukraine", "ukraine",    2),
    ("russian-ministry-of-defence", "Russian Ministry of Defence", "organisation", "russia",  None,         1),
]  # fmt: skip
ARTICLES = [
    ("id",     "title",                                     "url",                        "published"),
    ("kyiv",   "Zelensky says Russia lost 16,000 soldiers", "https://example.org/kyiv",   "2022-03-12"),
    ("moscow", "Moscow admits 1,351 dead",                  "https://example.org/moscow", "2022-03-02"),
    ("wire",   "Zelensky repeats the toll",                 "https://example.org/wire",   "2022-03-13"),
]  # fmt: skip
CLAIM_GROUPS = [
    ("id",       "claim",    "claimant",                    "claimant_side", "value", "as_of",      "article_count"),
    ("g-kyiv",   "c-kyiv",   "volodymyr-zelensky",          "ukraine",       16000,   "2022-03-12", 2),
    ("g-moscow", "c-moscow", "russian-ministry-of-defence", "russia",        1351,    "2022-03-02", 1),
]  # fmt: skip
# A claim's figure is the first ``figure_text`` of its sentence (the fixture's sentences are paragraphs).
CLAIMS = [
    ("id",          "article", "figure_text", "claimant",                    "value", "as_of",      "claim_group", "status"),
    ("c-kyiv",      "kyiv",    "16,000",      "volodymyr-zelensky",          16000,   "2022-03-12", "g-kyiv",      "extracted"),
    ("c-moscow",    "moscow",  "1,351",       "russian-ministry-of-defence", 1351,    "2022-03-02", "g-moscow",    "confirmed"),
    ("c-wire",      "wire",    "16,000",      "volodymyr-zelensky",          16000,   "2022-03-12", "g-kyiv",      "extracted"),
    ("c-withdrawn", "wire",    "900",         "volodymyr-zelensky",          900,     "2022-03-13", None,          "rejected"),
]  # fmt: skip
# The one counterclaim pair: Zelensky's 16,000 beside the ministry's 1,351.
PAIR = {
    "id": "pair-1",
    "claim_group": "g-kyiv",
    "counter_group": "g-moscow",
    "claim_id": "c-kyiv",
    "counter_id": "c-moscow",
    "subject_side": "russia",
    "population": "military",
    "measure": "killed",
    "counter_measure": "killed",
    "scope": "total",
    "relation": "compared",
    "comparable": 1,
    "ratio": 11.843,
    "gap_days": 10,
    "subject": SUBJECT,
}
# What every claim and group of the fixture is about.
ABOUT = {
    "subject_side": "russia", "population": "military", "measure": "killed", "qualifier": "exact", "scope": "total",
}  # fmt: skip


def _rows(table: list[tuple], **common) -> list[dict]:
    columns, *rows = table
    return [dict(zip(columns, row, strict=True), **common) for row in rows]


def _span(text: str, part: str, after: str = "") -> tuple[int, int]:
    """Where ``part`` is in ``text``, after the first ``after``."""
    start = text.index(part, text.index(after) if after else 0)
    return start, start + len(part)


def _sentences(article: str, raw: str) -> list[dict]:
    """One sentence per paragraph, the first the headline."""
    rows, start = [], 0
    for position, paragraph in enumerate(raw.split("\n\n")):
        text = paragraph.rstrip("\n")
        rows.append(
            {
                "id": f"{article}:{position}",
                "article": article,
                "position": position,
                "paragraph": position,
                "start": start,
                "end": start + len(text),
                "text": text,
                "is_headline": int(position == 0),
            }
        )
        start += len(paragraph) + 2
    return rows


def _claim(row: dict) -> dict:
    """A claim row of ``CLAIMS``, read in the second sentence of its article."""
    raw = TEXTS[row["article"]]
    sentence = _sentences(row["article"], raw)[1]
    start = raw.index(row["figure_text"], sentence["start"])
    about_the_figure = {
        "sentence": sentence["id"],
        "quote": sentence["text"],
        "span_start": start,
        "span_end": start + len(row["figure_text"]),
        "claimant_text": row["claimant"],
        "mention_count": 1,
        "display": as_said(row),  # as the build shows every figure
    }
    return row | about_the_figure


def _mention(claim: str, article: str, sentence: int, span: tuple[int, int], kind: str) -> dict:
    text = TEXTS[article][span[0] : span[1]]
    return {
        "id": f"{claim}:{span[0]}",
        "claim": claim,
        "article": article,
        "sentence": f"{article}:{sentence}",
        "span_start": span[0],
        "span_end": span[1],
        "text": text,
        "kind": kind,
        "in_furniture": 0,
    }


def write_fixture(path: Path) -> Path:
    """The hand-made database at ``path``, with the build's schema."""
    db = sqlite_utils.Database(path)
    schema.create(db)
    deaths = {"populations": '["military", "unknown"]', "measures": '["killed"]', "with_series": 0}
    db["subjects"].insert_all(_rows(SUBJECTS, **deaths))
    db["claimants"].insert_all(_rows(CLAIMANTS, inferred=0))
    db["claimant_aliases"].insert_all(
        [
            {"id": "zelensky-1", "claimant": "volodymyr-zelensky", "alias": "Zelensky"},
            {"id": "zelensky-2", "claimant": "volodymyr-zelensky", "alias": "Zelenskyy"},
        ]
    )
    published = {"outlet": "Fixture News", "published_precision": "day", "published_method": "metadata"}
    for article in _rows(ARTICLES, **published):
        raw = TEXTS[article["id"]]
        db["articles"].insert(article | {"path": f"fixture/{article['id']}.txt"})
        db["article_texts"].insert({"id": article["id"], "raw_text": raw, "cleaned_text": raw})
        db["sentences"].insert_all(_sentences(article["id"], raw))
    furniture = _span(KYIV, "Read more: our live coverage")
    db["furniture"].insert(
        {
            "id": "kyiv-furniture",
            "article": "kyiv",
            "start": furniture[0],
            "end": furniture[1],
            "reason": "check-also",
        }
    )
    groups = _rows(CLAIM_GROUPS, **ABOUT, origin="news")
    db["claim_groups"].insert_all(
        g | {"first_reported": g["as_of"], "claim_count": g["article_count"], "display": as_said(g)}
        for g in groups
    )
    dated = {"as_of_precision": "day", "as_of_method": "publication date"}
    claims = _rows(CLAIMS, **ABOUT, **dated, subject=SUBJECT, origin="news", attribution="verb", in_quote=0)
    db["claims"].insert_all(_claim(claim) for claim in claims)
    db["mentions"].insert_all(
        [
            _mention("c-kyiv", "kyiv", 0, _span(KYIV, "16,000"), "repeat"),
            _mention("c-kyiv", "kyiv", 1, _span(KYIV, "16,000", "Zelensky said"), "reading"),
            _mention("c-moscow", "moscow", 1, _span(MOSCOW, "1,351", "MOSCOW"), "reading"),
        ]
    )
    db["counterclaims"].insert(PAIR)
    db.close()
    return path


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    # named claims.db: the database is "claims", as the published site's
    return write_fixture(tmp_path_factory.mktemp("fixture") / "claims.db")


@pytest.fixture
def served(fixture_db, metadata):
    return site(fixture_db, metadata)


def _chart_values(page: str) -> dict[str, set[str]]:
    """The ids of the claims each chart of ``page`` draws."""
    specs = re.findall(r'<script type="application/json" id="spec-([\w-]+)">(.*?)</script>', page, re.S)
    return {name: {value["id"] for value in json.loads(spec)["data"]["values"]} for name, spec in specs}


def test_the_fixture_has_the_build_schema_and_sound_keys(fixture_db):
    db = sqlite_utils.Database(fixture_db)
    assert set(schema.TABLES) <= set(db.table_names())
    assert list(db.execute("PRAGMA foreign_key_check")) == []


@pytest.mark.asyncio
async def test_contested_lists_subjects_with_claims_and_their_pairs(served):
    data = (await served.client.get("/-/contested.json")).json()
    (subject,) = data["subjects"]  # the subject without claims is left out
    assert subject["slug"] == SUBJECT and subject["claim_count"] == 3 and subject["undated"] == 0
    assert [c["id"] for c in subject["claims"]] == ["c-moscow", "c-wire", "c-kyiv"]  # oldest first
    (pair,) = subject["pairs"]
    assert (pair["claim_value"], pair["counter_value"], pair["ratio"]) == (16000, 1351, 11.843)
    assert (pair["claim_page"], pair["counter_page"]) == ("/-/claim/c-kyiv", "/-/claim/c-moscow")

    page = (await served.client.get("/-/contested")).text
    assert _chart_values(page) == {f"{SUBJECT}-russia-military": {"c-moscow", "c-wire", "c-kyiv"}}
    assert 'href="/-/claim/c-kyiv"' in page and "11.8×" in page
    assert "c-withdrawn" not in page and "Ukrainian military deaths" not in page


@pytest.mark.asyncio
async def test_claim_page_shows_the_figure_in_its_sentence_with_counterclaims(served):
    page = (await served.client.get("/-/claim/c-kyiv")).text
    sentence = (
        "KYIV (Fixture News) - President Volodymyr Zelensky said 16,000 Russian soldiers had been killed."
    )
    assert '<mark class="cc-figure">16,000</mark>' in page
    assert '<strong class="cc-sentence">' in page
    assert 'href="/-/claimant/volodymyr-zelensky"' in page and 'href="/-/claim/c-moscow"' in page
    assert "claim c-kyiv, http://localhost/-/claim/c-kyiv" in html.unescape(page)

    data = (await served.client.get("/-/claim/c-kyiv.json")).json()
    claim = data["claim"]
    assert (claim["value"], claim["claimant"], claim["figure"]) == (
        16000,
        "Volodymyr Zelensky",
        "16,000 killed",
    )
    assert claim["sentence"] == sentence
    assert claim["span"] == dict(zip(("start", "end"), _span(KYIV, "16,000", "Zelensky said"), strict=True))
    assert claim["article_page"] == "/-/article/kyiv" and claim["article_url"] == "https://example.org/kyiv"
    assert [c["id"] for c in data["reported_by"]] == ["c-kyiv", "c-wire"]  # by publication date
    assert [(c["other_claim"], c["value"], c["page"]) for c in data["counterclaims"]] == [
        ("c-moscow", 1351, "/-/claim/c-moscow")
    ]
    assert data["reference_check"] is None
    assert data["citation"].startswith("Volodymyr Zelensky, claim of 16,000 killed (Russian military)")
    assert data["citation"].endswith("casualty-claims, claim c-kyiv, http://localhost/-/claim/c-kyiv")


@pytest.mark.asyncio
async def test_a_rejected_claim_keeps_its_page_but_leaves_the_lists(served):
    data = (await served.client.get("/-/claim/c-withdrawn.json")).json()
    assert data["claim"]["status"] == "rejected" and data["reported_by"] == []
    for path in ("/-/article/wire.json", "/-/claimant/volodymyr-zelensky.json"):
        assert "c-withdrawn" not in {c["id"] for c in (await served.client.get(path)).json()["claims"]}, path


@pytest.mark.asyncio
async def test_article_page_links_every_mention_and_collapses_furniture(served):
    page = (await served.client.get("/-/article/kyiv")).text
    assert re.findall(r'<a class="cc-figure-link" href="/-/claim/([\w-]+)"', page) == ["c-kyiv", "c-kyiv"]
    assert page.count('<details class="cc-furniture">') == 1
    assert "<h1>Zelensky says Russia lost 16,000 soldiers</h1>" in page

    data = (await served.client.get("/-/article/kyiv.json")).json()
    assert data["article"]["url"] == "https://example.org/kyiv"
    assert data["article"]["published"] == {"date": "2022-03-12", "precision": "day", "method": "metadata"}
    assert [(m["claim"], m["kind"]) for m in data["mentions"]] == [
        ("c-kyiv", "repeat"),
        ("c-kyiv", "reading"),
    ]
    start, end = _span(KYIV, "Read more: our live coverage")
    assert data["furniture"] == [{"start": start, "end": end, "reason": "check-also"}]
    assert [c["id"] for c in data["claims"]] == ["c-kyiv"]
    assert "blocks" not in data


@pytest.mark.asyncio
async def test_claimant_page_lists_and_charts_its_claims(served):
    page = (await served.client.get("/-/claimant/volodymyr-zelensky")).text
    assert 'href="/-/claim/c-kyiv"' in page and 'href="/-/claim/c-wire"' in page
    assert _chart_values(page) == {"claimant-russia-military-killed": {"c-kyiv", "c-wire"}}

    data = (await served.client.get("/-/claimant/volodymyr-zelensky.json")).json()
    claimant = data["claimant"]
    assert (claimant["side"], claimant["side_label"], claimant["kind"]) == ("ukraine", "Ukraine", "person")
    assert claimant["aliases"] == ["Zelensky", "Zelenskyy"]
    assert claimant["speaks_for"] == {"id": "ukraine", "name": "Ukraine", "page": "/-/claimant/ukraine"}
    assert [c["id"] for c in data["claims"]] == ["c-wire", "c-kyiv"]  # oldest first, ties by id reversed
    assert (data["claim_count"], data["reported_count"], data["undated"]) == (2, 0, 0)


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/-/claim/c-nothing", "/-/article/nowhere", "/-/claimant/nobody"])
async def test_unknown_ids_are_not_found(served, path):
    assert (await served.client.get(path)).status_code == 404
    assert (await served.client.get(path + ".json")).status_code == 404


@pytest.mark.asyncio
async def test_tables_link_ids_to_pages_and_label_sides(served):
    page = (await served.client.get("/claims/claims?id=c-kyiv")).text
    assert '<a href="/-/claimant/volodymyr-zelensky">Volodymyr Zelensky</a>' in page
    assert '<span class="cc-label cc-subject_side" title="russia">Russia</span>' in page
    assert '<span class="cc-label cc-measure" title="killed">killed</span>' in page
    flat = (await served.client.get("/claims/claims_flat?claim_id=c-kyiv")).text
    assert '<a href="/-/claim/c-kyiv">c-kyiv</a>' in flat
    row = (await served.client.get("/claims/claims/c-kyiv")).text
    assert '<a href="/-/claim/c-kyiv">Read this claim on its page</a>' in row
