"""Datasette plugin for casualty-claims: claims set beside their counterclaims.

Pages, each with a JSON twin at the same path plus ``.json``:

    /-/contested         every contested subject: a timeline chart and the counterclaim pairs
    /-/claim/{id}        one claim in its sentence and paragraph, its outlets, counterclaims, citation
    /-/article/{id}      an article with every figure linked to its claim, furniture collapsed
    /-/claimant/{id}     every claim of one claimant over time

An id is tilde-encoded in a path, as Datasette encodes table names, so that
``/-/article/report.json`` is the JSON of article ``report`` and the page of an
article ``report.json`` is ``/-/article/report~2Ejson``.

In tables, ``render_cell`` shows sides, measures and qualifiers as labels and turns
claim, article and claimant ids into links to their pages.

The plugin reads only the database, so it runs wherever Datasette does
(``datasette publish`` copies this directory); it imports nothing from the build.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

DATABASE = "claims"
# The longest string or blob any query may make or read (SQLite's SQLITE_LIMIT_LENGTH):
# above the longest text the build stores (an article of at most 5 MB, 10 MB once a
# Latin-1 file is re-encoded as UTF-8), far below the gigabyte `randomblob(999999999)`
# or `printf('%.*c', 999999999, 'x')` would otherwise allocate.
MAX_VALUE_BYTES = 16 * 1024 * 1024
# Only web addresses become links: `javascript:` or `data:` URLs, and anything with
# spaces or control characters inside (which browsers strip or skip), never do.
SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f/?#][^\s\x00-\x1f\x7f]*", re.IGNORECASE)
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
VENDORED_SCRIPTS = ["vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js", "charts.js"]

SIDE_LABELS = {
    "ukraine": "Ukraine", "russia": "Russia", "third_party": "Third party", "both": "Both sides", "unknown": "Unknown",
}  # fmt: skip
MEASURE_LABELS = {
    "killed": "killed",
    "wounded": "wounded",
    "killed_or_wounded": "killed or wounded",
    "captured": "captured",
    "missing": "missing",
    "displaced": "displaced",
    "equipment": "equipment",
}
QUALIFIER_LABELS = {
    "exact": "exact",
    "at_least": "at least",
    "at_most": "at most",
    "approximately": "approximately",
    "range": "range",
    "projection": "projection",
    "vague": "vague",
}
STATUS_LABELS = {
    "extracted": "extracted",
    "confirmed": "confirmed by hand",
    "corrected": "corrected by hand",
    "rejected": "rejected by hand",
    "manual": "added by hand",
}
QUALIFIER_WORDS = {
    "at_least": "at least",
    "at_most": "up to",
    "approximately": "about",
    "projection": "projected",
}
LABELS = {
    "subject_side": SIDE_LABELS,
    "claimant_side": SIDE_LABELS,
    "claim_side": SIDE_LABELS,
    "counter_side": SIDE_LABELS,
    "side": SIDE_LABELS,
    "measure": MEASURE_LABELS,
    "counter_measure": MEASURE_LABELS,
    "qualifier": QUALIFIER_LABELS,
    "status": STATUS_LABELS,
    "claim_qualifier": QUALIFIER_LABELS,
    "counter_qualifier": QUALIFIER_LABELS,
}
# Colours of the sides in every chart (Okabe–Ito, distinguishable with colour blindness).
SIDE_COLOURS = {
    "ukraine": "#0072B2", "russia": "#D55E00", "third_party": "#009E73", "both": "#CC79A7", "unknown": "#999999",
}  # fmt: skip
# A claimant the grammar read from the text (1), or one of the lexicon (0).
INFERRED_CELLS = {
    1: Markup(
        '<span class="cc-label cc-inferred" title="read from the text, not in the lexicon">inferred</span>'
    ),
    0: Markup('<span class="cc-note">lexicon</span>'),
}
PAGES = {"claims": "claim", "articles": "article", "claimants": "claimant"}
# Columns that hold the id of a claim, an article or a claimant, by the table they live in.
ID_COLUMNS = {
    "claims": {"id": "claims", "article": "articles", "claimant": "claimants", "via": "claimants"},
    "claims_flat": {"claim_id": "claims", "article": "articles"},
    "mentions": {"claim": "claims", "article": "articles"},
    "articles": {"id": "articles"},
    "claimants": {"id": "claimants", "speaks_for": "claimants"},
    "claim_groups": {"claimant": "claimants"},
    "counterclaims": {"claim_id": "claims", "counter_id": "claims"},
    "counterclaims_flat": {"claim_id": "claims", "counter_id": "claims"},
    "sentences": {"article": "articles"},
    "furniture": {"article": "articles"},
}
# The same in the results of canned and arbitrary SQL queries, by column name alone.
QUERY_ID_COLUMNS = {
    "claim_id": "claims",
    "counter_id": "claims",
    "article_id": "articles",
    "claimant_id": "claimants",
}


# A page shows at most this many claims or pairs of one subject or claimant, the
# newest (or, for pairs, the largest disparities) first; the tables hold the rest.
PAGE_LIMIT = 200
PAIRS_LIMIT = 50

CLAIM_COLUMNS = """
    claims.id, claims.article, claims.value, claims.value_low, claims.value_high, claims.qualifier,
    claims.figure_text, claims.subject_side, claims.population, claims.measure, claims.unit,
    claims.as_of, claims.as_of_precision, claims.as_of_method, claims.period_start, claims.quote,
    claims.claim_group, claims.attribution, claims.claimant_text, claims.status, claims.curation,
    claims.curation_reason, claims.original,
    claims.claimant AS claimant_id, coalesce(claimants.name, 'unknown') AS claimant,
    coalesce(claimants.side, 'unknown') AS claimant_side, claimants.inferred AS claimant_inferred,
    claims.via AS via_id, vias.name AS via, vias.side AS via_side, vias.inferred AS via_inferred,
    articles.title AS article_title, articles.outlet, articles.url AS article_url, articles.published
