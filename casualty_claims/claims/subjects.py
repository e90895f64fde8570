"""Who a speaker phrase names: the subject of a verb ("the ombudsman said"), the object of
"according to", "citing" or "claimed by", a person an aside describes ("Oleh Petrenko, the
region's governor, said"); a claimant the lexicon knows, one the article named before, or one
inferred from the phrase (``naming``)."""

from __future__ import annotations

from dataclasses import replace

import regex

from ..lexicon import FLAGS, Claimant
from .discourse import Discourse
from .grammar import Grammar
from .mentions import Mention
from .naming import SpeakerWords
from .phrases import Phrase, acronym_after

PREPOSITIONS = regex.compile(
    r"(?:\b(?:in|of|to|from|against|with|on|into|for|over|across|about|at|near|inside|"
    r"toward|towards|than|by|and|outside|behind|beyond|around|within|among|under|through|during|via)\s+(?:(?:the|eastern|western|southern|northern|central|"
    r"occupied)\s+)*)$",
    FLAGS,
)


CONNECTOR = regex.compile(r"\s(?:of|for|in|on|under|at)\s")


# "Oleh Petrenko, the region's governor, said": an aside between a subject and its verb
APPOSITION = regex.compile(r",\s*(?P<aside>[^,;“”\"]{2,100}?),\s*$")


# "Oleh Petrenko, the region's governor, on Tuesday said": a time between an aside and its verb
ADVERBIAL_AFTER_ASIDE = regex.compile(
    r",\s*(?:on|last|this|earlier|later|also|previously|then|again)(?:\s+(?:on\s+)?\p{L}+)?\s+$", FLAGS
)

DEFINITE = regex.compile(r"(?:the|this|that)\s", FLAGS)


def is_subject(text: str, start: int) -> bool:
    """A claimant mention can speak unless it is the object of a preposition."""
    return not PREPOSITIONS.search(text[:start])


def named_in(
    phrase: Phrase, text: str, g: Grammar, mentions: list[Mention], state: Discourse
) -> Mention | None:
    """Who a speaker phrase names: the claimant the sentence names at its head ("Ukraine's
    General Staff", "Russian Defence Ministry spokesman Igor Konashenkov", "the agency"),
    else one the article named by the same acronym or surname, else one inferred from
    the phrase ("Lt-Gen Ivan Petrov", "the head of Russia's defence ministry")."""
    sw = g.speaker_words
    role = sw.for_body.match(phrase.text)
    if role:
        # "a spokesman for the regional administration": the body speaks
        body = Phrase(phrase.start + role.end(), phrase.end, phrase.text[role.end() :])
        return named_in(body, text, g, mentions, state)
    connector = CONNECTOR.search(text, phrase.start, phrase.end)
    core_end = connector.start() if connector else phrase.end
    head = [m for m in mentions if m[0] < core_end <= m[1] <= phrase.end and m[0] >= phrase.start]
    if head:
        return head[-1]
    inside = [m for m in mentions if phrase.start <= m[0] and m[1] <= core_end]
    if inside and (
        sw.speaks_for.match(text, inside[-1][1], core_end)
        or sw.describes(inside[-1][2], text[inside[-1][1] : core_end])
    ):
        return inside[-1]
    longer = [m for m in mentions if m[0] < phrase.start < m[1] or m[0] < phrase.end < m[1]]
    if longer:
        return longer[-1]  # "Ukraine's state emergency service": a longer name the lexicon knows
    known = state.named_as.get(phrase.text) or state.named_as.get(phrase.text.split()[-1])
    if known:
        return phrase.start, phrase.end, known, phrase.text
    # "according to the major general", "the General Staff said": a definite role refers back to
    # the claimant the article gave it, when the phrase says nothing that claimant was not
    if DEFINITE.match(phrase.text) and (referent := _referent(phrase.text, sw, state)):
        return phrase.start, phrase.end, *referent
    claimant = sw.claimant(phrase.text)
    if claimant is None:
        return None
    claimant = g.lexicon.claimants.get(claimant.id, claimant)
    acronym = acronym_after(text, phrase.end)
    if acronym:
        state.named_as[acronym] = claimant
    return phrase.start, phrase.end, claimant, phrase.text


