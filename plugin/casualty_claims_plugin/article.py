"""/-/article/{id}: an article as it was read, every figure linked to its claim and the
furniture the build removed (bylines, captions, related links) collapsed; from a quotes-only
database, the sentences it kept of the article, with a link to the original."""

from __future__ import annotations

import re

from markupsafe import Markup

from casualty_claims.reference import SERIES_ID
from casualty_claims.vocabulary import COUNTS, REJECTED

from . import excerpts
from .claims import CLAIM_COLUMNS, CLAIM_JOINS, PAGE_LIMIT, claim_dict, figure_phrase
from .excerpts import Excerpt
from .markup import marked, safe_url
from .series import series_redirect
from .site import (
    DATABASE,
    check_permissions,
    database,
    filtered,
    links,
    page_url,
    requested_id,
    requested_row,
    respond,
)

# An article page shows at most this many characters of the text (the longest article of the
# benchmark corpus has 5,000; the build keeps files of up to 5 MB), cut before SQLite hands the
# text over, and marks at most LISTED figures and lists at most LISTED furniture runs in it: the
# page of a 5 MB article sends a few hundred kilobytes, not the megabytes of its text. The JSON
# twin sends no text at all, and at most PAGE_LIMIT claims (the claims table holds every one).
SHOWN_CHARACTERS = 100_000
LISTED = 1_000

# text_length: how far into the article the database's text goes (without the text, as far as
# its last sentence kept).
ARTICLE = f"""
SELECT articles.id, title, outlet, url, published, published_precision, published_method, path,
    coalesce(substr(article_texts.raw_text, 1, :shown), '') AS shown_text,
    coalesce(length(article_texts.raw_text),
        (SELECT "end" FROM sentences WHERE article = articles.id ORDER BY position DESC LIMIT 1), 0)
        AS text_length,
    {excerpts.TEXTS}
FROM articles LEFT JOIN article_texts ON article_texts.id = articles.id
WHERE articles.id = :id
"""
# A quotes-only database's text of the article: the sentences it kept.
ARTICLE_SENTENCES = """
SELECT position, paragraph, start, "end", text FROM sentences
WHERE article = :id AND "end" <= :shown ORDER BY position LIMIT :listed
"""
ARTICLE_MENTIONS = """
SELECT mentions.claim, mentions.span_start, mentions.span_end, mentions.kind, mentions.in_furniture,
    claims.value, claims.value_low, claims.value_high, claims.qualifier, claims.qualifier_text, claims.scope,
    claims.period_start, claims.period_end, claims.measure, claims.unit, claims.subject_side,
    coalesce(claimants.name, 'unknown') AS claimant
FROM mentions
JOIN claims ON claims.id = mentions.claim
LEFT JOIN claimants ON claimants.id = claims.claimant
WHERE mentions.article = :id AND mentions.span_end <= :shown
ORDER BY mentions.span_start, mentions.claim
LIMIT :listed
"""
ARTICLE_FURNITURE = """
SELECT start, "end", reason FROM furniture WHERE article = :id AND start < :shown ORDER BY start LIMIT :listed
"""
ARTICLE_CLAIMS = f"""
SELECT {CLAIM_COLUMNS} {CLAIM_JOINS}
WHERE claims.article = :id AND claims.origin = 'news' AND claims.{COUNTS}
ORDER BY claims.span_start, claims.id
LIMIT :limit
"""
ARTICLE_CLAIM_COUNT = f"SELECT count(*) FROM claims WHERE article = :id AND origin = 'news' AND {COUNTS}"


async def article_page(datasette, request):
    await check_permissions(datasette, request)
    if requested_id(request) == SERIES_ID:  # no article: the ministry's series, shown on its page
        return series_redirect(datasette, request)
    db = database(datasette)
    row = await requested_row(datasette, request, ARTICLE, "articles", shown=SHOWN_CHARACTERS)
    bounds = {"id": row["id"], "shown": SHOWN_CHARACTERS, "listed": LISTED}
    if excerpts.quotes_only(row):  # no furniture: its text went with the article's
        text = excerpts.from_sentences((await db.execute(ARTICLE_SENTENCES, bounds)).rows)
        furniture = []
    else:
        text = [Excerpt(0, row["shown_text"])]
        furniture = (await db.execute(ARTICLE_FURNITURE, bounds)).rows
    mentions = (await db.execute(ARTICLE_MENTIONS, bounds)).rows
    text = excerpts.cut(text, shown_length(text, furniture, mentions))
    mentions = excerpts.spans_within(text, mentions)
    shown = text[-1].end if text else 0
    found = await db.execute(ARTICLE_CLAIMS, {"id": row["id"], "limit": PAGE_LIMIT})
    claim_count = (await db.execute(ARTICLE_CLAIM_COUNT, {"id": row["id"]})).first()[0]
    data = {
        "title": row["title"],
        "article": _article(datasette, row) | {"text_length": row["text_length"], "text_shown": shown},
        "claim_count": claim_count,
        "claims": [claim_dict(datasette, r) for r in found.rows],
        "table": filtered(datasette, "claims", article=row["id"], origin="news", status__not=REJECTED),
        "mentions": [_mention(datasette, m) for m in mentions],
        "furniture": [
            {"start": f["start"], "end": f["end"], "reason": f["reason"]}
            for f in furniture
            if f["start"] < shown
        ],
        "links": links(datasette),
    }
    data["blocks"] = article_blocks(datasette, text, mentions, data["furniture"])
    return await respond(datasette, request, "article.html", data, html_only=("blocks",))


