"""Matching a large alternation of phrases (the lexicon's claimant aliases) as one
``finditer`` of it would, but fast: tried only at word starts, and there only with the
alternatives that can begin with the text's first few characters."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

WORD_STARTS = regex.compile(r"(?<![\w-])\S")
# The beginning of the text at a word start by which WordStartPattern picks its
# alternatives: four characters, or a short word and the start of the next
# ("the Kremlin" and "the General Staff" need not be tried after "the W").
BEGINNING = regex.compile(r"\S{4}|\S{0,3}\s+\S{0,4}|\S{1,3}")
FOUR_NON_SPACES = regex.compile(r"\S{4}")
# Where a beginning leaves more alternatives than this ("Russ": "Russian General Staff",
# "Russian Defence Ministry" ...), they are narrowed by the text's first LONG_BEGINNING
# characters ("Russian forces a" leaves none), remembered for as many beginnings.
NARROWED_ABOVE = 2
LONG_BEGINNING = 16
LONG_BEGINNINGS_REMEMBERED = 16_384
# A beginning with a space ("the Krem"), which _by_four cannot hold, is remembered by the
# text's first KEYED characters at the word start where it ends before them: BEGINNING reads no
# character past the one that ends it, so they determine it. Nine hold a short word, a space,
# four characters and the one after them.
KEYED = 9
KEYS_REMEMBERED = 16_384


class WordStartPattern:
    """A large ``labelled`` alternation of phrases, matched as its ``finditer`` would,
    but tried only at word starts, and there only with the alternatives that can
    begin with the text's first few characters (``BEGINNING``). Which can is asked of each
    alternative itself (a partial match) once per distinct beginning, so the answers
    are exact; the alternatives are tried in their order, so the same one wins. Most word
    starts need no matching at all, the rest a handful of alternatives, not 200, each
    compiled once (not a pattern for every set of them, compiled as new beginnings come)."""

    def __init__(self, parts: list[str], pattern: regex.Pattern, flags: int):
        # ``pattern``: the whole alternation of ``parts``, which this one matches as it would
        self.pattern = pattern
        self._alternatives = [regex.compile(part + r"(?![\w])", flags) for part in parts]
        self._by_prefix: dict[str, tuple[regex.Pattern, ...]] = {}
        # the same for the four characters at a word start, where they are its whole beginning
        self._by_four: dict[str, tuple[regex.Pattern, ...]] = {}
        self._candidates: dict[str, tuple[int, ...]] = {}
        # a longer beginning's, where a short one leaves many ("Russ")
        self._narrowed = lru_cache(maxsize=LONG_BEGINNINGS_REMEMBERED)(self._narrow)
        # a beginning with a space, by the characters that determine it
        self._keyed = lru_cache(maxsize=KEYS_REMEMBERED)(self._beginning_within)

    def _beginning_with(self, prefix: str) -> tuple[int, ...]:
        """The alternatives that can begin with ``prefix``, narrowed a character at a time."""
        found = self._candidates.get(prefix)
        if found is None:
            within = self._beginning_with(prefix[:-1]) if len(prefix) > 1 else range(len(self._alternatives))
            found = tuple(i for i in within if self._alternatives[i].match(prefix, partial=True))
            self._candidates[prefix] = found
        return found

    def _at(self, text: str, at: int) -> tuple[regex.Pattern, ...]:
        """The alternatives to try at a word start: those that can begin with its beginning, or
        with a longer one where that leaves many."""
        four = text[at : at + 4]
        found = self._by_four.get(four)
        if found is None and len(four) == 4 and not self._beginning_with(four):
            # Four characters with a space are no whole beginning, but a beginning opens with
            # the four characters at its word start (at least four where the text goes on), and
            # where they leave no alternative, it leaves none: known by them, as most word starts are.
            self._by_four[four] = found = ()
        if found is None:
            found, whole = self._keyed(text[at : at + KEYED])
            if not whole:
                found = self._beginning_at(text, at)
        return self._narrowed(text[at : at + LONG_BEGINNING]) if len(found) > NARROWED_ABOVE else found

    def _beginning_at(self, text: str, at: int) -> tuple[regex.Pattern, ...]:
        """The alternatives that can begin with the text's ``BEGINNING`` at ``at``. Four characters
        without a space are the beginning wherever they stand (``BEGINNING`` takes them first):
        once read, they are known by a slice of the text, with no match."""
        four = text[at : at + 4]
        prefix = BEGINNING.match(text, at).group()
        if prefix not in self._by_prefix:
            self._by_prefix[prefix] = tuple(self._alternatives[i] for i in self._beginning_with(prefix))
        if FOUR_NON_SPACES.fullmatch(four):  # then they are the beginning
            self._by_four[four] = self._by_prefix[prefix]
        return self._by_prefix[prefix]

    def _beginning_within(self, key: str) -> tuple[tuple[regex.Pattern, ...], bool]:
        """The alternatives for the beginning of ``key`` (a word start's first ``KEYED`` characters),
        and whether that beginning is the text's own: it is where it ends before ``key`` does, and
        where ``key`` is the rest of the text (shorter than ``KEYED``)."""
        whole = BEGINNING.match(key).end() < len(key) or len(key) < KEYED
        return self._beginning_at(key, 0), whole

    def _narrow(self, beginning: str) -> tuple[regex.Pattern, ...]:
        """The alternatives that can begin with ``beginning`` (a partial match), in their order:
        a word start's first ``LONG_BEGINNING`` characters."""
        return tuple(a for a in self._beginning_at(beginning, 0) if a.match(beginning, partial=True))

    def finditer(self, text: str) -> Iterator[regex.Match]:
        end = 0
        by_four = self._by_four  # most word starts are known by their four characters: no call
        for start in WORD_STARTS.finditer(text):
            at = start.start()
            if at < end:
                continue
            alternatives = by_four.get(text[at : at + 4])
            if alternatives is None or len(alternatives) > NARROWED_ABOVE:
                alternatives = self._at(text, at)
            # in their order, as the alternation tries them: the first that matches wins
            for alternative in alternatives:
                if match := alternative.match(text, at):
                    yield match
                    end = match.end()
                    break
