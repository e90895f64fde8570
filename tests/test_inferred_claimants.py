"""Claimants the grammar infers from the text (not in the lexicon) and the parties that
report a claimant's figure (via): stored once however many articles name them, gone
when no claim names them, linked by their side, merged by curation, shown on the pages.

The grammar is stood in for where it does not yet infer: ``inferring`` reads the
articles as the grammar does and then credits the figures of sentences holding a
phrase of ``SPEAKERS`` to the claimants it gives, as the grammar would."""

from __future__ import annotations

import html
import sqlite3
from dataclasses import replace

import pytest

from casualty_claims import claims as grammar
from casualty_claims import relink
from casualty_claims.cli import build
from casualty_claims.curate import CurationError
from casualty_claims.lexicon import Claimant
from tests.conftest import ROOT, write_article
from tests.test_build import dump


def inferred(id: str, name: str, kind: str, side: str) -> Claimant:
    return Claimant(
        id=id, name=name, kind=kind, side=side, speaks_for=None, roles=(), aliases=(), inferred=True
    )


LITHUANIAN_MOD = inferred(
    "lithuanian-defence-ministry", "Lithuanian defence ministry", "organisation", "third_party"
)
BORDER_GUARD = inferred(
    "ukrainian-border-guard-service", "Ukrainian border guard service", "organisation", "ukraine"
)
BALTIC_TIMES = inferred("baltic-times", "Baltic Times", "outlet", "third_party")
LITHUANIAN_MOD_CAPITALISED = replace(LITHUANIAN_MOD, name="Lithuanian Defence Ministry")
# the same words in capitals, read (say) as giving no side
BORDER_GUARD_SHOUTED = replace(BORDER_GUARD, name="UKRAINIAN BORDER GUARD SERVICE", side="unknown")
RUSSIAN_BORDER = inferred("russian-border-service", "Russian border service", "organisation", "russia")
TRUTH = inferred(
    "ministry-of-truth", 'Ministry <script>alert("x")</script> of Truth', "organisation", "unknown"
)
# phrase in a sentence: (the claimant it names, the party reporting the figure)
SPEAKERS = {
    "The Baltic Times, citing the Lithuanian defence ministry": (LITHUANIAN_MOD, BALTIC_TIMES),
    "the Lithuanian defence ministry": (LITHUANIAN_MOD, None),
    "the Lithuanian Defence Ministry": (LITHUANIAN_MOD_CAPITALISED, None),
    "The Ukrainian border guard service": (BORDER_GUARD, None),
    "Ministry of Truth": (TRUTH, None),
    "The Russian border service": (RUSSIAN_BORDER, None),
    "THE UKRAINIAN BORDER GUARD SERVICE": (BORDER_GUARD_SHOUTED, None),
}


@pytest.fixture
def inferring(monkeypatch):
    real = grammar.read

    def read(sentences, published, lexicon, outlet=None):
        readings = []
        for reading in real(sentences, published, lexicon, outlet):
            phrase = next((p for p in SPEAKERS if p in reading.sentence.text), None)
            if phrase:
                claimant, via = SPEAKERS[phrase]
                reading = replace(
                    reading, claimant=claimant, claimant_text=phrase, attribution="verb", via=via
                )
            readings.append(reading)
        return readings

    monkeypatch.setattr(grammar, "read", read)


BALTIC = "Baltic report\n\nThe Baltic Times, citing the Lithuanian defence ministry, said 700 Russian soldiers were wounded.\n"
VILNIUS = (
    "Vilnius briefing\n\nOn Tuesday the Lithuanian defence ministry said 500 Russian soldiers were killed.\n"
)
KLAIPEDA = "Klaipeda briefing\n\nIn a statement the Lithuanian defence ministry said 640 Russian soldiers were killed.\n"
SUMY = (
    "Sumy border\n\n"
    "The Ukrainian border guard service said 120 Ukrainian soldiers were killed near Sumy.\n\n"
    "Russia's defence ministry said 900 Ukrainian soldiers were killed near Sumy.\n"
)
MEDIA = "Odd claims\n\nThe Ministry of Truth said 300 Russian soldiers were killed.\n"
ARTICLES = {"baltic": BALTIC, "vilnius": VILNIUS, "klaipeda": KLAIPEDA, "sumy": SUMY, "media": MEDIA}


