"""/-/claimants: who made the claims, each with its side, kind, whether the lexicon knows it
or it was read from the text, its number of claims and the dates of its first and last,
linked to its page; sorted by any of those, a page at a time.

It lists the claimants of at least one news claim, as the home page counts them; the
lexicon's claimants that no article names are in the claimants table.
"""

from __future__ import annotations

from casualty_claims.vocabulary import COUNTS, SIDE_LABELS

from .listing import DEFAULT_SIZE, Listing, Order, listed
from .site import check_permissions, database, filtered, links, page_url, respond

# The columns a reader may sort by, by the name the query string gives them.
SORTS = {
    "name": "claimants.name COLLATE NOCASE",
    "side": "claimants.side",
    "kind": "claimants.kind",
    "inferred": "claimants.inferred",
    "claims": "claimants.claim_count",
    "first": "dated.first_claim",
    "last": "dated.last_claim",
}
MOST_CLAIMS_FIRST = Order(sort="claims", descending=True, page=1, size=DEFAULT_SIZE)
# claim_count is the claimant's news claims less rejected ones, counted by the build.
# {order} is one of SORTS' expressions, never the reader's text.
CLAIMANTS = f"""
SELECT claimants.id, claimants.name, claimants.side, claimants.kind, claimants.inferred,
    claimants.claim_count, dated.first_claim, dated.last_claim
FROM claimants
LEFT JOIN (
    SELECT claimant, min(as_of) AS first_claim, max(as_of) AS last_claim
    FROM claims WHERE origin = 'news' AND {COUNTS} GROUP BY claimant
) AS dated ON dated.claimant = claimants.id
WHERE claimants.claim_count > 0
ORDER BY {{order}}
LIMIT :limit OFFSET :offset
"""
CLAIMANT_COUNT = "SELECT count(*) FROM claimants WHERE claim_count > 0"
CLAIMANT_LIST = Listing(CLAIMANTS, CLAIMANT_COUNT, SORTS, MOST_CLAIMS_FIRST, tie="claimants.id")
UNNAMED_CLAIMANTS = "SELECT count(*) FROM claimants WHERE claim_count = 0"


async def claimant_list_page(datasette, request):
    await check_permissions(datasette, request)
    db = database(datasette)
    rows, pages = await listed(datasette, request, db, CLAIMANT_LIST)
    data = {
        "title": "Claimants",
        "rows": [_claimant(datasette, row) for row in rows],
        **pages,
        "without_claims": (await db.execute(UNNAMED_CLAIMANTS)).first()[0],
        "without_claims_table": filtered(datasette, "claimants", claim_count="0"),
        "links": links(datasette),
    }
    return await respond(datasette, request, "claimant_list.html", data)


def _claimant(datasette, row) -> dict:
    return {
        "id": row["id"],
        "name": row["name"],
        "side": row["side"],
        "side_label": SIDE_LABELS.get(row["side"], row["side"]),
        "kind": row["kind"],
        "inferred": bool(row["inferred"]),
        "claims": row["claim_count"],
        "first_claim": row["first_claim"],
        "last_claim": row["last_claim"],
        "page": page_url(datasette, "claimants", row["id"]),
    }
