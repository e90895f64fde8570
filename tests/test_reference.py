"""The ministry's daily loss series: import, checks, dating, pairing and updates."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from casualty_claims import reference, reference_checks
from casualty_claims.cli import build
from casualty_claims.update_reference import update
from tests.conftest import run_build_command, write_article

SERIES = json.loads(reference.SERIES_FILE.read_text(encoding="utf-8"))


def test_every_report_and_figure_is_imported(seed_conn):
    assert seed_conn.execute("SELECT count(*) FROM reference_reports").fetchone()[0] == len(SERIES) == 1449
    figures = sum(1 for report in SERIES for field in reference.FIELDS if report.get(field) is not None)
    assert (
        seed_conn.execute("SELECT count(*) FROM claims WHERE origin = 'reference'").fetchone()[0] == figures
    )
    assert (
        seed_conn.execute(
            "SELECT count(*) FROM claims_flat WHERE article = ?", (reference.SERIES_ID,)
        ).fetchone()[0]
        == 0
    ), "the series stays out of the news claims the scorer reads"


def test_a_known_day(seed_conn):
    rows = {
        row["id"]: row
        for row in seed_conn.execute(
            "SELECT * FROM claims WHERE as_of = '2022-11-13' AND origin = 'reference'"
        )
    }
    personnel = rows["mod-2022-11-13-personnel"]
    assert (personnel["value"], personnel["measure"], personnel["subject_side"]) == (
        80860,
        "killed_or_wounded",
        "russia",
    )
    assert personnel["claimant"] == "ministry-of-defence-of-ukraine"
    assert personnel["source_uri"].startswith("https://www.mil.gov.ua/news/2022/11/13/")
    assert SERIES[personnel["reference_row"]]["date"] == "2022-11-13"
    assert (rows["mod-2022-11-13-tanks"]["value"], rows["mod-2022-11-13-tanks"]["unit"]) == (2840, "tank")
    assert "mod-2022-11-13-submarines" not in rows  # null in the series: no claim


def test_import_is_idempotent(tmp_path):
    from tests.test_build import dump

    build([tmp_path], tmp_path / "a.db")
    build([tmp_path], tmp_path / "b.db")
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")


def test_seed_figure_matches_the_report_of_its_day(seed_conn):
    (check,) = seed_conn.execute(
        "SELECT reference_checks.* FROM reference_checks JOIN claims ON claims.id = reference_checks.claim "
        "WHERE claims.value = 80860"
    ).fetchall()
    assert (check["report"], check["matches"], check["difference"]) == ("2022-11-13", 1, 0)
    mismatch = seed_conn.execute(
        "SELECT reference_checks.* FROM reference_checks JOIN claims ON claims.id = reference_checks.claim "
        "WHERE claims.value = 16000"
    ).fetchone()
    assert mismatch["matches"] == 0 and mismatch["difference"] == 16000 - mismatch["report_value"]


def test_a_matching_running_total_dates_the_seed_article(seed_conn):
    article = seed_conn.execute("SELECT * FROM articles WHERE id = '003_21f0040f89a799a4'").fetchone()
    assert (article["published"], article["published_precision"]) == ("2022-11-13", "day")
    assert "80,860 matches the ministry's report of 2022-11-13" in article["published_method"]


@pytest.mark.parametrize(
    "text, published",
    [
        ("Losses\n\nRussia has lost 80,860 troops so far, Ukraine's General Staff said.\n", "2022-11-13"),
        # a figure in many reports (a round number, or a count unchanged for days) dates nothing
        ("Losses\n\nUkraine's General Staff said Russia had lost 278 aircraft.\n", None),
        ("Losses\n\nUkraine's General Staff said 650 Russian troops were killed.\n", None),
    ],
)
def test_date_evidence_for_an_undated_article(tmp_path, text, published):
    write_article(tmp_path / "in", "a.txt", text)
    build([tmp_path / "in"], tmp_path / "claims.db")
    conn = sqlite3.connect(tmp_path / "claims.db")
    assert conn.execute("SELECT published FROM articles WHERE id = 'a'").fetchone()[0] == published


def test_a_figure_for_a_period_is_not_set_against_the_running_totals(tmp_path):
    text = "Losses\n\nUkraine's General Staff said Russia had lost about 80,860 personnel (+650).\n"
    write_article(tmp_path / "in", "a.txt", text, meta="published: 2022-11-13\n")
    build([tmp_path / "in"], tmp_path / "claims.db")
    conn = sqlite3.connect(tmp_path / "claims.db")
    checked = conn.execute(
        "SELECT claims.value, claims.scope, outcome, report_value FROM reference_checks "
        "JOIN claims ON claims.id = reference_checks.claim ORDER BY claims.value"
    ).fetchall()
    # the day's 650 is flagged as the change from the report of 12 November, never set against 80,860
    assert checked == [(650, "period", "increment", 650), (80860, "total", "matches", 80860)]


SMALL_SERIES = reference.Series(
    [
        reference.Report(dt.date(2022, 11, day), f"https://example.org/{day}", 0, counts)
        for day, counts in [
            (11, {"personnel": 79_600, "artillery": 1_830}),
            (12, {"personnel": 80_210, "artillery": 1_834}),
            (13, {"personnel": 80_860, "artillery": 1_837}),
        ]
    ]
)


def news(
    value, scope="total", qualifier="exact", place=None, measure="killed", unit=None, as_of="2022-11-13"
):
    return {
        "id": "n1", "subject_side": "russia", "population": "military", "measure": measure, "unit": unit,
        "value": value, "qualifier": qualifier, "as_of": as_of, "as_of_precision": "day", "scope": scope,
        "scope_text": "in the past 24 hours" if scope == "period" else None, "place": place,
    }  # fmt: skip


@pytest.mark.parametrize(
    "claim, outcome, report, report_value",
    [
        (news(80_860), "matches", "2022-11-13", 80_860),
        (news(80_210), "matches", "2022-11-12", 80_210),
        (news(90_000), "differs", "2022-11-13", 80_860),
        # a period figure equal to one day's change: flagged, not compared with 80,860
        (news(650, scope="period"), "increment", "2022-11-13", 650),
        (news(610, scope="period"), "increment", "2022-11-12", 610),
        # a small "running total" that equals one day's change is a day's losses
        (news(650), "increment", "2022-11-13", 650),
        # "in the past 24 hours" said of what is the running total
        (
            news(1_837, scope="period", measure="equipment", unit="artillery"),
            "total_as_period",
            "2022-11-13",
            1_837,
        ),
        (news(80_860, scope="period"), "total_as_period", "2022-11-13", 80_860),
        # neither: a period figure is not compared at all
        (news(700, scope="period"), None, None, None),
        # vague amounts, projections and one place's losses are not counts of the whole war
        (news(80_000, qualifier="vague"), None, None, None),
        (news(100_000, qualifier="projection"), None, None, None),
        (news(80_860, place="bakhmut"), None, None, None),
    ],
)
def test_what_a_check_finds_and_against_which_report(claim, outcome, report, report_value):
    check = reference_checks.check(claim, SMALL_SERIES)
    if outcome is None:
        assert check is None
        return
    assert (check["outcome"], check["report"], check["report_value"]) == (outcome, report, report_value)
    assert check["matches"] == int(outcome == "matches")
    assert report in check["reason"]


def test_a_check_says_why_it_flags_a_period_figure():
    check = reference_checks.check(
        news(1_837, scope="period", measure="equipment", unit="artillery"), SMALL_SERIES
    )
    assert check["reason"] == (
        "stated for a period (in the past 24 hours), but equals the running total of the report of 2022-11-13"
    )
    check = reference_checks.check(news(650, scope="period"), SMALL_SERIES)
    assert "between the reports of 2022-11-12 and 2022-11-13" in check["reason"]


def test_a_total_equal_to_a_change_is_a_day_only_when_small_beside_the_series():
    series = reference.Series(
        [
            reference.Report(dt.date(2022, 3, 1), "u1", 0, {"personnel": 10_000}),
            reference.Report(dt.date(2022, 3, 2), "u2", 0, {"personnel": 10_700}),
            reference.Report(dt.date(2022, 3, 3), "u3", 0, {"personnel": 12_000}),
        ]
    )
    # 700 is the change to 2 March and under a tenth of the total: a day's losses
    assert reference_checks.check(news(700, as_of="2022-03-02"), series)["outcome"] == "increment"
    # 1,300 is the change to 3 March, but more than a tenth of the total: a total that differs
    assert reference_checks.check(news(1_300, as_of="2022-03-03"), series)["outcome"] == "differs"
    assert reference_checks.check(news(10_000, as_of="2022-03-02"), series)["outcome"] == "matches"


def test_a_stated_date_is_not_overridden(tmp_path):
    write_article(tmp_path / "in", "a.txt", "Losses\n\nRussia has lost 80,860 troops, Ukraine said.\n",
                  meta="published: 2023-01-05\n")  # fmt: skip
    build([tmp_path / "in"], tmp_path / "claims.db")
    conn = sqlite3.connect(tmp_path / "claims.db")
    assert conn.execute("SELECT published FROM articles WHERE id = 'a'").fetchone()[0] == "2023-01-05"


def test_russian_claims_are_set_against_the_nearest_report(seed_conn):
    rows = seed_conn.execute(
        "SELECT counterclaims.* FROM counterclaims JOIN claims ON claims.id = counterclaims.counter_id "
        "WHERE counterclaims.claim_id LIKE 'mod-%' AND claims.value = 498"
    ).fetchall()
    assert rows
    # the series' figure is the larger, the claim of the pair: the caveat is about it
    series = {"about": "claim", "note": "series_killed_or_wounded"}
    assert all(r["comparable"] == 0 and series in json.loads(r["caveats"]) for r in rows)
    assert rows[0]["claim_id"] == "mod-2022-03-02-personnel"


def test_update_adds_only_new_days(tmp_path):
    current = tmp_path / "russian-losses.json"
    current.write_text(json.dumps(SERIES[1:]), encoding="utf-8")  # without the newest day
    newer = tmp_path / "newer.json"
    changed_day = dict(SERIES[-1], personnel=SERIES[-1]["personnel"] + 1)
    newer.write_text(json.dumps(SERIES[:-1] + [changed_day]), encoding="utf-8")
    added, changed = update(current, newer)
    assert (added, changed) == (1, [SERIES[-1]["date"]])
    rows = json.loads(current.read_text(encoding="utf-8"))
    assert rows[0] == SERIES[0] and rows[-1] == SERIES[-1]  # the past day kept as it was
    assert update(current, newer) == (0, [SERIES[-1]["date"]])


def test_build_can_be_pointed_at_a_newer_copy(tmp_path):
    newer = tmp_path / "newer.json"
    newer.write_text(
        json.dumps([dict(SERIES[0], date="2026-08-23", personnel=1476000)] + SERIES), encoding="utf-8"
    )
    write_article(tmp_path / "in", "a.txt", "Losses\n\nKyiv said 500 Russian soldiers were killed.\n")
    result = run_build_command(tmp_path / "in", "--db", tmp_path / "c.db", "--reference", newer)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(tmp_path / "c.db")
    assert conn.execute("SELECT value FROM claims WHERE id = 'mod-2026-08-23-personnel'").fetchone() == (
        1476000,
    )


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{", "not valid JSON"),
        ('{"a": 1}', "JSON array"),
        ('[{"date": "2022-13-01"}]', "report 1 is malformed"),
    ],
)
def test_a_malformed_series_fails_the_build_in_one_line(tmp_path, content, problem):
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    result = run_build_command(tmp_path, "--db", tmp_path / "c.db", "--reference", tmp_path / "bad.json")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "bad.json" in result.stderr and problem in result.stderr


@pytest.mark.asyncio
async def test_claim_page_says_the_figure_matches_the_report(datasette, seed_conn):
    claim = seed_conn.execute(
        "SELECT claim FROM reference_checks WHERE matches = 1 AND field = 'personnel'"
    ).fetchone()[0]
    page = (await datasette.client.get(f"/-/claim/{claim}")).text
    assert "matches the ministry&#39;s report of 13 November 2022" in page
    assert 'href="/-/claim/mod-2022-11-13-personnel"' in page
    data = (await datasette.client.get(f"/-/claim/{claim}.json")).json()
    assert data["reference_check"]["report"] == "2022-11-13"
    report = await datasette.client.get("/-/claim/mod-2022-11-13-personnel")
    assert report.status_code == 200 and "80,860" in report.text


@pytest.mark.asyncio
async def test_overview_draws_the_series_under_the_news_claims(datasette):
    data = (await datasette.client.get("/-/contested.json")).json()
    subject = next(s for s in data["subjects"] if s["slug"] == "russian-killed-or-wounded")
    (chart,) = [c for c in subject["charts"] if c["spec"]["layer"][0].get("name") == "series"]
    line = chart["spec"]["layer"][0]
    # the reports within the chart's dates (of 1,449), thinned to a bounded line
    assert line["mark"]["type"] == "line" and 100 < len(line["data"]["values"]) <= 301
    assert not any(c["id"].startswith("mod-") for c in subject["claims"])
