"""Who speaks: the places in a sentence that attribute its figures to a claimant
(an attribution verb's subject, "according to", "X's estimate", a headline's
tail) and anaphors that refer back to one. Who speaks for the figures a sentence does not
attribute itself is ``voices``."""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from ..figures import Figure
from ..lexicon import FLAGS, Claimant
from ..sentences import Sentence
from .discourse import Discourse
from .grammar import Grammar
from .naming import ACRONYM_AFTER, ASIDE_AFTER, Phrase, SpeakerWords, acronym_after

PREPOSITIONS = regex.compile(
    r"(?:\b(?:in|of|to|from|against|with|on|into|for|over|across|about|at|near|inside|"
    r"toward|towards|than|by|and|outside|behind|beyond|around|within|among|under|through|during|via)\s+(?:(?:the|eastern|western|southern|northern|central|"
    r"occupied)\s+)*)$",
    FLAGS,
)


NOUN_DETERMINER = regex.compile(r"\b(?:a|an|the|its|their|his|her|best|latest)\s+$", FLAGS)


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


CONNECTOR = regex.compile(r"\s(?:of|for|in|on|under|at)\s")


# "Oleh Petrenko, the region's governor, said": an aside between a subject and its verb
APPOSITION = regex.compile(r",\s*(?P<aside>[^,;“”\"]{2,100}?),\s*$")


# "Oleh Petrenko, the region's governor, on Tuesday said": a time between an aside and its verb
ADVERBIAL_AFTER_ASIDE = regex.compile(
    r",\s*(?:on|last|this|earlier|later|also|previously|then|again)(?:\s+(?:on\s+)?\p{L}+)?\s+$", FLAGS
)


# "X reported on Tuesday, citing Y": what may stand between a verb and "citing"
REPORTED_THEN_CITING = regex.compile(r"(?:\s+(?:on|last|this)\s+\w+)?\s*,?\s*", FLAGS)


# "Zelensky visited Bakhmut, where rescuers said": a speaker named before such a break is
# not the subject of a verb after it
CLAUSE_BREAK = regex.compile(r"\b(?:where|which|who|whom|whose|while|whereas)\b|;", FLAGS)


DEFINITE = regex.compile(r"(?:the|this|that)\s", FLAGS)


QUOTE_OR_COMMA = (",", "”", '"', "’")


# how far after a figure "claimed by X" may stand, and how far before a speaker
# the words that report it ("Turk said the UN mission had verified")
PASSIVE_REACH = 50
REPORTER_REACH = 60


# "Ukraine was said to have 70,000 killed", "Russia is believed to have lost": a passive report
# names whose the losses are, not who says so
PASSIVE_REPORT_BEFORE = regex.compile(r"\b(?:is|are|was|were|been|being)\s+$", FLAGS)
PASSIVE_REPORT_AFTER = regex.compile(r"\s+to\s", FLAGS)


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
    # the reporting party of a chain ("X, citing Y, said": Y claims, X is the via)
    via: Claimant | None = None
    # the claimant named where it stands (not an anaphor), for the discourse to remember
    named: Mention | None = None
    # a figure just before "claimed by Ukraine" is Ukraine's, whoever else speaks
    binds_back: bool = False


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
            # "Zelensky last spoke of it in February, when he said": the person named before, here first
            persons = [m for m in named if m[1] <= match.start() and _names_person(m, g)]
            referent = (persons[-1][2], persons[-1][3]) if persons else state.last_person
        else:
            role = match.group("role").lower()
            referent = g.speaker_words.referent(role, state.by_role)
            if referent and not g.speaker_words.refers_to(_anaphor_phrase(match, g), role, referent):
                referent = None  # "the Foreign Ministry" is not the defence ministry named before
            elif referent is None and role in g.source_anaphora:
                referent = state.last_claimant
        if referent:
            mentions.append((match.start(), match.end(), referent[0], referent[1]))
    return sorted(mentions, key=lambda m: m[0])


# "the Ministry of Health": a role's own name goes on after it
NAME_GOES_ON = regex.compile(r"\s+(?:of|for)\s+(?:the\s+)?\p{Lu}")


