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
from dataclasses import replace
from pathlib import Path

import sqlite_utils

from . import curate, reference, schema, store
from . import lexicon as lexicon_module
from .clean import FurnitureRules
from .pipeline import Processed, process
from .read import DEFAULT_MAX_BYTES, ArticleError, article_paths, read_article


class BuildFailed(Exception):
    """The build stopped; the previous database is untouched."""


def collect(
    directories: list[Path],
    warn: Callable[[str], None],
    max_bytes: int = DEFAULT_MAX_BYTES,
    curation: curate.Curation | None = None,
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
        if curation:
            article = replace(article, meta=article.meta | curation.article_meta(article.id))
        processed.append(process(article, lexicon, rules))
    return processed


def date_by_reference(item: Processed, series: reference.Series, lexicon, rules) -> Processed:
    """An article the text does not date to the day, dated by the one daily report
    its running total matches (and read again, so its claims take that date)."""
    if item.published and item.published.precision == "day":
        return item
    rows = [store.claim_row(claim) for claim in item.claims]
    figures = [(row["value"], reference.field_of(row)) for row in rows if row["subject_side"] == "russia"]
    evidence = reference.dating_evidence([f for f in figures if f[1]], series, item.published)
    if evidence is None:
        return item
    day, value = evidence
    meta = dict(
        item.article.meta,
        published=day.isoformat(),
        published_from=f"its figure {value:,} matches the ministry's report of {day.isoformat()}",
    )
    return process(replace(item.article, meta=meta), lexicon, rules)


def write(
    db_path: Path,
    processed: list[Processed],
    series: reference.Reference | None = None,
    curation: curate.Curation | None = None,
) -> None:
    """Write a complete database to a temporary file, then move it into place."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # a build killed outright (SIGKILL, power loss) cannot remove its temporary file
    for leftover in db_path.parent.glob(f".{db_path.name}.*.tmp*"):  # and its -journal
        leftover.unlink(missing_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    db = sqlite_utils.Database(tmp)
    # Nothing reads the temporary file before it is complete, so skip SQLite's
    # per-transaction syncing and journal, and sync the finished file once instead.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = MEMORY")
    try:
        schema.create(db)
        store.write_all(db, processed, lexicon_module.load(), series, curation)
        schema.enable_search(db)
        problems = list(db.execute("PRAGMA foreign_key_check"))
        if problems:
            raise BuildFailed(f"{db_path}: foreign keys broken: {problems[:3]}")
        db.conn.commit()
        db.close()
        with open(tmp, "rb") as finished:
            os.fsync(finished.fileno())
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
    reference_file: Path | None = reference.SERIES_FILE,
    curation_file: Path | None = curate.CURATION_FILE,
) -> list[str]:
    """Build the database, with the reference series unless ``reference_file`` is None
    and the hand curation unless ``curation_file`` is None; returns the warnings.
    Under strict, any warning fails."""
    warnings: list[str] = []

    def note(message: str) -> None:
        warnings.append(message)
        if warn:
            warn(message)

    lexicon = lexicon_module.load()
    series = reference.open_series(reference_file) if reference_file else None
    curation = curate.load(curation_file, lexicon) if curation_file else None
    processed = collect(directories, note, max_bytes, curation)
    if series:
        rules = FurnitureRules(lexicon)
        processed = [date_by_reference(item, series.reports, lexicon, rules) for item in processed]
    if curation:
        rows = [store.claim_row(claim) for item in processed for claim in item.claims]
        for problem in curate.unmatched(
            curation, rows, {item.article.id: item.article.raw for item in processed}
        ):
            note(problem)
    if strict and warnings:
        raise BuildFailed(f"{len(warnings)} warning(s) under --strict; {db_path} left as it was")
    write(db_path, processed, series, curation)
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
    parser.add_argument("--reference", type=Path, default=reference.SERIES_FILE, metavar="FILE",
                        help="the ministry's daily loss series to import (default: %(default)s)")  # fmt: skip
    parser.add_argument("--no-reference", action="store_true", help="build without the reference series")
    parser.add_argument("--curation", type=Path, default=curate.CURATION_FILE, metavar="FILE",
                        help="hand curation to apply (default: %(default)s)")  # fmt: skip
    parser.add_argument("--no-curation", action="store_true", help="build without the hand curation")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    try:
        series_file = None if args.no_reference else args.reference
        curation_file = None if args.no_curation else args.curation
        warnings = build(
            args.directories, args.db, args.strict, warn, args.max_bytes, series_file, curation_file
        )
    except (BuildFailed, ArticleError, lexicon_module.LexiconError, reference.ReferenceError,
            curate.CurationError) as error:  # fmt: skip
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
