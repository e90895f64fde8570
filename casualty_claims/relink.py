"""Step 9: link the stored claims across articles, once a build has written them.

The rules are ``link``'s (claim groups, counterclaim pairs) and ``reference``'s (checks
against the ministry's series); this module reads the stored claims in an order that keeps
memory bounded and writes what the rules make: every claim anew (``relink_all``), or only
where an incremental build changed claims (``relink_changes``), with the same result.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import sqlite_utils

from . import link, reference, reference_checks, schema
from .claims import ATTRIBUTION_RANK, KIND_RANK
from .lexicon import Lexicon
from .reference import Reference
from .store import chunks, insert_rows
from .vocabulary import COUNTS


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
        display=row["display"],
        qualifier=row["qualifier"],
        as_of=row["as_of"],
        as_of_precision=row["as_of_precision"],
        scope=row["scope"],
        period_start=row["period_start"],
        period_end=row["period_end"],
        place=row["place"],
        published=published,
        rank=(
            known,
            known and not row["claimant_inferred"],
            KIND_RANK.get(row["claimant_kind"], 0),
            ATTRIBUTION_RANK[row["attribution"]],
        ),
    )


LINK_COLUMNS = f"""
SELECT claims.id, claims.article, claims.claimant, claimants.side AS claimant_side,
       claimants.kind AS claimant_kind, claimants.inferred AS claimant_inferred,
       claims.attribution, claims.display, claims.subject_side,
       claims.population, claims.measure, claims.unit, claims.value, claims.value_low,
       claims.value_high, claims.qualifier, claims.as_of, claims.as_of_precision, claims.scope,
       claims.period_start, claims.period_end, claims.place, claims.claim_group, articles.published
FROM claims JOIN articles ON articles.id = claims.article
LEFT JOIN claimants ON claimants.id = claims.claimant
WHERE claims.origin = 'news' AND claims.{COUNTS}
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
       qualifier, as_of, scope, period_start, period_end, place
FROM {}.claim_groups WHERE origin = 'news'
"""
# Groups that can be paired share subject side, unit and population: a partition.
# (All of them as worked out anew, in the temp schema; those of one partition as stored.)
PAIRING_GROUPS = GROUP_COLUMNS.format("temp") + "ORDER BY subject_side, unit, population"
PARTITION_GROUPS = GROUP_COLUMNS.format("main") + "AND subject_side = ? AND unit IS ? AND population = ?"
UKRAINIAN_NEWS = f"""
SELECT claims.* FROM claims JOIN claimants ON claimants.id = claims.claimant
WHERE claims.origin = 'news' AND claims.{COUNTS} AND claimants.side = 'ukraine'
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
    db: sqlite_utils.Database,
    series: Reference,
    articles: list[str] | None,
    claimants: list[str] = (),
    into: str = "main",
) -> None:
    """How the Ukrainian side's news figures compare with the series, written into the
    schema ``into``: of every article, or of these articles (new, their checks gone with
    their old rows) and, anew, of the claims of these claimants (whose side changed)."""
    if articles is None:
        rows = list(_dicts(db.execute(UKRAINIAN_NEWS)))
    else:
        for chunk, marks in chunks(claimants):
            db.execute(
                "DELETE FROM reference_checks WHERE claim IN "
                f"(SELECT id FROM claims WHERE claimant IN ({marks}) AND origin = 'news')",
                chunk,
            )
        found: dict[str, dict] = {}
        for column, values in (("article", articles), ("claimant", claimants)):
            for chunk, marks in chunks(values):
                query = UKRAINIAN_NEWS + f" AND claims.[{column}] IN ({marks})"
                found.update((row["id"], row) for row in _dicts(db.execute(query, chunk)))
        rows = list(found.values())
    checks = filter(None, (reference_checks.check(row, series.reports) for row in rows))
    insert_rows(db, "reference_checks", checks, into)


def relink_all(db: sqlite_utils.Database, lexicon: Lexicon, series: Reference | None) -> None:
    """The claim groups across articles, the counterclaim pairs between them (rejected
    claims left out) and, with a reference series, how each news figure compares with
    it: worked out again from the stored claims, and written in place of the old."""
    schema.drop_link_indexes(db)
    work_out_links(db, lexicon, series)
    write_links(db)


