"""Hand curation (curation/claims.yml): every action, orphans, malformed files, pages."""

from __future__ import annotations

import json
import sqlite3

import pytest

from casualty_claims.cli import BuildFailed, build
from casualty_claims.curate import CurationError
from casualty_claims.rows import claim_row
from tests.conftest import ROOT, SEEDS, run_build_command, write_article

TEXT = (
    "Losses\n\n"
    "Ukraine's General Staff said 500 Russian soldiers were killed near Bakhmut.\n\n"
    "Russia's defence ministry said 200 Ukrainian servicemen had died.\n\n"
    "The ministry said 300,000 troops were stationed in the region.\n\n"
    "Officials put the toll at 40, without saying whose.\n"
)


def _build(tmp_path, curation: str, strict: bool = False, full: bool = False):
    write_article(tmp_path / "in", "a.txt", TEXT)
    (tmp_path / "curation.yml").write_text(curation, encoding="utf-8")
    warnings = build([tmp_path / "in"], tmp_path / "claims.db", strict=strict, reference_file=None,
                     curation_file=tmp_path / "curation.yml", full=full)  # fmt: skip
    conn = sqlite3.connect(tmp_path / "claims.db")
    conn.row_factory = sqlite3.Row
    return conn, warnings


def _claim_id(value: int) -> str:
    from casualty_claims import lexicon
    from casualty_claims.clean import FurnitureRules
    from casualty_claims.pipeline import process
    from casualty_claims.read import Article

    lex = lexicon.load()
    article = Article(id="a", path=ROOT / "a.txt", raw=TEXT, sha256="")
    return next(
        c.id for c in process(article, lex, FurnitureRules(lex)).claims if c.primary.figure.value == value
    )


def test_confirm_correct_and_reject(tmp_path):
    curation = f"""
- id: ok-500
  action: confirm
  claim: {_claim_id(500)}
- id: fix-200
  action: correct
  claim: {_claim_id(200)}
  set: {{measure: killed_or_wounded, qualifier: approximately, as_of: 2023-05}}
  reason: the ministry counts the dead and wounded together
- id: no-40
  action: reject
  claim: {_claim_id(40)}
  reason: whose losses is not said
"""
    conn, warnings = _build(tmp_path, curation)
    assert warnings == []
    rows = {r["value"]: r for r in conn.execute("SELECT * FROM claims")}
    assert (rows[500]["status"], rows[500]["curation"]) == ("confirmed", "ok-500")
    fixed = rows[200]
    assert (fixed["status"], fixed["measure"], fixed["qualifier"], fixed["as_of"], fixed["as_of_precision"]) == (
        "corrected", "killed_or_wounded", "approximately", "2023-05", "month",
    )  # fmt: skip
    assert json.loads(fixed["original"]) == {"measure": "killed", "qualifier": "exact", "as_of": None}
    assert fixed["curation_reason"] == "the ministry counts the dead and wounded together"
    assert rows[40]["status"] == "rejected"
    flat = {r["value"] for r in conn.execute("SELECT value FROM claims_flat")}
    assert 40 not in flat and {500, 200} <= flat
    assert (
        conn.execute(
            "SELECT count(*) FROM claims WHERE status = 'rejected' AND claim_group IS NOT NULL"
        ).fetchone()[0]
        == 0
    ), "a rejected claim is in no group, so in no counterclaim"


def test_add_a_missed_claim_and_merge_claimants(tmp_path):
    curation = """
- id: add-stationed
  action: add
  article: a
  quote: The ministry said 300,000 troops were stationed in the region.
  figure: 300,000
  set: {claimant: russian-ministry-of-defence, subject_side: ukraine, population: military,
        measure: missing, value: 300000, as_of: 2023-05-01}
  reason: a test of adding by hand
- id: general-staff-is-the-army
  action: merge_claimants
  claimant: general-staff-of-ukraine
  into: ukraine
"""
    conn, warnings = _build(tmp_path, curation)
    assert warnings == []
    added = conn.execute("SELECT * FROM claims WHERE value = 300000").fetchone()
    assert (added["status"], added["measure"], added["as_of_precision"]) == ("manual", "missing", "day")
    assert TEXT[added["span_start"] : added["span_end"]] == "300,000"
    # the article page highlights it like any extracted figure
    mention = conn.execute("SELECT * FROM mentions WHERE claim = ?", [added["id"]]).fetchone()
    assert (mention["span_start"], mention["text"], mention["kind"]) == (
        added["span_start"],
        "300,000",
        "reading",
    )
    merged = conn.execute("SELECT * FROM claims WHERE value = 500").fetchone()
    assert (merged["claimant"], merged["status"]) == ("ukraine", "corrected")


