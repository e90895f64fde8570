"""Whose losses a figure counts: a side named in its noun phrase, the owner of a
loss ("Russia's death toll"), the subject of a loss verb ("Ukraine has lost"),
the speaker's own side or the enemy, the side whose losses the sentence (or the
one before) is about, a place on one side of the front; or both sides together.

Forces fighting for a side count for it (vocabulary ``fighting_for``): North
Korean troops, private military companies and the separatist militias for
Russia, foreign volunteers and the legions for Ukraine."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..lexicon import FLAGS, Claimant, matched_label
from ..sentences import Sentence
from ..vocabulary import BOTH_SIDES
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


# "killed in Ukraine has topped": a country where the loss happened is not its owner
LOCATIVE_BEFORE = regex.compile(r"\b(?:in|into|inside|across|throughout|within|around)\s+(?:the\s+)?$", FLAGS)


def country_before(text: str, g: Grammar) -> str | None:
    """The side named as the grammatical subject just before a predicate:
    "Russia has lost", "Ukraine, meanwhile, is expected to lose"."""
    found = [
        m
        for m in g.country.finditer(text)
        if len(WORD.findall(text, m.end())) <= 4
        and not LOCATIVE_BEFORE.search(text, max(0, m.start() - 12), m.start())
    ]
    return _side_label(found[-1]) if found else None


# where the words right after a figure stop telling whose it is: "killed on both sides"
# but not "killed, officials on both sides said"
NEAR_AFTER = regex.compile(r"[^,;.()“”\"]{0,60}")


def both_sides(after: str, subject: str, g: Grammar) -> str | None:
    """ "100,000 Russian and Ukrainian soldiers", "300 killed on both sides", "the total losses
    of both armies reached 500,000" (``subject``: the words up to a loss predicate): one figure
    for the two sides, stored once as ``both`` and never set against one side's count.

    "About 100,000 on each side" gives each side's count rather than their sum, but it is
    still no one side's claim and the text makes it once: it is kept once, as ``both``,
    not split into two claims the text does not make."""
    if not (g.both_sides_words.may_match(after) or g.both_sides_words.may_match(subject)):
        return None  # most figures: no word of both sides near
    if _named_near(g.both_sides, after, g):
        return BOTH_SIDES
    for match in g.both_sides.finditer(subject):
        if len(WORD.findall(subject, match.end())) <= 4:
            return BOTH_SIDES
    return None


def agent_verb(loss: regex.Match | None, agent: regex.Match | None, before: str) -> bool:
    """ "Ukrainian drones killed or wounded 300 soldiers": a verb right before its object is the
    agent's, though "killed or wounded" may also name a loss ("the number of troops killed or
    wounded in Ukraine has topped 70,000")."""
    return bool(loss and agent and loss.end() == agent.end() and not WORD.search(before, agent.end()))


def side_named_after(after: str, g: Grammar) -> str | None:
    """ "300 soldiers were killed on the Russian side", "losses among Ukrainian troops"."""
    named = _named_near(g.side_after, after, g)
    return matched_label(named) if named else None


def _named_near(pattern: regex.Pattern, after: str, g: Grammar) -> regex.Match | None:
    """``pattern`` in the words right after a figure that may still say whose it is: before a
    comma or a speaker's verb ("killed, officials on both sides said")."""
    near = NEAR_AFTER.match(after).group()
    named = pattern.search(near)
    return None if named is None or g.verb.search(near, 0, named.start()) else named


def civilians_side(side: str, before: str, g: Grammar) -> str:
    """Civilians killed by a side's invasion, strikes or shelling are the other side's:
    "the death toll of Russia's invasion reached 10,000 civilians" counts Ukraine's."""
    aggressor = g.aggressor.search(before)
    return other(side) if aggressor and matched_label(aggressor) == side else side


def holder_before(before: str, g: Grammar) -> str | None:
    """ "that Ukraine has about 2,500 service members killed", "said that in Ukraine more than
    7,000 soldiers are missing": the side that has the dead, the missing."""
    holder = g.holder.search(before, max(0, len(before) - 80))
    return _side_label(holder) if holder else None


def owner_of_loss(text: str, previous_text: str, g: Grammar) -> str | None:
    """The one side whose losses the sentence is about ("Zelensky last spoke of Ukrainian
    military losses, when he said 45,100 troops had been killed"), or, when the sentence names
    no side at all, the one the sentence before is about ("... true losses in the Ukrainian army.
    To date, irretrievable losses are 23,367")."""
    owners, names_a_side = _owners(text, g)
    if owners or names_a_side:
        return _single(owners)
    return _single(_owners(previous_text, g)[0])


def side_of_claims_before(text: str, sentence: Sentence, state: Discourse, g: Grammar) -> str | None:
    """ "... roughly 47,000 Russian men have died. The true number of casualties falls between
    40,000 and 55,000": bare losses in a sentence that names no side take the one side of the
    claims of the sentence just before."""
    if _owners(text, g)[1]:
        return None
    sides = set()
    for reading in reversed(state.readings):
        if reading.sentence.position < sentence.position - 1:
            break
        if reading.sentence.position == sentence.position - 1:
            sides.add(reading.subject_side)
    return _single(frozenset(sides)) if "unknown" not in sides else None


def passage_side(before: str, previous_text: str, claimant: Claimant | None, g: Grammar) -> str | None:
    """ "Ukrainian units tried to break through near Kupiansk. Losses amounted to 120 servicemen,"
    the ministry said: a speaker's bare losses (no side named ``before`` the figure), after a
    sentence about the enemy's forces alone, are the enemy's."""
    if claimant is None or claimant.side not in ("ukraine", "russia") or g.country.search(before):
        return None
    enemy = other(claimant.side)
    return enemy if _forces(previous_text, g) == {enemy} else None


@lru_cache(maxsize=64)
def _forces(text: str, g: Grammar) -> frozenset[str]:
    return frozenset(matched_label(match) for match in g.forces.finditer(text))


def _single(sides: frozenset[str]) -> str | None:
    return next(iter(sides)) if len(sides) == 1 else None


@lru_cache(maxsize=64)
def _owners(text: str, g: Grammar) -> tuple[frozenset[str], bool]:
    """The sides owning a loss in a sentence (once per sentence, however many figures ask),
    and whether it names a side at all."""
    owners = set()
    for match in g.loss_owner.finditer(text):
        side = matched_label(match)
        if side == "its":  # "Russia last reported its military casualties"
            named = list(g.country.finditer(text, 0, match.start()))
            side = _side_label(named[-1]) if named else None
        if side:
            owners.add(side)
    return frozenset(owners), bool(owners) or g.country.search(text) is not None


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


# "Moscow's invasion", "Kyiv's forces": a capital named for its government, not as a place
# (but "Ukraine's Dnipropetrovsk region" is a place)
GOVERNMENT_AFTER = regex.compile(
    r"['’]s\b(?!\s+[\w-]+\s+(?:region|oblast|province|city|town|village|district)\b)"
    r"|\s+(?:said|says|claims?|claimed|reported|announced)\b",
    FLAGS,
)


def place_side(sentence: Sentence, state: Discourse, g: Grammar) -> str | None:
    """The side of the first place named as a place in the sentence or the one before:
    civilians killed in Belgorod are Russia's, in Kharkiv Ukraine's."""
    for text in (sentence.text, state.previous_text):
        for place in g.place.finditer(text):
            if not GOVERNMENT_AFTER.match(text, place.end()):
                return matched_label(place)
    return None