def after_comma(text: str, start: int) -> bool:
    """A subject that begins a reporting clause: "..., the ombudsman said"."""
    return text[max(0, start - 4) : start].rstrip().endswith(",")


def _referent(phrase: str, sw: SpeakerWords, state: Discourse) -> tuple[Claimant, str] | None:
    """The claimant a definite phrase refers back to by its role, longest role first."""
    for role in sw.role_of(_core_of(phrase)):
        referent = sw.referent(role, state.by_role)
        if referent and sw.refers_to(phrase, role, referent):
            return referent
    return None


def _core_of(phrase: str) -> str:
    connector = CONNECTOR.search(phrase)
    return phrase[: connector.start()] if connector else phrase


def subject_before(
    text: str, end: int, g: Grammar, mentions: list[Mention], state: Discourse
) -> Mention | None:
    """The claimant that is the subject of a verb at ``end``: named right before it."""
    phrase = g.speaker_words.before(text, end)
    if phrase is None:
        return None
    covering = [m for m in mentions if m[0] < phrase.start < m[1]]
    if covering:
        return covering[-1]  # "A Telegram channel linked to the Wagner Group said"
    if not is_subject(text, phrase.start) and not g.speaker_words.for_body_before.search(
        text, max(0, phrase.start - 60), phrase.start
    ):
        return None  # "a report shared with Congress claimed": Congress is not the subject
    return named_in(phrase, text, g, mentions, state)


def object_after(
    text: str, start: int, g: Grammar, mentions: list[Mention], state: Discourse
) -> Mention | None:
    """The claimant named right after "according to", "citing" or "claimed by"."""
    phrase = g.speaker_words.after(text, start)
    if phrase is None:
        return None
    return named_in(phrase, text, g, mentions, state)


def aside_subject(
    text: str, verb_start: int, g: Grammar, mentions: list[Mention], state: Discourse
) -> tuple[Mention | None, Mention | None]:
    """The subject of a verb after an aside, and the source the aside cites: "X, citing
    Y, said" (X reports Y's figure), "Oleh Petrenko, the region's governor, said"."""
    adverbial = ADVERBIAL_AFTER_ASIDE.search(text, max(0, verb_start - 40), verb_start)
    if adverbial:
        verb_start = adverbial.start() + 1
    if not text[max(0, verb_start - 4) : verb_start].rstrip().endswith(","):
        return None, None
    citing = g.speaker_words.citing_aside.search(text, 0, verb_start)
    if citing:
        reporter = subject_before(text, citing.start(), g, mentions, state)
        cited = object_after(text, citing.start("cited"), g, mentions, state)
        return reporter, cited
    aside = APPOSITION.search(text, 0, verb_start)
    if aside:
        # a claimant of the lexicon on either side of the comma, else the first named
        named = subject_before(text, aside.start(), g, mentions, state)
        described = object_after(text, aside.start("aside"), g, mentions, state)
        fills_aside = described and not text[described[1] : aside.end("aside")].strip()
        if fills_aside and (named is None or (named[2].inferred and not described[2].inferred)):
            return described, None
        return with_role_side(named, aside.group("aside"), g), None
    return None, None


def with_role_side(
    named: Mention | None, aside: str, g: Grammar, state: Discourse | None = None
) -> Mention | None:
    """ "Matilda Bogner, head of the UN monitoring mission, said", "Oleksiy Arestovich, a military
    adviser to Ukraine's president, said": a person the lexicon does not know takes the side of
    the role an aside gives them, or of the body it refers back to ("the new head of the mission")."""
    if named is None or not named[2].inferred or named[2].side != "unknown":
        return named
    side = g.speaker_words.role_side(aside)
    if side == "unknown" and state and g.speaker_words.role_aside.match(aside):
        body = g.anaphora.search(aside)
        referent = body and body.group("role") and state.by_role.get(body.group("role").lower())
        side = referent[0].side if referent else side
    return named if side == "unknown" else (*named[:2], replace(named[2], side=side), named[3])
