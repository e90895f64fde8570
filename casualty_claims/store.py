"""Step 7: write processed articles into a fresh database file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import regex
import sqlite_utils

from . import curate, link, reference
from .claims import ATTRIBUTION_RANK, KIND_RANK, Claim, measure_of, population_of
from .lexicon import Lexicon
from .pipeline import Processed
from .reference import Reference


def sentence_id(article: str, position: int) -> str:
    return f"{article}:{position}"


def write_lexicon(db: sqlite_utils.Database, lexicon: Lexicon) -> None:
    claimants = sorted(lexicon.claimants.values(), key=lambda c: c.speaks_for is not None)
    db["claimants"].insert_all(
        {
            "id": c.id,
            "name": c.name,
            "kind": c.kind,
            "side": c.side,
            "speaks_for": c.speaks_for,
            "roles": ", ".join(c.roles),
        }
        for c in claimants
    )
    db["claimant_aliases"].insert_all(
        {"id": f"{c.id}:{n}", "claimant": c.id, "alias": alias}
        for c in lexicon.claimants.values()
        for n, alias in enumerate(c.aliases)
    )


def claim_row(claim: Claim) -> dict:
    primary = claim.primary
    start, end = primary.span
    as_of = primary.as_of
    return {
        "id": claim.id,
        "article": claim.article,
        "sentence": sentence_id(claim.article, primary.sentence.position),
        "claimant": primary.claimant.id if primary.claimant else None,
        "claimant_text": primary.claimant_text,
        "attribution": primary.attribution,
        "subject_side": next(
            (
                r.subject_side
                for r in sorted(claim.readings, key=lambda r: r is not primary)
                if r.subject_side != "unknown"
            ),
            "unknown",
        ),  # fmt: skip
        "population": population_of(claim),
        "measure": measure_of(claim),
        "unit": primary.unit,
        "value": primary.figure.value,
        "value_low": primary.figure.low,
        "value_high": primary.figure.high,
        "qualifier": primary.qualifier,
        "as_of": as_of.iso if as_of else None,
        "as_of_precision": as_of.precision if as_of else None,
        "as_of_method": as_of.method if as_of else None,
        "period_start": primary.period_start,
        "period_end": as_of.iso if as_of and primary.period_start else None,
        "span_start": start,
        "span_end": end,
        "figure_text": primary.figure.text,
        "quote": primary.sentence.text,
        "in_quote": int(primary.in_quote),
        "mention_count": len(claim.readings),
        "origin": "news",
        "source_uri": None,
        "reference_row": None,
    }


def link_row(row: dict, lexicon: Lexicon, published: str | None) -> link.ClaimRow:
    """What linking needs of a claim row: its claimant's side, and how well it is attributed."""
    claimant = lexicon.claimants.get(row["claimant"]) if row["claimant"] else None
    return link.ClaimRow(
        id=row["id"],
        article=row["article"],
        claimant=row["claimant"],
        claimant_side=claimant.side if claimant else "unknown",
        subject_side=row["subject_side"],
        population=row["population"],
        measure=row["measure"],
        unit=row["unit"],
        value=row["value"],
        value_low=row["value_low"],
        value_high=row["value_high"],
        qualifier=row["qualifier"],
        as_of=row["as_of"],
        as_of_precision=row["as_of_precision"],
        published=published,
        rank=(
            claimant is not None,
            KIND_RANK.get(claimant.kind, 0) if claimant else 0,
            ATTRIBUTION_RANK[row["attribution"]],
        ),
    )


def write_all(
    db: sqlite_utils.Database,
    processed: list[Processed],
    lexicon: Lexicon,
    series: Reference | None = None,
    curation: curate.Curation | None = None,
) -> None:
    """Every article with its claims as curated, the claim groups across articles,
    the counterclaim pairs between them (rejected claims left out) and, with a
    reference series, the series' claims and how each news figure compares with it."""
    write_lexicon(db, lexicon)
    extracted = [claim_row(claim) for item in processed for claim in item.claims]
    raws = {item.article.id: item.article.raw for item in processed}
    curated = curate.apply(curation or curate.Curation(curate.CURATION_FILE), extracted, raws)
    rows: dict[str, list[dict]] = {item.article.id: [] for item in processed}
    for row in curated:
        rows[row["article"]].append(row)
    published = {item.article.id: item.published.iso if item.published else None for item in processed}
    groups, group_of, representative = link.group_claims(
        [link_row(row, lexicon, published[row["article"]]) for row in curated if row["status"] != "rejected"]
    )
    db["claim_groups"].insert_all(groups)
    for item in processed:
        for row in rows[item.article.id]:
            row["claim_group"] = group_of.get(row["id"])
        write_article(db, item, rows[item.article.id])
    pairs = link.pair_groups(groups, representative)
    if series is not None:
        news = [row for row in curated if row["status"] != "rejected"]
        pairs += write_reference(db, series, news, groups, lexicon, representative)
    db["counterclaims"].insert_all(sorted(pairs, key=lambda p: p["id"]))
    write_build_summary(db)


