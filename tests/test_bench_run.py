"""`make bench` measures real builds; a tiny run checks the harness end to end."""

from __future__ import annotations

import pytest

from bench import corpus, extraction, run


def test_a_small_benchmark_measures_a_full_and_an_incremental_build(tmp_path):
    corpus.write_corpus(tmp_path / "corpus-100", 100)
    changed = tmp_path / "corpus-100" / "000050.txt"
    changed.write_text(changed.read_text() + "\nUpdated 09:00:00: left by an earlier run.\n")
    result = run.measure(100, tmp_path)
    # each run changes the article as generated, so that runs measure the same corpus
    assert changed.read_text().startswith(corpus.article(corpus.SEED, 50) + "\nUpdated ")
    assert changed.read_text().count("Updated") == 1
    assert result.articles == 100 and result.claims >= 100
    assert result.full.peak_mb > 20 and result.floor_mb_s > 0
    # the incremental build extracted one article, the full build a hundred; both compiled the
    # grammar and warmed its caches (about a quarter of a second, a dozen articles' worth)
    assert result.incremental.timings["extract"] < result.full.timings["extract"] / 3
    table = run.report([result])
    assert "| 100 |" in table and "extraction of floor" in table and "incremental" in table


def test_extraction_is_timed_beside_an_earlier_commits(tmp_path):
    corpus.write_corpus(tmp_path / "articles", 20)
    comparison = extraction.compare(tmp_path / "articles", "HEAD", rounds=1)
    assert comparison.articles == 20
    assert comparison.baseline.label == "HEAD" and comparison.current.label == "this checkout"
    assert comparison.baseline.ms_per_article > 0 and comparison.current.ms_per_article > 0
    assert comparison.baseline.claims >= 20 and comparison.current.claims >= 20
    assert "| HEAD |" in comparison.report() and "bound of 1.25x" in comparison.report()


def test_an_unknown_baseline_commit_is_one_clear_line(tmp_path):
    with pytest.raises(SystemExit, match="no commit 'no-such-commit'"):
        extraction.baseline_package("no-such-commit", tmp_path)
