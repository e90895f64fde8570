"""Adding articles by address: fetch a page, keep it in an article folder for the build.

Each page is kept as the build reads articles: its raw HTML as ``DIR/<stem>.html`` and a
sidecar ``DIR/<stem>.meta.yml`` with the address asked for (``url``), the address that
answered after redirects (``final_url``), when it was fetched (``fetched_at``) and the
title, outlet and publication date the page's metadata gives, read by the build's own HTML
reader (``formats.from_html``) and checked as the build checks sidecars.

The stem depends on the address alone (``stem_for``): a slug of its host and path and a short
hash of the address normalised (``normalise_url``), so adding an address twice fetches and
changes nothing. A page whose text (after its headline) some article of the folder already has
is not kept: the same article under a second address (``Folder.same_text``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from . import formats
from .fetch import Answer, Fetcher, FetchError
from .read import ArticleError, article_fields, article_paths, read_article, source_stat

# Query parameters that say where a reader came from, not which page: dropped from an address.
TRACKING_PARAMETER = re.compile(r"utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|at_medium|at_campaign", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}
SLUG_CHARS = 80
HASH_CHARS = 10
# what a folder's article texts hash to, kept between runs (not a suffix the build reads)
TEXT_INDEX = ".text-hashes.tsv"
# Fewer words than this after the headline are a page's furniture (a menu, a cookie notice, a
# paywall's teaser), which trafilatura falls back to where a page has no article.
MIN_ARTICLE_WORDS = 30

# What became of an address: kept, there already, its text there already, not about the
# war's casualties (watch), not fetched or not an article.
ADDED = "added"
UNCHANGED = "unchanged"
DUPLICATE = "duplicate"
NOT_RELEVANT = "not relevant"
FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    """What became of one address (``kind``, one of the names above) and a line saying so."""

    url: str
    kind: str
    message: str
    error: FetchError | None = None

    @property
    def line(self) -> str:
        return f"{self.kind}: {self.message}"


class AddressListError(Exception):
    """A file of addresses cannot be used; the message names the file (and line) and says why."""


def read_addresses(path: Path) -> list[str]:
    """The addresses a file lists, one a line (blank lines and lines starting with "#" aside);
    an unreadable file, or a line that is no http or https address, is an AddressListError."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise AddressListError(
            f"{path}: cannot be read ({getattr(error, 'strerror', None) or error})"
        ) from None
    addresses = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):  # a whole line only: an address may hold "#"
            continue
        if not line.lower().startswith(("http://", "https://")):
            raise AddressListError(f"{path}, line {number}: not an http or https address: {line[:80]}")
        addresses.append(line)
    return addresses


