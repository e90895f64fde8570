"""`make bench-serve`: the site's pages and their JSON at a million claims.

Copies a database built by `make bench` (default: the 10,000-article one), adds
copies of its news claims under new ids until it holds a million claims (the
counts the pages read are worked out again, as a build does), serves it
immutable with an inspect file as `make serve` does, and measures each kind of
page on a warm server with a bounded load on loopback. Appends the figures to
bench/RESULTS.md.

    python -m bench.serve [--db bench/work/claims-10000.db] [--claims 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from bench.loadtest import run
from bench.run import RESULTS, ROOT, machine
from bench.server import serving
from casualty_claims.store import SUMMARY_COUNTS

REQUESTS = 200  # per kind of page
CONCURRENCY = 4


def scale(source: Path, target: Path, claims: int) -> int:
    """Copy ``source`` to ``target`` with news claims copied until there are ``claims``."""
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(claims)")]
    copied = ["id || '-' || :n" if c == "id" else ("NULL" if c == "claim_group" else c) for c in columns]
    insert = (
        f"INSERT INTO claims ({', '.join(columns)}) SELECT {', '.join(copied)} FROM claims "
        "WHERE origin = 'news' AND instr(id, '-') = 0"
    )
    n = 0
    while conn.execute("SELECT count(*) FROM claims").fetchone()[0] < claims:
        n += 1
        conn.execute(insert, {"n": n})
    for statement in SUMMARY_COUNTS:
        conn.execute(statement)
    conn.execute("ANALYZE")
    conn.commit()
    total = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    conn.close()
    return total


def sample_paths(db: Path, per_kind: int) -> dict[str, list[str]]:
    conn = sqlite3.connect(db)
    pick = random.Random(2022)
    ids = {
        "claim": [r[0] for r in conn.execute("SELECT id FROM claims WHERE origin = 'news'")],
        "article": [r[0] for r in conn.execute("SELECT id FROM articles WHERE path IS NOT NULL")],
        "claimant": [r[0] for r in conn.execute("SELECT id FROM claimants WHERE claim_count > 0")],
    }
    conn.close()
    paths = {"contested": ["/-/contested"], "contested.json": ["/-/contested.json"]}
    for kind, values in ids.items():
        chosen = pick.sample(values, min(per_kind, len(values)))
        paths[kind] = [f"/-/{kind}/{value}" for value in chosen]
        paths[f"{kind}.json"] = [f"/-/{kind}/{value}.json" for value in chosen]
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve")
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "work" / "claims-10000.db")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: {args.db}: no such database; run make bench first", file=sys.stderr)
        return 2
    db = args.db.parent / f"serve-{args.claims}" / "claims.db"  # the plugin serves a database named claims
    db.parent.mkdir(exist_ok=True)
    total = scale(args.db, db, args.claims)
    paths = sample_paths(db, REQUESTS)
    rows = []
    with serving(db) as base:
        for kind, kind_paths in paths.items():
            asyncio.run(run(base, kind_paths[:5], 5, 1))  # warm up
            started = time.perf_counter()
            latencies, errors = asyncio.run(run(base, kind_paths, REQUESTS, CONCURRENCY))
            elapsed = time.perf_counter() - started
            quantiles = statistics.quantiles(latencies, n=20)
            rows.append(
                (kind, len(latencies), len(errors), statistics.median(latencies), quantiles[18], elapsed)
            )
            print(
                f"{kind}: median {statistics.median(latencies) * 1000:.0f} ms, {len(errors)} errors",
                flush=True,
            )
    lines = [
        "",
        f"## Serving at {total:,} claims",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()} by `make bench-serve` (bench/serve.py):",
        f"the {args.db.name} database with its news claims copied under new ids to {total:,} claims,",
        f"served immutable with an inspect file; {REQUESTS} requests per kind of page (distinct",
        f"random claims, articles and claimants) at concurrency {CONCURRENCY} on a warm server.",
        "",
        "| page | requests | errors | median ms | p95 ms | requests/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, count, errors, median, p95, elapsed in rows:
        lines.append(
            f"| `/-/{kind}` | {count} | {errors} | {median * 1000:.0f} | {p95 * 1000:.0f} | {count / elapsed:.0f} |"
        )
    with args.results.open("a", encoding="utf-8") as results:
        results.write("\n".join(lines) + "\n")
    db.unlink()
    print(f"appended to {args.results}")
    return 1 if any(row[2] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
