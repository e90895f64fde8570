"""Load the lexicon data files and compile them into patterns.

The grammar in the pipeline modules is written against these compiled
patterns; the words themselves live in ``lexicon/*.yml`` so they can be
reviewed and extended without touching code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import regex
import yaml

from .phrase_scan import WordStartPattern
from .vocabulary import CLAIMANT_SIDES
from .word_start import by_first_letter, word_start

LEXICON_DIR = Path(__file__).parent / "lexicon"
FLAGS = regex.IGNORECASE | regex.VERSION0
# a claimant speaks for one party; only a figure may count both sides (vocabulary.SUBJECT_SIDES)
SIDES = CLAIMANT_SIDES


class LexiconError(ValueError):
    """A lexicon file is malformed."""


CHARACTER_CLASS = regex.compile(r"\[(?:\\.|[^\]\\])*\]")


def _apostrophes(pattern: str) -> str:
    """Let an apostrophe in a pattern match a typographic one too; inside a
    character class, by adding it to the class (a nested set would need VERSION1)."""
    classes = CHARACTER_CLASS.finditer(pattern)
    out, at = [], 0
    for found in classes:
        out += [pattern[at : found.start()].replace("'", "['’]"), found.group().replace("'", "'’")]
        at = found.end()
    return "".join(out) + pattern[at:].replace("'", "['’]")


def alternation(patterns: list[str]) -> str:
    """One non-capturing group trying longer patterns first."""
    ordered = sorted((_apostrophes(p) for p in patterns), key=len, reverse=True)
    return "(?:" + "|".join(ordered) + ")"


def words(patterns: list[str]) -> str:
    """An alternation anchored on word boundaries (where the ends are word characters), its
    alternatives tried by first letter."""
    return by_first_letter(word_start(patterns) + alternation(patterns) + r"(?![\w])")


def compile_words(patterns: list[str]) -> regex.Pattern:
    return regex.compile(words(patterns), FLAGS)


def _labelled_parts(groups: dict[str, list[str]]) -> list[str]:
    entries = [(label, p) for label, patterns in groups.items() for p in patterns]
    entries.sort(key=lambda e: len(e[1]), reverse=True)
    return [f"(?P<{label}>{_apostrophes(p)})" for label, p in entries]


def _word_alternation(parts: list[str]) -> regex.Pattern:
    return regex.compile(by_first_letter(word_start(parts) + "(?:" + "|".join(parts) + r")(?![\w])"), FLAGS)


def every_pattern(groups: dict[str, list[str]]) -> list[str]:
    """The patterns of a section of {label: [patterns]}, every label's, in order."""
    return [pattern for patterns in groups.values() for pattern in patterns]


def labelled(groups: dict[str, list[str]]) -> regex.Pattern:
    """Compile {label: [patterns]} into one pattern with a named group per label.

    All patterns of all labels compete on length, so at any place the longest
    phrase wins whatever its label.
    """
    return _word_alternation(_labelled_parts(groups))


def matched_label(match: regex.Match) -> str:
    """The label of a match of a ``labelled`` pattern (or of one built around it): the one named
    group that took part, which is the last to close, since the lexicon's phrases name no
    groups of their own and any group inside the label's closes before it."""
    return match.lastgroup


@dataclass(frozen=True)
class Claimant:
    """A claimant of the lexicon, or one the grammar inferred from how an article
    names it (``inferred``: its id, kind and side read from the phrase itself)."""

    id: str
    name: str
    kind: str
    side: str
    speaks_for: str | None
    roles: tuple[str, ...]
    aliases: tuple[str, ...]
    inferred: bool = False


@dataclass(frozen=True)
class Subject:
    """A kind of loss on the overview (lexicon/subjects.yml)."""

    id: str
    title: str
    sides: tuple[str, ...]
    populations: tuple[str, ...]
    measures: tuple[str, ...]
    with_series: bool = False

    def holds(self, subject_side: str, population: str, measure: str) -> bool:
        return subject_side in self.sides and population in self.populations and measure in self.measures


PLACE_KINDS = ("city", "region", "site", "operation")


