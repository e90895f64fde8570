"""Step 9's rules: link claims across articles (``relink`` applies them to the stored claims).

Two things are built here, both without quadratic work over all claims:

* claim groups: the same claim reported by several outlets (the Russian
  General Staff's 1,351 dead in two articles) is one group, found by hashing
  each claim on (claimant's side, subject side, unit, figure) and then
  joining members whose as-of dates are close;
* counterclaim pairs: groups about the same subject side, population and
  measure (or the related killed / killed-or-wounded, marked as not comparable),
  made by different sides, with as-of dates within ``PAIR_WINDOW_DAYS``; each
  group is paired with the few nearest in time (``NEAREST_COUNTERCLAIMS``), found
  by binary search in date-sorted lanes.

Only like meets like (likeness.py, whose ``LIKE_RULES`` the site shows): a running total
meets running totals, a figure for a period meets figures whose periods overlap
by at least half, a figure for a place or operation meets figures for the same
place; a vague amount or a projection is set beside a count as context, never
given a ratio.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .caveats import caveat, stored
from .likeness import RELATED_MEASURES, UNSURE_QUALIFIERS, alike, relation_of
from .vocabulary import (
    BOTH_FIGURES,
    BOTH_SIDES,
    CLAIM_FIGURE,
    COMPARED,
    COUNTER_FIGURE,
    DIFFERENT_MEASURES,
    PERIOD,
    PERIODS_OVERLAP_PARTLY,
)

# Claims of the same figure by the same side are one claim group when their
# as-of dates are this close.
GROUP_WINDOW_DAYS = 45
# Claims by different sides are set against each other when their as-of dates
# are this close: about a month, the time one side's running total takes to
# draw a public answer from the other.
PAIR_WINDOW_DAYS = 31
# Refugees and the displaced are counted but not losses a side disputes.
UNPAIRED_MEASURES = {"displaced"}
# An unknown side cannot vouch for an answer; a figure for both sides together
# answers no one side's count.
UNPAIRED_SUBJECT_SIDES = {"unknown", BOTH_SIDES}


@dataclass(slots=True)
class ClaimRow:
    """What linking needs of a stored claim row."""

    id: str
    article: str
    claimant: str | None
    claimant_side: str
    subject_side: str
    population: str
    measure: str
    unit: str | None
    value: int
    value_low: int | None
    value_high: int | None
    display: str | None
    qualifier: str
    as_of: str | None
    as_of_precision: str | None
    scope: str
    period_start: str | None
    period_end: str | None
    place: str | None
    published: str | None
    rank: tuple

    @property
    def coverage(self) -> tuple:
        """What the figure covers: claims of one group, and a pair's two figures, agree on it."""
        return self.scope, self.period_start, self.period_end, self.place


@functools.lru_cache(maxsize=1 << 16)  # a few thousand distinct dates, read millions of times
def as_date(value: str | None) -> dt.date | None:
    """A comparable day for an ISO date of any precision: the middle of a month or year."""
    if not value:
        return None
    if len(value) == 4:
        return dt.date(int(value), 7, 1)
    if len(value) == 7:
        return dt.date(int(value[:4]), int(value[5:7]), 15)
    return dt.date.fromisoformat(value)


def _merge_measure(a: str, b: str) -> str | None:
    if a == b:
        return a
    if {a, b} in RELATED_MEASURES:
        return a if b == "killed_or_wounded" else b
    return None


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12]


def bucket_key(claim: ClaimRow) -> tuple:
    """Only claims with the same key can be one group: sides, unit and figure."""
    return (
        claim.claimant_side,
        claim.subject_side,
        claim.unit,
        claim.value,
        claim.value_low,
        claim.value_high,
    )


@dataclass(slots=True)
class _Forming:
    """A group being formed, with what a claim must agree with to join it."""

    first_day: dt.date
    members: list[ClaimRow]
    articles: set[str]
    measures: set[str]
    populations: set[str]
    coverage: tuple

    def admits(self, claim: ClaimRow, day: dt.date) -> bool:
        """One article's distinct claims are never one claim; measures must merge, known
        populations agree, and the figures cover the same (a day's 650 is not a total's)."""
        return (
            claim.article not in self.articles
            and claim.coverage == self.coverage
            and all(_merge_measure(m, claim.measure) is not None for m in self.measures)
            and all(p == claim.population or "unknown" in (p, claim.population) for p in self.populations)
            and abs((day - self.first_day).days) <= GROUP_WINDOW_DAYS
        )

    def add(self, claim: ClaimRow) -> None:
        self.members.append(claim)
        self.articles.add(claim.article)
        self.measures.add(claim.measure)
        self.populations.add(claim.population)