def write_corpus(folder, fillers: int = 0) -> None:
    for name, text in ARTICLES.items():
        write_article(folder, f"{name}.txt", text, "published: 2023-05-10\n")
    for n in range(fillers):  # articles that name no inferred claimant
        write_article(
            folder, f"filler-{n:02d}.txt", f"Update {n}\n\nKyiv said {1000 + n} Russian soldiers had died.\n",
            "published: 2023-05-10\n",
        )  # fmt: skip


def _connect(path):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def _build(folder, db, curation=None, **options):
    return build([folder], db, reference_file=None, curation_file=curation, **options)


@pytest.fixture
def built(tmp_path, inferring):
    write_corpus(tmp_path / "in")
    _build(tmp_path / "in", tmp_path / "claims.db", jobs=1)
    return tmp_path / "claims.db"


def claimant(conn, id: str):
    return conn.execute("SELECT * FROM claimants WHERE id = ?", [id]).fetchone()


# --- the store ------------------------------------------------------------------------


def test_an_inferred_claimant_is_stored_once_with_its_side_and_kind(built):
    conn = _connect(built)
    row = claimant(conn, LITHUANIAN_MOD.id)
    assert (row["name"], row["kind"], row["side"], row["inferred"], row["claim_count"]) == (
        "Lithuanian defence ministry", "organisation", "third_party", 1, 3,
    )  # fmt: skip
    assert claimant(conn, "russian-ministry-of-defence")["inferred"] == 0
    assert conn.execute("SELECT count(*) FROM claimants WHERE inferred = 1").fetchone()[0] == 4
    assert (
        conn.execute(
            "SELECT count(*) FROM claimant_aliases WHERE claimant = ?", [LITHUANIAN_MOD.id]
        ).fetchone()[0]
        == 0
    )
    build_row = conn.execute("SELECT claimants FROM build").fetchone()[0]
    assert (
        build_row
        == conn.execute("SELECT count(DISTINCT claimant) FROM claims WHERE origin = 'news'").fetchone()[0]
    )


def test_the_reporting_party_is_kept_as_via(built):
    conn = _connect(built)
    row = conn.execute("SELECT * FROM claims WHERE value = 700").fetchone()
    assert (row["claimant"], row["via"]) == (LITHUANIAN_MOD.id, BALTIC_TIMES.id)
    assert claimant(conn, BALTIC_TIMES.id)["claim_count"] == 0  # it reports; the claims are the ministry's
    flat = conn.execute("SELECT claimant, claimant_side, via FROM claims_flat WHERE value = 700").fetchone()
    assert tuple(flat) == ("Lithuanian defence ministry", "third_party", "Baltic Times")
    assert conn.execute("SELECT via FROM claims_flat WHERE value = 500").fetchone()[0] is None


def test_an_inferred_claimant_is_linked_by_the_side_its_words_give(built):
    conn = _connect(built)
    group = conn.execute(
        "SELECT claim_groups.* FROM claim_groups JOIN claims ON claims.claim_group = claim_groups.id "
        "WHERE claims.value = 120"
    ).fetchone()
    assert (group["claimant"], group["claimant_side"]) == (BORDER_GUARD.id, "ukraine")
    pairs = conn.execute("SELECT claim_value, counter_value FROM counterclaims_flat").fetchall()
    assert {120, 900} in [set(p) for p in pairs]


