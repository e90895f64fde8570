"""Score the extractor on the development set of real articles, twice.

    python scripts/eval_dev.py [--dev ../shared/dev] [--scorer ../shared/eval/score_claims.py]

The articles are built into a temporary database as they are (publication dates
read from the text) and again with a ``STEM.meta.yml`` giving the publication
date from each article's ``.source`` note. The scorer's full report is printed
for each build, misses included. Nothing of the articles is kept.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = re.compile(r"^published:\s*(\d{4}-\d{2}-\d{2})", re.MULTILINE)


def _copy(articles: Path, into: Path, with_dates: bool) -> None:
    into.mkdir()
    for text in sorted(articles.glob("*.txt")):
        shutil.copy(text, into / text.name)
        source = text.with_suffix(".source")
        if with_dates and source.exists():
            found = PUBLISHED.search(source.read_text(encoding="utf-8"))
            if found:
                (into / f"{text.stem}.meta.yml").write_text(
                    f"published: {found.group(1)}\n", encoding="utf-8"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "dev")
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "eval" / "score_claims.py")
    args = parser.parse_args()
    articles = args.dev / "articles"
    if not articles.is_dir() or not args.scorer.exists():
        print(f"eval_dev: no development set at {articles} or no scorer at {args.scorer}", file=sys.stderr)
        return 2
    status = 0
    with tempfile.TemporaryDirectory() as work:
        for label, with_dates in (("dates from the text", False), ("dates given", True)):
            folder = Path(work) / ("meta" if with_dates else "plain")
            _copy(articles, folder, with_dates)
            db = folder.with_suffix(".db")
            build = [sys.executable, str(ROOT / "build.py"), str(folder), "--db", str(db)]
            built = subprocess.run(build, cwd=ROOT, capture_output=True, text=True)
            print(f"## {label}")
            if built.returncode:
                print(f"build failed: {(built.stderr or built.stdout).strip().splitlines()[-1:]}")
                status = 1
                continue
            score = [sys.executable, str(args.scorer), "--db", str(db), "--gold", str(args.dev / "gold.jsonl"),
                     "--articles", str(folder)]  # fmt: skip
            status |= subprocess.run(score).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
