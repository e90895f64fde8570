"""A bounded loopback load test of the site: `make loadtest`.

Serves the database with the published site's options and sends REQUESTS requests at
CONCURRENCY. Each request is of a kind drawn at random (seeded, so a run can be
repeated), then a path of that kind at random: the home page, the plugin's pages and
their JSON twins, tables and their JSON (sorted by any column), full-text search,
canned queries with sample parameters, unknown ids and tables (404), and arbitrary SQL
(refused, 403). Prints the throughput and each kind's latency percentiles; exits 1 if
any request answered other than its kind should.

    python -m bench.loadtest --db claims.db [--requests 2000] [--concurrency 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import random
import re
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
import yaml
from datasette.utils import tilde_encode

from bench.server import ROOT, serving
from casualty_claims import publish

# What each kind of path must answer with the published site's options.
EXPECTED_STATUS = {
    "home": 200,
    "page": 200,
    "page JSON": 200,
    "table": 200,
    "table JSON": 200,
    "search": 200,
    "canned query": 200,
    "not found": 404,
    "SQL (refused)": 403,
}
PAGE_IDS = {
    "claim": "SELECT id FROM claims ORDER BY id",
    "article": "SELECT id FROM articles ORDER BY id",
    "claimant": "SELECT id FROM claimants WHERE claim_count > 0 ORDER BY id",
}
TABLES = """
SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name
"""
SEARCH_TEXT = "SELECT text FROM sentences ORDER BY rowid LIMIT 500"
# Sample values of the canned queries' parameters, by parameter name.
PARAMETER_VALUES = {
    "claimant": "SELECT id FROM claimants WHERE claim_count > 0 ORDER BY id",
    "subject_side": "SELECT id FROM sides ORDER BY id",
    "measure": "SELECT id FROM measures ORDER BY id",
    "from": "SELECT DISTINCT as_of FROM claims WHERE length(as_of) = 10 ORDER BY as_of",
    "to": "SELECT DISTINCT as_of FROM claims WHERE length(as_of) = 10 ORDER BY as_of",
}
VARIANTS_PER_QUERY = 20
# The queries that took the server down in issue 18, now refused before they run.
COSTLY_SQL = [
    "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r",
    "select randomblob(999999999)",
    "select length(printf('%.*c', 999999999, 'x'))",
]
NOT_FOUND = [
    "/-/claim/no-such-claim", "/-/claim/no-such-claim.json", "/-/article/no~20such~2Earticle",
    "/-/claimant/nobody.json", "/claims/no_such_table", "/claims/no_such_table.json", "/no/such/page",
]  # fmt: skip
PERCENTILES = (50, 95, 99)


@dataclass(frozen=True)
class Request:
    kind: str
    path: str
    status: int = 200


@dataclass(frozen=True)
class Result:
    kind: str
    seconds: float
    error: str | None


def path_kinds(db: Path, pick: random.Random) -> dict[str, list[list[str]]]:
    """Every kind of path, each as groups of paths (a request picks a group, then a path),
    so that 20,000 claim pages do not crowd out the one overview."""
    conn = sqlite3.connect(db)
    try:
        pages = [["/-/contested"]] + [
            [f"/-/{page}/{tilde_encode(id)}" for (id,) in conn.execute(sql)] for page, sql in PAGE_IDS.items()
        ]
        private = publish.private_tables(_metadata())
        tables = [name for (name,) in conn.execute(TABLES) if name not in private]
        sorts = [[f"/claims/{table}?_sort={column}" for column in _columns(conn, table)] for table in tables]
        words = sorted(
            {w for (text,) in conn.execute(SEARCH_TEXT) for w in re.findall(r"[A-Za-z]{4,}", text)}
        )
        values = {name: [v for (v,) in conn.execute(sql)] for name, sql in PARAMETER_VALUES.items()}
    finally:
        conn.close()
    values["q"] = words
    return {
        kind: [group for group in groups if group]
        for kind, groups in {
            "home": [["/"]],
            "page": pages,
            "page JSON": [[path + ".json" for path in group] for group in pages],
            "table": [[f"/claims/{table}" for table in tables], *sorts],
            "table JSON": [[f"/claims/{table}.json?_shape=objects" for table in tables]],
            "search": [
                [f"/claims/sentences?_search={word}" for word in words],
                [f"/claims/sentences.json?_shape=objects&_search={word}" for word in words],
            ],
            "canned query": canned_query_paths(values, pick),
            "not found": [NOT_FOUND],
            "SQL (refused)": [[f"/claims.json?{urlencode({'sql': sql})}" for sql in COSTLY_SQL]],
        }.items()
    }


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]


def _metadata() -> dict:
    return yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def canned_query_paths(values: dict[str, list], pick: random.Random) -> list[list[str]]:
    """Each canned query of metadata.yml, as a page and as JSON, with sample parameters."""
    groups = []
    for name, query in _metadata()["databases"]["claims"]["queries"].items():
        # a parameter with a leading underscore is a magic one, which Datasette fills (":_site_root")
        parameters = sorted(
            {p for p in re.findall(r":([A-Za-z_]\w*)", query["sql"]) if not p.startswith("_")}
        )
        missing = [p for p in parameters if not values.get(p)]
        if missing:
            raise SystemExit(
                f"canned query {name}: no sample values for {', '.join(missing)} in bench/loadtest.py"
            )
        group = []
        for _ in range(VARIANTS_PER_QUERY if parameters else 1):
            arguments = urlencode({p: pick.choice(values[p]) for p in parameters})
            group += [f"/claims/{name}?{arguments}", f"/claims/{name}.json?_shape=objects&{arguments}"]
        groups.append(group)
    return groups


def sample(kinds: dict[str, list[list[str]]], requests: int, pick: random.Random) -> list[Request]:
    """``requests`` requests, each of a kind drawn at random, then a group, then a path."""
    names = sorted(kinds)
    chosen = []
    for _ in range(requests):
        kind = pick.choice(names)
        chosen.append(Request(kind, pick.choice(pick.choice(kinds[kind])), EXPECTED_STATUS[kind]))
    return chosen


async def send(base: str, requests: list[Request], concurrency: int) -> list[Result]:
    results: list[Result] = []
    queue = iter(requests)

    async def worker(client: httpx.AsyncClient):
        for request in queue:
            started = time.perf_counter()
            try:
                response = await client.get(request.path)
                error = None
                if response.status_code != request.status:
                    error = f"{request.path}: HTTP {response.status_code}, expected {request.status}"
            except httpx.HTTPError as exception:
                error = f"{request.path}: {exception!r}"
            results.append(Result(request.kind, time.perf_counter() - started, error))

    # Datasette 1.0 redirects `/claims.json?sql=` to `/claims/-/query.json?sql=`
    async with httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=True) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return results


async def run(base: str, paths: list[str], requests: int, concurrency: int) -> tuple[list[float], list[str]]:
    """``requests`` requests cycling through ``paths``, each expected to answer 200."""
    queue = [Request("", path) for path in itertools.islice(itertools.cycle(paths), requests)]
    results = await send(base, queue, concurrency)
    return [r.seconds for r in results], [r.error for r in results if r.error]


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank ``p``th percentile of ``values``."""
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


