"""Step 5: read each figure as a claim: who says it, about whose losses, what it
counts, how sure, and as of when; then fold the figure's repeated mentions in
one article into one claim.

The grammar works on one sentence at a time with a little discourse state
carried across the article (the last claimant named, who is speaking in an
open quote, the claim just read), so "the ministry also said" and "Not
300,000 or 150,000" can be read in context. All words come from the lexicon.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field, replace
from functools import cache

import regex

from . import dates, figures
from .dates import When
from .figures import Figure
from .lexicon import FLAGS, Claimant, Lexicon, alternation, compile_words, labelled, matched_label
from .sentences import Sentence

PREPOSITIONS = regex.compile(
    r"(?:\b(?:in|of|to|from|against|with|on|into|for|over|across|about|at|near|inside|"
    r"toward|towards|than|by|and)\s+(?:(?:the|eastern|western|southern|northern|central|"
    r"occupied)\s+)*)$",
    FLAGS,
)
CLAUSE_END = regex.compile(r"[;:]|\s[–—-]\s|,\s+(?:but|while|whereas)\b|\bbut\b", FLAGS)
OPEN_QUOTES = "“‘\"'"
TODAY = regex.compile(
    r"\b(?:today|tonight|this morning|this evening|so far today|in the (?:past|last) (?:24|twenty-four) hours|"
    r"over the (?:past|last) (?:day|24 hours)|since (?:its|their|the) last (?:daily )?update)\b",
    FLAGS,
)
YESTERDAY = regex.compile(r"\b(?:yesterday|overnight|last night)\b", FLAGS)
LAST_WEEK = regex.compile(r"(?<!the )\blast week\b", FLAGS)  # "over the last week" is a period
# "Russia's death toll" is Russia's loss, not its claim; "the Kremlin's toll" is a claim
LOSS_TALLY = regex.compile(r"\b(?:death|casualty|casualties|fatality|injury|body|loss|losses)\b", FLAGS)
NOUN_DETERMINER = regex.compile(r"\b(?:a|an|the|its|their|his|her|best|latest)\s+$", FLAGS)
IN_ACTION = regex.compile(r"\s*in action\b", FLAGS)
_AMOUNT = r"(?P<amount>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
# "in the past 24 hours", "over the last week", "in just over two days"; not "could fall in days"
PERIOD = regex.compile(
    r"\b(?:in|over|during) (?:just |a little )?(?:over |under |more than |less than )?"
    rf"(?:the (?:past|last|previous) (?:{_AMOUNT})?|{_AMOUNT})(?P<unit>day|week|month|hour)s?\b",
    FLAGS,
)
# "day 300 of the war", "the 155th brigade", "flight 752", "a Su-25": labels, not counts
NOT_A_COUNT_BEFORE = regex.compile(
    r"\b(?:aged|age of|No\.?|number|day|days|page|article|paragraph|resolution|flight|route|"
    r"brigade|battalion|regiment|division|unit|Su|Mi|Tu|Ka|Il|An|MiG|T)[\s-]*$",
    FLAGS,
)
# "10,000 civilians were killed, including 560 children": a part of the count before
SUBSET = regex.compile(
    r"\b(?:including|among them|among whom|of whom|of them|of which|among those)\s*$", FLAGS
)
HEADLINE_TAIL = r"\s*(?:says|said|claims|reports|warns|admits)?\s*[.!]?$"
HEADLINE_SPEAKER = regex.compile(r"(?:[,:|–—-]\s*)(?P<who>[^,:|–—-]+?)" + HEADLINE_TAIL, FLAGS)
SAYS_AFTER = regex.compile(r"(?:\s+[\w'’]+){0,5}?\s+(?:say|says|said|claim|claims|claimed)\b")
NOUN_PHRASE_END = regex.compile(
    r"[,;:()]|\s[–—-]\s|\b(?:have|has|had|were|was|are|is|will|would|could|may|might|"
    r"in|on|at|since|during|as|after|before|when|while|who|which|that|this|by|to|for|"
    r"including|and\s+(?!\S*\s*(?:[\"“”']?nationalists|civilians|soldiers|troops)))\b",
    FLAGS,
)
WAGNER = regex.compile(r"\bWagner\b")
LIVES_OF = regex.compile(r"\s*(?:the\s+)?(?:lives\s+of\s+)?[\s\"“‘']*", FLAGS)
OWN_BEFORE = regex.compile(r"\b(?:its|our|their) own\s*$|\bof (?:its|our)\s*$", FLAGS)
POSSESSIVE_BEFORE = regex.compile(r"(?P<who>\w+)['’]s\s+(?:[\w-]+\s+){0,2}$")
WORD = regex.compile(r"\w+")
POSSESSIVE_S = regex.compile(r"(?:['’]s)?\s+")
UP_TO_TWO_WORDS = regex.compile(r"(?:([\w-]+\s+)){0,2}")
SPEAKER_BEFORE = regex.compile(
    r"\b(?P<who>we|our (?:\w+ )?(?:army|forces|troops|side)|the enemy)\b(?:\s+\w+){0,3}\s*$", FLAGS
)
SENTENCE_END = regex.compile(r"[.!?][\"'”’]?$")
DAILY_CHANGE_BEFORE = regex.compile(r"(?:^|[(\s])\+\s*$")


@dataclass(frozen=True)
class Reading:
    """One figure in one sentence, read as a claim."""

    sentence: Sentence
    figure: Figure
    claimant: Claimant | None
    claimant_text: str | None
    attribution: str
    subject_side: str
    population: str
    measure: str
    unit: str | None
    qualifier: str
    as_of: When | None
    period_start: str | None
    in_quote: bool

    @property
    def span(self) -> tuple[int, int]:
        return self.sentence.start + self.figure.start, self.sentence.start + self.figure.end


@dataclass
class Claim:
    """A distinct claim in one article and every place the article states it."""

    id: str
    article: str
    readings: list[Reading] = field(default_factory=list)

    @property
    def primary(self) -> Reading:
        return max(self.readings, key=_strength)


@dataclass
class _Marker:
    """A place in a sentence that attributes figures to a claimant."""

    start: int
    end: int
    claimant: Claimant | None
    text: str | None
    kind: str  # verb | according_to | possessive | contrastive | headline | anaphora


@dataclass
class _Discourse:
    """What the article has said so far that a later sentence may refer back to."""

    last_person: tuple[Claimant, str] | None = None
    last_claimant: tuple[Claimant, str] | None = None
    by_role: dict[str, tuple[Claimant, str]] = field(default_factory=dict)
    quote_speaker: tuple[Claimant | None, str | None] | None = None
    readings: list[Reading] = field(default_factory=list)
    previous_text: str = ""
    list_speaker: tuple[Claimant | None, str | None, str | None] | None = None

    def saw(self, claimant: Claimant, text: str) -> None:
        self.last_claimant = (claimant, text)
        if claimant.kind == "person":
            self.last_person = (claimant, text)
        for role in claimant.roles:
            self.by_role[role.lower()] = (claimant, text)


class Grammar:
    """The compiled lexicon, in the shapes the reader needs."""

    def __init__(self, lexicon: Lexicon):
        v = lexicon.vocabulary
        self.lexicon = lexicon
        self.claimant = lexicon.claimant_pattern
        self.verb = compile_words(v["attribution_verbs"])
        self.according_to = regex.compile(words_after(v["according_to"]), FLAGS)
        self.claim_noun = regex.compile(
            r"^['’]s?\s+(?:[\w-]+\s+){0,3}?" + alternation(v["claim_nouns"]) + r"\b", FLAGS
        )
        self.contrastive = regex.compile(r"\b" + alternation(v["contrastive_attribution"]) + r"\s+$", FLAGS)
        self.predicate = labelled(v["predicates"])
        self.casualty_noun = labelled(v["casualty_nouns"])
        self.loss_predicate = labelled(v["loss_predicates"])
        self.agent_predicate = labelled(v["agent_predicates"])
        self.figure_link = alternation(v["figure_links"])
        # what may stand between a predicate and its figure: "rose to", "at least the"
        self.linked_to_figure = regex.compile(
            r"(?:\s+(?:[\w'’-]+\s+){0,3}?" + self.figure_link + r")?\s*(?:the|an?|its|their|some|another|"
            r"a further|an additional|further|additional)?[\s\"“‘']*",
            FLAGS,
        )
        self.total_noun = regex.compile(
            alternation(v["total_nouns"]) + r"\s+(?:\w+\s+){0,2}?" + self.figure_link + r"?\s*$",
            FLAGS,
        )
        self.list_label = regex.compile(
            r"^[\W\d]*?(?:"
            + "|".join(f"(?P<{m}>{alternation(p)})" for m, p in v["list_labels"].items())
            + "|(?P<equipment>"
            + alternation([p for ps in v["equipment"].values() for p in ps])
            + r"))\s*(?:\([^)]*\)\s*)?[-–—:]\s*$",
            FLAGS,
        )
        self.increment = regex.compile(r"\b" + alternation(v["increment_words"]) + r"[\s\"“‘']*$", FLAGS)
        self.person_noun = labelled(v["person_nouns"])
        self.equipment = labelled(v["equipment"])
        self.not_losses = compile_words(v["not_losses"])
        self.not_counts = regex.compile(
            r"^[\s\"”’']*(?:" + alternation(v["not_counts"]) + r")(?![\w])", FLAGS
        )
        self.side_word = labelled(v["side_words"])
        self.own_side = compile_words(v["own_side_words"])
        self.enemy = compile_words(v["enemy_words"])
        self.place = labelled(v["places"])
        self.default_civilian_side = v["default_civilian_side"]
        self.projection = compile_words(v["projection_cues"])
        self.projection_after = regex.compile(
            r"[^,;.]{0,40}?\b" + alternation(v["projection_cues_after"]) + r"\b", FLAGS
        )
        self.mercenary = compile_words(v["mercenary_nouns"])
        self.source_anaphora = v["source_anaphora"]
        self.equipment_loss = compile_words(v["equipment_loss_cues"])
        self.loss_context = compile_words(v["loss_context"])
        self.military_word = regex.compile(r"\bmilitary\b|\bcombat\b|\bservice\b", FLAGS)
        self.civilian_word = regex.compile(r"\bcivilians?\b", FLAGS)
        roles = sorted({r for c in lexicon.claimants.values() for r in c.roles} | set(self.source_anaphora))
        self.anaphora = regex.compile(
            r"\b(?:(?P<pronoun>he|she)|(?:the|this|that|its|their)\s+(?P<role>"
            + "|".join(regex.escape(r) for r in sorted(roles, key=len, reverse=True))
            + r"))\b",
            FLAGS,
        )
        self.country = regex.compile(
            r"(?<![\w-])(?P<russia>Russia|Moscow|the Kremlin|"
            + "|".join(v["side_words"]["russia"])
            + r")(?![\w])|(?<![\w-])(?P<ukraine>Ukraine|Kyiv|Kiev|"
            + "|".join(v["side_words"]["ukraine"])
            + r")(?![\w])",
            FLAGS,
        )


def words_after(patterns: list[str]) -> str:
    return r"(?<![\w-])" + alternation(patterns) + r"\s+"


@cache
def grammar(lexicon: Lexicon) -> Grammar:
    return Grammar(lexicon)


# --- attribution ---------------------------------------------------------------


Mention = tuple[int, int, Claimant, str]  # start, end, claimant, the words that name it


def _named(text: str, g: Grammar) -> list[Mention]:
    return [(m.start(), m.end(), g.lexicon.claimant_at(m), m.group()) for m in g.claimant.finditer(text)]


def _scan(text: str, g: Grammar) -> tuple[list[Mention], list[regex.Match]]:
    """The claimants a sentence names, and its anaphors ("he", "the ministry": words
    that refer back to a claimant) that are not part of a name."""
    named = _named(text, g)
    anaphors = [m for m in g.anaphora.finditer(text) if not any(s <= m.start() < e for s, e, _, _ in named)]
    return named, anaphors


def _claimant_mentions(named: list[Mention], anaphors: list[regex.Match], g: Grammar,
                       state: _Discourse) -> list[Mention]:  # fmt: skip
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


def _markers(sentence: Sentence, g: Grammar, mentions) -> list[_Marker]:
    text = sentence.text
    markers = []
    for verb in g.verb.finditer(text):
        if NOUN_DETERMINER.search(text, 0, verb.start()):
            continue  # "a best estimate of", "the report": a noun, not a verb
        subjects = [m for m in mentions if m[1] <= verb.start() and _is_subject(text, m[0])]
        if subjects:
            s, e, claimant, name = subjects[-1]
            kind = "anaphora" if name != text[s:e] else "verb"
            markers.append(_Marker(verb.start(), verb.end(), claimant, name, kind))
            continue
        inverted = [m for m in mentions if 0 <= m[0] - verb.end() <= 3]
        if inverted:
            markers.append(_Marker(verb.start(), verb.end(), inverted[0][2], inverted[0][3], "verb"))
    for marker in g.according_to.finditer(text):
        after = [m for m in mentions if 0 <= m[0] - marker.end() <= 60]
        if after:
            markers.append(_Marker(marker.start(), after[0][1], after[0][2], after[0][3], "according_to"))
    for s, e, claimant, name in mentions:
        possessive = g.claim_noun.match(text[e:])
        if possessive and not (claimant.kind == "country" and LOSS_TALLY.search(possessive.group())):
            # "the Kremlin's claim of": the noun is not a verb of whoever spoke before
            markers = [m for m in markers if not (e <= m.start < e + possessive.end())]
            markers.append(_Marker(s, e + possessive.end(), claimant, name, "possessive"))
        contrast = g.contrastive.search(text[:s])
        if contrast and g.verb.match(text[e:].lstrip(" ,") or "x") is None:
            following = SAYS_AFTER.match(text, e)
            if following:
                markers.append(_Marker(contrast.start(), following.end(), claimant, name, "contrastive"))
    if sentence.is_headline:
        tail = HEADLINE_SPEAKER.search(text)
        if tail:
            for s, e, claimant, name in mentions:
                if s >= tail.start("who") and e <= tail.end("who"):
                    markers.append(_Marker(tail.start(), len(text), claimant, name, "headline"))
                    break
    return sorted(markers, key=lambda m: m.start)


def _attribute(figure: Figure, markers: list[_Marker]) -> _Marker | None:
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


# --- what the figure counts ------------------------------------------------------


@dataclass(frozen=True)
class _Counted:
    measure: str
    unit: str | None
    population: str
    subject_side: str | None
    inherited: bool = False


def _np_region(after: str) -> str:
    """The noun phrase after a figure: up to a verb, a clause break or a preposition
    other than "of"."""
    stop = NOUN_PHRASE_END.search(after)
    return after[: stop.start()] if stop else after


def _count(sentence: Sentence, figure: Figure, nxt: Figure | None, prev_in_sentence: Reading | None,
           claimant: Claimant | None, g: Grammar, state: _Discourse,
           contrastive: bool = False) -> _Counted | None:  # fmt: skip
    text = sentence.text
    region_end = nxt.context_start if nxt else len(text)
    clause = CLAUSE_END.search(text, figure.end, region_end)
    after = text[figure.end : clause.start() if clause else region_end]
    before_start = max(
        [0]
        + ([prev_in_sentence.figure.end] if prev_in_sentence else [])
        + [m.end() for m in CLAUSE_END.finditer(text, 0, figure.context_start)]
    )
    before = text[before_start : figure.context_start]
    if g.not_counts.match(text[figure.end :]):
        return None
    if NOT_A_COUNT_BEFORE.search(before):
        return None
    np = _np_region(after)
    noun = _first(np, g.equipment, g.casualty_noun, g.person_noun)
    item_start = prev_in_sentence.figure.end if prev_in_sentence else 0
    label = (
        g.list_label.match(text[item_start : figure.context_start])
        if noun is None and state.list_speaker
        else None
    )
    if label:
        name = matched_label(label)
        if name == "equipment":
            unit = _first(label.group(name), g.equipment)[1]
            return _Counted("equipment", unit, "military", state.list_speaker[2] or "unknown")
        return _Counted(name, None, "military" if name == "killed_or_wounded" else "unknown",
                        state.list_speaker[2] or "unknown")  # fmt: skip
    if g.not_losses.search(before[-40:]) or (
        noun and noun[0] is g.person_noun and _strength_phrase(np, after, g)
    ):
        return None
    loss = _adjacent(before, g.loss_predicate, g)
    agent = _adjacent(before, g.agent_predicate, g)
    side = _side_of(np, before, claimant, g)
    possessed = _possessed_loss(before[: loss.start()], g) if loss else None
    if side is None and loss:
        side = (possessed and possessed[0]) or _country_before(before[: loss.start()], g)
        side = side or _speaker_side_before(before[: loss.start()], claimant)
    if side is None and agent:
        side = _other(_country_before(before[: agent.start()], g))
    if noun and noun[0] is g.equipment:
        if not g.equipment_loss.search(text):
            return None
        if side is None and prev_in_sentence and prev_in_sentence.measure == "equipment":
            side = prev_in_sentence.subject_side
        return _Counted("equipment", noun[1], "military", side or "unknown")
    population = "unknown"
    # "315,000 dead and injured troops": the people may come after the casualty noun
    person = noun if noun and noun[0] is g.person_noun else _first(np, g.person_noun)
    if person:
        population = person[1]
    if g.civilian_word.search(np) or g.civilian_word.search(before[-30:]):
        population = "civilian"
    elif population == "unknown" and (
        g.military_word.search(np + " " + before[-40:]) or IN_ACTION.match(after[len(np) :])
    ):
        population = "military"
    measure = None
    predicate = g.predicate.search(after)
    if noun and noun[0] is g.casualty_noun:
        measure = noun[1]
        refine = predicate and predicate.start() - noun[2] <= 40
        if refine and measure == "killed_or_wounded":
            measure = matched_label(predicate)
    elif predicate and len(after[: predicate.start()].split()) <= (len(np.split()) + 6):
        measure = matched_label(predicate)
    if measure is None and possessed:
        measure = possessed[1]
    if measure is None and (loss or agent):
        measure = matched_label(loss or agent)
    inherited = None
    subset = prev_in_sentence and SUBSET.search(before)
    if (
        subset
        or g.increment.search(before)
        or (measure is None and (noun is None or g.total_noun.search(before)))
    ):
        inherited = _inherit(prev_in_sentence, state, sentence, g)
    if measure is None:
        if inherited is None:
            return None
        # "Not 300,000 or 150,000, or whatever Putin says": a rebuttal answers the sentence before
        answers_previous = contrastive and g.loss_context.search(state.previous_text)
        if noun is None and not (
            g.total_noun.search(before) or g.loss_context.search(text) or prev_in_sentence or answers_previous
        ):
            return None
        return replace(inherited, inherited=True) if noun is None else _Counted(
            inherited.measure, None, population if population != "unknown" else inherited.population,
            side or inherited.subject_side, True,
        )  # fmt: skip
    if measure == "displaced":
        population = "civilian"
    if side is None and inherited:
        side = inherited.subject_side
    if person is None and (inherited or prev_in_sentence):
        # "498 of its troops were killed and a further 1,597 wounded"
        source = inherited or prev_in_sentence
        side = side or source.subject_side
        if population == "unknown":
            population = source.population
    if side is None and g.mercenary.search(np):
        side = "russia" if WAGNER.search(text) else _other(claimant.side if claimant else None)
    if side is None and state.list_speaker:
        side = state.list_speaker[2]
    if side is None and (population == "civilian" or (person and person[1] == "unknown")):
        side = _place_side(sentence, state, g)
        if side is None and population == "civilian":
            side = g.default_civilian_side
    return _Counted(measure, None, population, side or "unknown")


def _first(text: str, *patterns: regex.Pattern):
    """The earliest match of any of the patterns: (pattern, label, end)."""
    best = None
    for pattern in patterns:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[3]):
            best = (pattern, matched_label(match), match.end(), match.start())
    return best[:3] if best else None


def _strength_phrase(np: str, after: str, g: Grammar) -> bool:
    """ "the 360,000 soldiers in Putin's army": a strength, unless a loss follows."""
    tail = after[len(np) : len(np) + 60]
    return bool(g.not_losses.match(tail.lstrip())) and not g.predicate.search(tail[:30])


def _adjacent(before: str, pattern: regex.Pattern, g: Grammar):
    """A predicate that ends right before the figure, linked by "at", "to", "of" ..."""
    for match in pattern.finditer(before):
        rest = before[match.end() :]
        if g.linked_to_figure.fullmatch(rest) or LIVES_OF.fullmatch(rest):
            return match
    return None


def _side_of(np: str, before: str, claimant: Claimant | None, g: Grammar) -> str | None:
    side = g.side_word.search(np)
    if side:
        return matched_label(side)
    if g.own_side.search(np) or OWN_BEFORE.search(before):
        return claimant.side if claimant and claimant.side in ("ukraine", "russia") else None
    if g.enemy.search(np):
        return _other(claimant.side if claimant else None)
    possessive = POSSESSIVE_BEFORE.search(before)
    if possessive:
        match = g.side_word.fullmatch(possessive.group().strip()) or g.country.search(possessive.group())
        if match:
            return _side_label(match)
    return None


def _side_label(match: regex.Match) -> str:
    return matched_label(match)


def _country_before(text: str, g: Grammar) -> str | None:
    """The side named as the grammatical subject just before a predicate:
    "Russia has lost", "Ukraine, meanwhile, is expected to lose"."""
    found = [m for m in g.country.finditer(text) if len(WORD.findall(text, m.end())) <= 4]
    return _side_label(found[-1]) if found else None


def _possessed_loss(text: str, g: Grammar) -> tuple[str, str] | None:
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


def _speaker_side_before(text: str, claimant: Claimant | None) -> str | None:
    """ "We have lost 31,000", "the enemy has lost 500": the speaker's own side, or the other."""
    if claimant is None or claimant.side not in ("ukraine", "russia"):
        return None
    tail = SPEAKER_BEFORE.search(text)
    if not tail:
        return None
    return _other(claimant.side) if tail.group("who").lower() == "the enemy" else claimant.side


