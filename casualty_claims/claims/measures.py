"""What a figure's own words say it counts (killed, wounded, captured, missing ...): a
casualty noun, a predicate after its noun phrase, a loss or agent predicate right before
it, a predicate two coordinated counts share; and the words that change it (the wounded
coordinated after a loss, a part of a group of prisoners)."""

from __future__ import annotations

import regex

from ..at_end import AtEnd
from ..figures import Figure
from ..lexicon import FLAGS, matched_label
from .figure_words import CLAUSE_END, Around
from .grammar import Grammar
from .losses import agent_verb, possessed_loss

# "Russia lost 71 soldiers and 210 were wounded": the figure after "and" counts the wounded
COORDINATED = regex.compile(
    r"\b(?:and|with|as well as)\s+(?:another|a further|an additional|further)?\s*$", FLAGS
)


# "Those who gave themselves up included 29 wounded": a part of the group named before
GROUP_INCLUDED = AtEnd(r"\b(?:included|include|includes|were among them)", r"\s", FLAGS)


LIVES_OF = regex.compile(r"\s*(?:the\s+)?(?:lives\s+of\s+)?[\s\"“‘']*", FLAGS)


# a preposition between a figure and a predicate puts the predicate in another noun phrase
PREPOSITION = regex.compile(r"\b(?:for|of|on|about|to|with|from|among|into|over)\b", FLAGS)


AUXILIARIES_AT_END = regex.compile(r"(?:\s+(?:has|have|had|also|now|already|reportedly))*\s*$", FLAGS)


# "100,000 Ukrainian soldiers and 100,000 Russian soldiers": nothing but the people between the two
PEOPLE_AND = regex.compile(r"[\s\w'’-]{0,40}?\s(?:and|as well as)\s+(?:some\s+|about\s+|around\s+)?$", FLAGS)


RELATIVE_CLAUSE = regex.compile(r"\s*(?:who|that)\s", FLAGS)


# "the number of Russian casualties is many times higher, up to 9,000"
COMPARED_LINK = regex.compile(
    r"\s+(?:is|are|was|were|could be|may be|is likely)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:higher|greater|larger|bigger|lower|smaller)\s*,?\s*(?:at\s+)?",
    FLAGS,
)
INCLUDING_ASIDE = regex.compile(r",\s*including\s+[^,]{1,40},", FLAGS)
NEXT_ITEM = regex.compile(r",|\b(?:and|while|whereas)\b", FLAGS)


def loss_predicates(
    before: str, noun, g: Grammar
) -> tuple[regex.Match | None, regex.Match | None, tuple[str, str] | None]:
    """The loss predicate right before a figure ("Russia lost"), the agent's ("Ukraine killed";
    the loss is none when an agent's verb made it), and a side's loss the loss predicate follows."""
    loss = adjacent(before, g.loss_predicate, g) if g.loss_predicate_words.may_match(before) else None
    if loss and _milestone_of_no_loss(before, loss, noun, g):
        loss = None
    agent = adjacent(before, g.agent_predicate, g) if g.agent_predicate_words.may_match(before) else None
    if agent_verb(loss, agent, before):
        loss = None
    possessed = possessed_loss(before[: loss.start()], g) if loss else None
    return loss, agent, possessed


def stated_measure(w: Around, person, g: Grammar) -> str | None:
    """What a figure of people counts by its own words: its casualty noun (refined by a
    predicate close after it), a predicate after its noun phrase, a loss or agent predicate
    before it, or a predicate it shares with the next count of people."""
    text, after, np, noun, loss, agent = w.text, w.after, w.np, w.noun, w.loss, w.agent
    measure = None
    predicate = g.predicate.search(after)
    if predicate and _verb_of_next(text, w.figure, w.nxt, after, predicate, g):
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
    if measure is None and (w.possessed or loss or agent):
        measure = w.possessed[1] if w.possessed else matched_label(loss or agent)
        # "Russia lost 71 soldiers and 210 were wounded": beside the wounded, the loss is the dead
        if measure == "killed_or_wounded" and _wounded_follow(text, w.figure, w.nxt, g):
            measure = "killed"
    if measure is None and person:
        # "100,000 Ukrainian soldiers and 100,000 Russian soldiers had been killed": one predicate for both
        measure = _shared_predicate(text, w.figure, w.nxt, g) or _predicate_past_relative(after, np, g)
    return measure


def _describes_another_noun(after: str, predicate: regex.Match, g: Grammar) -> bool:
    """ "a hotline with 12 operators for relatives of missing soldiers", "a 40-page report on
    missing servicemen": a predicate used as the adjective of people behind a preposition
    describes them, not what the figure counts."""
    if not PREPOSITION.search(after, 0, predicate.start()):
        return False
    return g.person_noun.match(after[predicate.end() :].lstrip()) is not None


def _milestone_of_no_loss(before: str, loss: regex.Match, noun, g: Grammar) -> bool:
    """ "the number of Russian soldiers in Kursk reached 50,000": a milestone verb with no
    word of losses before it or in the figure's own noun phrase ("hit the mark of 900,000
    casualties") counts a strength, not a loss."""
    return (
        bool(g.milestone.fullmatch(loss.group()))
        and not (noun and noun[0] is g.casualty_noun)
        and not g.loss_context.search(before, 0, loss.start())
    )


def _verb_of_next(
    text: str, figure: Figure, nxt: Figure | None, after: str, predicate: regex.Match, g: Grammar
) -> bool:
    """ "killed 14 people and injured 20": a verb that runs into the next figure is that figure's."""
    return (
        nxt is not None
        and after == text[figure.end : nxt.context_start]
        and bool(g.linked_to_figure.fullmatch(after, predicate.end()))
    )


def people_before(text: str, g: Grammar) -> str:
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


def _predicate_past_relative(after: str, np: str, g: Grammar) -> str | None:
    """ "16 soldiers who were in the barracks at the time of the attack are missing": the main
    verb after a relative clause, however long, when it is a copula before a predicate."""
    if not RELATIVE_CLAUSE.match(after, len(np)):
        return None
    main = g.copula_predicate.search(after, len(np))
    return matched_label(main) if main else None


def prisoners_including(before: str, g: Grammar) -> regex.Match | None:
    """ "Those who gave themselves up included 29 wounded": a part of a group of prisoners
    is prisoners. The predicate that makes them prisoners."""
    if not GROUP_INCLUDED.search(before):
        return None
    captured = [m for m in g.predicate.finditer(before) if matched_label(m) == "captured"]
    return captured[-1] if captured else None


def adjacent(before: str, pattern: regex.Pattern, g: Grammar):
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
