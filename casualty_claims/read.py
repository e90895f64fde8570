"""Step 1: read article files (.txt, .html, .json) and their optional ``STEM.meta.yml`` sidecars.

The raw text of a .txt article is kept exactly as ``Path.read_text(encoding="utf-8-sig")``
returns it, so that character offsets stored with every claim point into the
file as a reader (or the scorer) would open it. A sidecar's fields override what
a page's own metadata says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import reprlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import formats

HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (".txt", ".json", *HTML_SUFFIXES)
SIDECAR_SUFFIX = ".meta.yml"
SIDECAR_KEYS = {"url", "outlet", "published", "title", "final_url", "fetched_at"}
WEB_URL = re.compile(r"https?://[^\s/]+", re.IGNORECASE)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A line up to its end: every character ``str.splitlines`` ends a line at is excluded.
FIRST_LINE = re.compile("[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*")
# A date set by hand later than this past today is a mistake (a day: the writer's clock may be ahead).
FUTURE_MARGIN = dt.timedelta(days=1)


class ArticleError(Exception):
    """An input file cannot be used; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{shown_path(path)}: {problem}")
        self.path = path
        self.problem = problem


def shown_path(path: Path | str) -> str:
    """A path as text that prints: the bytes of a name that are not UTF-8, escaped ("\\xff")."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlevel = 2


def shown(value) -> str:
    """A value quoted in a message, shortened (however long or deeply nested it is)."""
    return _SHORT.repr(value)


class YamlLoader(yaml.SafeLoader):
    """YAML written by hand (sidecars, the curation file), read defensively: no aliases, which
    let a few hundred bytes stand for gigabytes ("billion laughs"); dates kept as the text
    written, for the reader to check (an impossible one would fail as a bare ValueError);
    lone surrogates replaced, as in article text; a value Python cannot convert (an integer
    of thousands of digits) an error with its line."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        return super().compose_node(parent, index)

    def construct_scalar(self, node):
        return formats.without_surrogates(super().construct_scalar(node))

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except ValueError as error:
            problem = f"cannot read {shown(node.value)} ({str(error).split(':')[0]})"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", YamlLoader.construct_yaml_str)


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
        """The first line that is not blank, trimmed: the first line of the text once the space
        before it (blank lines included: every line break is space) is dropped."""
        text = self.raw.lstrip()
        return FIRST_LINE.match(text).group().rstrip()


def article_paths(directories: Iterable[Path], warn: Callable[[str], None]) -> Iterator[Path]:
    """Every article file under the given folders, in a stable order. A sub-folder that
    cannot be read is reported to ``warn``: its articles would otherwise be missing unseen."""

    def unreadable(error: OSError) -> None:
        folder = shown_path(error.filename)
        warn(f"{folder}: folder cannot be read ({error.strerror}); its articles are left out")

    for directory in directories:
        if not directory.is_dir():
            raise ArticleError(directory, "not a folder")
        found = [
            Path(folder, name)
            for folder, _, names in os.walk(directory, onerror=unreadable)
            for name in names
            if Path(name).suffix.lower() in ARTICLE_SUFFIXES
        ]
        yield from sorted(filter(_is_file, found))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder that lists its files but denies their details: reading says why
        return True


def sidecar_path(article_path: Path) -> Path:
    return article_path.with_name(article_path.stem + SIDECAR_SUFFIX)


def read_sidecar(article_path: Path) -> dict:
    path = sidecar_path(article_path)
    try:
        meta = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=YamlLoader)  # noqa: S506 (a SafeLoader)
    except FileNotFoundError:
        return {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0]
        raise ArticleError(path, f"sidecar is not valid YAML ({reason})") from None
    except RecursionError:
        raise ArticleError(path, "sidecar is not valid YAML (nested too deeply)") from None
    except OSError as error:
        raise ArticleError(path, f"sidecar cannot be read ({error.strerror})") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ArticleError(path, f"sidecar must be a mapping of {', '.join(sorted(SIDECAR_KEYS))}")
    unknown = set(meta) - SIDECAR_KEYS
    if unknown:
        raise ArticleError(path, f"sidecar has unknown keys: {', '.join(sorted(map(shown, unknown)))}")
    try:
        return article_fields(meta)
    except ValueError as error:
        raise ArticleError(path, str(error)) from None


