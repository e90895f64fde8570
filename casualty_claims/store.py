"""Step 7: store articles, their claims and the links between them."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlite_utils

from . import curate, formats, link, reference, schema
from .claims import ATTRIBUTION_RANK, KIND_RANK, Claim, dated_reading, measure_of, population_of
from .lexicon import Claimant, Lexicon
from .reference import Reference

if TYPE_CHECKING:  # the pipeline hands its results here
    from .pipeline import Processed


def sentence_id(article: str, position: int) -> str:
    return f"{article}:{position}"


def claimant_row(claimant: Claimant) -> dict:
    return {
        "id": claimant.id,
        "name": claimant.name,
        "kind": claimant.kind,
        "side": claimant.side,
        "speaks_for": claimant.speaks_for,
        "roles": ", ".join(claimant.roles),
        "inferred": int(claimant.inferred),
    }


def write_lexicon(db: sqlite_utils.Database, lexicon: Lexicon) -> None:
    claimants = sorted(lexicon.claimants.values(), key=lambda c: c.speaks_for is not None)
    db["claimants"].insert_all(map(claimant_row, claimants))
    db["claimant_aliases"].insert_all(
        {"id": f"{c.id}:{n}", "claimant": c.id, "alias": alias}
        for c in lexicon.claimants.values()
        for n, alias in enumerate(c.aliases)
    )
    db["subjects"].insert_all(
        {
            "id": s.id, "title": s.title, "position": n, "sides": json.dumps(s.sides),
            "populations": json.dumps(s.populations), "measures": json.dumps(s.measures),
            "with_series": int(s.with_series),
        }
        for n, s in enumerate(lexicon.subjects)
    )  # fmt: skip


def claim_row(claim: Claim) -> dict:
    primary = claim.primary
    start, end = primary.span
    dated = dated_reading(claim)
    as_of = dated.as_of
    return {
        "id": claim.id,
        "article": claim.article,
        "sentence": sentence_id(claim.article, primary.sentence.position),
        "claimant": primary.claimant.id if primary.claimant else None,
        "claimant_text": primary.claimant_text,
        "via": primary.via.id if primary.via else None,
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
        "period_start": dated.period_start,
        "period_end": as_of.iso if as_of and dated.period_start else None,
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


def link_row(row: dict, published: str | None) -> link.ClaimRow:
    """What linking needs of a claim row (``LINK_COLUMNS``): its claimant's side, and how
    well it is attributed (a claimant of the lexicon above one inferred from the text)."""
    known = row["claimant"] is not None
    return link.ClaimRow(
        id=row["id"],
        article=row["article"],
        claimant=row["claimant"],
        claimant_side=row["claimant_side"] or "unknown",
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
            known,
            known and not row["claimant_inferred"],
            KIND_RANK.get(row["claimant_kind"], 0),
            ATTRIBUTION_RANK[row["attribution"]],
        ),
    )


# --- one article's rows -------------------------------------------------------------


def article_rows(
    item: Processed, lexicon: Lexicon, curation: curate.Curation | None
) -> tuple[dict[str, list[dict]], set[str]]:
    """Every row one article adds, its claims as curated and put in their subjects,
    and the curation entries that matched something in it. The rows include the
    claimants inferred from its text that its claims still name once curated (as
    claimant or via), and how it names them: other articles may name the same ones
    (see ``insert_sql`` and ``settle_inferred_claimants``)."""
    article = item.article
    published = item.published
    extracted = [claim_row(claim) for claim in item.claims]
    inferred = inferred_claimants(item.claims)
    claims, used = curate.apply(curation or curate.Curation(curate.CURATION_FILE), extracted,
                                {article.id: article.raw}, {id: c.name for id, c in inferred.items()})  # fmt: skip
    named = {row[key] for row in claims for key in ("claimant", "via")}
    for claim in claims:
        claim["subject"] = lexicon.subject_of(claim["subject_side"], claim["population"], claim["measure"])
    mentions = []
    texts = {r.figure.text for claim in item.claims for r in claim.readings}
    places = figure_places(article.raw, filter(_repeatable, texts))
    for claim in item.claims:
        for row in mention_rows(item, claim, places):
            row["id"] = f"{claim.id}:{row['span_start']}"
            row["in_furniture"] = _in_furniture(item, row["span_start"])
            mentions.append(row)
    for row in claims:
        if row["status"] == "manual":  # added by hand: where its quote puts the figure
            start = row["span_start"]
            mentions.append({
                "id": f"{row['id']}:{start}", "claim": row["id"], "article": article.id, "sentence": None,
                "span_start": start, "span_end": row["span_end"], "text": row["figure_text"],
                "kind": "reading", "in_furniture": _in_furniture(item, start),
            })  # fmt: skip
    article_row = {
        "id": article.id,
        "path": str(article.path),
        "sha256": article.sha256,
        "source_sha256": article.source_sha256,
        "source_stat": article.source_stat,
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
    furniture = [
        {"id": f"{article.id}:{f.start}", "article": article.id, "start": f.start,
         "end": f.end, "reason": f.reason, "text": f.text}
        for f in item.cleaned.furniture
    ]  # fmt: skip
    sentences = [
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
    ]
    claimants = [claimant_row(inferred[id]) for id in sorted(named & inferred.keys())]
    variants = [
        {"id": f"{article.id}:{c['id']}", "article": article.id, "claimant": c["id"],
         **{key: c[key] for key in ("name", "kind", "side", "roles")}}
        for c in claimants
    ]  # fmt: skip
    rows = {"claimants": claimants, "articles": [article_row], "claimant_variants": variants,
            "furniture": furniture, "sentences": sentences, "claims": claims, "mentions": mentions}  # fmt: skip
    return rows, used


def inferred_claimants(claims: list[Claim]) -> dict[str, Claimant]:
    """The claimants the grammar inferred from the text (not in the lexicon) that the
    claims' readings name, as claimant or as the party reporting the claim, by id."""
    return {
        claimant.id: claimant
        for claim in claims
        for reading in claim.readings
        for claimant in (reading.claimant, reading.via)
        if claimant is not None and claimant.inferred
    }


