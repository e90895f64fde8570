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
BOUNDARY = regex.compile(r"""[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[\p{Lu}\d])""")


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


def _ends_with_abbreviation(text: str) -> bool:
    word = LAST_WORD.search(text)
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
        if _ends_with_abbreviation(block.text[start : match.start() + 1]):
            continue
        spans.append((start, end))
        start = end
        while start < len(block.text) and block.text[start].isspace():
            start += 1
    if start < len(block.text):
        spans.append((start, len(block.text)))
    return spans


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
