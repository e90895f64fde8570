"""What a build can keep of the previous database: a build reuses it when it was made by the
same code, lexicon, curation, reference series and size limit (its fingerprint), and then
extracts again only the articles whose files changed."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import reference
from .read import source_digest, source_stat
from .vocabulary import FULL_TEXT

PACKAGE = Path(__file__).resolve().parent
# The coarsest file-system clock in common use (FAT's two seconds).
STAT_TICK_NS = 2_000_000_000
# When more than this share of the articles changed, relinking every claim is faster
# than relinking the changes.
RELINK_ALL_ABOVE = 0.1


def fingerprint(curation_file: Path | None, series: reference.Reference | None, max_bytes: int) -> str:
    """What an article's rows depend on besides its own text: the code, the lexicon,
    the curation, the reference series and the size limit."""
    digest = hashlib.sha256(str(max_bytes).encode())
    digest.update(code_digest().encode())
    if curation_file and curation_file.exists():
        digest.update(curation_file.read_bytes())
    digest.update((series.sha256 if series else "no series").encode())
    return digest.hexdigest()[:16]


def code_digest() -> str:
    """The digest of this package's code and lexicon: the part of the fingerprint that a
    machine extracting articles for the build (``cluster``) must share with it."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")) + sorted(PACKAGE.glob("lexicon/*.yml")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class Previous:
    """What a previous build with the same fingerprint stored about each article."""

    known: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id -> (path, digest, stat)
    sha256: dict[str, str] = field(default_factory=dict)
    entries: dict[str, set[str]] = field(default_factory=dict)  # id -> curation entries used
    started_ns: int = 0

    def unchanged(self, path: Path) -> bool:
        """Whether an article's files are as this build read them: they have the size
        and time it saw, or else the same content. A file changed within a coarse
        clock's tick of the build's start may have changed again unseen: it is hashed."""
        known = self.known.get(path.stem)
        if known is None or not (known[0] == str(path) or Path(known[0]).resolve() == path.resolve()):
            return False
        try:  # a file that cannot be read is not unchanged: reading it again reports why
            sizes, latest = source_stat(path)
            if sizes == known[2] and latest < self.started_ns - STAT_TICK_NS:
                return True
            return source_digest(path) == known[1]
        except OSError:
            return False


def previous_build(db_path: Path, stamp: str) -> Previous | None:
    """What the database at ``db_path`` holds about its articles, if a build with the
    fingerprint ``stamp`` made it and it holds their full text."""
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT fingerprint, started_ns, texts FROM build WHERE id = 1").fetchone()
            # a quotes-only copy has lost the sentences a rebuild of its articles would keep
            if row is None or row[0] != stamp or row[2] != FULL_TEXT:
                return None
            previous = Previous(started_ns=row[1])
            articles = conn.execute(
                "SELECT id, path, source_sha256, source_stat, sha256, curation_entries FROM articles "
                "WHERE source_sha256 IS NOT NULL"
            )
            for id, path, source, stat, sha256, entries in articles:
                previous.known[id] = (path, source, stat)
                previous.sha256[id] = sha256
                previous.entries[id] = set(entries.split(",")) if entries else set()
            return previous
        finally:
            conn.close()
    except sqlite3.Error:  # not a database of ours, or from an older schema: build afresh
        return None


def few_changes(previous: Previous | None, paths: list[Path], unchanged: list[bool]) -> bool:
    """Whether so few articles changed or went that relinking just their claims is faster.
    Few changes are relinked where they are, with foreign keys checked as rows change;
    many, by relinking every claim and checking every table at the end."""
    if previous is None:
        return False
    gone = set(previous.known) - {path.stem for path in paths}
    return unchanged.count(False) + len(gone) <= len(paths) * RELINK_ALL_ABOVE


def check_keys_as_rows_change(db: sqlite_utils.Database) -> None:
    """The previous build's indexes are all there, so SQLite can check each foreign key as
    rows go and come (at the end of linking: forgetting an article leaves its groups behind
    until then) instead of reading every table at the end."""
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN")
    db.execute("PRAGMA defer_foreign_keys = ON")
