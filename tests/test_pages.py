"""The plugin's pages and their JSON twins, through Datasette's test client, end to end on the
seed database and on databases built from hostile or oddly named articles. What each page shows
of known rows is checked on a hand-made database in test_pages_fixture.py."""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
import sqlite3

import pytest

from tests.conftest import site, write_article


def _one(conn, sql, *params):
    return conn.execute(sql, params).fetchone()[0]


def _chart_specs(page: str) -> dict[str, dict]:
    return {
        match.group(1): json.loads(match.group(2))
        for match in re.finditer(
            r'<script type="application/json" id="spec-([\w-]+)">(.*?)</script>', page, re.S
        )
    }


@pytest.mark.asyncio
async def test_contested_overview_charts_every_dated_claim_of_each_subject(datasette, seed_conn):
    response = await datasette.client.get("/-/contested")
    assert response.status_code == 200
    specs = _chart_specs(response.text)
    assert "russian-military-deaths-russia-military" in specs
    drawn = {value["id"] for spec in specs.values() for value in spec["data"]["values"]}
    dated_deaths = {
        row["id"]: row["population"]
        for row in seed_conn.execute(
            "SELECT id, population FROM claims WHERE subject_side = 'russia' AND measure = 'killed' "
            "AND population IN ('military', 'unknown') AND as_of IS NOT NULL AND value > 0 AND scope = 'total'"
        )
    }
    assert set(dated_deaths) <= drawn
    # a day's or a month's losses are not drawn among running totals (the table lists them)
    periods = {row[0] for row in seed_conn.execute("SELECT id FROM claims WHERE scope = 'period'")}
    assert periods and not periods & drawn
    # figures that do not say whether they count soldiers are drawn apart from military deaths
    for population in ("military", "unknown"):
        spec = specs[f"russian-military-deaths-russia-{population}"]
        assert {v["id"] for v in spec["data"]["values"]} == {
            claim for claim, said in dated_deaths.items() if said == population
        }
    russian = specs["russian-military-deaths-russia-military"]
    assert russian["title"] == {"text": "Russian military killed"}
    assert russian["layer"][-1]["encoding"]["y"]["scale"]["type"] == "log"
    assert russian["layer"][-1]["encoding"]["href"] == {"field": "page"}
    for script in ("vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js", "charts.js"):
        assert f'<script src="/-/static-plugins/casualty-claims/{script}"></script>' in response.text
        assert (await datasette.client.get(f"/-/static-plugins/casualty-claims/{script}")).status_code == 200


@pytest.mark.asyncio
async def test_claim_reported_by_two_articles_lists_both(datasette, seed_conn):
    group = _one(
        seed_conn,
        "SELECT claim_group FROM claims GROUP BY claim_group HAVING count(DISTINCT article) > 1 LIMIT 1",
    )
    claims = [r[0] for r in seed_conn.execute("SELECT id FROM claims WHERE claim_group = ?", (group,))]
    data = (await datasette.client.get(f"/-/claim/{claims[0]}.json")).json()
    assert {r["id"] for r in data["reported_by"]} == set(claims)


@pytest.mark.asyncio
async def test_article_page_links_every_mention_and_collapses_furniture(datasette, seed_conn):
    article = _one(seed_conn, "SELECT article FROM furniture GROUP BY article ORDER BY count(*) DESC LIMIT 1")
    page = await datasette.client.get(f"/-/article/{article}")
    assert page.status_code == 200
    mentions = seed_conn.execute("SELECT claim FROM mentions WHERE article = ?", (article,)).fetchall()
    links = re.findall(r'<a class="cc-figure-link" href="/-/claim/(\w+)"', page.text)
    assert sorted(links) == sorted(m[0] for m in mentions)
    furniture = _one(seed_conn, "SELECT count(*) FROM furniture WHERE article = ?", article)
    assert page.text.count('<details class="cc-furniture">') == furniture

    data = (await datasette.client.get(f"/-/article/{article}.json")).json()
    assert len(data["mentions"]) == len(mentions)
    assert all(m["claim_page"].startswith("/-/claim/") for m in data["mentions"])
    assert "blocks" not in data


