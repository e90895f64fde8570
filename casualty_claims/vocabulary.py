"""The one vocabulary of the house: sides, measures, populations, qualifiers, scopes, pair
relations, pair caveats, reference-check outcomes, statuses and how much of the articles' texts
a database holds.

Each is a list of rows (an id and the label people read), as the database's vocabulary tables
hold them (schema.create inserts them); curation, the lexicon and the plugin's pages take their
ids and labels from here. ``COUNTS`` is the one SQL condition for "claims that count": a claim a
curator rejected stays in the database, marked, but out of every count, page and pairing.
"""

from __future__ import annotations

SIDES = [
    {"id": "ukraine", "name": "Ukraine"},
    {"id": "russia", "name": "Russia"},
    {"id": "third_party", "name": "Third party"},
    {"id": "both", "name": "Both sides"},
    {"id": "unknown", "name": "Unknown"},
]
# One figure for the two sides' losses together ("killed on both sides", "a combined 300"):
# whose losses a claim counts, never who claims it, and never set against one side's count.
BOTH_SIDES = "both"
SUBJECT_SIDES = tuple(side["id"] for side in SIDES)
# A claimant speaks for one party; only a figure may count both sides.
CLAIMANT_SIDES = tuple(side for side in SUBJECT_SIDES if side != BOTH_SIDES)

MEASURES = [
    {"id": "killed", "name": "killed", "counts_people": 1},
    {"id": "wounded", "name": "wounded", "counts_people": 1},
    {"id": "killed_or_wounded", "name": "killed or wounded", "counts_people": 1},
    {"id": "captured", "name": "captured", "counts_people": 1},
    {"id": "missing", "name": "missing", "counts_people": 1},
    {"id": "displaced", "name": "displaced", "counts_people": 1},
    {"id": "equipment", "name": "equipment", "counts_people": 0},
]
POPULATIONS = [
    {"id": "military", "name": "military"},
    {"id": "civilian", "name": "civilian"},
    {"id": "unknown", "name": "unknown"},
]
QUALIFIERS = [
    {"id": "exact", "name": "exact"},
    {"id": "at_least", "name": "at least"},
    {"id": "at_most", "name": "at most"},
    {"id": "approximately", "name": "approximately"},
    {"id": "range", "name": "range"},
    {"id": "projection", "name": "projection"},
    {"id": "vague", "name": "vague"},
]
# How a qualifier reads before a figure ("about 300 killed") when the text's own words are not
# known (a claim added or corrected by hand, a figure of the reference series); exact figures and
# ranges add no word. A projection, and a vague amount whose words are lost, read as a label
# before the figure: "projected: 100,000", "vague: 2,000–9,000" (display.as_said).
QUALIFIER_WORDS = {
    "at_least": "at least",
    "at_most": "up to",
    "approximately": "about",
    "projection": "projected",
    "vague": "vague",
}

# What a figure covers: everything since the war began (what a figure with no stated period
# counts, and "so far", "in total", "since the invasion"), or a stated period ("in the past 24
# hours", "last month", "since the counteroffensive began"). A place or operation the text
# limits it to ("in Bakhmut") is recorded beside the scope (the lexicon's places).
TOTAL, PERIOD = "total", "period"
SCOPES = [
    {"id": TOTAL, "name": "running total since the war began"},
    {"id": PERIOD, "name": "over a stated period"},
]

# How two figures of a counterclaim pair stand to each other: compared (like against like, a
# ratio is honest), related (killed against killed or wounded: shown side by side, never
# compared) or context (a vague amount or a projection beside a count: no ratio, ever).
COMPARED, RELATED, CONTEXT = "compared", "related", "context"
RELATIONS = [
    {"id": COMPARED, "name": "compared like with like"},
    {"id": RELATED, "name": "related measures, not compared"},
    {"id": CONTEXT, "name": "context only: vague or projected"},
]

