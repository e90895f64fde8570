"""`make update-reference FILE=...`: fold a newer copy of the ministry's loss series into
the project's copy. Days not yet present are added; days already present are kept
as they are (a changed figure for a past day is reported, not applied), so a claim
id of the series, made from its day and field, never changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import reference


def update(current: Path, newer: Path) -> tuple[int, list[str]]:
    """Merge ``newer`` into ``current`` in place; returns how many days were added and
    the days whose figures differ between the two."""
    reference.load(newer)  # fails with the file and the problem before anything is written
    old_rows = json.loads(current.read_text(encoding="utf-8")) if current.exists() else []
    new_rows = json.loads(newer.read_text(encoding="utf-8"))
    rows, added, changed = reference.merge(old_rows, new_rows)
    if added:
        tmp = current.with_name(current.name + ".tmp")
        tmp.write_text(
            json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8"
        )  # as the dataset is published
        tmp.replace(current)
    return added, changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="update_reference", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="a newer russian-losses.json")
    parser.add_argument("--into", type=Path, default=reference.SERIES_FILE, help="the copy to update")
    args = parser.parse_args(argv)
    try:
        added, changed = update(args.into, args.file)
    except reference.ReferenceSeriesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    latest = reference.load(args.into)[-1].date if args.into.exists() else None
    print(f"{args.into}: {added} new daily report(s) added; latest report {latest}")
    if changed:
        print(
            f"warning: {len(changed)} past day(s) differ in {args.file} and were kept as they were: "
            f"{', '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
