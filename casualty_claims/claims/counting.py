"""What a figure counts (killed, wounded, captured, missing, equipment; military
or civilian) and whether it counts losses at all, read from the words around it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, partial

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
from .not_counts import (
    NOT_A_COUNT_BEFORE,
    WHOLE_OF_PART,
    about_other_war,
    age_beside_name,
    names_model,
    strength_phrase,
)
from .returns import returned

CLAUSE_END = regex.compile(r"[;:]|\s[–—-]\s|,\s+(?:but|while|whereas)\b|\bbut\b", FLAGS)


IN_ACTION = regex.compile(r"\s*in action\b", FLAGS)


# "265 troops, including 51 wounded, were taken prisoner": the group's predicate comes after
# the aside that names a part of it
ASIDE_START = regex.compile(r",\s*(?:including|among them)\s*$", FLAGS)
ASIDE_END = regex.compile(r"(?:[^,;:()]|(?<=\d),(?=\d{3}))*,(?!\d{3})")  # not the comma of "1,597"


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


# "61 of the 75 drones": a part, and the whole it is taken from
PART_OF = regex.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?", FLAGS)


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
    # "two PzH 2000 howitzers": the noun of a count comes after the name that follows it
    region_end = nxt.context_start if nxt and not names_model(text, nxt, g) else len(text)
    clause = CLAUSE_END.search(text, figure.end, region_end)
    after = text[figure.end : clause.start() if clause else region_end]
    before_start = max(
        [0]
        + ([prev_in_sentence.figure.end] if prev_in_sentence else [])
        + [m.end() for m in CLAUSE_END.finditer(text, 0, figure.context_start)]
    )
    before = text[before_start : figure.context_start]
    if g.not_counts.match(text[figure.end :]) or g.ratio_after.match(text, figure.end):
        return None
    # a label takes no qualifier: "are expected to number around 200,000" is a count
    labelled = figure.context_start == figure.start and NOT_A_COUNT_BEFORE.search(before)
    if labelled or age_beside_name(text, figure) or names_model(text, figure, g):
        return None
    after = _past_subset_aside(text, figure, nxt, after)
    after = _after_whole(text, figure, nxt, g) or after
    np = _np_region(after)
    noun = _first(np, g.equipment, g.casualty_noun, g.person_noun, g.not_people)
    if noun and noun[0] is g.not_people:
        return None
    # another war's figure is no claim: asked only of a figure that would be one (a costly search)
    other_war = partial(about_other_war, before, after, g)
    item_start = prev_in_sentence.figure.end if prev_in_sentence else 0
    label = (
        g.list_label.match(text[item_start : figure.context_start])
        if noun is None and state.list_speaker
        else None
    )
    if label:
        if other_war():
            return None
        name = matched_label(label)
        if name == "equipment":
            unit = _first(label.group(name), g.equipment)[1]
            return Counted("equipment", unit, "military", state.list_speaker[2] or "unknown")
        return Counted(name, None, "military" if name == "killed_or_wounded" else "unknown",
                        state.list_speaker[2] or "unknown")  # fmt: skip
    # a swap or a repatriation: the prisoners and the dead of the side whose people came back
    if back := returned(text, before, after, np, noun, claimant, state.previous_text, g):
        return None if other_war() else Counted(back[0], None, back[1], back[2])
    if g.not_losses.search(before[-40:]) or (
        noun and noun[0] is g.person_noun and strength_phrase(np, after, g)
    ):
        return None
    # "brought back 32 deported children": a return of neither prisoners nor the dead, no loss
    if noun and g.return_after.match(after, len(np)):
        return None
    loss = _adjacent(before, g.loss_predicate, g)
    if loss and _milestone_of_no_loss(before, loss, noun, g):
        loss = None
    agent = _adjacent(before, g.agent_predicate, g)
    if agent_verb(loss, agent, before):
        loss = None
    possessed = possessed_loss(before[: loss.start()], g) if loss else None
    words = (text, before, after, np, loss, agent, possessed, claimant, prev_in_sentence)
    if noun and noun[0] is g.equipment:
        if other_war():
            return None
        side = _side_in_words(*words, g)
        # "shot down 61 of the 75 drones": the loss is the part, the whole was launched
        whole = WHOLE_OF_PART.search(text, max(0, figure.context_start - 30), figure.context_start)
        if not g.equipment_loss.search(text) or whole:
            return None
        # "Russia lost 300 soldiers and 12 tanks": what is lost with the figure before is the same side's
        if (
            side is None
            and prev_in_sentence
            and (prev_in_sentence.measure == "equipment" or COORDINATED.search(before))
        ):
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
    if predicate and _verb_of_next(text, figure, nxt, after, predicate, g):
        predicate = None
    if noun and noun[0] is g.casualty_noun:
        measure = noun[1]
        refine = predicate and predicate.start() - noun[2] <= 40
        if refine and measure == "killed_or_wounded":
            measure = matched_label(predicate)
    elif (
        predicate
        and len(after[: predicate.start()].split()) <= (len(np.split()) + 6)
        and not (loss and NEXT_ITEM.search(after, 0, predicate.start()))
        and not _describes_another_noun(after, predicate, g)
    ):
        # "deaths at around 250,000 and total casualties, including the wounded, at": the words
        # after "and" are the next figure's, the loss before is this one's
        measure = matched_label(predicate)
    # "have captured two wounded soldiers": taking prisoners makes them prisoners, wounded or not
    if measure == "wounded" and agent and matched_label(agent) == "captured":
        measure = "captured"
    if measure is None and (possessed or loss or agent):
        measure = possessed[1] if possessed else matched_label(loss or agent)
        # "Russia lost 71 soldiers and 210 were wounded": beside the wounded, the loss is the dead
        if measure == "killed_or_wounded" and _wounded_follow(text, figure, nxt, g):
            measure = "killed"
    if measure is None and person:
        # "100,000 Ukrainian soldiers and 100,000 Russian soldiers had been killed": one predicate for both
        measure = _shared_predicate(text, figure, nxt, g) or _predicate_past_relative(after, np, g)
    inherited = None
    subset = prev_in_sentence and SUBSET.search(before)
    increment = g.increment.search(before) is not None
    if subset or increment or (measure is None and (noun is None or g.total_noun.search(before))):
        # "Another 16 soldiers", "Not 300,000": words that answer the count before, wherever it stands
        inherited = inherit(prev_in_sentence, state, sentence, g, contrastive or increment)
    if measure is None and inherited is None and not _prisoners_including(before, g):
        return None  # no count of losses: whose they would be is not asked
    if other_war():
        return None
    side = _side_in_words(*words, g)
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
        # "lost 50,000 in two": a bare figure after "in" is a time or a ratio ("one in five")
        if noun is None and IN_BARE.search(before):
            return None
        return replace(inherited, inherited=True, subject_side=side or _gapped_side(before, g) or inherited.subject_side) if noun is None else Counted(
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
    if side is None and claimant and claimant.side in ("ukraine", "russia") and _admitted(before, g):
        side = claimant.side  # "Russia has admitted to 2,095 casualties": one admits one's own losses
    if side is None and measure == "missing" and claimant and claimant.side in ("ukraine", "russia"):
        # "the army gives data on 2,000 missing soldiers": a side counts its own missing; the
        # enemy's it counts as killed or captured, and names them
        side = claimant.side
    if population == "unknown" and person is None and side in g.military_by_default:
        population = _military_unless_placed(text, side, g)
    return Counted(measure, None, population, side or "unknown")


ADMITTED_LINK = regex.compile(
    r"(?:\s*(?:that|to|the|a|its|their|deaths?|loss(?:es)?|of|losing|some|just|only|a total of))*\s*", FLAGS
)


def _admitted(before: str, g: Grammar) -> bool:
    """An admission right before the figure: "admitted to just", "acknowledged the deaths of"."""
    ends = [m.end() for m in g.admission.finditer(before, max(0, len(before) - 60))]
    return bool(ends) and bool(ADMITTED_LINK.fullmatch(before, ends[-1]))


GAP_BEFORE = regex.compile(r"\b(?:and|while|but|whereas)\s+(?:the\s+)?$", FLAGS)


def _gapped_side(before: str, g: Grammar) -> str | None:
    """ "Ukraine lost 1,300 soldiers and Russia 12,000": the side that stands right before a
    figure whose verb the clause before gave."""
    for country in g.country.finditer(before, max(0, len(before) - 40)):
        gap = not before[: country.start()].strip() or GAP_BEFORE.search(before, 0, country.start())
        if gap and not before[country.end() :].strip(" ,"):
            return matched_label(country)
    return None


# a preposition between a figure and a predicate puts the predicate in another noun phrase
PREPOSITION = regex.compile(r"\b(?:for|of|on|about|to|with|from|among|into|over)\b", FLAGS)


def _describes_another_noun(after: str, predicate: regex.Match, g: Grammar) -> bool:
    """ "a hotline with 12 operators for relatives of missing soldiers", "a 40-page report on
    missing servicemen": a predicate used as the adjective of people behind a preposition
    describes them, not what the figure counts."""
    if not PREPOSITION.search(after, 0, predicate.start()):
        return False
    return g.person_noun.match(after[predicate.end() :].lstrip()) is not None


def _side_in_words(text: str, before: str, after: str, np: str, loss: regex.Match | None,
                   agent: regex.Match | None, possessed: tuple[str, str] | None, claimant: Claimant | None,
                   prev_in_sentence: Reading | None, g: Grammar) -> str | None:  # fmt: skip
    """Whose losses the figure's own words say: a side in its noun phrase or just after it,
    the owner or subject of its loss predicate, or the enemy of an agent's side."""
    side = both_sides(after, before[: loss.end()] if loss else "", g) or side_of(np, before, claimant, g)
    side = side or side_named_after(after, g)
    if side is None and loss:
        side = (possessed and possessed[0]) or country_before(before[: loss.start()], g)
        side = side or speaker_side_before(before[: loss.start()], claimant)
    if side is None and agent:
        side = _object_side_before(text, before[: agent.start()], prev_in_sentence, g)
        side = side or other(country_before(before[: agent.start()], g))
    return side