"""
CLAIM_JOINS = """
    FROM claims
    JOIN articles ON articles.id = claims.article
    LEFT JOIN claimants ON claimants.id = claims.claimant
    LEFT JOIN claimants AS vias ON vias.id = claims.via
"""
# Each list below ends its order with an id: a page lists the same rows in the same order
# whatever order a build happened to write them in (its workers finish in any order).
SUBJECTS = "SELECT * FROM subjects WHERE claims > 0 ORDER BY position"
SUBJECT_CLAIMS = f"""
SELECT {CLAIM_COLUMNS} {CLAIM_JOINS}
WHERE claims.subject = :subject AND claims.status != 'rejected'
ORDER BY claims.as_of DESC, claims.value DESC, claims.id
LIMIT :limit
"""
SUBJECT_PAIRS = """
SELECT * FROM counterclaims_flat WHERE subject = :subject
ORDER BY comparable DESC, ratio DESC, pair_id
LIMIT :limit
"""
ONE_CLAIM = f"""
SELECT {CLAIM_COLUMNS}, claims.span_start, claims.span_end, claims.in_quote, claims.origin, claims.source_uri,
    claims.sentence AS sentence_id, articles.published_precision, articles.published_method,
    sentences.start AS sentence_start, sentences."end" AS sentence_end, sentences.paragraph,
    claimants.kind AS claimant_kind
{CLAIM_JOINS}
LEFT JOIN sentences ON sentences.id = claims.sentence
WHERE claims.id = :id
"""
PARAGRAPH = """
SELECT min(start) AS start, max("end") AS "end" FROM sentences
WHERE article = :article AND paragraph = :paragraph
"""
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
ARTICLE = """
SELECT id, title, outlet, url, published, published_precision, published_method, raw_text, path
FROM articles WHERE id = :id
"""
ARTICLE_MENTIONS = """
SELECT mentions.claim, mentions.span_start, mentions.span_end, mentions.kind, mentions.in_furniture,
    claims.value, claims.measure, claims.subject_side, coalesce(claimants.name, 'unknown') AS claimant
FROM mentions
JOIN claims ON claims.id = mentions.claim
LEFT JOIN claimants ON claimants.id = claims.claimant
WHERE mentions.article = :id
ORDER BY mentions.span_start, mentions.claim
"""
ARTICLE_FURNITURE = """
SELECT start, "end", reason FROM furniture WHERE article = :id ORDER BY start
"""
ARTICLE_CLAIMS = f"""
SELECT {CLAIM_COLUMNS} {CLAIM_JOINS}
WHERE claims.article = :id AND claims.origin = 'news' AND claims.status != 'rejected'
ORDER BY claims.span_start, claims.id
"""
CLAIMANT = """
SELECT claimants.id, claimants.name, claimants.kind, claimants.side, claimants.roles, claimants.claim_count,
    claimants.inferred, claimants.speaks_for, speaks_for.name AS speaks_for_name
