"""The build command: article folders in, one SQLite database out.

Articles are extracted in parallel worker processes and streamed into the
database, so memory does not grow with the corpus. A build reuses the previous
database when it was made by the same code, lexicon, curation and reference
series (its fingerprint): only new and changed articles are extracted again,
and the links across articles are worked out anew. The database is written to
a temporary file beside the target and renamed over it only when complete, so
a failed or interrupted build leaves the previous database as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import curate, reference, schema, store
from . import lexicon as lexicon_module
from .clean import FurnitureRules
from .pipeline import ARTICLE_BUDGET_SECONDS, Context, Outcome, extract, warm_up
from .read import DEFAULT_MAX_BYTES, ArticleError, article_paths, source_digest, source_stat

PACKAGE = Path(__file__).resolve().parent
# The coarsest file-system clock in common use (FAT's two seconds).
STAT_TICK_NS = 2_000_000_000
# When more than this share of the articles changed, relinking every claim is faster
# than relinking the changes.
RELINK_ALL_ABOVE = 0.1
# Below this many articles per process, starting processes costs more than it saves.
ARTICLES_PER_JOB = 50
# How every SQLite database file starts.
SQLITE_HEADER = b"SQLite format 3\x00"


class BuildFailed(Exception):
    """The build stopped; the previous database is untouched."""


def fingerprint(curation_file: Path | None, series: reference.Reference | None, max_bytes: int) -> str:
    """What an article's rows depend on besides its own text: the code, the lexicon,
    the curation, the reference series and the size limit."""
    digest = hashlib.sha256(str(max_bytes).encode())
    for path in sorted(PACKAGE.rglob("*.py")) + sorted(PACKAGE.glob("lexicon/*.yml")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\x00" + path.read_bytes())
    if curation_file and curation_file.exists():
        digest.update(curation_file.read_bytes())
    digest.update((series.sha256 if series else "no series").encode())
    return digest.hexdigest()[:16]


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
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT fingerprint, started_ns FROM build WHERE id = 1").fetchone()
            if row is None or row[0] != stamp:
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


_worker: tuple[Context, FurnitureRules] | None = None


def _start_worker(context: Context) -> None:
    global _worker
    # the parent handles interrupts and stops its workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker = (context, FurnitureRules(context.lexicon))


def _extract_in_worker(path: Path) -> Outcome:
    return extract(path, *_worker)


def outcomes(
    paths: list[Path], unchanged: list[bool], context: Context, jobs: int | None
) -> Iterator[Outcome]:
    """Every article's outcome, in the order of ``paths`` however many processes work.
    Articles whose files are as the previous build found them (``unchanged``) are
    not sent to a worker."""
    todo = [path for path, same in zip(paths, unchanged, strict=True) if not same]
    jobs = job_count(jobs, len(todo))
    if todo:  # once, before the workers fork, which inherit the compiled grammar
        warm_up(context.lexicon)
    with contextlib.ExitStack() as stack:
        if jobs <= 1 or not todo:
            rules = FurnitureRules(context.lexicon)
            results = (extract(path, context, rules) for path in todo)
        else:
            pool = stack.enter_context(
                multiprocessing.get_context("fork").Pool(jobs, _start_worker, (context,))
            )
            results = pool.imap(_extract_in_worker, todo, chunksize=8)
        for path, same in zip(paths, unchanged, strict=True):
            yield Outcome(path, id=path.stem) if same else next(results)


def job_count(jobs: int | None, articles: int) -> int:
    if jobs is not None:
        return max(1, jobs)
    return max(1, min(os.cpu_count() or 1, articles // ARTICLES_PER_JOB))


def build(
    directories: list[Path],
    db_path: Path,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    reference_file: Path | None = reference.SERIES_FILE,
    curation_file: Path | None = curate.CURATION_FILE,
    jobs: int | None = None,
    full: bool = False,
    timings: dict[str, float] | None = None,
    budget: float | None = ARTICLE_BUDGET_SECONDS,
) -> list[str]:
    """Build the database, with the reference series unless ``reference_file`` is None
    and the hand curation unless ``curation_file`` is None; returns the warnings.
    Under strict, any warning fails. ``jobs`` processes extract articles (default:
    one per core); ``full`` ignores the previous database. ``timings`` receives the
    seconds each step took (extraction steps summed over the worker processes).
    An article whose extraction takes more than ``budget`` CPU seconds is skipped."""
    warnings: list[str] = []
    clock = Stopwatch(timings if timings is not None else {})

    def note(message: str) -> None:
        warnings.append(message)
        if warn:
            warn(message)

    check_target(db_path)
    with target_lock(db_path):
        lexicon = lexicon_module.load()
        series = reference.open_series(reference_file) if reference_file else None
        curation = curate.load(curation_file, lexicon) if curation_file else None
        stamp = fingerprint(curation_file, series, max_bytes)
        previous = None if full else previous_build(db_path, stamp)
        paths = list(article_paths(directories, note))
        started_ns = time.time_ns()
        context = Context(lexicon, curation, series.reports if series else None, max_bytes, budget)
        with clock("read"):
            unchanged = [previous is not None and previous.unchanged(path) for path in paths]
        # Few changes are relinked where they are, with foreign keys checked as rows
        # change; many, by relinking every claim and checking every table at the end.
        few_changes = previous is not None and (
            unchanged.count(False) + len(set(previous.known) - {path.stem for path in paths})
            <= len(paths) * RELINK_ALL_ABOVE
        )

        # a build killed outright (SIGKILL, power loss) cannot remove its temporary file; with
        # the lock held, no build that is still running owns one
        for leftover in db_path.parent.glob(f".{db_path.name}.*.tmp*"):  # and its -journal
            leftover.unlink(missing_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
        os.close(handle)
        tmp = Path(tmp_name)
        # the mode the database had, or a new file's (mkstemp's 0600 locks out a server of another user)
        os.chmod(tmp, stat.S_IMODE(db_path.stat().st_mode) if db_path.exists() else _new_file_mode())
        if previous:
            shutil.copyfile(db_path, tmp)
        db = sqlite_utils.Database(tmp)
        # Nothing reads the temporary file before it is complete, and a failed build
        # deletes it, so SQLite's syncing and rollback journal are not needed: the
        # finished file is synced once instead. (A journal kept in memory grew to GBs
        # when an incremental build rewrote the links of a large database.)
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA journal_mode = OFF")
        if few_changes:
            # The previous build's indexes are all there, so SQLite can check each foreign
            # key as rows go and come (at the end of linking: forgetting an article leaves
            # its groups behind until then) instead of reading every table at the end.
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("BEGIN")
            db.execute("PRAGMA defer_foreign_keys = ON")
        try:
            if not previous:
                schema.create(db)
                store.write_lexicon(db, lexicon)
                if series:
                    store.write_series(db, series)
            writer = store.Writer(db)
            ids: dict[str, Path] = {}
            texts: dict[str, Path] = {}
            used: set[str] = set()
            changes = store.Changes()

            def forget(articles: list[str]) -> None:
                if few_changes:
                    changes.note_claims(db, articles)
                store.forget_articles(db, articles)

            for outcome in outcomes(paths, unchanged, context, jobs):
                clock.add_worker(outcome.seconds)
                if outcome.warning:
                    note(outcome.warning)
                    continue
                id, unchanged = outcome.id, outcome.rows is None
                if id in ids:
                    note(f"{outcome.path}: skipped, its name repeats {ids[id]}")
                    continue
                sha256 = previous.sha256[id] if unchanged else outcome.sha256
                if sha256 in texts:
                    note(f"{outcome.path}: skipped, same text as {texts[sha256]}")
                    continue
                ids[id] = texts[sha256] = outcome.path
                if unchanged:
                    used |= previous.entries[id]
                    continue
                with clock("store"):
                    if previous and id in previous.known:
                        forget([id])
                    writer.add(outcome.rows)
                changes.articles.append(id)
                used |= outcome.used
            with clock("store"):
                writer.flush()
                if previous:  # the articles whose files went
                    forget([id for id in previous.known if id not in ids])
                # claims of inferred claimants whose side changes, under the old side and the new
                if few_changes:
                    changes.claimants = store.resettled_claimants(db)
                    changes.note_claims(db, changes.claimants, "claimant")
                store.settle_inferred_claimants(db)
                if few_changes:
                    changes.note_claims(db, changes.claimants, "claimant")
            clock.mark("articles")
            with clock("search index"):
                if previous:
                    store.index_articles(db, changes.articles)
                else:
                    schema.enable_search(db)
            with clock("link"):
                if few_changes:
                    changes.note_claims(db, changes.articles)
                    store.relink_changes(db, lexicon, series, changes)
                    try:
                        db.conn.commit()
                    except sqlite3.IntegrityError:
                        _foreign_keys_broken(db, db_path)
                else:
                    store.relink(db, lexicon, series)
            with clock("indexes"):  # after linking: a fresh build links faster without them
                schema.create_indexes(db)
            if curation:
                for problem in curate.unmatched(curation, used, _texts_named(db, curation)):
                    note(problem)
            if strict and warnings:
                raise BuildFailed(f"{len(warnings)} warning(s) under --strict; {db_path} left as it was")
            with clock("finish"):
                store.write_build_summary(db, stamp, started_ns)
                if not few_changes:
                    # statistics that let the query planner pick indexes (a small change
                    # keeps those of the previous build), and the check of every foreign key
                    db.execute("ANALYZE")
                    _foreign_keys_broken(db, db_path)
                db.conn.commit()
                db.close()
                with open(tmp, "rb") as finished:
                    os.fsync(finished.fileno())
                os.replace(tmp, db_path)
            clock.mark("total")
        finally:
            with _interrupts_deferred():  # a second interrupt must not stop the clean-up
                db.close()
                for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                    leftover.unlink(missing_ok=True)
        return warnings


def check_target(db_path: Path) -> None:
    """Fail before any work where the database cannot be written: a folder, something that is
    not an SQLite database (the build would replace it), a folder that cannot be made."""
    if db_path.is_dir():
        raise BuildFailed(f"{db_path}: is a folder; --db names the database file to write")
    if db_path.exists():
        if not db_path.is_file():
            raise BuildFailed(f"{db_path}: is not a regular file; not replacing it")
        try:
            with open(db_path, "rb") as file:
                header = file.read(len(SQLITE_HEADER))
        except OSError as error:
            raise BuildFailed(f"{db_path}: cannot be read ({error.strerror})") from None
        if header and header != SQLITE_HEADER:
            raise BuildFailed(
                f"{db_path}: is not an SQLite database; not replacing it (move it away or choose another --db)"
            )
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildFailed(f"{db_path.parent}: cannot make the folder ({error.strerror})") from None


@contextlib.contextmanager
def target_lock(db_path: Path) -> Iterator[None]:
    """The lock on building ``db_path`` (a file beside it, removed after), or BuildFailed at once
    when another build holds it: two builds of one database would remove each other's
    temporary files. A POSIX lock belongs to its process: the worker processes do not hold
    it, and it goes with a killed build."""
    lock_path = db_path.with_name(f".{db_path.name}.lock")
    while True:
        try:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise BuildFailed(f"{db_path.parent}: cannot write there ({error.strerror})") from None
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(handle, 20, 0).decode(errors="replace").strip()
            os.close(handle)
            raise BuildFailed(
                f"{db_path}: another build (process {holder or '?'}) is writing it; try again when it ends"
            ) from None
        if _is_file_at(handle, lock_path):
            break
        os.close(handle)  # a lock file that the build before removed as it ended: lock the new one
    try:
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield
    finally:
        lock_path.unlink(missing_ok=True)
        os.close(handle)


def _is_file_at(handle: int, path: Path) -> bool:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(handle)
    return (found.st_dev, found.st_ino) == (opened.st_dev, opened.st_ino)


def _new_file_mode() -> int:
    """The mode a new file takes under the user's umask (which Python reads only by setting it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done, and are then handled as usual.
    (Swapping the handlers, not blocking the signals: another thread, such as a
    process pool's, may be the one the signal is delivered to.)"""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread handles signals
        return
    caught: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: caught.append(signum))
                for signum in (signal.SIGINT, signal.SIGTERM)}  # fmt: skip
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            signal.raise_signal(caught[0])


