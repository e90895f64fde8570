"""The steps from one article file to its claims, as pure functions of the text.

read → clean → sentences → figures → claims; linking across articles and
storing happen once every article has been through these steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import claims, dates, sentences
from .clean import Cleaned, FurnitureRules, clean
from .dates import When
from .lexicon import Lexicon
from .read import Article


@dataclass(frozen=True)
class Processed:
    article: Article
    cleaned: Cleaned
    sentences: list[sentences.Sentence]
    published: When | None
    claims: list[claims.Claim]


def process(article: Article, lexicon: Lexicon, rules: FurnitureRules) -> Processed:
    cleaned = clean(article.raw, rules)
    split = sentences.split(cleaned.blocks)
    lines = [block.text for block in cleaned.blocks]
    published = dates.publication_date(article.meta, article.headline, lines)
    readings = claims.read(split, published, lexicon)
    return Processed(
        article=article,
        cleaned=cleaned,
        sentences=split,
        published=published,
        claims=claims.consolidate(article.id, article.raw, readings),
    )