FROM claimants LEFT JOIN claimants AS speaks_for ON speaks_for.id = claimants.speaks_for
WHERE claimants.id = :id
"""
REFERENCE_CHECK = """
SELECT reference_checks.*, reference_reports.source_uri
FROM reference_checks JOIN reference_reports ON reference_reports.id = reference_checks.report
WHERE reference_checks.claim = :id
"""
REPORTED_VIA = """
SELECT count(*) FROM claims WHERE via = :id AND origin = 'news' AND status != 'rejected'
"""
SERIES_FIGURES_OF_CLAIMANT = "SELECT count(*) FROM claims WHERE origin = 'reference' AND claimant = :id"
SERIES_FIGURES_OF_ARTICLE = "SELECT count(*) FROM claims WHERE origin = 'reference' AND article = :id"
SERIES_LINE = """
SELECT date, personnel FROM reference_reports WHERE personnel > 0 ORDER BY date
"""
CLAIMANT_ALIASES = "SELECT alias FROM claimant_aliases WHERE claimant = :id ORDER BY id"
CLAIMANT_CLAIMS = f"""
SELECT {CLAIM_COLUMNS} {CLAIM_JOINS}
WHERE claims.claimant = :id AND claims.origin = 'news' AND claims.status != 'rejected'
ORDER BY claims.as_of DESC, claims.value DESC, claims.id
LIMIT :limit
"""


# --- hooks ----------------------------------------------------------------------------


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/contested(?P<format>\.json)?$", contested),
        (r"^/-/claim/(?P<id>[^/]+?)(?P<format>\.json)?$", claim_page),
        (r"^/-/article/(?P<id>[^/]+?)(?P<format>\.json)?$", article_page),
        (r"^/-/claimant/(?P<id>[^/]+?)(?P<format>\.json)?$", claimant_page),
    ]


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/contested"), "label": "Contested figures"}]


@hookimpl
def extra_template_vars(view_name, datasette):
    if view_name != "index":
        return None

    async def home():
        try:
            db = datasette.get_database(DATABASE)
        except KeyError:
            return {}
        rows = (await db.execute("SELECT * FROM build WHERE id = 1")).rows
        return {"build": dict(rows[0]) if rows else None, "cc_links": _links(datasette)}

    return home


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/assets/casualty-claims.css")]


@hookimpl
def render_cell(value, column, table, database, datasette):
    label = None
    if isinstance(value, dict) and "value" in value:  # a foreign key Datasette has expanded
        value, label = value["value"], value.get("label")
    if table == "claimants" and column == "inferred" and value in INFERRED_CELLS:
        return INFERRED_CELLS[value]
    if not isinstance(value, str):
        return None
    labels = LABELS.get(column)
    if labels and value in labels and table not in ("sides", "measures", "qualifiers"):
        return Markup('<span class="cc-label cc-{}" title="{}">{}</span>').format(
            column, value, labels[value]
        )
    target = (ID_COLUMNS.get(table, {}) if table else QUERY_ID_COLUMNS).get(column)
    if target:
        return Markup('<a href="{}">{}</a>').format(page_url(datasette, target, value), label or value)
    return None


# --- pages ----------------------------------------------------------------------------


# The overview and a claimant's page (a few dozen claimants) read the same for every
# anonymous reader of an immutable database, so each process works each out once
# per database (by its hash) and format.
_made_once: dict[tuple, Response] = {}


async def _once_per_database(datasette, request, page, make) -> Response:
    db = _database(datasette)
    if db.hash is None or request.actor is not None:
        return await make(datasette, request)
    key = (id(datasette), db.hash, page, request.url_vars.get("format"), datasette.setting("base_url"))
    if key not in _made_once:
        _made_once[key] = await make(datasette, request)
    made = _made_once[key]
    return Response(made.body, status=made.status, headers=dict(made.headers),
                    content_type=made.content_type)  # fmt: skip


# Datasette's home page asks each database some 190 small questions one after another
# (tables, columns, foreign keys), each waiting its turn for an SQL thread, so under load
# it took seconds. Its answer for an anonymous reader of immutable databases never
# changes, so each process keeps it once made, as it sent it: one for each address it
# was asked for at (its head links to its JSON by an absolute URL), for a few addresses
# only, so that made-up Host headers cannot fill the memory.
_home_made_once: dict[tuple, list[dict]] = {}
HOME_PAGES_KEPT = 16


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def home_made_once(scope, receive, send):
            key = _home_key(datasette, scope)
            if key is None:
                return await app(scope, receive, send)
            if key in _home_made_once:
                for message in _home_made_once[key]:
                    await send(message)
                return
            sent = []

            async def keep(message):
                sent.append(message)
                await send(message)

            await app(scope, receive, keep)
            if _same_for_everyone(sent) and len(_home_made_once) < HOME_PAGES_KEPT:
                _home_made_once[key] = sent

        return home_made_once

    return wrap


def _home_key(datasette, scope) -> tuple | None:
    """What the home page asked for depends on (the address it was asked at), or None
    when it may differ between requests: a query string, a reader who may be signed in
    (a cookie or a token), a database that can change."""
    home = datasette.urls.path("/")
    if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in (home, home + ".json"):
        return None
    headers = dict(scope["headers"])
    if scope.get("query_string") or b"cookie" in headers or b"authorization" in headers:
        return None
    hashes = tuple(db.hash for name, db in datasette.databases.items() if name != "_internal")
    if None in hashes:
        return None
    return (id(datasette), scope.get("scheme"), headers.get(b"host"), scope["path"], hashes)


def _same_for_everyone(sent: list[dict]) -> bool:
    """Whether a response, as ASGI messages, is a whole 200 that sets no cookie."""
    start = next((m for m in sent if m["type"] == "http.response.start"), None)
    return (
        start is not None
        and start["status"] == 200
        and all(name.lower() != b"set-cookie" for name, _ in start.get("headers", []))
        and not sent[-1].get("more_body", False)
    )


async def contested(datasette, request):
    return await _once_per_database(datasette, request, "contested", _contested)


async def _contested(datasette, request):
    db = _database(datasette)
    series = [{"date": r["date"], "personnel": r["personnel"]} for r in (await db.execute(SERIES_LINE)).rows]
    subjects = []
    for subject in (await db.execute(SUBJECTS)).rows:
        params = {"subject": subject["id"], "limit": PAGE_LIMIT}
        claims = [_claim(datasette, row) for row in (await db.execute(SUBJECT_CLAIMS, params)).rows]
        claims.reverse()  # oldest first, as the chart reads
        params["limit"] = PAIRS_LIMIT
        pairs = [_pair(datasette, row) for row in (await db.execute(SUBJECT_PAIRS, params)).rows]
        charted = [c for c in claims if c["as_of_date"] and c["value"] and c["value"] > 0]
        subjects.append(
            {
                "slug": subject["id"],
                "title": subject["title"],
                "claims": claims,
                "claim_count": subject["claims"],
                "pairs": pairs,
                "pair_count": subject["pairs"],
                "undated": subject["claims"] - subject["charted"],
                "chart": timeline_chart(
                    subject["title"],
                    charted,
                    colour="claimant_side",
                    series=series if subject["with_series"] else None,
                ),
                "with_series": bool(subject["with_series"] and series),
                "table": _filtered(datasette, "claims", subject=subject["id"], status__not="rejected"),
                "pairs_table": _filtered(
                    datasette, "counterclaims_flat", subject=subject["id"], _sort_desc="ratio"
                ),
            }
        )
    data = {"title": "Contested figures", "subjects": subjects, "links": _links(datasette)}
    return await _respond(datasette, request, "contested.html", data)


async def claim_page(datasette, request):
    db = _database(datasette)
    row = await _requested(datasette, request, ONE_CLAIM, "claims")
    claim = _claim(datasette, row)
    if row["sentence_id"]:
        claim["sentence"], claim["paragraph_html"] = await _in_context(db, row)
    else:  # a figure of the reference series: its report is its context
        claim["sentence"], claim["paragraph_html"] = row["quote"], escape(row["quote"])
    claim["origin"], claim["source_uri"] = row["origin"], safe_url(row["source_uri"])
    claim["span"] = {"start": row["span_start"], "end": row["span_end"]}
    claim["in_quote"] = bool(row["in_quote"])
    claim["article_published"] = {
        "date": row["published"],
        "precision": row["published_precision"],
        "method": row["published_method"],
    }
    reported = [
        _claim(datasette, r) for r in (await db.execute(REPORTED_BY, {"group": row["claim_group"]})).rows
    ]
    counters = [
        _counter(datasette, r)
        for r in (await db.execute(COUNTERCLAIMS_OF_GROUP, {"group": row["claim_group"]})).rows
    ]
    check = (await db.execute(REFERENCE_CHECK, {"id": row["id"]})).first()
    data = {
        "title": f"Claim {claim['id']}: {claim['summary']}",
        "claim": claim,
        "reference_check": _reference_check(datasette, check) if check else None,
        "reported_by": reported,
        "counterclaims": counters,
        "citation": citation(claim, datasette.absolute_url(request, claim["page"])),
        "links": _links(datasette),
    }
    return await _respond(datasette, request, "claim.html", data)


async def _in_context(db, row) -> tuple[str, Markup]:
    """The claim's sentence, and its paragraph with the sentence and the figure marked."""
    paragraph = (
        await db.execute(PARAGRAPH, {"article": row["article"], "paragraph": row["paragraph"]})
    ).first()
    raw = (await db.execute("SELECT raw_text FROM articles WHERE id = :id", {"id": row["article"]})).first()[
        0
    ]
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


