"""/-/claimant/{id}: one claimant (a person, office or outlet), whom it speaks for, and
its claims over time; for the ministry, its daily series as well (series.py), apart from the
claims the news attributes to it."""

from __future__ import annotations

from casualty_claims.vocabulary import COUNTS, REJECTED, SIDE_LABELS

from .cache import once_per_database
from .charts import left_out, loss_charts
from .claims import CLAIM_COLUMNS, CLAIM_JOINS, PAGE_LIMIT, charted, claim_dict
from .series import requested_before, series_section
from .site import check_permissions, database, filtered, links, page_url, requested_id, requested_row, respond

CLAIMANT = """
SELECT claimants.id, claimants.name, claimants.kind, claimants.side, claimants.roles, claimants.claim_count,
    claimants.inferred, claimants.speaks_for, speaks_for.name AS speaks_for_name
FROM claimants LEFT JOIN claimants AS speaks_for ON speaks_for.id = claimants.speaks_for
WHERE claimants.id = :id
"""
CLAIMANT_ALIASES = "SELECT alias FROM claimant_aliases WHERE claimant = :id ORDER BY id"
CLAIMANT_CLAIMS = f"""
SELECT {CLAIM_COLUMNS} {CLAIM_JOINS}
WHERE claims.claimant = :id AND claims.origin = 'news' AND claims.{COUNTS}
ORDER BY claims.as_of DESC, claims.value DESC, claims.id
LIMIT :limit
"""
REPORTED_VIA = f"""
SELECT count(*) FROM claims WHERE via = :id AND origin = 'news' AND {COUNTS}
"""
SERIES_FIGURES_OF_CLAIMANT = "SELECT count(*) FROM claims WHERE origin = 'reference' AND claimant = :id"


async def claimant_page(datasette, request):
    await check_permissions(datasette, request)
    # an unknown claimant's 404 is raised while making the page, so it is not kept
    page = ("claimant", requested_id(request), requested_before(request))
    return await once_per_database(datasette, request, page, make_claimant_page)


async def make_claimant_page(datasette, request):
    db = database(datasette)
    row = await requested_row(datasette, request, CLAIMANT, "claimants")
    found = await db.execute(CLAIMANT_CLAIMS, {"id": row["id"], "limit": PAGE_LIMIT})
    claims = [claim_dict(datasette, r) for r in reversed(found.rows)]  # oldest first
    people = [c for c in charted(claims) if c["measure"] != "equipment"]
    aliases = [a["alias"] for a in (await db.execute(CLAIMANT_ALIASES, {"id": row["id"]})).rows]
    series_figures = (await db.execute(SERIES_FIGURES_OF_CLAIMANT, {"id": row["id"]})).first()[0]
    before = requested_before(request)
    series = await series_section(datasette, request, db, before) if series_figures else None
    reported = (await db.execute(REPORTED_VIA, {"id": row["id"]})).first()[0]
    data = {
        "title": row["name"],
        "claimant": _claimant(datasette, row, aliases),
        "series_figures": series_figures,
        "series": series,
        "reported_count": reported,
        "reported_table": filtered(datasette, "claims", via=row["id"], origin="news", status__not=REJECTED),
        "claims": claims,
        "claim_count": row["claim_count"],
        "table": filtered(datasette, "claims", claimant=row["id"], origin="news", status__not=REJECTED),
        "undated": len(claims) - len(people),
        "undated_note": left_out(len(claims) - len(people), "without a date, for a period or of equipment"),
        "charts": loss_charts("claimant", people, by_measure=True),
        "links": links(datasette),
    }
    return await respond(datasette, request, "claimant.html", data)


def _claimant(datasette, row, aliases: list[str]) -> dict:
    speaks_for = row["speaks_for"] and {
        "id": row["speaks_for"],
        "name": row["speaks_for_name"],
        "page": page_url(datasette, "claimants", row["speaks_for"]),
    }
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "side": row["side"],
        "side_label": SIDE_LABELS.get(row["side"], row["side"]),
        "roles": row["roles"],
        "inferred": bool(row["inferred"]),
        "speaks_for": speaks_for,
        "aliases": aliases,
        "page": page_url(datasette, "claimants", row["id"]),
        "json": page_url(datasette, "claimants", row["id"], ".json"),
    }
