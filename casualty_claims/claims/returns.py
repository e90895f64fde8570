"""Prisoners and the dead going back to their side, in a swap or a repatriation. A figure of
them is a claim: the prisoners are ``captured`` (the annotation counts prisoners of war as
captured; the men a swap brings home had been their side's captured soldiers), the bodies
``killed``, both of the side whose people came back, as the sides report them (README: "How
to read the figures"). A swap both ways at once is ``both``."""

from __future__ import annotations

from functools import cache

import regex

from ..lexicon import FLAGS, Claimant, matched_label
from ..vocabulary import BOTH_SIDES
from .grammar import Grammar
from .losses import both_sides, country_before, other, side_of


@cache
def _sides_around(g: Grammar) -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    """Who held them, who takes them, who let them go, and the dead named before the figure."""
    country = rf"(?:{g.country.pattern})(?![\w-])"
    captors = regex.compile(rf"\b(?:from|of|out of)\s+(?:the\s+)?{country}(?:['’]s)?\s+captivity\b", FLAGS)
    takers = regex.compile(rf"\bto\s+(?:the\s+)?{country}", FLAGS)
    by = regex.compile(rf"^[^,;]{{0,40}}?\bby\s+(?:the\s+)?{country}", FLAGS)
    dead_of = regex.compile(rf"{g.returned_dead.pattern}\s+of\s+(?:the\s+)?$", FLAGS)
    return captors, takers, by, dead_of


# "were released in the swap": a swap's figure with no side of its own is of both sides
IN_A_SWAP = regex.compile(
    r"\s+(?:in|during|as part of)\s+(?:an?|the)\s+(?:\w+\s+){0,2}?(?:swap|exchange)\b", FLAGS
)


def returned(
    text: str,
    before: str,
    after: str,
    np: str,
    noun,
    claimant: Claimant | None,
    previous_text: str,
    g: Grammar,
) -> tuple[str, str, str] | None:
    """(measure, population, side) of a figure of prisoners or of the dead going back to their
    side: "Ukraine brought home 95 soldiers", "the bodies of 501 soldiers were handed over"."""
    if noun is None or noun[0] is g.equipment:
        return None
    if not (g.return_words.may_match(before[-100:]) or g.return_words.may_match(after)):
        return None  # most figures: no word of a return before or after them
    verb = g.return_before.search(before, max(0, len(before) - 100))
    # "144 defenders came home", "the bodies of 501 soldiers were handed over": right after the noun
    after_verb = (
        None if verb else g.return_after.match(after, noun[2]) or g.return_after.match(after, len(np))
    )
    if not (verb or after_verb):
        return None
    direction, _, from_captivity = matched_label(verb or after_verb).partition("_from_")
    if after_verb:
        np, tail = after[: min(len(np), after_verb.start())], after[after_verb.end() :]
    else:
        tail = after[len(np) :]
    what = _what_came_back(text, before, np, noun, bool(from_captivity), previous_text, g)
    if what is None:
        return None
    subject = before[: verb.start()] if verb else None
    side = _whose(direction, verb.group() if verb else "", subject, np, before, after, tail, claimant, g)
    return *what, side or "unknown"


def _what_came_back(
    text: str, before: str, np: str, noun, from_captivity: bool, previous_text: str, g: Grammar
) -> tuple[str, str] | None:
    """The dead (``killed``) or prisoners (``captured``), and their population; None for people
    whose return says nothing of captivity ("brought back 32 deported children")."""
    dead_of = _sides_around(g)[3]
    person = g.person_noun.search(np)
    population = "civilian" if g.civilian_word.search(np) else matched_label(person) if person else "unknown"
    if (
        (noun[0] is g.casualty_noun and noun[1] == "killed")
        or g.returned_dead.search(np)
        or dead_of.search(before, max(0, len(before) - 40))
    ):
        military = population == "unknown" and g.military_word.search(np)
        return "killed", "military" if military else population
    # only soldiers and prisoners go home by the plainer words; anyone else, only from captivity
    prisoners = noun[0] is g.casualty_noun and noun[1] == "captured"
    plain = not from_captivity and (prisoners or population == "military")
    if not (plain or g.captivity.search(text) or g.captivity.search(previous_text)):
        return None
    return "captured", "civilian" if population == "civilian" else "military"


def _whose(
    direction: str,
    verb: str,
    subject: str | None,
    np: str,
    before: str,
    after: str,
    tail: str,
    claimant: Claimant | None,
    g: Grammar,
) -> str | None:
    """The side whose people came back: held by the other side ("from Russian captivity"), named
    ("Ukrainian POWs"), taken by it ("to Moscow"), let go by the other ("released by Ukraine"),
    the subject that takes them home or lets them go, both in a swap, or the speaker's."""
    captors, takers, by = _sides_around(g)[:3]
    # "brought back 207 servicemen from Russian captivity": the captors' enemy, before any side named
    if held_by := captors.search(verb) or captors.search(after):
        return other(matched_label(held_by))
    side = side_of(np, before, claimant, g) or both_sides(after, before if subject is None else subject, g)
    if side is None and (taken_by := takers.search(verb) or takers.search(tail, 0, 60)):
        side = matched_label(taken_by)
    if side is None and subject is None and (agent := by.match(tail)):
        side = matched_label(agent) if direction == "received" else other(matched_label(agent))
    if side is None and subject is not None and direction != "exchanged":
        taker_or_giver = country_before(subject, g)
        side = taker_or_giver if direction == "received" else other(taker_or_giver)
    if side is None and (direction == "exchanged" or IN_A_SWAP.match(tail)):
        side = BOTH_SIDES
    if side is None and claimant and claimant.side in ("ukraine", "russia"):
        # a side reports its own people coming home, and the prisoners it lets go are the enemy's
        side = claimant.side if direction == "received" else other(claimant.side)
    return side
