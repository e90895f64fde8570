"""What the Atom feed of the newest claims (the canned query ``newest_claims_atom``, rendered
by datasette-atom) needs from the plugin to be valid Atom with readable titles.

* ``:_site_root``, a magic parameter: the site's absolute address ("https://example.org/",
  with Datasette's ``base_url``), so that entry ids and links are absolute IRIs. It is the
  address the reader asked for, as Datasette makes absolute addresses (``absolute_url``:
  the request's host, ``https`` when the ``force_https_urls`` setting is on), so a
  deployment behind a proxy passes the public Host and turns that setting on.
* ``claim_summary(json_object(...))``, an SQL function: a claim in one line, as the claim
  pages summarise it ("Kremlin: 1,351 killed (Russian military), as of 2022-03-25").
* ``render_feed``, the ``.atom`` renderer: datasette-atom's, but for a query of no rows (an
  empty database, a filter that finds nothing), which it answers with a 500 (it dates the
  feed by its newest entry), a valid feed of no entries dated by the build.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import sqlite3

import datasette_atom
from datasette import __version__ as datasette_version
from datasette.utils.asgi import Response
from feedgen.feed import FeedGenerator

from .claims import summary

BUILT_AT = "SELECT built_at FROM build WHERE id = 1"


def site_parameter(datasette, key: str, request) -> str:
    """The value of the magic parameter ``:_site_{key}``; a KeyError for any other key, so
    that Datasette reads it as an ordinary parameter."""
    if key != "root":
        raise KeyError(key)
    return datasette.absolute_url(request, datasette.urls.path("/"))


def claim_summary(claim_json: str | None) -> str | None:
    """``summary`` of a claim given as a JSON object of the columns it reads (SQL has no
    named arguments: ``json_object`` names them)."""
    if claim_json is None:
        return None
    return summary(json.loads(claim_json))


async def render_feed(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
    """The Atom feed of a query's rows: datasette-atom's, or with no rows a feed of no entries."""
    if rows:
        feed = datasette_atom.render_atom(
            datasette=datasette, request=request, sql=sql, columns=columns, rows=rows, database=database,
            table=table, query_name=query_name, view_name=view_name, data=data,
        )  # fmt: skip
        return await feed if inspect.isawaitable(feed) else feed
    generator = FeedGenerator()
    generator.generator(generator="Datasette", version=datasette_version, uri="https://datasette.io/")
    generator.id(request.url)
    generator.link(href=request.url, rel="self")
    generator.title(await _feed_title(datasette, request, database, query_name) or sql)
    generator.updated(await _built_at(datasette, database))
    return Response(generator.atom_str(pretty=True), content_type="application/xml; charset=utf-8")


async def _feed_title(datasette, request, database: str, query_name: str | None) -> str | None:
    """The canned query's title, as datasette-atom titles a feed, else the ``_feed_title`` asked for."""
    if query_name and hasattr(datasette, "get_query"):  # Datasette 1.0
        query = await datasette.get_query(database, query_name)
        title = query and query.title
    elif query_name:  # Datasette 0.65
        query = await datasette.get_canned_query(database, query_name, request.actor)
        title = query and query.get("title")
    else:
        title = None
    return title or request.args.get("_feed_title")


async def _built_at(datasette, database: str) -> dt.datetime:
    """When the database was built (an empty feed's atom:updated), else now."""
    try:
        row = (await datasette.get_database(database).execute(BUILT_AT)).first()
    except sqlite3.Error:  # a database other than the build's has no build table
        row = None
    if row and row[0]:
        return dt.datetime.fromisoformat(row[0].replace("Z", "+00:00"))
    return dt.datetime.now(dt.UTC)
