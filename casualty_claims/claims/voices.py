"""Who speaks for the figures a sentence does not attribute itself: an open quote, a list,
the sentence before or after, the article's own voice; and the speakers a sentence opens
with or introduces, for a later anaphor to refer back to."""

from __future__ import annotations

from dataclasses import replace

import regex

from ..lexicon import FLAGS, Claimant
from ..sentences import Sentence
from .discourse import Discourse, Reading
from .grammar import Grammar
from .losses import country_before, other, owner_of_loss, side_of
from .markers import Marker
from .mentions import Mention, claimant_mentions, names, scan
from .phrases import ASIDE_AFTER, Phrase
from .subjects import named_in, object_after, subject_before, with_role_side

OPENING_ASIDE = regex.compile(
    r",\s*(?P<aside>[^,;“”\"]{2,100}?),\s*(?:(?:on|last|this|earlier|later|also)(?:\s+\p{L}+)?\s+)?[a-z]",
    FLAGS,
)


LOWERCASE_NEXT = regex.compile(r"\s+(?:also\s+|on\s+\w+\s+)?[a-z]")


def opening_speaker(text: str, g: Grammar, named: list[Mention], state: Discourse) -> Mention | None:
    """The claimant a sentence opens with, named by a phrase the lexicon does not know, so
    that a later "she" or "the ombudsman" can refer back to it: "Estonian Prime Minister
    Kaja Kallas spoke in Tallinn." Only a name that says what it names (a title, a head
    noun, a first name and a surname) and a verb after it: "Heavy fighting" names no one."""
    phrase = g.speaker_words.after(text, 0)
    if phrase is None:
        return None
    # "Matilda Bogner, head of the UN mission, told reporters": the aside gives the side
    aside = None if LOWERCASE_NEXT.match(text, phrase.end) else OPENING_ASIDE.match(text, phrase.end)
    if aside is None and not LOWERCASE_NEXT.match(text, phrase.end):
        return None
    if any(m[0] < phrase.end and m[1] > phrase.start and not _inside_name(m, phrase) for m in named):
        return None
    mention = named_in(phrase, text, g, named, state)
    if mention is None or not mention[2].inferred:
        return None
    if aside:
        mention = with_role_side(mention, aside.group("aside"), g)
    claimant = mention[2]
    return mention if claimant.roles or claimant.kind != "person" or len(mention[3].split()) > 1 else None


def _inside_name(mention: Mention, phrase: Phrase) -> bool:
    """A country named inside a longer name: "Ukraine's Coordination Headquarters for ..."."""
    return mention[2].kind == "country" and phrase.start <= mention[0] and mention[1] < phrase.end


# "Matilda Bogner, head of ...": a name of two to four words, then an aside
NAME_THEN_ASIDE = regex.compile(r"^\p{Lu}[\w'’.-]*(?:\s+(?:\p{Lu}[\w'’.-]*|von|van|der|de|al)){1,4},\s")


def introduced_speaker(text: str, g: Grammar, state: Discourse) -> Mention | None:
    """A person a sentence without figures introduces by a role that tells their side, for a
    later "according to Bogner" or "she said": "Matilda Bogner, head of the UN monitoring
    mission, briefed reporters." (only a name then an aside: a cheap test for any sentence)."""
    if not NAME_THEN_ASIDE.match(text):
        return None
    opening = opening_speaker(text, g, [], state)
    return opening if opening and opening[2].side != "unknown" else None


def source_after(text: str, g: Grammar, state: Discourse) -> Mention | None:
    """The source a sentence without figures gives for the figures just before it: "The Russian
    Defence Ministry made the claim on Monday", "The figures come from the UN mission"."""
    made = g.made_claim.search(text)
    follows = None if made else g.source_follows.search(text)
    if made is None and follows is None:
        return None
    named, anaphors = scan(text, g)
    mentions = claimant_mentions(named, anaphors, g, state)
    if made:
        return subject_before(text, made.start(), g, mentions, state)
    return object_after(text, follows.end(), g, mentions, state)