def mention_rows(item: Processed, claim: Claim, places: dict[str, list[int]]) -> Iterable[dict]:
    """Every reading of the claim, and every other place its figure is written
    (a repeated caption, a reader's comment quoting it; ``places``: see figure_places)."""
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
    for text in {r.figure.text for r in claim.readings if _repeatable(r.figure.text)}:
        for start in places.get(text, ()):
            if start not in seen:
                seen.add(start)
                yield {
                    "claim": claim.id,
                    "article": claim.article,
                    "sentence": None,
                    "span_start": start,
                    "span_end": start + len(text),
                    "text": text,
                    "kind": "repeat",
                }


def _repeatable(figure_text: str) -> bool:
    """Whether the other places a figure is written in its article are mentions of its claim
    too: with three digits or more ("16,000", not "12" or "two")."""
    return sum(c.isdigit() for c in figure_text) >= 3


# Up to this many figures, each is looked for on its own: a scan of the article in C per figure,
# the fastest for the few figures of a news article. Past it, all in one pass over the places
# where a figure may start, whose cost does not grow with their number.
FEW_FIGURES = 32


def figure_places(raw: str, texts: Iterable[str]) -> dict[str, list[int]]:
    """Where each of the figure ``texts`` stands in ``raw`` as a whole figure (see _occurrences),
    in order. An article's cost stays linear in its length however many figures it holds."""
    wanted = set(texts)
    if len(wanted) <= FEW_FIGURES:
        return {text: list(_occurrences(raw, text)) for text in wanted}
    lengths: dict[str, set[int]] = defaultdict(set)  # by first character
    for text in wanted:
        lengths[text[0]].add(len(text))
    places: dict[str, list[int]] = defaultdict(list)
    # a first character of a figure, not right after a letter, a digit, "_", "." or ","
    starts = re.compile("[" + "".join(map(re.escape, lengths)) + r"](?<![\w.,].)", re.DOTALL)
    for start in (match.start() for match in starts.finditer(raw)):
        for length in lengths[raw[start]]:
            text = raw[start : start + length]
            if len(text) == length and text in wanted and _ends_figure(raw, start + length):
                places[text].append(start)
    return places


