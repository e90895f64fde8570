"""Step 6: apply hand curation (curation/claims.yml) to the extracted claims.

``pipeline.curated_claims`` applies it to each article's claims, before their rows are made.

Researchers fix what extraction gets wrong without touching code, and their fixes
survive every rebuild because they name claims by stable id (see
``claims.claim_id``). Actions:

    confirm          a claim is right as extracted
    correct          set fields of a claim (claimant, sides, population, measure,
                     value, range, qualifier, as_of, scope, period_start, period_end, place)
    reject           a claim is wrong; it stays in the database, marked, but out of
                     claims_flat, counterclaims and the pages
    add              a claim the extractor missed, by article, quote and figure
    merge_claimants  claims of one claimant belong to another of the lexicon: a claimant
                     named by id (one of the lexicon, or one inferred from the text),
                     or the inferred claimants read from a phrase (claimant_text)
    article          set an article's url, outlet, published or title

Every claim records its status (extracted, confirmed, corrected, rejected, manual)
and the entry that touched it. An entry that matches nothing is reported by its id;
a malformed file fails with the file, the line and the problem (each entry is
checked in ``curation_entries``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .claims import span_id
from .curation_entries import CurationError, Entry, checked_entry
from .display import as_said
from .lexicon import Lexicon
from .read import YamlLoader
from .schema import claim_row
from .vocabulary import CONFIRMED, CORRECTED, EXTRACTED, MANUAL, REJECTED, TOTAL

CURATION_FILE = Path(__file__).resolve().parent.parent / "curation" / "claims.yml"
# Keys whose values stay text even when YAML reads a number (claim 012345678901, article 2024).
TEXT_KEYS = {"id", "claim", "article", "claimant", "claimant_text", "into", "quote", "figure"}
# The status each action gives the claim it matches.
STATUS_OF_ACTION = {"confirm": CONFIRMED, "correct": CORRECTED, "reject": REJECTED}


@dataclass
class Curation:
    path: Path
    entries: list[Entry] = field(default_factory=list)

    def of(self, action: str) -> list[Entry]:
        return [e for e in self.entries if e.action == action]

    def article_meta(self, article: str) -> tuple[dict, set[str]]:
        """Metadata set by hand for one article (overrides a sidecar), and the entries that set it."""
        meta, used = {}, set()
        for entry in self.of("article"):
            if entry.fields["article"] == article:
                meta.update(entry.fields["set"])
                used.add(entry.id)
                if "published" in entry.fields["set"]:
                    meta["published_from"] = f"curation {entry.id}"
        return meta, used


# --- reading the file --------------------------------------------------------------------


class _LineLoader(YamlLoader):
    """Remembers the line each mapping starts on, for error messages."""


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    for key, value in node.value:
        # ids stay text even when they look like numbers: claim 012345678901, article 2024
        if key.value in TEXT_KEYS and isinstance(value, yaml.ScalarNode):
            mapping[key.value] = loader.construct_scalar(value)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def load(path: Path, lexicon: Lexicon) -> Curation:
    if not path.exists():
        return Curation(path)
    if path.is_dir():
        raise CurationError(f"{path}: is a folder, not a curation file")
    try:
        data = yaml.load(_text(path), Loader=_LineLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CurationError(f"{where}: not valid YAML ({getattr(error, 'problem', error)})") from None
    except RecursionError:
        raise CurationError(f"{path}: not valid YAML (nested too deeply)") from None
    if data is None:
        return Curation(path)
    if not isinstance(data, list):
        raise CurationError(f"{path}:1: must be a list of entries")
    entries, ids = [], set()
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise CurationError(f"{path}: entry {n} is not a mapping")
        line = item.pop("__line__")
        entry = checked_entry(item, path, line, lexicon)
        if entry.id in ids:
            raise CurationError(f"{path}:{line}: id {entry.id!r} is used twice")
        ids.add(entry.id)
        entries.append(entry)
    cycle = _merge_cycle(entries)
    if cycle:
        raise CurationError(f"{path}:{cycle[0].line}: merges go round in a cycle: {' into '.join(cycle[1])}")
    return Curation(path, entries)


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CurationError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CurationError(f"{path}:{line}: not UTF-8 text (byte {error.start})") from None


def _merge_cycle(entries: list[Entry]) -> tuple[Entry, list[str]] | None:
    """A chain of merges by id that comes back to where it starts (x into y, y into x), with the
    entry it starts from: which claimant a claim ends with would depend on the entries' order."""
    merges = {
        e.fields["claimant"]: e for e in entries if "claimant" in e.fields and e.action == "merge_claimants"
    }
    for start, entry in merges.items():
        chain = [start]
        while chain[-1] in merges:
            chain.append(merges[chain[-1]].fields["into"])
            if chain[-1] in chain[:-1]:
                return entry, chain
    return None


# --- applying it -----------------------------------------------------------------------


def precision_of(as_of: str) -> str:
    return {10: "day", 7: "month", 4: "year"}[len(as_of)]


def unmatched(curation: Curation, used: set[str], raws: dict[str, str]) -> list[str]:
    """One line for every entry that matched nothing in this build (not in ``used``);
    ``raws`` holds the text of the articles those entries name, where they exist."""
    problems = []
    for entry in curation.entries:
        if entry.id in used:
            continue
        fields = entry.fields
        if entry.action in ("add", "article") and fields["article"] not in raws:
            problem = f"no article {fields['article']} in this build"
        elif entry.action == "add":
            problem = f"the quote, or the figure in it, is not in {fields['article']}"
        elif entry.action == "merge_claimants" and "claimant_text" in fields:
            problem = f"no claim of an inferred claimant named {fields['claimant_text']!r} in this build"
        elif entry.action == "merge_claimants":
            problem = f"no claim of {fields['claimant']} in this build"
        else:
            problem = f"no claim {fields['claim']} in this build"
        problems.append(f"{curation.path}: {entry.label}: {problem}")
    return problems