def _other(side: str | None) -> str | None:
    return {"ukraine": "russia", "russia": "ukraine"}.get(side or "")


def _place_side(sentence: Sentence, state: _Discourse, g: Grammar) -> str | None:
    for text in (sentence.text, state.previous_text):
        place = g.place.search(text)
        if place:
            return matched_label(place)
    return None


def _as_read_before(counted: _Counted, figure: Figure, earlier: list[Reading]) -> _Counted:
    """A figure the article already gave with its side keeps that side:
    "Russia said 1,351 soldiers from its ranks died" ... "“1,351 soldiers died”"."""
    for reading in reversed(earlier):
        if reading.figure.value == figure.value and reading.subject_side != "unknown":
            population = counted.population if counted.population != "unknown" else reading.population
            return replace(counted, subject_side=reading.subject_side, population=population)
    return counted


def _inherit(
    prev_in_sentence: Reading | None, state: _Discourse, sentence: Sentence, g: Grammar
) -> _Counted | None:
    source = prev_in_sentence
    if source is None and state.readings:
        last = state.readings[-1]
        if sentence.position - last.sentence.position <= 3:
            source = last
    if source is None:
        return None
    return _Counted(source.measure, source.unit, source.population, source.subject_side, True)


# --- as of -------------------------------------------------------------------------