@dataclass(frozen=True)
class Place:
    """A place or operation a figure may be limited to (lexicon/places.yml); an operation
    sharing an alias with another ("the counteroffensive") holds from ``start`` to ``end``."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Places:
    """The places of the lexicon, and every name of theirs (patterns, each once)."""

    by_id: dict[str, Place]
    aliases: tuple[str, ...]
    # the places each name found so far stands for (a handful of names recur in an article)
    _by_name: dict[str, tuple[Place, ...]] = field(default_factory=dict, compare=False, repr=False)

    def named(self, text: str, day: dt.date | None) -> Place | None:
        """The place a name (that one of ``aliases`` matches) stands for; of operations sharing the name,
        the one under way on ``day`` (none when no day is known or none was)."""
        candidates = self._by_name.get(text)
        if candidates is None:
            candidates = tuple(p for p in self.by_id.values() if any(_names(a, text) for a in p.aliases))
            self._by_name[text] = candidates
        if len(candidates) == 1 and candidates[0].start is None:
            return candidates[0]
        return next((p for p in candidates if day is not None and p.held_on(day)), None)


@cache
def _alias(alias: str) -> regex.Pattern:
    return regex.compile(_apostrophes(alias), FLAGS)


def _names(alias: str, text: str) -> bool:
    return _alias(alias).fullmatch(text) is not None


@dataclass(frozen=True, eq=False)
class Lexicon:
    claimants: dict[str, Claimant]
    claimant_pattern: WordStartPattern
    claimant_groups: dict[str, str]
    vocabulary: dict
    furniture: dict
    subjects: tuple[Subject, ...] = ()
    # words for naming a claimant the lexicon does not know (lexicon/speakers.yml)
    speakers: dict = field(default_factory=dict)
    places: Places | None = None

    def claimant_at(self, match: regex.Match) -> Claimant:
        return self.claimants[self.claimant_groups[matched_label(match)]]

    def subject_of(self, subject_side: str, population: str, measure: str) -> str | None:
        return next((s.id for s in self.subjects if s.holds(subject_side, population, measure)), None)


def _load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise LexiconError(f"{path}: not valid YAML: {error}") from None


def _claimants(entries: list[dict], path: Path) -> dict[str, Claimant]:
    claimants = {}
    for n, entry in enumerate(entries, 1):
        missing = {"id", "name", "kind", "side", "aliases"} - set(entry)
        if missing:
            raise LexiconError(f"{path}: entry {n} lacks {', '.join(sorted(missing))}")
        if entry["side"] not in SIDES:
            raise LexiconError(f"{path}: {entry['id']}: unknown side {entry['side']!r}")
        if entry["id"] in claimants:
            raise LexiconError(f"{path}: {entry['id']} is listed twice")
        claimants[entry["id"]] = Claimant(
            id=entry["id"],
            name=entry["name"],
            kind=entry["kind"],
            side=entry["side"],
            speaks_for=entry.get("speaks_for"),
            roles=tuple(entry.get("roles", ())),
            aliases=tuple(entry["aliases"]),
        )
    for claimant in claimants.values():
        if claimant.speaks_for and claimant.speaks_for not in claimants:
            raise LexiconError(f"{path}: {claimant.id} speaks for unknown {claimant.speaks_for!r}")
    return claimants


def _subjects(entries: list[dict], path: Path) -> tuple[Subject, ...]:
    subjects = []
    for n, entry in enumerate(entries, 1):
        missing = {"id", "title", "sides", "populations", "measures"} - set(entry)
        if missing:
            raise LexiconError(f"{path}: entry {n} lacks {', '.join(sorted(missing))}")
        unknown = set(entry["sides"]) - set(SIDES)
        if unknown:
            raise LexiconError(f"{path}: {entry['id']}: unknown side {sorted(unknown)[0]!r}")
        subjects.append(
            Subject(
                entry["id"],
                entry["title"],
                tuple(entry["sides"]),
                tuple(entry["populations"]),
                tuple(entry["measures"]),
                bool(entry.get("with_series")),
            )
        )
    return tuple(subjects)


def _check_patterns(node, path: Path, where: str = "") -> None:
    """Every list in a vocabulary file holds pattern strings that compile."""
    if isinstance(node, dict):
        for key, value in node.items():
            _check_patterns(value, path, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for n, item in enumerate(node, 1):
            if isinstance(item, dict) and "marker" in item:
                _check_patterns(item["marker"], path, f"{where}[{n}].marker")
            elif not isinstance(item, str):
                raise LexiconError(f"{path}: {where}[{n}] is not a pattern string (quote it): {item!r}")
            else:
                _check_patterns(item, path, f"{where}[{n}]")
    elif isinstance(node, str):
        try:
            regex.compile(_apostrophes(node), FLAGS)
        except regex.error as error:
            raise LexiconError(f"{path}: {where} is not a valid pattern: {error}") from None


def _places(entries: list[dict], path: Path) -> Places:
    """The places file checked: every entry complete, of a known kind, its aliases patterns
    that compile; an alias shared by several entries only between operations with dates."""
    places: dict[str, Place] = {}
    for n, entry in enumerate(entries, 1):
        missing = {"id", "name", "kind", "aliases"} - set(entry)
        if missing:
            raise LexiconError(f"{path}: entry {n} lacks {', '.join(sorted(missing))}")
        if entry["kind"] not in PLACE_KINDS:
            raise LexiconError(f"{path}: {entry['id']}: unknown kind {entry['kind']!r}")
        if entry["id"] in places:
            raise LexiconError(f"{path}: {entry['id']} is listed twice")
        _check_patterns(entry["aliases"], path, f"{entry['id']}.aliases")
        places[entry["id"]] = Place(
            entry["id"],
            entry["name"],
            entry["kind"],
            tuple(entry["aliases"]),
            entry.get("from"),
            entry.get("until"),
        )
    seen: dict[str, Place] = {}
    for place in places.values():
        for alias in place.aliases:
            other = seen.setdefault(alias, place)
            if other is not place and (other.start is None or place.start is None):
                raise LexiconError(
                    f"{path}: alias {alias!r} of {place.id} is {other.id}'s too; give both dates"
                )
    return Places(places, tuple(sorted(seen)))


SPEAKER_KINDS = ("person", "organisation", "government", "outlet", "group")


def _speakers(path: Path) -> dict:
    """The words for naming an unknown claimant: patterns that compile, a kind for
    every head noun and a claimant side for every side word."""
    data = _load_yaml(path)
    _check_patterns(data, path)
    unknown = set(data["heads"]) - set(SPEAKER_KINDS)
    if unknown:
        raise LexiconError(f"{path}: heads: unknown kind {sorted(unknown)[0]!r}")
    unknown = set(data["sides"]) - set(SIDES)
    if unknown:
        raise LexiconError(f"{path}: sides: unknown side {sorted(unknown)[0]!r}")
    return data


# a space between two capitalised words of an alias ("Mark Milley", "Kyrylo (?:Budanov)")
NAME_SPACE = regex.compile(r"(?<=\p{Lu}[\p{Ll}'’-]+\)?) (?=\p{Lu}|\(\?:\p{Lu})")


def _middle_initial(alias: str) -> str:
    """Let a person's middle initial stand between the words of a name, as English-language
    news writes them: "Gen. Mark A. Milley", "Lt. Gen. Kyrylo O. Budanov"."""
    return NAME_SPACE.sub(r"(?: (?-i:\\p{Lu})\\.)? ", alias)


@cache
def load(directory: Path = LEXICON_DIR) -> Lexicon:
    path = directory / "claimants.yml"
    claimants = _claimants(_load_yaml(path), path)
    group_ids = {f"c{n}": c.id for n, c in enumerate(claimants.values())}
    groups = {group: [_middle_initial(a) for a in claimants[id].aliases] for group, id in group_ids.items()}
    try:
        parts = _labelled_parts(groups)
        pattern = WordStartPattern(parts, _word_alternation(parts), FLAGS)
    except regex.error as error:
        raise LexiconError(f"{path}: an alias is not a valid pattern: {error}") from None
    data = {}
    for name in ("vocabulary", "furniture"):
        file = directory / f"{name}.yml"
        data[name] = _load_yaml(file)
        _check_patterns(data[name], file)
    return Lexicon(
        claimants=claimants,
        claimant_pattern=pattern,
        claimant_groups=group_ids,
        vocabulary=data["vocabulary"],
        furniture=data["furniture"],
        subjects=_subjects(_load_yaml(directory / "subjects.yml"), directory / "subjects.yml"),
        speakers=_speakers(directory / "speakers.yml"),
        places=_places(_load_yaml(directory / "places.yml"), directory / "places.yml"),
    )