def apply(
    curation: Curation, rows: list[dict], raws: dict[str, str], inferred: dict[str, str] | None = None
) -> tuple[list[dict], set[str]]:
    """The claim rows with every entry applied and the manual claims added, and the ids
    of the entries that matched something. Applied one article at a time, an entry
    about another article matches nothing there. ``inferred`` names the claimants the
    grammar inferred from the article's text (id: name)."""
    by_id = {row["id"]: row for row in rows}
    used: set[str] = set()
    for row in rows:
        row.update(status=EXTRACTED, curation=None, curation_reason=None, original=None)
    for entry in curation.of("merge_claimants"):
        merged = _merged(entry, inferred or {})
        for row in rows:
            values = {key: entry.fields["into"] for key in ("claimant", "via") if merged(row, key)}
            if values:
                _touch(row, entry, CORRECTED, values)
                used.add(entry.id)
    for entry in curation.of("add"):
        row = _manual(entry, raws)
        if row is None:
            continue
        used.add(entry.id)
        if row["id"] in by_id:  # the extractor has learnt to find it: keep the hand's fields
            _touch(by_id[row["id"]], entry, CORRECTED, entry.fields["set"])
            continue
        by_id[row["id"]] = row
        rows.append(row)
    for entry in curation.of("confirm") + curation.of("correct") + curation.of("reject"):
        row = by_id.get(entry.fields["claim"])
        if row is not None:
            used.add(entry.id)
            _touch(row, entry, STATUS_OF_ACTION[entry.action], entry.fields.get("set", {}))
    return rows, used


def _merged(entry: Entry, inferred: dict[str, str]):
    """Whether a merge entry takes a row's claimant (key "claimant") or its via ("via"):
    by id, or by the words of an inferred claimant's name or of the claimant's text."""
    if "claimant" in entry.fields:
        return lambda row, key: row.get(key) is not None and row[key] == entry.fields["claimant"]
    phrase = _phrase(entry.fields["claimant_text"])
    named = {id for id, name in inferred.items() if _phrase(name) == phrase}

    def merged(row: dict, key: str) -> bool:
        id = row.get(key)
        if id not in inferred:
            return False
        return id in named or (key == "claimant" and _phrase(row["claimant_text"] or "") == phrase)

    return merged


def _phrase(text: str) -> str:
    """Text compared as words: case, spacing, apostrophes and a leading "the" aside."""
    words = text.replace("’", "'").casefold().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _touch(row: dict, entry: Entry, status: str, values: dict) -> None:
    original = json.loads(row["original"]) if row["original"] else {}
    qualifier = row.get("qualifier")
    for key, value in values.items():
        if row.get(key) != value:
            original.setdefault(key, row.get(key))
            row[key] = value
    if row.get("qualifier") != qualifier:  # the text's words ("more than") qualified another reading
        row["qualifier_text"] = None
    row["display"] = as_said(row)
    if "as_of" in values:
        row["as_of_precision"] = precision_of(values["as_of"])
        row["as_of_method"] = f"curation {entry.id}"
    if row["status"] != MANUAL:
        row["status"] = status
    row["curation"] = entry.id
    row["curation_reason"] = entry.fields.get("reason") or entry.fields.get("note")
    row["original"] = json.dumps(original, sort_keys=True) if original else None


def _locate(fields: dict, raw: str) -> int | None:
    """Where the entry's figure starts in the article, if its quote is there."""
    at, offset = raw.find(fields["quote"]), fields["quote"].find(fields["figure"])
    return at + offset if at >= 0 and offset >= 0 else None


def _manual(entry: Entry, raws: dict[str, str]) -> dict | None:
    article, quote, figure = entry.fields["article"], entry.fields["quote"], entry.fields["figure"]
    start = _locate(entry.fields, raws[article]) if article in raws else None
    if start is None:
        return None
    raw = raws[article]
    values = entry.fields["set"]
    as_of = values.get("as_of")
    # no qualifier_text: a hand's figure has the vocabulary's words
    row = claim_row(
        {
            "id": span_id(article, raw, start, start + len(figure)),
            "article": article,
            "claimant": values.get("claimant"),
            "attribution": "curation",
            "subject_side": values["subject_side"],
            "population": values.get("population", "unknown"),
            "measure": values["measure"],
            "unit": values.get("unit"),
            "value": values["value"],
            "value_low": values.get("value_low"),
            "value_high": values.get("value_high"),
            "qualifier": values.get("qualifier", "exact"),
            "as_of": as_of,
            "as_of_precision": precision_of(as_of) if as_of else None,
            "as_of_method": f"curation {entry.id}" if as_of else None,
            "scope": values.get("scope", TOTAL),
            "period_start": values.get("period_start"),
            "period_end": values.get("period_end"),
            "place": values.get("place"),
            "span_start": start,
            "span_end": start + len(figure),
            "figure_text": figure,
            "quote": quote,
            "mention_count": 1,
            "status": MANUAL,
            "curation": entry.id,
            "curation_reason": entry.fields.get("reason"),
        }
    )
    return dict(row, display=as_said(row))
