"""/-/claim/{id}: one claim in its sentence and paragraph, the outlets that reported
it, its counterclaims, its check against the ministry's series, and how to cite it."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from casualty_claims.vocabulary import PERIOD, SCOPE_LABELS, TOTAL

from .claims import CLAIM_COLUMNS, CLAIM_JOINS, claim_dict, figure_phrase
from .markup import marked, safe_url
from .site import check_permissions, database, links, page_url, requested_row, respond

ONE_CLAIM = f"""
SELECT {CLAIM_COLUMNS}, claims.span_start, claims.span_end, claims.in_quote, claims.origin, claims.source_uri,
    claims.sentence AS sentence_id, articles.published_precision, articles.published_method,
    sentences.start AS sentence_start, sentences."end" AS sentence_end, sentences.paragraph,
    claimants.kind AS claimant_kind, claims.scope, claims.scope_text, claims.period_end, claims.place,
    claims.place_text, places.name AS place_name
{CLAIM_JOINS}
LEFT JOIN sentences ON sentences.id = claims.sentence
LEFT JOIN places ON places.id = claims.place
WHERE claims.id = :id
"""
PARAGRAPH = """
SELECT min(start) AS start, max("end") AS "end" FROM sentences
WHERE article = :article AND paragraph = :paragraph
"""
ARTICLE_TEXT = "SELECT raw_text FROM articles WHERE id = :id"
REPORTED_BY = f"""
SELECT {CLAIM_COLUMNS} {CLAIM_JOINS}
WHERE claims.claim_group = :group
ORDER BY articles.published, claims.article, claims.id
"""
COUNTERCLAIMS_OF_GROUP = """
SELECT
    counterclaims.id AS pair_id, counterclaims.comparable, counterclaims.ratio, counterclaims.gap_days,
    counterclaims.caveats, counterclaims.measure AS pair_measure, counterclaims.counter_measure,
    other.id AS other_group, other.value, other.value_low, other.value_high, other.qualifier, other.as_of,
    other.measure, other.claimant_side, coalesce(claimants.name, 'unknown') AS claimant,
    other.claimant AS claimant_id, claimants.inferred AS claimant_inferred, other.article_count,
    CASE WHEN counterclaims.claim_group = :group THEN counterclaims.counter_id ELSE counterclaims.claim_id END
        AS other_claim
FROM counterclaims
JOIN claim_groups AS other ON other.id = CASE WHEN counterclaims.claim_group = :group
    THEN counterclaims.counter_group ELSE counterclaims.claim_group END
LEFT JOIN claimants ON claimants.id = other.claimant
WHERE counterclaims.claim_group = :group OR counterclaims.counter_group = :group
ORDER BY counterclaims.comparable DESC, counterclaims.ratio DESC, counterclaims.id
"""
REFERENCE_CHECK = """
SELECT reference_checks.*, reference_reports.source_uri
FROM reference_checks JOIN reference_reports ON reference_reports.id = reference_checks.report
WHERE reference_checks.claim = :id
"""


async def claim_page(datasette, request):
    await check_permissions(datasette, request)
    db = database(datasette)
    row = await requested_row(datasette, request, ONE_CLAIM, "claims")
    claim = await _claim_in_context(datasette, db, row)
    group = {"group": row["claim_group"]}
    reported = [claim_dict(datasette, r) for r in (await db.execute(REPORTED_BY, group)).rows]
    counters = [_counter(datasette, r) for r in (await db.execute(COUNTERCLAIMS_OF_GROUP, group)).rows]
    check = (await db.execute(REFERENCE_CHECK, {"id": row["id"]})).first()
    data = {
        "title": f"Claim {claim['id']}: {claim['summary']}",
        "claim": claim,
        "reference_check": _reference_check(datasette, check) if check else None,
        "reported_by": reported,
        "counterclaims": counters,
        "citation": citation(claim, datasette.absolute_url(request, claim["page"])),
        "links": links(datasette),
    }
    return await respond(datasette, request, "claim.html", data)


async def _claim_in_context(datasette, db, row) -> dict:
    """The claim with its sentence, paragraph, span and where it was published."""
    claim = claim_dict(datasette, row)
    if row["sentence_id"]:
        claim["sentence"], claim["paragraph_html"] = await _in_context(db, row)
    else:  # a figure of the reference series: its report is its context
        claim["sentence"], claim["paragraph_html"] = row["quote"], escape(row["quote"])
    claim["origin"], claim["source_uri"] = row["origin"], safe_url(row["source_uri"])
    claim["span"] = {"start": row["span_start"], "end": row["span_end"]}
    claim["in_quote"] = bool(row["in_quote"])
    claim["covers"] = covers(row["scope"], row["period_start"], row["period_end"], row["scope_text"])
    claim["article_published"] = {
        "date": row["published"],
        "precision": row["published_precision"],
        "method": row["published_method"],
    }
    return claim


async def _in_context(db, row) -> tuple[str, Markup]:
    """The claim's sentence, and its paragraph with the sentence and the figure marked."""
    paragraph = (
        await db.execute(PARAGRAPH, {"article": row["article"], "paragraph": row["paragraph"]})
    ).first()
    raw = (await db.execute(ARTICLE_TEXT, {"id": row["article"]})).first()[0]
    html = marked(
        raw[paragraph["start"] : paragraph["end"]],
        paragraph["start"],
        [
            (
                row["sentence_start"],
                row["sentence_end"],
                Markup('<strong class="cc-sentence">'),
                Markup("</strong>"),
            ),
            (row["span_start"], row["span_end"], Markup('<mark class="cc-figure">'), Markup("</mark>")),
        ],
    )
    return raw[row["sentence_start"] : row["sentence_end"]], html