def normalise_url(url: str) -> str:
    """An address as one page's name: scheme and host in lower case, no default port, no
    fragment, no tracking parameters, the query sorted, an empty path as "/"."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # no number: fetching it says so
        port = None
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMETER.fullmatch(k)
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def stem_for(url: str) -> str:
    """The file name (without suffix) of the page at ``url``: "example-org-news-losses-1a2b3c4d5e"."""
    normal = normalise_url(url)
    parts = urlsplit(normal)
    host = (parts.hostname or "").removeprefix("www.")
    slug = re.sub(r"[^a-z0-9]+", "-", f"{host} {parts.path}".lower()).strip("-")[:SLUG_CHARS].rstrip("-")
    return f"{slug}-{hashlib.sha256(normal.encode()).hexdigest()[:HASH_CHARS]}"


def text_digest(text: str) -> str:
    """A hash of an article's text after its headline (a page's title differs between the
    sites that carry one article), blanks evened out."""
    lines = _body_lines(text)
    body = lines[1:] or lines
    return hashlib.sha256(" ".join(" ".join(body).split()).encode()).hexdigest()


def _body_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it (a suffix the build
    does not read), synced, renamed over it."""
    # a name of its own: a watch from cron and an add by hand may write one folder's index at once
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    with open(temporary, "xb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


class Folder:
    """An article folder pages are added to, and an index of its articles' text hashes
    (``TEXT_INDEX``: each file's name, size and time, and text hash), read again only for files
    whose size or time changed since: reading a page's text costs trafilatura's work."""

    def __init__(self, directory: Path):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._index: dict[str, tuple[str, str]] | None = None

    def page_path(self, url: str) -> Path:
        return self.directory / f"{stem_for(url)}.html"

    def same_text(self, digest: str) -> Path | None:
        """The article of the folder whose text hashes to ``digest``, if any."""
        index = self._texts()
        return next((self.directory / name for name in sorted(index) if index[name][1] == digest), None)

    def save(self, url: str, html: bytes, sidecar: dict, digest: str) -> Path:
        """Keep a page: the sidecar first, so that the build never reads the page without it."""
        path = self.page_path(url)
        sidecar_text = yaml.safe_dump(sidecar, sort_keys=False, allow_unicode=True)
        write_atomically(path.with_name(path.stem + ".meta.yml"), sidecar_text.encode())
        write_atomically(path, html)
        self._texts()[path.name] = (source_stat(path)[0], digest)
        self._write_index()
        return path

    def _texts(self) -> dict[str, tuple[str, str]]:
        if self._index is None:
            self._index = self._read_texts()
            self._write_index()
        return self._index

    def _read_texts(self) -> dict[str, tuple[str, str]]:
        known, index = self._load_index(), {}
        for path in article_paths([self.directory], lambda message: None):
            name, stat = str(path.relative_to(self.directory)), source_stat(path)[0]
            if name in known and known[name][0] == stat:
                index[name] = known[name]
                continue
            try:
                index[name] = (stat, text_digest(read_article(path).raw))
            except ArticleError:
                continue  # a file the build skips, saying why, has no text to repeat
        return index

    def _load_index(self) -> dict[str, tuple[str, str]]:
        try:
            lines = (self.directory / TEXT_INDEX).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return {}
        rows = (line.split("\t") for line in lines)
        return {row[0]: (row[1], row[2]) for row in rows if len(row) == 3}

    def _write_index(self) -> None:
        rows = "".join(
            f"{name}\t{stat}\t{digest}\n" for name, (stat, digest) in sorted(self._texts().items())
        )
        write_atomically(self.directory / TEXT_INDEX, rows.encode())


@dataclass(frozen=True)
class Page:
    """A fetched page as the build will read it: its text and metadata."""

    answer: Answer
    text: str
    meta: dict


def read_page(answer: Answer) -> Page:
    """The page's text and metadata as the build reads them, or FetchError: not HTML, or no
    article text in it."""
    if not (answer.is_html or (not answer.media_type and _looks_like_html(answer.body))):
        raise FetchError(answer.url, f"not an HTML page ({answer.media_type or 'no media type'})")
    try:
        text, _ = formats.decode(answer.body)
        text, meta = formats.from_html(formats.universal_newlines(text))
    except formats.FormatError as error:
        raise FetchError(answer.url, str(error)) from None
    words = len(" ".join(_body_lines(text)[1:]).split())
    if words < MIN_ARTICLE_WORDS:
        raise FetchError(answer.url, f"no article text: {words} words after the title (a menu, a paywall?)")
    return Page(answer, formats.without_surrogates(text), meta)


def _looks_like_html(body: bytes) -> bool:
    start = body[:512].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


def sidecar_for(page: Page, fetched_at: dt.datetime) -> tuple[dict, list[str]]:
    """The sidecar of a fetched page, as the build checks sidecars; and a note for each field
    of the page's metadata left out because the build would refuse it (a date in the future)."""
    sidecar = {
        "url": page.answer.url,
        "final_url": page.answer.final_url,
        "fetched_at": fetched_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
    }
    notes = []
    for key in ("title", "outlet", "published"):
        if key in page.meta:
            try:
                article_fields({key: page.meta[key]})
            except ValueError as error:
                notes.append(f"{key} left out: {error}")
                continue
            sidecar[key] = page.meta[key]
    return article_fields(sidecar), notes


# What decides whether a page is kept: None to keep it, else why not.
Keep = Callable[[str], "str | None"]


def add_address(url: str, folder: Folder, fetcher: Fetcher, keep: Keep | None = None) -> Outcome:
    """Fetch ``url`` into ``folder`` unless it is there already, its text is, or ``keep``
    refuses it; every failure is an Outcome of kind FAILED."""
    path = folder.page_path(url)
    if path.exists():
        return Outcome(url, UNCHANGED, f"{url} already added as {path}")
    try:
        page = read_page(fetcher.get(url, html_only=True))
    except FetchError as error:
        return Outcome(url, FAILED, str(error), error)
    except Exception as error:  # one page's failure, whatever it is, is not the run's
        first_line = next(iter(str(error).splitlines()), "")[:160]
        failed = FetchError(url, f"cannot be read ({type(error).__name__}: {first_line})")
        return Outcome(url, FAILED, str(failed), failed)
    refused = keep(page.text) if keep else None
    if refused:
        return Outcome(url, NOT_RELEVANT, f"{url}: {refused}")
    digest = text_digest(page.text)
    if same := folder.same_text(digest):
        return Outcome(url, DUPLICATE, f"{url}: same text as {same}; not kept")
    sidecar, notes = sidecar_for(page, dt.datetime.now(dt.UTC))
    folder.save(url, page.answer.body, sidecar, digest)
    shown = ", ".join(str(sidecar[key]) for key in ("outlet", "published") if key in sidecar)
    return Outcome(
        url, ADDED, f"{url} -> {path}" + (f" ({shown})" if shown else "") + "".join(f"; {n}" for n in notes)
    )
