"""The build command: article folders in, one SQLite database out.

The database is written to a temporary file beside the target and renamed
over it only when complete, so a failed or interrupted build leaves the
previous database as it was.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from . import lexicon as lexicon_module
from . import schema, store
from .clean import FurnitureRules
from .pipeline import Processed, process
from .read import DEFAULT_MAX_BYTES, ArticleError, article_paths, read_article


class BuildFailed(Exception):
    """The build stopped; the previous database is untouched."""


def collect(
    directories: list[Path],
    warn: Callable[[str], None],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Processed]:
    lexicon = lexicon_module.load()
    rules = FurnitureRules(lexicon)
    processed: list[Processed] = []
    ids: dict[str, Path] = {}
    hashes: dict[str, Path] = {}
    for path in article_paths(directories):
        try:
            article = read_article(path, max_bytes)
        except ArticleError as error:
            warn(str(error))
            continue
        if article.id in ids:
            warn(f"{path}: skipped, its name repeats {ids[article.id]}")
            continue
        if article.sha256 in hashes:
            warn(f"{path}: skipped, same text as {hashes[article.sha256]}")
            continue
        ids[article.id] = hashes[article.sha256] = path
        processed.append(process(article, lexicon, rules))
    return processed


def write(db_path: Path, processed: list[Processed]) -> None:
    """Write a complete database to a temporary file, then move it into place."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # a build killed outright (SIGKILL, power loss) cannot remove its temporary file
    for leftover in db_path.parent.glob(f".{db_path.name}.*.tmp*"):  # and its -journal
        leftover.unlink(missing_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    db = sqlite_utils.Database(tmp)
    try:
        schema.create(db)
        store.write_all(db, processed, lexicon_module.load())
        schema.enable_search(db)
        problems = list(db.execute("PRAGMA foreign_key_check"))
        if problems:
            raise BuildFailed(f"{db_path}: foreign keys broken: {problems[:3]}")
        db.conn.commit()
        db.close()
        os.replace(tmp, db_path)
    finally:
        db.close()
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)


def build(
    directories: list[Path],
    db_path: Path,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[str]:
    """Build the database; returns the warnings. Under strict, any warning fails."""
    warnings: list[str] = []

    def note(message: str) -> None:
        warnings.append(message)
        if warn:
            warn(message)

    processed = collect(directories, note, max_bytes)
    if strict and warnings:
        raise BuildFailed(f"{len(warnings)} warning(s) under --strict; {db_path} left as it was")
    write(db_path, processed)
    return warnings


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the casualty-claims database from news articles."
    )
    parser.add_argument("directories", nargs="*", type=Path, default=[Path("seeds")],
                        metavar="ARTICLES_DIR", help="folders of articles (default: seeds)")  # fmt: skip
    parser.add_argument(
        "--db", type=Path, default=Path("claims.db"), help="database to write (default: claims.db)"
    )
    parser.add_argument("--strict", action="store_true", help="fail on any warning, leaving the old database")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                        help=f"skip articles larger than this (default: {DEFAULT_MAX_BYTES:,})")  # fmt: skip
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    try:
        warnings = build(args.directories, args.db, args.strict, warn, args.max_bytes)
    except (BuildFailed, ArticleError, lexicon_module.LexiconError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"error: interrupted; {args.db} left as it was", file=sys.stderr)
        return 130
    db = sqlite_utils.Database(args.db)
    print(
        f"{args.db}: {db['articles'].count} articles, {db['claims'].count} claims"
        + (f", {len(warnings)} warning(s)" if warnings else "")
    )
    return 0
