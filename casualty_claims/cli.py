"""The build command: article folders in, one SQLite database out.

``build()`` runs the steps, each done by its own module: ``target`` checks and locks the
database to write and writes it to a temporary file that replaces it only when complete, so a
failed or interrupted build leaves the previous database as it was; ``incremental`` says what
the previous database can give (a build by the same code, lexicon, curation and reference
series extracts again only new and changed articles); ``workers`` extracts articles in
parallel processes, streamed into the database so that memory does not grow with the corpus;
``store`` writes the rows, and the links across articles are worked out anew. ``main()`` is
the command line (build.py).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import curate, incremental, reference, relink, schema, store, tail, target
from . import lexicon as lexicon_module
from .incremental import Previous
from .pipeline import ARTICLE_BUDGET_SECONDS, Context, Outcome
from .read import DEFAULT_MAX_BYTES, ArticleError, article_paths
from .target import BuildFailed, check_target, target_lock
from .workers import outcomes


@dataclass(frozen=True)
class BuildOptions:
    """How to build: with the reference series unless ``reference_file`` is None and the hand
    curation unless ``curation_file`` is None; under ``strict``, any warning fails; ``jobs``
    processes extract articles (default: one per core), or the workers of the Dask
    ``scheduler`` at that address (``cluster``); ``full`` ignores the previous
    database; an article whose extraction takes more than ``budget`` CPU seconds, or whose
    files are larger than ``max_bytes``, is skipped."""

    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    reference_file: Path | None = reference.SERIES_FILE
    curation_file: Path | None = curate.CURATION_FILE
    jobs: int | None = None
    full: bool = False
    budget: float | None = ARTICLE_BUDGET_SECONDS
    scheduler: str | None = None


def build(
    directories: list[Path],
    db_path: Path,
    options: BuildOptions | None = None,
    *,
    warn: Callable[[str], None] | None = None,
    timings: dict[str, float] | None = None,
    **changes,
) -> list[str]:
    """Build the database at ``db_path`` from the articles in ``directories``; returns the
    warnings, each also passed to ``warn``. Keyword ``changes`` change single ``options``.
    ``timings`` receives the seconds each step took (see Stopwatch)."""
    options = dataclasses.replace(options or BuildOptions(), **changes)
    log = Log(warn, Stopwatch(timings if timings is not None else {}))
    check_target(db_path)
    with target_lock(db_path):
        context, series, stamp = load_inputs(options)
        previous = None if options.full else incremental.previous_build(db_path, stamp)
        paths = list(article_paths(directories, log.note))
        started_ns = time.time_ns()
        with log.clock("read"):
            unchanged = [previous is not None and previous.unchanged(path) for path in paths]
        few_changes = incremental.few_changes(previous, paths, unchanged)
        with target.draft(db_path, from_target=previous is not None) as draft:
            if few_changes:
                incremental.check_keys_as_rows_change(draft.db)
            if not previous:
                schema.check_keys_as_written(draft.db)
                create_tables(draft.db, context.lexicon, series)
            run = Run(draft, context, series, previous, few_changes, log)
            extracted = outcomes(paths, unchanged, context, options.jobs, options.scheduler)
            with target.keys_held(db_path):
                changes, used = run.store_articles(extracted)
                run.link(changes)
            run.check_curation(used)
            if options.strict and log.warnings:
                raise BuildFailed(f"{len(log.warnings)} warning(s) under --strict; {db_path} left as it was")
            with log.clock("finish"):
                run.finish(stamp, started_ns)
            log.clock.mark("total")
        return log.warnings


def load_inputs(options: BuildOptions) -> tuple[Context, reference.Reference | None, str]:
    """What every article is read against, the reference series, and their fingerprint."""
    lexicon = lexicon_module.load()
    series = reference.open_series(options.reference_file) if options.reference_file else None
    curation = curate.load(options.curation_file, lexicon) if options.curation_file else None
    context = Context(
        lexicon, curation, series.reports if series else None, options.max_bytes, options.budget
    )
    return context, series, incremental.fingerprint(options.curation_file, series, options.max_bytes)


def create_tables(
    db: sqlite_utils.Database, lexicon: lexicon_module.Lexicon, series: reference.Reference | None
) -> None:
    """The tables of a new database, with the lexicon and the reference series in theirs."""
    schema.create(db)
    store.write_lexicon(db, lexicon)
    if series:
        store.write_series(db, series)


@dataclass
class Log:
    """A build's warnings, each passed on to ``warn`` as it comes, and its clock."""

    warn: Callable[[str], None] | None
    clock: Stopwatch
    warnings: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        self.warnings.append(message)
        if self.warn:
            self.warn(message)


