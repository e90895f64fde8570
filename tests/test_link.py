"""Claimants normalised, one claim across outlets, and counterclaim pairs."""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3

import pytest

from casualty_claims import lexicon, link
from casualty_claims.cli import build

from .conftest import write_article


def pairs(conn, where: str = "1", params=()):
    return conn.execute(f"SELECT * FROM counterclaims_flat WHERE {where}", params).fetchall()


@pytest.mark.parametrize(
    "claim,counter,subject",
    [
        (("Volodymyr Zelensky", 16000), ("Kremlin", 1351), "russia"),
        (("Ukrainian presidential adviser", 7000), ("Russian Ministry of Defence", 498), "russia"),
        (("Vladimir Putin", 300000), ("Volodymyr Zelensky", 31000), "ukraine"),
        (("Vladimir Putin", 150000), ("Volodymyr Zelensky", 31000), "ukraine"),
    ],
)
def test_the_seed_counterclaims_are_paired(seed_conn, claim, counter, subject):
    (pair,) = pairs(
        seed_conn,
        "claim_claimant = ? AND claim_value = ? AND counter_claimant = ? AND counter_value = ?",
        (*claim, *counter),
    )
    assert pair["subject_side"] == subject
    assert (pair["population"], pair["measure"], pair["comparable"]) == ("military", "killed", 1)
    assert pair["ratio"] == pytest.approx(claim[1] / counter[1], rel=1e-3)
    assert pair["gap_days"] <= link.PAIR_WINDOW_DAYS


def test_a_side_is_never_paired_with_itself(seed_conn):
    rows = pairs(seed_conn)
    assert rows
    assert all(row["claim_side"] != row["counter_side"] for row in rows)
    assert all(row["claim_value"] >= row["counter_value"] for row in rows)


@pytest.mark.parametrize(
    "value,articles",
    [
        (1351, {"000_37b49ff60204eea0", "002_ccf638f97e12cf2b"}),
        (498, {"002_ccf638f97e12cf2b", "004_fffeef1d6210826a"}),
    ],
)
def test_one_claim_reported_by_two_outlets_is_one_group(seed_conn, value, articles):
    (group,) = seed_conn.execute(
        "SELECT * FROM claim_groups WHERE value = ? AND claimant_side = 'russia' AND subject_side = 'russia'",
        (value,),
    ).fetchall()
    members = seed_conn.execute("SELECT article FROM claims WHERE claim_group = ?", (group["id"],)).fetchall()
    assert {m["article"] for m in members} == articles
    assert group["article_count"] == 2
    assert group["measure"] == "killed"  # "casualties" in one outlet, "died" in the other
    assert group["as_of"].startswith("2022-03")


@pytest.mark.parametrize(
    "text,claimant",
    [
        ("President Zelenskiy said", "volodymyr-zelensky"),
        ("Volodymyr Zelenskyy said", "volodymyr-zelensky"),
        ("Mr Zelensky said", "volodymyr-zelensky"),
        ("Colonel-General Sergei Rudskoi said", "russian-general-staff"),
        ("Sergei Rudskoy said", "russian-general-staff"),
        ("Russia's ministry of defence said", "russian-ministry-of-defence"),
        ("Moscow's defense ministry said", "russian-ministry-of-defence"),
        ("the Kremlin said", "kremlin"),
        ("Kiev officials said", "ukrainian-officials"),
    ],
)
def test_aliases_and_transliterations_fold_to_one_claimant(text, claimant):
    lex = lexicon.load()
    (match,) = list(lex.claimant_pattern.finditer(text))
    assert lex.claimant_at(match).id == claimant


def test_every_claimant_leads_to_a_side(seed_conn):
    for row in seed_conn.execute("SELECT * FROM claimants"):
        assert row["side"] in ("ukraine", "russia", "third_party")
        if row["speaks_for"]:
            assert seed_conn.execute("SELECT 1 FROM claimants WHERE id = ?", (row["speaks_for"],)).fetchone()


