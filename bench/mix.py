"""The realistic mix in `make bench`: a build of it, and per article, on one core, what our
extraction costs beside what the spaCy peer costs only to find candidate sentences.

For each size: write the mix (bench/realistic.py), build it from nothing with every core
(``builds.timed_build``), then time each side over the same articles in a process of its own,
CPU time, after a warm-up: ours reads, cleans and extracts each article (``pipeline.process``,
claims included), the peer (bench/peer.py) only finds the sentences that may hold one.

    python -m bench.mix [--sizes 10000 100000] [--work bench/work]
    python -m bench.mix --time ours|spacy FOLDER    (one side, printed as JSON)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import realistic
from bench.builds import ROOT, Run, timed_build
from bench.child import printed_json

WARM_UP = 20  # articles read before the clock starts: compiling patterns is no article's cost
SIDES = ("ours", "spacy")


@dataclass
class MixResult:
    articles: int
    corpus_mb: float
    build: Run
    claims: int
    engine: str
    ms_per_article: dict[str, float]  # by side


def _time_ours(paths: list[Path]) -> dict:
    from casualty_claims import lexicon, prefilter
    from casualty_claims.clean import FurnitureRules
    from casualty_claims.pipeline import process, warm_up
    from casualty_claims.read import read_article

    lex = lexicon.load()
    rules = FurnitureRules(lex)
    warm_up(lex)  # as a build does: the first articles may all be ones the grammar never reads
    for path in paths[:WARM_UP]:
        process(read_article(path), lex, rules)
    found, started = 0, time.process_time()
    for path in paths:
        found += len(process(read_article(path), lex, rules).claims)
    return {"seconds": time.process_time() - started, "found": found, "engine": prefilter.default_engine()}


def _time_spacy(paths: list[Path]) -> dict:
    from bench.peer import Peer
    from casualty_claims import lexicon
    from casualty_claims.read import read_article

    peer = Peer(lexicon.load())
    for path in paths[:WARM_UP]:
        peer.candidates(read_article(path).raw)
    found, started = 0, time.process_time()
    for path in paths:
        found += peer.candidates(read_article(path).raw)
    return {"seconds": time.process_time() - started, "found": found}


def time_side(side: str, corpus: Path) -> dict:
    """One side's CPU seconds over the corpus, in a process of its own."""
    return printed_json(
        [sys.executable, "-m", "bench.mix", "--time", side, str(corpus)],
        ROOT,
        f"bench.mix: timing {side} failed",
    )


def measure(size: int, work: Path) -> MixResult:
    corpus = work / f"mix-{size}"
    if not corpus.is_dir() or sum(1 for _ in corpus.iterdir()) != size:
        realistic.write_corpus(corpus, size)
    corpus_mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
    db = work / f"mix-{size}.db"
    build = timed_build(corpus, db, "--full")
    timed = {side: time_side(side, corpus) for side in SIDES}
    return MixResult(
        size,
        corpus_mb,
        build,
        timed["ours"]["found"],
        timed["ours"]["engine"],
        {side: 1000 * t["seconds"] / size for side, t in timed.items()},
    )


def report(results: list[MixResult]) -> str:
    lines = [
        "The realistic mix (bench/realistic.py: 60% prose with no figure, 35% with figures but no",
        "word of losses, 5% war articles), built with every core; then, per article on one core",
        "(CPU time), our extraction (claims read) beside the spaCy peer (candidate sentences only:",
        "blank English, sentencizer, PhraseMatcher over the lexicon's phrases; bench/peer.py):",
        "",
        "| articles | corpus MB | claims read | full build s | articles/s | peak MB | prefilter "
        "| ours ms/article | spaCy ms/article | ours of spaCy's throughput |",
        "|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in results:
        ours, peer = r.ms_per_article["ours"], r.ms_per_article["spacy"]
        lines.append(
            f"| {r.articles:,} | {r.corpus_mb:,.1f} | {r.claims:,} | {r.build.seconds:,.1f} "
            f"| {r.articles / r.build.seconds:,.0f} | {r.build.peak_mb:,.0f} | {r.engine} "
            f"| {ours:.2f} | {peer:.2f} | {peer / ours:.1f}x |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mix")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--time", choices=SIDES, help="time one side over FOLDER and print JSON")
    parser.add_argument("folder", type=Path, nargs="?")
    args = parser.parse_args(argv)
    if args.time:
        paths = sorted(args.folder.glob("*.txt"))
        print(json.dumps((_time_ours if args.time == "ours" else _time_spacy)(paths)))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    results = [measure(size, args.work) for size in args.sizes]
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