@dataclass
class Run:
    """The steps of one build after its articles are known, writing into ``draft``. Where
    ``few_changes``, only the claims of the changed articles are relinked (``relink.Changes``)."""

    draft: target.Draft
    context: Context
    series: reference.Reference | None
    previous: Previous | None
    few_changes: bool
    log: Log

    def store_articles(self, results: Iterable[Outcome]) -> tuple[relink.Changes, set[str]]:
        """Store each new or changed article's rows, skipping repeats, and forget the articles
        whose files went; returns the changes and the curation entries the articles used."""
        db, previous, clock = self.draft.db, self.previous, self.log.clock
        writer = store.Writer(db, clock=clock)
        ids: dict[str, Path] = {}  # article id -> the file that had it first
        texts: dict[str, Path] = {}  # sha256 of an article's text -> the file that had it first
        used: set[str] = set()
        changes = relink.Changes()
        for outcome in results:
            clock.add_worker(outcome.seconds)
            if self._skipped(outcome, ids, texts):
                continue
            if outcome.rows is None:  # unchanged since the previous build
                used |= previous.entries[outcome.id]
                continue
            if previous and outcome.id in previous.known:
                with clock("store"):
                    self._forget(changes, [outcome.id])
            writer.add(outcome.rows)
            changes.articles.append(outcome.id)
            used |= outcome.used
        writer.flush()
        with clock("store"):
            if previous:  # the articles whose files went
                self._forget(changes, [id for id in previous.known if id not in ids])
            self._settle_inferred_claimants(changes)
        clock.mark("articles")
        return changes, used

    def _skipped(self, outcome: Outcome, ids: dict[str, Path], texts: dict[str, Path]) -> bool:
        """Whether an outcome is a warning, or repeats the name or the text of an article
        before (each noted); else the article is recorded in ``ids`` and ``texts``."""
        if outcome.warning:
            self.log.note(outcome.warning)
            return True
        if outcome.id in ids:
            self.log.note(f"{outcome.path}: skipped, its name repeats {ids[outcome.id]}")
            return True
        sha256 = self.previous.sha256[outcome.id] if outcome.rows is None else outcome.sha256
        if sha256 in texts:
            self.log.note(f"{outcome.path}: skipped, same text as {texts[sha256]}")
            return True
        ids[outcome.id] = texts[sha256] = outcome.path
        return False

    def _forget(self, changes: relink.Changes, articles: list[str]) -> None:
        if self.few_changes:
            changes.note_claims(self.draft.db, articles)
        store.forget_articles(self.draft.db, articles)

    def _settle_inferred_claimants(self, changes: relink.Changes) -> None:
        db = self.draft.db
        # claims of inferred claimants whose side changes, under the old side and the new
        if self.few_changes:
            changes.claimants = store.resettled_claimants(db)
            changes.note_claims(db, changes.claimants, "claimant")
        store.settle_inferred_claimants(db)
        if self.few_changes:
            changes.note_claims(db, changes.claimants, "claimant")

    def link(self, changes: relink.Changes) -> None:
        """The links across articles, and the indexes: of a fresh build, both at once."""
        db, clock, lexicon, series = self.draft.db, self.log.clock, self.context.lexicon, self.series
        if not self.previous:
            tail.link_and_index(self.draft, lexicon, series, clock)
            return
        with clock("link"):
            if self.few_changes:
                changes.note_claims(db, changes.articles)
                relink.relink_changes(db, lexicon, series, changes)
                try:
                    db.conn.commit()
                except sqlite3.IntegrityError:
                    self._check_foreign_keys()
            else:
                relink.relink_all(db, lexicon, series)
        with clock("indexes"):  # after linking: it is faster without those of the links
            schema.create_indexes(db)

    def check_curation(self, used: set[str]) -> None:
        """A warning for each curation entry that matched nothing."""
        curation = self.context.curation
        if curation:
            for problem in curate.unmatched(curation, used, _texts_named(self.draft.db, curation)):
                self.log.note(problem)

    def finish(self, stamp: str, started_ns: int) -> None:
        """Record the build and replace the target with the finished database."""
        db = self.draft.db
        store.write_build_summary(db, stamp, started_ns)
        if not self.few_changes:
            # statistics that let the query planner pick indexes (a small change
            # keeps those of the previous build)
            db.execute("ANALYZE")
        if self.previous and not self.few_changes:
            # Rows copied from the previous database and rewritten without foreign keys
            # enforced: one pass checks every key. (A fresh build wrote every row with
            # them enforced, and a few changes had them checked as rows changed.)
            self._check_foreign_keys()
        self.draft.replace_target()

    def _check_foreign_keys(self) -> None:
        problems = list(self.draft.db.execute("PRAGMA foreign_key_check"))
        if problems:
            raise BuildFailed(
                f"{self.draft.target}: foreign keys broken: {problems[:3]}; the database is left as it was"
            )