async def article_page(datasette, request):
    db = _database(datasette)
    row = await _requested(datasette, request, ARTICLE, "articles")
    mentions = (await db.execute(ARTICLE_MENTIONS, {"id": row["id"]})).rows
    furniture = (await db.execute(ARTICLE_FURNITURE, {"id": row["id"]})).rows
    claims = [_claim(datasette, r) for r in (await db.execute(ARTICLE_CLAIMS, {"id": row["id"]})).rows]
    article = {
        "id": row["id"],
        "title": row["title"],
        "outlet": row["outlet"],
        "url": safe_url(row["url"]),
        "published": {"date": row["published"], "precision": row["published_precision"],
                      "method": row["published_method"]},
        "page": page_url(datasette, "articles", row["id"]),
        "json": page_url(datasette, "articles", row["id"], ".json"),
        "table_row": datasette.urls.row(DATABASE, "articles", row["id"]),
    }  # fmt: skip
    series_figures = (await db.execute(SERIES_FIGURES_OF_ARTICLE, {"id": row["id"]})).first()[0]
    data = {
        "title": row["title"],
        "article": article,
        "series_figures": series_figures,
        "claims": claims,
        "mentions": [
            {
                "claim": m["claim"],
                "claim_page": page_url(datasette, "claims", m["claim"]),
                "start": m["span_start"],
                "end": m["span_end"],
                "kind": m["kind"],
                "in_furniture": bool(m["in_furniture"]),
            }
            for m in mentions
        ],  # fmt: skip
        "furniture": [{"start": f["start"], "end": f["end"], "reason": f["reason"]} for f in furniture],
        "links": _links(datasette),
    }
    data["blocks"] = article_blocks(datasette, row["raw_text"], mentions, furniture)
    return await _respond(datasette, request, "article.html", data, html_only=("blocks",))