@pytest.mark.asyncio
async def test_claimant_page_lists_and_charts_every_claim(datasette, seed_conn):
    claims = {
        r[0]
        for r in seed_conn.execute("SELECT id FROM claims WHERE claimant = 'russian-ministry-of-defence'")
    }
    page = await datasette.client.get("/-/claimant/russian-ministry-of-defence")
    assert page.status_code == 200
    for claim in claims:
        assert f'href="/-/claim/{claim}"' in page.text
    specs = _chart_specs(page.text)
    drawn = {v["id"] for spec in specs.values() for v in spec["data"]["values"]}
    assert drawn and drawn <= claims
    data = (await datasette.client.get("/-/claimant/russian-ministry-of-defence.json")).json()
    assert {c["id"] for c in data["claims"]} == claims
    assert data["claimant"]["side"] == "russia"
    assert data["claimant"]["aliases"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    ["/-/contested", "/-/claimant/kremlin", "/-/article/000_37b49ff60204eea0", "/-/articles", "/-/claimants"],
)
async def test_every_page_leads_back_to_the_overview_the_lists_and_the_tables(datasette, path):
    page = (await datasette.client.get(path)).text
    for href in (
        "/-/contested",
        "/claims/claims_flat",
        "/-/articles",
        "/-/claimants",
        path + ".json",
    ):
        assert f'href="{href}"' in page
    assert '<meta name="viewport"' in page


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/-/contested", "/-/claimant/kremlin.json"])
async def test_pages_are_cacheable_like_datasettes_own(datasette, path):
    response = await datasette.client.get(path)
    assert response.headers["cache-control"] == f"max-age={datasette.setting('default_cache_ttl')}"


@pytest.mark.asyncio
async def test_home_page_leads_to_the_overview(datasette):
    page = (await datasette.client.get("/")).text
    assert 'href="/-/contested"' in page


HOSTILE_ARTICLE = """Zelensky says <script>alert('headline')</script> Russia lost 5,000 soldiers

KYIV, March 3, 2023 (Reuters) - Ukrainian President Volodymyr Zelensky said 5,000 Russian soldiers \
<img src=x onerror=alert(1)> had been killed </script><script>alert(2)</script> near Bakhmut.

<a href="javascript:alert(3)">click</a> Russia's defence ministry said 900 Ukrainian soldiers \u202ehad\u200b died.

%s
""" % ("\u05e9\u05dc\u05d5\u05dd" + "x" * 20_000)
HOSTILE_META = 'outlet: "<b onmouseover=alert(4)>Evil</b>"\ntitle: "</script><script>alert(5)</script>"\n'


@pytest.fixture
def hostile_datasette(tmp_path, metadata):
    from casualty_claims.cli import build

    write_article(tmp_path / "in", "hostile.txt", HOSTILE_ARTICLE, meta=HOSTILE_META)
    build([tmp_path / "in"], tmp_path / "claims.db", reference_file=None, curation_file=None)
    return site(tmp_path / "claims.db", metadata)


@pytest.mark.asyncio
async def test_article_text_is_rendered_inert_on_every_page(hostile_datasette):
    claims = (await hostile_datasette.client.get("/claims/claims.json?_shape=objects")).json()["rows"]
    assert {c["value"] for c in claims} >= {5000, 900}
    paths = ["/-/contested", "/-/article/hostile", "/-/claimant/volodymyr-zelensky", "/claims/claims_flat"]
    paths += [f"/-/claim/{c['id']}" for c in claims]
    for path in paths:
        page = await hostile_datasette.client.get(path)
        assert page.status_code == 200, path
        for payload in ("<script>alert", "<img src=x", "<b onmouseover", 'href="javascript:'):
            assert payload not in page.text, (path, payload)
    article = (await hostile_datasette.client.get("/-/article/hostile")).text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    assert "\u202ehad\u200b" in article


@pytest.mark.asyncio
async def test_chart_specs_cannot_close_their_script_tag(hostile_datasette):
    page = (await hostile_datasette.client.get("/-/contested")).text
    specs = _chart_specs(page)
    assert specs
    titles = {v["outlet"] for spec in specs.values() for v in spec["data"]["values"]}
    assert "<b onmouseover=alert(4)>Evil</b>" in titles


@pytest.mark.asyncio
async def test_datasette_vega_still_charts_table_pages(datasette):
    page = (await datasette.client.get("/claims/claims_flat")).text
    script = re.search(r'<script src="(/-/static-plugins/datasette_vega/[^"]+\.js)"', page)
    assert script
    assert (await datasette.client.get(script.group(1))).status_code == 200
    css = "/-/static-plugins/casualty-claims/casualty-claims.css"
    assert f'<link rel="stylesheet" href="{css}">' in page
    assert (await datasette.client.get(css)).status_code == 200


