"""The plugin's pages and their JSON twins, through Datasette's test client."""

from __future__ import annotations

import html
import json
import re

import pytest

ZELENSKY_16000 = "SELECT id FROM claims WHERE value = 16000 AND claimant = 'volodymyr-zelensky'"


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
    assert "russian-military-deaths" in specs
    drawn = {value["id"] for spec in specs.values() for value in spec["data"]["values"]}
    dated_deaths = {
        row[0]
        for row in seed_conn.execute(
            "SELECT id FROM claims WHERE subject_side = 'russia' AND measure = 'killed' "
            "AND population IN ('military', 'unknown') AND as_of IS NOT NULL AND value > 0"
        )
    }
    assert dated_deaths <= drawn
    russian = specs["russian-military-deaths"]
    assert {v["id"] for v in russian["data"]["values"]} == dated_deaths
    assert russian["layer"][1]["encoding"]["y"]["scale"]["type"] == "log"
    assert russian["layer"][1]["encoding"]["href"] == {"field": "page"}
    for script in ("vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js", "charts.js"):
        assert f'<script src="/assets/{script}"></script>' in response.text


@pytest.mark.asyncio
async def test_contested_overview_pairs_zelensky_with_the_kremlin(datasette, seed_conn):
    response = await datasette.client.get("/-/contested.json")
    assert response.status_code == 200
    data = response.json()
    russian = next(s for s in data["subjects"] if s["slug"] == "russian-military-deaths")
    pair = next(p for p in russian["pairs"] if {p["claim_value"], p["counter_value"]} == {16000, 1351})
    assert pair["ratio"] == pytest.approx(11.8, abs=0.05)
    zelensky = _one(seed_conn, ZELENSKY_16000)
    assert f"/-/claim/{zelensky}" in (pair["claim_page"], pair["counter_page"])
    page = (await datasette.client.get("/-/contested")).text
    assert f'href="/-/claim/{zelensky}"' in page
    assert "11.8×" in page