def own_voice(sentences: list[Sentence], outlet: str | None, g: Grammar) -> tuple[Claimant, str] | None:
    """Who counts when the article speaks for itself ("by our calculations", "our mission
    recorded"): the author the headline names ("Comment by Matilda Bogner, Head of the UN
    Monitoring Mission", "A data investigation by Mediazona and BBC Russian"), else the
    outlet the sidecar names."""
    # a headline may run to two sentences: "47,000 killed. A data investigation by X"
    headline = " ".join(sentence.text for sentence in sentences if sentence.is_headline)
    by = g.headline_author.search(headline)
    if by:
        named, anaphors = scan(headline, g)
        author = object_after(headline, by.end(), g, named, Discourse())
        if author:
            aside = ASIDE_AFTER.match(headline + ",", author[1])
            author = with_role_side(author, aside.group("aside"), g) if aside else author
            return author[2], author[3]
    if outlet:
        named = names(outlet, g)
        if named and named[0][0] == 0 and named[0][1] == len(outlet):
            return named[0][2], outlet
        claimant = g.speaker_words.claimant(outlet)
        return (replace(claimant, kind="outlet"), outlet) if claimant else None
    return None


# the attributions a sentence naming no speaker of its own may go on reporting
CONTINUED_FROM = frozenset({"verb", "according_to", "anaphora", "possessive", "contrastive"})


def continued_speaker(
    sentence: Sentence, markers: list[Marker], mentions: list[Mention], state: Discourse, g: Grammar
) -> Reading | None:
    """ "BBC and Mediazona say Russia may have lost 45,000. At the same time, its irretrievable losses
    may amount to 203,000": a sentence that names no speaker (a side at most) goes on reporting the
    claimant whose figures the sentence before, in the same paragraph, reported. The reading that
    named that claimant. Not when the sentence has a source of its own, even unnamed: "Estimates
    of Russian casualties vary" is no longer the same speaker's word."""
    if markers or not state.readings:
        return None
    last = state.readings[-1]
    if (
        last.claimant is None
        or any(m[2].kind != "country" and m[2] != last.claimant for m in mentions)
        or last.attribution not in CONTINUED_FROM
        or last.sentence.is_headline
        or last.sentence.paragraph != sentence.paragraph
        or sentence.position - last.sentence.position > 2
        # the costliest question last
        or (g.other_source_words.may_match(sentence.text) and g.other_source.search(sentence.text))
    ):
        return None
    return last


LIST_ITEM = regex.compile(r"^\s*(?:[•·▪●◦*–—-]|\d{1,2}[.)])\s*")


SENTENCE_END = regex.compile(r"[.!?][\"'”’]?$")


def is_list_item(text: str) -> bool:
    text = text.rstrip()
    return bool(LIST_ITEM.match(text)) or not SENTENCE_END.search(text)


def list_speaker(sentence: Sentence, markers: list[Marker], state: Discourse, g: Grammar):
    """Who speaks for the list items that follow "The General Staff reported these losses:"."""
    text = sentence.text.rstrip()
    if not text.endswith(":"):
        return state.list_speaker
    speaker = markers[-1] if markers else None
    side = None
    losses = g.loss_context.search(text)
    if losses:
        side = country_before(text[: losses.start()], g) or side_of(text[losses.end() :], "", None, g)
        if side is None and g.enemy.search(text) and speaker and speaker.claimant:
            side = other(speaker.claimant.side)
    side = side or owner_of_loss(text, "", g)  # "Since February 24, Russia has lost:"
    if speaker or side:
        return (speaker.claimant if speaker else None, speaker.text if speaker else None, side)
    return None


def inside_quote(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("“") > before.count("”") or before.count("‘") > before.count("’") + before.count("'s")


def open_quote_speaker(sentence: Sentence, markers: list[Marker], state: Discourse):
    """Who speaks in a quote still open at the end of the sentence."""
    text = sentence.text
    opened = text.count("“") + text.count('"') % 2
    closed = text.count("”")
    if opened > closed:
        speaker = next((m for m in reversed(markers) if m.kind in ("verb", "anaphora")), None)
        if speaker:
            return speaker.claimant, speaker.text
        return state.quote_speaker
    if state.quote_speaker and closed <= opened - 0 and not closed:
        return state.quote_speaker
    return None
