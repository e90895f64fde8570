"""/-/contested: every contested subject, with a timeline of its claims and its
counterclaim pairs, the largest disparities first."""

from __future__ import annotations

from casualty_claims import caveats
from casualty_claims.likeness import LIKE_RULES
from casualty_claims.vocabulary import COUNTS, REJECTED, RELATION_LABELS

from .cache import once_per_database
from .charts import counted, left_out, loss_charts
from .claims import CLAIM_COLUMNS, CLAIM_JOINS, PAGE_LIMIT, charted, claim_dict
from .series import SERIES_LINE
from .site import check_permissions, database, filtered, links, page_url, respond

PAIRS_LIMIT = 50

# Each list below ends its order with an id: a page lists the same rows in the same order
# whatever order a build happened to write them in (its workers finish in any order).
SUBJECTS = "SELECT * FROM subjects WHERE claims > 0 ORDER BY position"
SUBJECT_CLAIMS = f"""
SELECT {CLAIM_COLUMNS} {CLAIM_JOINS}
WHERE claims.subject = :subject AND claims.{COUNTS}
ORDER BY claims.as_of DESC, claims.value DESC, claims.id
LIMIT :limit
"""
SUBJECT_PAIRS = """
SELECT * FROM counterclaims_flat WHERE subject = :subject
ORDER BY comparable DESC, ratio DESC, pair_id
LIMIT :limit
"""


async def contested_page(datasette, request):
    await check_permissions(datasette, request)
    return await once_per_database(datasette, request, "contested", make_contested_page)


async def make_contested_page(datasette, request):
    db = database(datasette)
    series = [{"date": r["date"], "personnel": r["personnel"]} for r in (await db.execute(SERIES_LINE)).rows]
    subjects = [
        await _subject(datasette, db, subject, series) for subject in (await db.execute(SUBJECTS)).rows
    ]
    data = {
        "title": "Contested figures",
        "subjects": subjects,
        "like_rules": LIKE_RULES,
        "links": links(datasette),
    }
    return await respond(datasette, request, "contested.html", data)


async def _subject(datasette, db, subject, series: list[dict]) -> dict:
    """One subject: its newest claims (oldest first, as the chart reads) and its pairs."""
    params = {"subject": subject["id"], "limit": PAGE_LIMIT}
    claims = [claim_dict(datasette, row) for row in (await db.execute(SUBJECT_CLAIMS, params)).rows]
    claims.reverse()
    params["limit"] = PAIRS_LIMIT
    pairs = [_pair(datasette, row) for row in (await db.execute(SUBJECT_PAIRS, params)).rows]
    return {
        "slug": subject["id"],
        "title": subject["title"],
        "claims": claims,
        "claim_count": subject["claims"],
        "pairs": pairs,
        "pair_count": subject["pairs"],
        "undated": subject["claims"] - subject["charted"],
        "charts": loss_charts(subject["id"], charted(claims), series if subject["with_series"] else None),
        "charts_note": _charts_note(len(claims), subject["claims"], subject["claims"] - subject["charted"]),
        "table": filtered(datasette, "claims", subject=subject["id"], status__not=REJECTED),
        "pairs_table": filtered(datasette, "counterclaims_flat", subject=subject["id"], _sort_desc="ratio"),
    }


def _charts_note(shown: int, claims: int, undated: int) -> str:
    """What a subject's charts leave to its table: the older claims past the page's limit, and
    those without a date or counting a period (drawn among running totals, they would mislead)."""
    notes = [f"The charts draw the newest {shown:,} of {counted(claims, 'claim')}." if claims > shown else ""]
    if undated:
        notes.append(left_out(undated, "without a date or for a period"))
    return " ".join(n for n in notes if n)


def _pair(datasette, row) -> dict:
    pair = dict(row)
    pair["caveats"] = caveats.read(caveats.loaded(row["caveats"]))  # by the table's column names
    pair["claim_page"] = page_url(datasette, "claims", row["claim_id"])
    pair["counter_page"] = page_url(datasette, "claims", row["counter_id"])
    pair["relation_label"] = RELATION_LABELS[row["relation"]]
    return pair
