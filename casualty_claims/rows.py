"""Step 7: one extracted article, its claims curated, as the rows of the database's tables.

Pure functions: what the pipeline made of one article (``Processed``) and its curated claim
rows in, a dict of table name to rows out (``article_rows``), then tuples in the order of each
table's columns (``values``), checked for what SQLite cannot store (``unstorable``).
``store`` writes them; nothing here touches a database.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import formats, schema
from .claims import Claim, dated_reading, measure_of, population_of
from .clean import Cleaned
from .dates import When
from .display import as_said, qualifier_text
from .lexicon import Claimant, Lexicon
from .read import Article
from .sentences import MAX_SENTENCE, Sentence
from .vocabulary import MANUAL


@dataclass(frozen=True)
class Processed:
    """What extraction made of one article (``pipeline.process``): the input of its rows."""

    article: Article
    cleaned: Cleaned
    sentences: list[Sentence]  # none where none may hold a claim (``pipeline._sentences``)
    published: When | None
    claims: list[Claim]


def sentence_id(article: str, position: int) -> str:
    return f"{article}:{position}"


def claimant_row(claimant: Claimant) -> dict:
    return {
        "id": claimant.id,
        "name": claimant.name,
        "kind": claimant.kind,
        "side": claimant.side,
        "speaks_for": claimant.speaks_for,
        "roles": ", ".join(claimant.roles),
        "inferred": int(claimant.inferred),
    }


def claim_row(claim: Claim) -> dict:
    primary = claim.primary
    start, end = primary.span
    dated = dated_reading(claim)
    as_of, covers = dated.as_of, dated.covers
    # a place said of the figure anywhere in the article limits it ("near Bakhmut" in one sentence)
    placed = next((r.covers for r in (dated, primary, *claim.readings) if r.covers.place), covers)
    row = schema.claim_row(
        {
            "id": claim.id,
            "article": claim.article,
            "sentence": sentence_id(claim.article, primary.sentence.position),
            "claimant": primary.claimant.id if primary.claimant else None,
            "claimant_text": primary.claimant_text,
            "via": primary.via.id if primary.via else None,
            "attribution": primary.attribution,
            "subject_side": next(
                (
                    r.subject_side
                    for r in sorted(claim.readings, key=lambda r: r is not primary)
                    if r.subject_side != "unknown"
                ),
                "unknown",
            ),
            "population": population_of(claim),
            "measure": measure_of(claim),
            "unit": primary.unit,
            "value": primary.figure.value,
            "value_low": primary.figure.low,
            "value_high": primary.figure.high,
            "qualifier": primary.qualifier,
            "qualifier_text": qualifier_text(primary.sentence.text, primary.figure),
            "as_of": as_of.iso if as_of else None,
            "as_of_precision": as_of.precision if as_of else None,
            "as_of_method": as_of.method if as_of else None,
            "scope": covers.scope,
            "scope_text": covers.scope_text,
            "period_start": covers.period_start,
            "period_end": covers.period_end,
            "place": placed.place,
            "place_text": placed.place_text,
            "span_start": start,
            "span_end": end,
            "figure_text": primary.figure.text,
            "quote": primary.sentence.text,
            "in_quote": int(primary.in_quote),
            "mention_count": len(claim.readings),
        }
    )
    return dict(row, display=as_said(row))


# --- one article's rows -------------------------------------------------------------


def article_rows(item: Processed, claims: list[dict], lexicon: Lexicon) -> dict[str, list[dict]]:
    """Every row one article adds, given its claim rows as curated (``pipeline.curated_claims``),
    which are put in their subjects. The rows include the claimants inferred from its text that
    its claims still name once curated (as claimant or via), and how it names them: other
    articles may name the same ones (see ``store.insert_sql`` and
    ``store.settle_inferred_claimants``)."""
    for claim in claims:
        claim["subject"] = lexicon.subject_of(claim["subject_side"], claim["population"], claim["measure"])
    inferred = inferred_claimants(item.claims)
    named = {row[key] for row in claims for key in ("claimant", "via")}
    claimants = [claimant_row(inferred[id]) for id in sorted(named & inferred.keys())]
    return {
        "claimants": claimants,
        "articles": [_article_row(item)],
        "article_texts": [_texts_row(item)],
        "claimant_variants": _variant_rows(item.article.id, claimants),
        "furniture": _furniture_rows(item),
        "sentences": _sentence_rows(item.article.id, stored_sentences(item)),
        "claims": claims,
        "mentions": _mentions(item, claims),
    }


# The most characters an article's title and outlet, and a furniture run's text, keep in their
# rows: as many as a sentence (and so a claim's quote) has at most. A page of one line has all
# its text as its first line (the title when nothing else names the article), a sidecar or a
# page's metadata may hold anything, and every row of claims_flat carries its article's title,
# outlet and address: unbounded, a page of 1,000 claims could send 1,000 copies of a 5 MB text.
# Longer text is cut, ending in "…" (the article page shows furniture whole, from the text). An
# address longer than MAX_URL (browsers' practical limit) is left out: cut, it would lead elsewhere.
MAX_FIELD = MAX_SENTENCE
MAX_URL = 2_000


def shortened(text: str | None) -> str | None:
    """``text`` cut to MAX_FIELD characters, the last an ellipsis, if it is longer."""
    if text is None or len(text) <= MAX_FIELD:
        return text
    return text[: MAX_FIELD - 1] + "…"


def _article_row(item: Processed) -> dict:
    article, published = item.article, item.published
    url = article.meta.get("url")
    return {
        "id": article.id,
        "path": str(article.path),
        "sha256": article.sha256,
        "source_sha256": article.source_sha256,
        "source_stat": article.source_stat,
        "encoding": article.encoding,
        "title": shortened(article.meta.get("title") or article.headline),
        "outlet": shortened(article.meta.get("outlet")),
        "url": url if url is None or len(url) <= MAX_URL else None,
        "published": published.iso if published else None,
        "published_precision": published.precision if published else None,
        "published_method": published.method if published else None,
    }


def _texts_row(item: Processed) -> dict:
    return {"id": item.article.id, "raw_text": item.article.raw, "cleaned_text": item.cleaned.text}


def _variant_rows(article: str, claimants: list[dict]) -> list[dict]:
    """How the article names each inferred claimant (the claimants row keeps the most usual)."""
    return [
        {
            "id": f"{article}:{c['id']}",
            "article": article,
            "claimant": c["id"],
            **{key: c[key] for key in ("name", "kind", "side", "roles")},
        }
        for c in claimants
    ]


def _furniture_rows(item: Processed) -> list[dict]:
    article = item.article.id
    return [
        {
            "id": f"{article}:{f.start}",
            "article": article,
            "start": f.start,
            "end": f.end,
            "reason": f.reason,
            "text": shortened(f.text),
        }
        for f in item.cleaned.furniture
    ]


def stored_sentences(item: Processed) -> list[Sentence]:
    """The sentences of an article that its rows keep (and the search of sentences indexes):
    every sentence of each paragraph that holds a sentence a claim or one of its readings was
    read from, and the sentence just before and just after each of those.

    Why these: a claim's page shows its paragraph, found from its sentence's row (claim.CONTEXT);
    the claims and their mentions name their sentences (foreign keys), which the canned
    searches of sentences read; and the quotes-only copy keeps the sentence before and after
    each (quotes_only.KEEP_SENTENCES), even across a paragraph's end. No page reads any other
    sentence: the article's page and the search of articles read its whole text, stored once in
    article_texts. Stored as well, the others were most of a build's rows and of its search
    index (97% of the sentences of the realistic news mix, bench/realistic.py), where most
    articles hold no claim and so keep no sentence."""
    carrying = {r.sentence.position for claim in item.claims for r in (claim.primary, *claim.readings)}
    paragraphs = {item.sentences[position].paragraph for position in carrying}
    return [
        s
        for s in item.sentences
        if s.paragraph in paragraphs or not carrying.isdisjoint((s.position - 1, s.position + 1))
    ]


def _sentence_rows(article: str, sentences: list[Sentence]) -> list[dict]:
    return [
        {
            "id": sentence_id(article, s.position),
            "article": article,
            "position": s.position,
            "paragraph": s.paragraph,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "is_headline": int(s.is_headline),
        }
        for s in sentences
    ]


def _mentions(item: Processed, claims: list[dict]) -> list[dict]:
    """Every place the article writes a figure of its claims, and where the quote of a claim
    added by hand puts its figure."""
    mentions = []
    texts = {r.figure.text for claim in item.claims for r in claim.readings}
    places = figure_places(item.article.raw, filter(_repeatable, texts))
    for claim in item.claims:
        for row in mention_rows(item, claim, places):
            row["id"] = f"{claim.id}:{row['span_start']}"
            row["in_furniture"] = _in_furniture(item, row["span_start"])
            mentions.append(row)
    for row in claims:
        if row["status"] == MANUAL:  # added by hand: where its quote puts the figure
            start = row["span_start"]
            mentions.append(
                {
                    "id": f"{row['id']}:{start}",
                    "claim": row["id"],
                    "article": item.article.id,
                    "sentence": None,
                    "span_start": start,
                    "span_end": row["span_end"],
                    "text": row["figure_text"],
                    "kind": "reading",
                    "in_furniture": _in_furniture(item, start),
                }
            )
    return mentions


def inferred_claimants(claims: list[Claim]) -> dict[str, Claimant]:
    """The claimants the grammar inferred from the text (not in the lexicon) that the
    claims' readings name, as claimant or as the party reporting the claim, by id."""
    return {
        claimant.id: claimant
        for claim in claims
        for reading in claim.readings
        for claimant in (reading.claimant, reading.via)
        if claimant is not None and claimant.inferred
    }