class Stopwatch:
    """Seconds per build step, into ``seconds``: the main process's steps (a fresh
    build's "link" and "indexes" in part at once: ``tail``), the extraction steps summed
    over the worker processes, and the wall-clock time until the articles were stored
    ("articles") and until the end ("total")."""

    WORKER_STEPS = ("read", "extract", "rows")

    def __init__(self, seconds: dict[str, float]):
        self.seconds = seconds
        self.started = time.perf_counter()

    @contextlib.contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started

    def add_worker(self, seconds: tuple[float, ...]) -> None:
        for step, spent in zip(self.WORKER_STEPS, seconds, strict=True):
            self.seconds[step] = self.seconds.get(step, 0.0) + spent

    def mark(self, name: str) -> None:
        self.seconds[name] = time.perf_counter() - self.started


def _texts_named(db: sqlite_utils.Database, curation: curate.Curation) -> dict[str, str]:
    """The text of every article a curation entry names, where it is in the database."""
    named = sorted({e.fields["article"] for e in curation.entries if "article" in e.fields})
    marks = ", ".join("?" * len(named))
    return dict(db.execute(f"SELECT id, raw_text FROM article_texts WHERE id IN ({marks})", named))


def _terminate(signum, frame):
    raise KeyboardInterrupt


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the casualty-claims database from news articles."
    )
    parser.add_argument(
        "directories",
        nargs="*",
        type=Path,
        default=[Path("seeds")],
        metavar="ARTICLES_DIR",
        help="folders of articles (default: seeds)",
    )
    parser.add_argument(
        "--db", type=Path, default=Path("claims.db"), help="database to write (default: claims.db)"
    )
    parser.add_argument("--strict", action="store_true", help="fail on any warning, leaving the old database")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"skip articles larger than this (default: {DEFAULT_MAX_BYTES:,})",
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=reference.SERIES_FILE,
        metavar="FILE",
        help="the ministry's daily loss series to import (default: %(default)s)",
    )
    parser.add_argument("--no-reference", action="store_true", help="build without the reference series")
    parser.add_argument(
        "--curation",
        type=Path,
        default=curate.CURATION_FILE,
        metavar="FILE",
        help="hand curation to apply (default: %(default)s)",
    )
    parser.add_argument("--no-curation", action="store_true", help="build without the hand curation")
    parser.add_argument(
        "--jobs", "-j", type=int, metavar="N", help="processes that extract articles (default: one per core)"
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="extract the articles on the Dask cluster of this scheduler (tcp://host:8786) instead",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="extract every article again, even if the previous database has it",
    )
    parser.add_argument(
        "--timings", type=Path, metavar="FILE", help="write the seconds each build step took to FILE (JSON)"
    )
    parser.add_argument(
        "--article-budget",
        type=float,
        default=ARTICLE_BUDGET_SECONDS,
        metavar="SECONDS",
        help="skip an article whose extraction takes more CPU seconds than this (default: %(default)g; 0: no limit)",
    )
    return parser


def _options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        strict=args.strict,
        max_bytes=args.max_bytes,
        reference_file=None if args.no_reference else args.reference,
        curation_file=None if args.no_curation else args.curation,
        jobs=args.jobs,
        full=args.full,
        budget=args.article_budget,
        scheduler=args.scheduler,
    )


def _print_warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


# What a build fails with when its input or its target will not do (a one-line error, exit 1).
EXPECTED_ERRORS = (
    BuildFailed,
    ArticleError,
    lexicon_module.LexiconError,
    reference.ReferenceSeriesError,
    curate.CurationError,
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    timings: dict[str, float] = {}
    try:
        warnings = build(args.directories, args.db, _options(args), warn=_print_warning, timings=timings)
    except EXPECTED_ERRORS as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"error: interrupted; {args.db} left as it was", file=sys.stderr)
        return 130
    if args.timings:
        args.timings.write_text(json.dumps(timings, indent=1), encoding="utf-8")
    db = sqlite_utils.Database(args.db)
    print(
        f"{args.db}: {db['articles'].count} articles, {db['claims'].count} claims"
        + (f", {len(warnings)} warning(s)" if warnings else "")
    )
    return 0