def _occurrences(raw: str, text: str) -> Iterable[int]:
    """Where ``text`` stands in ``raw`` as a whole figure: not inside a longer word or
    number ("16,000" is not in "116,000" nor in "16,000.5")."""
    start = raw.find(text)
    while start >= 0:
        before = raw[start - 1] if start else " "
        if not (before.isalnum() or before in "_.,") and _ends_figure(raw, start + len(text)):
            yield start
        start = raw.find(text, start + 1)


def _ends_figure(raw: str, end: int) -> bool:
    after, next_after = raw[end : end + 1], raw[end + 1 : end + 2]
    return not (after.isalnum() or after == "_" or (after in ".," and next_after.isdigit()))


def _in_furniture(item: Processed, start: int) -> int:
    """Whether ``start`` falls in the article's furniture (in order, apart: one bisection)."""
    furniture = item.cleaned.furniture
    i = bisect.bisect_right(furniture, start, key=operator.attrgetter("start")) - 1
    return int(i >= 0 and start < furniture[i].end)


# --- writing many articles ---------------------------------------------------------------


class Writer:
    """Inserts the rows of many articles at a time, parents before children: one
    prepared statement per table and batch, not a call per article."""

    ORDER = ("claimants", "articles", "claimant_variants", "furniture", "sentences", "claims", "mentions")

    def __init__(self, db: sqlite_utils.Database, batch: int = 20_000):
        self.db = db
        self.batch = batch
        self.pending: dict[str, list[tuple]] = {table: [] for table in self.ORDER}
        self.size = 0

    def add(self, rows: dict[str, list[tuple]]) -> None:
        """One article's rows, as ``values`` makes them."""
        for table, table_rows in rows.items():
            self.pending[table].extend(table_rows)
            self.size += len(table_rows)
        if self.size >= self.batch:
            self.flush()

    def flush(self) -> None:
        for table in self.ORDER:
            if self.pending[table]:
                self.db.conn.executemany(insert_sql(table), self.pending[table])
                self.pending[table].clear()
        self.size = 0


def insert_sql(table: str) -> str:
    """An insert of whole rows; for claimants, the inferred ones of an article, one
    that another article has named already is kept as it is (until
    ``settle_inferred_claimants``)."""
    columns = list(schema.TABLES[table][0])
    verb = "INSERT OR IGNORE" if table == "claimants" else "INSERT"
    return "{} INTO [{}] ({}) VALUES ({})".format(
        verb, table, ", ".join(f"[{c}]" for c in columns), ", ".join("?" * len(columns))
    )


def values(table: str, rows: Iterable[dict]) -> Iterator[tuple]:
    """Rows of dicts, each with some or all of the table's columns (the rest are null),
    as tuples in the order of the table's columns."""
    columns = list(schema.TABLES[table][0])
    return (tuple(map(row.get, columns)) for row in rows)


# What SQLite stores: 64-bit integers, and text that UTF-8 encodes (no lone surrogates).
SQLITE_INTEGERS = range(-(2**63), 2**63)


def unstorable(rows: dict[str, list[tuple]]) -> str | None:
    """What in one article's rows (as ``values`` makes them) SQLite cannot store, if anything."""
    for table, table_rows in rows.items():
        columns = list(schema.TABLES[table][0])
        for row in table_rows:
            for column, value in zip(columns, row, strict=True):
                if type(value) is int and value not in SQLITE_INTEGERS:
                    return f"{table}.{column} {value:.3g} is past SQLite's 64-bit integers"
                if type(value) is str and not value.isascii() and formats.LONE_SURROGATE.search(value):
                    return f"{table}.{column} holds text that is not UTF-8 (a lone surrogate)"
    return None


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict]) -> None:
    db.conn.executemany(insert_sql(table), values(table, rows))


