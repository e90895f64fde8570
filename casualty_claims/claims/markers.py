"""The places in a sentence that attribute its figures to a claimant: an attribution verb
and its subject, "according to", "citing" and "claimed by" and the source after them, "X's
estimate", "not what Y says", a headline's tail or lead. Which of them a figure takes is
``speakers``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..at_end import AtEnd
from ..lexicon import FLAGS, Claimant
from ..sentences import SENTENCES_REMEMBERED, Sentence
from .discourse import Discourse
from .grammar import Grammar
from .mentions import Mention
from .phrases import ACRONYM_AFTER, ASIDE_AFTER
from .subjects import (
    after_comma,
    aside_subject,
    is_subject,
    named_in,
    object_after,
    subject_before,
    with_role_side,
)

NOUN_DETERMINER = AtEnd(r"\b(?:a|an|the|its|their|his|her|best|latest)", r"\s", FLAGS, at_least_one=True)


# "Russia's death toll" is Russia's loss, not its claim; "the Kremlin's toll" is a claim
LOSS_TALLY = regex.compile(r"\b(?:death|casualty|casualties|fatality|injury|body|loss|losses)\b", FLAGS)


HEADLINE_TAIL = r"\s*(?:says|said|claims|reports|warns|admits)?\s*[.!]?$"


HEADLINE_SPEAKER = regex.compile(r"(?:[,:|–—-]\s*)(?P<who>[^,:|–—-]+?)" + HEADLINE_TAIL, FLAGS)


# "The U.S. estimate is", "Kyiv's count of": a verb's form used as a noun
NOUN_FOLLOWER = regex.compile(
    r"(?:estimates?|reports?|claims?|counts?|updates?|records?)\s+(?:is|was|are|were|of|at|for|has|had|shows?)\b",
    FLAGS,
)


HEADLINE_LEAD = regex.compile(r"^(?P<who>[^:,|–—-]{2,60}):\s")


# "X reported on Tuesday, citing Y": what may stand between a verb and "citing"
REPORTED_THEN_CITING = regex.compile(r"(?:\s+(?:on|last|this)\s+\w+)?\s*,?\s*", FLAGS)


# "Zelensky visited Bakhmut, where rescuers said": a speaker named before such a break is
# not the subject of a verb after it
CLAUSE_BREAK = regex.compile(r"\b(?:where|which|who|whom|whose|while|whereas)\b|;", FLAGS)


QUOTE_OR_COMMA = (",", "”", '"', "’")


# "Ukraine was said to have 70,000 killed", "Russia is believed to have lost": a passive report
# names whose the losses are, not who says so
PASSIVE_REPORT_BEFORE = AtEnd(r"\b(?:is|are|was|were|been|being)", r"\s", FLAGS, at_least_one=True)
PASSIVE_REPORT_AFTER = regex.compile(r"\s+to\s", FLAGS)


SAYS_AFTER = regex.compile(r"(?:\s+[\w'’]+){0,5}?\s+(?:say|says|said|claim|claims|claimed)\b")


@dataclass
class Marker:
    """A place in a sentence that attributes figures to a claimant."""

    start: int
    end: int
    claimant: Claimant | None
    text: str | None
    kind: str  # verb | according_to | possessive | contrastive | headline | anaphora
    # the reporting party of a chain ("X, citing Y, said": Y claims, X is the via)
    via: Claimant | None = None
    # the claimant named where it stands (not an anaphor), for the discourse to remember
    named: Mention | None = None
    # a figure just before "claimed by Ukraine" is Ukraine's, whoever else speaks
    binds_back: bool = False


def _marker(start: int, end: int, who: Mention, text: str, kind: str, via: Claimant | None = None) -> Marker:
    s, e, claimant, name = who
    named = who if name == text[s:e] else None
    return Marker(start, end, claimant, name, "anaphora" if named is None else kind, via, named)


def attribution_markers(
    sentence: Sentence, g: Grammar, mentions: list[Mention], state: Discourse
) -> list[Marker]:
    """The places in a sentence that attribute its figures, in order."""
    text = sentence.text
    markers = [m for verb in _verbs(text, g) if (m := _verb_marker(verb, text, g, mentions, state))]
    _add_source_markers(markers, text, g, mentions, state)
    markers = _with_possessives_and_contrasts(markers, text, g, mentions)
    if sentence.is_headline:
        markers += _headline_markers(text, g, mentions, state)
    if "(" in text:
        remember_acronyms(text, g, mentions, state)
    return sorted(markers, key=lambda m: m.start)


@lru_cache(maxsize=SENTENCES_REMEMBERED)
def _verbs(text: str, g: Grammar) -> tuple[regex.Match, ...]:
    """The attribution verbs of a sentence (a costly scan, the same whoever the sentence names)."""
    return tuple(g.verb.finditer(text)) if g.verb_words.may_match(text) else ()


def _verb_marker(
    verb: regex.Match, text: str, g: Grammar, mentions: list[Mention], state: Discourse
) -> Marker | None:
    """Whom an attribution verb gives the figures to: its subject, the source an aside before
    it cites ("X, citing Y, said"), or the speaker after a quote."""
    if NOUN_DETERMINER.search(text, 0, verb.start()) or NOUN_FOLLOWER.match(text, verb.start()):
        return None  # "a best estimate of", "the report", "the U.S. estimate is": a noun, not a verb
    if PASSIVE_REPORT_AFTER.match(text, verb.end()) and PASSIVE_REPORT_BEFORE.search(text, 0, verb.start()):
        return None
    subject = subject_before(text, verb.start(), g, mentions, state)
    cited = None
    if subject is None:
        subject, cited = aside_subject(text, verb.start(), g, mentions, state)
    if subject and cited:
        return _marker(verb.start(), verb.end(), cited, text, "verb", via=subject[2])
    if cited or subject:
        return _marker(verb.start(), verb.end(), cited or subject, text, "verb")
    # '“...,” said Lt-Gen Ivan Petrov': the speaker follows a quote's verb
    after_quote = text[max(0, verb.start() - 4) : verb.start()].rstrip().endswith(QUOTE_OR_COMMA)
    inverted = after_quote and object_after(text, verb.end(), g, mentions, state)
    if inverted:
        return _marker(verb.start(), verb.end(), inverted, text, "verb")
    phrase = g.speaker_words.before(text, verb.start())
    if phrase and (not is_subject(text, phrase.start) or after_comma(text, phrase.start)):
        # "agreeing with Western estimates that": the verb's subject is no speaker; "Ukraine
        # brought home 95, the headquarters said": a subject of its own that names no one
        return None
    subjects = [m for m in mentions if m[1] <= verb.start() and is_subject(text, m[0])]
    if subjects and not CLAUSE_BREAK.search(text, subjects[-1][1], verb.start()):
        return _marker(verb.start(), verb.end(), subjects[-1], text, "verb")
    return None


def _add_source_markers(
    markers: list[Marker], text: str, g: Grammar, mentions: list[Mention], state: Discourse
) -> None:
    """Add the sources named after "according to", "citing" and "claimed by"; a source cited
    after a verb ("X reported, citing Y") becomes the claimant of that verb's marker instead."""
    if not g.source_marker_words.may_match(text):
        return  # most sentences: no "according to", "citing" nor "claimed by"
    for marker in g.source_marker.finditer(text):
        if marker.group("passive"):
            after = object_after(text, marker.end(), g, mentions, state)
            if after:
                markers.append(_marker(marker.start(), after[1], after, text, "according_to"))
                markers[-1].binds_back = True
            continue
        citing = marker.group("citing") is not None
        phrase = g.speaker_words.after(text, marker.end())
        after = phrase and named_in(phrase, text, g, mentions, state)
        if after and (aside := ASIDE_AFTER.match(text, phrase.end)):
            after = with_role_side(after, aside.group("aside"), g, state)  # "according to X, head of Y,"
        if phrase is None and not citing:  # "citing no evidence, that Ukraine ...": not Ukraine's
            near = [m for m in mentions if 0 <= m[0] - marker.end() <= 60]
            after = near[0] if near else None
        reporter = _reporter_of(marker, markers, text) if citing else None
        if reporter and after:
            # "X reported, citing Y": Y's figure, X reports it
            reporter.via, reporter.claimant, reporter.text = reporter.claimant, after[2], after[3]
        elif after:
            markers.append(_marker(marker.start(), after[1], after, text, "according_to"))
        elif citing and not reporter:
            # "The Post, citing two unnamed officials, put ...": unnamed sources leave the figure to the
            # party that reports it
            reporter = subject_before(text, len(text[: marker.start()].rstrip(" ,")), g, mentions, state)
            if reporter:
                markers.append(_marker(marker.start(), marker.end(), reporter, text, "verb"))


