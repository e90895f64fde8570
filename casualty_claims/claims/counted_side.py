"""Whose losses a counted figure is: what its own words say (``side_in_words``), and,
when they say nothing, what the sentence, the article and the speaker say
(``default_side``). The clues themselves are read by ``losses``."""

from __future__ import annotations

import regex

from ..lexicon import FLAGS, matched_label
from .discourse import Discourse, Reading
from .figure_words import Around
from .grammar import Grammar
from .losses import (
    WAGNER,
    both_sides,
    country_before,
    holder_before,
    other,
    owner_of_loss,
    passage_side,
    place_side,
    side_named_after,
    side_of,
    side_of_claims_before,
    speaker_side_before,
)
from .measures import adjacent

ADMITTED_LINK = regex.compile(
    r"(?:\s*(?:that|to|the|a|its|their|deaths?|loss(?:es)?|of|losing|some|just|only|a total of))*\s*", FLAGS
)


GAP_BEFORE = regex.compile(r"\b(?:and|while|but|whereas)\s+(?:the\s+)?$", FLAGS)


AND_AT_END = regex.compile(r"\band\s+$", FLAGS)


IN_PLACE = regex.compile(r"\b(?:in|near|around|over|across|on|at)\s+(?:the\s+)?$", FLAGS)


# "surrendered to Russian forces": the prisoners are the other side's
TO_SIDE = regex.compile(r"\s+to\s+(?:the\s+)?", FLAGS)


def side_in_words(w: Around, g: Grammar) -> str | None:
    """Whose losses the figure's own words say: a side in its noun phrase or just after it,
    the owner or subject of its loss predicate, or the enemy of an agent's side."""
    before, loss, agent = w.before, w.loss, w.agent
    side = both_sides(w.after, before[: loss.end()] if loss else "", g) or side_of(
        w.np, before, w.claimant, g
    )
    side = side or side_named_after(w.after, g)
    if side is None and loss:
        side = (w.possessed and w.possessed[0]) or country_before(before[: loss.start()], g)
        side = side or speaker_side_before(before[: loss.start()], w.claimant)
    if side is None and agent:
        side = _object_side_before(w.text, before[: agent.start()], w.prev, g)
        side = side or other(country_before(before[: agent.start()], g))
    return side


def default_side(
    w: Around, measure: str, population: str, person, state: Discourse, g: Grammar
) -> str | None:
    """Whose losses a count of people is when its own words do not say: Wagner's or the
    enemy's mercenaries, the list's speaker's, a holder's ("Ukraine has"), the place's, the
    losses the sentence or the one before is about, the speaker's own when they admit them
    or count their missing."""
    text, before, claimant = w.text, w.before, w.claimant
    side = None
    if g.mercenary.search(w.np):
        side = "russia" if WAGNER.search(text) else other(claimant.side if claimant else None)
    if side is None and state.list_speaker:
        side = state.list_speaker[2]
    if side is None and measure != "captured":  # "Ukraine has 1,000 prisoners" holds the enemy's
        side = holder_before(before, g)
    if side is None and (population == "civilian" or (person and person[1] == "unknown")):
        side = place_side(w.sentence, state, g)
        if side is None and population == "civilian":
            side = g.default_civilian_side
    if side is None:
        side = owner_of_loss(text, state.previous_text, g)
    if side is None and w.loss and g.casualty_noun.match(w.loss.group()):  # a bare "losses amounted to"
        side = side_of_claims_before(text, w.sentence, state, g)
        side = side or passage_side(text[: w.figure.start], state.previous_text, claimant, g)
    if side is None and claimant and claimant.side in ("ukraine", "russia") and _admitted(before, g):
        side = claimant.side  # "Russia has admitted to 2,095 casualties": one admits one's own losses
    if side is None and measure == "missing" and claimant and claimant.side in ("ukraine", "russia"):
        # "the army gives data on 2,000 missing soldiers": a side counts its own missing; the
        # enemy's it counts as killed or captured, and names them
        side = claimant.side
    return side


def _admitted(before: str, g: Grammar) -> bool:
    """An admission right before the figure: "admitted to just", "acknowledged the deaths of"."""
    ends = [m.end() for m in g.admission.finditer(before, max(0, len(before) - 60))]
    return bool(ends) and bool(ADMITTED_LINK.fullmatch(before, ends[-1]))


def gapped_side(before: str, g: Grammar) -> str | None:
    """ "Ukraine lost 1,300 soldiers and Russia 12,000": the side that stands right before a
    figure whose verb the clause before gave."""
    for country in g.country.finditer(before, max(0, len(before) - 40)):
        gap = not before[: country.start()].strip() or GAP_BEFORE.search(before, 0, country.start())
        if gap and not before[country.end() :].strip(" ,"):
            return matched_label(country)
    return None


def _object_side_before(text: str, before_verb: str, prev: Reading | None, g: Grammar) -> str | None:
    """ "killed 35 Russian soldiers and wounded 50": a verb coordinated with the one before the
    previous figure shares its subject, so its object is on the previous object's side."""
    if prev is None or not AND_AT_END.search(before_verb):
        return None
    start = prev.figure.context_start
    return prev.subject_side if adjacent(text[max(0, start - 60) : start], g.agent_predicate, g) else None


def military_unless_placed(text: str, side: str, g: Grammar) -> str:
    """ "500 Russian casualties" are soldiers, "Russian losses in Belgorod" may not be (but
    "the casualties Moscow claims" names a government, not a place)."""
    placed = any(
        matched_label(place) == side and IN_PLACE.search(text, max(0, place.start() - 12), place.start())
        for place in g.place.finditer(text)
    )
    return "unknown" if placed else "military"


def captors_other_side(before: str, captured: regex.Match, g: Grammar) -> str | None:
    """ "gave themselves up to Russian soldiers": the prisoners are the captors' enemy."""
    to = TO_SIDE.match(before, captured.end())
    captor = to and g.side_word.match(before, to.end())
    return other(matched_label(captor)) if captor else None
