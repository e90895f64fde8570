"""/-/claim/{id}: one claim in its sentence and paragraph, the outlets that reported
it, its counterclaims, its check against the ministry's series, and how to cite it."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from casualty_claims import caveats, reference
from casualty_claims.vocabulary import (
    DIFFERS,
    INCREMENT,
    MATCHES,
    PERIOD,
    RELATION_LABELS,
    SCOPE_LABELS,
    TOTAL,
)

from . import excerpts
from .claims import CLAIM_COLUMNS, CLAIM_JOINS, claim_dict, figure_phrase
from .excerpts import Excerpt
from .markup import marked, safe_url
from .site import check_permissions, database, links, page_url, requested_row, respond

ONE_CLAIM = f"""
SELECT {CLAIM_COLUMNS}, claims.span_start, claims.span_end, claims.in_quote, claims.source_uri,
    claims.sentence AS sentence_id, articles.published_precision, articles.published_method,
    sentences.start AS sentence_start, sentences."end" AS sentence_end, sentences.paragraph,
    claimants.kind AS claimant_kind, claims.scope, claims.scope_text, claims.period_end, claims.place,
    claims.place_text, places.name AS place_name, {excerpts.TEXTS}
{CLAIM_JOINS}
LEFT JOIN sentences ON sentences.id = claims.sentence
LEFT JOIN places ON places.id = claims.place
WHERE claims.id = :id
"""
# A claim is shown in its paragraph, or, where the paragraph goes on for more than this many
# characters before or after its sentence (a page of one line has a paragraph of megabytes), in
# the sentences within that many: a sentence has at most 1,000 characters (sentences.MAX_SENTENCE),
# so the page sends at most 5,000 characters of the text.
CONTEXT_CHARACTERS = 2_000
CONTEXT = """
WITH own AS (SELECT article, paragraph, start, "end" FROM sentences WHERE id = :sentence)
SELECT min(around.start) FILTER (WHERE around.start >= own.start - :around) AS start,
    max(around."end") FILTER (WHERE around."end" <= own."end" + :around) AS "end",
    min(around.start) < own.start - :around AS cut_before,
    max(around."end") > own."end" + :around AS cut_after
FROM own JOIN sentences AS around ON around.article = own.article AND around.paragraph = own.paragraph
"""
# Only the characters shown are read out of the article's text (SQLite counts from 1).
TEXT_BETWEEN = "SELECT substr(raw_text, :start + 1, :end - :start) FROM article_texts WHERE id = :id"
# Or, from a quotes-only database, the sentences of the paragraph it kept there.
SENTENCES_BETWEEN = """
SELECT position, paragraph, start, "end", text FROM sentences
WHERE article = :id AND paragraph = :paragraph AND start >= :start AND "end" <= :end
ORDER BY position
"""
REPORTED_BY = f"""
SELECT {CLAIM_COLUMNS} {CLAIM_JOINS}
WHERE claims.claim_group = :group
ORDER BY articles.published, claims.article, claims.id
"""
COUNTERCLAIMS_OF_GROUP = """
SELECT
    counterclaims.id AS pair_id, counterclaims.relation, counterclaims.comparable, counterclaims.ratio,
    counterclaims.gap_days,
    counterclaims.caveats, counterclaims.measure AS pair_measure, counterclaims.counter_measure,
    other.id AS other_group, other.value, other.value_low, other.value_high, other.qualifier, other.as_of,
    other.display, other.measure, other.unit, other.claimant_side,
    coalesce(claimants.name, 'unknown') AS claimant,
    other.claimant AS claimant_id, claimants.inferred AS claimant_inferred, other.article_count,
    said.qualifier_text, said.scope, said.period_start, said.period_end,
    CASE WHEN counterclaims.claim_group = :group THEN counterclaims.counter_id ELSE counterclaims.claim_id END
        AS other_claim,
    CASE WHEN counterclaims.claim_group = :group THEN 'claim' ELSE 'counter' END AS own_side
FROM counterclaims
JOIN claim_groups AS other ON other.id = CASE WHEN counterclaims.claim_group = :group
    THEN counterclaims.counter_group ELSE counterclaims.claim_group END
