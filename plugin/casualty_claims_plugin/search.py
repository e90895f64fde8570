"""The search of the claims (the box in every page's header, the canned queries ``search_claims``
and ``search_figure_sentences``): what a reader types, made an FTS5 query that cannot fail.

``fts_words(:q)``, an SQL function, quotes every word as an FTS5 string, so nothing typed is
query syntax (``AND``, ``NEAR(…)``, ``*``, ``column:``, an unbalanced quote or bracket), and
answers the empty phrase ``""``, which matches nothing, where nothing searchable was typed (an
empty MATCH is an FTS5 error). Datasette's own ``escape_fts`` quotes words too, but leaves in a
NUL, at which SQLite stops reading the query: inside a quoted word, an "unterminated string".
"""

from __future__ import annotations

import re

# A word: a run of anything but spaces and control characters (a NUL among them).
WORD = re.compile(r"[^\s\x00-\x1f\x7f]+")
# The most words a search takes (each is one more lookup in the index).
MAX_WORDS = 32
MATCHES_NOTHING = '""'


def fts_words(text: str | None) -> str:
    """An FTS5 query that every word of ``text`` must match, each word quoted (a double quote
    in it doubled); words with no letter or digit, which the index holds nothing of, are left
    out. ``'""'`` when no word is left."""
    if not isinstance(text, str):
        return MATCHES_NOTHING
    words = [word for word in WORD.findall(text) if any(ch.isalnum() for ch in word)][:MAX_WORDS]
    return " ".join('"{}"'.format(word.replace('"', '""')) for word in words) or MATCHES_NOTHING
