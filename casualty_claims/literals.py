"""The plain words a pattern of the lexicon cannot match without: "kill" of "kill(?:s|ing)?",
"lost" or "were lost" of "(?:were |have been )?lost". A text that holds none of a pattern's
words holds no match of it, so a scan for the words (``prefilter``) may stand in for the
pattern wherever it only has to rule text out.

The words are lowercase ASCII letters, digits, spaces and hyphens, which match only themselves
or their other case; a pattern's other characters split them ("s losses" of "Ukraine's losses",
whose apostrophe the lexicon widens to two). Patterns are read with the standard library's
parser: one it reads otherwise than the regex module would, or not at all (a POSIX class, a
fuzzy match), or of which no word is certain, gives the empty word, which every text holds.

``WordTest`` rules a text out that way in the grammar: a search that would find nothing is not
run where the words are not there.

Where a pattern is matched only where no letter stands before the match, a word that opens the
match says so: it begins with ``WORD_START``, which stands for a character before it that is no
letter ("kill" of "kill(?:s|ing)?", marked: not the "kill" inside "skill")."""

from __future__ import annotations

import array
import re
import re._constants as sre  # the standard library's own reader of pattern syntax
import re._parser as sre_parse
import string
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

# The most strings one part of a pattern is spelled out as ("(?:were |have been )?lost": 3).
MAX_SPELLINGS = 64
# What splits a word: any character but those that match only themselves or their other case.
NOT_PLAIN = re.compile(r"[^a-z0-9 -]+")
# What stands, first in a word, for a character before it that is no letter
WORD_START = "\x00"
# A brace that opens no repeat: the regex module may read it as a fuzzy match ("{e<=1}").
NOT_A_REPEAT = re.compile(r"(?<!\\)\{(?!\d*,?\d*\})")
ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class WordTest:
    """Whether a text may hold a match of some patterns (compiled with ``flags``): whether it
    holds one of the words every match of one of them holds. The words are looked for with the
    standard library's ``re``, as a tree of their letters, in the text folded as the patterns
    read it (``folded``): a few microseconds, where a search of a long alternation of the regex
    module takes many times that. Where some pattern has no certain word, every text may."""

    def __init__(self, patterns: list[str], flags: int):
        words = shortest(word for pattern in patterns for word in required_words(pattern))
        self.flags = flags
        self._words = None if "" in words else re.compile(tree(sorted(words)))

    def may_match(self, text: str) -> bool:
        return self._words is None or self._words.search(folded(text, self.flags)) is not None


def tree(words: list[str], escape: Callable[[str], str] = re.escape) -> str:
    """An expression matching exactly ``words`` (sorted), their common beginnings written once:
    "dea(?:d|th)" for "dead" and "death"; the standard library's ``re`` tries it in a fraction
    of the time it takes over a flat alternation. ``escape`` writes one character."""
    following: dict[str, list[str]] = {}
    for word in words:
        following.setdefault(word[:1], []).append(word[1:])
    ends_here = following.pop("", None) is not None
    branches = [escape(first) + tree(rest, escape) for first, rest in following.items()]
    if not branches:
        return ""
    joined = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + joined + ")?" if ends_here else joined


def folded(text: str, flags: int) -> str:
    """``text`` lowercased, each character that a pattern compiled with ``flags`` matches as an
    ASCII letter (the Kelvin sign as "k") first written as that letter: where a pattern matches
    a word, the folded text holds it."""
    if not text.isascii():
        for character, letter in _ascii_letters(flags):
            if character in text:
                text = text.replace(character, letter)
    return text.lower()


@cache
def _ascii_letters(flags: int) -> tuple[tuple[str, str], ...]:
    """The characters outside ASCII that a pattern compiled with ``flags`` matches as an ASCII
    letter ("İ", "ſ" and the Kelvin sign, case-insensitively), with that letter: asked of every
    character once, in one search of them all."""
    codes = array.array("I", range(0x80, 0xD800))
    codes.extend(range(0xE000, sys.maxunicode + 1))  # not the surrogates, which are no characters
    every = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    found = regex.findall("[a-z]", every, flags)
    return tuple((c, next(a for a in string.ascii_lowercase if regex.fullmatch(a, c, flags))) for c in found)


@dataclass(frozen=True)
class _Part:
    """What is known of the strings a part of a pattern matches: all of them, where they are
    few (``spellings``), and words one of which each of them contains (``words``)."""

    spellings: frozenset[str] | None = None
    words: frozenset[str] | None = None

    def certain(self) -> frozenset[str] | None:
        if self.spellings is not None and "" not in self.spellings:
            return self.spellings
        return self.words


