"""Incremental and parallel builds: a rebuild extracts only what changed, and any
number of processes give the same database as one."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time

import pytest

from bench import corpus as bench_corpus
from casualty_claims import incremental, pipeline, relink
from casualty_claims.cli import build
from tests.conftest import SEEDS
from tests.test_build import dump


@pytest.fixture
def corpus(tmp_path):
    """Sixty articles: the seeds, each copied twelve times with a line of its own."""
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        for n in range(12):
            text = (
                seed.read_text(encoding="utf-8") + f"\nCorrection {n}: an earlier version misspelt a name.\n"
            )
            (folder / f"{seed.stem}-{n:02d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def counted(monkeypatch):
    """How many articles the build extracts (in this process: jobs=1)."""
    calls = []
    real = pipeline.process

    def counting(article, lexicon, rules):
        calls.append(article.id)
        return real(article, lexicon, rules)

    monkeypatch.setattr(pipeline, "process", counting)
    return calls


def search(db, table: str, phrase: str) -> list[str]:
    conn = sqlite3.connect(db)
    key = "id" if table == "articles" else "article"
    return [r[0] for r in conn.execute(
        f"SELECT {table}.{key} FROM {table}_fts JOIN {table} ON {table}.rowid = {table}_fts.rowid "
        f"WHERE {table}_fts MATCH ?", [phrase]
    )]  # fmt: skip


def rebuilt_and_built_afresh(monkeypatch, forbidden: str, why: str, folder, db, jobs: int):
    """The rows of a rebuild of ``db`` in which ``relink.<forbidden>`` must not run, and
    of a build of the same folder from nothing beside it."""

    def fail(*args):
        raise AssertionError(why)

    with monkeypatch.context() as patched:
        patched.setattr(relink, forbidden, fail)
        build([folder], db, jobs=jobs, curation_file=None)
    fresh = db.with_name("full.db")
    build([folder], fresh, jobs=jobs, curation_file=None, full=True)
    return dump(db), dump(fresh)


def test_parallel_build_gives_the_same_database_as_one_process(corpus, tmp_path):
    build([corpus], tmp_path / "one.db", jobs=1, curation_file=None)
    build([corpus], tmp_path / "two.db", jobs=2, curation_file=None)
    one, two = dump(tmp_path / "one.db"), dump(tmp_path / "two.db")
    assert one == two
    assert len(one["articles"]) == 61 and len(one["claims"]) > 19_667 + 60


def test_a_rebuild_extracts_only_the_changed_article(corpus, tmp_path, counted):
    db = tmp_path / "claims.db"
    build([corpus], db, jobs=1, curation_file=None)
    assert len(set(counted)) == 60  # (an article dated by the reference series is read twice)
    changed = corpus / "002_ccf638f97e12cf2b-03.txt"
    text = changed.read_text(encoding="utf-8").replace("Correction 3", "Amended")
    changed.write_text("Kyiv said 4,321 Russian soldiers had died\n\n" + text, encoding="utf-8")
    (corpus / "000_37b49ff60204eea0-05.txt").unlink()
    shutil.copy(SEEDS / "001_b37edc17e0945fbe.txt", corpus / "new-article.txt")
    counted.clear()
    build([corpus], db, jobs=1, curation_file=None)
    assert sorted(set(counted)) == ["002_ccf638f97e12cf2b-03", "new-article"]
    build([corpus], tmp_path / "full.db", jobs=1, curation_file=None, full=True)
    assert dump(db) == dump(tmp_path / "full.db")  # the same rows as building from nothing
    assert search(db, "sentences", '"4,321"') == ["002_ccf638f97e12cf2b-03"]
    assert "002_ccf638f97e12cf2b-03" not in search(db, "articles", '"Correction 3"')
    assert "000_37b49ff60204eea0-05" not in search(db, "articles", '"Correction 5"')


def test_a_change_of_curation_extracts_everything_again(corpus, tmp_path, counted):
    db, curation = tmp_path / "claims.db", tmp_path / "curation.yml"
    curation.write_text("[]\n", encoding="utf-8")
    build([corpus], db, jobs=1, reference_file=None, curation_file=curation)
    build([corpus], db, jobs=1, reference_file=None, curation_file=curation)
    assert len(counted) == 60
    curation.write_text(
        "- id: merge\n  action: merge_claimants\n  claimant: kremlin\n  into: russian-ministry-of-defence\n",
        encoding="utf-8",
    )
    build([corpus], db, jobs=1, reference_file=None, curation_file=curation)
    assert len(counted) == 120
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM claims WHERE claimant = 'kremlin'").fetchone()[0] == 0


def test_an_unmatched_entry_is_still_reported_when_nothing_changed(corpus, tmp_path):
    db, curation = tmp_path / "claims.db", tmp_path / "curation.yml"
    curation.write_text(
        "- id: gone\n  action: reject\n  claim: 000000000000\n  reason: test\n", encoding="utf-8"
    )
    for _ in range(2):
        warnings = build([corpus], db, jobs=1, reference_file=None, curation_file=curation)
        assert [w.split(": ", 1)[1] for w in warnings] == [
            "entry 'gone' (line 1): no claim 000000000000 in this build"
        ]


def test_relinking_after_changes_gives_the_groups_and_pairs_of_a_full_build(tmp_path, monkeypatch):
    """On a corpus dense enough that a change moves the nearest counterclaims of
    groups in other articles: only the changed buckets and windows are relinked,
    and the result is the full build's, row for row."""
    folder, db = tmp_path / "in", tmp_path / "claims.db"
    bench_corpus.write_corpus(folder, 300)
    build([folder], db, jobs=2, curation_file=None)
    before = dump(db)
    assert len(before["counterclaims"]) > 1_000
    for n, name in enumerate(["000007", "000050", "000123", "000200", "000299"]):
        (folder / f"{name}.txt").write_text(bench_corpus.article(7, n), encoding="utf-8")
    for name in ["000010", "000011", "000250"]:
        (folder / f"{name}.txt").unlink()
    for n in range(3):
        (folder / f"new-{n}.txt").write_text(bench_corpus.article(7, 100 + n), encoding="utf-8")

    after, full = rebuilt_and_built_afresh(
        monkeypatch, "relink_all", "an incremental build relinked every claim", folder, db, jobs=2
    )
    assert after == full
    assert after["counterclaims"] != before["counterclaims"]