def test_a_group_speaks_through_a_claimant_of_the_lexicon_before_an_inferred_one(inferring, tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder)
    border = (
        "Border report\n\nThe Russian border service said 900 Ukrainian soldiers were killed near Sumy.\n"
    )
    write_article(folder, "015-border.txt", border, "published: 2023-05-10\n")  # its claim id wins a tie
    _build(folder, tmp_path / "claims.db", jobs=1)
    conn = _connect(tmp_path / "claims.db")
    groups = conn.execute(
        "SELECT DISTINCT claim_groups.claimant, claim_groups.claimant_side, claim_groups.article_count"
        " FROM claims JOIN claim_groups ON claim_groups.id = claims.claim_group WHERE claims.value = 900"
    ).fetchall()
    assert [tuple(g) for g in groups] == [("russian-ministry-of-defence", "russia", 2)]


def test_rows_of_an_article_carry_the_inferred_claimants_its_claims_name(inferring, tmp_path):
    from casualty_claims import lexicon
    from casualty_claims.clean import FurnitureRules
    from casualty_claims.pipeline import curated_rows, process
    from casualty_claims.read import Article

    lex = lexicon.load()
    article = Article(id="baltic", path=ROOT / "baltic.txt", raw=BALTIC, sha256="")
    rows, _ = curated_rows(process(article, lex, FurnitureRules(lex)), lex, None)
    assert [c["id"] for c in rows["claimants"]] == [BALTIC_TIMES.id, LITHUANIAN_MOD.id]
    assert {c["inferred"] for c in rows["claimants"]} == {1}


# --- incremental and parallel builds ----------------------------------------------------


@pytest.mark.parametrize("fillers, forbidden", [(40, "relink_all"), (0, "relink_changes")])
def test_a_rebuild_drops_the_claimants_no_claim_names_any_more(
    inferring, tmp_path, monkeypatch, fillers, forbidden
):
    """With few changes (linking redone where they are) and with many (redone whole)."""
    folder, db = tmp_path / "in", tmp_path / "claims.db"
    write_corpus(folder, fillers)
    _build(folder, db, jobs=1)
    (folder / "baltic.txt").unlink()  # the only article the Baltic Times reports in
    (folder / "vilnius.txt").write_text("Vilnius briefing\n\nKyiv said 77 Russian soldiers had died.\n")
    (folder / "media.txt").write_text(MEDIA.replace("300", "310"))  # the same claimant again
    with monkeypatch.context() as patched:
        patched.setattr(relink, forbidden, lambda *args: pytest.fail(f"{forbidden} ran"))
        _build(folder, db, jobs=1)
    _build(folder, tmp_path / "full.db", jobs=1, full=True)
    assert dump(db) == dump(tmp_path / "full.db")
    conn = _connect(db)
    assert claimant(conn, BALTIC_TIMES.id) is None
    assert claimant(conn, LITHUANIAN_MOD.id)["claim_count"] == 1
    assert claimant(conn, TRUTH.id)["claim_count"] == 1
    (folder / "klaipeda.txt").unlink()  # the last article naming the ministry
    _build(folder, db, jobs=1)
    assert claimant(_connect(db), LITHUANIAN_MOD.id) is None
    assert _connect(db).execute("PRAGMA foreign_key_check").fetchall() == []


def test_an_inferred_claimant_reads_as_most_articles_name_it(inferring, tmp_path):
    """Whichever article came first, and whichever went since."""
    folder, db = tmp_path / "in", tmp_path / "claims.db"
    write_corpus(folder, 40)
    kaunas = "Kaunas briefing\n\nOn Monday the Lithuanian Defence Ministry said 820 Russian soldiers were killed.\n"
    write_article(folder, "000-kaunas.txt", kaunas, "published: 2023-05-10\n")  # read first
    _build(folder, db, jobs=1)
    conn = _connect(db)
    assert claimant(conn, LITHUANIAN_MOD.id)["name"] == "Lithuanian defence ministry"  # three articles to one
    variants = conn.execute(
        "SELECT article, name FROM claimant_variants WHERE claimant = ?", [LITHUANIAN_MOD.id]
    )
    assert sorted(map(tuple, variants)) == [
        ("000-kaunas", "Lithuanian Defence Ministry"), ("baltic", "Lithuanian defence ministry"),
        ("klaipeda", "Lithuanian defence ministry"), ("vilnius", "Lithuanian defence ministry"),
    ]  # fmt: skip
    for name in ("baltic", "vilnius"):
        (folder / f"{name}.txt").unlink()
    _build(folder, db, jobs=1)
    _build(folder, tmp_path / "full.db", jobs=1, full=True)
    assert dump(db) == dump(tmp_path / "full.db")
    assert (
        claimant(_connect(db), LITHUANIAN_MOD.id)["name"] == "Lithuanian Defence Ministry"
    )  # a tie: by the words