def _first(text: str, *patterns: regex.Pattern):
    """The earliest match of any of the patterns, the first of them at a tie: (pattern, label, end)."""
    match = _earliest_of(patterns).search(text)
    if match is None:
        return None
    label = next(name for name, value in match.groupdict().items() if value is not None and name[0] != "_")
    return patterns[int(match.lastgroup[1:])], label, match.end()


@cache
def _earliest_of(patterns: tuple[regex.Pattern, ...]) -> regex.Pattern:
    """The patterns as one, tried in turn at each place: one search instead of one a pattern
    (``lastgroup`` names the pattern that matched, its own named group the label)."""
    return regex.compile("|".join(f"(?P<_{n}>{p.pattern})" for n, p in enumerate(patterns)), FLAGS)


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


def _after_whole(text: str, figure: Figure, nxt: Figure | None, g: Grammar) -> str | None:
    """ "shot down 61 of the 75 drones": the words after the whole, whose equipment the part
    counts too."""
    if nxt is None or not PART_OF.fullmatch(text, figure.end, nxt.context_start):
        return None
    clause = CLAUSE_END.search(text, nxt.end)
    words = text[nxt.end : clause.start() if clause else len(text)]
    return words if g.equipment.search(_np_region(words)) else None


def _milestone_of_no_loss(before: str, loss: regex.Match, noun, g: Grammar) -> bool:
    """ "the number of Russian soldiers in Kursk reached 50,000": a milestone verb with no
    word of losses before it or in the figure's own noun phrase ("hit the mark of 900,000
    casualties") counts a strength, not a loss."""
    return (
        bool(g.milestone.fullmatch(loss.group()))
        and not (noun and noun[0] is g.casualty_noun)
        and not g.loss_context.search(before, 0, loss.start())
    )


