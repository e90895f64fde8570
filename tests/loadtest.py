"""A bounded loopback load test of the site: `make loadtest`.

Serves the database as `make serve` does, sends REQUESTS requests at CONCURRENCY
across every page and its JSON twin, and prints the error count, throughput and
latency percentiles. Exits 1 if any request failed.

    python -m tests.loadtest --db claims.db [--requests 2000] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import httpx

from tests.server import serving


def site_paths(db: Path) -> list[str]:
    """Every page of the site and its JSON, plus table and search JSON."""
    conn = sqlite3.connect(db)
    pages = ["/-/contested"]
    pages += [f"/-/claim/{r[0]}" for r in conn.execute("SELECT id FROM claims ORDER BY id")]
    pages += [f"/-/article/{r[0]}" for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    pages += [
        f"/-/claimant/{r[0]}" for r in conn.execute("SELECT DISTINCT claimant FROM claims WHERE claimant")
    ]
    conn.close()
    paths = pages + [page + ".json" for page in pages]
    paths += [
        "/",
        "/claims/claims_flat.json?_shape=objects",
        "/claims/counterclaims_flat.json?_shape=objects&_sort_desc=ratio",
        "/claims/sentences.json?_shape=objects&_search=killed",
    ]
    return paths


async def run(base: str, paths: list[str], requests: int, concurrency: int) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    queue = itertools.islice(itertools.cycle(paths), requests)

    async def worker(client: httpx.AsyncClient):
        for path in queue:
            started = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors.append(f"{path}: HTTP {response.status_code}")
            except httpx.HTTPError as error:
                errors.append(f"{path}: {error!r}")
            latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return latencies, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("claims.db"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: {args.db}: no such database; run make build first", file=sys.stderr)
        return 2
    paths = site_paths(args.db)
    with serving(args.db) as base:
        started = time.perf_counter()
        latencies, errors = asyncio.run(run(base, paths, args.requests, args.concurrency))
        elapsed = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100)
    print(
        f"{len(latencies)} requests over {len(paths)} paths at concurrency {args.concurrency}: "
        f"{len(errors)} errors, {elapsed:.1f} s, {len(latencies) / elapsed:.0f} requests/s, "
        f"latency p50 {quantiles[49] * 1000:.0f} ms, p95 {quantiles[94] * 1000:.0f} ms, "
        f"p99 {quantiles[98] * 1000:.0f} ms"
    )
    for error in errors[:10]:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
