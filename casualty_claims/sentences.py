"""Step 3: split the kept paragraphs into sentences, keeping raw offsets."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .clean import Block

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov",
    "sen", "rep", "st", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "approx", "est", "inc", "corp", "co", "ltd", "jr", "sr",
}  # fmt: skip

# A sentence ends at . ! ? (with any closing quotes or brackets) followed by
# space and something that can open a sentence.
# Runs of at most ten ("...", "?!"): each character of a longer run that ends no sentence tries
# only so far, not the whole run again (linear time, not quadratic).
BOUNDARY = regex.compile(r"""[.!?…]{1,10}[\"'”’)\]]{0,10}(?=\s+[\"'“‘(\[]?[\p{Lu}\d])""")

# A sentence longer than this (a list, or a page without full stops) is cut at clause punctuation
# or a space: every figure's words are read within its sentence, so an unbounded sentence makes an
# article's cost grow with the square of its length. The longest sentence of the seeds, the
# development set and a benchmark corpus has 394 characters.
MAX_SENTENCE = 1_000
# How many distinct sentences a pure reading of a sentence's text (its figures, the claimants it
# names, its attribution verbs) keeps the answer for: a sentence is asked again by later steps, and
# boilerplate ("The figures could not be independently verified") recurs across a build's articles.
SENTENCES_REMEMBERED = 4096
CLAUSE_BREAK = regex.compile(r"[,;:](?=\s)", regex.REVERSE)
WORD_BREAK = regex.compile(r"\s+(?=[^\s\d])", regex.REVERSE)  # not inside "5 000"


@dataclass(frozen=True)
class Sentence:
    position: int
    paragraph: int
    start: int
    end: int
    text: str
    is_headline: bool


LAST_WORD = regex.compile(r"(\S+)\.$", regex.REVERSE)  # matched from the end: one try, not one per word
INITIALS = regex.compile(r"(?:\p{L}\.)*\p{L}")


def _ends_with_abbreviation(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with an abbreviation (read in place: no copy per boundary)."""
    word = LAST_WORD.search(text, start, end)
    if not word:
        return False
    token = word.group(1).lstrip("(\"'“‘").lower()
    # initials such as "U.S." or "J." do not end a sentence
    return token in ABBREVIATIONS or bool(INITIALS.fullmatch(token))


def split_block(block: Block) -> list[tuple[int, int]]:
    """Sentence spans within one block, as offsets into the block's text."""
    spans, start = [], 0
    for match in BOUNDARY.finditer(block.text):
        end = match.end()
        if _ends_with_abbreviation(block.text, start, match.start() + 1):
            continue
        spans.append((start, end))
        start = _skip_space(block.text, end)
    if start < len(block.text):
        spans.append((start, len(block.text)))
    if len(block.text) > MAX_SENTENCE:  # only so long a block may hold so long a sentence
        return [piece for start, end in spans for piece in _bounded(block.text, start, end)]
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence ``text[start:end]`` in pieces of at most MAX_SENTENCE characters, each cut
    after the last clause punctuation in its second half, else at its last space."""
    pieces = []
    while end - start > MAX_SENTENCE:
        window = (start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        clause = CLAUSE_BREAK.search(text, *window)
        word = None if clause else WORD_BREAK.search(text, *window)
        cut = clause.end() if clause else word.start() if word else window[1]
        pieces.append((start, cut))
        start = _skip_space(text, cut)
    return [*pieces, (start, end)] if start < end else pieces


def _skip_space(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def split(blocks: tuple[Block, ...]) -> list[Sentence]:
    sentences = []
    for block in blocks:
        for start, end in split_block(block):
            sentences.append(
                Sentence(
                    position=len(sentences),
                    paragraph=block.position,
                    start=block.start + start,
                    end=block.start + end,
                    text=block.text[start:end],
                    is_headline=block.position == 0,
                )
            )
    return sentences