def work_out_links(db: sqlite_utils.Database, lexicon: Lexicon, series: Reference | None) -> None:
    """The links of every stored claim, into tables of the same names as the stored ones
    (``schema.LINK_TABLES``) in the temp schema of ``db``'s connection, each claim's group
    in ``memberships``. The claims are read in the order that puts the claims of one
    group, then the groups of one pairing, side by side, so that time grows with their
    number and memory with the largest group or pairing. Nothing of the main schema is
    written, so that this can read it while another connection writes its indexes
    (``tail``)."""
    for table in schema.LINK_TABLES:
        db.execute(f"CREATE TEMP TABLE [{table}] AS SELECT * FROM main.[{table}] WHERE 0")
    db.execute("CREATE TEMP TABLE memberships (claim TEXT, claim_group TEXT)")
    claims = (link_row(row, row["published"]) for row in _dicts(db.execute(LINK_ROWS)))
    for chunk in _whole_buckets(claims, 5_000):
        groups, group_of = link.group_claims(chunk)
        insert_rows(db, "claim_groups", (dict(group, origin="news") for group in groups), "temp")
        db.conn.executemany("INSERT INTO temp.memberships VALUES (?, ?)", group_of.items())
    for _, members in itertools.groupby(_dicts(db.execute(PAIRING_GROUPS)), key=_partition):
        for batch in _batched(_pairs(lexicon, series, list(members))):
            insert_rows(db, "counterclaims", batch, "temp")
    if series is not None:
        _write_reference_checks(db, series, None, into="temp")


def write_links(db: sqlite_utils.Database) -> None:
    """The links ``work_out_links`` left in the temp schema of ``db``'s connection, in place
    of the stored ones (groups before the claims and pairs that name them)."""
    db.execute("DELETE FROM main.counterclaims")
    db.execute("DELETE FROM main.reference_checks")
    db.execute("UPDATE main.claims SET claim_group = NULL WHERE origin = 'news' AND claim_group IS NOT NULL")
    db.execute("DELETE FROM main.claim_groups WHERE origin = 'news'")
    db.execute("INSERT INTO main.claim_groups SELECT * FROM temp.claim_groups ORDER BY rowid")
    db.execute(
        "UPDATE main.claims SET claim_group = memberships.claim_group FROM temp.memberships "
        "WHERE memberships.claim = claims.id"
    )
    for table in schema.LINK_TABLES[1:]:
        db.execute(f"INSERT INTO main.[{table}] SELECT * FROM temp.[{table}] ORDER BY rowid")
    for table in (*schema.LINK_TABLES, "memberships"):
        db.execute(f"DROP TABLE temp.[{table}]")


@dataclass
class Changes:
    """What an incremental build changed that linking must revisit: the buckets
    (``link.bucket_key``) of the claims that went and came, the groups of the claims
    that went, the articles written, and the inferred claimants whose side or kind
    changed (``store.resettled_claimants``)."""

    buckets: set[tuple] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    articles: list[str] = field(default_factory=list)
    claimants: list[str] = field(default_factory=list)

    def note_claims(self, db: sqlite_utils.Database, ids: list[str], column: str = "article") -> None:
        """Note the buckets and groups of these articles' claims (before they go, or once
        written), or with ``column`` "claimant", of these claimants' claims."""
        for chunk, marks in chunks(ids):
            for row in _dicts(db.execute(LINK_COLUMNS + f"AND claims.[{column}] IN ({marks})", chunk)):
                self.buckets.add(link.bucket_key(link_row(row, None)))
                if row["claim_group"]:
                    self.groups.add(row["claim_group"])


def relink_changes(
    db: sqlite_utils.Database, lexicon: Lexicon, series: Reference | None, changes: Changes
) -> None:
    """Linking redone where an incremental build changed claims, with the same result as
    ``relink_all``: the groups of the changed buckets, and the pairs of every group whose
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
    for chunk, marks in chunks(gone):
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
    for chunk, marks in chunks(sorted(set(was) - same)):
        db.execute(f"DELETE FROM counterclaims WHERE id IN ({marks})", chunk)
    insert_rows(db, "counterclaims", (pair for id, pair in now.items() if id not in same))


def _rows_by_id(
    db: sqlite_utils.Database, table: str, columns: list[str], values: set[str]
) -> dict[str, dict]:
    """The rows of ``table`` whose any of ``columns`` holds one of ``values``, by id."""
    rows: dict[str, dict] = {}
    for chunk, marks in chunks(sorted(values)):
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
