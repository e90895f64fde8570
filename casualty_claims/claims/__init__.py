"""Step 5: read each figure as a claim: who says it, about whose losses, what it
counts, how sure, and as of when; then fold the figure's repeated mentions in
one article into one claim.

The grammar works on one sentence at a time with a little discourse state
carried across the article (the last claimant named, who is speaking in an
open quote, the claim just read), so "the ministry also said" and "Not
300,000 or 150,000" can be read in context. All words come from the lexicon.

One module per question the grammar answers:

- ``speakers``: which of the places that attribute figures says whose a figure is,
  and who reports it (a chain: "X, citing Y, said");
- ``markers``: the places in a sentence that attribute figures (attribution verbs,
  "according to", "citing", possessives, "not what Y says", headline tails);
- ``mentions``: the claimants a sentence names, and the anaphors that refer back to one;
- ``subjects``: who a speaker phrase names (a verb's subject, the object of "according
  to", a person an aside describes);
- ``phrases``: where a speaker phrase begins and ends;
- ``naming``: a claimant the lexicon does not know, inferred from the phrase that
  names it (its id, kind, side and role);
- ``voices``: who speaks for figures a sentence does not attribute itself (an
  open quote, a list, the sentence before or after, the article's own voice);
- ``counting``: what a figure counts and how sure it is, over ``figure_words`` (the
  words around a figure), ``measures`` (what those words say it counts) and
  ``counted_side`` (whose losses they are, from ``losses``' clues);
- ``losses``: whose losses a figure counts;
- ``returns``: prisoners freed in a swap and the dead handed back, and whose they are;
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