def shown_length(text: list[Excerpt], furniture, mentions) -> int:
    """How far into the article the page shows: all of ``text`` (cut at SHOWN_CHARACTERS already),
    or, where it holds more than LISTED furniture runs or figures, as far as the last one listed."""
    ends = [text[-1].end if text else 0]
    if len(furniture) == LISTED:
        ends.append(furniture[-1]["end"])
    if len(mentions) == LISTED:
        ends.append(max(m["span_end"] for m in mentions))
    return min(ends)


def _article(datasette, row) -> dict:
    return {
        "id": row["id"],
        "title": row["title"],
        "outlet": row["outlet"],
        "url": safe_url(row["url"]),
        "quotes_only": excerpts.quotes_only(row),
        "published": {
            "date": row["published"],
            "precision": row["published_precision"],
            "method": row["published_method"],
        },
        "page": page_url(datasette, "articles", row["id"]),
        "json": page_url(datasette, "articles", row["id"], ".json"),
        "table_row": datasette.urls.row(DATABASE, "articles", row["id"]),
    }


def _mention(datasette, mention) -> dict:
    return {
        "claim": mention["claim"],
        "claim_page": page_url(datasette, "claims", mention["claim"]),
        "start": mention["span_start"],
        "end": mention["span_end"],
        "kind": mention["kind"],
        "in_furniture": bool(mention["in_furniture"]),
    }


def article_blocks(datasette, text: list[Excerpt], mentions, furniture) -> list[dict]:
    """The article (as much as the page shows, in excerpts) cut into paragraphs of kept text and
    blocks of removed furniture, each with its figures linked to their claims; where sentences
    were left out, a block that says so."""
    blocks = []
    for excerpt in text:
        if excerpt.after_omission:
            blocks.append({"kind": "omitted", "reason": None, "html": excerpts.OMITTED})
        for kind, start, end, reason in _cuts(excerpt, furniture):
            pieces = [(start, end)] if kind == "furniture" else _paragraphs(excerpt, start, end)
            for piece_start, piece_end in pieces:
                piece = excerpt.text[piece_start - excerpt.start : piece_end - excerpt.start]
                if not piece.strip():
                    continue
                marks = [
                    _figure_mark(datasette, m)
                    for m in mentions
                    if piece_start <= m["span_start"] and m["span_end"] <= piece_end
                ]
                blocks.append({"kind": kind, "reason": reason, "html": marked(piece, piece_start, marks)})
    return blocks


def _cuts(excerpt: Excerpt, furniture) -> list[tuple[str, int, int, str | None]]:
    """The excerpt as runs of kept text and of furniture, in order (offsets the article's)."""
    cuts = []
    position = excerpt.start
    for f in furniture:
        if f["start"] > position:
            cuts.append(("text", position, f["start"], None))
        cuts.append(("furniture", f["start"], f["end"], f["reason"]))
        position = max(position, f["end"])
    cuts.append(("text", position, excerpt.end, None))
    return cuts


def _figure_mark(datasette, mention) -> tuple[int, int, Markup, Markup]:
    """A figure of the article, marked and linked to its claim, its title the claim as said."""
    title = f"{mention['claimant']}: {figure_phrase(dict(mention))}"
    opening = Markup('<a class="cc-figure-link" href="{}" title="{}"><mark class="cc-figure">').format(
        page_url(datasette, "claims", mention["claim"]), title
    )
    return (mention["span_start"], mention["span_end"], opening, Markup("</mark></a>"))


def _paragraphs(excerpt: Excerpt, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the blank-line separated paragraphs of the excerpt between ``start`` and ``end``."""
    pieces, position = [], start
    for gap in re.finditer(r"\n\s*\n", excerpt.text[start - excerpt.start : end - excerpt.start]):
        pieces.append((position, start + gap.start()))
        position = start + gap.end()
    pieces.append((position, end))
    return pieces