async def claimant_page(datasette, request):
    # an unknown claimant's 404 is raised while making the page, so it is not kept
    return await _once_per_database(datasette, request, ("claimant", requested_id(request)), _claimant_page)


async def _claimant_page(datasette, request):
    db = _database(datasette)
    row = await _requested(datasette, request, CLAIMANT, "claimants")
    found = await db.execute(CLAIMANT_CLAIMS, {"id": row["id"], "limit": PAGE_LIMIT})
    claims = [_claim(datasette, r) for r in reversed(found.rows)]  # oldest first
    charted = [
        c for c in claims if c["as_of_date"] and c["value"] and c["value"] > 0 and c["measure"] != "equipment"
    ]
    claimant = {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "side": row["side"],
        "side_label": SIDE_LABELS.get(row["side"], row["side"]),
        "roles": row["roles"],
        "inferred": bool(row["inferred"]),
        "speaks_for": row["speaks_for"] and {
            "id": row["speaks_for"], "name": row["speaks_for_name"],
            "page": page_url(datasette, "claimants", row["speaks_for"]),
        },
        "aliases": [a["alias"] for a in (await db.execute(CLAIMANT_ALIASES, {"id": row["id"]})).rows],
        "page": page_url(datasette, "claimants", row["id"]),
        "json": page_url(datasette, "claimants", row["id"], ".json"),
    }  # fmt: skip
    series_figures = (await db.execute(SERIES_FIGURES_OF_CLAIMANT, {"id": row["id"]})).first()[0]
    reported = (await db.execute(REPORTED_VIA, {"id": row["id"]})).first()[0]
    data = {
        "title": row["name"],
        "claimant": claimant,
        "series_figures": series_figures,
        "reported_count": reported,
        "reported_table": _filtered(
            datasette, "claims", via=row["id"], origin="news", status__not="rejected"
        ),
        "claims": claims,
        "claim_count": row["claim_count"],
        "table": _filtered(datasette, "claims", claimant=row["id"], origin="news", status__not="rejected"),
        "undated": len(claims) - len(charted),
        "timeline": timeline_chart(
            f"Claims by {row['name']}", charted, colour="subject_side", shape="measure"
        ),
        "links": _links(datasette),
    }
    return await _respond(datasette, request, "claimant.html", data)


