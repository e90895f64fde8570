"""What a figure counts (killed, wounded, captured, missing, equipment; military
or civilian) and whether it counts losses at all, read from the words around it."""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from ..figures import Figure
from ..lexicon import FLAGS, Claimant, matched_label
from ..sentences import Sentence
from .discourse import Discourse, Reading
from .grammar import Grammar
from .losses import WAGNER, country_before, other, place_side, possessed_loss, side_of, speaker_side_before

CLAUSE_END = regex.compile(r"[;:]|\s[–—-]\s|,\s+(?:but|while|whereas)\b|\bbut\b", FLAGS)


IN_ACTION = regex.compile(r"\s*in action\b", FLAGS)


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


NOUN_PHRASE_END = regex.compile(
    r"[,;:()]|\s[–—-]\s|\b(?:have|has|had|were|was|are|is|will|would|could|may|might|"
    r"in|on|at|since|during|as|after|before|when|while|who|which|that|this|by|to|for|"
    r"including|and\s+(?!\S*\s*(?:[\"“”']?nationalists|civilians|soldiers|troops)))\b",
    FLAGS,
)


LIVES_OF = regex.compile(r"\s*(?:the\s+)?(?:lives\s+of\s+)?[\s\"“‘']*", FLAGS)


@dataclass(frozen=True)
class Counted:
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


def count(sentence: Sentence, figure: Figure, nxt: Figure | None, prev_in_sentence: Reading | None,
           claimant: Claimant | None, g: Grammar, state: Discourse,
           contrastive: bool = False) -> Counted | None:  # fmt: skip
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
            return Counted("equipment", unit, "military", state.list_speaker[2] or "unknown")
        return Counted(name, None, "military" if name == "killed_or_wounded" else "unknown",
                        state.list_speaker[2] or "unknown")  # fmt: skip
    if g.not_losses.search(before[-40:]) or (
        noun and noun[0] is g.person_noun and _strength_phrase(np, after, g)
    ):
        return None
    loss = _adjacent(before, g.loss_predicate, g)
    agent = _adjacent(before, g.agent_predicate, g)
    side = side_of(np, before, claimant, g)
    possessed = possessed_loss(before[: loss.start()], g) if loss else None
    if side is None and loss:
        side = (possessed and possessed[0]) or country_before(before[: loss.start()], g)
        side = side or speaker_side_before(before[: loss.start()], claimant)
    if side is None and agent:
        side = other(country_before(before[: agent.start()], g))
    if noun and noun[0] is g.equipment:
        if not g.equipment_loss.search(text):
            return None
        if side is None and prev_in_sentence and prev_in_sentence.measure == "equipment":
            side = prev_in_sentence.subject_side
        return Counted("equipment", noun[1], "military", side or "unknown")
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
        inherited = inherit(prev_in_sentence, state, sentence, g)
    if measure is None:
        if inherited is None:
            return None
        # "Not 300,000 or 150,000, or whatever Putin says": a rebuttal answers the sentence before
        answers_previous = contrastive and g.loss_context.search(state.previous_text)
        if noun is None and not (
            g.total_noun.search(before) or g.loss_context.search(text) or prev_in_sentence or answers_previous
        ):
            return None
        return replace(inherited, inherited=True) if noun is None else Counted(
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
        side = "russia" if WAGNER.search(text) else other(claimant.side if claimant else None)
    if side is None and state.list_speaker:
        side = state.list_speaker[2]
    if side is None and (population == "civilian" or (person and person[1] == "unknown")):
        side = place_side(sentence, state, g)
        if side is None and population == "civilian":
            side = g.default_civilian_side
    return Counted(measure, None, population, side or "unknown")


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


def inherit(
    prev_in_sentence: Reading | None, state: Discourse, sentence: Sentence, g: Grammar
) -> Counted | None:
    source = prev_in_sentence
    if source is None and state.readings:
        last = state.readings[-1]
        if sentence.position - last.sentence.position <= 3:
            source = last
    if source is None:
        return None
    return Counted(source.measure, source.unit, source.population, source.subject_side, True)


def as_read_before(counted: Counted, figure: Figure, earlier: list[Reading]) -> Counted:
    """A figure the article already gave with its side keeps that side:
    "Russia said 1,351 soldiers from its ranks died" ... "“1,351 soldiers died”"."""
    for reading in reversed(earlier):
        if reading.figure.value == figure.value and reading.subject_side != "unknown":
            population = counted.population if counted.population != "unknown" else reading.population
            return replace(counted, subject_side=reading.subject_side, population=population)
    return counted