def mention_rows(item: Processed, claim: Claim, places: dict[str, list[int]]) -> Iterable[dict]:
    """Every reading of the claim, and every other place its figure is written
    (a repeated caption, a reader's comment quoting it; ``places``: see figure_places)."""
    raw = item.article.raw
    seen = set()
    for reading in claim.readings:
        start, end = reading.span
        seen.add(start)
        yield {
            "claim": claim.id,
            "article": claim.article,
            "sentence": sentence_id(claim.article, reading.sentence.position),
            "span_start": start,
            "span_end": end,
            "text": raw[start:end],
            "kind": "reading",
        }
    for text in {r.figure.text for r in claim.readings if _repeatable(r.figure.text)}:
        for start in places.get(text, ()):
            if start not in seen:
                seen.add(start)
                yield {
                    "claim": claim.id,
                    "article": claim.article,
                    "sentence": None,
                    "span_start": start,
                    "span_end": start + len(text),
                    "text": text,
                    "kind": "repeat",
                }


def _repeatable(figure_text: str) -> bool:
    """Whether the other places a figure is written in its article are mentions of its claim
    too: with three digits or more ("16,000", not "12" or "two")."""
    return sum(c.isdigit() for c in figure_text) >= 3


# Up to this many figures, each is looked for on its own: a scan of the article in C per figure,
# the fastest for the few figures of a news article. Past it, all in one pass over the places
# where a figure may start, whose cost does not grow with their number.
FEW_FIGURES = 32