def _with_possessives_and_contrasts(
    markers: list[Marker], text: str, g: Grammar, mentions: list[Mention]
) -> list[Marker]:
    """The markers with those of "X's estimate" (which replaces a verb inside it) and of "not
    what Y says" added."""
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
    return markers


def remember_acronyms(text: str, g: Grammar, mentions: list[Mention], state: Discourse) -> None:
    """A name given an acronym ("South Korea's National Intelligence Service (NIS) identified")
    is remembered by it, so that a later "NIS said" names the same claimant."""
    for acronym in ACRONYM_AFTER.finditer(text):
        phrase = g.speaker_words.before(text, acronym.start())
        if phrase and acronym.group("acronym") not in state.named_as:
            named_in(phrase, text, g, mentions, state)


def _reporter_of(citing: regex.Match, markers: list[Marker], text: str) -> Marker | None:
    """The verb just before ", citing Y" whose subject reports what Y says."""
    for marker in markers:
        between = text[marker.end : citing.start()] if marker.end <= citing.start() else "x"
        if (
            marker.kind in ("verb", "anaphora")
            and marker.via is None
            and REPORTED_THEN_CITING.fullmatch(between)
        ):
            return marker
    return None


def _headline_markers(text: str, g: Grammar, mentions: list[Mention], state: Discourse) -> list[Marker]:
    """A headline's speaker: its tail ("... - Ombudsman Kotenko", "..., Kremlin says") or
    its lead ("Zelensky: 31,000 soldiers killed"), when a name fills it."""
    tail = HEADLINE_SPEAKER.search(text)
    if tail:
        # the speaker fills the tail: "..., Ukrainian military says", not "47,000 ... killed in Ukraine"
        phrase = g.speaker_words.after(text, tail.start("who"))
        who = phrase and named_in(phrase, text, g, mentions, state)
        if who and not text[phrase.end : tail.end("who")].strip(" ."):
            return [_marker(tail.start(), len(text), who, text, "headline")]
    lead = HEADLINE_LEAD.match(text)
    if lead:
        who = object_after(text, 0, g, mentions, state)
        if who and who[1] == lead.end("who") and who[2].kind != "country":
            return [_marker(0, lead.end(), who, text, "headline")]
    return []
