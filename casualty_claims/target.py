"""The database a build writes: checked before any work, locked against a second build of it,
and written to a temporary file beside it that replaces it only when complete, so a failed or
interrupted build leaves the previous database as it was."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

# How every SQLite database file starts.
SQLITE_HEADER = b"SQLite format 3\x00"


class BuildFailed(Exception):
    """The build stopped; the previous database is untouched."""


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
def target_lock(db_path: Path, holder: str = "build") -> Iterator[None]:
    """The lock on building ``db_path`` (a file beside it, removed after), or BuildFailed at once
    when another build holds it: two builds of one database would remove each other's
    temporary files. A POSIX lock belongs to its process: the worker processes do not hold
    it, and it goes with a killed build. ``holder`` names the kind of run that writes the file
    (``casualty-claims watch`` locks its state file so too)."""
    lock_path = db_path.with_name(f".{db_path.name}.lock")
    while True:
        try:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise BuildFailed(f"{db_path.parent}: cannot write there ({error.strerror})") from None
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pid = os.pread(handle, 20, 0).decode(errors="replace").strip()
            os.close(handle)
            raise BuildFailed(
                f"{db_path}: another {holder} (process {pid or '?'}) is writing it; try again when it ends"
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


class Draft:
    """The temporary database a build writes (``db``), and its replacement of the target."""

    def __init__(self, db: sqlite_utils.Database, path: Path, target: Path):
        self.db, self.path, self.target = db, path, target

    def replace_target(self) -> None:
        """Commit, sync the finished file once, and rename it over the target."""
        self.db.conn.commit()
        self.db.close()
        with open(self.path, "rb") as finished:
            os.fsync(finished.fileno())
        os.replace(self.path, self.target)


@contextlib.contextmanager
def draft(db_path: Path, from_target: bool) -> Iterator[Draft]:
    """A temporary database beside ``db_path`` (a copy of it when ``from_target``), removed
    at the end unless it replaced the target. Hold ``target_lock`` around it."""
    # a build killed outright (SIGKILL, power loss) cannot remove its temporary file; with
    # the lock held, no build that is still running owns one
    for leftover in db_path.parent.glob(f".{db_path.name}.*.tmp*"):  # and its -journal, -wal, -shm
        leftover.unlink(missing_ok=True)
    tmp, db = None, None
    try:
        # an interrupt from here on finds the temporary file named, and the clean-up below removes
        # it: one while copying the old database into it, above all, which takes a while
        with interrupts_deferred():
            handle, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
            os.close(handle)
            tmp = Path(tmp_name)
        # the mode the database had, or a new file's (mkstemp's 0600 locks out a server of another user)
        os.chmod(tmp, stat.S_IMODE(db_path.stat().st_mode) if db_path.exists() else _new_file_mode())
        if from_target:
            shutil.copyfile(db_path, tmp)
        db = sqlite_utils.Database(tmp)
        # Nothing reads the temporary file before it is complete, and a failed build
        # deletes it, so SQLite's syncing and rollback journal are not needed: the
        # finished file is synced once instead. (A journal kept in memory grew to GBs
        # when an incremental build rewrote the links of a large database.)
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA journal_mode = OFF")
        yield Draft(db, tmp, db_path)
    finally:
        with interrupts_deferred():  # a second interrupt must not stop the clean-up
            if db is not None:
                db.close()
            if tmp is not None:
                for end in ("", "-journal", "-wal", "-shm"):  # the file, and SQLite's beside it
                    tmp.with_name(tmp.name + end).unlink(missing_ok=True)


@contextlib.contextmanager
def keys_held(db_path: Path) -> Iterator[None]:
    """A row that breaks a foreign key where SQLite checks them as rows are written (a fresh
    build) fails the build, as the check of every key after would."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        if "FOREIGN KEY" not in str(error):
            raise
        raise BuildFailed(
            f"{db_path}: foreign keys broken ({error}); the database is left as it was"
        ) from None


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
def interrupts_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done, and are then handled as usual.
    (Swapping the handlers, not blocking the signals: another thread, such as a
    process pool's, may be the one the signal is delivered to.)"""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread handles signals
        return
    caught: list[int] = []
    previous = {
        signum: signal.signal(signum, lambda signum, frame: caught.append(signum))
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            signal.raise_signal(caught[0])
