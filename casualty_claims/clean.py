"""Step 2: separate the article from its page furniture.

Nothing is rewritten: the result is the list of kept paragraphs and the list
of removed furniture, each with its offsets into the raw text, so every later
step can point back at the exact characters of the file.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def bare(self) -> str:
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
    for mark, plain in PLAIN_QUOTES:
        text = text.replace(mark, plain)
    return " ".join(text.split()).casefold()


def is_prose(text: str) -> bool:
    return bool(PROSE_END.search(text)) and len(text.split()) >= 6


class FurnitureRules:
    def __init__(self, lexicon: Lexicon):
        rules = lexicon.furniture
        self.lines = [
            (reason, regex.compile(alternation(patterns), FLAGS))
            for reason, patterns in rules["lines"].items()
        ]
        self.sections = [
            (regex.compile(section["marker"], FLAGS), section["until"], section["reason"])
            for section in rules["sections"]
        ]

    def line_reason(self, bare: str) -> str | None:
        return next((reason for reason, p in self.lines if p.fullmatch(bare)), None)

    def section(self, bare: str) -> tuple[str, str] | None:
        return next(((until, reason) for p, until, reason in self.sections if p.fullmatch(bare)), None)


def clean(raw: str, rules: FurnitureRules) -> Cleaned:
    lines = lines_of(raw)
    reasons: list[str | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        section = rules.section(lines[i].bare)
        if section is None:
            reasons[i] = rules.line_reason(lines[i].bare)
            i += 1
            continue
        until, reason = section
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
