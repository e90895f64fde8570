"""The Datasette app serves the database with the plugin and metadata."""

from __future__ import annotations

import re

import pytest


@pytest.mark.asyncio
async def test_home_lists_the_database(datasette):
    response = await datasette.client.get("/")
    assert response.status_code == 200
    assert "Casualty claims" in response.text


@pytest.mark.asyncio
async def test_home_says_what_when_how_many_and_how_to_cite(datasette, seed_conn):
    build = dict(seed_conn.execute("SELECT * FROM build").fetchone())
    news = seed_conn.execute(
        "SELECT count(*) FROM claims WHERE origin = 'news' AND status != 'rejected'"
    ).fetchone()[0]
    assert (build["articles"], build["claims"], build["reference_reports"]) == (5, news, 1449)
    page = (await datasette.client.get("/")).text
    assert f">{build['claims']} claims</a>" in page and ">5 articles</a>" in page
    assert f'<time datetime="{build["built_at"]}">' in page
    assert "1,449 daily reports</a>" in page and "to 2026-08-22" in page
    assert "Citing a claim" in page and "CC BY 4.0" in page and "orc-losses" in page


@pytest.mark.asyncio
async def test_plugins_are_loaded(datasette):
    response = await datasette.client.get("/-/plugins.json")
    names = {plugin["name"] for plugin in response.json()}
    assert "casualty-claims" in names
    assert "datasette-vega" in names


@pytest.mark.asyncio
@pytest.mark.parametrize("table", ["claims", "claims_flat", "articles", "sentences", "claimants", "mentions"])
async def test_tables_and_their_json_respond(datasette, table):
    page = await datasette.client.get(f"/claims/{table}")
    assert page.status_code == 200
    data = await datasette.client.get(f"/claims/{table}.json?_shape=objects")
    assert data.status_code == 200
    assert data.json()["rows"]


@pytest.mark.asyncio
async def test_claims_flat_json_carries_provenance(datasette):
    response = await datasette.client.get(
        "/claims/claims_flat.json?_shape=objects&value=16000&measure=killed"
    )
    (row,) = response.json()["rows"]
    assert row["claimant"] == "Volodymyr Zelensky"
    assert row["subject_side"] == "russia"
    assert "16,000" in row["quote"]


@pytest.mark.asyncio
async def test_cells_show_labels_and_link_claims(datasette):
    response = await datasette.client.get("/claims/claims_flat?measure=killed_or_wounded")
    assert "killed or wounded</span>" in response.text
    assert 'class="cc-label cc-subject_side" title="russia">Russia</span>' in response.text
    assert '<a href="/-/claim/' in response.text


@pytest.mark.asyncio
async def test_metadata_describes_every_table_and_column(datasette, seed_conn, metadata):
    tables = metadata["databases"]["claims"]["tables"]
    names = [
        r[0] for r in seed_conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    ]
    for name in names:
        if "_fts" in name or name.startswith("sqlite_"):  # search indexes, planner statistics
            continue
        assert tables.get(name, {}).get("description"), f"{name} has no description"
        columns = tables[name].get("columns", {})
        for column in [r[1] for r in seed_conn.execute(f"PRAGMA table_info([{name}])")]:
            assert columns.get(column), f"{name}.{column} has no description"


def test_load_test_reports_every_kind_of_path_without_errors(seed_db, capsys):
    from bench.loadtest import EXPECTED_STATUS, main

    assert main(["--db", str(seed_db), "--requests", "90", "--concurrency", "4", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("90 requests (seed 7) at concurrency 4: 0 errors")
    for kind in [*EXPECTED_STATUS, "all"]:
        assert re.search(rf"^{re.escape(kind)} +\d+ +0 +\d+ +\d+ +\d+ +\d+$", out, re.M), kind


def test_load_test_draws_every_kind_of_path_at_random_with_a_seed(seed_db):
    import random

    from bench.loadtest import EXPECTED_STATUS, path_kinds, sample

    def draw(seed: int):
        pick = random.Random(seed)
        return sample(path_kinds(seed_db, pick), 500, pick)

    first = draw(1)
    assert draw(1) == first and draw(2) != first
    assert {r.kind for r in first} == set(EXPECTED_STATUS)
    paths = {r.path for r in first}
    for part in (
        "/-/contested",
        "/-/claim/",
        ".json",
        "_sort=",
        "_search=",
        "/claims/claims_by_claimant?claimant=",
    ):
        assert any(part in path for path in paths), part