def figure_places(raw: str, texts: Iterable[str]) -> dict[str, list[int]]:
    """Where each of the figure ``texts`` stands in ``raw`` as a whole figure (see _occurrences),
    in order. An article's cost stays linear in its length however many figures it holds."""
    wanted = set(texts)
    if len(wanted) <= FEW_FIGURES:
        return {text: list(_occurrences(raw, text)) for text in wanted}
    lengths: dict[str, set[int]] = defaultdict(set)  # by first character
    for text in wanted:
        lengths[text[0]].add(len(text))
    places: dict[str, list[int]] = defaultdict(list)
    # a first character of a figure, not right after a letter, a digit, "_", "." or ","
    starts = re.compile("[" + "".join(map(re.escape, lengths)) + r"](?<![\w.,].)", re.DOTALL)
    for start in (match.start() for match in starts.finditer(raw)):
        for length in lengths[raw[start]]:
            text = raw[start : start + length]
            if len(text) == length and text in wanted and _ends_figure(raw, start + length):
                places[text].append(start)
    return places


def _occurrences(raw: str, text: str) -> Iterable[int]:
    """Where ``text`` stands in ``raw`` as a whole figure: not inside a longer word or
    number ("16,000" is not in "116,000" nor in "16,000.5")."""
    start = raw.find(text)
    while start >= 0:
        before = raw[start - 1] if start else " "
        if not (before.isalnum() or before in "_.,") and _ends_figure(raw, start + len(text)):
            yield start
        start = raw.find(text, start + 1)


def _ends_figure(raw: str, end: int) -> bool:
    after, next_after = raw[end : end + 1], raw[end + 1 : end + 2]
    return not (after.isalnum() or after == "_" or (after in ".," and next_after.isdigit()))


def _in_furniture(item: Processed, start: int) -> int:
    """Whether ``start`` falls in the article's furniture (in order, apart: one bisection)."""
    furniture = item.cleaned.furniture
    i = bisect.bisect_right(furniture, start, key=operator.attrgetter("start")) - 1
    return int(i >= 0 and start < furniture[i].end)


# --- as SQLite stores them --------------------------------------------------------------


def values(table: str, rows: Iterable[dict]) -> Iterator[tuple]:
    """Rows of dicts, each with some or all of the table's columns (the rest are null),
    as tuples in the order of the table's columns."""
    columns = list(schema.TABLES[table][0])
    return (tuple(map(row.get, columns)) for row in rows)


# What SQLite stores: 64-bit integers, and text that UTF-8 encodes (no lone surrogates).
SQLITE_INTEGERS = range(-(2**63), 2**63)


def unstorable(rows: dict[str, list[tuple]]) -> str | None:
    """What in one article's rows (as ``values`` makes them) SQLite cannot store, if anything."""
    for table, table_rows in rows.items():
        columns = list(schema.TABLES[table][0])
        for row in table_rows:
            for column, value in zip(columns, row, strict=True):
                if type(value) is int and value not in SQLITE_INTEGERS:
                    return f"{table}.{column} {value:.3g} is past SQLite's 64-bit integers"
                if type(value) is str and not value.isascii() and formats.has_lone_surrogate(value):
                    return f"{table}.{column} holds text that is not UTF-8 (a lone surrogate)"
    return None