def test_curation_sets_what_a_claim_covers(tmp_path):
    """A correction may give a claim its period and place (a period's dates alone make its scope
    a period), or make it a running total again; an added claim may say what it covers."""
    curation = f"""
- id: week-in-bakhmut
  action: correct
  claim: {_claim_id(500)}
  set: {{period_start: 2023-05-01, period_end: 2023-05-07, place: bakhmut}}
  reason: the paragraph before says the past week
- id: total-again
  action: correct
  claim: {_claim_id(200)}
  set: {{scope: total}}
  reason: a running total
- id: add-stationed
  action: add
  article: a
  quote: The ministry said 300,000 troops were stationed in the region.
  figure: 300,000
  set: {{subject_side: ukraine, measure: missing, value: 300000, scope: period, period_start: 2023-04-01,
         period_end: 2023-04-30, place: kherson-oblast}}
  reason: a test of adding by hand
"""
    conn, warnings = _build(tmp_path, curation)
    assert warnings == []
    covers = "SELECT scope, period_start, period_end, place, status FROM claims WHERE value = ?"
    assert tuple(conn.execute(covers, [500]).fetchone()) == (
        "period",
        "2023-05-01",
        "2023-05-07",
        "bakhmut",
        "corrected",
    )
    assert tuple(conn.execute(covers, [200]).fetchone()) == ("total", None, None, None, "corrected")
    added = tuple(conn.execute(covers, [300000]).fetchone())
    assert added == ("period", "2023-04-01", "2023-04-30", "kherson-oblast", "manual")
    # the extractor read "near Bakhmut" itself: only what the entry changed is kept as extracted
    original = json.loads(conn.execute("SELECT original FROM claims WHERE value = 500").fetchone()[0])
    assert original == {"scope": "total", "period_start": None, "period_end": None}


def test_article_metadata_by_hand_dates_its_claims(tmp_path):
    curation = """
- id: a-metadata
  action: article
  article: a
  set: {outlet: Example News, published: 2023-06-12, url: "https://example.org/a"}
"""
    conn, _ = _build(tmp_path, curation)
    article = conn.execute("SELECT * FROM articles WHERE id = 'a'").fetchone()
    assert (article["outlet"], article["published"], article["published_method"]) == (
        "Example News", "2023-06-12", "curation a-metadata",
    )  # fmt: skip
    assert conn.execute("SELECT as_of FROM claims WHERE value = 500").fetchone()[0] == "2023-06-12"


def test_curation_survives_a_rebuild_after_an_extractor_change(tmp_path, monkeypatch):
    curation = f"""
- id: fix-200
  action: correct
  claim: {_claim_id(200)}
  set: {{population: military}}
  reason: servicemen
"""
    first, _ = _build(tmp_path, curation)
    before = dict(first.execute("SELECT * FROM claims WHERE value = 200").fetchone())
    real = claim_row

    def changed_extractor(claim):  # an extractor that now reads every figure as "wounded"
        return dict(real(claim), measure="wounded", attribution="none")

    monkeypatch.setattr("casualty_claims.rows.claim_row", changed_extractor)
    second, warnings = _build(tmp_path, curation, full=True)  # the code's files did not change
    after = dict(second.execute("SELECT * FROM claims WHERE value = 200").fetchone())
    assert warnings == []
    assert after["id"] == before["id"] and after["status"] == "corrected"
    assert after["measure"] == "wounded" and after["population"] == "military"


def test_entries_that_match_nothing_are_reported_and_fail_strict(tmp_path):
    curation = """
- id: gone
  action: confirm
  claim: 000000000000
- id: missing-article
  action: article
  article: nowhere
  set: {outlet: X}
"""
    _, warnings = _build(tmp_path, curation)
    assert len(warnings) == 2
    assert "entry 'gone' (line 2): no claim 000000000000 in this build" in warnings[0]
    assert "entry 'missing-article' (line 5): no article nowhere" in warnings[1]
    before = (tmp_path / "claims.db").read_bytes()
    with pytest.raises(BuildFailed):
        _build(tmp_path, curation, strict=True)
    assert (tmp_path / "claims.db").read_bytes() == before