def checks_of(conn, id: str) -> int:
    return conn.execute(
        "SELECT count(*) FROM reference_checks JOIN claims ON claims.id = reference_checks.claim"
        " WHERE claims.claimant = ?", [id]
    ).fetchone()[0]  # fmt: skip


def test_claims_in_unchanged_articles_are_linked_anew_when_their_claimants_side_changes(
    inferring, tmp_path, monkeypatch
):
    """Most articles named the border guards in words that give no side; once those go,
    the side is Ukraine's, and the claims of the articles left, unchanged, pair and are
    checked against the reference series as a Ukrainian claimant's."""
    folder, db = tmp_path / "in", tmp_path / "claims.db"
    write_corpus(folder, 40)
    shouted = "THE UKRAINIAN BORDER GUARD SERVICE said {} Russian soldiers were killed.\n"
    write_article(folder, "sumy.txt", SUMY + "\nThe Ukrainian border guard service said 16,000 Russian troops were killed.\n",
                  "published: 2022-03-12\n")  # fmt: skip
    for n in range(2):
        write_article(
            folder, f"shouted-{n}.txt", "Alert\n\n" + shouted.format(30 + n), "published: 2023-05-10\n"
        )
    build([folder], db, curation_file=None, jobs=1)
    conn = _connect(db)
    assert claimant(conn, BORDER_GUARD.id)["side"] == "unknown"
    assert checks_of(conn, BORDER_GUARD.id) == 0
    for n in range(2):
        (folder / f"shouted-{n}.txt").unlink()
    with monkeypatch.context() as patched:
        patched.setattr(relink, "relink_all", lambda *args: pytest.fail("every claim was relinked"))
        build([folder], db, curation_file=None, jobs=1)
    build([folder], tmp_path / "full.db", curation_file=None, jobs=1, full=True)
    assert dump(db) == dump(tmp_path / "full.db")
    conn = _connect(db)
    assert claimant(conn, BORDER_GUARD.id)["side"] == "ukraine"
    assert checks_of(conn, BORDER_GUARD.id) == 1
    pairs = conn.execute("SELECT claim_value, counter_value FROM counterclaims_flat").fetchall()
    assert {120, 900} in [set(p) for p in pairs]


def test_parallel_build_gives_the_same_inferred_claimants(inferring, tmp_path):
    write_corpus(tmp_path / "in", 30)
    _build(tmp_path / "in", tmp_path / "one.db", jobs=1)
    _build(tmp_path / "in", tmp_path / "two.db", jobs=2)
    one = dump(tmp_path / "one.db")
    assert one == dump(tmp_path / "two.db")
    assert len([row for row in one["claimants"] if row[-1] == 1]) == 4


# --- curation --------------------------------------------------------------------------


def _curated(tmp_path, entries: str):
    write_corpus(tmp_path / "in")
    (tmp_path / "curation.yml").write_text(entries, encoding="utf-8")
    warnings = _build(tmp_path / "in", tmp_path / "claims.db", tmp_path / "curation.yml", jobs=1)
    return _connect(tmp_path / "claims.db"), warnings


def test_curation_merges_an_inferred_claimant_by_id(inferring, tmp_path):
    conn, warnings = _curated(tmp_path, f"""
- id: lithuania-is-nato
  action: merge_claimants
  claimant: {LITHUANIAN_MOD.id}
  into: nato
""")  # fmt: skip
    assert warnings == []
    rows = conn.execute(
        "SELECT claimant, status, curation, original FROM claims WHERE value IN (500, 640, 700)"
    )
    assert {tuple(r) for r in rows} == {
        ("nato", "corrected", "lithuania-is-nato", f'{{"claimant": "{LITHUANIAN_MOD.id}"}}')
    }
    assert claimant(conn, LITHUANIAN_MOD.id) is None, "no claim names it any more"
    assert claimant(conn, BALTIC_TIMES.id) is not None, "the via of a merged claim stays"


