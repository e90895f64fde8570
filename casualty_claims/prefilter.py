"""Which sentences of an article the claim grammar has to read, found in one pass over its
sentences before the grammar reads any: most news holds no claim, and most of a war article's
sentences hold none.

Why a sentence the pass rules out holds no claim (``claims`` reads one figure at a time):

- Every figure holds a digit or a number word (``figures.NUMBER_TOKENS``; the scale letters
  "m" and "k" count only a number written in digits).
- A figure is a claim only where its own sentence says what it counts (``claims.counting``): a
  casualty noun, a predicate, a loss or agent predicate, a list's label, equipment or a return
  of people, all of them words of the lexicon (``LOSS_VOCABULARY``; a milestone verb such as
  "reached" counts only beside a casualty noun or a word of ``loss_context``) ...
- ... or where it takes what the claim before it counted, at most ``INHERITED_REACH``
  sentences after it (``counting.inherit``: "Not 300,000 or 150,000").

So only a sentence with a figure and a loss word, or with a figure within ``INHERITED_REACH``
sentences after such a sentence, may hold a claim. The grammar reads the article in order and
carries what it has read (the speakers named, an open quote, a list's speaker, the sentence
before: ``claims.discourse``), so it still reads every sentence up to the last that may hold a
claim; after that, only the next one, which may name the source of its figures ("The ministry
made the claim on Monday"), and the headline, which may name the article's author (its own
voice). An article where no sentence may hold a claim is not read by the grammar at all.

Where a loss word may stand: most only where a word starts, not inside "close" or "skill".

- The grammar matches each section of ``LOSS_VOCABULARY`` through ``labelled`` or
  ``compile_words``, which put a word start before every match (no word character before it,
  ``word_start``), or, for a list's label, after ``[\\W\\d]*?`` (no letter), save where it
  records the section as ``Grammar.unbounded`` (``Grammar.anywhere``: a casualty noun right
  after "Russia's", ``grammar._loss_owner``).
- It runs them on the sentence, from a place in it (where a lookbehind still sees what comes
  before), or on a part of it that starts where no word goes on across the start: after a
  figure (which no word character follows), a clause break (``figure_words.CLAUSE_END``: a
  punctuation mark, a space, or "but" before no word character), an aside's closing comma, a
  possessive's space, a return verb, or at a noun phrase's end (a punctuation mark, a space or
  a word start). A match that opens such a part with a letter or digit therefore has no word
  character before it in the sentence, or nothing. Two reads that start anywhere only choose
  the side or unit of what is already a claim (the 60 characters before an earlier figure in
  ``counted_side._object_side_before``, a list label's own text).
- No character the grammar reads as other than a letter is folded to one (``_folded`` folds
  digits to "0", and letters); a sentence is padded with a space, and in an article's text a
  sentence follows whitespace, a punctuation mark or a line break. So before such a match, in
  the folded bytes of either scan, stands a byte that is no letter.

So a word of such a section that opens a match with a letter or digit is marked
(``literals.WORD_START``) and looked for only after a byte other than a-z; the words of an
unbounded section, and those within a match, anywhere.

The words are looked for in each sentence as lowercase ASCII bytes (the characters that match
an ASCII letter or a digit in the grammar's patterns folded to it first, ASCII letters then
lowercased), with hyperscan where it is installed and with Python's ``re`` where it is not:
the same expressions over the same bytes, so both find the same sentences.

Before an article is split at all, one scan of its kept text, its paragraphs joined by line
breaks, says whether any of its sentences may hold a claim (``article_may_hold_claims``); in
most news none may, and it is neither split nor read. Why the scan of the text finds whatever
the scan of any of its sentences finds:

- A sentence is a stretch of one paragraph, beside which the paragraph holds whitespace, the
  punctuation that ends a sentence, or the paragraph's end (``sentences.split``); none of them
  folds to a letter, and the text is folded and lowercased character by character as each
  sentence is. So a number word that stands alone in a sentence padded with spaces stands alone
  in the text, and a digit or a loss word within the sentence is within the text.
- A loss word may begin or end with a space ("taken into "), which only the padding may give
  at a sentence's end: the text is scanned for the words without those spaces.
- A paragraph longer than ``sentences.MAX_SENTENCE`` may be cut inside a word
  (``sentences._bounded``), where the padding makes a word stand alone that does not in the
  text: an article with such a paragraph is left to the scan of its sentences.

The first sentence that may hold a claim has a figure and a loss word of its own (a figure
inherits only from a sentence before it), so an article whose text lacks either holds no claim.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import regex

from .claims.grammar import grammar
from .clean import Block
from .figures import NUMBER_TOKENS
from .lexicon import FLAGS, Lexicon, every_pattern
from .literals import WORD_START, required_words, shortest, tree
from .sentences import MAX_SENTENCE, Sentence

try:  # a compiled scanner of many expressions at once, where its wheel installs
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform
    hyperscan = None

# The vocabulary that says what a figure counts (see the module's docstring).
LOSS_VOCABULARY = (
    "casualty_nouns",
    "predicates",
    "loss_predicates",
    "loss_context",
    "agent_predicates",
    "equipment",
    "list_labels",
    "returns",
    "returns_from_captivity",
)
# How many sentences after a claim a bare figure may still take what it counted (counting.inherit).
INHERITED_REACH = 3
FIGURE, LOSS = 0, 1
ENGINES = ("hyperscan", "exact")
ASCII = bytes(range(128))
UNICODE_DIGIT = regex.compile(r"\d")
NOT_A_LETTER = "[^a-z]"


@dataclass(frozen=True)
class Mark:
    """What the pass found in one sentence."""

    figure: bool  # a digit or a number word
    loss: bool  # beside a figure, a word that may say what it counts


@dataclass(frozen=True)
class Words:
    """What the pass looks for, from the lexicon: lowercase ASCII words."""

    numbers: frozenset[str]
    losses: frozenset[str]  # holds "" when some entry has no word certain: every figure passes

    def unpadded(self) -> Words:
        """The words without the spaces they begin or end with: what a whole text is scanned for."""
        return Words(self.numbers, frozenset(word.strip(" ") for word in self.losses))

    def expressions(self) -> dict[int, bytes]:
        """One expression for figures and one for loss words, over lowercase bytes, for either
        engine; a number word stands alone (the sentence is padded with a space at each end).
        The words are tried as a tree of their letters, which Python's ``re`` tries in a
        fraction of the time it takes over a flat alternation."""
        numbers = tree(sorted(self.numbers), _character).encode()
        found = {FIGURE: rb"[0-9]|[^a-z]" + numbers + rb"[^a-z]"}
        if "" not in self.losses:
            found[LOSS] = tree(sorted(self.losses), _character).encode()
        return found


def _character(character: str) -> str:
    """The expression for one character of a word: ``WORD_START`` is any byte but a letter."""
    return NOT_A_LETTER if character == WORD_START else re.escape(character)


def loss_patterns(lexicon: Lexicon) -> list[str]:
    """The lexicon's patterns that may say what a figure counts."""
    return [pattern for key in LOSS_VOCABULARY for pattern in section_patterns(lexicon, key)]


