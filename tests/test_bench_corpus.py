"""The benchmark corpus generator: reproducible, prefix-stable, sized like news, and readable by the build."""

from __future__ import annotations

import sqlite3

from bench import corpus
from casualty_claims.cli import build


def files(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.txt"))}


def test_same_count_and_seed_give_byte_identical_files(tmp_path):
    first = corpus.write_corpus(tmp_path / "a", 12)
    second = corpus.write_corpus(tmp_path / "b", 12)
    assert first == second == sum(len(data) for data in files(tmp_path / "a").values())
    assert files(tmp_path / "a") == files(tmp_path / "b")
    corpus.write_corpus(tmp_path / "c", 12, seed=7)
    assert files(tmp_path / "c") != files(tmp_path / "a")


def test_the_files_do_not_depend_on_the_number_of_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "CHUNK", 4)  # so that 10 articles make three tasks
    total = corpus.write_corpus(tmp_path / "parallel", 10, jobs=2)
    assert total == corpus.write_corpus(tmp_path / "serial", 10, jobs=1)
    assert files(tmp_path / "parallel") == files(tmp_path / "serial")


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path):
    corpus.write_corpus(tmp_path / "small", 5)
    corpus.write_corpus(tmp_path / "large", 20)
    small, large = files(tmp_path / "small"), files(tmp_path / "large")
    assert list(small) == [f"{i:06d}.txt" for i in range(5)]
    assert len(large) == 20
    assert small == {name: large[name] for name in small}


def test_articles_are_sized_and_shaped_like_news(tmp_path):
    corpus.write_corpus(tmp_path, 60)
    articles = files(tmp_path)
    assert len(articles) == 60
    for name, data in articles.items():
        assert corpus.MIN_BYTES <= len(data) <= corpus.MAX_BYTES, name
        # a headline line, maybe a subheadline, a byline or dateline, then the paragraphs
        blocks = data.decode("utf-8").strip().split("\n\n")
        assert "\n" not in blocks[0], name
        paragraphs = blocks[3:] if blocks[1] in corpus.SUBHEADLINES else blocks[2:]
        assert 6 <= len(paragraphs) <= 15, name
    assert len(set(articles.values())) == 60


def test_the_cli_prints_one_line(tmp_path, capsys):
    assert corpus.main([str(tmp_path / "out"), "--count", "3", "--seed", "5"]) == 0
    line = capsys.readouterr().out.strip()
    assert "\n" not in line and line.startswith("3 articles, ") and line.endswith(" s")
    assert len(files(tmp_path / "out")) == 3


def test_the_build_finds_claims_in_every_article_from_many_claimants(tmp_path):
    count = 30
    corpus.write_corpus(tmp_path / "corpus", count)
    db_path = tmp_path / "claims.db"
    build([tmp_path / "corpus"], db_path, reference_file=None, curation_file=None)
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == count
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] >= count
        articles_with_claims = conn.execute("SELECT count(DISTINCT article) FROM claims").fetchone()[0]
        assert articles_with_claims == count
        claimants = conn.execute(
            "SELECT count(DISTINCT claimant) FROM claims WHERE claimant IS NOT NULL"
        ).fetchone()[0]
        assert claimants >= 5
    finally:
        conn.close()