def test_curation_merges_by_the_words_of_the_text_claimant_and_via(inferring, tmp_path):
    conn, warnings = _curated(tmp_path, """
- id: lithuanian-ministry
  action: merge_claimants
  claimant_text: The  Lithuanian Defence Ministry
  into: nato
- id: baltic-times-is-the-bbc
  action: merge_claimants
  claimant_text: baltic times
  into: bbc
""")  # fmt: skip
    assert warnings == []
    row = conn.execute("SELECT claimant, via, original FROM claims WHERE value = 700").fetchone()
    assert (row["claimant"], row["via"]) == ("nato", "bbc")
    assert conn.execute("SELECT count(*) FROM claimants WHERE inferred = 1").fetchone()[0] == 2
    # the words match inferred claimants only, never the lexicon's
    assert (
        conn.execute("SELECT claimant FROM claims WHERE value = 900").fetchone()[0]
        == "russian-ministry-of-defence"
    )


def test_a_merge_that_names_nothing_is_reported(inferring, tmp_path):
    _, warnings = _curated(tmp_path, """
- id: nobody
  action: merge_claimants
  claimant: estonian-defence-ministry
  into: nato
- id: no-words
  action: merge_claimants
  claimant_text: the Estonian defence ministry
  into: nato
""")  # fmt: skip
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "entry 'nobody' (line 2): no claim of estonian-defence-ministry in this build",
        "entry 'no-words' (line 6): no claim of an inferred claimant named 'the Estonian defence ministry' in this build",
    ]


@pytest.mark.parametrize(
    "entry, problem",
    [
        (
            "claimant: baltic-times\n  into: baltic-post",
            "curation.yml:1: unknown claimant 'baltic-post' to merge into",
        ),
        (
            "claimant_text: Baltic Times\n  into: baltic-times",
            "unknown claimant 'baltic-times' to merge into",
        ),
        ("claimant: Baltic Times\n  into: bbc", "claimant 'Baltic Times' is not a claimant id"),
        (
            "claimant: baltic-times\n  claimant_text: Baltic Times\n  into: bbc",
            "needs one of claimant or claimant_text",
        ),
        ("into: bbc", "merge_claimants entry needs one of claimant or claimant_text"),
        ("claimant: bbc\n  into: bbc", "claimant 'bbc' is merged into itself"),
        ("claimant_text: ''\n  into: bbc", "claimant_text must be text"),
    ],
)
def test_a_malformed_merge_fails_with_one_line(tmp_path, entry, problem):
    with pytest.raises(CurationError) as error:
        _curated(tmp_path, f"- id: x\n  action: merge_claimants\n  {entry}\n")
    assert problem in str(error.value)
    assert "\n" not in str(error.value)


# --- pages -------------------------------------------------------------------------------


@pytest.fixture
def site(built, metadata):
    from datasette.app import Datasette

    from casualty_claims import publish

    named = built.with_name("claims.db")
    config = {"config": publish.datasette1_config(metadata)} if publish.datasette_major() >= 1 else {}
    return Datasette([str(named)], metadata=metadata, **config)


@pytest.mark.asyncio
async def test_the_claimant_page_marks_an_inferred_claimant(site):
    page = await site.client.get(f"/-/claimant/{LITHUANIAN_MOD.id}")
    assert page.status_code == 200
    assert "read from the text, not in the lexicon" in page.text
    assert 'class="cc-label cc-inferred"' in page.text and "merge_claimants" in page.text
    assert "How the news names this claimant" not in page.text
    data = (await site.client.get(f"/-/claimant/{LITHUANIAN_MOD.id}.json")).json()
    assert (data["claimant"]["inferred"], data["claimant"]["side"], data["claim_count"]) == (
        True,
        "third_party",
        3,
    )
    known = (await site.client.get("/-/claimant/russian-ministry-of-defence.json")).json()
    assert known["claimant"]["inferred"] is False
    reporter = await site.client.get(f"/-/claimant/{BALTIC_TIMES.id}")
    assert "It also reported 1 claim of others" in reporter.text
    assert (await site.client.get(f"/-/claimant/{BALTIC_TIMES.id}.json")).json()["reported_count"] == 1