def article_fields(values: dict) -> dict:
    """An article's url, outlet, published and title as set by hand (a sidecar, the curation
    file), and where and when ``casualty-claims add`` fetched it (final_url, fetched_at),
    checked: text, http or https addresses, an ISO date (a time after it is dropped) not in
    the future, an ISO time. Raises ValueError naming the problem."""
    fields = dict(values)
    for key in ("url", "outlet", "title", "final_url", "fetched_at"):
        if key in fields and not isinstance(fields[key], str):
            raise ValueError(f"{key} must be text")
    for key in ("url", "final_url"):
        if key in fields and not WEB_URL.match(fields[key]):
            raise ValueError(f"{key} must be an http or https address: {shown(fields[key])}")
    if "fetched_at" in fields:
        try:
            dt.datetime.fromisoformat(fields["fetched_at"])
        except ValueError:
            raise ValueError(f"fetched_at is not an ISO time: {shown(fields['fetched_at'])}") from None
    if fields.get("published") is not None:
        fields["published"] = hand_date(fields["published"], "published").isoformat()
    return fields


def hand_date(value, key: str) -> dt.date:
    """A day written by hand, ISO (YYYY-MM-DD; a time after it is dropped), not in the future."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        try:
            day = dt.datetime.fromisoformat(value).date()
        except (TypeError, ValueError):
            raise ValueError(f"{key} is not an ISO date: {shown(value)}") from None
    if day > dt.date.today() + FUTURE_MARGIN:
        raise ValueError(f"{key} is in the future: {day.isoformat()}")
    return day


def source_digest(path: Path, data: bytes | None = None) -> str:
    """A hash of everything an article is read from (the file and its sidecar), so a
    later build can tell an unchanged article without reading it."""
    digest = hashlib.sha256(path.read_bytes() if data is None else data)
    sidecar = sidecar_path(path)
    if sidecar.exists():
        digest.update(b"\x00" + sidecar.read_bytes())
    return digest.hexdigest()


def file_stats(path: Path) -> tuple[os.stat_result | None, os.stat_result | None]:
    """The status of an article's file and of its sidecar, None for one that is not there."""
    found = []
    for file in (path, sidecar_path(path)):
        try:
            found.append(file.stat())
        except FileNotFoundError:
            found.append(None)
    return found[0], found[1]


def source_stat(path: Path, stats: tuple | None = None) -> tuple[str, int]:
    """The sizes and modification times of an article's file and sidecar (their ``file_stats``,
    where already known), and the latest of those times: a later build that finds them the
    same, and older than the build that read them, need not even hash the article."""
    parts, latest = [], 0
    for stat in stats or file_stats(path):
        if stat is None:
            parts.append("-")
            continue
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
        latest = max(latest, stat.st_mtime_ns)
    return " ".join(parts), latest


def read_article(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    if formats.LONE_SURROGATE.search(str(path)):  # bytes that are not UTF-8: no id, no stored path
        raise ArticleError(path, "its name is not UTF-8 text; rename the file")
    stats = file_stats(path)  # before reading: a change while reading shows next time
    size = (stats[0] or path.stat()).st_size  # where the file is gone, its stat says why
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
    text = formats.without_surrogates(text)
    meta = {key: formats.without_surrogates(value) for key, value in meta.items()}
    if not text.strip():
        raise ArticleError(path, "no text")
    if "url" in meta and not WEB_URL.match(meta["url"]):
        del meta["url"]
    # a sidecar not there when the files' status was taken is not looked for again
    sidecar = read_sidecar(path) if stats[1] else {}
    if "published" in sidecar:
        meta.pop("published_from", None)
    sha256 = hashlib.sha256(data).hexdigest()
    return Article(
        id=path.stem,
        path=path,
        raw=text,
        sha256=sha256,
        encoding=encoding,
        source_sha256=source_digest(path, data) if stats[1] else sha256,
        source_stat=source_stat(path, stats)[0],
        meta=meta | sidecar,
    )