LEFT JOIN claimants ON claimants.id = other.claimant
LEFT JOIN claims AS said ON said.id = other.claim
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
    claim["source_uri"] = safe_url(row["source_uri"])
    claim["span"] = {"start": row["span_start"], "end": row["span_end"]}
    claim["in_quote"] = bool(row["in_quote"])
    claim["covers"] = covers(row["scope"], row["period_start"], row["period_end"], row["scope_text"])
    claim["quotes_only"] = excerpts.quotes_only(row)
    if row["origin"] == reference.ORIGIN:  # no article: the ministry published it on the report's date
        claim["article_published"] = None
        claim["reported_on"] = row["as_of"]
    else:
        claim["article_published"] = {
            "date": row["published"],
            "precision": row["published_precision"],
            "method": row["published_method"],
        }
    return claim


async def _in_context(db, row) -> tuple[str, Markup]:
    """The claim's sentence, and its paragraph (or the sentences near it, with "…" where the
    paragraph goes on) with the sentence and the figure marked."""
    context = (
        await db.execute(CONTEXT, {"sentence": row["sentence_id"], "around": CONTEXT_CHARACTERS})
    ).first()
    bounds = {
        "id": row["article"],
        "paragraph": row["paragraph"],
        "start": context["start"],
        "end": context["end"],
    }
    if excerpts.quotes_only(row):
        text = excerpts.from_sentences((await db.execute(SENTENCES_BETWEEN, bounds)).rows)
    else:
        text = [Excerpt(bounds["start"], (await db.execute(TEXT_BETWEEN, bounds)).first()[0])]
    marks = [
        (
            row["sentence_start"],
            row["sentence_end"],
            Markup('<strong class="cc-sentence">'),
            Markup("</strong>"),
        ),
        (row["span_start"], row["span_end"], Markup('<mark class="cc-figure">'), Markup("</mark>")),
    ]
    # within one paragraph, an excerpt after the first follows sentences left out
    html = Markup(" {} ").format(excerpts.OMITTED).join(marked(e.text, e.start, marks) for e in text)
    before, after = ("… " if context["cut_before"] else ""), (" …" if context["cut_after"] else "")
    return excerpts.text_between(text, row["sentence_start"], row["sentence_end"]), before + html + after


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
    counter["relation_label"] = RELATION_LABELS[row["relation"]]
    counter["figure"] = figure_phrase(counter)
    # the pair's caveats as this page's reader stands: on this claim's side of the pair
    counter["caveats"] = caveats.read(caveats.loaded(row["caveats"]), caveats.from_side(row["own_side"]))
    return counter


def _reference_check(datasette, check) -> dict:
    """ "matches the ministry's report of 13 November 2022", by how much it differs, or why
    it is flagged rather than compared (one day's change, or a running total given as a period)."""
    day = dt.date.fromisoformat(check["report"])
    when = f"{day.day} {day:%B %Y}"
    if check["outcome"] == MATCHES:
        verdict = f"matches the ministry's report of {when}"
    elif check["outcome"] == DIFFERS:
        more_or_less = "more" if check["difference"] > 0 else "less"
        verdict = (
            f"is {abs(check['difference']):,} {more_or_less} than the ministry's report of {when} "
            f"({check['report_value']:,})"
        )
    elif check["outcome"] == INCREMENT:
        verdict = (
            f"equals one day's change in the ministry's reports, up to that of {when}: "
            "a day's losses, not a running total"
        )
    else:  # TOTAL_AS_PERIOD
        verdict = (
            f"is given for a period but equals the ministry's running total of {when}: "
            "it is most likely that total"
        )
    return dict(
        check,
        verdict=verdict,
        report_page=page_url(datasette, "claims", check["report_claim"]),
        report_link=page_url(datasette, "reference_reports", check["report"]),
        source_uri=safe_url(check["source_uri"]),
    )


def citation(claim: dict, page: str) -> str:
    """The claim cited in one line: who claimed what, where it was reported, and this page."""
    if claim["origin"] == reference.ORIGIN:
        source = _report_citation(claim)
    else:
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


def _report_citation(claim: dict) -> str:
    """Where a figure of the ministry's series was published: its daily report (the claimant is
    named once, at the head of the citation), and the dataset the site read it from."""
    page = f", {claim['source_uri']}" if claim["source_uri"] else ""
    return (
        f"its daily report for {claim['as_of']}{page}, "
        f"as collected by {reference.SERIES_URL} ({reference.SERIES_LICENCE} licence)"
    )