def _anaphor_phrase(anaphor: regex.Match, g: Grammar) -> str:
    """The whole phrase a role anaphor stands in: "the Ministry" of "the Ministry of Health"."""
    if NAME_GOES_ON.match(anaphor.string, anaphor.end()):
        phrase = g.speaker_words.after(anaphor.string, anaphor.start())
        if phrase:
            return phrase.text
    return anaphor.group()


def _names_person(mention: Mention, g: Grammar) -> bool:
    return mention[2].kind == "person" or g.speaker_words.person_named("", 0, mention[3])[0]


def _is_subject(text: str, start: int) -> bool:
    """A claimant mention can speak unless it is the object of a preposition."""
    return not PREPOSITIONS.search(text[:start])


def named_in(phrase: Phrase, text: str, g: Grammar, mentions: list[Mention],
              state: Discourse) -> Mention | None:  # fmt: skip
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


def _after_comma(text: str, start: int) -> bool:
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


def subject_before(text: str, end: int, g: Grammar, mentions: list[Mention],
                    state: Discourse) -> Mention | None:  # fmt: skip
    """The claimant that is the subject of a verb at ``end``: named right before it."""
    phrase = g.speaker_words.before(text, end)
    if phrase is None:
        return None
    covering = [m for m in mentions if m[0] < phrase.start < m[1]]
    if covering:
        return covering[-1]  # "A Telegram channel linked to the Wagner Group said"
    if not _is_subject(text, phrase.start) and not g.speaker_words.for_body_before.search(
        text, max(0, phrase.start - 60), phrase.start
    ):
        return None  # "a report shared with Congress claimed": Congress is not the subject
    return named_in(phrase, text, g, mentions, state)


def object_after(text: str, start: int, g: Grammar, mentions: list[Mention],
                  state: Discourse) -> Mention | None:  # fmt: skip
    """The claimant named right after "according to", "citing" or "claimed by"."""
    phrase = g.speaker_words.after(text, start)
    if phrase is None:
        return None
    return named_in(phrase, text, g, mentions, state)


def _aside_subject(text: str, verb_start: int, g: Grammar, mentions: list[Mention],
                   state: Discourse) -> tuple[Mention | None, Mention | None]:  # fmt: skip
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


def _marker(start: int, end: int, who: Mention, text: str, kind: str, via: Claimant | None = None) -> Marker:
    s, e, claimant, name = who
    named = who if name == text[s:e] else None
    return Marker(start, end, claimant, name, "anaphora" if named is None else kind, via, named)


def attribution_markers(sentence: Sentence, g: Grammar, mentions: list[Mention],
                        state: Discourse) -> list[Marker]:  # fmt: skip
    text = sentence.text
    markers = []
    sw = g.speaker_words
    for verb in g.verb.finditer(text):
        if NOUN_DETERMINER.search(text, 0, verb.start()) or NOUN_FOLLOWER.match(text, verb.start()):
            continue  # "a best estimate of", "the report", "the U.S. estimate is": a noun, not a verb
        if PASSIVE_REPORT_AFTER.match(text, verb.end()) and PASSIVE_REPORT_BEFORE.search(
            text, 0, verb.start()
        ):
            continue
        subject = subject_before(text, verb.start(), g, mentions, state)
        cited = None
        if subject is None:
            subject, cited = _aside_subject(text, verb.start(), g, mentions, state)
        if subject and cited:
            markers.append(_marker(verb.start(), verb.end(), cited, text, "verb", via=subject[2]))
            continue
        if cited or subject:
            markers.append(_marker(verb.start(), verb.end(), cited or subject, text, "verb"))
            continue
        # '“...,” said Lt-Gen Ivan Petrov': the speaker follows a quote's verb
        after_quote = text[max(0, verb.start() - 4) : verb.start()].rstrip().endswith(QUOTE_OR_COMMA)
        inverted = after_quote and object_after(text, verb.end(), g, mentions, state)
        if inverted:
            markers.append(_marker(verb.start(), verb.end(), inverted, text, "verb"))
            continue
        phrase = sw.before(text, verb.start())
        if phrase and (not _is_subject(text, phrase.start) or _after_comma(text, phrase.start)):
            # "agreeing with Western estimates that": the verb's subject is no speaker; "Ukraine
            # brought home 95, the headquarters said": a subject of its own that names no one
            continue
        subjects = [m for m in mentions if m[1] <= verb.start() and _is_subject(text, m[0])]
        if subjects and not CLAUSE_BREAK.search(text, subjects[-1][1], verb.start()):
            markers.append(_marker(verb.start(), verb.end(), subjects[-1], text, "verb"))
    for marker in g.source_marker.finditer(text):
        if marker.group("passive"):
            after = object_after(text, marker.end(), g, mentions, state)
            if after:
                markers.append(_marker(marker.start(), after[1], after, text, "according_to"))
                markers[-1].binds_back = True
            continue
        citing = marker.group("citing") is not None
        phrase = sw.after(text, marker.end())
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
        markers += _headline_markers(text, g, mentions, state)
    if "(" in text:
        remember_acronyms(text, g, mentions, state)
    return sorted(markers, key=lambda m: m.start)


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