# Why a counterclaim pair needs care. Each caveat is about one figure of the pair (the claim,
# the larger, or the counterclaim) or about the pair, and is stored as such in
# counterclaims.caveats, a JSON list: [{"about": "counter", "note": "vague"}]. It is read from
# the reader's side (caveats.py): "this claim" or "the counterclaim" on a claim page, the
# column names in tables. A note about a figure reads after its name ("the counterclaim is a
# vague amount"), one about the pair on its own.
CLAIM_FIGURE, COUNTER_FIGURE, BOTH_FIGURES = "claim", "counter", "pair"
VAGUE_AMOUNT, PROJECTED = "vague", "projection"  # the qualifiers' ids
DIFFERENT_MEASURES, SERIES_KILLED_OR_WOUNDED = "different_measures", "series_killed_or_wounded"
PERIODS_OVERLAP_PARTLY = "periods_overlap_partly"
CAVEATS = [
    {"id": VAGUE_AMOUNT, "name": "is a vague amount"},
    {"id": PROJECTED, "name": "is a projection"},
    {"id": DIFFERENT_MEASURES, "name": "the two figures count different measures"},
    {"id": SERIES_KILLED_OR_WOUNDED, "name": "is the ministry's series, which counts killed or wounded"},
    {"id": PERIODS_OVERLAP_PARTLY, "name": "the two periods overlap only in part"},
]

# What checking a news figure against the ministry's daily reports found. A figure stated for a
# period may be a daily increment (the difference of two consecutive reports) or, misread, a
# report's running total; both are flagged rather than compared as if alike.
MATCHES, DIFFERS, INCREMENT, TOTAL_AS_PERIOD = "matches", "differs", "increment", "total_as_period"
CHECK_OUTCOMES = [
    {"id": MATCHES, "name": "matches a report"},
    {"id": DIFFERS, "name": "differs from the nearest report"},
    {"id": INCREMENT, "name": "equals one day's change between two reports"},
    {"id": TOTAL_AS_PERIOD, "name": "stated for a period, but equals a report's running total"},
]

# Where a claim stands after curation (curate.py): as extracted, or touched by hand.
EXTRACTED, CONFIRMED, CORRECTED, REJECTED, MANUAL = (
    "extracted",
    "confirmed",
    "corrected",
    "rejected",
    "manual",
)
STATUSES = [
    {"id": EXTRACTED, "name": "extracted"},
    {"id": CONFIRMED, "name": "confirmed by hand"},
    {"id": CORRECTED, "name": "corrected by hand"},
    {"id": REJECTED, "name": "rejected by hand"},
    {"id": MANUAL, "name": "added by hand"},
]
# The claims that count (every status but rejected), as SQL over a query's one `claims` table.
COUNTS = f"status != '{REJECTED}'"

# What a database holds of the articles' texts (build.texts): all of it, as the build writes it,
# or the quotes only, as it is published (quotes_only.py): the sentences that carry a claim or a
# figure, with the sentence before and after.
FULL_TEXT, QUOTES_ONLY = "full", "quotes"


def ids(vocabulary: list[dict]) -> tuple[str, ...]:
    """The ids of a vocabulary, in its order."""
    return tuple(row["id"] for row in vocabulary)


def labels(vocabulary: list[dict]) -> dict[str, str]:
    """Each id of a vocabulary and the label people read."""
    return {row["id"]: row["name"] for row in vocabulary}


SIDE_LABELS = labels(SIDES)
MEASURE_LABELS = labels(MEASURES)
POPULATION_LABELS = labels(POPULATIONS)
QUALIFIER_LABELS = labels(QUALIFIERS)
STATUS_LABELS = labels(STATUSES)
SCOPE_LABELS = labels(SCOPES)
RELATION_LABELS = labels(RELATIONS)
CHECK_OUTCOME_LABELS = labels(CHECK_OUTCOMES)
CAVEAT_LABELS = labels(CAVEATS)