@pytest.mark.asyncio
async def test_claim_page_shows_the_figure_in_its_sentence_with_counterclaims(datasette, seed_conn):
    claim = _one(seed_conn, ZELENSKY_16000)
    page = await datasette.client.get(f"/-/claim/{claim}")
    assert page.status_code == 200
    assert '<mark class="cc-figure">16,000</mark>' in page.text
    assert '<strong class="cc-sentence">' in page.text
    assert 'href="/-/claimant/volodymyr-zelensky"' in page.text
    kremlin = _one(seed_conn, "SELECT id FROM claims WHERE value = 1351 ORDER BY id LIMIT 1")
    kremlin_group = _one(seed_conn, "SELECT claim_group FROM claims WHERE id = ?", kremlin)
    others = {
        r[0] for r in seed_conn.execute("SELECT id FROM claims WHERE claim_group = ?", (kremlin_group,))
    }
    assert any(f'href="/-/claim/{other}"' in page.text for other in others)
    assert f"claim {claim}, http://localhost/-/claim/{claim}" in html.unescape(page.text)

    data = (await datasette.client.get(f"/-/claim/{claim}.json")).json()
    assert data["claim"]["value"] == 16000
    assert data["claim"]["claimant"] == "Volodymyr Zelensky"
    sentence, span = data["claim"]["sentence"], data["claim"]["span"]
    assert "16,000" in sentence and span["end"] - span["start"] == len("16,000")
    assert {c["value"] for c in data["counterclaims"]} >= {1351}
    assert data["citation"].endswith(f"http://localhost/-/claim/{claim}")
    assert data["links"]["contested"] == "/-/contested"


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
@pytest.mark.parametrize("path", ["/-/claim/no-such-claim", "/-/article/nope", "/-/claimant/nobody"])
async def test_unknown_ids_are_not_found(datasette, path):
    assert (await datasette.client.get(path)).status_code == 404
    assert (await datasette.client.get(path + ".json")).status_code == 404


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
    assert _chart_specs(page.text)["claimant"]["data"]["values"]
    data = (await datasette.client.get("/-/claimant/russian-ministry-of-defence.json")).json()
    assert {c["id"] for c in data["claims"]} == claims
    assert data["claimant"]["side"] == "russia"
    assert data["claimant"]["aliases"]


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/-/contested", "/-/claimant/kremlin", "/-/article/000_37b49ff60204eea0"])
async def test_every_page_leads_back_to_the_overview_and_the_tables(datasette, path):
    page = (await datasette.client.get(path)).text
    for href in (
        "/-/contested",
        "/claims/claims_flat",
        "/claims/articles",
        "/claims/claimants",
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


@pytest.mark.asyncio
async def test_tables_link_ids_to_pages_and_label_sides(datasette, seed_conn):
    claim = _one(seed_conn, ZELENSKY_16000)
    page = (await datasette.client.get(f"/claims/claims?id={claim}")).text
    assert '<a href="/-/claimant/volodymyr-zelensky">Volodymyr Zelensky</a>' in page
    assert '<span class="cc-label cc-subject_side" title="russia">Russia</span>' in page
    assert '<span class="cc-label cc-measure" title="killed">killed</span>' in page
    flat = (await datasette.client.get(f"/claims/claims_flat?claim_id={claim}")).text
    assert f'<a href="/-/claim/{claim}">{claim}</a>' in flat
    row = (await datasette.client.get(f"/claims/claims/{claim}")).text
    assert f'<a href="/-/claim/{claim}">Read this claim on its page</a>' in row


HOSTILE_ARTICLE = """Zelensky says <script>alert('headline')</script> Russia lost 5,000 soldiers

KYIV, March 3, 2023 (Reuters) - Ukrainian President Volodymyr Zelensky said 5,000 Russian soldiers \
<img src=x onerror=alert(1)> had been killed </script><script>alert(2)</script> near Bakhmut.

<a href="javascript:alert(3)">click</a> Russia's defence ministry said 900 Ukrainian soldiers \u202ehad\u200b died.

%s
""" % ("\u05e9\u05dc\u05d5\u05dd" + "x" * 20_000)
HOSTILE_META = 'outlet: "<b onmouseover=alert(4)>Evil</b>"\ntitle: "</script><script>alert(5)</script>"\n'


@pytest.fixture
def hostile_datasette(tmp_path, metadata):
    from datasette.app import Datasette

    from casualty_claims.cli import build
    from tests.conftest import ROOT, write_article

    write_article(tmp_path / "in", "hostile.txt", HOSTILE_ARTICLE, meta=HOSTILE_META)
    build([tmp_path / "in"], tmp_path / "claims.db", reference_file=None, curation_file=None)
    return Datasette(
        [str(tmp_path / "claims.db")],
        metadata=metadata,
        plugins_dir=str(ROOT / "plugin"),
        template_dir=str(ROOT / "plugin" / "templates"),
        static_mounts=[("assets", str(ROOT / "plugin" / "static"))],
    )


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
    assert '<link rel="stylesheet" href="/assets/casualty-claims.css">' in page


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path, maker", [("/-/contested", "_contested"), ("/-/claimant/kremlin", "_claimant_page")]
)
async def test_the_overview_and_claimant_pages_of_an_immutable_database_are_worked_out_once(
    seed_db, metadata, monkeypatch, path, maker
):
    from datasette.app import Datasette
    from datasette.plugins import pm

    from tests.conftest import ROOT

    site = Datasette([], immutables=[str(seed_db)], metadata=metadata, plugins_dir=str(ROOT / "plugin"),
                     template_dir=str(ROOT / "plugin" / "templates"))  # fmt: skip
    first = await site.client.get(path)
    plugin = pm.get_plugin("casualty_claims_plugin.py")
    calls = []
    real = getattr(plugin, maker)
    monkeypatch.setattr(plugin, maker, lambda *args: calls.append(args) or real(*args))
    second = await site.client.get(path)
    assert second.status_code == 200 and second.text == first.text and calls == []
    assert (await site.client.get(path + ".json")).json() and len(calls) == 1
    assert (await site.client.get("/-/claimant/nobody")).status_code == 404
