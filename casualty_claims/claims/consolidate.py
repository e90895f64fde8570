"""One claim per distinct figure: an article's readings of the same figure about
the same losses folded together, under an id that survives rebuilds."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from .dating import has_own_date
from .discourse import Reading


@dataclass
class Claim:
    """A distinct claim in one article and every place the article states it."""

    id: str
    article: str
    readings: list[Reading] = field(default_factory=list)

    @property
    def primary(self) -> Reading:
        return max(self.readings, key=strength)


KIND_RANK = {"person": 4, "organisation": 4, "government": 4, "outlet": 3, "group": 2, "country": 1}


ATTRIBUTION_RANK = {
    "curation": 6,
    "verb": 5,
    "according_to": 5,
    "possessive": 5,
    "contrastive": 5,
    "anaphora": 4,
    "list": 4,
    "quote": 3,
    "headline": 2,
    "none": 0,
}


def strength(reading: Reading):
    claimant_rank = KIND_RANK.get(reading.claimant.kind, 0) if reading.claimant else 0
    return (
        reading.claimant is not None,
        ATTRIBUTION_RANK[reading.attribution] > 0 and not reading.sentence.is_headline,
        # of two names for one speaker, the one that says whose side it speaks for
        reading.claimant is not None and reading.claimant.side != "unknown",
        claimant_rank,
        ATTRIBUTION_RANK[reading.attribution],
        reading.qualifier != "exact",
        -reading.sentence.position,
    )


def _same_claim(a: Reading, b: Reading) -> bool:
    if a.unit != b.unit:
        return False
    if a.subject_side != b.subject_side and "unknown" not in (a.subject_side, b.subject_side):
        return False
    values = lambda r: (r.figure.value, r.figure.low, r.figure.high)  # noqa: E731
    if values(a) != values(b):
        return False
    if a.measure != b.measure and "killed_or_wounded" not in (a.measure, b.measure):
        return False
    if a.population != b.population and "unknown" not in (a.population, b.population):
        return False
    if a.claimant is None or b.claimant is None or a.claimant.side == b.claimant.side:
        return True
    sideless = a if a.claimant.side == "unknown" else b if b.claimant.side == "unknown" else None
    return sideless is not None and _names_the_other(sideless, b if sideless is a else a)


def _names_the_other(sideless: Reading, other: Reading) -> bool:
    """Whether a speaker named by a phrase that tells no side is the other speaker of the same
    figure: a headline's tail ("... - MoD") or a name with the other's role ("a South Korean
    lawmaker said" ... "lawmaker Lee said"); not another voice ("analyst Jack Halloran")."""
    claimant = sideless.claimant
    if sideless.sentence.is_headline and claimant.inferred:
        return True
    return bool({r.lower() for r in claimant.roles} & {r.lower() for r in other.claimant.roles})


def claim_id(article: str, raw: str, reading: Reading, occurrence: int = 0) -> str:
    """A stable id: the article and the figure with the text around it.

    The text around it is up to 40 characters either side, within the figure's
    line, so the id survives rebuilds, edits elsewhere in the file and changes
    to the extractor for as long as that stretch of the line is unchanged.
    """
    return span_id(article, raw, *reading.span, occurrence)


def span_id(article: str, raw: str, start: int, end: int, occurrence: int = 0) -> str:
    """The id of the claim whose figure is ``raw[start:end]`` (see claim_id)."""
    line_start = raw.rfind("\n", 0, start) + 1
    line_end = raw.find("\n", end)
    window = raw[max(line_start, start - 40) : min(end + 40, len(raw) if line_end < 0 else line_end)]
    key = f"{article}\x00{window}" + (f"\x00{occurrence}" if occurrence else "")
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def consolidate(article: str, raw: str, readings: list[Reading]) -> list[Claim]:
    """Fold readings of the same figure about the same losses into one claim.

    "Casualties" read as killed-or-wounded folds into a reading of the same
    figure that says which; an unattributed reading folds into an attributed
    one; readings credited to different sides stay apart.
    """
    claims: list[Claim] = []
    # A reading is compared only with the claims under its key, and with one of their readings
    # of each likeness, not with every reading of every claim: an article's cost stays linear
    # in its length, and the claims are those the comparison with every reading made.
    by_key: dict[tuple, list[Claim]] = defaultdict(list)
    alike: dict[str, dict[tuple, Reading]] = {}  # by claim id
    ids: set[str] = set()
    for reading in readings:
        candidates = by_key[_key(reading)]
        home = next(
            (c for c in candidates if all(_same_claim(reading, r) for r in alike[c.id].values())), None
        )
        if home is None:
            occurrence = 0
            while (id := claim_id(article, raw, reading, occurrence)) in ids:
                occurrence += 1  # the same words around the same figure twice in one article
            ids.add(id)
            home = Claim(id=id, article=article)
            claims.append(home)
            candidates.append(home)
            alike[id] = {}
        home.readings.append(reading)
        alike[home.id].setdefault(_likeness(reading), reading)
    return claims


def _key(reading: Reading) -> tuple:
    """What readings of one claim have in common (_same_claim is false for any two that differ in it)."""
    return reading.unit, reading.figure.value, reading.figure.low, reading.figure.high


def _likeness(reading: Reading) -> tuple:
    """All else _same_claim reads of a reading: it answers the same for two readings alike in it."""
    claimant = reading.claimant
    speaker = claimant and (
        claimant.side,
        reading.sentence.is_headline and claimant.inferred,
        frozenset(role.lower() for role in claimant.roles),
    )
    return reading.subject_side, reading.measure, reading.population, speaker


def measure_of(claim: Claim) -> str:
    """The most specific measure any reading of the claim gives."""
    measures = {r.measure for r in claim.readings}
    specific = measures - {"killed_or_wounded"}
    return claim.primary.measure if claim.primary.measure in specific or not specific else sorted(specific)[0]


def population_of(claim: Claim) -> str:
    known = [r.population for r in claim.readings if r.population != "unknown"]
    return claim.primary.population if claim.primary.population != "unknown" or not known else known[0]


def dated_reading(claim: Claim) -> Reading:
    """The reading whose date (and period) the claim takes: the primary's, unless only another
    reading's sentence dates the figure (a headline's "47,000 killed" and the body's "as of late
    May, roughly 47,000")."""
    primary = claim.primary
    if has_own_date(primary):
        return primary
    return next((r for r in claim.readings if has_own_date(r)), primary)
