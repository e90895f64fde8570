"""A quick test of whether a page reports casualties of the Russia–Ukraine war, before it is
added to an article folder by ``casualty-claims watch``.

A page passes when both hold:

- it names a side of the war: a country or a side word of the lexicon (``countries`` and
  ``side_words`` in lexicon/vocabulary.yml: "Russia", "Kyiv", "Ukrainian", "the Kremlin");
- some sentence holds a figure (read by ``figures.find``, so dates, years, ages and money do
  not count) with a casualty word within ``NEAR_WORDS`` words of it, before or after: a
  casualty noun or predicate of the lexicon, of any measure (``casualty_nouns``,
  ``loss_predicates``, ``predicates``: "casualties", "death toll", "killed", "died",
  "wounded", "prisoners of war", "missing", "displaced", "lost").

It errs on the side of keeping: the build's extraction decides what is a claim. It is quick
because it reads only figures and words, with no grammar: a page about the war's casualties
nearly always says a number of dead or wounded near such a word.
"""

from __future__ import annotations

from functools import cache

import regex

from . import figures, sentences
from .clean import Block
from .lexicon import Lexicon, compile_words

# How many words from a figure a casualty word may stand: "killed at least 12 people", "12
# soldiers of the brigade were killed", "the death toll from the night's attack has risen to 23".
NEAR_WORDS = 10
CASUALTY_GROUPS = ("casualty_nouns", "loss_predicates", "predicates")
WORD = regex.compile(r"\S+")


@cache
def _patterns(lexicon: Lexicon) -> tuple[regex.Pattern, regex.Pattern]:
    """The war's sides, and the casualty words (every measure's nouns and predicates)."""
    vocabulary = lexicon.vocabulary
    sides = [
        word
        for group in ("countries", "side_words")
        for words in vocabulary[group].values()
        for word in words
    ]
    casualty = [word for group in CASUALTY_GROUPS for words in vocabulary[group].values() for word in words]
    return compile_words(sides), compile_words(casualty)


def why_not_relevant(text: str, lexicon: Lexicon) -> str | None:
    """None when ``text`` reports casualties of the war (see the module's docstring), else
    what it lacks, in words."""
    sides, casualty = _patterns(lexicon)
    if not sides.search(text):
        return "not about the war: names neither Russia nor Ukraine"
    if not any(_casualty_figure(sentence, casualty, lexicon) for sentence in _sentences(text)):
        return "no casualty figure: no number near a word of deaths, wounds, captives or losses"
    return None


def _sentences(text: str) -> list[str]:
    found, start = [], 0
    for line in text.split("\n"):
        block = Block(0, start, start + len(line), line)
        found += [line[a:b] for a, b in sentences.split_block(block)]
        start += len(line) + 1
    return found


def _casualty_figure(sentence: str, casualty: regex.Pattern, lexicon: Lexicon) -> bool:
    """Whether a figure of the sentence has a casualty word within NEAR_WORDS words."""
    for figure in figures.find(sentence, lexicon):
        before = [w.start() for w in WORD.finditer(sentence, 0, figure.start)]
        after = [w.end() for w in WORD.finditer(sentence, figure.end)]
        start = before[-NEAR_WORDS] if len(before) >= NEAR_WORDS else 0
        end = after[NEAR_WORDS - 1] if len(after) >= NEAR_WORDS else len(sentence)
        if casualty.search(sentence, start, end):
            return True
    return False
