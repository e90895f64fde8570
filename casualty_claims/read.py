"""Step 1: read article files and their optional ``STEM.meta.yml`` sidecars.

The raw text is kept exactly as ``Path.read_text(encoding="utf-8-sig")``
returns it, so that character offsets stored with every claim point into the
file as a reader (or the scorer) would open it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ARTICLE_SUFFIXES = (".txt",)
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
            if path.is_file() and path.suffix in ARTICLE_SUFFIXES:
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


def read_article(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    size = path.stat().st_size
    if size == 0:
        raise ArticleError(path, "empty file")
    if size > max_bytes:
        raise ArticleError(path, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
    data = path.read_bytes()
    if b"\x00" in data:
        raise ArticleError(path, "contains NUL bytes (a binary file?)")
    try:
        # decode exactly as Path.read_text(encoding="utf-8-sig") does,
        # universal newlines included, so offsets match a reader's view
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(path, f"not UTF-8 text (byte {error.start})") from None
    if not raw.strip():
        raise ArticleError(path, "no text")
    return Article(
        id=path.stem,
        path=path,
        raw=raw,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=read_sidecar(path),
    )