def test_an_unknown_claimant_stays_unknown(tmp_path):
    write_article(
        tmp_path / "in",
        "a.txt",
        "Shelling in Kharkiv\n\nAt least 12 civilians were killed in Kharkiv on Monday.\n",
    )
    build([tmp_path / "in"], tmp_path / "c.db", reference_file=None, curation_file=None)
    import sqlite3

    conn = sqlite3.connect(tmp_path / "c.db")
    conn.row_factory = sqlite3.Row
    (row,) = conn.execute("SELECT * FROM claims_flat").fetchall()
    assert (row["claimant"], row["claimant_side"], row["value"]) == ("unknown", "unknown", 12)
    assert conn.execute("SELECT count(*) FROM counterclaims").fetchone()[0] == 0


def test_a_figure_for_both_sides_reaches_claims_flat_but_no_subject_or_pair(tmp_path):
    write_article(
        tmp_path / "in",
        "a.txt",
        "A war of attrition\n\nUS officials say about 100,000 soldiers have been killed on each side. "
        "Russia says 60,000 Russian soldiers have died.\n",
    )
    build([tmp_path / "in"], tmp_path / "c.db", reference_file=None, curation_file=None)
    conn = sqlite3.connect(tmp_path / "c.db")
    rows = conn.execute("SELECT subject_side, value FROM claims_flat ORDER BY value").fetchall()
    assert rows == [("russia", 60000), ("both", 100000)]
    assert conn.execute("SELECT subject FROM claims WHERE subject_side = 'both'").fetchone() == (None,)
    assert conn.execute("SELECT count(*) FROM counterclaims").fetchone() == (0,)


def group(
    id,
    side,
    value,
    as_of,
    measure="killed",
    subject="russia",
    population="military",
    qualifier="exact",
    period=None,
    place=None,
):
    return {
        "id": id, "claim": f"c{id}", "claimant": None, "claimant_side": side, "subject_side": subject,
        "population": population, "measure": measure, "unit": None, "value": value,
        "value_low": None, "value_high": None, "qualifier": qualifier, "as_of": as_of,
        "scope": "period" if period else "total", "period_start": period[0] if period else None,
        "period_end": period[1] if period else None, "place": place,
    }  # fmt: skip


def test_different_measures_are_related_not_compared():
    groups = [
        group("a", "ukraine", 31000, "2024-02-20"),
        group("b", "russia", 383000, "2024-02-01", measure="killed_or_wounded"),
    ]
    (pair,) = list(link.pair_groups(groups))
    assert (pair["comparable"], pair["ratio"]) == (0, None)
    assert json.loads(pair["caveats"]) == [{"about": "pair", "note": "different_measures"}]


def test_vague_figures_and_projections_are_marked_in_a_pair():
    groups = [
        group("a", "ukraine", 100000, "2022-11-10", qualifier="projection"),
        group("b", "russia", 6000, "2022-11-01"),
    ]
    (pair,) = list(link.pair_groups(groups))
    assert json.loads(pair["caveats"]) == [{"about": "claim", "note": "projection"}]
    assert (pair["relation"], pair["comparable"], pair["ratio"]) == ("context", 0, None)


@pytest.mark.parametrize("qualifier", ["vague", "projection"])
@pytest.mark.parametrize("which", ["claim", "counter"])
def test_a_vague_or_projected_figure_never_gets_a_ratio(qualifier, which):
    big, small = ("ukraine", 70_000), ("russia", 2_000)
    groups = [
        group("a", *big, "2022-11-10", qualifier=qualifier if which == "claim" else "exact"),
        group("b", *small, "2022-11-12", qualifier=qualifier if which == "counter" else "exact"),
    ]
    (pair,) = list(link.pair_groups(groups))
    assert (pair["relation"], pair["ratio"]) == ("context", None)


@pytest.mark.parametrize(
    "period",
    [
        ("2022-11-12", "2022-11-13"),  # "in the past 24 hours"
        ("2022-10-29", "2022-11-13"),  # "in just over two weeks"
        ("2022-10", "2022-10"),  # "last month"
    ],
)
def test_a_period_never_meets_a_running_total(period):
    groups = [
        group("a", "ukraine", 10_000, "2022-11-13", period=period),
        group("b", "russia", 1_351, "2022-11-10"),
    ]
    assert list(link.pair_groups(groups)) == []