def covers(scope: str | None, start: str | None, end: str | None, words: str | None) -> str:
    """ "running total since the war began", "12–13 November 2022 ('in the past 24 hours')",
    "a stated period, until 13 November 2022 ('another')"."""
    if scope != PERIOD:
        phrase = SCOPE_LABELS[TOTAL]
    elif start and end:
        phrase = day_span(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    elif end:
        phrase = f"a stated period, until {_day(dt.date.fromisoformat(end))}"
    elif start:
        phrase = f"a stated period, from {_day(dt.date.fromisoformat(start))}"
    else:
        phrase = "a stated period"
    return f"{phrase} (‘{words}’)" if words else phrase


def day_span(start: dt.date, end: dt.date) -> str:
    """ "12–13 November 2022", "28 October – 3 November 2022", "1 January 2023 – 2 March 2024"."""
    if start == end:
        return _day(end)
    if start.year != end.year:
        return f"{_day(start)} – {_day(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} – {_day(end)}"
    return f"{start.day}–{_day(end)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _counter(datasette, row) -> dict:
    counter = dict(row)
    counter["page"] = page_url(datasette, "claims", row["other_claim"])
    counter["claimant_page"] = row["claimant_id"] and page_url(datasette, "claimants", row["claimant_id"])
    counter["claimant_inferred"] = bool(row["claimant_inferred"])
    counter["figure"] = figure_phrase(
        row["value"], row["value_low"], row["value_high"], row["qualifier"], row["measure"], None
    )
    return counter


def _reference_check(datasette, check) -> dict:
    """ "matches the ministry's report of 13 November 2022", or by how much it differs."""
    day = dt.date.fromisoformat(check["report"])
    when = f"{day.day} {day:%B %Y}"
    if check["matches"]:
        verdict = f"matches the ministry's report of {when}"
    else:
        more_or_less = "more" if check["difference"] > 0 else "less"
        verdict = (
            f"is {abs(check['difference']):,} {more_or_less} than the ministry's report of {when} "
            f"({check['report_value']:,})"
        )
    report_page = page_url(datasette, "claims", check["report_claim"])
    return dict(check, verdict=verdict, report_page=report_page, source_uri=safe_url(check["source_uri"]))


def citation(claim: dict, page: str) -> str:
    """The claim cited in one line: who claimed what, where it was reported, and this page."""
    published = claim["published"] or "date unknown"
    outlet = claim["outlet"] or "unknown outlet"
    source = f"{outlet}, “{claim['article_title']}”, {published}"
    if claim["article_url"]:
        source += f", {claim['article_url']}"
    via = f" (via {claim['via']})" if claim.get("via") else ""
    return (
        f"{claim['claimant']}{via}, claim of {claim['figure']} ({claim['subject']}), "
        f"as of {claim['as_of'] or 'an unknown date'}. Reported in {source}. "
        f"casualty-claims, claim {claim['id']}, {page}"
    )
