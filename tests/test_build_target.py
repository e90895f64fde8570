"""The database a build writes: checked before any work, locked against a second build of it,
and left with the mode it had."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from casualty_claims import cli
from casualty_claims.cli import BuildFailed, build

from .conftest import ROOT, SEEDS, run_build_command, run_unprivileged, write_article

GOOD = "Headline\n\nUkraine said 500 Russian soldiers were killed.\n"
# A process that holds the lock on building the database named by its argument until its input ends.
HOLD_LOCK = """
import sys
from pathlib import Path
from casualty_claims.target import target_lock
with target_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""


def _build(folder, db):
    return build([folder], db, reference_file=None, curation_file=None)


@pytest.fixture
def no_extraction(monkeypatch):
    """Fails the test if the build gets as far as extracting an article."""

    def outcomes(*args):
        raise AssertionError("the build started")

    monkeypatch.setattr(cli, "outcomes", outcomes)


def test_a_db_that_is_a_folder_fails_before_the_build(tmp_path, no_extraction):
    write_article(tmp_path / "in", "a.txt", GOOD)
    (tmp_path / "out").mkdir()
    with pytest.raises(BuildFailed, match=r"/out: is a folder; --db names the database file to write$"):
        _build(tmp_path / "in", tmp_path / "out")


def test_a_db_that_is_another_file_is_not_replaced(tmp_path, no_extraction):
    write_article(tmp_path / "in", "a.txt", GOOD)
    notes = tmp_path / "notes.txt"
    notes.write_text("a week of notes\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"notes.txt: is not an SQLite database; not replacing it"):
        _build(tmp_path / "in", notes)
    assert notes.read_text(encoding="utf-8") == "a week of notes\n"


def test_a_db_inside_a_file_fails_with_a_message(tmp_path):
    write_article(tmp_path / "in", "a.txt", GOOD)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run_build_command(tmp_path / "in", "--db", tmp_path / "file" / "claims.db", "--no-reference")
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path / 'file'}: cannot make the folder (File exists)\n"


def test_a_db_in_a_folder_that_cannot_be_written_fails_before_the_build(shared_folder):
    articles, locked = shared_folder / "in", shared_folder / "locked"
    write_article(articles, "a.txt", GOOD)
    locked.mkdir()
    locked.chmod(0o555)
    argv = [str(articles), "--db", str(locked / "claims.db"), "--no-reference"]
    code, stderr = run_unprivileged(argv, shared_folder / "stderr.txt")
    assert (code, stderr) == (1, f"error: {locked}: cannot write there (Permission denied)\n")


def test_a_rebuild_keeps_the_mode_of_the_database(tmp_path):
    write_article(tmp_path / "in", "a.txt", GOOD)
    db = tmp_path / "claims.db"
    umask = os.umask(0o022)
    try:
        _build(tmp_path / "in", db)
        assert stat.S_IMODE(db.stat().st_mode) == 0o644  # a new file, as the umask has it
        os.chmod(db, 0o640)
        _build(tmp_path / "in", db)  # unchanged: the previous database copied
        write_article(tmp_path / "in", "b.txt", GOOD.replace("500", "600"))
        build([tmp_path / "in"], db, reference_file=None, curation_file=None, full=True)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(db.stat().st_mode) == 0o640


@pytest.fixture
def lock_holder(tmp_path):
    """Another process holding the lock on building tmp_path/claims.db, until told to end."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / "claims.db")],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline() == "held\n"
    yield holder
    holder.stdin.close()
    holder.wait(timeout=30)


def test_a_second_build_fails_clearly_and_leaves_the_first_ones_files(tmp_path, lock_holder):
    write_article(tmp_path / "in", "a.txt", GOOD)
    db = tmp_path / "claims.db"
    working = tmp_path / ".claims.db.k2j4h1sd.tmp"  # the running build's temporary file
    working.write_bytes(b"")
    message = f"{db}: another build (process {lock_holder.pid}) is writing it; try again when it ends"
    with pytest.raises(BuildFailed) as error:
        _build(tmp_path / "in", db)
    assert str(error.value) == message
    assert working.exists() and not db.exists()

    lock_holder.stdin.close()  # the other build ends, and leaves its temporary file behind
    assert lock_holder.wait(timeout=30) == 0
    _build(tmp_path / "in", db)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["claims.db"]


def test_two_builds_of_one_database_at_once(tmp_path):
    folder = tmp_path / "many"
    for n in range(8):  # a build of a few seconds
        for seed in sorted(SEEDS.glob("*.txt")):
            write_article(folder, f"{seed.stem}_{n}.txt", seed.read_text(encoding="utf-8") + f"\nCopy {n}.\n")
    db = tmp_path / "claims.db"
    command = [sys.executable, "build.py", "--db", str(db), "--no-reference"]
    first = subprocess.Popen([*command, str(folder)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while (
        not list(tmp_path.glob(".claims.db.*.tmp")) and first.poll() is None and time.monotonic() < deadline
    ):
        time.sleep(0.01)
    second = subprocess.run([*command, str(SEEDS)], cwd=ROOT, capture_output=True, text=True)
    assert first.wait(timeout=120) == 0, first.stderr.read()
    if second.returncode == 0:
        pytest.skip("the first build ended before the second began")
    assert second.returncode == 1
    assert (
        second.stderr.endswith("is writing it; try again when it ends\n") and "Traceback" not in second.stderr
    )
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (40,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