def attribute(figure: Figure, markers: list[Marker]) -> Marker | None:
    """The marker that says whose a figure is; a reporter's chain ("according to the
    agency, the minister said ...") is kept as the marker's ``via``."""
    chosen = _attribute(figure, markers)
    if chosen is None or chosen.via is not None or chosen.claimant is None:
        return chosen
    via = _reporter(chosen, markers)
    return replace(chosen, via=via) if via else chosen


def _attribute(figure: Figure, markers: list[Marker]) -> Marker | None:
    bound = [m for m in markers if m.binds_back and 0 <= m.start - figure.end <= PASSIVE_REACH]
    if bound:
        return bound[0]
    before = [m for m in markers if m.end <= figure.context_start and m.kind != "contrastive"]
    after = [m for m in markers if m.start >= figure.end]
    contrast = [m for m in after if m.kind == "contrastive"]
    if contrast and not [m for m in after if m.start < contrast[0].start and m.kind != "contrastive"]:
        return contrast[0]
    headline = [m for m in markers if m.kind == "headline"]
    according = [m for m in markers if m.kind == "according_to" and not m.binds_back]
    if before:
        chosen = before[-1]
        if chosen.kind == "according_to" and chosen.claimant and _reports_only(chosen.claimant):
            # "According to Tass, ... 23,367, the ministry's spokesman said": Tass reports it
            speaker = [m for m in after if m.kind in ("verb", "anaphora") and m.claimant
                       and m.claimant.kind != "outlet"]  # fmt: skip
            if speaker:
                return replace(speaker[0], via=chosen.claimant)
        return chosen
    if according:
        return according[0]
    if after:
        return after[0]
    return headline[0] if headline else None


def _reports_only(claimant: Claimant) -> bool:
    """An outlet, or a name that tells neither what it is nor its side ("according to NAN"): it
    reports the figure of a speaker the sentence names after it."""
    return claimant.kind == "outlet" or (claimant.inferred and claimant.side == "unknown")


def _reporter(chosen: Marker, markers: list[Marker]) -> Claimant | None:
    """Who reports the chosen marker's claim: an outlet's "according to" elsewhere in the
    sentence ("NIS said ..., according to Yonhap"), or a speaker whose words introduce it
    ("According to the general, Zelensky's statements ...", "Turk said the mission had
    verified ...")."""
    for marker in markers:
        if marker is chosen or marker.claimant is None or marker.claimant == chosen.claimant:
            continue
        if (
            marker.kind == "according_to"
            and marker.claimant.kind == "outlet"
            and chosen.claimant.kind != "outlet"
        ):
            return marker.claimant
    reporters = [
        m for m in markers if m.end <= chosen.start and m.kind in ("verb", "according_to", "anaphora")
    ]
    if (
        reporters
        and chosen.kind in ("verb", "possessive")
        and reporters[-1].claimant not in (None, chosen.claimant)
    ):
        reporter = reporters[-1]
        speaker_start = chosen.named[0] if chosen.named else chosen.start
        if speaker_start - reporter.end <= REPORTER_REACH:
            return reporter.claimant
    return None