# The tables with a full-text index, the column naming their article, and the indexed columns.
SEARCHABLE = {"articles": ("id", ("title", "cleaned_text")), "sentences": ("article", ("text",))}


def _chunks(ids: list[str], size: int = 500) -> Iterable[tuple[list[str], str]]:
    for i in range(0, len(ids), size):
        chunk = ids[i : i + size]
        yield chunk, ", ".join("?" * len(chunk))


def _search_index(db: sqlite_utils.Database, ids: list[str], command: str) -> None:
    """Add the articles' rows to the full-text indexes, or with command 'delete' take them out."""
    for chunk, marks in _chunks(ids):
        for table, (key, columns) in SEARCHABLE.items():
            names = ", ".join(f"[{c}]" for c in columns)
            target, source = (f"[{table}_fts], rowid", "?, rowid") if command else ("rowid", "rowid")
            db.execute(
                f"INSERT INTO [{table}_fts] ({target}, {names}) "
                f"SELECT {source}, {names} FROM [{table}] WHERE [{key}] IN ({marks})",
                ([command] if command else []) + chunk,
            )


def forget_articles(db: sqlite_utils.Database, ids: list[str]) -> None:
    """Remove every row of articles that changed or went, keeping the search index in step."""
    _search_index(db, ids, "delete")
    for chunk, marks in _chunks(ids):
        db.execute(
            f"DELETE FROM reference_checks WHERE claim IN (SELECT id FROM claims WHERE article IN ({marks}))",
            chunk,
        )
        for table in ("mentions", "claims", "sentences", "furniture", "claimant_variants"):
            db.execute(f"DELETE FROM [{table}] WHERE article IN ({marks})", chunk)
        db.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)


# Articles may name one inferred claimant in words that differ in case ("the Defence
# Ministry", "the defence ministry"), and so in what its words give: its row is the
# reading most articles give (ties by the words), whichever article came first, so
# that a build from nothing and a rebuild after any change agree.
# (One pass over the variants each, as a fresh build has no index on them yet.)
USUAL_VARIANTS = """
(SELECT claimant, name, kind, side, roles, row_number() OVER (
   PARTITION BY claimant ORDER BY count(*) DESC, name, kind, side, roles) AS rank
 FROM claimant_variants GROUP BY claimant, name, kind, side, roles) AS usual
"""
SETTLE_INFERRED_CLAIMANTS = [
    "DELETE FROM claimants WHERE inferred = 1 AND id NOT IN (SELECT claimant FROM claimant_variants)",
    f"""UPDATE claimants SET name = usual.name, kind = usual.kind, side = usual.side, roles = usual.roles
        FROM {USUAL_VARIANTS}
        WHERE usual.rank = 1 AND usual.claimant = claimants.id AND claimants.inferred = 1""",
]
# The inferred claimants whose kind or side (what linking reads of them) settling changes.
RESETTLED_CLAIMANTS = f"""
SELECT claimants.id FROM claimants JOIN {USUAL_VARIANTS} ON usual.claimant = claimants.id
WHERE usual.rank = 1 AND claimants.inferred = 1
  AND (claimants.kind IS NOT usual.kind OR claimants.side IS NOT usual.side)
ORDER BY claimants.id
"""


def resettled_claimants(db: sqlite_utils.Database) -> list[str]:
    """The inferred claimants whose kind or side ``settle_inferred_claimants`` will change
    (when the articles that named them most often changed or went): the groups, pairs and
    reference checks of their claims in every article are linked anew."""
    return [row[0] for row in db.execute(RESETTLED_CLAIMANTS)]


