"""`make bench`: build generated corpora of growing size and record what it costs.

For each size: write the corpus (bench/corpus.py), measure a floor that only
reads the same files and runs one compiled regex for numbers over them (one
core), build it from nothing with every core (peak memory summed over the build's
processes), change one article and build again (incremental), and write the
results with the machine and the date to bench/RESULTS.md. Last, time extraction
per article on the smallest corpus with this checkout's code and an earlier
commit's, side by side (bench/extraction.py).

    python -m bench.run [--sizes 1000 10000 100000] [--work bench/work]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import extraction
from bench.corpus import SEED, article, write_corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
NUMBER = re.compile(r"\d[\d,.\u00a0 ]*\d|\d")
STEPS = ("read", "extract", "rows", "store", "search index", "link", "indexes", "finish")


@dataclass
class Run:
    seconds: float
    peak_mb: float
    timings: dict = field(default_factory=dict)


@dataclass
class Result:
    articles: int
    corpus_mb: float
    floor_mb_s: float
    full: Run
    incremental: Run
    db_mb: float
    claims: int


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        int(line.split()[1]) // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return f"{cpu}, {os.cpu_count()} cores, {memory:,} MB RAM, Python {platform.python_version()}"


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def timed_build(corpus: Path, db: Path, *options: str) -> Run:
    timings_file = db.with_suffix(".timings.json")
    command = [
        sys.executable,
        "build.py",
        str(corpus),
        "--db",
        str(db),
        "--no-curation",
        "--timings",
        str(timings_file),
        *options,
    ]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0.0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss_mb(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, errors = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build of {corpus} failed: {errors[-500:]}")
    return Run(time.perf_counter() - started, peak, json.loads(timings_file.read_text()))


def floor_mb_s(corpus: Path) -> float:
    """Read every file and find every number with one compiled regex, on one core."""
    started, size, count = time.perf_counter(), 0, 0
    for path in sorted(corpus.iterdir()):
        text = path.read_text(encoding="utf-8")
        size += len(text.encode())
        count += sum(1 for _ in NUMBER.finditer(text))
    return size / 1e6 / (time.perf_counter() - started)


def measure(size: int, work: Path) -> Result:
    corpus = work / f"corpus-{size}"
    if not corpus.is_dir() or sum(1 for _ in corpus.iterdir()) != size:
        write_corpus(corpus, size)
    # the article the incremental build sees changed, as generated (a previous run changed it)
    changed, original = corpus / f"{size // 2:06d}.txt", article(SEED, size // 2)
    changed.write_text(original, encoding="utf-8")
    corpus_mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
    floor = floor_mb_s(corpus)
    db = work / f"claims-{size}.db"
    full = timed_build(corpus, db, "--full")
    changed.write_text(
        original
        + f"\nUpdated {dt.datetime.now():%H:%M:%S}: Kyiv said 1,234 Russian soldiers had been killed.\n",
        encoding="utf-8",
    )
    incremental = timed_build(corpus, db)
    claims = int(
        subprocess.check_output(
            [
                sys.executable,
                "-c",
                f"import sqlite3; print(sqlite3.connect({str(db)!r}).execute("
                "\"SELECT count(*) FROM claims WHERE origin = 'news'\").fetchone()[0])",
            ]
        )
    )
    return Result(size, corpus_mb, floor, full, incremental, db.stat().st_size / 1e6, claims)


def report(results: list[Result]) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.date.today().isoformat()} on {machine()} by `make bench`",
        "(bench/run.py). Corpora are generated by bench/corpus.py (news-like articles",
        "recombined from sentence patterns, claimants and figures; for throughput only).",
        "Builds use every core (`--jobs` default) and no curation; peak memory is summed",
        "over the build's processes. The floor reads the same files and runs one compiled",
        "regex for numbers over them, on one core. Extraction is the build's first phase,",
        "reading, extracting and storing every article with every core (the rest indexes,",
        "links and checks the stored rows). The incremental build follows a change to one article.",
        "",
        "| articles | corpus MB | news claims | full build s | articles/s | MB/s | extraction MB/s "
        "| floor MB/s | build of floor | extraction of floor | peak MB | database MB | incremental s | of full |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        mb_s = r.corpus_mb / r.full.seconds
        extraction_mb_s = r.corpus_mb / r.full.timings["articles"]
        lines.append(
            f"| {r.articles:,} | {r.corpus_mb:,.1f} | {r.claims:,} | {r.full.seconds:,.1f} "
            f"| {r.articles / r.full.seconds:,.0f} | {mb_s:.2f} | {extraction_mb_s:.2f} | {r.floor_mb_s:.1f} "
            f"| {mb_s / r.floor_mb_s:.1%} | {extraction_mb_s / r.floor_mb_s:.1%} "
            f"| {max(r.full.peak_mb, r.incremental.peak_mb):,.0f} "
            f"| {r.db_mb:,.0f} | {r.incremental.seconds:,.1f} | {r.incremental.seconds / r.full.seconds:.1%} |"
        )
    lines += [
        "",
        "Seconds per step of the full build (read, extract and rows are summed over the",
        "worker processes; the others run in the main process):",
        "",
        "| articles | " + " | ".join(STEPS) + " | total |",
        "|---:|" + "---:|" * (len(STEPS) + 1),
    ]
    for r in results:
        cells = [f"{r.full.timings.get(step, 0):,.1f}" for step in STEPS]
        lines.append(f"| {r.articles:,} | " + " | ".join(cells) + f" | {r.full.timings['total']:,.1f} |")
    lines += [
        "",
        "The same for the incremental build:",
        "",
        "| articles | " + " | ".join(STEPS) + " | total |",
        "|---:|" + "---:|" * (len(STEPS) + 1),
    ]
    for r in results:
        cells = [f"{r.incremental.timings.get(step, 0):,.1f}" for step in STEPS]
        lines.append(
            f"| {r.articles:,} | " + " | ".join(cells) + f" | {r.incremental.timings['total']:,.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--baseline",
        default=extraction.BASELINE,
        help="the commit whose extraction speed this checkout's is compared with",
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        result = measure(size, args.work)
        results.append(result)
        print(
            f"{size:,} articles: full {result.full.seconds:.1f} s, incremental "
            f"{result.incremental.seconds:.1f} s, peak {result.full.peak_mb:,.0f} MB",
            flush=True,
        )
        args.results.write_text(report(results), encoding="utf-8")  # after each size: long runs
    comparison = extraction.compare(args.work / f"corpus-{min(args.sizes)}", args.baseline)
    print(comparison.report(), flush=True)
    args.results.write_text(report(results) + "\n" + comparison.report() + "\n", encoding="utf-8")
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