@pytest.mark.asyncio
async def test_the_claim_page_shows_the_party_that_reported_it(site, built):
    id = _connect(built).execute("SELECT id FROM claims WHERE value = 700").fetchone()[0]
    page = (await site.client.get(f"/-/claim/{id}")).text
    assert f'via <a href="/-/claimant/{BALTIC_TIMES.id}">Baltic Times</a>' in page
    assert "Lithuanian defence ministry (via Baltic Times), claim of 700 wounded" in html.unescape(page)
    data = (await site.client.get(f"/-/claim/{id}.json")).json()["claim"]
    assert (data["via"], data["via_id"], data["via_inferred"], data["claimant_inferred"]) == (
        "Baltic Times", BALTIC_TIMES.id, True, True,
    )  # fmt: skip
    plain = (
        await site.client.get(
            f"/-/claim/{_connect(built).execute('SELECT id FROM claims WHERE value = 900').fetchone()[0]}.json"
        )
    ).json()
    assert (plain["claim"]["via"], plain["claim"]["claimant_inferred"]) == (None, False)


@pytest.mark.asyncio
async def test_lists_of_claimants_and_claims_mark_the_inferred(site, built):
    table = (await site.client.get("/claims/claimants")).text
    assert table.count('title="read from the text, not in the lexicon">inferred</span>') == 4
    contested = (await site.client.get("/-/contested")).text
    assert 'class="cc-label cc-inferred"' in contested
    assert f'via <a href="/-/claimant/{BALTIC_TIMES.id}">Baltic Times</a>' in contested
    contested_json = (await site.client.get("/-/contested.json")).json()
    claims = [c for subject in contested_json["subjects"] for c in subject["claims"]]
    assert {(c["claimant_inferred"], c["via"]) for c in claims if c["value"] == 700} == {
        (True, "Baltic Times")
    }


@pytest.mark.asyncio
async def test_an_inferred_name_is_escaped_everywhere(site, built):
    id = _connect(built).execute("SELECT id FROM claims WHERE value = 300").fetchone()[0]
    for path in (
        f"/-/claimant/{TRUTH.id}",
        f"/-/claim/{id}",
        "/-/article/media",
        "/claims/claimants",
        "/-/contested",
    ):
        page = (await site.client.get(path)).text
        assert "<script>alert" not in page, path
    assert "&lt;script&gt;alert" in (await site.client.get(f"/-/claimant/{TRUTH.id}")).text


# --- end to end: the grammar infers them itself ---------------------------------------------


def test_the_grammar_infers_a_claimant_and_its_reporter_end_to_end(tmp_path):
    text = (
        "Baltic update\n\n"
        "The Lithuanian defence ministry said 500 Russian soldiers were killed.\n\n"
        "The Kyiv Independent, citing the Lithuanian defence ministry, said 700 Russian soldiers were wounded.\n"
    )
    write_article(tmp_path / "in", "a.txt", text, "published: 2023-05-10\n")
    _build(tmp_path / "in", tmp_path / "claims.db", jobs=1)
    conn = _connect(tmp_path / "claims.db")
    row = claimant(conn, "lithuanian-defence-ministry")
    assert (row["side"], row["inferred"], row["claim_count"]) == ("third_party", 1, 2)
    claims = {r["value"]: r for r in conn.execute("SELECT * FROM claims")}
    assert claims[500]["claimant"] == claims[700]["claimant"] == "lithuanian-defence-ministry"
    assert claims[700]["via"] == "kyiv-independent" and claims[500]["via"] is None