# --- building blocks ------------------------------------------------------------------


def page_url(datasette, table: str, id: str, format: str = "") -> str:
    """A page's path, its id tilde-encoded as Datasette encodes table names: a dot becomes
    ``~2E``, so ``.json`` at the end of a path only ever asks for the JSON twin."""
    return datasette.urls.path(f"/-/{PAGES[table]}/{tilde_encode(id)}{format}")


def requested_id(request) -> str:
    """The id a page's path names. Datasette redirects a %-encoded path to its tilde
    encoding, and the plugin's links are tilde-encoded, so this undoes that encoding."""
    return tilde_decode(request.url_vars["id"])


async def _requested(datasette, request, sql: str, table: str):
    """The row of ``table`` a page is about, or a 404 naming what was not found."""
    db, id = _database(datasette), requested_id(request)
    row = (await db.execute(sql, {"id": id})).first()
    if row is None:
        hint = await _json_twin_hint(datasette, request, sql, table)
        raise NotFound(f"No {PAGES[table]} with id {id}{hint}")
    return row


async def _json_twin_hint(datasette, request, sql: str, table: str) -> str:
    """Where the page is of an id that ends in ``.json``, for whoever asked for
    `/-/article/report.json` (the JSON of an article `report` that does not exist)."""
    if request.url_vars.get("format") != ".json":
        return ""
    full_id = requested_id(request) + ".json"
    if (await _database(datasette).execute(sql, {"id": full_id})).first() is None:
        return ""
    return f"; the page of the {PAGES[table]} with id {full_id} is {page_url(datasette, table, full_id)}"


def safe_url(url: str | None) -> str | None:
    """``url`` (less surrounding spaces) if it is a web address a page may link to, else None:
    whatever the database holds, no page links to a script."""
    if not isinstance(url, str) or not SAFE_URL.fullmatch(url.strip()):
        return None
    return url.strip()


def _filtered(datasette, table: str, **filters: str) -> str:
    return datasette.urls.table(DATABASE, table) + "?" + urlencode(filters)


def _database(datasette):
    try:
        return datasette.get_database(DATABASE)
    except KeyError:
        raise NotFound(f"This site serves no database named {DATABASE}") from None


def _links(datasette) -> dict:
    return {
        "contested": datasette.urls.path("/-/contested"),
        "database": datasette.urls.database(DATABASE),
        "claims": datasette.urls.table(DATABASE, "claims_flat"),
        "articles": datasette.urls.table(DATABASE, "articles"),
        "claimants": datasette.urls.table(DATABASE, "claimants"),
        "counterclaims": datasette.urls.table(DATABASE, "counterclaims_flat"),
        "reference_reports": datasette.urls.table(DATABASE, "reference_reports"),
    }


def figure_phrase(value, low, high, qualifier, measure, unit) -> str:
    """ "at least 16,000 killed", "5,000 to 9,000 killed or wounded", "50 tanks (equipment)"."""
    if qualifier in ("range", "vague") and low is not None and high is not None:
        amount = f"{low:,} to {high:,}"
        if qualifier == "range" and value not in (low, high):
            amount += f" (best estimate {value:,})"
    else:
        amount = f"{value:,}" if value is not None else "an unknown number"
    word = QUALIFIER_WORDS.get(qualifier)
    if word:
        amount = f"{word} {amount}"
    if measure == "equipment":
        return f"{amount} {unit or 'items'} (equipment)"
    return f"{amount} {MEASURE_LABELS.get(measure, measure)}"


