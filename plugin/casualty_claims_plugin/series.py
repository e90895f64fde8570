"""The ministry's daily loss series (``casualty_claims.reference``) as a source of its own.

/-/report/{date} reads one daily report as the ministry published it: each figure with what it
counts and the change since the report before, its page on the ministry's site, the dataset the
site read it from and its licence, and the news figures checked against it. The ministry's
claimant page shows the whole series: its personnel figure over time and its reports, a page at a
time (``?before=`` a report's date). The series is stored as the claims of one pseudo-article;
that article's page sends the reader to the ministry's page, where the series is.
"""

from __future__ import annotations

import datetime as dt

from datasette.utils.asgi import BadRequest, Response

from casualty_claims import reference
from casualty_claims.vocabulary import CHECK_OUTCOME_LABELS, STATUS_LABELS

from .charts import series_chart
from .markup import safe_url
from .site import DATABASE, check_permissions, database, filtered, links, page_url, requested_row, respond

# The reports the ministry's page lists at a time, newest first.
REPORTS_PAGE_SIZE = 100
# The news figures a report's page lists of those checked against it (the table holds them all).
CHECKS_LISTED = 50
# The fields the series' table shows beside the personnel figure; a report's page lists them all.
TABLE_FIELDS = ("tanks", "afvs", "artillery")

REPORT = """
SELECT reference_reports.*, claimants.name AS claimant_name
FROM reference_reports LEFT JOIN claimants ON claimants.id = :claimant
WHERE reference_reports.id = :id
"""
REPORT_BEFORE = "SELECT * FROM reference_reports WHERE date < :date ORDER BY date DESC LIMIT 1"
REPORT_AFTER = "SELECT id FROM reference_reports WHERE date > :date ORDER BY date LIMIT 1"
REPORT_FIGURES = "SELECT id, display, status FROM claims WHERE as_of = :date AND origin = 'reference'"
REPORT_CHECKS = """
SELECT reference_checks.claim, reference_checks.field, reference_checks.outcome, reference_checks.difference,
    claims.display, coalesce(claimants.name, 'unknown') AS claimant, articles.outlet, articles.title
FROM reference_checks
JOIN claims ON claims.id = reference_checks.claim
JOIN articles ON articles.id = claims.article
LEFT JOIN claimants ON claimants.id = claims.claimant
WHERE reference_checks.report = :date
ORDER BY reference_checks.field, reference_checks.claim
LIMIT :limit
"""
REPORT_CHECK_COUNT = "SELECT count(*) FROM reference_checks WHERE report = :date"
SERIES_SPAN = "SELECT count(*) AS report_count, min(date) AS first, max(date) AS last FROM reference_reports"
# One more than a page: the extra report gives the last one's change and says a next page exists.
REPORTS_PAGE = """
SELECT * FROM reference_reports WHERE :before IS NULL OR date < :before ORDER BY date DESC LIMIT :limit
"""
# The personnel figure of every report, oldest first, as the charts draw it.
SERIES_LINE = "SELECT date, personnel FROM reference_reports WHERE personnel > 0 ORDER BY date"


async def report_page(datasette, request):
    await check_permissions(datasette, request)
    db = database(datasette)
    row = await requested_row(datasette, request, REPORT, "reference_reports", claimant=reference.CLAIMANT)
    day = {"date": row["date"]}
    before = (await db.execute(REPORT_BEFORE, day)).first()
    after = (await db.execute(REPORT_AFTER, day)).first()
    claims = {r["id"]: r for r in (await db.execute(REPORT_FIGURES, day)).rows}
    checks = (await db.execute(REPORT_CHECKS, dict(day, limit=CHECKS_LISTED))).rows
    data = {
        "title": f"Report of the {row['claimant_name']} for {row['date']}",
        "report": _report(datasette, row),
        "claimant": {
            "name": row["claimant_name"],
            "page": page_url(datasette, "claimants", reference.CLAIMANT),
        },
        "figures": report_figures(datasette, row, before, claims),
        "previous": before and _neighbour(datasette, before["id"]),
        "next": after and _neighbour(datasette, after["id"]),
        "checks": [_check(datasette, c) for c in checks],
        "check_count": (await db.execute(REPORT_CHECK_COUNT, day)).first()[0],
        "checks_table": filtered(datasette, "reference_checks", report=row["date"]),
        "dataset": dataset(),
        "links": links(datasette),
    }
    data["citation"] = report_citation(data, datasette.absolute_url(request, data["report"]["page"]))
    return await respond(datasette, request, "report.html", data)