def section_patterns(lexicon: Lexicon, key: str) -> list[str]:
    """The patterns of one section of the lexicon's vocabulary."""
    section = lexicon.vocabulary[key]  # {measure: [patterns]} or [patterns]
    return every_pattern(section) if isinstance(section, dict) else section


@cache
def words(lexicon: Lexicon) -> Words:
    """The words, those of a section the grammar matches only at a word's start marked so."""
    unbounded = grammar(lexicon).unbounded
    losses = shortest(
        word
        for key in LOSS_VOCABULARY
        for pattern in section_patterns(lexicon, key)
        for word in required_words(pattern, starts_word=key not in unbounded)
    )
    # "m" and "k" scale only digits ("5m", "20k"): a sentence with such a figure has a digit
    return Words(frozenset(t for t in NUMBER_TOKENS if len(t) > 1), losses)


class ExactEngine:
    """The expressions run with Python's ``re``: loss words only where there is a figure."""

    def __init__(self, expressions: dict[int, bytes]):
        self.figure = re.compile(expressions[FIGURE])
        self.loss = re.compile(expressions[LOSS]) if LOSS in expressions else None

    def found(self, text: bytes) -> set[int]:
        if not self.figure.search(text):
            return set()
        return {FIGURE, LOSS} if self.loss and self.loss.search(text) else {FIGURE}


class HyperscanEngine:
    """The expressions compiled into one hyperscan database: one scan of a sentence finds them all."""

    def __init__(self, expressions: dict[int, bytes]):
        flags = hyperscan.HS_FLAG_SINGLEMATCH
        self.database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self.database.compile(
            expressions=list(expressions.values()),
            ids=list(expressions),
            elements=len(expressions),
            flags=[flags] * len(expressions),
        )

    def found(self, text: bytes) -> set[int]:
        ids: set[int] = set()
        self.database.scan(text, match_event_handler=_collect, context=ids)
        return ids