@pytest.mark.parametrize(
    "content, problem",
    [
        ("- id: x\n  action: confirm\n  claim: [oops\n", "curation.yml:3: not valid YAML"),
        ("- id: x\n  action: smile\n", "curation.yml:1: unknown action 'smile'"),
        (
            "- id: x\n  action: confirm\n\n- id: y\n  action: reject\n  claim: abc\n",
            "curation.yml:1: confirm entry lacks claim",
        ),
        ("- id: x\n  action: reject\n  claim: abc\n", "curation.yml:1: reject entry lacks reason"),
        (
            "- id: x\n  action: correct\n  claim: a\n  reason: r\n  set: {measure: died}\n",
            "measure must be one of",
        ),
        ("- id: x\n  action: correct\n  claim: a\n  reason: r\n  set: {as_of: March}\n", "as_of must be"),
        (
            "- id: x\n  action: correct\n  claim: a\n  reason: r\n  set: {claimant: nobody}\n",
            "unknown claimant",
        ),
        (
            "- id: x\n  action: confirm\n  claim: a\n- id: x\n  action: confirm\n  claim: b\n",
            ":4: id 'x' is used twice",
        ),
    ],
)
def test_malformed_curation_fails_with_file_line_and_problem(tmp_path, content, problem):
    with pytest.raises(CurationError) as error:
        _build(tmp_path, content)
    assert problem in str(error.value)
    result = run_build_command(tmp_path / "in", "--db", tmp_path / "c.db", "--no-reference",
                               "--curation", tmp_path / "curation.yml")  # fmt: skip
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_project_curation_applies_to_the_seeds(seed_conn, tmp_path):
    statuses = dict(seed_conn.execute("SELECT curation, status FROM claims WHERE curation IS NOT NULL"))
    assert statuses == {
        "zelensky-16000-march-2022": "confirmed",
        "kremlin-1351-counted-deaths": "corrected",
        "russia-a-few-thousand-own-dead": "corrected",
    }
    warnings = build([SEEDS], tmp_path / "claims.db", strict=True, reference_file=None)
    assert warnings == []


@pytest.mark.asyncio
async def test_pages_show_status_and_reason(datasette, seed_conn):
    claim = seed_conn.execute(
        "SELECT id FROM claims WHERE curation = 'kremlin-1351-counted-deaths'"
    ).fetchone()[0]
    page = (await datasette.client.get(f"/-/claim/{claim}")).text
    assert '<span class="cc-label cc-status-corrected">corrected by hand</span>' in page
    assert "kremlin-1351-counted-deaths" in page and "counted soldiers who died" in page
    assert "(as extracted: measure killed_or_wounded)" in page
    data = (await datasette.client.get(f"/-/claim/{claim}.json")).json()["claim"]
    assert (data["status"], data["original"]) == ("corrected", {"measure": "killed_or_wounded"})


def _correct(values: str) -> str:
    return f"- id: x\n  action: correct\n  claim: {_claim_id(200)}\n  reason: r\n  set: {values}\n"


def _article(values: str) -> str:
    return f"- id: a-meta\n  action: article\n  article: a\n  set: {values}\n"


def _merge(claimant: str, into: str, id: str) -> str:
    return f"- id: {id}\n  action: merge_claimants\n  claimant: {claimant}\n  into: {into}\n"


