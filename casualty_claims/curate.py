"""Step 5b: apply hand curation (curation/claims.yml) to the extracted claims.

Researchers fix what extraction gets wrong without touching code, and their fixes
survive every rebuild because they name claims by stable id (see
``claims.claim_id``). Actions:

    confirm          a claim is right as extracted
    correct          set fields of a claim (claimant, sides, population, measure,
                     value, range, qualifier, as_of)
    reject           a claim is wrong; it stays in the database, marked, but out of
                     claims_flat, counterclaims and the pages
    add              a claim the extractor missed, by article, quote and figure
    merge_claimants  claims of one claimant belong to another of the lexicon: a claimant
                     named by id (one of the lexicon, or one inferred from the text),
                     or the inferred claimants read from a phrase (claimant_text)
    article          set an article's url, outlet, published or title

Every claim records its status (extracted, confirmed, corrected, rejected, manual)
and the entry that touched it. An entry that matches nothing is reported by its id;
a malformed file fails with the file, the line and the problem.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .claims import span_id
from .figures import MAX_COUNT
from .lexicon import Lexicon
from .read import FUTURE_MARGIN, YamlLoader, article_fields, shown
from .schema import SUBJECT_SIDES

CURATION_FILE = Path(__file__).resolve().parent.parent / "curation" / "claims.yml"
# What an inferred claimant's id looks like: a slug of the phrase it was read from.
INFERRED_ID = re.compile(r"[^\sA-Z]+")
ACTIONS = {
    "confirm": {"claim"},
    "correct": {"claim", "set", "reason"},
    "reject": {"claim", "reason"},
    "add": {"article", "quote", "figure", "set", "reason"},
    "merge_claimants": {"claimant", "claimant_text", "into"},
    "article": {"article", "set"},
}
# Keys of which an action takes exactly one.
ONE_OF = {"merge_claimants": {"claimant", "claimant_text"}}
OPTIONAL = {"note", "reason"}
REASON_REQUIRED = {"correct", "reject"}
TEXT_KEYS = {"id", "claim", "article", "claimant", "claimant_text", "into", "quote", "figure"}
CLAIM_FIELDS = {
    "claimant", "subject_side", "population", "measure", "unit", "value", "value_low", "value_high",
    "qualifier", "as_of",
}  # fmt: skip
ADD_REQUIRED = {"subject_side", "measure", "value"}
ARTICLE_FIELDS = {"url", "outlet", "published", "title"}
POPULATIONS = ("military", "civilian", "unknown")
MEASURES = ("killed", "wounded", "killed_or_wounded", "captured", "missing", "displaced", "equipment")
QUALIFIERS = ("exact", "at_least", "at_most", "approximately", "range", "projection", "vague")


class CurationError(Exception):
    """The curation file is malformed; the message names the file, the line and the problem."""


@dataclass(frozen=True)
class Entry:
    id: str
    action: str
    line: int
    fields: dict

    @property
    def label(self) -> str:
        return f"entry {self.id!r} (line {self.line})"


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
        entry = _entry(item, path, line, lexicon)
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


def _entry(item: dict, path: Path, line: int, lexicon: Lexicon) -> Entry:
    def fail(problem: str):
        raise CurationError(f"{path}:{line}: {problem}")

    for key in ("id", "action"):
        if not isinstance(item.get(key), str) or not item[key]:
            fail(f"entry lacks {key}")
    action = item["action"]
    if action not in ACTIONS:
        fail(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    fields = {k: v for k, v in item.items() if k not in ("id", "action")}
    if isinstance(fields.get("set"), dict):
        fields["set"].pop("__line__", None)
    optional = OPTIONAL - {"reason"} if action in REASON_REQUIRED else OPTIONAL
    choices = ONE_OF.get(action, set())
    missing = ACTIONS[action] - optional - choices - set(fields)
    if missing:
        fail(f"{action} entry lacks {', '.join(sorted(missing))}")
    if choices and len(choices & set(fields)) != 1:
        fail(f"{action} entry needs one of {' or '.join(sorted(choices))}")
    unknown = set(fields) - ACTIONS[action] - OPTIONAL
    if unknown:
        fail(f"{action} entry has unknown keys: {', '.join(sorted(unknown))}")
    for key in ("claim", "article", "quote", "figure", "claimant", "claimant_text", "into", "reason", "note"):
        if key in fields and (not isinstance(fields[key], str) or not fields[key].strip()):
            fail(f"{key} must be text")
    if action == "add" and fields["figure"] not in fields["quote"]:
        fail(f"figure {shown(fields['figure'])} is not in the quote")
    if action in ("correct", "add"):
        fields["set"] = _claim_fields(fields["set"], lexicon, fail)
        if action == "add" and ADD_REQUIRED - set(fields["set"]):
            fail(f"add entry's set lacks {', '.join(sorted(ADD_REQUIRED - set(fields['set'])))}")
    if action == "article":
        fields["set"] = _article_fields(fields["set"], fail)
    if action == "merge_claimants":
        _check_merge(fields, lexicon, fail)
    return Entry(item["id"], action, line, fields)


def _check_merge(fields: dict, lexicon: Lexicon, fail) -> None:
    """A merge goes into a claimant of the lexicon, from another claimant's id: one of
    the lexicon, or one the grammar infers (not known until the articles are read,
    so any lower-case slug; one that names nothing is reported at build time)."""
    into, claimant = fields["into"], fields.get("claimant")
    if into not in lexicon.claimants:
        fail(f"unknown claimant {into!r} to merge into (into names a claimant of lexicon/claimants.yml)")
    if claimant is None:
        return
    if claimant not in lexicon.claimants and not INFERRED_ID.fullmatch(claimant):
        fail(f"claimant {claimant!r} is not a claimant id (a lower-case slug); "
             "to merge by the words of the text, use claimant_text")  # fmt: skip
    if claimant == into:
        fail(f"claimant {claimant!r} is merged into itself")


def _claim_fields(values, lexicon: Lexicon, fail) -> dict:
    if not isinstance(values, dict) or not values:
        fail("set must be a mapping of fields to values")
    unknown = set(values) - CLAIM_FIELDS
    if unknown:
        fail(f"set has unknown fields: {', '.join(sorted(unknown))}")
    choices = {
        "subject_side": SUBJECT_SIDES,
        "population": POPULATIONS,
        "measure": MEASURES,
        "qualifier": QUALIFIERS,
    }
    for key, allowed in choices.items():
        if key in values and values[key] not in allowed:
            fail(f"{key} must be one of {', '.join(allowed)}, not {shown(values[key])}")
    for key in ("claimant", "unit"):
        if values.get(key) is not None and not isinstance(values[key], str):
            fail(f"{key} must be text")
    if values.get("claimant") is not None and values["claimant"] not in lexicon.claimants:
        fail(f"unknown claimant {shown(values['claimant'])}")
    for key in ("value", "value_low", "value_high"):
        # a range's ends may be unset (null); the value may not: counterclaims compare it
        if key in values and (values[key] is not None or key == "value") and not _count(values[key]):
            fail(f"{key} must be a whole number from 0 to {MAX_COUNT:,}, not {shown(values[key])}")
    low, high = values.get("value_low"), values.get("value_high")
    if low is not None and high is not None and low > high:
        fail(f"value_low {low:,} is above value_high {high:,}")
    if "as_of" in values:
        values["as_of"] = _as_of(values["as_of"], fail)
    return values


def _count(value) -> bool:
    return type(value) is int and 0 <= value <= MAX_COUNT


def _as_of(value, fail) -> str:
    text = str(value)  # a year reads as a number; dates stay text (see YamlLoader)
    for length, form in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        if len(text) == length:
            try:
                first_day = dt.datetime.strptime(text, form).date()
            except ValueError:
                break
            if first_day > dt.date.today() + FUTURE_MARGIN:
                fail(f"as_of is in the future: {text}")
            return text
    fail(f"as_of must be YYYY-MM-DD, YYYY-MM or YYYY, not {shown(value)}")


def _article_fields(values, fail) -> dict:
    if not isinstance(values, dict) or not values or set(values) - ARTICLE_FIELDS:
        fail(f"set must map some of {', '.join(sorted(ARTICLE_FIELDS))} to values")
    if "published" in values and values["published"] is None:
        fail("published must be an ISO date, not null")
    try:
        return article_fields(values)
    except ValueError as error:
        fail(str(error))


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
        row.update(status="extracted", curation=None, curation_reason=None, original=None)
    for entry in curation.of("merge_claimants"):
        merged = _merged(entry, inferred or {})
        for row in rows:
            values = {key: entry.fields["into"] for key in ("claimant", "via") if merged(row, key)}
            if values:
                _touch(row, entry, "corrected", values)
                used.add(entry.id)
    for entry in curation.of("add"):
        row = _manual(entry, raws)
        if row is None:
            continue
        used.add(entry.id)
        if row["id"] in by_id:  # the extractor has learnt to find it: keep the hand's fields
            _touch(by_id[row["id"]], entry, "corrected", entry.fields["set"])
            continue
        by_id[row["id"]] = row
        rows.append(row)
    for entry in curation.of("confirm") + curation.of("correct") + curation.of("reject"):
        row = by_id.get(entry.fields["claim"])
        if row is not None:
            used.add(entry.id)
            status = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}[entry.action]
            _touch(row, entry, status, entry.fields.get("set", {}))
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
    for key, value in values.items():
        if row.get(key) != value:
            original.setdefault(key, row.get(key))
            row[key] = value
    if "as_of" in values:
        row["as_of_precision"] = precision_of(values["as_of"])
        row["as_of_method"] = f"curation {entry.id}"
    if row["status"] != "manual":
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
    return {
        "id": span_id(article, raw, start, start + len(figure)), "article": article, "sentence": None,
        "claimant": values.get("claimant"), "claimant_text": None, "via": None, "attribution": "curation",
        "subject_side": values["subject_side"], "population": values.get("population", "unknown"),
        "measure": values["measure"], "unit": values.get("unit"), "value": values["value"],
        "value_low": values.get("value_low"), "value_high": values.get("value_high"),
        "qualifier": values.get("qualifier", "exact"), "as_of": as_of,
        "as_of_precision": precision_of(as_of) if as_of else None,
        "as_of_method": f"curation {entry.id}" if as_of else None, "period_start": None, "period_end": None,
        "span_start": start, "span_end": start + len(figure), "figure_text": figure, "quote": quote,
        "in_quote": 0, "mention_count": 1, "origin": "news", "source_uri": None, "reference_row": None,
        "status": "manual", "curation": entry.id, "curation_reason": entry.fields.get("reason"), "original": None,
    }  # fmt: skip