@pytest.mark.asyncio
@pytest.mark.parametrize("path, page", [("/-/contested", "contested"), ("/-/claimant/kremlin", "claimant")])
async def test_the_overview_and_claimant_pages_of_an_immutable_database_are_worked_out_once(
    seed_db, metadata, monkeypatch, path, page
):
    import importlib

    from datasette.app import Datasette

    site = Datasette([], immutables=[str(seed_db)], metadata=metadata)
    first = await site.client.get(path)
    module = importlib.import_module(f"casualty_claims_plugin.{page}")
    maker = f"make_{page}_page"
    calls = []
    real = getattr(module, maker)
    monkeypatch.setattr(module, maker, lambda *args: calls.append(args) or real(*args))
    second = await site.client.get(path)
    assert second.status_code == 200 and second.text == first.text and calls == []
    assert (await site.client.get(path + ".json")).json() and len(calls) == 1
    assert (await site.client.get("/-/claimant/nobody")).status_code == 404


# Values a curation file or a hand-edited database may hold: only the last is a web address.
UNSAFE_URLS = [
    "javascript:alert(document.domain)",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://example.org/\njavascript:alert(1)",
]
SAFE_URL = "https://example.org/story?id=1&page=2"
LINK_ATTRIBUTES = re.compile(r'\b(?:href|cite|src)="([^"]*)"')


def _unsafe_links(page: str) -> list[str]:
    """Every link target of ``page`` that is neither on the site nor a web address."""
    targets = [html.unescape(value) for value in LINK_ATTRIBUTES.findall(page)]
    return [target for target in targets if not re.match(r"(https?://|/|#|\?)", target)]


def _strings(data) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return [data] if isinstance(data, str) else []