def _claim(datasette, row) -> dict:
    claim = dict(row)
    claim["page"] = page_url(datasette, "claims", row["id"])
    claim["json"] = page_url(datasette, "claims", row["id"], ".json")
    claim["article_page"] = page_url(datasette, "articles", row["article"])
    claim["article_url"] = safe_url(row["article_url"])
    claim["original"] = json.loads(row["original"]) if row["original"] else None
    claim["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
    claim["claimant_page"] = row["claimant_id"] and page_url(datasette, "claimants", row["claimant_id"])
    claim["claimant_inferred"] = bool(row["claimant_inferred"])
    claim["via_inferred"] = bool(row["via_inferred"])
    claim["via_page"] = row["via_id"] and page_url(datasette, "claimants", row["via_id"])
    claim["as_of_date"] = _first_day(row["as_of"])
    claim["figure"] = figure_phrase(
        row["value"], row["value_low"], row["value_high"], row["qualifier"], row["measure"], row["unit"]
    )
    whose = {"russia": "Russian", "ukraine": "Ukrainian", "both": "both sides'"}.get(row["subject_side"], "")
    population = {"military": "military", "civilian": "civilian"}.get(row["population"], "")
    claim["subject"] = " ".join(w for w in (whose, population) if w) or "unknown side"
    claim["summary"] = (
        f"{row['claimant']}: {claim['figure']} ({claim['subject']}), as of {row['as_of'] or 'unknown'}"
    )
    return claim


def _pair(datasette, row) -> dict:
    pair = dict(row)
    pair["claim_page"] = page_url(datasette, "claims", row["claim_id"])
    pair["counter_page"] = page_url(datasette, "claims", row["counter_id"])
    return pair


def _counter(datasette, row) -> dict:
    counter = dict(row)
    counter["page"] = page_url(datasette, "claims", row["other_claim"])
    counter["claimant_page"] = row["claimant_id"] and page_url(datasette, "claimants", row["claimant_id"])
    counter["claimant_inferred"] = bool(row["claimant_inferred"])
    counter["figure"] = figure_phrase(
        row["value"], row["value_low"], row["value_high"], row["qualifier"], row["measure"], None
    )
    return counter


def _first_day(as_of: str | None) -> str | None:
    """Where a claim sits on a time axis: "2022-03" is drawn on the first of March."""
    if not as_of:
        return None
    return as_of + {4: "-01-01", 7: "-01", 10: ""}.get(len(as_of), "")


def citation(claim: dict, page: str) -> str:
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


def timeline_chart(
    title: str, claims: list[dict], colour: str, shape: str | None = None, series: list[dict] | None = None
) -> dict:
    """A Vega-Lite timeline of claims: one point per claim on a log value axis, ranges as rules,
    and the ministry's daily running total as a line when ``series`` is given."""
    values = [
        {
            "id": c["id"],
            "as_of": c["as_of_date"],
            "as_of_text": c["as_of"],
            "value": c["value"],
            "low": c["value_low"],
            "high": c["value_high"],
            "figure": c["figure"],
            "claimant": c["claimant"],
            "claimant_side": SIDE_LABELS.get(c["claimant_side"], c["claimant_side"]),
            "subject_side": SIDE_LABELS.get(c["subject_side"], c["subject_side"]),
            "measure": MEASURE_LABELS.get(c["measure"], c["measure"]),
            "qualifier": QUALIFIER_LABELS.get(c["qualifier"], c["qualifier"]),
            "outlet": c["outlet"] or "unknown outlet",
            "page": c["page"],
        }
        for c in claims
    ]
    colour_field = "claimant_side" if colour == "claimant_side" else "subject_side"
    sides = [SIDE_LABELS[s] for s in SIDE_COLOURS]
    x = {"field": "as_of", "type": "temporal", "title": "As of", "scale": {"padding": 12}}
    y = {
        "field": "value",
        "type": "quantitative",
        "scale": {"type": "log", "padding": 8},
        "axis": {"format": "~s", "tickCount": 6},
        "title": "Claimed figure (log scale)",
    }
    colour_scale = {"domain": sides, "range": list(SIDE_COLOURS.values())}
    points = {
        "name": "claims",
        "mark": {"type": "point", "filled": True, "size": 90, "cursor": "pointer"},
        "encoding": {
            "x": x,
            "y": y,
            "color": {
                "field": colour_field,
                "type": "nominal",
                "title": "Claimant side" if colour_field == "claimant_side" else "Whose losses",
                "scale": colour_scale,
            },
            "href": {"field": "page"},
            "tooltip": [
                {"field": "claimant", "title": "Claimant"},
                {"field": "figure", "title": "Figure"},
                {"field": "qualifier", "title": "Qualifier"},
                {"field": "as_of_text", "title": "As of"},
                {"field": "outlet", "title": "Outlet"},
            ],
        },
    }
    if shape:
        points["encoding"]["shape"] = {"field": shape, "type": "nominal", "title": "Measure"}
    ranges = {
        "transform": [{"filter": "datum.low != null && datum.high != null && datum.low > 0"}],
        "mark": {"type": "rule", "strokeWidth": 2, "opacity": 0.5},
        "encoding": {
            "x": x,
            "y": dict(y, field="low"),
            "y2": {"field": "high"},
            "color": {"field": colour_field, "type": "nominal", "scale": colour_scale},
        },
    }
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": f"{title}: {len(values)} claims plotted by date and claimed figure.",
        "title": title,
        "width": "container",
        "height": 260,
        "data": {"values": values},
        "layer": ([_series_line(series, x, y)] if series else []) + [ranges, points],
    }


