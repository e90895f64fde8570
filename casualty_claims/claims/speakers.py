"""Who speaks: the places in a sentence that attribute its figures to a claimant
(an attribution verb's subject, "according to", "X's estimate", a headline's
tail), anaphors that refer back to one, and speakers of quotes and lists."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..figures import Figure
from ..lexicon import FLAGS, Claimant
from ..sentences import Sentence
from .discourse import Discourse
from .grammar import Grammar
from .losses import country_before, other, side_of

PREPOSITIONS = regex.compile(
    r"(?:\b(?:in|of|to|from|against|with|on|into|for|over|across|about|at|near|inside|"
    r"toward|towards|than|by|and)\s+(?:(?:the|eastern|western|southern|northern|central|"
    r"occupied)\s+)*)$",
    FLAGS,
)


NOUN_DETERMINER = regex.compile(r"\b(?:a|an|the|its|their|his|her|best|latest)\s+$", FLAGS)


# "Russia's death toll" is Russia's loss, not its claim; "the Kremlin's toll" is a claim
LOSS_TALLY = regex.compile(r"\b(?:death|casualty|casualties|fatality|injury|body|loss|losses)\b", FLAGS)


HEADLINE_TAIL = r"\s*(?:says|said|claims|reports|warns|admits)?\s*[.!]?$"


HEADLINE_SPEAKER = regex.compile(r"(?:[,:|–—-]\s*)(?P<who>[^,:|–—-]+?)" + HEADLINE_TAIL, FLAGS)


SAYS_AFTER = regex.compile(r"(?:\s+[\w'’]+){0,5}?\s+(?:say|says|said|claim|claims|claimed)\b")


Mention = tuple[int, int, Claimant, str]  # start, end, claimant, the words that name it


@dataclass
class Marker:
    """A place in a sentence that attributes figures to a claimant."""

    start: int
    end: int
    claimant: Claimant | None
    text: str | None
    kind: str  # verb | according_to | possessive | contrastive | headline | anaphora


def names(text: str, g: Grammar) -> list[Mention]:
    return [(m.start(), m.end(), g.lexicon.claimant_at(m), m.group()) for m in g.claimant.finditer(text)]


def scan(text: str, g: Grammar) -> tuple[list[Mention], list[regex.Match]]:
    """The claimants a sentence names, and its anaphors ("he", "the ministry": words
    that refer back to a claimant) that are not part of a name."""
    named = names(text, g)
    anaphors = [m for m in g.anaphora.finditer(text) if not any(s <= m.start() < e for s, e, _, _ in named)]
    return named, anaphors


def claimant_mentions(named: list[Mention], anaphors: list[regex.Match], g: Grammar,
                       state: Discourse) -> list[Mention]:  # fmt: skip
    mentions = list(named)
    for match in anaphors:
        referent = None
        if match.group("pronoun"):
            referent = state.last_person
        else:
            role = match.group("role").lower()
            referent = state.by_role.get(role)
            if referent is None and role in g.source_anaphora:
                referent = state.last_claimant
        if referent:
            mentions.append((match.start(), match.end(), referent[0], referent[1]))
    return sorted(mentions, key=lambda m: m[0])


def _is_subject(text: str, start: int) -> bool:
    """A claimant mention can speak unless it is the object of a preposition."""
    return not PREPOSITIONS.search(text[:start])


def attribution_markers(sentence: Sentence, g: Grammar, mentions) -> list[Marker]:
    text = sentence.text
    markers = []
    for verb in g.verb.finditer(text):
        if NOUN_DETERMINER.search(text, 0, verb.start()):
            continue  # "a best estimate of", "the report": a noun, not a verb
        subjects = [m for m in mentions if m[1] <= verb.start() and _is_subject(text, m[0])]
        if subjects:
            s, e, claimant, name = subjects[-1]
            kind = "anaphora" if name != text[s:e] else "verb"
            markers.append(Marker(verb.start(), verb.end(), claimant, name, kind))
            continue
        inverted = [m for m in mentions if 0 <= m[0] - verb.end() <= 3]
        if inverted:
            markers.append(Marker(verb.start(), verb.end(), inverted[0][2], inverted[0][3], "verb"))
    for marker in g.according_to.finditer(text):
        after = [m for m in mentions if 0 <= m[0] - marker.end() <= 60]
        if after:
            markers.append(Marker(marker.start(), after[0][1], after[0][2], after[0][3], "according_to"))
    for s, e, claimant, name in mentions:
        possessive = g.claim_noun.match(text[e:])
        if possessive and not (claimant.kind == "country" and LOSS_TALLY.search(possessive.group())):
            # "the Kremlin's claim of": the noun is not a verb of whoever spoke before
            markers = [m for m in markers if not (e <= m.start < e + possessive.end())]
            markers.append(Marker(s, e + possessive.end(), claimant, name, "possessive"))
        contrast = g.contrastive.search(text[:s])
        if contrast and g.verb.match(text[e:].lstrip(" ,") or "x") is None:
            following = SAYS_AFTER.match(text, e)
            if following:
                markers.append(Marker(contrast.start(), following.end(), claimant, name, "contrastive"))
    if sentence.is_headline:
        tail = HEADLINE_SPEAKER.search(text)
        if tail:
            for s, e, claimant, name in mentions:
                if s >= tail.start("who") and e <= tail.end("who"):
                    markers.append(Marker(tail.start(), len(text), claimant, name, "headline"))
                    break
    return sorted(markers, key=lambda m: m.start)


def attribute(figure: Figure, markers: list[Marker]) -> Marker | None:
    before = [m for m in markers if m.end <= figure.context_start and m.kind != "contrastive"]
    after = [m for m in markers if m.start >= figure.end]
    contrast = [m for m in after if m.kind == "contrastive"]
    if contrast and not [m for m in after if m.start < contrast[0].start and m.kind != "contrastive"]:
        return contrast[0]
    headline = [m for m in markers if m.kind == "headline"]
    according = [m for m in markers if m.kind == "according_to"]
    if before:
        return before[-1]
    if according:
        return according[0]
    if after:
        return after[0]
    return headline[0] if headline else None


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