def _with_urls(seed_db, folder, url: str):
    """A copy of the seed database whose every article, report and reference claim has ``url``."""
    db = folder / "claims.db"
    shutil.copyfile(seed_db, db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE articles SET url = ?", (url,))
        conn.execute("UPDATE claims SET source_uri = ? WHERE source_uri IS NOT NULL", (url,))
        conn.execute("UPDATE reference_reports SET source_uri = ?", (url,))
    conn.close()
    return db


@pytest.mark.asyncio
@pytest.mark.parametrize("url", UNSAFE_URLS)
async def test_only_web_addresses_become_links_whatever_the_database_holds(tmp_path, seed_db, metadata, url):
    db = _with_urls(seed_db, tmp_path, url)
    conn = sqlite3.connect(db)
    checked = _one(conn, "SELECT claim FROM reference_checks ORDER BY claim LIMIT 1")
    series = _one(conn, "SELECT id FROM claims WHERE origin = 'reference' ORDER BY id LIMIT 1")
    article = _one(conn, "SELECT article FROM claims WHERE id = ?", checked)
    conn.close()
    pages = [f"/-/claim/{checked}", f"/-/claim/{series}", f"/-/article/{article}", "/-/claimant/kremlin"]
    pages += ["/-/contested"]
    served = site(db, metadata)
    for path in pages + ["/claims/articles", "/claims/claims_flat"]:
        page = await served.client.get(path)
        assert page.status_code == 200, path
        assert _unsafe_links(page.text) == [], path
    for path in pages:
        assert url not in _strings((await served.client.get(path + ".json")).json()), path


@pytest.mark.asyncio
async def test_web_addresses_stay_links(tmp_path, seed_db, metadata):
    db = _with_urls(seed_db, tmp_path, SAFE_URL)
    checked = _one(sqlite3.connect(db), "SELECT claim FROM reference_checks ORDER BY claim LIMIT 1")
    served = site(db, metadata)
    claim = (await served.client.get(f"/-/claim/{checked}")).text
    linked = html.escape(SAFE_URL)
    assert (
        f' cite="{linked}"' in claim and f'<a href="{linked}" rel="nofollow noopener">original</a>' in claim
    )
    assert f'<a href="{linked}" rel="nofollow noopener">the ministry\'s page</a>' in claim
    data = (await served.client.get(f"/-/claim/{checked}.json")).json()
    assert data["claim"]["article_url"] == SAFE_URL and data["citation"].count(SAFE_URL) == 1


ARTICLE_TEXT = """Zelensky says Russia lost {n} soldiers

Ukrainian President Volodymyr Zelensky said {n} Russian soldiers had been killed near Bakhmut.
"""
# Article ids (file names) that a path must escape: a space, a dot before `json`, a tilde
# and a plus (which Datasette's tilde encoding uses itself), letters beyond ASCII.
ODD_IDS = {
    "with space": "5,000",
    "report": "6,000",
    "report.json": "7,000",
    "a~20b+c": "8,000",
    "Київ": "9,000",
}


@pytest.fixture
def odd_ids_datasette(tmp_path, metadata):
    from casualty_claims.cli import build

    for id, figure in ODD_IDS.items():
        write_article(tmp_path / "in", f"{id}.txt", ARTICLE_TEXT.format(n=figure))
    write_article(tmp_path / "in", "notes.json.txt", ARTICLE_TEXT.format(n="4,000"))
    build([tmp_path / "in"], tmp_path / "claims.db", reference_file=None, curation_file=None)
    return site(tmp_path / "claims.db", metadata)


async def _article_links(served, id: str) -> set[str]:
    """Every link the site renders to article ``id``: in the claims table, from its claims'
    pages and from its row in the articles table."""
    claims = (await served.client.get("/claims/claims.json?_shape=objects")).json()["rows"]
    claim = next(c["id"] for c in claims if c["article"] == id)
    page = (await served.client.get(f"/-/claim/{claim}.json")).json()
    table = (await served.client.get(f"/claims/claims_flat?claim_id={claim}")).text
    row = (
        await served.client.get(page["claim"]["article_page"].replace("/-/article/", "/claims/articles/"))
    ).text
    links = {page["claim"]["article_page"], page["reported_by"][0]["article_page"]}
    links |= {html.unescape(h) for h in re.findall(r'href="(/-/article/[^"]+)"', table + row)}
    return links


@pytest.mark.asyncio
async def test_every_link_to_an_article_reaches_it_whatever_its_id(odd_ids_datasette):
    served = odd_ids_datasette
    for id in ODD_IDS:
        links = await _article_links(served, id)
        assert len(links) == 1, (id, links)
        (link,) = links
        page = await served.client.get(link)
        assert page.status_code == 200, (id, link)
        json_link = html.unescape(
            re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', page.text)[1]
        )
        data = (await served.client.get(json_link)).json()
        assert data["article"]["id"] == id and data["article"]["page"] == link
        assert (await served.client.get(data["article"]["json"])).json()["article"]["id"] == id


@pytest.mark.asyncio
async def test_a_json_twin_is_the_json_of_the_id_before_it(odd_ids_datasette):
    served = odd_ids_datasette
    assert (await served.client.get("/-/article/report.json")).json()["article"]["id"] == "report"
    assert (await served.client.get("/-/article/report~2Ejson.json")).json()["article"]["id"] == "report.json"
    assert (
        "<h1>Zelensky says Russia lost 7,000 soldiers</h1>"
        in (await served.client.get("/-/article/report~2Ejson")).text
    )
    # no article `notes`: the 404 says where the page of `notes.json` is
    missing = await served.client.get("/-/article/notes.json")
    assert missing.status_code == 404
    assert "the page of the article with id notes.json is /-/article/notes~2Ejson" in missing.text
    # an address typed with %-escapes is redirected by Datasette to its tilde encoding
    typed = await served.client.get("/-/article/with%20space", follow_redirects=True)
    assert typed.status_code == 200 and "5,000" in typed.text


@pytest.mark.asyncio
async def test_every_link_the_plugin_renders_answers(datasette, seed_conn):
    """No link of the plugin's pages (table filters, sorts, other pages) is a 404 or a 500."""
    paired = _one(seed_conn, "SELECT claim_id FROM counterclaims ORDER BY id LIMIT 1")
    article = _one(seed_conn, "SELECT article FROM claims WHERE id = ?", paired)
    pages = ["/", "/-/contested", "/-/claimant/kremlin", f"/-/claim/{paired}", f"/-/article/{article}"]
    links = set()
    for path in pages:
        links |= {
            html.unescape(h) for h in re.findall(r'href="(/[^"]*)"', (await datasette.client.get(path)).text)
        }
        if path != "/":
            data = (await datasette.client.get(path + ".json")).json()
            links |= {s for s in _strings(data) if s.startswith("/")}
    assert any("_sort_desc=ratio" in link for link in links)
    for link in sorted(links):
        assert (await datasette.client.get(link)).status_code == 200, link


@pytest.fixture
def immutable_site(seed_db, metadata, monkeypatch):
    """The seed database served immutable, as the published site is, with no home page kept yet."""
    from datasette.app import Datasette

    return Datasette([], immutables=[str(seed_db)], metadata=metadata)


@pytest.mark.asyncio
async def test_the_home_page_of_immutable_databases_is_made_once(immutable_site, monkeypatch):
    from datasette.database import Database

    first = await immutable_site.client.get("/")
    asked = []
    real = Database.execute_fn
    monkeypatch.setattr(Database, "execute_fn", lambda db, fn: asked.append(fn) or real(db, fn))
    again = await immutable_site.client.get("/")
    assert again.status_code == 200 and again.text == first.text and asked == []
    # the page links to its JSON at the address it was asked at, so each address has its own
    elsewhere = await immutable_site.client.get("/", headers={"host": "elsewhere.example"})
    assert 'href="http://elsewhere.example/.json"' in elsewhere.text and asked
    assert (await immutable_site.client.get("/")).text == first.text
    # a reader who may be signed in gets the page made for them
    asked.clear()
    signed_in = await immutable_site.client.get("/", cookies={"ds_actor": "someone"})
    assert signed_in.status_code == 200 and asked


@pytest.mark.asyncio
async def test_made_up_host_headers_do_not_fill_the_memory(immutable_site):
    from casualty_claims_plugin.cache import HOME_PAGES_KEPT, cache_of

    for n in range(HOME_PAGES_KEPT + 3):
        assert (await immutable_site.client.get("/", headers={"host": f"h{n}.example"})).status_code == 200
    assert len(cache_of(immutable_site, "home", HOME_PAGES_KEPT)) == HOME_PAGES_KEPT


def test_a_bounded_cache_forgets_the_least_recently_used():
    from casualty_claims_plugin.cache import BoundedCache

    cache = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now b is the least recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (1, None, 3, 2)


@pytest.mark.asyncio
async def test_each_site_keeps_its_own_pages(seed_db, metadata):
    from datasette.app import Datasette

    from casualty_claims_plugin.cache import PAGES_KEPT, cache_of

    one, other = (Datasette([], immutables=[str(seed_db)], metadata=metadata) for _ in range(2))
    assert (await one.client.get("/-/contested.json")).status_code == 200
    assert len(cache_of(one, "pages", PAGES_KEPT)) == 1 and len(cache_of(other, "pages", PAGES_KEPT)) == 0


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/-/contested",
        "/-/contested.json",
        "/-/claim/x",
        "/-/article/x.json",
        "/-/claimant/kremlin",
        "/-/about.json",
    ],
)
async def test_pages_ask_for_permission_to_view_the_site_and_the_database(seed_db, metadata, path):
    from datasette.app import Datasette

    from casualty_claims import publish

    for where in ("instance", "database"):
        denied = copy.deepcopy(metadata)
        if where == "instance":
            denied["allow"] = {"id": "admin"}
        else:
            denied["databases"]["claims"]["allow"] = {"id": "admin"}
        config = {"config": publish.datasette1_config(denied)} if publish.datasette_major() >= 1 else {}
        site = Datasette([], immutables=[str(seed_db)], metadata=denied, **config)
        assert (await site.client.get(path)).status_code == 403, where
        cookies = {"ds_actor": site.sign({"a": {"id": "admin"}}, "actor")}
        assert (await site.client.get(path, cookies=cookies)).status_code in (200, 404), where


