"""Pages kept once made, for the anonymous readers of an immutable database.

Each Datasette instance has its own caches (held weakly, so a finished instance takes
its caches with it), and each cache keeps a bounded number of entries, the least
recently used dropped first, so that no run of distinct requests fills the memory."""

from __future__ import annotations

import weakref
from collections import OrderedDict

from datasette.utils.asgi import Response

from .site import database

# The overview and the claimants' pages (each in two formats, at each base URL).
PAGES_KEPT = 256
# Datasette's home page, for a few addresses (Host headers) only.
HOME_PAGES_KEPT = 16


class BoundedCache:
    """A mapping of at most ``size`` entries that forgets the least recently used."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()

    def get(self, key):
        if key not in self._entries:
            return None
        self._entries.move_to_end(key)
        return self._entries[key]

    def put(self, key, value) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


_caches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cache_of(datasette, name: str, size: int) -> BoundedCache:
    """The cache called ``name`` of this Datasette instance."""
    caches = _caches.setdefault(datasette, {})
    if name not in caches:
        caches[name] = BoundedCache(size)
    return caches[name]


async def once_per_database(datasette, request, page, make) -> Response:
    """``make(datasette, request)``, worked out once per database (by its hash), page,
    format and base URL for anonymous readers of an immutable database."""
    db = database(datasette)
    if db.hash is None or request.actor is not None:
        return await make(datasette, request)
    key = (db.hash, page, request.url_vars.get("format"), datasette.setting("base_url"))
    pages = cache_of(datasette, "pages", PAGES_KEPT)
    made = pages.get(key)
    if made is None:
        made = await make(datasette, request)
        pages.put(key, made)
    return Response(made.body, status=made.status, headers=dict(made.headers), content_type=made.content_type)


# Datasette's home page asks each database some 190 small questions one after another
# (tables, columns, foreign keys), each waiting its turn for an SQL thread, so under load
# it took seconds. Its answer for an anonymous reader of immutable databases never
# changes, so each process keeps it once made, as it sent it: one for each address it
# was asked for at (its head links to its JSON by an absolute URL).
def home_made_once(datasette, app):
    """``app`` (an ASGI app) answering the home page from the cache when it can."""

    async def serve(scope, receive, send):
        key = _home_key(datasette, scope)
        if key is None:
            return await app(scope, receive, send)
        homes = cache_of(datasette, "home", HOME_PAGES_KEPT)
        kept = homes.get(key)
        if kept is not None:
            for message in kept:
                await send(message)
            return
        sent = []

        async def keep(message):
            sent.append(message)
            await send(message)

        await app(scope, receive, keep)
        if _same_for_everyone(sent):
            homes.put(key, sent)

    return serve


def _home_key(datasette, scope) -> tuple | None:
    """What the home page asked for depends on (the address it was asked at), or None
    when it may differ between requests: a query string, a reader who may be signed in
    (a cookie or a token), a database that can change."""
    home = datasette.urls.path("/")
    if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in (home, home + ".json"):
        return None
    headers = dict(scope["headers"])
    if scope.get("query_string") or b"cookie" in headers or b"authorization" in headers:
        return None
    hashes = tuple(db.hash for name, db in datasette.databases.items() if name != "_internal")
    if None in hashes:
        return None
    return (scope.get("scheme"), headers.get(b"host"), scope["path"], hashes)


def _same_for_everyone(sent: list[dict]) -> bool:
    """Whether a response, as ASGI messages, is a whole 200 that sets no cookie."""
    start = next((m for m in sent if m["type"] == "http.response.start"), None)
    return (
        start is not None
        and start["status"] == 200
        and all(name.lower() != b"set-cookie" for name, _ in start.get("headers", []))
        and not sent[-1].get("more_body", False)
    )
