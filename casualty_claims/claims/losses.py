"""Whose losses a figure counts: a side named in its noun phrase, the owner of a
loss ("Russia's death toll"), the subject of a loss verb ("Ukraine has lost"),
the speaker's own side or the enemy, a place on one side of the front."""

from __future__ import annotations

import regex

from ..lexicon import FLAGS, Claimant, matched_label
from ..sentences import Sentence
from .discourse import Discourse
from .grammar import Grammar

OWN_BEFORE = regex.compile(r"\b(?:its|our|their) own\s*$|\bof (?:its|our)\s*$", FLAGS)


POSSESSIVE_BEFORE = regex.compile(r"(?P<who>\w+)['’]s\s+(?:[\w-]+\s+){0,2}$")


WORD = regex.compile(r"\w+")


POSSESSIVE_S = regex.compile(r"(?:['’]s)?\s+")


UP_TO_TWO_WORDS = regex.compile(r"(?:([\w-]+\s+)){0,2}")


SPEAKER_BEFORE = regex.compile(
    r"\b(?P<who>we|our (?:\w+ )?(?:army|forces|troops|side)|the enemy)\b(?:\s+\w+){0,3}\s*$", FLAGS
)


WAGNER = regex.compile(r"\bWagner\b")


def side_of(np: str, before: str, claimant: Claimant | None, g: Grammar) -> str | None:
    side = g.side_word.search(np)
    if side:
        return matched_label(side)
    if g.own_side.search(np) or OWN_BEFORE.search(before):
        return claimant.side if claimant and claimant.side in ("ukraine", "russia") else None
    if g.enemy.search(np):
        return other(claimant.side if claimant else None)
    possessive = POSSESSIVE_BEFORE.search(before)
    if possessive:
        match = g.side_word.fullmatch(possessive.group().strip()) or g.country.search(possessive.group())
        if match:
            return _side_label(match)
    return None


def _side_label(match: regex.Match) -> str:
    return matched_label(match)


def country_before(text: str, g: Grammar) -> str | None:
    """The side named as the grammatical subject just before a predicate:
    "Russia has lost", "Ukraine, meanwhile, is expected to lose"."""
    found = [m for m in g.country.finditer(text) if len(WORD.findall(text, m.end())) <= 4]
    return _side_label(found[-1]) if found else None


def possessed_loss(text: str, g: Grammar) -> tuple[str, str] | None:
    """The side and measure of a loss noun owned by a side: "Russia's death toll in Ukraine is
    expected to reach", "Russian casualties in Ukraine now exceed"."""
    for owner in reversed(list(g.country.finditer(text))):
        possessive = POSSESSIVE_S.match(text, owner.end())
        if not possessive:
            continue
        rest = text[possessive.end() :]
        words = UP_TO_TWO_WORDS.match(rest)
        for start in [0, *words.ends(1)]:
            noun = g.casualty_noun.match(rest, start)
            if noun:
                return _side_label(owner), matched_label(noun)
    return None


def speaker_side_before(text: str, claimant: Claimant | None) -> str | None:
    """ "We have lost 31,000", "the enemy has lost 500": the speaker's own side, or the other."""
    if claimant is None or claimant.side not in ("ukraine", "russia"):
        return None
    tail = SPEAKER_BEFORE.search(text)
    if not tail:
        return None
    return other(claimant.side) if tail.group("who").lower() == "the enemy" else claimant.side


def other(side: str | None) -> str | None:
    return {"ukraine": "russia", "russia": "ukraine"}.get(side or "")


def place_side(sentence: Sentence, state: Discourse, g: Grammar) -> str | None:
    for text in (sentence.text, state.previous_text):
        place = g.place.search(text)
        if place:
            return matched_label(place)
    return None
