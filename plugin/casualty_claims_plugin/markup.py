"""Markup helpers: links only to web addresses, text with marks (a sentence, a figure)
opened and closed in order, and a chart spec safe inside a script element."""

from __future__ import annotations

import json
import re

from markupsafe import Markup, escape

# Only web addresses become links: `javascript:` or `data:` URLs, and anything with
# spaces or control characters inside (which browsers strip or skip), never do.
SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f/?#][^\s\x00-\x1f\x7f]*", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """``url`` (less surrounding spaces) if it is a web address a page may link to, else None:
    whatever the database holds, no page links to a script."""
    if not isinstance(url, str) or not SAFE_URL.fullmatch(url.strip()):
        return None
    return url.strip()


def marked(text: str, offset: int, marks: list[tuple[int, int, Markup, Markup]]) -> Markup:
    """``text`` escaped, with nested marks (article offsets) opened and closed in order."""
    events = []
    for start, end, opening, closing in marks:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start >= end:
            continue
        events.append((start, 1, -end, opening))
        events.append((end, 0, -start, closing))
    events.sort(key=lambda e: e[:3])
    out, position = [], 0
    for at, _kind, _order, tag in events:
        out.append(escape(text[position:at]))
        out.append(tag)
        position = at
    out.append(escape(text[position:]))
    return Markup("").join(out)


def chart_json(spec: dict) -> Markup:
    """A chart spec safe to place inside <script type="application/json">."""
    text = json.dumps(spec, ensure_ascii=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
