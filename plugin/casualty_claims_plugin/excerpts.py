"""An article's text as the pages show it: excerpts at their offsets into the article.

A database with the full text (``build.texts``) gives a page one excerpt, the text itself; a
quotes-only one (casualty_claims.quotes_only) gives the sentences it kept, put back together:
sentences that follow one another in a paragraph make one excerpt, and an excerpt after
sentences that were left out says so. Offsets into an excerpt are the article's, so claims
and figures are marked in either as they are.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from markupsafe import Markup

from casualty_claims.vocabulary import QUOTES_ONLY

# What stands where sentences were left out.
OMITTED = Markup("[…]")
# The build's texts, as a column of a page's query (NULL where the database has no build row).
TEXTS = "(SELECT texts FROM build WHERE id = 1) AS texts"


@dataclass(frozen=True)
class Excerpt:
    start: int
    text: str
    after_omission: bool = False  # sentences were left out just before it

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def quotes_only(row) -> bool:
    """Whether the page's row, which has the column TEXTS, comes from a quotes-only database."""
    return row["texts"] == QUOTES_ONLY


def from_sentences(sentences) -> list[Excerpt]:
    """Kept sentences (position, paragraph, start, end, text; in order) as excerpts: each run of
    consecutive sentences of one paragraph as one text, the spaces between them (all that parts
    the sentences of a paragraph) kept as spaces, so that its offsets stay the article's."""
    runs: list[list] = []
    for sentence in sentences:
        last = runs[-1][-1] if runs else None
        if (
            last
            and sentence["position"] == last["position"] + 1
            and sentence["paragraph"] == last["paragraph"]
        ):
            runs[-1].append(sentence)
        else:
            runs.append([sentence])
    excerpts, last_position = [], -1
    for run in runs:
        parts = [run[0]["text"]]
        for before, sentence in zip(run, run[1:], strict=False):
            parts += [" " * (sentence["start"] - before["end"]), sentence["text"]]
        excerpts.append(Excerpt(run[0]["start"], "".join(parts), run[0]["position"] != last_position + 1))
        last_position = run[-1]["position"]
    return excerpts


def cut(excerpts: list[Excerpt], end: int) -> list[Excerpt]:
    """The excerpts as far as offset ``end``."""
    return [Excerpt(e.start, e.text[: end - e.start], e.after_omission) for e in excerpts if e.start < end]


def text_between(excerpts: list[Excerpt], start: int, end: int) -> str:
    """The text of the excerpts between the article's offsets ``start`` and ``end``."""
    return "".join(e.text[max(start - e.start, 0) : max(end - e.start, 0)] for e in excerpts)


def spans_within(excerpts: list[Excerpt], spans: list) -> list:
    """The ``spans`` (rows with span_start and span_end) that lie in one of the excerpts."""
    starts = [e.start for e in excerpts]
    found = []
    for span in spans:
        index = bisect.bisect_right(starts, span["span_start"]) - 1
        if index >= 0 and span["span_end"] <= excerpts[index].end:
            found.append(span)
    return found
