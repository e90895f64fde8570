"""A news site on the loopback address for the tests of ``add`` and ``watch``: article pages,
feeds (RSS, Atom), a sitemap, and a route for each way a fetch can fail. Every text here is
written for the tests; no page is a real article. ``Site.requests`` counts the requests per path.

Run on its own (``python -m tests.fixture_site``) it serves until interrupted and prints its
address, for trying ``make watch`` by hand.
"""

from __future__ import annotations

import contextlib
import html
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 2.0
LARGE_BYTES = 200_000

ARTICLES = {
    "/news/front-line-toll.html": (
        "Kyiv reports heavy Russian losses near the river crossing",
        "Northern Wire",
        "2024-03-04",
        [
            "Ukraine's General Staff said on Monday that 640 Russian soldiers were killed in the past day "
            "of fighting near the river crossing, the highest daily figure it has given this month.",
            "The statement, posted on the staff's channel in the morning, also listed artillery systems "
            "and armoured vehicles it said had been destroyed, without giving evidence for the count.",
            "Moscow did not comment on the figure. Independent observers have said that both armies "
            "have reasons to shape the numbers they publish, and that any single day's tally is hard to check.",
        ],
    ),
    "/news/village-shelling.html": (
        "Shelling of a border village leaves civilians dead",
        "Northern Wire",
        "2024-03-06",
        [
            "Regional officials in Ukraine said that 7 civilians were killed and 19 wounded when Russian "
            "shells struck a border village late on Tuesday evening.",
            "Rescue crews worked through the night to clear the rubble of two houses, the officials said, "
            "and a school nearby was used as a shelter for families whose homes were damaged.",
            "The governor of the region asked residents to stay in shelters while the shelling went on.",
        ],
    ),
    "/news/harvest-fair.html": (
        "Harvest fair returns to the market square",
        "Northern Wire",
        "2024-03-05",
        [
            "The harvest fair returned to the market square this weekend with 120 stalls selling apples, "
            "honey, cheese and bread from the farms of the valley.",
            "Organisers said the fair had drawn more visitors than in any year since it began, and that the "
            "music stage would stay open until late on both evenings.",
            "A parade of tractors decorated with ribbons closed the first day, watched by families from the "
            "surrounding towns who came to see the prize for the largest pumpkin.",
        ],
    ),
}
# a feed of the pages that cannot be added
TROUBLES = [
    "/missing",
    "/broken",
    "/loop-a",
    "/slow",
    "/report.pdf",
    "/huge.html",
    "/menu-only.html",
    "/private/notes.html",
]
# the first article again under another address, with other furniture around the same text
COPY_PATH = "/mirror/front-line-toll-copy.html"
COPY_OF = "/news/front-line-toll.html"


def article_page(
    title: str, outlet: str, published: str, paragraphs: list[str], furniture: str = ""
) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta property="og:site_name" content="{html.escape(outlet)}">
<meta property="article:published_time" content="{published}T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news/">News</a> {furniture}</nav>
<article><h1>{html.escape(title)}</h1>
{body}</article>
<footer>All rights reserved by the fixture site.</footer></body></html>
""".encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(ARTICLES.get(p, (p,))[0])}</title><link>{base}{p}</link><guid>{base}{p}</guid></item>"
        for p in paths
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Northern Wire</title><link>{base}/</link>
<description>Fixture feed</description>{items}</channel></rss>""".encode()


def atom(base: str, paths: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>{html.escape(ARTICLES[p][0])}</title><link href="{base}{p}"/><id>{base}{p}</id>'
        "<updated>2024-03-06T08:00:00Z</updated></entry>"
        for p in paths
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northern Wire</title><id>{base}/</id>
<updated>2024-03-06T08:00:00Z</updated>{entries}</feed>""".encode()


def sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>""".encode()


class Site:
    """The routes (path -> (status, headers, body)), which a test may change, and the server."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: Counter[str] = Counter()
        self.unannounced: set[str] = set()  # paths answered without a Content-Length
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self._default_routes()

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes, media_type: str = "text/html; charset=utf-8", status: int = 200):
        self.routes[path] = (status, {"Content-Type": media_type}, body)

    def feed(self, path: str, body: bytes, media_type: str = "application/xml"):
        self.page(path, body, media_type)

    def count(self, path: str) -> int:
        with self._lock:
            return self.requests[path]

    def _default_routes(self) -> None:
        base = self.base
        self.page("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
        for path, article in ARTICLES.items():
            self.page(path, article_page(*article))
        self.page(COPY_PATH, article_page(*ARTICLES[COPY_OF], furniture='<a href="/mirror/">Mirror</a>'))
        self.routes["/moved"] = (301, {"Location": "/news/village-shelling.html"}, b"")
        self.routes["/loop-a"] = (302, {"Location": "/loop-b"}, b"")
        self.routes["/loop-b"] = (302, {"Location": "/loop-a"}, b"")
        self.page("/missing", b"<html><body>Not here</body></html>", status=404)
        self.page("/broken", b"<html><body>Server error</body></html>", status=500)
        self.page("/report.pdf", b"%PDF-1.4 fixture", "application/pdf")
        self.routes["/untyped"] = (200, {}, b"%PDF-1.4 fixture without a media type")
        large = article_page("Large", "Northern Wire", "2024-03-04", ["word " * (LARGE_BYTES // 5)])
        self.page("/huge.html", large)
        self.page("/huge-unannounced.html", large)
        self.unannounced.add("/huge-unannounced.html")
        self.page("/slow", article_page(*ARTICLES["/news/village-shelling.html"]))
        menu = (
            b"<!DOCTYPE html><html><head><title>Menu</title></head><body><nav>Home News</nav></body></html>"
        )
        self.page("/menu-only.html", menu)
        self.page(
            "/blank.html", b"<!DOCTYPE html><html><head><title>Blank</title></head><body></body></html>"
        )
        self.page("/private/notes.html", article_page(*ARTICLES["/news/village-shelling.html"]))
        self.feed("/bad-feed.xml", b"<rss><channel><item><title>cut off")
        self.feed("/feed.rss", rss(base, list(ARTICLES)[:2]), "application/rss+xml")
        self.feed("/feed.atom", atom(base, list(ARTICLES)[1:]), "application/atom+xml")
        self.feed("/sitemap.xml", sitemap(base, list(ARTICLES)))
        self.feed("/troubles.rss", rss(base, TROUBLES), "application/rss+xml")

    def start(self) -> Site:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            with site._lock:
                site.requests[self.path] += 1
            if self.path == "/slow":
                time.sleep(SLOW_SECONDS)
            status, headers, body = site.routes.get(
                self.path, (404, {"Content-Type": "text/html"}, b"no route")
            )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if self.path not in site.unannounced:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a fetcher stopped reading
                self.wfile.write(body)

        def log_message(self, format, *args):  # the tests' output stays quiet
            pass

    return Handler


def closed_port() -> int:
    """A port on the loopback address nothing listens on (bound, then let go)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    site = Site().start()
    print(f"serving the fixture site at {site.base} (feeds: /feed.rss /feed.atom /sitemap.xml)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        site.stop()
