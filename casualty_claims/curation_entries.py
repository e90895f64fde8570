"""What an entry of the curation file (curation/claims.yml) may say, and its check.

Each action takes its own keys (``ACTIONS``); a claim's fields (``CLAIM_FIELDS``) take the
values of the vocabulary, counts within ``figures.MAX_COUNT`` and dates not in the future;
an article's, what a sidecar may set. A problem fails with the file, the line and what is
wrong (``CurationError``). ``curate`` reads the file and applies the entries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .figures import MAX_COUNT
from .lexicon import Lexicon
from .read import FUTURE_MARGIN, article_fields, shown
from .vocabulary import MEASURES, PERIOD, POPULATIONS, QUALIFIERS, SCOPES, SUBJECT_SIDES, TOTAL, ids

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
CLAIM_FIELDS = {
    "claimant", "subject_side", "population", "measure", "unit", "value", "value_low", "value_high",
    "qualifier", "as_of", "scope", "period_start", "period_end", "place",
}  # fmt: skip
ADD_REQUIRED = {"subject_side", "measure", "value"}
ARTICLE_FIELDS = {"url", "outlet", "published", "title"}


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


def checked_entry(item: dict, path: Path, line: int, lexicon: Lexicon) -> Entry:
    """One entry of the file at ``path`` (its mapping starts on ``line``), checked."""

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
        fail(
            f"claimant {claimant!r} is not a claimant id (a lower-case slug); "
            "to merge by the words of the text, use claimant_text"
        )
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
        "population": ids(POPULATIONS),
        "measure": ids(MEASURES),
        "qualifier": ids(QUALIFIERS),
        "scope": ids(SCOPES),
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
    _check_coverage(values, lexicon, fail)
    return values


def _check_coverage(values: dict, lexicon: Lexicon, fail) -> None:
    """A period's ends are ISO days, the start not after the end, and make the scope a period
    where the entry does not say; a running total has none (setting it clears them); a place is one of lexicon/places.yml
    (or null: the whole war)."""
    for key in ("period_start", "period_end"):
        if values.get(key) is not None:
            values[key] = _iso_day(values[key], key, fail)
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and start > end:
        fail(f"period_start {start} is after period_end {end}")
    if (start or end) and values.setdefault("scope", PERIOD) == TOTAL:
        fail("scope total (a running total since the war began) takes no period_start or period_end")
    if values.get("scope") == TOTAL:  # a claim made a running total again loses its period
        values.update(period_start=None, period_end=None)
    place = values.get("place")
    if place is not None and place not in lexicon.places.by_id:
        fail(f"unknown place {shown(place)} (place names an id of lexicon/places.yml)")


def _iso_day(value, key: str, fail) -> str:
    text = str(value)
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    fail(f"{key} must be YYYY-MM-DD, not {shown(value)}")


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
