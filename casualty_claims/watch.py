"""Following news feeds: add the new entries that report the war's casualties.

A feeds file lists one address a line (``add.read_addresses``): an RSS or Atom feed, read by
feedparser, or a sitemap (``<urlset>``, or a ``<sitemapindex>`` of them), read as XML. Each entry's address not seen before is added to the article folder as
``casualty-claims add`` adds it (``add.add_address``) if its text passes the quick relevance
test (``relevance.why_not_relevant``).

What was seen is kept in a state file (JSON): every address done with (added, already there,
the same text as another, not relevant, or failed for good: a missing page, a page that is not
HTML), written whole after each one, so that an interrupted run loses nothing and the next one
fetches none of them again. An address that failed for want of an answer (a time-out, a refused
connection, a server error) is not recorded, and is tried again by the next run. A lock on the
state file (``target.target_lock``) keeps a second run, from cron, from running beside the first.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import feedparser
from lxml import etree

from . import relevance
from .add import FAILED, Folder, Outcome, add_address, normalise_url, write_atomically
from .fetch import Fetcher, FetchError
from .lexicon import Lexicon
from .target import target_lock

SITEMAP_ROOTS = {"urlset", "sitemapindex"}
# how deep sitemap indexes may nest (an index of sitemaps: 1)
MAX_SITEMAP_DEPTH = 2
STATE_VERSION = 1
# no network, no entities: a feed is data, never instructions to fetch more
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class WatchError(Exception):
    """The state file cannot be used; the message says which and why."""


def feed_entries(url: str, fetcher: Fetcher, depth: int = 0) -> list[str]:
    """The entries' addresses of the feed or sitemap at ``url``, or FetchError (a malformed
    feed among the reasons)."""
    answer = fetcher.get(url)
    root = _xml_root(answer.body)
    if root is not None and etree.QName(root).localname in SITEMAP_ROOTS:
        return _sitemap_entries(url, root, fetcher, depth)
    parsed = feedparser.parse(
        io.BytesIO(answer.body), response_headers={"content-location": answer.final_url}
    )
    links = [entry.get("link") for entry in parsed.entries]
    links = [
        link for link in links if isinstance(link, str) and link.lower().startswith(("http://", "https://"))
    ]
    if parsed.bozo and not links:
        raise FetchError(url, f"malformed feed ({_short(parsed.get('bozo_exception'))})")
    if not parsed.version and not links:
        raise FetchError(url, f"not a feed or a sitemap ({answer.media_type or 'no media type'})")
    return list(dict.fromkeys(links))


def _xml_root(body: bytes):
    try:
        return etree.fromstring(body, XML_PARSER)
    except etree.XMLSyntaxError:
        return None  # feedparser says what is wrong, or reads it anyway


def _sitemap_entries(url: str, root, fetcher: Fetcher, depth: int) -> list[str]:
    locations = [loc.text.strip() for loc in root.iter("{*}loc") if loc.text and loc.text.strip()]
    if etree.QName(root).localname == "urlset":
        return list(dict.fromkeys(locations))
    if depth >= MAX_SITEMAP_DEPTH - 1:
        raise FetchError(url, f"sitemap indexes nested more than {MAX_SITEMAP_DEPTH} deep")
    return list(
        dict.fromkeys(entry for child in locations for entry in feed_entries(child, fetcher, depth + 1))
    )


def _short(value) -> str:
    return " ".join(str(value).split())[:160]


class State:
    """The addresses a watch has done with (normalised), each with when and what became of it."""

    def __init__(self, path: Path, seen: dict[str, dict]):
        self.path, self.seen = path, seen

    @classmethod
    def load(cls, path: Path) -> State:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path, {})
        except (OSError, ValueError) as error:
            raise WatchError(
                f"{path}: state file cannot be read ({error}); move it away to start afresh"
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("seen"), dict):
            raise WatchError(f"{path}: not a watch state file (no 'seen' mapping)")
        return cls(path, data["seen"])

    def knows(self, url: str) -> bool:
        return normalise_url(url) in self.seen

    def record(self, outcome: Outcome) -> None:
        """Note the address done with, and write the state (whole, or not at all)."""
        entry = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "outcome": outcome.kind}
        if outcome.error:
            entry["problem"] = outcome.error.problem
        self.seen[normalise_url(outcome.url)] = entry
        data = {"version": STATE_VERSION, "seen": self.seen}
        write_atomically(self.path, json.dumps(data, indent=1, sort_keys=True).encode())


def watch(
    feeds: list[str],
    folder: Folder,
    fetcher: Fetcher,
    state_path: Path,
    lexicon: Lexicon,
    report: Callable[[Outcome], None],
    strict: bool = False,
) -> list[Outcome]:
    """Add the relevant new entries of every feed, reporting each outcome as it comes; under
    ``strict`` the first failure ends the run. Holds the state file's lock (BuildFailed at once
    if another watch does)."""
    outcomes = []
    with target_lock(state_path, holder="watch"):
        state = State.load(state_path)
        for outcome in _outcomes(feeds, folder, fetcher, state, lexicon):
            outcomes.append(outcome)
            report(outcome)
            if strict and outcome.kind == FAILED:
                break
    return outcomes


def _outcomes(
    feeds: list[str], folder: Folder, fetcher: Fetcher, state: State, lexicon: Lexicon
) -> Iterator[Outcome]:
    """Each feed's failure, or the outcome of each of its new entries, recorded in ``state``
    unless it may go otherwise next time (a transient failure)."""

    def keep(text: str) -> str | None:
        return relevance.why_not_relevant(text, lexicon)

    for feed in feeds:
        try:
            entries = feed_entries(feed, fetcher)
        except FetchError as error:
            yield Outcome(feed, FAILED, str(error), error)
            continue
        for entry in entries:
            if state.knows(entry):
                continue
            outcome = add_address(entry, folder, fetcher, keep)
            if not (outcome.error and outcome.error.transient):
                state.record(outcome)
            yield outcome
