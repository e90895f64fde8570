"""`make bench`: one article's extraction cost against its length.

The shapes are those whose cost once grew with the square of the article's length
(issue 18): figures in a sentence that never ends, distinct claims one per paragraph,
one line of repeated claims, and figures whose side no word gives (each one looked
up among all the figures before it). For each shape and length, one article is
written to a file and put through the build's work for one article: read, extract
its claims (``pipeline.process``) and make its rows (``pipeline.curated_rows``), timed
in CPU seconds on one core after a warm-up that compiles the grammar (the fastest of
three runs below a megabyte). A cost linear in the length keeps the seconds per MB
of a row flat. The section it writes in bench/RESULTS.md replaces the one an earlier
run wrote.

    python -m bench.length [--sizes 10000 100000 1000000 5000000] [--results bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.run import RESULTS, machine
from casualty_claims import lexicon as lexicons
from casualty_claims.clean import FurnitureRules
from casualty_claims.pipeline import curated_rows, process
from casualty_claims.read import read_article

SIZES = (10_000, 100_000, 1_000_000, 5_000_000)  # the largest within the build's 5 MiB limit
HEADING = "## Extraction per article against its length"
HEADLINE = "Casualty claims\n\n"
ROUNDS_BELOW_1MB = 3


def _repeated(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _numbered(template: str, size: int) -> str:
    """``template`` filled with 1,000, 1,001, ... up to ``size`` characters: no two the same."""
    parts, total = [], 0
    while total < size:
        parts.append(template.format(1_000 + len(parts)))
        total += len(parts[-1])
    return "".join(parts)


SHAPES: dict[str, Callable[[int], str]] = {
    "figures without sentence breaks": lambda size: (
        HEADLINE + _repeated("Ukraine said 1,200 Russian soldiers were killed, ", size - len(HEADLINE))
    ),
    "distinct claims, one per paragraph": lambda size: (
        HEADLINE
        + _numbered("Ukraine said {:,} Russian soldiers were killed near Bakhmut.\n\n", size - len(HEADLINE))
    ),
    "one line of repeated claims": lambda size: _repeated(
        "Ukraine said 1,200 Russian soldiers were killed near Bakhmut. ", size
    ),
    "distinct figures of no side, one paragraph": lambda size: (
        HEADLINE + _numbered("{:,} people were killed. ", size - len(HEADLINE))
    ),
}


def article_seconds(path: Path, lexicon: lexicons.Lexicon, rules: FurnitureRules) -> tuple[float, int]:
    """CPU seconds of one article's read, extraction and rows, and its number of claims."""
    started = time.process_time()
    item = process(read_article(path), lexicon, rules)
    curated_rows(item, lexicon, None)
    return time.process_time() - started, len(item.claims)


def measure(sizes: tuple[int, ...] = SIZES) -> dict[str, list[tuple[int, float, int]]]:
    """For every shape, (characters, seconds, claims) at each size."""
    lexicon = lexicons.load()
    rules = FurnitureRules(lexicon)
    results: dict[str, list[tuple[int, float, int]]] = {}
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "article.txt"
        path.write_text(SHAPES["distinct claims, one per paragraph"](2_000), encoding="utf-8")
        article_seconds(path, lexicon, rules)  # warm-up: the grammar compiles once
        for shape, make in SHAPES.items():
            results[shape] = []
            for size in sizes:
                text = make(size)
                path.write_text(text, encoding="utf-8")
                runs = [article_seconds(path, lexicon, rules) for _ in range(_rounds(size))]
                seconds, claims = min(runs)
                results[shape].append((len(text), seconds, claims))
                print(f"{shape}, {len(text):,} characters: {seconds:.2f} s, {claims:,} claims", flush=True)
    return results


def _rounds(size: int) -> int:
    return ROUNDS_BELOW_1MB if size < 1_000_000 else 1


def _size_label(size: int) -> str:
    return f"{size / 1_000_000:g} MB" if size >= 1_000_000 else f"{size / 1_000:g} KB"


def report(sizes: tuple[int, ...], results: dict[str, list[tuple[int, float, int]]]) -> str:
    lines = [
        HEADING,
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}",
        "by `make bench` (bench/length.py): one article of each shape and length read, extracted and",
        "made into rows on one core, in CPU seconds (the fastest of three runs below 1 MB), and in",
        "seconds per MB of the article. A cost linear in the article's length keeps the seconds per",
        "MB of a row flat.",
        "",
        "| shape | " + " | ".join(_size_label(size) for size in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for shape, measured in results.items():
        cells = [
            f"{seconds:.2f} s ({seconds / (chars / 1_000_000):.1f} s/MB)" for chars, seconds, _ in measured
        ]
        lines.append(f"| {shape} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write(results_file: Path, section: str) -> None:
    """``section`` at the end of the results file, in place of the one an earlier run wrote."""
    text = results_file.read_text(encoding="utf-8") if results_file.exists() else ""
    start = text.find(HEADING)
    if start >= 0:
        end = text.find("\n## ", start + len(HEADING))
        text = text[:start] + (text[end + 1 :] if end >= 0 else "")
    results_file.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.length")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(SIZES), help="article lengths, characters"
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = tuple(args.sizes)
    section = report(sizes, measure(sizes))
    print(section, flush=True)
    write(args.results, section)
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