def _verb_of_next(text: str, figure: Figure, nxt: Figure | None, after: str, predicate: regex.Match,
                  g: Grammar) -> bool:  # fmt: skip
    """ "killed 14 people and injured 20": a verb that runs into the next figure is that figure's."""
    return (
        nxt is not None
        and after == text[figure.end : nxt.context_start]
        and bool(g.linked_to_figure.fullmatch(after, predicate.end()))
    )


IN_BARE = regex.compile(r"\b(?:in|within)\s+$", FLAGS)


AND_AT_END = regex.compile(r"\band\s+$", FLAGS)


def _object_side_before(text: str, before_verb: str, prev: Reading | None, g: Grammar) -> str | None:
    """ "killed 35 Russian soldiers and wounded 50": a verb coordinated with the one before the
    previous figure shares its subject, so its object is on the previous object's side."""
    if prev is None or not AND_AT_END.search(before_verb):
        return None
    start = prev.figure.context_start
    return prev.subject_side if _adjacent(text[max(0, start - 60) : start], g.agent_predicate, g) else None


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


# "100,000 Ukrainian soldiers and 100,000 Russian soldiers": nothing but the people between the two
PEOPLE_AND = regex.compile(r"[\s\w'’-]{0,40}?\s(?:and|as well as)\s+(?:some\s+|about\s+|around\s+)?$", FLAGS)


