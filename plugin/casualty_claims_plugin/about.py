"""/-/about: how to read the data, in plain words: what a claim, a claim group, a
counterclaim pair, a disparity and a caveat are, how figures, qualifiers, scope and dates are
read, what the ministry's series counts, the known limits, how to cite a claim and how to
report an error.

The page's prose is in its template (the README's "The data" and "How to read the figures"
say the same at more length); every list and number it states comes from the code that
applies it (the vocabulary, the pairing rules and windows, the series' check window), so the
page cannot drift from the data. Its JSON twin holds those lists and numbers.
"""

from __future__ import annotations

from casualty_claims import caveats, reference
from casualty_claims.likeness import LIKE_RULES
from casualty_claims.link import GROUP_WINDOW_DAYS, NEAREST_COUNTERCLAIMS, PAIR_WINDOW_DAYS
from casualty_claims.reference_checks import CHECK_WINDOW_DAYS
from casualty_claims.vocabulary import (
    BOTH_FIGURES,
    CAVEATS,
    CHECK_OUTCOMES,
    CLAIM_FIGURE,
    MEASURES,
    QUALIFIER_WORDS,
    QUALIFIERS,
    RELATIONS,
    SCOPES,
    STATUSES,
)

from .site import check_permissions, links, page_url, respond

# Where the hand curation lives, relative to the project's root.
CURATION_FILE = "curation/claims.yml"


async def about_page(datasette, request):
    await check_permissions(datasette, request)
    data = {
        "title": "How to read the data",
        "like_rules": LIKE_RULES,
        "group_window_days": GROUP_WINDOW_DAYS,
        "pair_window_days": PAIR_WINDOW_DAYS,
        "nearest_counterclaims": NEAREST_COUNTERCLAIMS,
        "measures": MEASURES,
        "qualifiers": [dict(q, words=QUALIFIER_WORDS.get(q["id"])) for q in QUALIFIERS],
        "scopes": SCOPES,
        "relations": RELATIONS,
        "caveats": [dict(row, text=_caveat_words(row)) for row in CAVEATS],
        "statuses": STATUSES,
        "reference_series": {
            "title": reference.SERIES_TITLE,
            "url": reference.SERIES_URL,
            "claimant": reference.CLAIMANT,
            "page": page_url(datasette, "claimants", reference.CLAIMANT) + "#series",
            "personnel_measure": reference.FIELDS["personnel"][0],
            "check_window_days": CHECK_WINDOW_DAYS,
            "check_outcomes": CHECK_OUTCOMES,
        },
        "curation_file": CURATION_FILE,
        "links": links(datasette),
    }
    return await respond(datasette, request, "about.html", data, html_only=("links",))


def _caveat_words(row: dict) -> str:
    """A caveat as the page lists it, read as the tables read it: a note about one figure (its
    label says what the figure "is") after "one of the two figures", one about the pair alone."""
    about = CLAIM_FIGURE if row["name"].startswith("is ") else BOTH_FIGURES
    note = caveats.caveat(about, row["id"])
    return caveats.read([note], {CLAIM_FIGURE: "one of the two figures"})[0]["text"]