def _rows_written_backwards(db) -> None:
    """Every table's rows written again in the opposite order: what another build, whose
    workers finished in another order, may have written."""
    conn = sqlite3.connect(db)
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
            "AND name NOT LIKE '%_fts%' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    conn.execute("PRAGMA foreign_keys = OFF")
    for table in tables:
        conn.execute(f"CREATE TEMP TABLE backwards AS SELECT * FROM [{table}] ORDER BY rowid DESC")
        conn.execute(f"DELETE FROM [{table}]")
        conn.execute(f"INSERT INTO [{table}] SELECT * FROM backwards")
        conn.execute("DROP TABLE backwards")
    conn.commit()
    conn.close()


@pytest.mark.asyncio
async def test_pages_list_the_same_rows_whatever_order_the_build_wrote_them_in(seed_db, metadata, tmp_path):
    backwards = tmp_path / "claims.db"
    shutil.copy(seed_db, backwards)
    _rows_written_backwards(backwards)
    conn = sqlite3.connect(seed_db)
    paths = ["/-/contested.json"] + [
        f"/-/{page}/{id}.json"
        for page, table in (("claim", "claims"), ("article", "articles"), ("claimant", "claimants"))
        for (id,) in conn.execute(f"SELECT id FROM {table} WHERE id NOT LIKE 'reference-%' LIMIT 200")
    ]
    conn.close()
    as_built, as_rewritten = site(seed_db, metadata), site(backwards, metadata)
    for path in paths:
        first, second = await as_built.client.get(path), await as_rewritten.client.get(path)
        assert first.status_code == 200, path
        assert first.json() == second.json(), path