def settle_inferred_claimants(db: sqlite_utils.Database) -> None:
    """The inferred claimants as the stored articles name them: those no claim names any
    more (as claimant or via) removed, the others as most articles read them. (The groups
    of their claims that linking has yet to redo may name removed ones until then.)"""
    for statement in SETTLE_INFERRED_CLAIMANTS:
        db.execute(statement)


def index_articles(db: sqlite_utils.Database, ids: list[str]) -> None:
    """Add to the search index the articles written into an existing database."""
    _search_index(db, ids, "")


def write_series(db: sqlite_utils.Database, series: Reference) -> None:
    """The reference series as a source with its reports, its claims and their groups."""
    claims = reference.claim_rows(series.reports.reports)
    groups = [dict(group, origin="reference") for group in reference.group_rows(claims)]
    for table, rows in (
        ("articles", [reference.article_row(series.path, series.reports.reports, series.sha256)]),
        ("reference_reports", reference.report_rows(series.reports.reports)),
        ("claim_groups", groups),
        ("claims", [dict(claim, claim_group=claim["id"]) for claim in claims]),
    ):
        insert_rows(db, table, rows)


# --- across articles -----------------------------------------------------------------------

LINK_COLUMNS = """
SELECT claims.id, claims.article, claims.claimant, claimants.side AS claimant_side,
       claimants.kind AS claimant_kind, claimants.inferred AS claimant_inferred,
       claims.attribution, claims.subject_side,
       claims.population, claims.measure, claims.unit, claims.value, claims.value_low,
       claims.value_high, claims.qualifier, claims.as_of, claims.as_of_precision,
       claims.claim_group, articles.published
FROM claims JOIN articles ON articles.id = claims.article
LEFT JOIN claimants ON claimants.id = claims.claimant
WHERE claims.origin = 'news' AND claims.status != 'rejected'
"""
LINK_ROWS = (
    LINK_COLUMNS
    + """ORDER BY coalesce(claimants.side, 'unknown'), claims.subject_side, claims.unit, claims.value,
         claims.value_low, claims.value_high"""
)
# The claims of one bucket (link.bucket_key) but for their claimant's side.
BUCKET_ROWS = (
    LINK_COLUMNS
    + """AND claims.value = ? AND claims.subject_side = ? AND claims.unit IS ?
         AND claims.value_low IS ? AND claims.value_high IS ?"""
)
GROUP_COLUMNS = """
SELECT id, claim, claimant, claimant_side, subject_side, population, measure, unit, value,
       qualifier, as_of
FROM claim_groups WHERE origin = 'news'
"""
# Groups that can be paired share subject side, unit and population: a partition.
PAIRING_GROUPS = GROUP_COLUMNS + "ORDER BY subject_side, unit, population"
PARTITION_GROUPS = GROUP_COLUMNS + "AND subject_side = ? AND unit IS ? AND population = ?"
UKRAINIAN_NEWS = """
SELECT claims.* FROM claims JOIN claimants ON claimants.id = claims.claimant
WHERE claims.origin = 'news' AND claims.status != 'rejected' AND claimants.side = 'ukraine'
"""


def _dicts(cursor) -> Iterator[dict]:
    names = [column[0] for column in cursor.description]
    return (dict(zip(names, values, strict=True)) for values in cursor)


def _batched(rows: Iterable, size: int = 50_000) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _whole_buckets(claims: Iterable[link.ClaimRow], size: int) -> Iterator[list[link.ClaimRow]]:
    """Claims read in bucket order, in chunks of about ``size`` that never split a bucket."""
    chunk: list[link.ClaimRow] = []
    for _, members in itertools.groupby(claims, key=link.bucket_key):
        chunk.extend(members)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _partition(group: dict) -> tuple:
    return group["subject_side"], group["unit"], group["population"]


