"""Phrases that must end where the words before a figure do ("more than ", "between"): a
pattern anchored at the end (``$``), searched only where its match can start.

Searched over the whole of the words before a figure, such a pattern is tried at every word
start of them and fails at all but the last few. Its match is a phrase of at most
``max_width`` characters and a run of trailing characters (spaces, quotes), all of them in
the run at the end of the text: so it starts no earlier than that run's start less the
phrase's width, and the search begins there. The characters before still count for what
looks behind (``\\b``, ``(?<!...)``), so the match found is the one a whole search finds.
"""

from __future__ import annotations

import regex

from .word_start import max_width


class AtEnd:
    """``phrase`` followed by any run of ``trailing`` (a character class) up to the end."""

    def __init__(self, phrase: str, trailing: str, flags: int = 0, at_least_one: bool = False):
        self.pattern = regex.compile(f"(?:{phrase}){trailing}{'+' if at_least_one else '*'}$", flags)
        self.width = max_width(phrase)
        # matched backwards from the end: the run of trailing characters in one try
        self._run = regex.compile(f"{trailing}*$", flags | regex.REVERSE)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        end = len(text) if endpos is None else min(endpos, len(text))
        # "$" also matches before a newline that ends the text: then the run may end there
        if self.width is None or text[end - 1 : end] == "\n":
            return self.pattern.search(text, pos, end)
        run_start = self._run.search(text, pos, end).start()
        return self.pattern.search(text, max(pos, run_start - self.width), end)