def _as_of(sentence: Sentence, figure: Figure, published: When | None) -> tuple[When | None, str | None]:
    text = sentence.text
    if sentence.is_headline:
        return published, None
    mentions = [m for m in dates.date_mentions(text) if m.month]
    stated = [m for m in mentions if not m.is_period_start]
    starts = [m for m in mentions if m.is_period_start]
    period_start = None
    if starts:
        start = dates.resolve(starts[0], published)
        period_start = start.iso if start else None
    if stated:
        nearest = min(stated, key=lambda m: abs(m.start - figure.start))
        rel = dates.relative_year(text[nearest.start : nearest.end + 15])
        when = dates.resolve(nearest, published, rel)
        if when:
            return when, period_start
    if published is None:
        return None, period_start
    if published.precision == "day":
        if YESTERDAY.search(text):
            return When(
                published.date - dt.timedelta(days=1), "day", "yesterday, from publication"
            ), period_start
        weekday = dates.WEEKDAY_MENTION.search(text)
        if weekday and not TODAY.search(text):
            day = dates.weekday_before(published.date, dates.WEEKDAYS.index(weekday.group("weekday").lower()))
            return When(day, "day", f"{weekday.group(0).strip()}, from publication"), period_start
    if LAST_WEEK.search(text):
        return When(
            published.date - dt.timedelta(days=7), "month", "last week, from publication"
        ), period_start
    period = PERIOD.search(text)
    if period and period_start is None and published.precision == "day":
        amount = period.group("amount")
        count = 1 if amount is None else dates.NUMBER_WORDS.get(amount.lower()) or int(amount)
        unit = period.group("unit").lower()
        days = math.ceil(count / 24) if unit == "hour" else {"day": 1, "week": 7, "month": 30}[unit] * count
        period_start = (published.date - dt.timedelta(days=days)).isoformat()
    return When(published.date, published.precision, "publication date"), period_start


