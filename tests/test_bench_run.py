"""`make bench` measures real builds; a tiny run checks the harness end to end."""

from __future__ import annotations

from bench import run


def test_a_small_benchmark_measures_a_full_and_an_incremental_build(tmp_path):
    result = run.measure(40, tmp_path)
    assert result.articles == 40 and result.claims >= 40
    assert result.full.peak_mb > 20 and result.floor_mb_s > 0
    # the incremental build extracted one article (and compiled the grammar), the full build forty
    assert result.incremental.timings["extract"] < result.full.timings["extract"] / 3
    table = run.report([result])
    assert "| 40 |" in table and "of floor" in table and "incremental" in table