@pytest.mark.parametrize(
    "ours, theirs, paired, partly",
    [
        (("2023-06-01", "2023-06-30"), ("2023-06-01", "2023-06-30"), True, False),
        (("2023-06", "2023-06"), ("2023-06-01", "2023-06-30"), True, False),
        (("2023-06-01", "2023-06-30"), ("2023-06-10", "2023-07-05"), True, True),  # 21 of 35 days
        (("2023-06-01", "2023-06-30"), ("2023-06-20", "2023-07-20"), False, None),  # 11 of 31 days
        (("2023-06-29", "2023-06-30"), ("2023-06-01", "2023-06-30"), False, None),  # a day inside a month
        (("2023-06-01", "2023-06-30"), ("2023-07-01", "2023-07-31"), False, None),
    ],
)
def test_periods_meet_only_when_they_overlap_by_half(ours, theirs, paired, partly):
    groups = [
        group("a", "ukraine", 9_000, ours[1], period=ours),
        group("b", "russia", 3_000, theirs[1], period=theirs),
    ]
    found = list(link.pair_groups(groups))
    assert bool(found) == paired
    if paired:
        (pair,) = found
        assert (pair["scope"], pair["relation"], pair["ratio"]) == ("period", "compared", 3.0)
        assert (
            {"about": "pair", "note": "periods_overlap_partly"} in json.loads(pair["caveats"] or "[]")
        ) == partly


def test_a_period_without_a_start_is_never_paired():
    groups = [
        group("a", "ukraine", 650, "2022-11-13", period=(None, "2022-11-13")),
        group("b", "russia", 600, "2022-11-13", period=(None, "2022-11-13")),
    ]
    assert list(link.pair_groups(groups)) == []


def test_two_different_places_never_pair_and_one_place_does():
    groups = [
        group("a", "ukraine", 20_000, "2023-05-20", place="bakhmut"),
        group("b", "russia", 15_000, "2023-05-21", place="avdiivka"),
        group("c", "russia", 4_000, "2023-05-22"),  # the whole war
    ]
    assert list(link.pair_groups(groups)) == []
    groups.append(group("d", "russia", 2_000, "2023-05-22", place="bakhmut"))
    (pair,) = list(link.pair_groups(groups))
    assert (pair["claim_group"], pair["counter_group"], pair["place"], pair["ratio"]) == (
        "a",
        "d",
        "bakhmut",
        10.0,
    )


def claim_row(id, article, scope="total", period=(None, None), place=None):
    return link.ClaimRow(
        id=id, article=article, claimant="ukraine-general-staff", claimant_side="ukraine",
        subject_side="russia", population="military", measure="killed", unit=None, value=650,
        value_low=None, value_high=None, qualifier="exact", display="650", as_of="2022-11-13",
        as_of_precision="day", scope=scope, period_start=period[0], period_end=period[1], place=place, published="2022-11-13",
        rank=(True, True, 0, 0),
    )  # fmt: skip


def test_a_day_and_a_running_total_of_one_figure_are_not_one_claim():
    claims = [
        claim_row("x1", "a1"),
        claim_row("x2", "a2", scope="period", period=("2022-11-12", "2022-11-13")),
        claim_row("x3", "a3", scope="period", period=("2022-11-12", "2022-11-13")),
        claim_row("x4", "a4", place="bakhmut"),
    ]
    groups, group_of = link.group_claims(claims)
    assert len(groups) == 3
    assert group_of["x2"] == group_of["x3"] != group_of["x1"] != group_of["x4"]
    by_id = {g["id"]: g for g in groups}
    assert by_id[group_of["x2"]]["scope"] == "period" and by_id[group_of["x4"]]["place"] == "bakhmut"


LIKE_QUALIFIERS = {"exact", "at_least", "at_most", "approximately", "range"}