def _own_period_start(sentence: Sentence, figure: Figure, as_of: When | None, period_start: str | None,
                      g: Grammar) -> str | None:  # fmt: skip
    """When the period a figure covers starts, where the words next to it say otherwise
    than the sentence (``period_start``)."""
    before = sentence.text[: figure.context_start]
    if DAILY_CHANGE_BEFORE.search(before) and as_of and as_of.precision == "day":
        # "about 300,000 personnel (+650)": the change since the previous daily report
        return (as_of.date - dt.timedelta(days=1)).isoformat()
    if period_start and g.total_noun.search(before):
        # "1,100 in the last two days, bringing the total to 301,000": the total has no period
        return None
    return period_start


# --- reading an article ---------------------------------------------------------------


def read(sentences: list[Sentence], published: When | None, lexicon: Lexicon) -> list[Reading]:
    """Every figure read as a claim, in article order."""
    g = grammar(lexicon)
    state = _Discourse()
    readings: list[Reading] = []
    found_in = [figures.find(sentence.text, lexicon) for sentence in sentences]
    # who speaks matters only for a figure, an open quote or a list announced by a colon
    speaking = {
        i: _scan(sentence.text, g)
        for i, sentence in enumerate(sentences)
        if found_in[i] or "“" in sentence.text or '"' in sentence.text or sentence.text.rstrip().endswith(":")
    }
    # Who was named last is asked only by the anaphors of sentences that speak: after
    # the last of those, the claimants of a sentence that does not speak are not needed.
    last_asking = max((i for i, (_, anaphors) in speaking.items() if anaphors), default=-1)
    for n, sentence in enumerate(sentences):
        if state.list_speaker and not _is_list_item(sentence.text):
            state.list_speaker = None
        text = sentence.text
        found = found_in[n]
        mentions: list[Mention] = []
        if n in speaking or n < last_asking:
            named, anaphors = speaking[n] if n in speaking else _scan(text, g)
            mentions = _claimant_mentions(named, anaphors, g, state)
        markers = _markers(sentence, g, mentions) if n in speaking else []
        opens_in_quote = state.quote_speaker is not None
        prev: Reading | None = None
        for i, figure in enumerate(found):
            marker = _attribute(figure, markers)
            claimant, claimant_text, attribution = None, None, "none"
            if marker:
                claimant, claimant_text, attribution = marker.claimant, marker.text, marker.kind
            elif opens_in_quote and state.quote_speaker:
                claimant, claimant_text = state.quote_speaker
                attribution = "quote"
            elif state.list_speaker and state.list_speaker[0]:
                claimant, claimant_text = state.list_speaker[:2]
                attribution = "list"
            nxt = found[i + 1] if i + 1 < len(found) else None
            counted = _count(sentence, figure, nxt, prev, claimant, g, state, attribution == "contrastive")
            if counted is None:
                continue
            if counted.subject_side == "unknown":
                counted = _as_read_before(counted, figure, state.readings)
            qualifier = figure.qualifier
            if g.projection.search(sentence.text[: figure.start][-60:]) or g.projection_after.match(
                sentence.text, figure.end
            ):
                qualifier = "projection"
            as_of, period_start = _as_of(sentence, figure, published)
            period_start = _own_period_start(sentence, figure, as_of, period_start, g)
            reading = Reading(
                sentence=sentence,
                figure=figure,
                claimant=claimant,
                claimant_text=claimant_text,
                attribution=attribution,
                subject_side=counted.subject_side or "unknown",
                population=counted.population,
                measure=counted.measure,
                unit=counted.unit,
                qualifier=qualifier,
                as_of=as_of,
                period_start=period_start,
                in_quote=_inside_quote(sentence.text, figure.start),
            )
            readings.append(reading)
            state.readings.append(reading)
            prev = reading
        for s, e, claimant, name in mentions:
            if name == sentence.text[s:e]:
                state.saw(claimant, name)
        state.quote_speaker = _open_quote_speaker(sentence, markers, state)
        state.list_speaker = _list_speaker(sentence, markers, state, g)
        state.previous_text = sentence.text
    return readings


