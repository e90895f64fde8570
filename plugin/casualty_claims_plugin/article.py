"""/-/article/{id}: an article as it was read, every figure linked to its claim and the
furniture the build removed (bylines, captions, related links) collapsed."""

from __future__ import annotations

import re

from markupsafe import Markup

from casualty_claims.vocabulary import COUNTS

from .claims import CLAIM_COLUMNS, CLAIM_JOINS, claim_dict, figure_phrase
from .markup import marked, safe_url
from .site import DATABASE, check_permissions, database, links, page_url, requested_row, respond

ARTICLE = """
SELECT id, title, outlet, url, published, published_precision, published_method, raw_text, path
FROM articles WHERE id = :id
"""
ARTICLE_MENTIONS = """
SELECT mentions.claim, mentions.span_start, mentions.span_end, mentions.kind, mentions.in_furniture,
    claims.value, claims.value_low, claims.value_high, claims.qualifier, claims.qualifier_text, claims.scope,
    claims.period_start, claims.period_end, claims.measure, claims.unit, claims.subject_side,
    coalesce(claimants.name, 'unknown') AS claimant
FROM mentions
JOIN claims ON claims.id = mentions.claim
LEFT JOIN claimants ON claimants.id = claims.claimant
WHERE mentions.article = :id
ORDER BY mentions.span_start, mentions.claim
"""
ARTICLE_FURNITURE = """
SELECT start, "end", reason FROM furniture WHERE article = :id ORDER BY start
"""
ARTICLE_CLAIMS = f"""
SELECT {CLAIM_COLUMNS} {CLAIM_JOINS}
WHERE claims.article = :id AND claims.origin = 'news' AND claims.{COUNTS}
ORDER BY claims.span_start, claims.id
"""
SERIES_FIGURES_OF_ARTICLE = "SELECT count(*) FROM claims WHERE origin = 'reference' AND article = :id"


async def article_page(datasette, request):
    await check_permissions(datasette, request)
    db = database(datasette)
    row = await requested_row(datasette, request, ARTICLE, "articles")
    mentions = (await db.execute(ARTICLE_MENTIONS, {"id": row["id"]})).rows
    furniture = (await db.execute(ARTICLE_FURNITURE, {"id": row["id"]})).rows
    claims = [claim_dict(datasette, r) for r in (await db.execute(ARTICLE_CLAIMS, {"id": row["id"]})).rows]
    series_figures = (await db.execute(SERIES_FIGURES_OF_ARTICLE, {"id": row["id"]})).first()[0]
    data = {
        "title": row["title"],
        "article": _article(datasette, row),
        "series_figures": series_figures,
        "claims": claims,
        "mentions": [_mention(datasette, m) for m in mentions],
        "furniture": [{"start": f["start"], "end": f["end"], "reason": f["reason"]} for f in furniture],
        "links": links(datasette),
    }
    data["blocks"] = article_blocks(datasette, row["raw_text"], mentions, furniture)
    return await respond(datasette, request, "article.html", data, html_only=("blocks",))


def _article(datasette, row) -> dict:
    return {
        "id": row["id"],
        "title": row["title"],
        "outlet": row["outlet"],
        "url": safe_url(row["url"]),
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


def article_blocks(datasette, raw: str, mentions, furniture) -> list[dict]:
    """The raw article cut into paragraphs of kept text and blocks of removed furniture,
    each with its figures linked to their claims."""
    blocks = []
    for kind, start, end, reason in _cuts(raw, furniture):
        pieces = [(start, end)] if kind == "furniture" else _paragraphs(raw, start, end)
        for piece_start, piece_end in pieces:
            text = raw[piece_start:piece_end]
            if not text.strip():
                continue
            marks = [
                _figure_mark(datasette, m)
                for m in mentions
                if piece_start <= m["span_start"] and m["span_end"] <= piece_end
            ]
            blocks.append({"kind": kind, "reason": reason, "html": marked(text, piece_start, marks)})
    return blocks


def _cuts(raw: str, furniture) -> list[tuple[str, int, int, str | None]]:
    """The article as runs of kept text and of furniture, in order."""
    cuts = []
    position = 0
    for f in furniture:
        if f["start"] > position:
            cuts.append(("text", position, f["start"], None))
        cuts.append(("furniture", f["start"], f["end"], f["reason"]))
        position = max(position, f["end"])
    cuts.append(("text", position, len(raw), None))
    return cuts


def _figure_mark(datasette, mention) -> tuple[int, int, Markup, Markup]:
    """A figure of the article, marked and linked to its claim, its title the claim as said."""
    title = f"{mention['claimant']}: {figure_phrase(dict(mention))}"
    opening = Markup('<a class="cc-figure-link" href="{}" title="{}"><mark class="cc-figure">').format(
        page_url(datasette, "claims", mention["claim"]), title
    )
    return (mention["span_start"], mention["span_end"], opening, Markup("</mark></a>"))


def _paragraphs(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the blank-line separated paragraphs of raw[start:end]."""
    pieces, position = [], start
    for gap in re.finditer(r"\n\s*\n", raw[start:end]):
        pieces.append((position, start + gap.start()))
        position = start + gap.end()
    pieces.append((position, end))
    return pieces