def group_claims(claims: list[ClaimRow]) -> tuple[list[dict], dict[str, str]]:
    """Claim groups, each with the claim that speaks for it; and the group of every claim."""
    buckets: dict[tuple, list[ClaimRow]] = defaultdict(list)
    for claim in claims:
        buckets[bucket_key(claim)].append(claim)
    groups: list[list[ClaimRow]] = []
    for key, members in buckets.items():
        members.sort(key=lambda c: (as_date(c.as_of) or dt.date.max, c.id))
        if "unknown" in key[:2]:  # an unknown side cannot vouch for a match: one group each
            groups.extend([claim] for claim in members)
        else:
            groups.extend(_bucket_groups(members))
    rows, group_of = [], {}
    for members in groups:
        row = _group_row(members)
        rows.append(row)
        group_of.update((member.id, row["id"]) for member in members)
    return sorted(rows, key=lambda r: r["id"]), group_of


def _bucket_groups(members: list[ClaimRow]) -> list[list[ClaimRow]]:
    """The groups of one bucket's claims, in date order: a claim can join only a group
    begun within the window before it."""
    groups: list[list[ClaimRow]] = []
    forming: collections.deque[_Forming] = collections.deque()
    for claim in members:
        day = as_date(claim.as_of)
        if day is None:
            groups.append([claim])
            continue
        while forming and (day - forming[0].first_day).days > GROUP_WINDOW_DAYS:
            forming.popleft()
        home = next((group for group in forming if group.admits(claim, day)), None)
        if home is None:
            home = _Forming(day, [], set(), set(), set(), claim.coverage)
            groups.append(home.members)
            forming.append(home)
        home.add(claim)
    return groups


def _group_row(members: list[ClaimRow]) -> dict:
    """A group's row: its best-attributed claim speaks for it, with the most specific measure,
    the known population, and its earliest dates."""
    primary = max(members, key=lambda c: (c.rank, c.id))
    measure = primary.measure
    for member in members:
        measure = _merge_measure(measure, member.measure) or measure
    populations = [m.population for m in members if m.population != "unknown"]
    dates = [m.as_of for m in members if m.as_of]
    published = [m.published for m in members if m.published]
    return {
        "id": _digest(min(m.id for m in members)),
        "claim": primary.id,
        "claimant": primary.claimant,
        "claimant_side": primary.claimant_side,
        "subject_side": primary.subject_side,
        "population": populations[0] if populations else "unknown",
        "measure": measure,
        "unit": primary.unit,
        "value": primary.value,
        "value_low": primary.value_low,
        "value_high": primary.value_high,
        "display": primary.display,
        "qualifier": primary.qualifier,
        "as_of": min(dates, key=as_date) if dates else None,
        "scope": primary.scope,
        "period_start": primary.period_start,
        "period_end": primary.period_end,
        "place": primary.place,
        "first_reported": min(published, key=as_date) if published else None,
        "article_count": len({m.article for m in members}),
        "claim_count": len(members),
    }


def pair_groups(groups: list[dict], of: set[str] | None = None) -> Iterator[dict]:
    """Counterclaim pairs between groups made by different sides: each group with
    the ``NEAREST_COUNTERCLAIMS`` groups of each other side, measure and population
    nearest to it in time inside the window. Groups are kept in date order per
    (subject side, unit, population, claimant side, measure), so finding them is a
    binary search, and the number of pairs grows with the number of groups, not
    with its square however many claims a month holds. Each pair is yielded once,
    as it is found, so that none need be held. Given ``of``, only the pairs found
    from those groups (the others still count as counterclaims)."""
    lanes: dict[tuple, list[tuple[dt.date, str, dict]]] = defaultdict(list)
    for group in groups:
        day = as_date(group["as_of"])
        if (
            day is None
            or group["subject_side"] in UNPAIRED_SUBJECT_SIDES
            or group["claimant_side"] == "unknown"
        ):
            continue
        if group["measure"] in UNPAIRED_MEASURES:
            continue
        if group["scope"] == PERIOD and not group["period_start"]:
            continue  # "another 650": a period that cannot be matched against another
        lanes[_lane(group, group["claimant_side"], group["measure"])].append((day, group["id"], group))
    for lane in lanes.values():
        lane.sort(key=lambda member: member[:2])
    days = {key: [member[0] for member in lane] for key, lane in lanes.items()}
    sides = {key[5] for key in lanes}
    nearest_cache: dict[tuple, list[tuple[dt.date, dict]]] = {}

    def nearest(key: tuple, day: dt.date) -> list[tuple[dt.date, dict]]:
        # many groups share a day, and each pair is looked for from both of its groups
        if (key, day) not in nearest_cache:
            nearest_cache[key, day] = _nearest(lanes.get(key, []), days.get(key, []), day)
        return nearest_cache[key, day]

    for own, lane in lanes.items():
        for day, id, group in lane:
            if of is not None and id not in of:
                continue
            for side in sides - {group["claimant_side"]}:
                for measure in _answering_measures(group["measure"]):
                    key = _lane(group, side, measure)
                    for other_day, other in nearest(key, day):
                        if other["id"] < group["id"] and any(g is group for _, g in nearest(own, other_day)):
                            continue  # found from the other group too: yielded there
                        answered = pair(group, other, abs((day - other_day).days))
                        if answered:
                            yield answered