def test_every_seed_pair_with_a_ratio_is_like_against_like(seed_conn):
    rows = seed_conn.execute(
        """SELECT p.*, a.qualifier AS qa, b.qualifier AS qb, a.scope AS sa, b.scope AS sb, a.place AS la,
                  b.place AS lb, a.population AS pa, b.population AS pb, a.period_start AS ps
           FROM counterclaims p JOIN claims a ON a.id = p.claim_id JOIN claims b ON b.id = p.counter_id
           WHERE p.ratio IS NOT NULL ORDER BY p.ratio DESC"""
    ).fetchall()
    assert len(rows) >= 4
    for row in rows:
        assert {row["qa"], row["qb"]} <= LIKE_QUALIFIERS, dict(row)
        assert row["measure"] == row["counter_measure"] and row["relation"] == "compared"
        assert row["sa"] == row["sb"] and row["la"] == row["lb"] and row["pa"] == row["pb"]
    top = seed_conn.execute(
        "SELECT claim_value, counter_value FROM counterclaims_flat WHERE comparable = 1 ORDER BY ratio DESC"
    ).fetchall()
    assert [tuple(r) for r in top[:2]] == [(16000, 498), (7000, 498)]


def test_a_figure_for_both_sides_together_is_never_paired():
    groups = [
        group("a", "ukraine", 200000, "2023-08-10", subject="both"),
        group("b", "russia", 150000, "2023-08-12", subject="both"),
        group("c", "third_party", 500000, "2023-08-15", subject="both", measure="killed_or_wounded"),
        group("d", "russia", 150000, "2023-08-12"),
    ]
    assert list(link.pair_groups(groups)) == []


def test_claims_outside_the_window_are_not_paired():
    groups = [group("a", "ukraine", 16000, "2022-03-01"), group("b", "russia", 1351, "2022-05-01")]
    assert list(link.pair_groups(groups)) == []


def test_pairing_compares_only_within_the_time_window(monkeypatch):
    calls = 0
    real = link.pair

    def counting(*args):
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(link, "pair", counting)
    start = dt.date(2022, 3, 1)
    groups = [
        group(
            f"g{n}",
            ("ukraine", "russia", "third_party")[n % 3],
            1000 + n,
            (start + dt.timedelta(days=n // 2)).isoformat(),
        )
        for n in range(3000)
    ]
    found = list(link.pair_groups(groups))
    n = len(groups)
    assert calls < n * 2 * (link.PAIR_WINDOW_DAYS + 1) < n * (n - 1) / 2 / 10
    assert found and all(p["gap_days"] <= link.PAIR_WINDOW_DAYS for p in found)


def test_a_group_meets_only_its_nearest_counterclaims_in_a_crowded_month():
    ukrainian = [group(f"u{n}", "ukraine", 10_000 + n, f"2023-05-{n + 1:02d}") for n in range(30)]
    russian = group("r", "russia", 500, "2023-05-15")
    found = list(link.pair_groups([*ukrainian, russian]))
    answering_russia = {p["claim_group"] for p in found if p["counter_group"] == "r"}
    # Russia's figure is answered by the Ukrainian ones nearest its date, and each
    # Ukrainian figure meets Russia's once: 30 pairs in all, not one per pair of claims
    assert {"u13", "u14", "u15"} <= answering_russia
    assert len(found) == 30 and all(p["gap_days"] <= link.PAIR_WINDOW_DAYS for p in found)


def test_each_pair_is_found_once_and_every_answerable_group_is_answered():
    pick = random.Random(7)
    start = dt.date(2023, 1, 1)
    groups = [
        group(f"g{n:04d}", pick.choice(["ukraine", "russia", "third_party"]), pick.randint(10, 90_000),
              (start + dt.timedelta(days=pick.randint(0, 400))).isoformat(),
              measure=pick.choice(["killed", "killed_or_wounded"]))
        for n in range(1500)
    ]  # fmt: skip
    found = list(link.pair_groups(groups))
    ids = [p["id"] for p in found]
    assert len(ids) == len(set(ids))
    answered = {p["claim_group"] for p in found} | {p["counter_group"] for p in found}
    day = {g["id"]: dt.date.fromisoformat(g["as_of"]) for g in groups}
    for g in groups:
        others = [o for o in groups if o["claimant_side"] != g["claimant_side"]]
        if any(abs((day[o["id"]] - day[g["id"]]).days) <= link.PAIR_WINDOW_DAYS for o in others):
            assert g["id"] in answered
