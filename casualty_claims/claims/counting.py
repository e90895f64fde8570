"""What a figure counts (killed, wounded, captured, missing, equipment; military
or civilian) and whether it counts losses at all, read from the words around it
(``figure_words``): a listed item, a return of prisoners or the dead
(``returns``), equipment, or people, whose measure its own words say
(``measures``) or the count before it gives; whose losses they are is
``counted_side``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

import regex

from ..at_end import AtEnd
from ..figures import Figure
from ..lexicon import FLAGS, Claimant, matched_label
from ..sentences import Sentence
from .counted_side import captors_other_side, default_side, gapped_side, military_unless_placed, side_in_words
from .discourse import Discourse, Reading
from .figure_words import Around, after_whole, clause_around, first_of, noun_phrase, past_subset_aside
from .grammar import Grammar
from .losses import civilians_side
from .measures import COORDINATED, loss_predicates, people_before, prisoners_including, stated_measure
from .not_counts import (
    NOT_A_COUNT_BEFORE,
    WHOLE_OF_PART,
    about_other_war,
    age_beside_name,
    names_model,
    strength_phrase,
)
from .returns import returned

IN_ACTION = regex.compile(r"\s*in action\b", FLAGS)


# "10,000 civilians were killed, including 560 children": a part of the count before
SUBSET = AtEnd(r"\b(?:including|among them|among whom|of whom|of them|of which|among those)", r"\s", FLAGS)


IN_BARE = AtEnd(r"\b(?:in|within)", r"\s", FLAGS, at_least_one=True)


@dataclass(frozen=True)
class Counted:
    measure: str
    unit: str | None
    population: str
    subject_side: str | None
    inherited: bool = False


def count(
    sentence: Sentence,
    figure: Figure,
    nxt: Figure | None,
    prev_in_sentence: Reading | None,
    claimant: Claimant | None,
    g: Grammar,
    state: Discourse,
    contrastive: bool = False,
) -> Counted | None:
    """What a figure counts and whose losses they are; None for a figure that counts no
    losses (a label, a duration, a strength, another war's)."""
    text = sentence.text
    before, after = clause_around(text, figure, nxt, prev_in_sentence, g)
    if _not_a_count(text, figure, before, g):
        return None
    after = past_subset_aside(text, figure, nxt, after)
    after = after_whole(text, figure, nxt, g) or after
    np = noun_phrase(after)
    noun = first_of(np, g.equipment, g.casualty_noun, g.person_noun, g.not_people)
    if noun and noun[0] is g.not_people:
        return None
    # another war's figure is no claim: asked only of a figure that would be one (a costly search)
    other_war = partial(about_other_war, before, after, g)
    label = _list_label(text, figure, noun, prev_in_sentence, state, g)
    if label:
        return None if other_war() else _listed(label, state.list_speaker[2] or "unknown", g)
    # a swap or a repatriation: the prisoners and the dead of the side whose people came back
    if back := returned(text, before, after, np, noun, claimant, state.previous_text, g):
        return None if other_war() else Counted(back[0], None, back[1], back[2])
    if _no_loss(before, after, np, noun, g):
        return None
    predicates = loss_predicates(before, noun, g)  # its loss, agent and possessed loss
    w = Around(sentence, text, figure, nxt, prev_in_sentence, claimant, before, after, np, noun, *predicates)
    if noun and noun[0] is g.equipment:
        return None if other_war() else _equipment_lost(w, g)
    return _people_lost(w, g, state, contrastive, other_war)


def _not_a_count(text: str, figure: Figure, before: str, g: Grammar) -> bool:
    """A figure that is no count at all: a duration or a ratio, a label, an age, a model's name."""
    if g.not_counts.match(text[figure.end :]) or g.ratio_after.match(text, figure.end):
        return True
    # a label takes no qualifier: "are expected to number around 200,000" is a count
    labelled = figure.context_start == figure.start and NOT_A_COUNT_BEFORE.search(before)
    return bool(labelled or age_beside_name(text, figure) or names_model(text, figure, g))


def _list_label(
    text: str, figure: Figure, noun, prev_in_sentence: Reading | None, state: Discourse, g: Grammar
) -> regex.Match | None:
    """The label of a bare figure in a speaker's list ("Tanks - 3,000", "Personnel: 500,000")."""
    if noun is not None or not state.list_speaker:
        return None
    item_start = prev_in_sentence.figure.end if prev_in_sentence else 0
    return g.list_label.match(text[item_start : figure.context_start])


def _listed(label: regex.Match, side: str, g: Grammar) -> Counted:
    """A listed item, of the list speaker's side: what its label names."""
    name = matched_label(label)
    if name == "equipment":
        unit = first_of(label.group(name), g.equipment)[1]
        return Counted("equipment", unit, "military", side)
    return Counted(name, None, "military" if name == "killed_or_wounded" else "unknown", side)


def _no_loss(before: str, after: str, np: str, noun, g: Grammar) -> bool:
    """Words that make a figure no loss: a cue just before it, an army's strength, a return of
    neither prisoners nor the dead."""
    near = before[-40:]
    if (g.not_losses_words.may_match(near) and g.not_losses.search(near)) or (
        noun and noun[0] is g.person_noun and strength_phrase(np, after, g)
    ):
        return True
    # "brought back 32 deported children": a return of neither prisoners nor the dead, no loss
    return bool(noun and g.return_words.may_match(after) and g.return_after.match(after, len(np)))


def _equipment_lost(w: Around, g: Grammar) -> Counted | None:
    """A count of equipment, where the sentence says equipment was lost."""
    side = side_in_words(w, g)
    # "shot down 61 of the 75 drones": the loss is the part, the whole was launched
    whole = WHOLE_OF_PART.search(w.text, max(0, w.figure.context_start - 30), w.figure.context_start)
    if not g.equipment_loss.search(w.text) or whole:
        return None
    # "Russia lost 300 soldiers and 12 tanks": what is lost with the figure before is the same side's
    if side is None and w.prev and (w.prev.measure == "equipment" or COORDINATED.search(w.before)):
        side = w.prev.subject_side
    return Counted("equipment", w.noun[1], "military", side or "unknown")


def _people_lost(w: Around, g: Grammar, state: Discourse, contrastive: bool, other_war) -> Counted | None:
    """A count of people: what its own words say it counts, else what the count before did."""
    person, population = _population(w, g)
    measure = stated_measure(w, person, g)
    before = w.before
    inherited = None
    subset = w.prev and SUBSET.search(before)
    increment = g.increment.search(before) is not None
    if subset or increment or (measure is None and (w.noun is None or g.total_noun.search(before))):
        # "Another 16 soldiers", "Not 300,000": words that answer the count before, wherever it stands
        inherited = inherit(w.prev, state, w.sentence, g, contrastive or increment)
    if measure is None and inherited is None and not prisoners_including(before, g):
        return None  # no count of losses: whose they would be is not asked
    if other_war():
        return None
    side = side_in_words(w, g)
    # "265 troops, including 51 wounded, were taken prisoner": the wounded are prisoners too,
    # a part of the group and not a claim of their own
    if subset and inherited and inherited.measure in ("captured", "missing"):
        measure = inherited.measure
    elif group := prisoners_including(before, g):
        measure, side = "captured", side or captors_other_side(before, group, g)
    if measure is None:
        return _as_inherited(w, inherited, population, side, state, contrastive, g)
    return _people_counted(w, measure, population, person, side, inherited, state, g)


def _population(w: Around, g: Grammar) -> tuple[tuple | None, str]:
    """The figure's person noun, and whether the people it counts are military or civilian."""
    population = "unknown"
    before, loss = w.before, w.loss
    # "315,000 dead and injured troops": the people may come after the casualty noun
    person = w.noun if w.noun and w.noun[0] is g.person_noun else first_of(w.np, g.person_noun)
    if person:
        population = person[1]
    elif loss:
        population = people_before(before[: loss.start()], g)
    # "the civilian death toll in Ukraine has surpassed": the loss noun's own modifier too
    owner = before[max(0, loss.start() - 30) : loss.end()] if loss else ""
    if g.civilian_word.search(w.np) or g.civilian_word.search(before[-30:]) or g.civilian_word.search(owner):
        population = "civilian"
    elif population == "unknown" and (
        g.military_word.search(w.np + " " + before[-40:]) or IN_ACTION.match(w.after[len(w.np) :])
    ):
        population = "military"
    return person, population


def _as_inherited(
    w: Around,
    inherited: Counted | None,
    population: str,
    side: str | None,
    state: Discourse,
    contrastive: bool,
    g: Grammar,
) -> Counted | None:
    """A count whose words say no measure, read as the count before it."""
    if inherited is None:
        return None
    before = w.before
    # "Not 300,000 or 150,000, or whatever Putin says": a rebuttal answers the sentence before
    answers_previous = contrastive and g.loss_context.search(state.previous_text)
    if w.noun is None and not (
        g.total_noun.search(before) or g.loss_context.search(w.text) or w.prev or answers_previous
    ):
        return None
    # "lost 50,000 in two": a bare figure after "in" is a time or a ratio ("one in five")
    if w.noun is None and IN_BARE.search(before):
        return None
    if w.noun is None:
        side = side or gapped_side(before, g) or inherited.subject_side
        return replace(inherited, inherited=True, subject_side=side)
    population = population if population != "unknown" else inherited.population
    return Counted(inherited.measure, None, population, side or inherited.subject_side, True)


def _people_counted(
    w: Around,
    measure: str,
    population: str,
    person,
    side: str | None,
    inherited: Counted | None,
    state: Discourse,
    g: Grammar,
) -> Counted:
    """A count of people with its measure: their population and side settled."""
    if measure == "transferred":
        measure = "captured" if population == "military" else "displaced"
    # those who surrender or are held as prisoners of war are soldiers unless the text says otherwise
    if measure == "captured" and person is None and population == "unknown":
        population = "military"
    if measure == "displaced":
        population = "civilian"
    if side in ("russia", "ukraine") and population == "civilian":
        side = civilians_side(side, w.before, g)
    if side is None and inherited:
        side = inherited.subject_side
    if person is None and (inherited or w.prev):
        # "498 of its troops were killed and a further 1,597 wounded"
        source = inherited or w.prev
        side = side or source.subject_side
        if population == "unknown":
            population = source.population
    if side is None:
        side = default_side(w, measure, population, person, state, g)
    if population == "unknown" and person is None and side in g.military_by_default:
        population = military_unless_placed(w.text, side, g)
    return Counted(measure, None, population, side or "unknown")


def inherit(
    prev_in_sentence: Reading | None,
    state: Discourse,
    sentence: Sentence,
    g: Grammar,
    refers_back: bool = False,
) -> Counted | None:
    source = prev_in_sentence
    if source is None and state.readings:
        last = state.readings[-1]
        # a new paragraph may count something else ("105 victims were released" after the wounded),
        # unless it answers the figure before ("Not 300,000 or 150,000")
        same_paragraph = last.sentence.paragraph == sentence.paragraph or refers_back
        if sentence.position - last.sentence.position <= 3 and same_paragraph:
            source = last
    if source is None:
        return None
    return Counted(source.measure, source.unit, source.population, source.subject_side, True)


def as_read_before(counted: Counted, figure: Figure, sided: dict[int, Reading]) -> Counted:
    """A figure the article already gave with its side keeps that side (of its last reading
    with one, ``Discourse.sided``): "Russia said 1,351 soldiers from its ranks died" ... "“1,351
    soldiers died”"."""
    reading = sided.get(figure.value)
    if reading is None:
        return counted
    population = counted.population if counted.population != "unknown" else reading.population
    return replace(counted, subject_side=reading.subject_side, population=population)
