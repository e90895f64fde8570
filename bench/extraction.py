"""Extraction per article, this checkout's code beside an earlier commit's, in one run.

The earlier commit's ``casualty_claims`` package is taken from git (``git archive``)
into a temporary folder. Each side reads the same articles of a benchmark corpus in
a process of its own, one core, and times reading, cleaning and extracting each
article (``pipeline.process``), after a warm-up that compiles the grammar. What is
timed is the process's CPU time, not the clock's, so that other work on the machine
weighs less; the two sides also take turns, several rounds, so that a machine
slowing down or speeding up weighs on both; each side's figure is its fastest round.

    python -m bench.extraction [--baseline 7a64dec] [--articles 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.child import printed_json
from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
# The extractor before issue 17 (open-world extraction): its speed is the bound's unit.
BASELINE = "7a64dec"
BOUND = 1.25

# Run in a child process with the package under test first on sys.path.
TIMER = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from casualty_claims import lexicon
from casualty_claims.clean import FurnitureRules
from casualty_claims.pipeline import process
from casualty_claims.read import read_article
paths = sorted(Path(sys.argv[2]).glob("*.txt"))
lex = lexicon.load()
rules = FurnitureRules(lex)
for path in paths[:10]:
    process(read_article(path), lex, rules)
claims, started = 0, time.process_time()
for path in paths:
    claims += len(process(read_article(path), lex, rules).claims)
print(json.dumps({"seconds": time.process_time() - started, "articles": len(paths), "claims": claims}))
"""


@dataclass(frozen=True)
class Side:
    label: str
    ms_per_article: float
    claims: int


@dataclass(frozen=True)
class Comparison:
    baseline: Side
    current: Side
    articles: int
    rounds: int

    @property
    def ratio(self) -> float:
        return self.current.ms_per_article / self.baseline.ms_per_article

    def report(self) -> str:
        held = "held" if self.ratio <= BOUND else "NOT held"
        return "\n".join(
            [
                f"Extraction per article (CPU time, one core, {self.articles:,} benchmark articles, fastest of "
                f"{self.rounds} alternating rounds):",
                "",
                "| code | ms per article | claims |",
                "|---|---:|---:|",
                f"| {self.baseline.label} | {self.baseline.ms_per_article:.2f} | {self.baseline.claims:,} |",
                f"| {self.current.label} | {self.current.ms_per_article:.2f} | {self.current.claims:,} |",
                "",
                f"Ratio {self.ratio:.2f}x; the bound of {BOUND}x is {held}.",
            ]
        )


def baseline_package(revision: str, into: Path) -> Path:
    """The ``casualty_claims`` package as it was at ``revision``, unpacked under ``into``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "casualty_claims"], cwd=ROOT, capture_output=True
    )
    if archive.returncode != 0:
        raise SystemExit(f"bench.extraction: no commit {revision!r} here: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def _time(package_root: Path, corpus: Path) -> dict:
    return printed_json(
        [sys.executable, "-c", TIMER, str(package_root), str(corpus)],
        package_root,
        f"bench.extraction: timing {package_root} failed",
    )


def compare(corpus: Path, revision: str = BASELINE, rounds: int = 5) -> Comparison:
    with tempfile.TemporaryDirectory() as work:
        old_root = baseline_package(revision, Path(work))
        best: dict[str, dict] = {}
        for _ in range(rounds):
            for label, root in ((revision, old_root), ("this checkout", ROOT)):
                timed = _time(root, corpus)
                if label not in best or timed["seconds"] < best[label]["seconds"]:
                    best[label] = timed
    sides = [
        Side(label, 1000 * timed["seconds"] / timed["articles"], timed["claims"])
        for label, timed in best.items()
    ]
    return Comparison(sides[0], sides[1], best[revision]["articles"], rounds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction")
    parser.add_argument("--baseline", default=BASELINE, help="the commit to compare with")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    args = parser.parse_args(argv)
    corpus = args.work / f"extraction-{args.articles}"
    if not corpus.is_dir() or sum(1 for _ in corpus.glob("*.txt")) != args.articles:
        write_corpus(corpus, args.articles)
    comparison = compare(corpus, args.baseline, args.rounds)
    print(comparison.report())
    return 0 if comparison.ratio <= BOUND else 1


if __name__ == "__main__":
    sys.exit(main())