def _laughs() -> str:
    """A 'billion laughs' entry: nine lists of nine aliases of the one before."""
    lines = [
        "- id: x",
        "  action: reject",
        "  claim: abc",
        "  reason:",
        '    a: &a ["lol","lol","lol","lol"]',
    ]
    for before, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"    {name}: &{name} [{','.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "content, problem",
    [
        (lambda: _correct("{as_of: 2022-02-30}"), ":1: as_of must be YYYY-MM-DD, YYYY-MM or YYYY, not '2022-02-30'"),
        (lambda: _correct("{as_of: 2099-01-01}"), ":1: as_of is in the future: 2099-01-01"),
        (lambda: _correct("{as_of: 2099}"), ":1: as_of is in the future: 2099"),
        (lambda: _correct("{value: 99999999999999999999999}"), ":1: value must be a whole number from 0 to 10,0"),
        (lambda: _correct("{value: null}"), ":1: value must be a whole number from 0 to 10,000,000,000, not None"),
        (lambda: _correct("{value: " + "9" * 5000 + "}"), ":5: not valid YAML (cannot read '99999"),
        (lambda: _correct("{value_low: 900, value_high: 100}"), ":1: value_low 900 is above value_high 100"),
        (lambda: _correct("{unit: [tanks]}"), ":1: unit must be text"),
        (lambda: _correct("{claimant: {a: b}}"), ":1: claimant must be text"),
        (lambda: _correct("{measure: [killed]}"), ":1: measure must be one of"),
        (lambda: _correct("{scope: weekly}"), ":1: scope must be one of total, period, not 'weekly'"),
        (lambda: _correct("{period_start: 2023-02-30}"), ":1: period_start must be YYYY-MM-DD, not '2023-02-30'"),
        (lambda: _correct("{period_end: 2023-05}"), ":1: period_end must be YYYY-MM-DD, not '2023-05'"),
        (
            lambda: _correct("{period_start: 2023-05-02, period_end: 2023-05-01}"),
            ":1: period_start 2023-05-02 is after period_end 2023-05-01",
        ),
        (lambda: _correct("{scope: total, period_start: 2023-05-01}"), ":1: scope total (a running total"),
        (lambda: _correct("{place: atlantis}"), ":1: unknown place 'atlantis' (place names an id of lexicon/places."),
        (lambda: _article("{title: [a, b]}"), ":1: title must be text"),
        (lambda: _article("{outlet: {name: x}}"), ":1: outlet must be text"),
        (lambda: _article("{published: 2022-02-30}"), ":1: published is not an ISO date: '2022-02-30'"),
        (lambda: _article("{published: 2099-03-01}"), ":1: published is in the future: 2099-03-01"),
        (lambda: _article("{url: 'javascript:alert(document.domain)'}"), ":1: url must be an http or https address"),
        (lambda: _article("{url: ' https://example.org/a'}"), ":1: url must be an http or https address"),
        (
            lambda: "- id: x\n  action: add\n  article: a\n  quote: Russia said 12 died.\n  figure: ''\n"
            "  set: {subject_side: russia, measure: killed, value: 12}\n",
            ":1: figure must be text",
        ),
        (
            lambda: "- id: x\n  action: add\n  article: a\n  quote: Russia said 12 died.\n  figure: '13'\n"
            "  set: {subject_side: russia, measure: killed, value: 13}\n",
            ":1: figure '13' is not in the quote",
        ),
        (lambda: _merge("ukraine", "ukraine", "m1"), ":1: claimant 'ukraine' is merged into itself"),
        (
            lambda: _merge("general-staff-of-ukraine", "ukraine", "m1") + _merge("ukraine", "general-staff-of-ukraine", "m2"),
            ":1: merges go round in a cycle: general-staff-of-ukraine into ukraine into general-staff-of-ukraine",
        ),
        (_laughs, ":6: not valid YAML (aliases (*name) are not allowed)"),
        (lambda: "- id: x\n  action: reject\n  claim: abc\n  reason: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
    ids=[
        "as_of-february-30", "as_of-future-day", "as_of-future-year", "value-past-64-bits", "value-null",
        "value-5000-digits", "low-above-high", "unit-list", "claimant-map", "measure-list", "scope-unknown",
        "period-start-february-30", "period-end-a-month", "period-start-after-end", "total-with-period",
        "place-unknown", "title-list",
        "outlet-map", "published-february-30", "published-future", "url-javascript", "url-leading-space",
        "add-empty-figure", "add-figure-not-in-quote", "merge-into-itself", "merge-cycle", "billion-laughs",
        "nested",
    ],
)  # fmt: skip
def test_malformed_curation_values_fail_with_file_line_and_problem(tmp_path, content, problem):
    with pytest.raises(CurationError) as error:
        _build(tmp_path, content())
    message = str(error.value)
    assert message.startswith(str(tmp_path / "curation.yml")) and problem in message, message
    assert "\n" not in message and len(message) < 300
    result = run_build_command(tmp_path / "in", "--db", tmp_path / "c.db", "--no-reference",
                               "--curation", tmp_path / "curation.yml")  # fmt: skip
    assert result.returncode == 1 and result.stderr == f"error: {message}\n"


def test_a_curation_file_that_is_not_utf8_names_its_line(tmp_path):
    (tmp_path / "curation.yml").write_bytes(b"- id: x\n  action: reject\n  claim: abc\n  reason: caf\xe9\n")
    with pytest.raises(CurationError, match=r"curation.yml:4: not UTF-8 text \(byte 51\)$"):
        _build_with_file(tmp_path)


def test_a_curation_path_that_is_a_folder_is_named(tmp_path):
    write_article(tmp_path / "in", "a.txt", TEXT)
    result = run_build_command(tmp_path / "in", "--db", tmp_path / "c.db", "--no-reference",
                               "--curation", tmp_path / "in")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path / 'in'}: is a folder, not a curation file\n"


def test_a_published_date_with_a_time_gives_its_day(tmp_path):
    conn, warnings = _build(tmp_path, _article("{published: 2022-02-01 10:00:00}"))
    assert warnings == []
    assert conn.execute("SELECT published FROM articles WHERE id = 'a'").fetchone()[0] == "2022-02-01"


def _build_with_file(tmp_path):
    write_article(tmp_path / "in", "a.txt", TEXT)
    return build([tmp_path / "in"], tmp_path / "claims.db", reference_file=None,
                 curation_file=tmp_path / "curation.yml")  # fmt: skip