def _foreign_keys_broken(db: sqlite_utils.Database, db_path: Path) -> None:
    problems = list(db.execute("PRAGMA foreign_key_check"))
    if problems:
        raise BuildFailed(f"{db_path}: foreign keys broken: {problems[:3]}; the database is left as it was")


class Stopwatch:
    """Seconds per build step, into ``seconds``: the main process's steps, the
    extraction steps summed over the worker processes, and the wall-clock time
    until the articles were stored ("articles") and until the end ("total")."""

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
    return dict(db.execute(f"SELECT id, raw_text FROM articles WHERE id IN ({marks})", named))


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
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="processes that extract articles (default: one per core)")  # fmt: skip
    parser.add_argument("--full", action="store_true",
                        help="extract every article again, even if the previous database has it")  # fmt: skip
    parser.add_argument("--timings", type=Path, metavar="FILE",
                        help="write the seconds each build step took to FILE (JSON)")  # fmt: skip
    parser.add_argument("--article-budget", type=float, default=ARTICLE_BUDGET_SECONDS, metavar="SECONDS",
                        help="skip an article whose extraction takes more CPU seconds than this "
                             "(default: %(default)g; 0: no limit)")  # fmt: skip
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    timings: dict[str, float] = {}
    try:
        series_file = None if args.no_reference else args.reference
        curation_file = None if args.no_curation else args.curation
        warnings = build(
            args.directories,
            args.db,
            args.strict,
            warn,
            args.max_bytes,
            series_file,
            curation_file,
            jobs=args.jobs,
            full=args.full,
            timings=timings,
            budget=args.article_budget,
        )
    except (BuildFailed, ArticleError, lexicon_module.LexiconError, reference.ReferenceError,
            curate.CurationError) as error:  # fmt: skip
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