def _shared_predicate(text: str, figure: Figure, nxt: Figure | None, g: Grammar) -> str | None:
    """The measure of a predicate two coordinated counts of people share, read after the second."""
    if nxt is None or not PEOPLE_AND.fullmatch(text, figure.end, nxt.context_start):
        return None
    clause = CLAUSE_END.search(text, nxt.end)
    after = text[nxt.end : clause.start() if clause else len(text)]
    predicate = g.predicate.search(after)
    if predicate is None or len(after[: predicate.start()].split()) > 6:
        return None
    return matched_label(predicate)


RELATIVE_CLAUSE = regex.compile(r"\s*(?:who|that)\s", FLAGS)


def _predicate_past_relative(after: str, np: str, g: Grammar) -> str | None:
    """ "16 soldiers who were in the barracks at the time of the attack are missing": the main
    verb after a relative clause, however long, when it is a copula before a predicate."""
    if not RELATIVE_CLAUSE.match(after, len(np)):
        return None
    main = g.copula_predicate.search(after, len(np))
    return matched_label(main) if main else None


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


def _adjacent(before: str, pattern: regex.Pattern, g: Grammar):
    """A predicate that ends right before the figure, linked by "at", "to", "of" ...: "total
    casualties, including the wounded, at", "Russian casualties is many times higher, up to"."""
    for match in pattern.finditer(before):
        rest = before[match.end() :]
        if g.linked_to_figure.fullmatch(rest) or LIVES_OF.fullmatch(rest) or COMPARED_LINK.fullmatch(rest):
            return match
        if "," in rest and g.linked_to_figure.fullmatch(INCLUDING_ASIDE.sub("", rest)):
            return match
        owner = g.owner_phrase.match(rest)
        if owner and g.linked_to_figure.fullmatch(rest, owner.end()):
            return match
    return None


# "the number of Russian casualties is many times higher, up to 9,000"
COMPARED_LINK = regex.compile(
    r"\s+(?:is|are|was|were|could be|may be|is likely)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:higher|greater|larger|bigger|lower|smaller)\s*,?\s*(?:at\s+)?",
    FLAGS,
)
INCLUDING_ASIDE = regex.compile(r",\s*including\s+[^,]{1,40},", FLAGS)
NEXT_ITEM = regex.compile(r",|\b(?:and|while|whereas)\b", FLAGS)


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