BUILD_SUMMARY = """
SELECT
  (SELECT count(*) FROM articles
     WHERE id NOT IN (SELECT article FROM claims WHERE origin = 'reference')) AS articles,
  (SELECT count(*) FROM claims WHERE origin = 'news' AND status != 'rejected') AS claims,
  (SELECT count(DISTINCT claimant) FROM claims WHERE origin = 'news' AND status != 'rejected') AS claimants,
  (SELECT count(*) FROM counterclaims) AS counterclaims,
  (SELECT count(*) FROM reference_reports) AS reference_reports,
  (SELECT max(date) FROM reference_reports) AS reference_until
"""


def write_build_summary(db: sqlite_utils.Database) -> None:
    """The counts the home page shows, and when the build ran, computed once here."""
    cursor = db.execute(BUILD_SUMMARY)
    counts = dict(zip([column[0] for column in cursor.description], cursor.fetchone(), strict=True))
    built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    db["build"].insert({"id": 1, "built_at": built_at, **counts})


def write_reference(
    db: sqlite_utils.Database,
    series: Reference,
    news: list[dict],
    groups: list[dict],
    lexicon: Lexicon,
    representative: dict[str, str],
) -> list[dict]:
    """The series as a source with its reports and claims; the check of every Ukrainian
    news figure against it; the pairs of the Russian side's claims with its nearest report."""
    db["articles"].insert(reference.article_row(series.path, series.reports.reports, series.sha256))
    db["reference_reports"].insert_all(reference.report_rows(series.reports.reports))
    claims = reference.claim_rows(series.reports.reports)
    db["claim_groups"].insert_all(reference.group_rows(claims))
    db["claims"].insert_all(dict(claim, claim_group=claim["id"]) for claim in claims)
    ukrainian = [
        row for row in news if row["claimant"] and lexicon.claimants[row["claimant"]].side == "ukraine"
    ]
    db["reference_checks"].insert_all(
        filter(None, (reference.check(row, series.reports) for row in ukrainian))
    )
    return reference.pairs(groups, representative, series.reports)


def mention_rows(item: Processed, claim: Claim) -> Iterable[dict]:
    """Every reading of the claim, and every other place its figure is written
    (a repeated caption, a reader's comment quoting it)."""
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
    for text in {r.figure.text for r in claim.readings if len(regex.sub(r"\D", "", r.figure.text)) >= 3}:
        for match in regex.finditer(r"(?<![\w.,])" + regex.escape(text) + r"(?![\w]|[.,]\d)", raw):
            if match.start() not in seen:
                seen.add(match.start())
                yield {
                    "claim": claim.id,
                    "article": claim.article,
                    "sentence": None,
                    "span_start": match.start(),
                    "span_end": match.end(),
                    "text": text,
                    "kind": "repeat",
                }


def _in_furniture(item: Processed, start: int) -> int:
    return int(any(f.start <= start < f.end for f in item.cleaned.furniture))


def write_article(db: sqlite_utils.Database, item: Processed, claim_rows: list[dict]) -> None:
    article = item.article
    published = item.published
    db["articles"].insert(
        {
            "id": article.id,
            "path": str(article.path),
            "sha256": article.sha256,
            "encoding": article.encoding,
            "title": article.meta.get("title") or article.headline,
            "outlet": article.meta.get("outlet"),
            "url": article.meta.get("url"),
            "published": published.iso if published else None,
            "published_precision": published.precision if published else None,
            "published_method": published.method if published else None,
            "raw_text": article.raw,
            "cleaned_text": item.cleaned.text,
        }
    )
    db["furniture"].insert_all(
        {"id": f"{article.id}:{f.start}", "article": article.id, "start": f.start,
         "end": f.end, "reason": f.reason, "text": f.text}
        for f in item.cleaned.furniture
    )  # fmt: skip
    db["sentences"].insert_all(
        {
            "id": sentence_id(article.id, s.position),
            "article": article.id,
            "position": s.position,
            "paragraph": s.paragraph,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "is_headline": int(s.is_headline),
        }
        for s in item.sentences
    )
    db["claims"].insert_all(claim_rows)
    mentions = []
    for claim in item.claims:
        for row in mention_rows(item, claim):
            row["id"] = f"{claim.id}:{row['span_start']}"
            row["in_furniture"] = _in_furniture(item, row["span_start"])
            mentions.append(row)
    db["mentions"].insert_all(mentions)