def report(results: list[Result]) -> list[str]:
    """A table of each kind's requests, errors and latency percentiles, and all together."""
    header = f"{'kind':<14} {'requests':>8} {'errors':>6} " + " ".join(
        f"{f'p{p} ms':>7}" for p in PERCENTILES
    )
    lines = [header + f" {'max ms':>7}"]
    by_kind = {kind: [r for r in results if r.kind == kind] for kind in EXPECTED_STATUS}
    for kind, rows in [*by_kind.items(), ("all", results)]:
        if not rows:
            continue
        seconds = [r.seconds for r in rows]
        figures = " ".join(f"{percentile(seconds, p) * 1000:>7.0f}" for p in PERCENTILES)
        errors = sum(1 for r in rows if r.error)
        lines.append(f"{kind:<14} {len(rows):>8} {errors:>6} {figures} {max(seconds) * 1000:>7.0f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("claims.db"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1, help="the same seed sends the same requests")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: {args.db}: no such database; run make build first", file=sys.stderr)
        return 2
    pick = random.Random(args.seed)
    requests = sample(path_kinds(args.db, pick), args.requests, pick)
    with serving(args.db) as base:
        started = time.perf_counter()
        results = asyncio.run(send(base, requests, args.concurrency))
        elapsed = time.perf_counter() - started
    errors = [r.error for r in results if r.error]
    print(
        f"{len(results)} requests (seed {args.seed}) at concurrency {args.concurrency}: "
        f"{len(errors)} errors, {elapsed:.1f} s, {len(results) / elapsed:.0f} requests/s"
    )
    print("\n".join(report(results)))
    for error in errors[:10]:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
