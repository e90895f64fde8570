"""The words around a figure that its count reads: the clause before and after it, its
noun phrase (past an aside naming a part of it, or on to the whole it is a part of), and
the first of several kinds of noun in it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from ..figures import Figure
from ..lexicon import FLAGS, Claimant
from ..sentences import SENTENCES_REMEMBERED, Sentence
from .discourse import Reading
from .grammar import Grammar
from .not_counts import names_model

CLAUSE_END = regex.compile(r"[;:]|\s[–—-]\s|,\s+(?:but|while|whereas)\b|\bbut\b", FLAGS)


# "265 troops, including 51 wounded, were taken prisoner": the group's predicate comes after
# the aside that names a part of it
ASIDE_START = regex.compile(r",\s*(?:including|among them)\s*$", FLAGS)
ASIDE_END = regex.compile(r"(?:[^,;:()]|(?<=\d),(?=\d{3}))*,(?!\d{3})")  # not the comma of "1,597"


NOUN_PHRASE_END = regex.compile(
    r"[,;:()]|\s[–—-]\s|\b(?:have|has|had|were|was|are|is|will|would|could|may|might|"
    r"in|on|at|since|during|as|after|before|when|while|who|which|that|this|by|to|for|"
    r"including|and\s+(?!\S*\s*(?:[\"“”']?nationalists|civilians|soldiers|troops)|(?:wounded|injured|killed|dead)\b))\b",
    FLAGS,
)


# "61 of the 75 drones": a part, and the whole it is taken from
PART_OF = regex.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?", FLAGS)


@dataclass(slots=True)
class Around:
    """A figure, the words around it, and the predicates of loss right before it."""

    sentence: Sentence
    text: str  # the sentence's
    figure: Figure
    nxt: Figure | None  # the sentence's next figure
    prev: Reading | None  # the sentence's figure before, as read
    claimant: Claimant | None  # who the figure is attributed to
    before: str  # the clause before the figure
    after: str  # the clause after it
    np: str  # its noun phrase
    noun: tuple | None  # the first noun of equipment, casualties or people in it (``first_of``)
    loss: regex.Match | None  # a loss predicate right before it: "Russia lost"
    agent: regex.Match | None  # an agent's predicate right before it: "Ukraine killed"
    possessed: tuple[str, str] | None  # a side's loss before the loss predicate, and its measure


def clause_around(
    text: str, figure: Figure, nxt: Figure | None, prev: Reading | None, g: Grammar
) -> tuple[str, str]:
    """The clause before a figure (from the figure before or a clause break) and the clause
    after it (to a clause break or the next figure)."""
    # "two PzH 2000 howitzers": the noun of a count comes after the name that follows it
    region_end = nxt.context_start if nxt and not names_model(text, nxt, g) else len(text)
    clause = CLAUSE_END.search(text, figure.end, region_end)
    after = text[figure.end : clause.start() if clause else region_end]
    before_start = max(
        [0]
        + ([prev.figure.end] if prev else [])
        + [m.end() for m in CLAUSE_END.finditer(text, 0, figure.context_start)]
    )
    return text[before_start : figure.context_start], after


def noun_phrase(after: str) -> str:
    """The noun phrase after a figure: up to a verb, a clause break or a preposition
    other than "of"."""
    stop = NOUN_PHRASE_END.search(after)
    return after[: stop.start()] if stop else after


@lru_cache(maxsize=SENTENCES_REMEMBERED)  # the same few words follow many figures
def first_of(text: str, *patterns: regex.Pattern):
    """The earliest match of any of the patterns, the first of them at a tie: (pattern, label, end)."""
    match = _earliest_of(patterns).search(text)
    if match is None:
        return None
    label = next(name for name, value in match.groupdict().items() if value is not None and name[0] != "_")
    return patterns[int(match.lastgroup[1:])], label, match.end()


@cache
def _earliest_of(patterns: tuple[regex.Pattern, ...]) -> regex.Pattern:
    """The patterns as one, tried in turn at each place: one search instead of one a pattern
    (``lastgroup`` names the pattern that matched, its own named group the label)."""
    return regex.compile("|".join(f"(?P<_{n}>{p.pattern})" for n, p in enumerate(patterns)), FLAGS)


def past_subset_aside(text: str, figure: Figure, nxt: Figure | None, after: str) -> str:
    """The words after a group's figure with the aside naming a part of it left out:
    "265 troops[, including 51 wounded,] were taken into custody"."""
    if nxt is None:
        return after
    aside = ASIDE_START.search(text, figure.end, nxt.context_start)
    closing = aside and ASIDE_END.match(text, nxt.end)
    if not closing:
        return after
    clause = CLAUSE_END.search(text, closing.end())
    rest = text[closing.end() : clause.start() if clause else len(text)]
    return text[figure.end : aside.start()] + " " + rest


def after_whole(text: str, figure: Figure, nxt: Figure | None, g: Grammar) -> str | None:
    """ "shot down 61 of the 75 drones": the words after the whole, whose equipment the part
    counts too."""
    if nxt is None or not PART_OF.fullmatch(text, figure.end, nxt.context_start):
        return None
    clause = CLAUSE_END.search(text, nxt.end)
    words = text[nxt.end : clause.start() if clause else len(text)]
    return words if g.equipment.search(noun_phrase(words)) else None
