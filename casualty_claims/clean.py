"""Step 2: separate the article from its page furniture.

Nothing is rewritten: the result is the list of kept paragraphs and the list
of removed furniture, each with its offsets into the raw text, so every later
step can point back at the exact characters of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import regex

from .lexicon import FLAGS, Lexicon, alternation

BULLET = regex.compile(r"^[\s•·▪●◦\-–—*>]*(?:\d{1,3}[.)]\s+)?")
PROSE_END = regex.compile(r"[.!][\"'”’)\]]*$")


@dataclass(frozen=True)
class Block:
    """A kept line of the article: a headline, a paragraph, a caption or a list item."""

    position: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Furniture:
    start: int
    end: int
    reason: str
    text: str


@dataclass(frozen=True)
class Cleaned:
    blocks: tuple[Block, ...]
    furniture: tuple[Furniture, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


class _Line(NamedTuple):  # a tuple, made faster than a frozen dataclass: one a line of every article
    start: int
    end: int
    text: str

    @property
    def bare(self) -> str:
        if self.text[:1].isalpha():  # no bullet, no number, no space (it is trimmed) to drop
            return self.text
        return BULLET.sub("", self.text).strip()


def lines_of(raw: str) -> list[_Line]:
    """The non-blank lines of the raw text, trimmed, with their offsets."""
    lines, offset = [], 0
    for line in raw.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = offset + (len(line) - len(line.lstrip()))
            lines.append(_Line(start, start + len(stripped), stripped))
        offset += len(line)
    return lines


# Each quote mark and the plain one it stands for. Replaced one by one, not by
# ``str.translate``, which is slower: a plain quote is never replaced again.
PLAIN_QUOTES = tuple((mark, "'") for mark in "‘’`´") + tuple((mark, '"') for mark in "“”„«»")


def duplicate_key(text: str) -> str:
    """What two copies of a line have in common: its quotes plain, its words joined by single
    spaces, its case folded."""
    if text.isascii():  # of the quote marks, only "`" is ASCII
        text = text.replace("`", "'")
    else:
        for mark, plain in PLAIN_QUOTES:
            text = text.replace(mark, plain)
    # only a text with whitespace other than single spaces between words has its words joined
    # again: every whitespace character but the space is one of those ``isprintable`` refuses
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return text.casefold()


def is_prose(text: str) -> bool:
    return bool(PROSE_END.search(text)) and len(text.split()) >= 6


class FurnitureRules:
    """The lexicon's furniture: markers that start a section of it, and lines that are
    furniture on their own. A line is matched once against all of them, as one alternation of
    a named group for each marker in order and then for each reason a line may have: the first
    alternative that matches the whole line is the first rule that would, and the engine tries
    them in one call, not in one call each."""

    def __init__(self, lexicon: Lexicon):
        rules = lexicon.furniture
        self.sections = [(section["until"], section["reason"]) for section in rules["sections"]]
        self.reasons = list(rules["lines"])
        self.rules = regex.compile(
            "|".join(
                [f"(?P<s{n}>{section['marker']})" for n, section in enumerate(rules["sections"])]
                + [f"(?P<l{n}>{alternation(patterns)})" for n, patterns in enumerate(rules["lines"].values())]
            ),
            FLAGS,
        )

    def rule(self, bare: str) -> tuple[str, str] | str | None:
        """The section a line starts (how far it reaches and why), or else why the line is
        furniture on its own, or None."""
        match = self.rules.fullmatch(bare)
        if match is None:
            return None
        kind, n = match.lastgroup[0], int(match.lastgroup[1:])
        return self.sections[n] if kind == "s" else self.reasons[n]


def clean(raw: str, rules: FurnitureRules) -> Cleaned:
    lines = lines_of(raw)
    reasons: list[str | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        rule = rules.rule(lines[i].bare)
        if not isinstance(rule, tuple):  # a line of the article (None), or furniture on its own
            reasons[i] = rule
            i += 1
            continue
        until, reason = rule  # the start of a section of furniture
        if until == "end":
            stop = len(lines)
        elif until == "paragraph":
            stop = min(i + 2, len(lines))
        else:  # teasers
            stop = i + 1
            while stop < len(lines) and not is_prose(lines[stop].text):
                stop += 1
        for j in range(i, stop):
            reasons[j] = reason
        i = stop
    _mark_duplicates(lines, reasons)
    blocks, runs = [], []  # runs of adjacent furniture lines: [start, end, reason]
    for line, reason in zip(lines, reasons, strict=False):
        if reason is None:
            blocks.append(Block(len(blocks), line.start, line.end, line.text))
        elif runs and runs[-1][2] == reason and _adjacent(raw, runs[-1][1], line):
            runs[-1][1] = line.end  # its text is taken once, at the end: not once per line it grows by
        else:
            runs.append([line.start, line.end, reason])
    furniture = (Furniture(start, end, reason, raw[start:end]) for start, end, reason in runs)
    return Cleaned(tuple(blocks), tuple(furniture))


def _adjacent(raw: str, end: int, line: _Line) -> bool:
    return not raw[end : line.start].strip()


def _mark_duplicates(lines: list[_Line], reasons: list[str | None]) -> None:
    """A repeated paragraph (a caption printed twice, a page preview repeated
    above the body) is kept once; a line that the next line repeats in full
    (a truncated caption) is dropped."""
    seen: set[str] = set()
    kept = [i for i, reason in enumerate(reasons) if reason is None]
    keys = [duplicate_key(lines[i].text) for i in kept]
    for n, i in enumerate(kept):
        key = keys[n]
        if key in seen:
            reasons[i] = "duplicate"
            continue
        if n + 1 < len(kept):
            next_key = keys[n + 1]
            if next_key != key and next_key.startswith(key) and not is_prose(lines[i].text):
                reasons[i] = "truncated-duplicate"
                continue
        seen.add(key)
