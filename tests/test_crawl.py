"""A bounded crawl of the site as a reader clicks through it: breadth-first from the home page,
every link of the same origin, served by a real `datasette serve` over the seed database on
the loopback address. Every page answers 200.

Static files and downloads (a CSV export, the database file) are not fetched; a JSON or Atom
twin is fetched but not read for links.
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import pytest

from bench.server import serving

MAX_PAGES = 300
# Paths and suffixes a reader downloads rather than reads, and static files.
SKIPPED_PREFIXES = ("/-/static/", "/-/static-plugins/")
SKIPPED_SUFFIXES = (".csv", ".db")
SKIPPED_PARAMETERS = ("_stream=",)
# Answers that are data, not pages: fetched, but not read for links.
DATA_SUFFIXES = (".json", ".atom")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(page_url: str, html: str) -> list[str]:
    """The addresses a page links to, absolute and without their fragments."""
    parser = _Links()
    parser.feed(html)
    return [urldefrag(urljoin(page_url, href)).url for href in parser.hrefs]


def crawled(url: str, origin: str) -> bool:
    """Whether the crawl fetches ``url``: of the same origin, not a static file or download."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    return not (
        parts.path.startswith(SKIPPED_PREFIXES)
        or parts.path.endswith(SKIPPED_SUFFIXES)
        or any(p in parts.query for p in SKIPPED_PARAMETERS)
    )


def kind(url: str) -> tuple[bool, str]:
    """A page's kind: whether it has a query string, and its path's first two parts (a
    table's rows and sorted views are one kind, "/claims/claims"; a claim page another)."""
    parts = urlsplit(url)
    return bool(parts.query), "/".join(parts.path.split("/")[:3])


def crawl(base: str, max_pages: int = MAX_PAGES) -> tuple[dict[str, int], dict[str, str]]:
    """From ``base``, breadth-first within each kind of page and the kinds taken in turn (the
    least visited first), so that the bound reaches every table's rows and every page rather
    than one table's many sorted and filtered views: the status of each address fetched (at
    most ``max_pages``, redirects followed) and, for each, the page that first linked to it."""
    statuses: dict[str, int] = {}
    linked_from = {base + "/": "(start)"}
    queues = {kind(base + "/"): deque([base + "/"])}
    visited: Counter = Counter()
    with httpx.Client(follow_redirects=True, timeout=30) as client:
        while len(statuses) < max_pages and any(queues.values()):
            next_kind = min((k for k, q in queues.items() if q), key=lambda k: (visited[k], k[0]))
            url = queues[next_kind].popleft()
            visited[next_kind] += 1
            response = client.get(url)
            statuses[url] = response.status_code
            if response.status_code != 200 or urlsplit(url).path.endswith(DATA_SUFFIXES):
                continue
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            for link in links(str(response.url), response.text):
                if link not in linked_from and crawled(link, base):
                    linked_from[link] = url
                    queues.setdefault(kind(link), deque()).append(link)
    return statuses, linked_from


def test_link_filter_keeps_to_the_site_and_its_pages():
    origin = "http://127.0.0.1:8001"
    assert links(origin + "/claims/claims", '<a href="../-/about#rules">x</a><a name="n">y</a>') == [
        origin + "/-/about"
    ]
    assert crawled(origin + "/-/claim/abc", origin)
    assert crawled(origin + "/claims/claims_flat.json?_shape=objects", origin)
    assert not crawled("https://example.org/", origin)
    assert not crawled("http://127.0.0.1:8002/", origin)
    assert not crawled(origin + "/claims/claims_flat.csv?_size=max", origin)
    assert not crawled(origin + "/claims/claims_flat.csv", origin)
    assert not crawled(origin + "/claims.db", origin)
    assert not crawled(origin + "/-/static-plugins/casualty-claims/casualty-claims.css", origin)
    assert not crawled(origin + "/claims/claims.json?_stream=on", origin)


@pytest.fixture(scope="module")
def crawl_result(seed_db):
    with serving(seed_db) as base:
        yield base, *crawl(base)


def test_every_page_a_reader_can_reach_answers_200(crawl_result):
    base, statuses, linked_from = crawl_result
    kinds = {urlsplit(url).path.split("/")[2] for url in statuses if urlsplit(url).path.startswith("/-/")}
    # the crawl reaches the plugin's pages through the site's own links
    assert {"contested", "about", "claim", "article", "claimant", "articles", "claimants", "report"} <= kinds
    failures = [
        f"{status} {url} (linked from {linked_from[url]})"
        for url, status in statuses.items()
        if status != 200
    ]
    assert failures == [], f"{len(failures)} of {len(statuses)} pages:\n" + "\n".join(failures)