def _write_groups(db: sqlite_utils.Database, claims: list[link.ClaimRow]) -> list[tuple[str, str]]:
    """The groups of whole buckets of claims, written; returns (group, claim) for each claim."""
    groups, group_of = link.group_claims(claims)
    insert_rows(db, "claim_groups", (dict(group, origin="news") for group in groups))
    return [(g, c) for c, g in group_of.items()]


def _pairs(
    lexicon: Lexicon, series: Reference | None, groups: list[dict], of: set[str] | None = None
) -> Iterator[dict]:
    """The counterclaim pairs of a partition's groups (and with the reference series),
    each with its subject; given ``of``, those found from these groups."""
    pairs = link.pair_groups(groups, of)
    if series is not None:
        answering = groups if of is None else [g for g in groups if g["id"] in of]
        pairs = itertools.chain(pairs, reference.pairs(answering, series.reports))
    subjects: dict[tuple, str | None] = {}
    for pair in pairs:
        kind = (pair["subject_side"], pair["population"], pair["measure"])
        if kind not in subjects:
            subjects[kind] = lexicon.subject_of(*kind)
        pair["subject"] = subjects[kind]
        yield pair


def _same_rows(table: str, old: dict[str, dict], new: dict[str, dict]) -> set[str]:
    """The ids whose row comes out as it was."""
    columns = list(schema.TABLES[table][0])
    return {id for id, row in new.items() if id in old and all(old[id].get(c) == row.get(c) for c in columns)}


def _write_reference_checks(
    db: sqlite_utils.Database, series: Reference, articles: list[str] | None, claimants: list[str] = ()
) -> None:
    """How the Ukrainian side's news figures compare with the series: of every article, or
    of these articles (new, their checks gone with their old rows) and, anew, of the
    claims of these claimants (whose side changed)."""
    if articles is None:
        rows = list(_dicts(db.execute(UKRAINIAN_NEWS)))
    else:
        for chunk, marks in _chunks(claimants):
            db.execute(
                "DELETE FROM reference_checks WHERE claim IN "
                f"(SELECT id FROM claims WHERE claimant IN ({marks}) AND origin = 'news')",
                chunk,
            )
        found: dict[str, dict] = {}
        for column, values in (("article", articles), ("claimant", claimants)):
            for chunk, marks in _chunks(values):
                query = UKRAINIAN_NEWS + f" AND claims.[{column}] IN ({marks})"
                found.update((row["id"], row) for row in _dicts(db.execute(query, chunk)))
        rows = list(found.values())
    insert_rows(db, "reference_checks", filter(None, (reference.check(row, series.reports) for row in rows)))


def relink(db: sqlite_utils.Database, lexicon: Lexicon, series: Reference | None) -> None:
    """The claim groups across articles, the counterclaim pairs between them (rejected
    claims left out) and, with a reference series, how each news figure compares with
    it: worked out again from the stored claims, reading them in the order that puts
    the claims of one group, then the groups of one pairing, side by side, so that
    time grows with their number and memory with the largest group or pairing."""
    schema.drop_link_indexes(db)
    db.execute("DELETE FROM counterclaims")
    db.execute("DELETE FROM reference_checks")
    db.execute("UPDATE claims SET claim_group = NULL WHERE origin = 'news' AND claim_group IS NOT NULL")
    db.execute("DELETE FROM claim_groups WHERE origin = 'news'")
    claims = (link_row(row, row["published"]) for row in _dicts(db.execute(LINK_ROWS)))
    memberships: list[tuple[str, str]] = []
    for chunk in _whole_buckets(claims, 5_000):
        memberships += _write_groups(db, chunk)
    # written once every claim has been read: the read and the writes share a connection
    db.conn.executemany("UPDATE claims SET claim_group = ? WHERE id = ?", memberships)
    del memberships
    for _, members in itertools.groupby(_dicts(db.execute(PAIRING_GROUPS)), key=_partition):
        for batch in _batched(_pairs(lexicon, series, list(members))):
            insert_rows(db, "counterclaims", batch)
    if series is not None:
        _write_reference_checks(db, series, None)


