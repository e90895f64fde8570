"""Step 5: read each figure as a claim: who says it, about whose losses, what it
counts, how sure, and as of when; then fold the figure's repeated mentions in
one article into one claim.

The grammar works on one sentence at a time with a little discourse state
carried across the article (the last claimant named, who is speaking in an
open quote, the claim just read), so "the ministry also said" and "Not
300,000 or 150,000" can be read in context. All words come from the lexicon.

One module per question the grammar answers:

- ``speakers``: who speaks (attribution verbs, "according to", possessives,
  quotes, lists, anaphora, chains: "X, citing Y, said");
- ``naming``: a claimant the lexicon does not know, inferred from the phrase that
  names it (its id, kind, side and role);
- ``losses``: whose losses a figure counts;
- ``counting``: what a figure counts and how sure it is;
- ``dating``: as of when, and over what period;
- ``discourse``: what the article has said so far;
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
