"""The steps of a fresh build after its articles are stored, on two cores.

Linking is Python reading the stored claims; creating indexes is SQLite writing, with
Python's lock on the interpreter let go. So the links are worked out in a thread, on a
second connection that reads the claims and writes only its own temp schema, while the
build's connection creates the indexes linking does not rewrite; SQLite's write-ahead log
lets the one read while the other writes (the draft goes back to its journal-less mode
after). The links are then written from the temp schema, and their indexes created.
(The search index was built as the rows were stored: ``store.Writer``.)
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import sqlite_utils

from . import relink, schema
from .lexicon import Lexicon
from .reference import Reference
from .target import Draft, interrupts_deferred


def link_and_index(draft: Draft, lexicon: Lexicon, series: Reference | None, clock: Callable) -> None:
    """The links across articles and every index of ``draft``, a fresh build's database
    (its foreign keys enforced as rows are written, on both connections)."""
    db = draft.db
    db.conn.commit()
    if not _reads_beside_writes(db):
        with clock("link"):
            relink.relink_all(db, lexicon, series)
        with clock("indexes"):
            schema.create_indexes(db)
        return
    linker = _second_connection(draft)
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="link") as pool:
            linked = pool.submit(_timed, clock, "link", relink.work_out_links, linker, lexicon, series)
            try:
                with clock("indexes"):
                    schema.create_indexes(db, of_links=False)
                    db.conn.commit()
                linked.result()
                linker.conn.commit()  # the snapshot let go: its connection writes next
            except BaseException:
                with interrupts_deferred():
                    _stop(linker, linked)
                raise
        with clock("link"):
            relink.write_links(linker)
            linker.conn.commit()
    finally:
        linker.close()
    db.execute("PRAGMA journal_mode = OFF")  # writes what the log holds into the file, and deletes it
    with clock("indexes"):
        schema.create_indexes(db)


def _reads_beside_writes(db: sqlite_utils.Database) -> bool:
    """Whether the draft is now in write-ahead-log mode, which lets one connection read while
    another writes. (Where it cannot be, on a file system without the shared memory of its
    index, the build links, then indexes.)"""
    return db.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"


def _second_connection(draft: Draft) -> sqlite_utils.Database:
    """A connection to the draft for the linking thread (which hands it back once done)."""
    linker = sqlite_utils.Database(sqlite3.connect(draft.path, check_same_thread=False))
    for pragma in ("foreign_keys = ON", "synchronous = OFF"):
        linker.execute(f"PRAGMA {pragma}")
    # every read of the claims from one snapshot, taken now, before the other connection
    # commits an index: the same rows, read the same way, as a build linking alone
    linker.execute("BEGIN")
    linker.execute("SELECT count(*) FROM sqlite_master").fetchall()
    return linker


def _timed(clock: Callable, step: str, work: Callable, *args) -> None:
    with clock(step):
        work(*args)


def _stop(linker: sqlite_utils.Database, linked) -> None:
    """Stop the linking thread when the build fails: its running statement is interrupted
    (a step in plain Python runs to its next statement), and it is waited for, so that no
    thread writes while the draft is removed."""
    linker.conn.interrupt()
    with contextlib.suppress(Exception):  # the interrupt, or the failure being raised already
        linked.result()