@dataclass
class Changes:
    """What an incremental build changed that linking must revisit: the buckets
    (``link.bucket_key``) of the claims that went and came, the groups of the claims
    that went, the articles written, and the inferred claimants whose side or kind
    changed (``resettled_claimants``)."""

    buckets: set[tuple] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    articles: list[str] = field(default_factory=list)
    claimants: list[str] = field(default_factory=list)

    def note_claims(self, db: sqlite_utils.Database, ids: list[str], column: str = "article") -> None:
        """Note the buckets and groups of these articles' claims (before they go, or once
        written), or with ``column`` "claimant", of these claimants' claims."""
        for chunk, marks in _chunks(ids):
            for row in _dicts(db.execute(LINK_COLUMNS + f"AND claims.[{column}] IN ({marks})", chunk)):
                self.buckets.add(link.bucket_key(link_row(row, None)))
                if row["claim_group"]:
                    self.groups.add(row["claim_group"])


def relink_changes(
    db: sqlite_utils.Database, lexicon: Lexicon, series: Reference | None, changes: Changes
) -> None:
    """Linking redone where an incremental build changed claims, with the same result as
    ``relink``: the groups of the changed buckets, and the pairs of every group whose
    nearest counterclaims may have changed (within ``link.PAIR_WINDOW_DAYS`` of a group
    that went, came or changed, in its partition)."""
    claims: list[link.ClaimRow] = []
    stale = set(changes.groups)
    was_in: dict[str, str | None] = {}
    for side, subject_side, unit, value, low, high in sorted(changes.buckets, key=repr):
        for row in _dicts(db.execute(BUCKET_ROWS, [value, subject_side, unit, low, high])):
            claim = link_row(row, row["published"])
            if claim.claimant_side == side:
                claims.append(claim)
                was_in[claim.id] = row["claim_group"]
                if row["claim_group"]:
                    stale.add(row["claim_group"])
    old = _rows_by_id(db, "claim_groups", ["id"], stale)
    groups, group_of = link.group_claims(claims)
    new = {group["id"]: dict(group, origin="news") for group in groups}
    # a bucket with a common figure holds groups of many dates; most come out as they were
    kept = _same_rows("claim_groups", old, new)
    gone = sorted(set(old) - kept)
    for chunk, marks in _chunks(gone):
        for column in ("claim_group", "counter_group"):
            db.execute(f"DELETE FROM counterclaims WHERE [{column}] IN ({marks})", chunk)
        db.execute(f"DELETE FROM claim_groups WHERE id IN ({marks})", chunk)
    came = [group for id, group in new.items() if id not in kept]
    insert_rows(db, "claim_groups", came)
    moves = [(g, c) for c, g in group_of.items() if was_in[c] != g]
    db.conn.executemany("UPDATE claims SET claim_group = ? WHERE id = ?", moves)
    days: dict[tuple, set[dt.date]] = defaultdict(set)
    for group in [old[id] for id in gone] + came:
        day = link.as_date(group["as_of"])
        if day is not None:
            days[_partition(group)].add(day)
    for partition, changed in sorted(days.items(), key=repr):
        _repair_pairs(db, lexicon, series, partition, changed)
    if series is not None:
        _write_reference_checks(db, series, changes.articles, changes.claimants)


