"""What one request may cost the server: no arbitrary SQL on the published site, a bound
on every value a query makes or reads, and cheap pages that answer while costly SQL runs."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

import httpx
import pytest
from datasette.app import DEFAULT_SETTINGS

from bench.server import serving
from casualty_claims import publish
from casualty_claims.read import DEFAULT_MAX_BYTES

RECURSIVE_CTE = "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r"
HUGE_BLOB = "select length(randomblob(999999999)) AS n"
# 100 MB: SQLite 3.40 still counts to the precision past the limit, so a gigabyte takes seconds
HUGE_PRINTF = "select length(printf('%.*c', 99999999, 'x')) AS n"


def sql_path(sql: str) -> str:
    return "/claims.json?" + urlencode({"sql": sql, "_shape": "objects"})


def client(base: str, client_class=httpx.Client):
    # Datasette 1.0 redirects `/claims.json?sql=` to `/claims/-/query.json?sql=`
    return client_class(base_url=base, follow_redirects=True, timeout=30)


@pytest.fixture(scope="module")
def site_db(tmp_path_factory, seed_db):
    """The seed database under the name the site serves (claims)."""
    path = tmp_path_factory.mktemp("limits") / "claims.db"
    path.write_bytes(seed_db.read_bytes())
    return path


def test_the_published_site_refuses_arbitrary_sql_and_keeps_canned_queries_and_json(site_db):
    with serving(site_db) as base, client(base) as site:
        for sql in ("select 1", RECURSIVE_CTE, HUGE_BLOB):
            assert site.get(sql_path(sql)).status_code == 403, sql
        assert site.get("/claims/claims?_where=" + RECURSIVE_CTE).status_code == 403
        claims = site.get("/claims/claims_by_claimant.json?_shape=objects&claimant=kremlin").json()["rows"]
        assert claims and all(row["claim_id"] for row in claims)
        assert site.get("/claims/claims_flat.json?_shape=objects&measure=killed").json()["rows"]
        assert site.get("/-/contested.json").status_code == 200


def test_make_serve_on_loopback_takes_sql_within_the_limits(site_db):
    with serving(site_db, allow_sql=True) as base, client(base) as site:
        assert site.get(sql_path("select 1 AS n")).json()["rows"] == [{"n": 1}]
        started = time.perf_counter()
        blob = site.get(sql_path(HUGE_BLOB))
        assert blob.status_code == 400 and "string or blob too big" in blob.text
        assert time.perf_counter() - started < 2
        # printf gives up at the length limit: no value, and no 100 MB in memory
        assert site.get(sql_path(HUGE_PRINTF)).json()["rows"] == [{"n": None}]
        cut = site.get(sql_path(RECURSIVE_CTE))
        assert cut.status_code == 400 and "too long" in cut.text


@pytest.mark.asyncio
async def test_the_home_page_answers_while_every_sql_thread_runs_a_recursive_cte(site_db):
    with serving(site_db, allow_sql=True) as base:
        async with client(base, httpx.AsyncClient) as site:
            assert (await site.get("/")).status_code == 200
            threads = DEFAULT_SETTINGS["num_sql_threads"]
            costly = [asyncio.create_task(site.get(sql_path(RECURSIVE_CTE))) for _ in range(threads)]
            await asyncio.sleep(0.5)  # every SQL thread is busy counting
            started = time.perf_counter()
            home = await site.get("/")
            answered = time.perf_counter() - started
            assert home.status_code == 200 and "Contested figures" in home.text
            assert not all(task.done() for task in costly)
            assert answered < 1
            assert all(r.status_code == 400 for r in await asyncio.gather(*costly))


@pytest.mark.asyncio
async def test_every_connection_bounds_the_values_a_query_makes(datasette):
    from casualty_claims_plugin import MAX_VALUE_BYTES

    db = datasette.get_database("claims")
    assert (await db.execute("select length(randomblob(?))", [MAX_VALUE_BYTES])).first()[0] == MAX_VALUE_BYTES
    with pytest.raises(Exception, match="string or blob too big"):
        await db.execute("select randomblob(?)", [MAX_VALUE_BYTES + 1])
    with pytest.raises(Exception, match="string or blob too big"):
        await db.execute(
            "select group_concat(raw_text) from article_texts, (select 1 from claims limit 4000)"
        )


def test_the_value_bound_holds_the_longest_article_the_build_keeps():
    from casualty_claims_plugin import MAX_VALUE_BYTES

    # an article file of --max-bytes in Latin-1 is up to twice as long once stored as UTF-8
    assert MAX_VALUE_BYTES >= 2 * DEFAULT_MAX_BYTES


@pytest.mark.asyncio
async def test_table_pages_suggest_no_facets(datasette):
    extra = "&_extra=suggested_facets" if publish.datasette_major() >= 1 else ""
    data = (await datasette.client.get(f"/claims/claims_flat.json?_shape=objects{extra}")).json()
    assert data["suggested_facets"] == []
    assert 'class="suggested-facets"' not in (await datasette.client.get("/claims/claims_flat")).text
