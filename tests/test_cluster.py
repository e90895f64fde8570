"""Extraction on a Dask cluster (``--scheduler``) builds the database the local processes
build, warns of bad files alike, and fails in one line, leaving the database as it was, where
the scheduler cannot be reached or its workers run other code."""

from __future__ import annotations

import operator
import socket
import sqlite3
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from bench import corpus
from casualty_claims import cli, cluster
from casualty_claims.target import BuildFailed

from .conftest import ROOT, write_article

BAD_SIDECAR = "published: 2022-02-30\n"
# The scheduler's HTTP server (health and metrics; no dashboard without bokeh): loopback, any free port.
LOOPBACK_ANY_PORT = "127.0.0.1:0"


@pytest.fixture(scope="module")
def scheduler() -> str:
    """The address of a cluster of two worker processes on this machine, on loopback only."""
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=LOOPBACK_ANY_PORT,
    ) as local:
        yield local.scheduler_address


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table but ``build`` (when and how long), in the order stored."""
    conn = sqlite3.connect(db)
    names = [
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if name != "build" and not name.startswith("sqlite_")
    ]
    return {name: conn.execute(f'SELECT * FROM "{name}"').fetchall() for name in names}


def built_both_ways(folders: list[Path], tmp_path: Path, scheduler: str, **options) -> tuple[list[str], dict]:
    """Builds ``folders`` on the cluster and with the local pool; the cluster's warnings and
    tables, after checking that the pool's are the same."""
    on_cluster = cli.build(folders, tmp_path / "cluster.db", scheduler=scheduler, **options)
    locally = cli.build(folders, tmp_path / "local.db", jobs=2, **options)
    assert on_cluster == locally
    built = tables(tmp_path / "cluster.db")
    assert built == tables(tmp_path / "local.db")
    return on_cluster, built


def test_the_seeds_build_on_a_cluster_as_they_do_locally(tmp_path, scheduler):
    warnings, built = built_both_ways([ROOT / "seeds"], tmp_path, scheduler)
    assert warnings == [] and built["claims"] and built["reference_reports"]


def test_a_synthetic_corpus_and_a_bad_article_build_on_a_cluster_as_locally(tmp_path, scheduler):
    folder = tmp_path / "corpus"
    corpus.write_corpus(folder, 40)  # more articles than fit in the tasks sent ahead at once
    write_article(folder, "bad.txt", "Headline\n\nUkraine said 610 soldiers were killed.\n", BAD_SIDECAR)
    warnings, built = built_both_ways([folder], tmp_path, scheduler, reference_file=None, curation_file=None)
    [warning] = warnings
    assert warning.startswith(f"{folder}/bad.meta.yml") and "not an ISO date" in warning
    assert len(built["articles"]) == 40


def test_a_worker_with_other_code_fails_the_build_leaving_the_database(tmp_path, scheduler, monkeypatch):
    folder = tmp_path / "in"
    write_article(folder, "a.txt", "Headline\n\nUkraine said 500 Russian soldiers were killed.\n")
    db = tmp_path / "claims.db"
    cli.build([folder], db, jobs=1, reference_file=None)
    before = db.read_bytes()
    monkeypatch.setattr(cluster, "code_digest", lambda: "0" * 64)  # the build's side only
    with pytest.raises(BuildFailed, match="runs another version of casualty_claims"):
        cli.build([folder], db, scheduler=scheduler, reference_file=None, full=True)
    assert db.read_bytes() == before


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_and_leaves_the_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    folder = tmp_path / "in"
    write_article(folder, "a.txt", "Headline\n\nUkraine said 500 Russian soldiers were killed.\n")
    db = tmp_path / "claims.db"
    args = [str(folder), "--db", str(db), "--no-reference", "--jobs", "1"]
    assert cli.main(args) == 0
    before = db.read_bytes()
    capsys.readouterr()
    address = f"tcp://127.0.0.1:{closed_port()}"
    assert cli.main([*args, "--full", "--scheduler", address]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"error: cannot reach the Dask scheduler at {address} (") and "\n" not in error
    assert db.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["claims.db", "in"]  # no temporary file left


def test_relative_folders_are_refused_before_any_work(tmp_path, monkeypatch, scheduler):
    folder = tmp_path / "in"
    write_article(folder, "a.txt", "Headline\n\nUkraine said 500 Russian soldiers were killed.\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(
        BuildFailed, match="^in/a.txt: with --scheduler, name the article folders by absolute"
    ):
        cli.build([Path("in")], tmp_path / "claims.db", scheduler=scheduler, reference_file=None)
    assert not (tmp_path / "claims.db").exists()


def test_a_batch_whose_worker_failed_is_a_warning_for_each_of_its_articles(scheduler):
    batch = [Path("/news/a.txt"), Path("/news/b.txt")]
    with Client(scheduler, set_as_default=False) as client:
        failed = client.submit(operator.truediv, 1, 0)  # any error a task's worker raises
        warnings = [outcome.warning for outcome in cluster._received(batch, failed)]
    assert warnings == [
        f"/news/{name}.txt: skipped, its Dask worker failed (ZeroDivisionError: division by zero)"
        for name in "ab"
    ]


def test_a_worker_of_many_threads_builds_as_locally(tmp_path):
    folder = tmp_path / "corpus"
    corpus.write_corpus(folder, 120)  # enough that, without turns, two threads scan at once
    with LocalCluster(
        n_workers=1,
        threads_per_worker=4,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=LOOPBACK_ANY_PORT,
    ) as threads:
        built_both_ways(
            [folder], tmp_path, threads.scheduler_address, reference_file=None, curation_file=None
        )
