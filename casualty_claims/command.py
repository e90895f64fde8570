"""The ``casualty-claims`` command: ``build`` (build.py's command line), ``add`` (pages by
address) and ``watch`` (feeds), each adding to an article folder that ``build`` then reads.

Each address's outcome is one line: what became of it, or what failed and where (on standard
error). A failure does not stop the run unless ``--strict``, which ends it at the first failure
with exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import cli, lexicon
from .add import FAILED, AddressListError, Folder, Outcome, add_address, read_addresses
from .fetch import DEFAULT_DELAY, DEFAULT_TIMEOUT, Fetcher
from .read import DEFAULT_MAX_BYTES
from .target import BuildFailed
from .watch import WatchError, watch

DEFAULT_FOLDER = Path("seeds")  # the build's default folder (build.py)
EXPECTED_ERRORS = (AddressListError, WatchError, BuildFailed, OSError)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["build"]:  # the build keeps its own command line (build.py)
        return cli.main(argv[1:])
    args = _parser().parse_args(argv)
    try:
        outcomes = args.run(args, _report)
    except EXPECTED_ERRORS as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; what was added so far is kept", file=sys.stderr)
        return 130
    print(_summary(args.to, outcomes))
    return 1 if args.strict and any(o.kind == FAILED for o in outcomes) else 0


def run_add(args: argparse.Namespace, report: Callable[[Outcome], None]) -> list[Outcome]:
    addresses = list(args.urls) + (read_addresses(args.from_file) if args.from_file else [])
    if not addresses:
        raise AddressListError("no address given: casualty-claims add URL... or --from FILE")
    folder, fetcher, outcomes = Folder(args.to), _fetcher(args), []
    for url in dict.fromkeys(addresses):
        outcome = add_address(url, folder, fetcher)
        outcomes.append(outcome)
        report(outcome)
        if args.strict and outcome.kind == FAILED:
            break
    return outcomes


def run_watch(args: argparse.Namespace, report: Callable[[Outcome], None]) -> list[Outcome]:
    feeds = read_addresses(args.feeds_file)
    state = args.state or args.feeds_file.with_name(args.feeds_file.stem + ".state.json")
    return watch(feeds, Folder(args.to), _fetcher(args), state, lexicon.load(), report, args.strict)


def _fetcher(args: argparse.Namespace) -> Fetcher:
    return Fetcher(delay=args.delay, timeout=args.timeout, max_bytes=args.max_bytes)


def _report(outcome: Outcome) -> None:
    print(outcome.line, file=sys.stderr if outcome.kind == FAILED else sys.stdout, flush=True)


def _summary(folder: Path, outcomes: list[Outcome]) -> str:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.kind] = counts.get(outcome.kind, 0) + 1
    return f"{folder}: " + (", ".join(f"{n} {kind}" for kind, n in counts.items()) or "nothing new")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casualty-claims", description="Build casualty claims from news articles, and add articles."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("build", help="build the database (the options of build.py; build -h lists them)")
    add = commands.add_parser("add", help="fetch pages by address into an article folder")
    add.add_argument("urls", nargs="*", metavar="URL", help="addresses of pages to add")
    add.add_argument(
        "--from", dest="from_file", type=Path, metavar="FILE", help="a file of addresses, one a line"
    )
    add.set_defaults(run=run_add)
    follow = commands.add_parser(
        "watch", help="add the new entries of feeds that report casualties of the war"
    )
    follow.add_argument(
        "feeds_file", type=Path, metavar="FEEDS_FILE", help="RSS, Atom or sitemap addresses, one a line"
    )
    follow.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="what was seen (JSON; default: FEEDS_FILE's name + .state.json)",
    )
    follow.set_defaults(run=run_watch)
    for command in (add, follow):
        _fetch_options(command)
    return parser


def _fetch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to", type=Path, default=DEFAULT_FOLDER, metavar="DIR", help="article folder (default: %(default)s)"
    )
    parser.add_argument("--strict", action="store_true", help="stop at the first failure, with exit status 1")
    parser.add_argument(
        "--delay",
        type=float,
        default=DEFAULT_DELAY,
        metavar="SECONDS",
        help="pause between requests to one host (default: %(default)g)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="wait for an answer (default: %(default)g)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"largest page fetched (default: {DEFAULT_MAX_BYTES:,})",
    )
