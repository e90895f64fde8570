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
from .losses import (
    WAGNER,
    agent_verb,
    both_sides,
    civilians_side,
    country_before,
    holder_before,
    other,
    owner_of_loss,
    passage_side,
    place_side,
    possessed_loss,
    side_named_after,
    side_of,
    side_of_claims_before,
    speaker_side_before,
)

CLAUSE_END = regex.compile(r"[;:]|\s[–—-]\s|,\s+(?:but|while|whereas)\b|\bbut\b", FLAGS)


IN_ACTION = regex.compile(r"\s*in action\b", FLAGS)


# "day 300 of the war", "the 155th brigade", "flight 752", "a Su-25", "Highway 20": labels, not counts
NOT_A_COUNT_BEFORE = regex.compile(
    r"\b(?:aged|age of|No\.?|number|day|days|page|article|paragraph|resolution|flight|route|"
    r"brigade|battalion|regiment|division|unit|highway|motorway|road|penal colony|colony|building|"
    r"block|hangar|platform|terminal|school|lyceum|ward|cell|Su|Mi|Tu|Ka|Il|An|MiG|T)[\s-]*$",
    FLAGS,
)


# "Dmytro Ivanenko, 39, a volunteer ...", "nicknamed 'Tiger', 27,": an age beside a name
AGE_BESIDE_NAME = regex.compile(r"(?:\p{Lu}[\p{L}'’-]+\s+\p{Lu}[\p{L}'’-]+|['\"’”])\s*,\s*$")
COMMA_AFTER = regex.compile(r"\s*,")


# "265 troops, including 51 wounded, were taken prisoner": the group's predicate comes after
# the aside that names a part of it
ASIDE_START = regex.compile(r",\s*(?:including|among them)\s*$", FLAGS)
ASIDE_END = regex.compile(r"[^,;:()]*,")


# "Those who gave themselves up included 29 wounded": a part of the group named before
GROUP_INCLUDED = regex.compile(r"\b(?:included|include|includes|were among them)\s*$", FLAGS)


# "surrendered to Russian forces": the prisoners are the other side's
TO_SIDE = regex.compile(r"\s+to\s+(?:the\s+)?", FLAGS)


# "Russia lost 71 soldiers and 210 were wounded": the figure after "and" counts the wounded
COORDINATED = regex.compile(
    r"\b(?:and|with|as well as)\s+(?:another|a further|an additional|further)?\s*$", FLAGS
)


# "10,000 civilians were killed, including 560 children": a part of the count before
SUBSET = regex.compile(
    r"\b(?:including|among them|among whom|of whom|of them|of which|among those)\s*$", FLAGS
)


NOUN_PHRASE_END = regex.compile(
    r"[,;:()]|\s[–—-]\s|\b(?:have|has|had|were|was|are|is|will|would|could|may|might|"
    r"in|on|at|since|during|as|after|before|when|while|who|which|that|this|by|to|for|"
    r"including|and\s+(?!\S*\s*(?:[\"“”']?nationalists|civilians|soldiers|troops)|(?:wounded|injured|killed|dead)\b))\b",
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
    if NOT_A_COUNT_BEFORE.search(before) or _age_beside_name(text, figure):
        return None
    after = _past_subset_aside(text, figure, nxt, after)
    np = _np_region(after)
    noun = _first(np, g.equipment, g.casualty_noun, g.person_noun, g.not_people)
    if (noun and noun[0] is g.not_people) or _about_other_war(before, after, g):
        return None
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
    if agent_verb(loss, agent, before):
        loss = None
    side = both_sides(after, before[: loss.end()] if loss else "", g) or side_of(np, before, claimant, g)
    side = side or side_named_after(after, g)
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
    elif loss:
        population = _people_before(before[: loss.start()], g)
    # "the civilian death toll in Ukraine has surpassed": the loss noun's own modifier too
    owner = before[max(0, loss.start() - 30) : loss.end()] if loss else ""
    if g.civilian_word.search(np) or g.civilian_word.search(before[-30:]) or g.civilian_word.search(owner):
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
    # "have captured two wounded soldiers": taking prisoners makes them prisoners, wounded or not
    if measure == "wounded" and agent and matched_label(agent) == "captured":
        measure = "captured"
    if measure is None and (possessed or loss or agent):
        measure = possessed[1] if possessed else matched_label(loss or agent)
        # "Russia lost 71 soldiers and 210 were wounded": beside the wounded, the loss is the dead
        if measure == "killed_or_wounded" and _wounded_follow(text, figure, nxt, g):
            measure = "killed"
    inherited = None
    subset = prev_in_sentence and SUBSET.search(before)
    if (
        subset
        or g.increment.search(before)
        or (measure is None and (noun is None or g.total_noun.search(before)))
    ):
        inherited = inherit(prev_in_sentence, state, sentence, g)
    # "265 troops, including 51 wounded, were taken prisoner": the wounded are prisoners too,
    # a part of the group and not a claim of their own
    if subset and inherited and inherited.measure in ("captured", "missing"):
        measure = inherited.measure
    elif group := _prisoners_including(before, g):
        measure, side = "captured", side or _captors_other_side(before, group, g)
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
    if measure == "transferred":
        measure = "captured" if population == "military" else "displaced"
    # those who surrender or are held as prisoners of war are soldiers unless the text says otherwise
    if measure == "captured" and person is None and population == "unknown":
        population = "military"
    if measure == "displaced":
        population = "civilian"
    if side in ("russia", "ukraine") and population == "civilian":
        side = civilians_side(side, before, g)
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
    if side is None and measure != "captured":  # "Ukraine has 1,000 prisoners" holds the enemy's
        side = holder_before(before, g)
    if side is None and (population == "civilian" or (person and person[1] == "unknown")):
        side = place_side(sentence, state, g)
        if side is None and population == "civilian":
            side = g.default_civilian_side
    if side is None:
        side = owner_of_loss(text, state.previous_text, g)
    if side is None and loss and g.casualty_noun.match(loss.group()):  # a bare "losses amounted to"
        side = side_of_claims_before(text, sentence, state, g)
        side = side or passage_side(text[: figure.start], state.previous_text, claimant, g)
    if population == "unknown" and person is None and side in g.military_by_default:
        population = _military_unless_placed(text, side, g)
    return Counted(measure, None, population, side or "unknown")


def _first(text: str, *patterns: regex.Pattern):
    """The earliest match of any of the patterns: (pattern, label, end)."""
    best = None
    for pattern in patterns:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[3]):
            best = (pattern, matched_label(match), match.end(), match.start())
    return best[:3] if best else None


