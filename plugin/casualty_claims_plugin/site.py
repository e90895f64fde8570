"""What every page of the plugin shares: the database it reads, the permission check,
page addresses (ids tilde-encoded), the 404 of an unknown id, and the response, HTML
or its JSON twin."""

from __future__ import annotations

from urllib.parse import urlencode

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response

from casualty_claims.vocabulary import REJECTED

from .charts import side_colours_css

DATABASE = "claims"
# The distribution whose `static/` folder Datasette serves at /-/static-plugins/{PLUGIN_NAME}/.
PLUGIN_NAME = "casualty-claims"
STYLESHEET = "casualty-claims.css"
SIDE_COLOURS_PATH = "/-/casualty-claims/sides.css"
VENDORED_SCRIPTS = ["vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js", "charts.js"]
PAGES = {"claims": "claim", "articles": "article", "claimants": "claimant", "reference_reports": "report"}


async def check_permissions(datasette, request) -> None:
    """Raise Forbidden (a 403) unless the reader may view the site and the claims
    database, as Datasette's own database pages ask."""
    if hasattr(datasette, "ensure_permission"):  # Datasette 1.0: one action and resource at a time
        from datasette.resources import DatabaseResource

        await datasette.ensure_permission(action="view-instance", actor=request.actor)
        await datasette.ensure_permission(
            action="view-database", resource=DatabaseResource(DATABASE), actor=request.actor
        )
    else:  # Datasette 0.65
        await datasette.ensure_permissions(request.actor, [("view-database", DATABASE), "view-instance"])


async def unseen_linking_tables(datasette, request, table: str) -> list[str]:
    """The tables whose rows point to a row of ``table`` that the reader may not view
    (article_texts, which the site serves to nobody): a row page lists no link to them,
    where Datasette's would list one that answers 403."""
    keys = await datasette.get_database(DATABASE).get_all_foreign_keys()
    linking = {key["other_table"] for key in keys.get(table, {}).get("incoming", [])}
    return [other for other in sorted(linking) if not await _may_view_table(datasette, request.actor, other)]


async def _may_view_table(datasette, actor, table: str) -> bool:
    if hasattr(datasette, "allowed"):  # Datasette 1.0
        from datasette.resources import TableResource

        return await datasette.allowed(
            action="view-table", resource=TableResource(DATABASE, table), actor=actor
        )
    return await datasette.permission_allowed(actor, "view-table", (DATABASE, table), default=True)


def asset_url(datasette, path: str) -> str:
    """The address of one of the plugin's static files."""
    return datasette.urls.static_plugins(PLUGIN_NAME, path)


async def side_colours_stylesheet(request):
    """The sides' colours for the stylesheet, from the one map the charts draw with."""
    return Response(
        side_colours_css(), content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"}
    )


def page_url(datasette, table: str, id: str, format: str = "") -> str:
    """A page's path, its id tilde-encoded as Datasette encodes table names: a dot becomes
    ``~2E``, so ``.json`` at the end of a path only ever asks for the JSON twin."""
    return datasette.urls.path(f"/-/{PAGES[table]}/{tilde_encode(id)}{format}")


def requested_id(request) -> str:
    """The id a page's path names. Datasette redirects a %-encoded path to its tilde
    encoding, and the plugin's links are tilde-encoded, so this undoes that encoding."""
    return tilde_decode(request.url_vars["id"])


def database(datasette):
    try:
        return datasette.get_database(DATABASE)
    except KeyError:
        raise NotFound(f"This site serves no database named {DATABASE}") from None


async def requested_row(datasette, request, sql: str, table: str, **parameters):
    """The row of ``table`` a page is about (``sql`` takes its :id and ``parameters``),
    or a 404 naming what was not found."""
    db, id = database(datasette), requested_id(request)
    row = (await db.execute(sql, {"id": id, **parameters})).first()
    if row is None:
        hint = await _json_twin_hint(datasette, request, sql, table, parameters)
        raise NotFound(f"No {PAGES[table]} with id {id}{hint}")
    return row


async def _json_twin_hint(datasette, request, sql: str, table: str, parameters: dict) -> str:
    """Where the page is of an id that ends in ``.json``, for whoever asked for
    `/-/article/report.json` (the JSON of an article `report` that does not exist)."""
    if request.url_vars.get("format") != ".json":
        return ""
    full_id = requested_id(request) + ".json"
    if (await database(datasette).execute(sql, {"id": full_id, **parameters})).first() is None:
        return ""
    return f"; the page of the {PAGES[table]} with id {full_id} is {page_url(datasette, table, full_id)}"


def filtered(datasette, table: str, **filters: str) -> str:
    """The address of ``table`` filtered as Datasette's table page filters."""
    return datasette.urls.table(DATABASE, table) + "?" + urlencode(filters)


def links(datasette) -> dict:
    """The site's main tables and the overview, for every page's navigation."""
    return {
        "contested": datasette.urls.path("/-/contested"),
        "about": datasette.urls.path("/-/about"),
        "database": datasette.urls.database(DATABASE),
        "claims": datasette.urls.table(DATABASE, "claims_flat"),
        "articles": datasette.urls.path("/-/articles"),
        "claimants": datasette.urls.path("/-/claimants"),
        "counterclaims": datasette.urls.table(DATABASE, "counterclaims_flat"),
        "reference_reports": datasette.urls.table(DATABASE, "reference_reports"),
    }


def counted_links(datasette) -> dict:
    """The pages of the home page's counts, listing what the build counts (store.py's
    BUILD_SUMMARY), so that each count opens as many rows as it says: news claims less the
    rejected ones (the claims table, filtered), the claimants of those claims and the news
    articles, not the series (/-/claimants and /-/articles list just those)."""
    return dict(links(datasette), claims=filtered(datasette, "claims", origin="news", status__not=REJECTED))


async def respond(datasette, request, template: str, data: dict, html_only: tuple[str, ...] = ()):
    """The page as HTML, or ``data`` (less ``html_only`` keys) as its JSON twin."""
    # cacheable as long as Datasette's own pages are: the database is immutable
    headers = {"Cache-Control": f"max-age={datasette.setting('default_cache_ttl')}"}
    if request.url_vars.get("format") == ".json":
        return Response.json(
            {key: value for key, value in data.items() if key not in html_only},
            default=str,
            headers=headers,
        )
    context = dict(data, scripts=[asset_url(datasette, script) for script in VENDORED_SCRIPTS])
    context["json_url"] = request.path + ".json"
    return Response.html(
        await datasette.render_template(f"casualty_claims/{template}", context, request=request),
        headers=headers,
    )
