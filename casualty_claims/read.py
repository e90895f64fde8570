"""Step 1: read article files (.txt, .html, .json) and their optional ``STEM.meta.yml`` sidecars.

The raw text of a .txt article is kept exactly as ``Path.read_text(encoding="utf-8-sig")``
returns it, so that character offsets stored with every claim point into the
file as a reader (or the scorer) would open it. A sidecar's fields override what
a page's own metadata says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import formats

HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (".txt", ".json", *HTML_SUFFIXES)
SIDECAR_SUFFIX = ".meta.yml"
SIDECAR_KEYS = {"url", "outlet", "published", "title"}
WEB_URL = re.compile(r"https?://[^\s/]+", re.IGNORECASE)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class ArticleError(Exception):
    """An input file cannot be used; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Article:
    id: str
    path: Path
    raw: str
    sha256: str
    encoding: str = "utf-8"
    source_sha256: str = ""
    source_stat: str = ""
    meta: dict = field(default_factory=dict)

    @property
    def headline(self) -> str:
        return next((line.strip() for line in self.raw.splitlines() if line.strip()), "")


def article_paths(directories: Iterable[Path]) -> Iterator[Path]:
    """Every article file under the given folders, in a stable order."""
    for directory in directories:
        if not directory.is_dir():
            raise ArticleError(directory, "not a folder")
        for path in sorted(directory.rglob("*")):
            if path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES:
                yield path


def read_sidecar(article_path: Path) -> dict:
    path = article_path.with_name(article_path.stem + SIDECAR_SUFFIX)
    if not path.exists():
        return {}
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0]
        raise ArticleError(path, f"sidecar is not valid YAML ({reason})") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ArticleError(path, "sidecar must be a mapping of url, outlet, published, title")
    unknown = set(meta) - SIDECAR_KEYS
    if unknown:
        raise ArticleError(path, f"sidecar has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    published = meta.get("published")
    if published is not None:
        if isinstance(published, dt.datetime):
            published = published.date()
        if isinstance(published, str):
            try:
                published = dt.date.fromisoformat(published)
            except ValueError:
                raise ArticleError(path, f"published is not an ISO date: {published!r}") from None
        if not isinstance(published, dt.date):
            raise ArticleError(path, f"published is not an ISO date: {published!r}")
        meta["published"] = published.isoformat()
    for key in ("url", "outlet", "title"):
        if key in meta and not isinstance(meta[key], str):
            raise ArticleError(path, f"{key} must be text")
    if "url" in meta and not WEB_URL.match(meta["url"]):
        raise ArticleError(path, f"url must be an http or https address: {meta['url'][:80]!r}")
    return meta


def source_digest(path: Path, data: bytes | None = None) -> str:
    """A hash of everything an article is read from (the file and its sidecar), so a
    later build can tell an unchanged article without reading it."""
    digest = hashlib.sha256(path.read_bytes() if data is None else data)
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if sidecar.exists():
        digest.update(b"\x00" + sidecar.read_bytes())
    return digest.hexdigest()


def source_stat(path: Path) -> tuple[str, int]:
    """The sizes and modification times of an article's file and sidecar, and the
    latest of those times: a later build that finds them the same, and older than
    the build that read them, need not even hash the article."""
    parts, latest = [], 0
    for file in (path, path.with_name(path.stem + SIDECAR_SUFFIX)):
        try:
            stat = file.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
        latest = max(latest, stat.st_mtime_ns)
    return " ".join(parts), latest


def read_article(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    stat = source_stat(path)[0]  # before reading: a change while reading shows next time
    size = path.stat().st_size
    if size == 0:
        raise ArticleError(path, "empty file")
    if size > max_bytes:
        raise ArticleError(path, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
    data = path.read_bytes()
    if b"\x00" in data:
        raise ArticleError(path, "contains NUL bytes (a binary file?)")
    try:
        text, encoding = formats.decode(data)
        # decoded as Path.read_text(encoding="utf-8-sig") does, universal newlines included,
        # so that offsets into a .txt article match a reader's view of the file
        text = formats.universal_newlines(text)
        meta: dict = {}
        if path.suffix.lower() in HTML_SUFFIXES:
            text, meta = formats.from_html(text)
        elif path.suffix.lower() == ".json":
            text, meta = formats.from_json(text)
    except formats.FormatError as error:
        raise ArticleError(path, str(error)) from None
    if not text.strip():
        raise ArticleError(path, "no text")
    if "url" in meta and not WEB_URL.match(meta["url"]):
        del meta["url"]
    sidecar = read_sidecar(path)
    if "published" in sidecar:
        meta.pop("published_from", None)
    return Article(
        id=path.stem,
        path=path,
        raw=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        source_sha256=source_digest(path, data),
        source_stat=stat,
        meta=meta | sidecar,
    )