def _age_beside_name(text: str, figure: Figure) -> bool:
    """ "Dmytro Ivanenko, 39, a volunteer, was killed": the age of the person named."""
    return (
        figure.text.isdigit()
        and figure.value < 120
        and bool(AGE_BESIDE_NAME.search(text, max(0, figure.start - 60), figure.start))
        and bool(COMMA_AFTER.match(text, figure.end))
    )


def _past_subset_aside(text: str, figure: Figure, nxt: Figure | None, after: str) -> str:
    """The words after a group's figure with the aside naming a part of it left out:
    "265 troops[, including 51 wounded,] were taken into custody"."""
    if nxt is None:
        return after
    aside = ASIDE_START.search(text, figure.end, nxt.context_start)
    closing = aside and ASIDE_END.match(text, nxt.end)
    if not closing:
        return after
    clause = CLAUSE_END.search(text, closing.end())
    rest = text[closing.end() : clause.start() if clause else len(text)]
    return text[figure.end : aside.start()] + " " + rest


def _about_other_war(before: str, after: str, g: Grammar) -> bool:
    """ "Soviet losses in the 1979-89 Afghanistan war were 15,000": a figure whose own clause
    names another war or era, unless only as the standard of a comparison ("more than in
    Afghanistan")."""
    own_clause = before[before.rfind(",") + 1 :]
    for words in (own_clause, after[:100]):
        compared = g.comparison.search(words)
        if g.other_war.search(words, 0, compared.start() if compared else len(words)):
            return True
    return False


AUXILIARIES_AT_END = regex.compile(r"(?:\s+(?:has|have|had|also|now|already|reportedly))*\s*$", FLAGS)


IN_PLACE = regex.compile(r"\b(?:in|near|around|over|across|on|at)\s+(?:the\s+)?$", FLAGS)


def _military_unless_placed(text: str, side: str, g: Grammar) -> str:
    """ "500 Russian casualties" are soldiers, "Russian losses in Belgorod" may not be (but
    "the casualties Moscow claims" names a government, not a place)."""
    placed = any(
        matched_label(place) == side and IN_PLACE.search(text, max(0, place.start() - 12), place.start())
        for place in g.place.finditer(text)
    )
    return "unknown" if placed else "military"


def _people_before(text: str, g: Grammar) -> str:
    """ "the number of Russian troops killed or wounded has topped", "Russian forces had also
    sustained": the people a loss predicate follows."""
    tail = text[: AUXILIARIES_AT_END.search(text).start()]
    people = list(g.person_noun.finditer(tail, max(0, len(tail) - 30)))
    return matched_label(people[-1]) if people and people[-1].end() == len(tail) else "unknown"


def _wounded_follow(text: str, figure: Figure, nxt: Figure | None, g: Grammar) -> bool:
    """ "lost 71 soldiers and 210 were wounded", "losses of 500, with another 800 wounded":
    a coordinated count of the wounded follows in the same clause."""
    if nxt is None or not COORDINATED.search(text, figure.end, nxt.context_start):
        return False
    # not "Ukraine lost 5,000 and Russia 9,000 wounded": another side's count is no part of this one
    between = text[figure.end : nxt.context_start]
    if CLAUSE_END.search(between) or g.country.search(between):
        return False
    window = text[nxt.end : nxt.end + 40]
    wounded = g.predicate.search(window) or g.casualty_noun.search(window)
    near = wounded and len(window[: wounded.start()].split()) <= 4
    return bool(near) and matched_label(wounded) == "wounded"


def _prisoners_including(before: str, g: Grammar) -> regex.Match | None:
    """ "Those who gave themselves up included 29 wounded": a part of a group of prisoners
    is prisoners. The predicate that makes them prisoners."""
    if not GROUP_INCLUDED.search(before):
        return None
    captured = [m for m in g.predicate.finditer(before) if matched_label(m) == "captured"]
    return captured[-1] if captured else None


def _captors_other_side(before: str, captured: regex.Match, g: Grammar) -> str | None:
    """ "gave themselves up to Russian soldiers": the prisoners are the captors' enemy."""
    to = TO_SIDE.match(before, captured.end())
    captor = to and g.side_word.match(before, to.end())
    return other(matched_label(captor)) if captor else None


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