def _collect(id: int, start: int, end: int, flags: int, ids: set[int]) -> None:
    ids.add(id)


def default_engine() -> str:
    return "hyperscan" if hyperscan is not None else "exact"


@cache
def engine(lexicon: Lexicon, kind: str, whole_text: bool = False) -> ExactEngine | HyperscanEngine:
    """The lexicon's expressions compiled for one engine, for sentences or for an article's whole
    text, once per process (a hyperscan database holds the one scratch space its scans use: a
    process scans one text at a time)."""
    if kind not in ENGINES:
        raise ValueError(f"no prefilter engine {kind!r} (one of {', '.join(ENGINES)})")
    if kind == "hyperscan" and hyperscan is None:
        raise RuntimeError("hyperscan is not installed")
    expressions = (words(lexicon).unpadded() if whole_text else words(lexicon)).expressions()
    return HyperscanEngine(expressions) if kind == "hyperscan" else ExactEngine(expressions)


def article_may_hold_claims(blocks: tuple[Block, ...], lexicon: Lexicon, kind: str | None = None) -> bool:
    """Whether any sentence of an article's kept paragraphs may hold a claim, from one scan of
    their text before they are split (see the module's docstring)."""
    if any(len(block.text) > MAX_SENTENCE for block in blocks):
        return True  # it may be cut inside a word: left to the scan of its sentences
    scanner = engine(lexicon, kind or default_engine(), whole_text=True)
    ids = next(_found(["\n".join(block.text for block in blocks)], scanner))
    return FIGURE in ids and ("" in words(lexicon).losses or LOSS in ids)


def marks(texts: list[str], lexicon: Lexicon, kind: str | None = None) -> list[Mark]:
    """What the pass finds in each sentence."""
    every_loss = "" in words(lexicon).losses
    found = []
    for ids in _found(texts, engine(lexicon, kind or default_engine())):
        figure = FIGURE in ids
        found.append(Mark(figure, figure and (every_loss or LOSS in ids)))
    return found


def _found(texts: list[str], scanner: ExactEngine | HyperscanEngine) -> Iterator[set[int]]:
    """The expressions found in each text, folded to lowercase ASCII bytes and padded with a space."""
    table = _fold_table("\n".join(texts))
    for text in texts:
        folded = (text.translate(table) if table else text).encode("utf-8", "surrogatepass")
        yield scanner.found(b" " + folded.lower() + b" ")


def may_hold_claims(found: list[Mark]) -> list[bool]:
    """The sentences that may hold a claim: a figure and a loss word, or a figure within
    INHERITED_REACH sentences after such a sentence."""
    may: list[bool] = []
    for n, mark in enumerate(found):
        inherits = any(may[max(0, n - INHERITED_REACH) : n])
        may.append(mark.figure and (mark.loss or inherits))
    return may


def sentences_to_read(sentences: list[Sentence], lexicon: Lexicon, kind: str | None = None) -> int:
    """How many of an article's first sentences the grammar has to read to find all its claims:
    none where no sentence may hold one."""
    may = may_hold_claims(marks([s.text for s in sentences], lexicon, kind))
    if not any(may):
        return 0
    last = len(may) - 1 - may[::-1].index(True)
    headline = sum(1 for s in sentences if s.is_headline)
    return min(len(sentences), max(last + 2, headline))


def _fold_table(text: str) -> dict[int, str]:
    """The characters of ``text`` to fold before scanning it as ASCII: those the grammar's
    patterns match as a digit or as an ASCII letter ("٣", the long s, the Kelvin sign)."""
    table = {}
    # the bytes of its characters outside ASCII, and only those: each is all bytes over 127
    others = text.encode("utf-8", "surrogatepass").translate(None, ASCII).decode("utf-8", "surrogatepass")
    for character in set(others):
        folded = _folded(character)
        if folded:
            table[ord(character)] = folded
    return table


@cache
def _folded(character: str) -> str | None:
    if UNICODE_DIGIT.fullmatch(character):
        return "0"
    casefolded = character.casefold()
    if casefolded.isascii() and casefolded.isalpha():  # "ﬁ", "ß"
        return casefolded
    return next(_letters_matching(character), None)  # "İ" matches "i" in the grammar's patterns


def _letters_matching(character: str) -> Iterable[str]:
    return (a for a in string.ascii_lowercase if regex.fullmatch(a, character, FLAGS))
