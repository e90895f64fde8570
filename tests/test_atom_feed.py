"""The Atom feed of the newest claims is valid Atom (RFC 4287): the feed and each entry have
an id (an absolute IRI), a title and an updated time, every entry a link and an author (the
feed has none of its own), ids are unique, links are absolute web addresses."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/claims/newest_claims_atom.atom"


def _is_absolute_web_address(iri: str) -> bool:
    parts = urlsplit(iri)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _updated(element) -> dt.datetime:
    """An atom:updated, which must be an RFC 3339 date-time with its offset."""
    value = dt.datetime.fromisoformat(element.findtext(f"{ATOM}updated"))
    assert value.tzinfo is not None
    return value


async def _feed(client, url: str = FEED) -> ET.Element:
    response = await client.get(url)
    assert response.status_code == 200, response.text[:300]
    return ET.fromstring(response.content)


@pytest.mark.asyncio
async def test_the_feed_has_rfc_4287s_required_elements(datasette):
    feed = await _feed(datasette.client)
    assert feed.tag == f"{ATOM}feed"
    assert _is_absolute_web_address(feed.findtext(f"{ATOM}id"))
    assert feed.findtext(f"{ATOM}title") == "Newest claims"
    newest = _updated(feed)
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert _is_absolute_web_address(entry.findtext(f"{ATOM}id"))
        assert entry.findtext(f"{ATOM}title").strip()
        assert _updated(entry) <= newest
        links = [link.get("href") for link in entry.findall(f"{ATOM}link")]
        assert links and all(_is_absolute_web_address(href) for href in links)
        assert entry.findtext(f"{ATOM}author/{ATOM}name").strip()


@pytest.mark.asyncio
async def test_entries_link_to_the_claim_pages_that_answer(datasette, seed_conn):
    feed = await _feed(datasette.client)
    for entry in feed.findall(f"{ATOM}entry"):
        link = urlsplit(entry.find(f"{ATOM}link").get("href"))
        assert link.path.startswith("/-/claim/") and entry.findtext(f"{ATOM}id") == link.geturl()
        assert (await datasette.client.get(link.path)).status_code == 200


@pytest.mark.asyncio
async def test_titles_read_as_the_claim_pages_summary(datasette):
    feed = await _feed(datasette.client)
    titles = {
        urlsplit(e.find(f"{ATOM}link").get("href")).path: e.findtext(f"{ATOM}title")
        for e in feed.findall(f"{ATOM}entry")
    }
    for path, title in list(titles.items())[:5]:
        claim = (await datasette.client.get(path + ".json")).json()["claim"]
        assert title == claim["summary"]
    assert "Volodymyr Zelensky: 31,000 killed (Ukrainian military), as of 2024-02" in titles.values()
    assert not any("_" in title or "(russia)" in title or "(ukraine)" in title for title in titles.values())


@pytest.mark.asyncio
async def test_links_carry_the_sites_base_url_and_scheme(seed_db, metadata):
    from datasette.app import Datasette

    from casualty_claims import publish

    settings = {"base_url": "/news-claims/", "force_https_urls": True}
    config = (
        {"config": dict(publish.datasette1_config(metadata), settings=settings)}
        if publish.datasette_major() >= 1
        else {"settings": settings}
    )
    site = Datasette([], immutables=[str(seed_db)], metadata=metadata, **config)
    feed = await _feed(site.client)  # the client puts the base_url before the path
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id").startswith("https://localhost/news-claims/-/claim/")


@pytest.mark.asyncio
async def test_a_database_of_no_news_claims_gives_a_valid_empty_feed(tmp_path, metadata):
    from casualty_claims.cli import build
    from tests.conftest import site, write_article

    write_article(
        tmp_path / "news", "calm.txt", "A calm week\n\nThe talks went on and nobody gave a figure.\n"
    )
    build([tmp_path / "news"], tmp_path / "claims.db", jobs=1)  # the ministry's series, but no news claims
    feed = await _feed(site(tmp_path / "claims.db", metadata).client)
    assert feed.tag == f"{ATOM}feed" and feed.findall(f"{ATOM}entry") == []
    assert _is_absolute_web_address(feed.findtext(f"{ATOM}id"))
    assert feed.findtext(f"{ATOM}title") == "Newest claims"
    _updated(feed)