def report_figures(datasette, row, before, claims: dict) -> list[dict]:
    """The report's figures in the dataset's order, each with what it counts, the figure as the
    ministry gave it (its claim's, "about 5,840"), its claim and the change since ``before``."""
    figures = []
    for field, label in reference.FIELD_LABELS.items():
        claim = claims.get(reference.claim_id(row["date"], field))
        if row[field] is None or claim is None:
            continue
        earlier = before[field] if before else None
        figures.append(
            {
                "field": field,
                "label": label,
                "value": row[field],
                "figure": claim["display"],
                "status": claim["status"],
                "status_label": STATUS_LABELS.get(claim["status"], claim["status"]),
                "change": None if earlier is None else row[field] - earlier,
                "claim": claim["id"],
                "page": page_url(datasette, "claims", claim["id"]),
            }
        )
    return figures


def _report(datasette, row) -> dict:
    return {
        "date": row["date"],
        "source_uri": safe_url(row["source_uri"]),
        "row": row["row"],
        "page": page_url(datasette, "reference_reports", row["id"]),
        "json": page_url(datasette, "reference_reports", row["id"], ".json"),
        "table_row": datasette.urls.row(DATABASE, "reference_reports", row["id"]),
    }


def _neighbour(datasette, id: str) -> dict:
    return {"date": id, "page": page_url(datasette, "reference_reports", id)}


def _check(datasette, row) -> dict:
    return dict(
        row,
        page=page_url(datasette, "claims", row["claim"]),
        outcome_label=CHECK_OUTCOME_LABELS.get(row["outcome"], row["outcome"]),
        field_label=reference.FIELD_LABELS.get(row["field"], row["field"]),
    )


def dataset() -> dict:
    """Where the site read the series from, and under which licence."""
    return {"title": reference.SERIES_TITLE, "url": reference.SERIES_URL, "licence": reference.SERIES_LICENCE}


def report_citation(data: dict, page: str) -> str:
    """A report cited in one line: who published it, for which day, where, and this page."""
    source = f", {data['report']['source_uri']}" if data["report"]["source_uri"] else ""
    return (
        f"{data['claimant']['name']}, daily report of Russian losses for {data['report']['date']}{source}, "
        f"as collected by {reference.SERIES_URL} ({reference.SERIES_LICENCE} licence). "
        f"casualty-claims, report {data['report']['date']}, {page}"
    )


def series_redirect(datasette, request) -> Response:
    """The series' pseudo-article, as the ministry's page where the series is (or its JSON)."""
    if request.url_vars.get("format") == ".json":
        return Response.redirect(page_url(datasette, "claimants", reference.CLAIMANT, ".json"))
    return Response.redirect(page_url(datasette, "claimants", reference.CLAIMANT) + "#series")


def requested_before(request) -> str | None:
    """The date ``?before=`` asks the series' table to list reports before, or None for the newest."""
    before = request.args.get("before")
    if not before:
        return None
    try:
        return dt.date.fromisoformat(before).isoformat()
    except ValueError:
        raise BadRequest(f"before must be a date (YYYY-MM-DD), not {before!r}") from None


async def series_section(datasette, request, db, before: str | None) -> dict:
    """The series on its claimant's page: its span, its personnel figure charted, and a page of
    its reports, newest first, with the address of the next (older) page."""
    span = dict((await db.execute(SERIES_SPAN)).first())
    found = (await db.execute(REPORTS_PAGE, {"before": before, "limit": REPORTS_PAGE_SIZE + 1})).rows
    shown = found[:REPORTS_PAGE_SIZE]
    line = [dict(r) for r in (await db.execute(SERIES_LINE)).rows]
    next_before = shown[-1]["date"] if len(found) > REPORTS_PAGE_SIZE else None
    return {
        **span,
        "dataset": dataset(),
        "chart": series_chart("Russian personnel killed or wounded", line),
        "columns": {field: reference.FIELD_LABELS[field] for field in ("personnel", *TABLE_FIELDS)},
        "page_size": REPORTS_PAGE_SIZE,
        "before": before,
        # each report with the one before it: the next in ``found``, or none before the oldest
        "reports": [
            _table_row(datasette, row, earlier)
            for row, earlier in zip(shown, [*found[1:], None], strict=False)
        ],
        "next": next_before,
        "next_url": next_before and _paged(request, next_before),
        "newest_url": before and _paged(request, None),
    }


def _table_row(datasette, row, earlier) -> dict:
    """A report as a row of the series' table: its figures and the personnel figure's change."""
    return {
        "date": row["date"],
        "page": page_url(datasette, "reference_reports", row["id"]),
        "source_uri": safe_url(row["source_uri"]),
        "figures": {field: row[field] for field in ("personnel", *TABLE_FIELDS)},
        "personnel_change": row["personnel"] - earlier["personnel"] if earlier else None,  # never null
        # the change covers more than a day where the series skips days
        "since": earlier["date"] if earlier and _days_between(earlier["date"], row["date"]) > 1 else None,
    }


def _days_between(earlier: str, later: str) -> int:
    return (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days


def _paged(request, before: str | None) -> str:
    """This page (HTML or JSON, as asked) at another page of the series' table."""
    query = f"?before={before}" if before else ""
    return request.path + query + ("#series" if request.url_vars.get("format") != ".json" else "")