def required_words(pattern: str, starts_word: bool = False) -> frozenset[str]:
    """Words one of which every match of ``pattern`` (case-insensitive) contains; {""} where
    none is certain. Where the pattern is matched only after no letter (``starts_word``), a word
    that opens its match with a letter or digit is marked so."""
    part = _parsed(WORD_START + f"(?:{pattern})" if starts_word else pattern)
    words = (part.certain() if part else None) or frozenset({""})
    return shortest(_longest_word(word.lower()) for word in words)


def _longest_word(spelling: str) -> str:
    """The longest run of plain characters in a spelling, marked where it opens the match (with a
    letter or digit) after ``WORD_START``; "" where it has none."""
    inner = spelling.removeprefix(WORD_START)
    pieces = NOT_PLAIN.split(inner)
    best = max(range(len(pieces)), key=lambda n: len(pieces[n]))
    opens = best == 0 and inner != spelling and pieces[0][:1].isalnum()
    return WORD_START + pieces[best] if opens else pieces[best]


def spellings(pattern: str) -> frozenset[str]:
    """Every string ``pattern`` matches, lowercase, where they are few ("kill", "kills",
    "killing"); else its required words."""
    part = _parsed(pattern)
    return frozenset(part.spellings) - {""} if part and part.spellings else required_words(pattern)


def _parsed(pattern: str) -> _Part | None:
    """None for a pattern the standard parser does not read as the regex module does: one it
    refuses, or one it reads with a warning ("[[:alpha:]]", a possible nested set), or a brace
    it would read as a character where the regex module may read a fuzzy match."""
    if NOT_A_REPEAT.search(pattern):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)
            return _sequence(list(sre_parse.parse(pattern, re.IGNORECASE)))
    except (re.error, FutureWarning, OverflowError, RecursionError):
        return None


def shortest(words) -> frozenset[str]:
    """The words that hold no other of them: a text holds one of ``words`` exactly when
    it holds one of these ("kill" for "kill", "kills" and "killing"; a marked "lost" for a
    marked "were lost")."""
    words = sorted(set(words), key=len)
    kept: list[str] = []
    for word in words:
        if not any(_holds(word, other) for other in kept):
            kept.append(word)
    return frozenset(kept)


def _holds(word: str, other: str) -> bool:
    """Whether a text that holds ``word`` holds ``other``: a marked word after any character
    of ``word`` that is no letter (the mark is none)."""
    if other.startswith(WORD_START):
        return re.search("[^a-z]" + re.escape(other.removeprefix(WORD_START)), word) is not None
    return other in word


def _sequence(items: list) -> _Part:
    """A concatenation: consecutive parts of few spellings spelled out together; the most
    telling (longest shortest word) of those runs and of the parts' own words is certain."""
    run: frozenset[str] | None = frozenset({""})
    candidates: list[frozenset[str]] = []
    whole: frozenset[str] | None = frozenset({""})
    for item in items:
        part = _item(*item)
        whole = _product(whole, part.spellings) if whole is not None and part.spellings is not None else None
        joined = _product(run, part.spellings) if run is not None and part.spellings is not None else None
        if joined is None:
            candidates += [run] if run else []
            candidates += [part.words] if part.words else []
            run = part.spellings
        else:
            run = joined
    candidates += [run] if run else []
    usable = [c for c in candidates if "" not in c]
    best = max(usable, key=lambda c: min(len(w) for w in c), default=None)
    return _Part(whole, best)


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    joined = frozenset(a + b for a in left for b in right)
    return joined if len(joined) <= MAX_SPELLINGS else None


def _item(op, value) -> _Part:
    if op is sre.LITERAL:
        return _Part(frozenset({chr(value).lower()}))
    if op in ZERO_WIDTH:
        return _Part(frozenset({""}))
    if op is sre.IN:
        return _Part(_set(value))
    if op is sre.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(value))
    if op is sre.BRANCH:
        return _branch([_sequence(list(alternative)) for alternative in value[1]])
    if op in REPEATS:
        return _repeat(*value)
    return _Part()  # any character, a class by category, a back-reference: nothing known


def _set(items) -> frozenset[str] | None:
    """A character class of a few single characters ("[sz]"); None for ranges or categories."""
    if any(op is not sre.LITERAL for op, _ in items):
        return None
    return frozenset(chr(value).lower() for _, value in items)


def _branch(alternatives: list[_Part]) -> _Part:
    spellings = None
    if all(a.spellings is not None for a in alternatives):
        union = frozenset().union(*(a.spellings for a in alternatives))
        spellings = union if len(union) <= MAX_SPELLINGS else None
    certain = [a.certain() for a in alternatives]
    words = frozenset().union(*certain) if all(certain) else None
    return _Part(spellings, words)


def _repeat(least: int, most, body) -> _Part:
    inner = _sequence(list(body))
    if least == 0:
        optional = most == 1 and inner.spellings is not None
        return _Part(inner.spellings | {""} if optional else None)
    return _Part(inner.spellings if least == most == 1 else None, inner.certain())