LIST_ITEM = regex.compile(r"^\s*(?:[•·▪●◦*–—-]|\d{1,2}[.)])\s*")


def _is_list_item(text: str) -> bool:
    text = text.rstrip()
    return bool(LIST_ITEM.match(text)) or not SENTENCE_END.search(text)


def _list_speaker(sentence: Sentence, markers: list[_Marker], state: _Discourse, g: Grammar):
    """Who speaks for the list items that follow "The General Staff reported these losses:"."""
    text = sentence.text.rstrip()
    if not text.endswith(":"):
        return state.list_speaker
    speaker = markers[-1] if markers else None
    side = None
    losses = g.loss_context.search(text)
    if losses:
        side = _country_before(text[: losses.start()], g) or _side_of(text[losses.end() :], "", None, g)
        if side is None and g.enemy.search(text) and speaker and speaker.claimant:
            side = _other(speaker.claimant.side)
    if speaker or side:
        return (speaker.claimant if speaker else None, speaker.text if speaker else None, side)
    return None


def _inside_quote(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("“") > before.count("”") or before.count("‘") > before.count("’") + before.count("'s")


def _open_quote_speaker(sentence: Sentence, markers: list[_Marker], state: _Discourse):
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


# --- one claim per distinct figure --------------------------------------------------------

KIND_RANK = {"person": 4, "organisation": 4, "outlet": 3, "group": 2, "country": 1}
ATTRIBUTION_RANK = {"curation": 6, "verb": 5, "according_to": 5, "possessive": 5, "contrastive": 5,
                    "anaphora": 4, "list": 4, "quote": 3, "headline": 2, "none": 0}  # fmt: skip


def _strength(reading: Reading):
    claimant_rank = KIND_RANK.get(reading.claimant.kind, 0) if reading.claimant else 0
    return (
        reading.claimant is not None,
        ATTRIBUTION_RANK[reading.attribution] > 0 and not reading.sentence.is_headline,
        claimant_rank,
        ATTRIBUTION_RANK[reading.attribution],
        reading.qualifier != "exact",
        -reading.sentence.position,
    )


def _same_claim(a: Reading, b: Reading) -> bool:
    if a.unit != b.unit:
        return False
    if a.subject_side != b.subject_side and "unknown" not in (a.subject_side, b.subject_side):
        return False
    values = lambda r: (r.figure.value, r.figure.low, r.figure.high)  # noqa: E731
    if values(a) != values(b):
        return False
    if a.measure != b.measure and "killed_or_wounded" not in (a.measure, b.measure):
        return False
    if a.population != b.population and "unknown" not in (a.population, b.population):
        return False
    sides = {r.claimant.side for r in (a, b) if r.claimant}
    return len(sides) <= 1


def claim_id(article: str, raw: str, reading: Reading, occurrence: int = 0) -> str:
    """A stable id: the article and the figure with the text around it.

    The text around it is up to 40 characters either side, within the figure's
    line, so the id survives rebuilds, edits elsewhere in the file and changes
    to the extractor for as long as that stretch of the line is unchanged.
    """
    return span_id(article, raw, *reading.span, occurrence)


def span_id(article: str, raw: str, start: int, end: int, occurrence: int = 0) -> str:
    """The id of the claim whose figure is ``raw[start:end]`` (see claim_id)."""
    line_start = raw.rfind("\n", 0, start) + 1
    line_end = raw.find("\n", end)
    window = raw[max(line_start, start - 40) : min(end + 40, len(raw) if line_end < 0 else line_end)]
    key = f"{article}\x00{window}" + (f"\x00{occurrence}" if occurrence else "")
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def consolidate(article: str, raw: str, readings: list[Reading]) -> list[Claim]:
    """Fold readings of the same figure about the same losses into one claim.

    "Casualties" read as killed-or-wounded folds into a reading of the same
    figure that says which; an unattributed reading folds into an attributed
    one; readings credited to different sides stay apart.
    """
    claims: list[Claim] = []
    ids: set[str] = set()
    for reading in readings:
        home = next((c for c in claims if all(_same_claim(reading, r) for r in c.readings)), None)
        if home is None:
            occurrence = 0
            while (id := claim_id(article, raw, reading, occurrence)) in ids:
                occurrence += 1  # the same words around the same figure twice in one article
            ids.add(id)
            home = Claim(id=id, article=article)
            claims.append(home)
        home.readings.append(reading)
    return claims


def measure_of(claim: Claim) -> str:
    """The most specific measure any reading of the claim gives."""
    measures = {r.measure for r in claim.readings}
    specific = measures - {"killed_or_wounded"}
    return claim.primary.measure if claim.primary.measure in specific or not specific else sorted(specific)[0]


def population_of(claim: Claim) -> str:
    known = [r.population for r in claim.readings if r.population != "unknown"]
    return claim.primary.population if claim.primary.population != "unknown" or not known else known[0]