# Each group is set against at most this many groups of each other side and measure,
# the nearest in time: the answers a reader wants, not every figure of the month.
NEAREST_COUNTERCLAIMS = 2


def _lane(group: dict, side: str, measure: str) -> tuple:
    """Groups that may answer each other: alike but for the claimant's side (and a related measure)."""
    return (
        group["subject_side"],
        group["unit"],
        group["population"],
        group["scope"],
        group["place"],
        side,
        measure,
    )


def _answering_measures(measure: str) -> list[str]:
    related = [m for pair in RELATED_MEASURES if measure in pair for m in pair if m != measure]
    return [measure, *related]


def _nearest(lane: list[tuple], days: list[dt.date], day: dt.date) -> list[tuple[dt.date, dict]]:
    """The members of a date-sorted lane nearest to ``day``, within the pairing window."""
    right = bisect.bisect_left(days, day)
    left = right - 1
    found = []
    while len(found) < NEAREST_COUNTERCLAIMS:
        before = (day - days[left]).days if left >= 0 else None
        after = (days[right] - day).days if right < len(days) else None
        if before is not None and (after is None or before <= after):
            gap, member, left = before, lane[left], left - 1
        elif after is not None:
            gap, member, right = after, lane[right], right + 1
        else:
            break
        if gap > PAIR_WINDOW_DAYS:
            break
        found.append((member[0], member[2]))
    return found


def pair(a: dict, b: dict, gap_days: int) -> dict | None:
    """The counterclaim pair of two groups, or None when they do not answer each other."""
    if a["claimant_side"] == b["claimant_side"]:
        return None
    if a["population"] != b["population"]:
        return None  # a city's shelling toll is no answer to an army's losses
    same_measure = a["measure"] == b["measure"]
    if not same_measure and frozenset({a["measure"], b["measure"]}) not in RELATED_MEASURES:
        return None
    overlap = alike(a, b)
    if overlap is None:
        return None
    claim, counter = sorted((a, b), key=lambda g: (-g["value"], g["id"]))
    caveats = [] if same_measure else [caveat(BOTH_FIGURES, DIFFERENT_MEASURES)]
    for about, group in ((CLAIM_FIGURE, claim), (COUNTER_FIGURE, counter)):
        if group["qualifier"] in UNSURE_QUALIFIERS:
            caveats.append(caveat(about, group["qualifier"]))
    if overlap < 1.0:
        caveats.append(caveat(BOTH_FIGURES, PERIODS_OVERLAP_PARTLY))
    relation = relation_of(claim, counter)
    compared = relation == COMPARED and counter["value"]
    return {
        "id": _digest(claim["id"], counter["id"]),
        "claim_group": claim["id"],
        "counter_group": counter["id"],
        "claim_id": claim["claim"],
        "counter_id": counter["claim"],
        "subject_side": claim["subject_side"],
        "population": claim["population"],
        "measure": claim["measure"],
        "counter_measure": counter["measure"],
        "unit": claim["unit"],
        "scope": claim["scope"],
        "place": claim["place"],
        "relation": relation,
        "comparable": int(relation == COMPARED),
        "ratio": round(claim["value"] / counter["value"], 3) if compared else None,
        "gap_days": gap_days,
        "caveats": stored(caveats),
    }