def _series_line(series: list[dict], x: dict, y: dict) -> dict:
    return {
        "data": {"values": series},
        "mark": {"type": "line", "color": "#777777", "strokeWidth": 1.5, "strokeDash": [4, 2]},
        "encoding": {"x": dict(x, field="date"), "y": dict(y, field="personnel")},
    }


def marked(text: str, offset: int, marks: list[tuple[int, int, Markup, Markup]]) -> Markup:
    """``text`` escaped, with nested marks (article offsets) opened and closed in order."""
    events = []
    for start, end, opening, closing in marks:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start >= end:
            continue
        events.append((start, 1, -end, opening))
        events.append((end, 0, -start, closing))
    events.sort(key=lambda e: e[:3])
    out, position = [], 0
    for at, _kind, _order, tag in events:
        out.append(escape(text[position:at]))
        out.append(tag)
        position = at
    out.append(escape(text[position:]))
    return Markup("").join(out)


def article_blocks(datasette, raw: str, mentions, furniture) -> list[dict]:
    """The raw article cut into paragraphs of kept text and blocks of removed furniture,
    each with its figures linked to their claims."""
    cuts = []
    position = 0
    for f in furniture:
        if f["start"] > position:
            cuts.append(("text", position, f["start"], None))
        cuts.append(("furniture", f["start"], f["end"], f["reason"]))
        position = max(position, f["end"])
    cuts.append(("text", position, len(raw), None))
    blocks = []
    for kind, start, end, reason in cuts:
        pieces = [(start, end)] if kind == "furniture" else _paragraphs(raw, start, end)
        for piece_start, piece_end in pieces:
            text = raw[piece_start:piece_end]
            if not text.strip():
                continue
            marks = [
                (
                    m["span_start"],
                    m["span_end"],
                    Markup('<a class="cc-figure-link" href="{}" title="{}"><mark class="cc-figure">').format(
                        page_url(datasette, "claims", m["claim"]),
                        f"{m['claimant']}: {figure_phrase(m['value'], None, None, 'exact', m['measure'], None)}",
                    ),
                    Markup("</mark></a>"),
                )
                for m in mentions
                if piece_start <= m["span_start"] and m["span_end"] <= piece_end
            ]
            blocks.append({"kind": kind, "reason": reason, "html": marked(text, piece_start, marks)})
    return blocks


def _paragraphs(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the blank-line separated paragraphs of raw[start:end]."""
    pieces, position = [], start
    for gap in re.finditer(r"\n\s*\n", raw[start:end]):
        pieces.append((position, start + gap.start()))
        position = start + gap.end()
    pieces.append((position, end))
    return pieces


async def _respond(datasette, request, template: str, data: dict, html_only: tuple[str, ...] = ()):
    # cacheable as long as Datasette's own pages are: the database is immutable
    headers = {"Cache-Control": f"max-age={datasette.setting('default_cache_ttl')}"}
    if request.url_vars.get("format") == ".json":
        return Response.json(
            {key: value for key, value in data.items() if key not in html_only},
            default=str,
            headers=headers,
        )
    context = dict(data, scripts=[datasette.urls.path(f"/assets/{s}") for s in VENDORED_SCRIPTS])
    context["json_url"] = request.path + ".json"
    return Response.html(
        await datasette.render_template(f"casualty_claims/{template}", context, request=request),
        headers=headers,
    )


def chart_json(spec: dict) -> Markup:
    """A chart spec safe to place inside <script type="application/json">."""
    text = json.dumps(spec, ensure_ascii=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["chart_json"] = chart_json
    env.filters["tilde_encode"] = tilde_encode