def _repair_pairs(
    db: sqlite_utils.Database,
    lexicon: Lexicon,
    series: Reference | None,
    partition: tuple,
    changed: set[dt.date],
) -> None:
    """The pairs of a partition's groups within the window of a change, made again
    (only those that differ are written)."""
    # Pairs change only for groups within the window of a change; finding their
    # nearest counterclaims looks a window further, and theirs one more.
    window = link.PAIR_WINDOW_DAYS
    nearby = _groups_near(db, partition, changed, 3 * window)
    touched, near = set(), set()
    for group in nearby:
        day = link.as_date(group["as_of"])
        if _within(day, changed, window):
            touched.add(group["id"])
        if _within(day, changed, 2 * window):  # a touched group, or a counterclaim of one
            near.add(group["id"])
    was = _rows_by_id(db, "counterclaims", ["claim_group", "counter_group"], touched)
    now = {
        pair["id"]: pair
        for pair in _pairs(lexicon, series, nearby, near)
        if pair["claim_group"] in touched or pair["counter_group"] in touched
    }
    same = _same_rows("counterclaims", was, now)  # most pairs come out as they were
    for chunk, marks in _chunks(sorted(set(was) - same)):
        db.execute(f"DELETE FROM counterclaims WHERE id IN ({marks})", chunk)
    insert_rows(db, "counterclaims", (pair for id, pair in now.items() if id not in same))


def _rows_by_id(
    db: sqlite_utils.Database, table: str, columns: list[str], values: set[str]
) -> dict[str, dict]:
    """The rows of ``table`` whose any of ``columns`` holds one of ``values``, by id."""
    rows: dict[str, dict] = {}
    for chunk, marks in _chunks(sorted(values)):
        for column in columns:
            found = db.execute(f"SELECT * FROM [{table}] WHERE [{column}] IN ({marks})", chunk)
            rows.update((row["id"], row) for row in _dicts(found))
    return rows


def _within(day: dt.date | None, days: set[dt.date], window: int) -> bool:
    return day is not None and any(abs((day - other).days) <= window for other in days)


def _groups_near(db: sqlite_utils.Database, partition: tuple, days: set[dt.date], window: int) -> list[dict]:
    """A partition's groups dated within ``window`` days of any of ``days``."""
    spans: list[list[dt.date]] = []
    for day in sorted(days):
        if spans and (day - spans[-1][1]).days <= 2 * window:
            spans[-1][1] = day
        else:
            spans.append([day, day])
    found: dict[str, dict] = {}
    margin = dt.timedelta(days=window + 31)  # a month's "2022-03" stands for its 15th
    for first, last in spans:
        years = [str(year) for year in range((first - margin).year, (last + margin).year + 1)]
        for condition, bounds in (
            ("as_of BETWEEN ? AND ?", [(first - margin).isoformat(), (last + margin).isoformat()]),
            (f"as_of IN ({', '.join('?' * len(years))})", years),
        ):
            for group in _dicts(db.execute(PARTITION_GROUPS + f" AND {condition}", [*partition, *bounds])):
                found[group["id"]] = group
    return [g for g in found.values() if _within(link.as_date(g["as_of"]), days, window)]


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


def write_build_summary(db: sqlite_utils.Database, fingerprint: str, started_ns: int) -> None:
    """The counts the home page shows, when the build ran, and the fingerprint of the
    code, lexicon, curation and series it ran with (whether a later build may reuse it)."""
    cursor = db.execute(BUILD_SUMMARY)
    counts = dict(zip([column[0] for column in cursor.description], cursor.fetchone(), strict=True))
    built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    db["build"].upsert(
        {"id": 1, "built_at": built_at, "started_ns": started_ns, "fingerprint": fingerprint, **counts},
        pk="id",
    )
    for statement in SUMMARY_COUNTS:
        db.execute(statement)


# Counted once per build, so that no page counts a million claims per request.
SUMMARY_COUNTS = [
    """UPDATE subjects SET
         claims = (SELECT count(*) FROM claims WHERE subject = subjects.id AND status != 'rejected'),
         charted = (SELECT count(*) FROM claims WHERE subject = subjects.id AND status != 'rejected'
                    AND as_of IS NOT NULL AND value > 0),
         pairs = (SELECT count(*) FROM counterclaims WHERE subject = subjects.id)""",
    """UPDATE claimants SET claim_count = (SELECT count(*) FROM claims WHERE claimant = claimants.id
         AND origin = 'news' AND status != 'rejected')""",
]
