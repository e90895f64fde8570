"""Killing a real build process at any moment leaves the previous database intact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import sqlite_utils

from casualty_claims import cli, relink, target
from casualty_claims.cli import build
from tests.conftest import ROOT, SEEDS
from tests.test_build import dump

COPIES = 8  # of each seed article: a build of a few seconds


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    for n in range(COPIES):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8") + f"\nCopy {n}.\n"
            (folder / f"{seed.stem}_{n}.txt").write_text(text, encoding="utf-8")
    return folder


def _run_build(articles, db):
    return subprocess.Popen(
        [sys.executable, "build.py", str(articles), "--db", str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def full_build(many_articles, tmp_path_factory):
    """How long a whole build takes, and what it writes."""
    started = time.monotonic()
    db = tmp_path_factory.mktemp("timing") / "claims.db"
    process = _run_build(many_articles, db)
    assert process.wait(timeout=120) == 0, process.stderr.read()
    return time.monotonic() - started, dump(db)


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_build_leaves_previous_database(tmp_path, many_articles, full_build, fraction, kill):
    seconds, finished = full_build
    db = tmp_path / "claims.db"
    build([SEEDS], db, reference_file=None, curation_file=None)
    before = dump(db)
    process = _run_build(many_articles, db)
    time.sleep(seconds * fraction)
    process.send_signal(kill)
    code = process.wait(timeout=60)
    if code == 0:
        pytest.skip("the build finished before the signal arrived")
    if code == -signal.SIGTERM:  # (on a busy machine) Python was still starting up
        pytest.skip("the signal arrived before the build began")
    if kill == signal.SIGTERM:
        assert code == 130
        assert process.stderr.read().strip().endswith("left as it was")
    # killed before the new database was moved into place, or (rarely) just after
    assert dump(db) in (before, finished)
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    if kill == signal.SIGKILL:  # the next build clears what the killed one could not
        build([SEEDS], db, reference_file=None, curation_file=None)
    assert [p.name for p in tmp_path.iterdir()] == ["claims.db"], "a temporary file was left behind"


def test_an_interrupt_during_the_clean_up_of_a_failed_build_waits_for_it(tmp_path, monkeypatch):
    """SIGTERM landing while a failed build removes its temporary file: handled after."""
    db = tmp_path / "claims.db"

    def fail(*args):
        raise RuntimeError("disk on fire")

    real_close = sqlite_utils.Database.close

    def close_and_be_interrupted(self):
        os.kill(os.getpid(), signal.SIGTERM)
        real_close(self)

    monkeypatch.setattr(relink, "work_out_links", fail)
    monkeypatch.setattr(sqlite_utils.Database, "close", close_and_be_interrupted)
    previous = signal.signal(signal.SIGTERM, cli._terminate)
    try:
        with pytest.raises(KeyboardInterrupt):
            build([SEEDS], db, reference_file=None, curation_file=None)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert list(tmp_path.iterdir()) == [], "a temporary file was left behind"


def test_an_interrupt_while_the_old_database_is_copied_leaves_no_temporary_file(tmp_path, monkeypatch):
    """SIGTERM (raised as KeyboardInterrupt) landing while an incremental build copies the
    previous database into its temporary file: the file is removed all the same."""
    db = tmp_path / "claims.db"
    build([SEEDS], db, reference_file=None, curation_file=None)
    before = dump(db)

    def copy_and_be_interrupted(source, destination):
        raise KeyboardInterrupt

    monkeypatch.setattr(target.shutil, "copyfile", copy_and_be_interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([SEEDS], db, reference_file=None, curation_file=None)
    assert dump(db) == before
    assert [p.name for p in tmp_path.iterdir()] == ["claims.db"], "a temporary file was left behind"