def test_files_as_the_previous_build_saw_them_are_not_even_hashed(corpus, tmp_path, monkeypatch):
    db = tmp_path / "claims.db"
    an_hour_ago = time.time() - 3600
    for path in corpus.iterdir():
        os.utime(path, (an_hour_ago, an_hour_ago))
    build([corpus], db, jobs=1, reference_file=None, curation_file=None)
    hashed = []
    real = incremental.source_digest
    monkeypatch.setattr(incremental, "source_digest", lambda path: hashed.append(path.stem) or real(path))
    build([corpus], db, jobs=1, reference_file=None, curation_file=None)
    assert hashed == []
    # the same size and time as before, but written just now: on a coarse clock it
    # could be a second change within the tick of the build's start, so it is hashed
    changed = corpus / "001_b37edc17e0945fbe-04.txt"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Correction 4", "Correction X"), encoding="utf-8")
    build([corpus], db, jobs=1, reference_file=None, curation_file=None)
    stat = changed.stat()
    changed.write_text(text.replace("Correction 4", "Correction Y"), encoding="utf-8")
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build([corpus], db, jobs=1, reference_file=None, curation_file=None)
    assert search(db, "articles", '"Correction Y"') == ["001_b37edc17e0945fbe-04"]


def test_a_rebuild_after_many_changes_relinks_everything(corpus, tmp_path, monkeypatch):
    db = tmp_path / "claims.db"
    build([corpus], db, jobs=1, curation_file=None)
    for path in sorted(corpus.iterdir())[:20]:
        path.write_text("Kyiv said 4,321 Russian soldiers had died\n\n" + path.read_text(encoding="utf-8"))

    after, full = rebuilt_and_built_afresh(
        monkeypatch,
        "relink_changes",
        "a third changed, yet only the changes were relinked",
        corpus,
        db,
        jobs=1,
    )
    assert after == full


def test_the_fingerprint_covers_the_grammar_package(tmp_path, monkeypatch):
    """A change to any module of the extractor, in a subpackage too, makes every article stale."""
    package = tmp_path / "casualty_claims"
    shutil.copytree(incremental.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(incremental, "PACKAGE", package)
    before = incremental.fingerprint(None, None, 1000)
    with (package / "claims" / "reader.py").open("a", encoding="utf-8") as module:
        module.write("\n# a change to the grammar\n")
    assert incremental.fingerprint(None, None, 1000) != before
