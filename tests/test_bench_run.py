"""`make bench` measures real builds; a tiny run checks the harness end to end."""

from __future__ import annotations

from bench import run


def test_a_small_benchmark_measures_a_full_and_an_incremental_build(tmp_path):
    result = run.measure(100, tmp_path)
    assert result.articles == 100 and result.claims >= 100
    assert result.full.peak_mb > 20 and result.floor_mb_s > 0
    # the incremental build extracted one article, the full build a hundred; both compiled the
    # grammar and warmed its caches (about a quarter of a second, a dozen articles' worth)
    assert result.incremental.timings["extract"] < result.full.timings["extract"] / 3
    table = run.report([result])
    assert "| 100 |" in table and "extraction of floor" in table and "incremental" in table
