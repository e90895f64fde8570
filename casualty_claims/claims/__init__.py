"""Step 5: read each figure as a claim: who says it, about whose losses, what it
counts, how sure, and as of when; then fold the figure's repeated mentions in
one article into one claim.

The grammar works on one sentence at a time with a little discourse state
carried across the article (the last claimant named, who is speaking in an
open quote, the claim just read), so "the ministry also said" and "Not
300,000 or 150,000" can be read in context. All words come from the lexicon.

One module per question the grammar answers:

- ``speakers``: who speaks in a sentence (attribution verbs, "according to",
  possessives, headline tails, anaphora, chains: "X, citing Y, said");
- ``voices``: who speaks for figures a sentence does not attribute itself (an
  open quote, a list, the sentence before or after, the article's own voice);
- ``naming``: a claimant the lexicon does not know, inferred from the phrase that
  names it (its id, kind, side and role);
- ``losses``: whose losses a figure counts;
- ``returns``: prisoners freed in a swap and the dead handed back, and whose they are;
- ``counting``: what a figure counts and how sure it is;
- ``not_counts``: what a figure is not (another war's, an age, a name, a part
  of a whole, a strength);
- ``dating``: as of when;
- ``cues`` and ``coverage``: what a figure covers: a running total, a period (its days), a
  place or operation;
- ``discourse``: what the article has said so far;
- ``grammar``: the lexicon compiled into the patterns all of the above read with;
- ``reader``: the walk through an article's sentences;
- ``consolidate``: one claim per distinct figure.
"""

from .consolidate import (
    ATTRIBUTION_RANK,
    KIND_RANK,
    Claim,
    claim_id,
    consolidate,
    dated_reading,
    measure_of,
    population_of,
    span_id,
)
from .discourse import Reading
from .reader import read

__all__ = [
    "ATTRIBUTION_RANK",
    "KIND_RANK",
    "Claim",
    "Reading",
    "claim_id",
    "consolidate",
    "dated_reading",
    "measure_of",
    "population_of",
    "read",
    "span_id",
]
