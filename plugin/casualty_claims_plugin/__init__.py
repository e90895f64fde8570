"""Datasette plugin for casualty-claims: claims set beside their counterclaims.

Pages, each with a JSON twin at the same path plus ``.json``:

    /-/contested         every contested subject: a timeline chart and the counterclaim pairs
    /-/claim/{id}        one claim in its sentence and paragraph, its outlets, counterclaims, citation
    /-/article/{id}      an article with every figure linked to its claim, furniture collapsed
                         (or, from a quotes-only database, its sentences kept, linked to the original)
    /-/claimant/{id}     every claim of one claimant over time (the ministry's: its daily series too)
    /-/report/{date}     one daily report of the ministry's series, its figures and the news checked against it
    /-/articles          the news articles (outlet, date, headline, claims), sortable, a page at a time
    /-/claimants         the claimants of the claims (side, kind, claims, first and last), likewise
    /-/about             how to read the data: definitions, pairing rules, limits, citing, errors

An id is tilde-encoded in a path, as Datasette encodes table names, so that
``/-/article/report.json`` is the JSON of article ``report`` and the page of an
article ``report.json`` is ``/-/article/report~2Ejson``. Every page asks for the
``view-instance`` and ``view-database`` permissions, as Datasette's own pages do.

In tables, ``render_cell`` shows sides, measures and qualifiers as labels, a pair's
caveats in words, figures with thousands separators and long texts cut short, and turns
claim, article and claimant ids (and a claimant's name beside its id) into links to their
pages. Every page's header (templates/base.html) has a search box, answered by the canned
query ``search_claims``.

This module holds the hooks only, registered through the ``datasette`` entry point of
the casualty-claims distribution (pyproject.toml). Each page is a module with its SQL
beside its handler (contested, claim, article, claimant, series, about, article_list,
claimant_list); site, claims, charts, cells, markup, listing and cache are the pieces they share; search makes
what the search box is given an FTS5 query, and feed gives the Atom feed what it asks of the
plugin (the site's absolute address, a claim's summary, a valid feed of no entries).
Templates and static files ship in the package: Datasette serves ``static/`` at
``/-/static-plugins/casualty-claims/``. The plugin reads only the database, the vocabulary
(``casualty_claims.vocabulary``), the build's two readers of what it stores: a figure as it
was said (``casualty_claims.display``) and a pair's caveats (``casualty_claims.caveats``), and
the rules and windows the method page states (``casualty_claims.link``,
``casualty_claims.reference``).
"""

from __future__ import annotations

import re
import sqlite3

import datasette_atom
from datasette import hookimpl
from datasette.utils import tilde_encode

from casualty_claims.reference import CLAIMANT as SERIES_CLAIMANT
from casualty_claims.vocabulary import QUOTES_ONLY

from .about import about_page
from .article import article_page
from .article_list import article_list_page
from .cache import home_made_once
from .cells import cell_html
from .claim import claim_page
from .claimant import claimant_page
from .claimant_list import claimant_list_page
from .contested import contested_page
from .feed import claim_summary, render_feed, site_parameter
from .markup import chart_json
from .search import fts_words
from .series import report_page
from .site import (
    DATABASE,
    SIDE_COLOURS_PATH,
    STYLESHEET,
    asset_url,
    counted_links,
    side_colours_stylesheet,
    unseen_linking_tables,
)

# The longest string or blob any query may make or read (SQLite's SQLITE_LIMIT_LENGTH):
# above the longest text the build stores (an article of at most 5 MB, 10 MB once a
# Latin-1 file is re-encoded as UTF-8), far below the gigabyte `randomblob(999999999)`
# or `printf('%.*c', 999999999, 'x')` would otherwise allocate.
MAX_VALUE_BYTES = 16 * 1024 * 1024


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/contested(?P<format>\.json)?$", contested_page),
        (r"^/-/claim/(?P<id>[^/]+?)(?P<format>\.json)?$", claim_page),
        (r"^/-/article/(?P<id>[^/]+?)(?P<format>\.json)?$", article_page),
        (r"^/-/claimant/(?P<id>[^/]+?)(?P<format>\.json)?$", claimant_page),
        (r"^/-/report/(?P<id>[^/]+?)(?P<format>\.json)?$", report_page),
        (r"^/-/about(?P<format>\.json)?$", about_page),
        (r"^/-/articles(?P<format>\.json)?$", article_list_page),
        (r"^/-/claimants(?P<format>\.json)?$", claimant_list_page),
        ("^" + re.escape(SIDE_COLOURS_PATH) + "$", side_colours_stylesheet),
    ]


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.create_function("claim_summary", 1, claim_summary, deterministic=True)
    conn.create_function("fts_words", 1, fts_words, deterministic=True)


@hookimpl
def menu_links(datasette):
    return [
        {"href": datasette.urls.path("/-/contested"), "label": "Contested figures"},
        {"href": datasette.urls.path("/-/articles"), "label": "Articles"},
        {"href": datasette.urls.path("/-/claimants"), "label": "Claimants"},
        {"href": datasette.urls.path("/-/about"), "label": "How to read the data"},
    ]


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    if view_name == "row" and database == DATABASE:

        async def row():
            return {"cc_unseen_tables": await unseen_linking_tables(datasette, request, table)}

        return row
    if view_name != "index":
        return None

    async def home():
        try:
            db = datasette.get_database(DATABASE)
        except KeyError:
            return {}
        rows = (await db.execute("SELECT * FROM build WHERE id = 1")).rows
        build = dict(rows[0]) if rows else None
        return {
            "build": build,
            "cc_links": counted_links(datasette),
            "cc_quotes_only": bool(build) and build["texts"] == QUOTES_ONLY,
            "cc_series_claimant": SERIES_CLAIMANT,
        }

    return home


@hookimpl
def register_magic_parameters(datasette):
    return [("site", lambda key, request: site_parameter(datasette, key, request))]


# Called after datasette-atom's hook (trylast), so that this renderer of ``.atom`` replaces its own.
@hookimpl(trylast=True)
def register_output_renderer(datasette):
    return {"extension": "atom", "render": render_feed, "can_render": datasette_atom.can_render_atom}


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path(SIDE_COLOURS_PATH), asset_url(datasette, STYLESHEET)]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return cell_html(datasette, value, column, table, row)


@hookimpl
def asgi_wrapper(datasette):
    return lambda app: home_made_once(datasette, app)


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["chart_json"] = chart_json
    env.filters["tilde_encode"] = tilde_encode
