"""A counterclaim pair's caveats: stored as what they are about, read from the reader's side.

A caveat is about one figure of the pair (``claim``, the larger, or ``counter``) or about the
pair as a whole (``pair``), with a note of the vocabulary (``vocabulary.CAVEATS``):
``{"about": "counter", "note": "vague"}``. ``counterclaims.caveats`` holds them as a JSON list.
Which figure is "this" one depends on where a reader stands: on a claim's page it is that
claim's figure, whichever side of the pair it is ("this claim is a vague amount", "the
counterclaim is a projection"); a table names its columns ("the counterclaim is a vague amount").
"""

from __future__ import annotations

import json

from .vocabulary import BOTH_FIGURES, CAVEAT_LABELS, CLAIM_FIGURE, COUNTER_FIGURE

# How a table names the two figures of a pair: by its columns, claim and counterclaim.
TABLE_NAMES = {CLAIM_FIGURE: "the claim", COUNTER_FIGURE: "the counterclaim"}


def caveat(about: str, note: str) -> dict:
    """One caveat: ``about`` is claim, counter or pair, ``note`` a code of vocabulary.CAVEATS."""
    if about not in (CLAIM_FIGURE, COUNTER_FIGURE, BOTH_FIGURES) or note not in CAVEAT_LABELS:
        raise ValueError(f"no caveat {note!r} about {about!r}")
    return {"about": about, "note": note}


def stored(caveats: list[dict]) -> str | None:
    """Caveats as ``counterclaims.caveats`` holds them: a JSON list, or null for none."""
    return json.dumps(caveats) if caveats else None


def loaded(text: str | None) -> list[dict]:
    """The caveats a ``counterclaims.caveats`` value holds; none for null."""
    return json.loads(text) if text else []


def from_side(own: str) -> dict[str, str]:
    """How a claim's page names the pair's figures, its own claim on side ``own`` (claim or
    counter) being "this claim"."""
    other = COUNTER_FIGURE if own == CLAIM_FIGURE else CLAIM_FIGURE
    return {own: "this claim", other: "the counterclaim"}


def read(caveats: list[dict], names: dict[str, str] = TABLE_NAMES) -> list[dict]:
    """Each caveat with its words as a reader with ``names`` for the two figures reads them
    (``text``): "this claim is a vague amount", "the two figures count different measures"."""
    return [dict(c, text=_words(c, names)) for c in caveats]


def _words(caveat: dict, names: dict[str, str]) -> str:
    note = CAVEAT_LABELS.get(caveat["note"], caveat["note"].replace("_", " "))
    return note if caveat["about"] == BOTH_FIGURES else f"{names[caveat['about']]} {note}"
