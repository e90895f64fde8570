"""A fresh build's steps after storing: the search index built as rows are stored, the links
worked out in a thread while the indexes are made, and foreign keys checked as rows are
written instead of in a pass at the end (kept where the rows were not written so)."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest
import sqlite_utils

from bench import corpus as bench_corpus
from casualty_claims import cli, incremental, lexicon, link, reference, relink, schema, store, tail
from casualty_claims.cli import BuildFailed, build
from casualty_claims.rows import values
from tests.conftest import SEEDS
from tests.test_build import dump


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    """A corpus whose claims make thousands of groups and pairs, and its fresh build."""
    folder = tmp_path_factory.mktemp("dense") / "in"
    bench_corpus.write_corpus(folder, 150)
    db = folder.with_name("claims.db")
    build([folder], db, jobs=1, curation_file=None)
    return folder, db


def test_links_worked_out_beside_the_indexes_are_those_of_linking_alone(dense, tmp_path):
    _folder, db = dense
    alone = tmp_path / "alone.db"
    shutil.copyfile(db, alone)
    again = sqlite_utils.Database(alone)
    relink.relink_all(again, lexicon.load(), reference.open_series(reference.SERIES_FILE))
    schema.create_indexes(again)
    again.conn.commit()
    rows = dump(db)
    assert len(rows["counterclaims"]) > 1_000 and len(rows["reference_checks"]) > 10
    assert dump(alone) == rows
    assert _indexes(alone) == _indexes(db)


def test_where_reads_cannot_go_beside_writes_the_build_links_then_indexes(dense, tmp_path, monkeypatch):
    folder, db = dense
    monkeypatch.setattr(tail, "_reads_beside_writes", lambda db: False)
    monkeypatch.setattr(tail, "_second_connection", lambda draft: pytest.fail("a second connection"))
    build([folder], tmp_path / "claims.db", jobs=1, curation_file=None)
    assert dump(tmp_path / "claims.db") == dump(db)


def _indexes(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()


def test_a_fresh_build_leaves_no_write_ahead_log(dense):
    folder, db = dense
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert sorted(p.name for p in folder.parent.iterdir()) == ["claims.db", "in"]


def test_a_fresh_build_checks_foreign_keys_as_rows_are_written_not_after(tmp_path, monkeypatch):
    passes = []
    monkeypatch.setattr(cli.Run, "_check_foreign_keys", lambda run: passes.append(run.previous))
    db = tmp_path / "claims.db"
    build([SEEDS], db, curation_file=None)
    assert passes == []
    # a rebuild relinking every claim rewrites rows of the previous database unchecked: the pass guards it
    monkeypatch.setattr(incremental, "RELINK_ALL_ABOVE", -1)
    build([SEEDS], db, curation_file=None)
    assert len(passes) == 1 and passes[0] is not None


def test_a_fresh_build_that_breaks_a_foreign_key_fails_and_leaves_the_database(tmp_path, monkeypatch):
    db = tmp_path / "claims.db"
    build([SEEDS], db, reference_file=None, curation_file=None)
    before = dump(db)
    real = link.group_claims

    def groups_elsewhere(claims):
        groups, group_of = real(claims)
        return groups, {claim: f"{group}-gone" for claim, group in group_of.items()}

    monkeypatch.setattr(link, "group_claims", groups_elsewhere)
    with pytest.raises(BuildFailed, match="foreign keys broken"):
        build([SEEDS], db, reference_file=None, curation_file=None, full=True)
    assert dump(db) == before
    assert [p.name for p in tmp_path.iterdir()] == ["claims.db"]


def test_a_build_failing_beside_the_linking_thread_stops_it_first(tmp_path, monkeypatch):
    """An interrupt while the indexes are made: the thread's statement is interrupted and
    the thread waited for before the temporary database goes."""
    ended = []

    def link_for_long(db, *args):
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                db.execute("SELECT count(*) FROM claims AS a, claims AS b").fetchall()
        except sqlite3.OperationalError as error:
            ended.append(str(error))
            raise

    def interrupted(db, of_links=True):
        time.sleep(0.2)  # the thread is in its statement
        raise KeyboardInterrupt

    monkeypatch.setattr(relink, "work_out_links", link_for_long)
    monkeypatch.setattr(schema, "create_indexes", interrupted)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        build([SEEDS], tmp_path / "claims.db", reference_file=None, curation_file=None)
    assert ended == ["interrupted"]
    assert time.monotonic() - started < 25
    assert list(tmp_path.iterdir()) == []


def _article_rows(id: str, sentence: str) -> dict[str, list[tuple]]:
    return {
        "articles": list(values("articles", [{"id": id, "title": f"Title {id}"}])),
        "article_texts": list(
            values("article_texts", [{"id": id, "raw_text": sentence, "cleaned_text": sentence}])
        ),
        "sentences": list(
            values("sentences", [{"id": f"{id}:0", "article": id, "position": 0, "text": sentence}])
        ),
    }


def _found(db: sqlite_utils.Database, index: str, word: str) -> list[int]:
    return [
        row[0]
        for row in db.execute(f"SELECT rowid FROM {index} WHERE {index} MATCH ? ORDER BY rowid", [word])
    ]


def test_stored_rows_are_searchable_once_written_even_after_others_went():
    """Each batch indexes the rows written after the last rowid before it: also where the
    last rows went (whose rowids SQLite gives again)."""
    db = sqlite_utils.Database(memory=True)
    schema.create(db)
    writer = store.Writer(db)
    writer.add(_article_rows("a", "Shelling near the river"))
    writer.add(_article_rows("b", "Drones over the river"))
    writer.flush()
    store.forget_articles(db, ["b"])
    writer.add(_article_rows("c", "Rain over the river"))
    writer.flush()
    rowids = dict(db.execute("SELECT id, rowid FROM articles"))
    assert _found(db, "articles_fts", "river") == sorted(rowids.values())
    assert _found(db, "articles_fts", "drones") == []
    assert _found(db, "sentences_fts", "rain") == [
        db.execute("SELECT rowid FROM sentences WHERE article = 'c'").fetchone()[0]
    ]
    assert len(_found(db, "sentences_fts", "river")) == 2
    for index in ("articles_fts", "sentences_fts"):
        db.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")
