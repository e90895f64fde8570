"""The steps from one article file to its rows, as pure functions of the text.

read → clean → sentences → figures → claims → curation, one article at a time
(in parallel, see ``cli``); linking across articles happens once they are stored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from . import claims, curate, dates, reference, sentences, store
from .clean import Cleaned, FurnitureRules, clean
from .dates import When
from .lexicon import Lexicon
from .read import DEFAULT_MAX_BYTES, Article, ArticleError, read_article


@dataclass(frozen=True)
class Processed:
    article: Article
    cleaned: Cleaned
    sentences: list[sentences.Sentence]
    published: When | None
    claims: list[claims.Claim]


def process(article: Article, lexicon: Lexicon, rules: FurnitureRules) -> Processed:
    cleaned = clean(article.raw, rules)
    return _read_claims(article, cleaned, sentences.split(cleaned.blocks), lexicon)


def _read_claims(
    article: Article, cleaned: Cleaned, split: list[sentences.Sentence], lexicon: Lexicon
) -> Processed:
    lines = [block.text for block in cleaned.blocks]
    published = dates.publication_date(article.meta, article.headline, lines)
    readings = claims.read(split, published, lexicon, article.meta.get("outlet"))
    return Processed(
        article=article,
        cleaned=cleaned,
        sentences=split,
        published=published,
        claims=claims.consolidate(article.id, article.raw, readings),
    )


def date_by_reference(item: Processed, series: reference.Series, lexicon: Lexicon) -> Processed:
    """An article the text does not date to the day, dated by the one daily report
    its running total matches (its claims read again, so that they take that date)."""
    if item.published and item.published.precision == "day":
        return item
    rows = [store.claim_row(claim) for claim in item.claims]
    figures = [(row["value"], reference.field_of(row)) for row in rows if row["subject_side"] == "russia"]
    evidence = reference.dating_evidence([f for f in figures if f[1]], series, item.published)
    if evidence is None:
        return item
    day, value = evidence
    meta = dict(
        item.article.meta,
        published=day.isoformat(),
        published_from=f"its figure {value:,} matches the ministry's report of {day.isoformat()}",
    )
    return _read_claims(replace(item.article, meta=meta), item.cleaned, item.sentences, lexicon)


@dataclass(frozen=True)
class Context:
    """What every article's extraction needs; sent once to each worker process."""

    lexicon: Lexicon
    curation: curate.Curation | None = None
    series: reference.Series | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Outcome:
    """One file's result: a warning, an article unchanged since the previous build
    (``rows`` is None), or the rows of a new or changed article."""

    path: Path
    id: str | None = None
    sha256: str | None = None
    rows: dict[str, list[tuple]] | None = None
    used: frozenset[str] = frozenset()
    warning: str | None = None
    # seconds spent reading, extracting (clean, sentences, figures, claims) and making rows
    seconds: tuple[float, float, float] = (0.0, 0.0, 0.0)


def extract(path: Path, context: Context, rules: FurnitureRules) -> Outcome:
    started = time.perf_counter()
    try:
        article = read_article(path, context.max_bytes)
    except ArticleError as error:
        return Outcome(path, warning=str(error))
    except OSError as error:
        return Outcome(path, warning=f"{path}: cannot be read ({error.strerror})")
    used: set[str] = set()
    if context.curation:
        meta, used = context.curation.article_meta(article.id)
        article = replace(article, meta=article.meta | meta)
    read_at = time.perf_counter()
    item = process(article, context.lexicon, rules)
    if context.series:
        item = date_by_reference(item, context.series, context.lexicon)
    extracted_at = time.perf_counter()
    rows, matched = store.article_rows(item, context.lexicon, context.curation)
    used |= matched
    rows["articles"][0]["curation_entries"] = ",".join(sorted(used)) or None
    # tuples, not dicts: cheaper to send, and the main process only has to insert them
    values = {table: list(store.values(table, table_rows)) for table, table_rows in rows.items()}
    seconds = (read_at - started, extracted_at - read_at, time.perf_counter() - extracted_at)
    return Outcome(path, article.id, article.sha256, values, frozenset(used), seconds=seconds)
