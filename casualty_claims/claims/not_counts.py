"""What a figure is not: a count of losses in another war, an age beside a name, a label
("day 300", "the 155th brigade"), a part of a model's name ("Leopard 2"), a part of a whole
("61 of the 75 drones"), an army's strength. Each guard answers before what a figure counts
is asked."""

from __future__ import annotations

import regex

from ..at_end import AtEnd
from ..figures import Figure
from ..lexicon import FLAGS
from .grammar import Grammar

# "day 300 of the war", "the 155th brigade", "flight 752", "a Su-25", "Highway 20": labels, not counts
NOT_A_COUNT_BEFORE = AtEnd(
    r"\b(?:aged|age of|No\.?|(?<!\b(?:to|will|would|could|may|might|which|that)\s)number|day|days|page|article|paragraph|resolution|flight|route|"
    r"brigade|battalion|regiment|division|unit|highway|motorway|road|penal colony|colony|building|"
    r"block|hangar|platform|terminal|school|lyceum|ward|cell|Su|Mi|Tu|Ka|Il|An|MiG|T)",
    r"[\s-]",
    FLAGS,
)


# "Dmytro Ivanenko, 39, a volunteer ...", "nicknamed 'Tiger', 27,": an age beside a name
AGE_BESIDE_NAME = regex.compile(r"(?:\p{Lu}[\p{L}'’-]+\s+\p{Lu}[\p{L}'’-]+|['\"’”])\s*,\s*$")
COMMA_AFTER = regex.compile(r"\s*,")


# "shot down 61 of the 75 drones": a part of the whole named after it
WHOLE_OF_PART = regex.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty|hundred))"
    r"\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?$",
    FLAGS,
)


# "In the First Chechen War, federal forces lost 5,500": an opening phrase that sets the scene
# of its clause
SCENE = regex.compile(r"^\W*(?:in|during|throughout|over)\b[^,;]{1,80},", FLAGS)


def age_beside_name(text: str, figure: Figure) -> bool:
    """ "Dmytro Ivanenko, 39, a volunteer, was killed": the age of the person named."""
    return (
        figure.text.isdigit()
        and figure.value < 120
        and bool(AGE_BESIDE_NAME.search(text, max(0, figure.start - 60), figure.start))
        and bool(COMMA_AFTER.match(text, figure.end))
    )


def names_model(text: str, figure: Figure, g: Grammar) -> bool:
    """ "Leopard 2", "KAB-500": a figure that is part of a name."""
    return bool(g.model_number.search(text, max(0, figure.start - 24), figure.start))


def about_other_war(before: str, after: str, g: Grammar) -> bool:
    """ "Soviet losses in the 1979-89 Afghanistan war were 15,000": a figure whose own clause,
    or the scene its clause opens with ("In Gaza, ..."), names another war or era, or a death
    that is not the war's ("a bus crash killed 14"), unless only as the standard of a
    comparison ("more than in Afghanistan")."""
    # the words looked in are the clause before and its scene (parts of ``before``) and ``after[:100]``
    if not (g.other_war_words.may_match(before) or g.other_war_words.may_match(after[:100])):
        return False  # most figures: no word of another war or cause near
    own_clause = before[before.rfind(",") + 1 :]
    scene = SCENE.match(before)
    for words in (own_clause, after[:100], scene.group() if scene else ""):
        if not words:
            continue  # no words, no other war
        compared = g.comparison.search(words)
        end = compared.start() if compared else len(words)
        if g.other_war_or_cause.search(words, 0, end):
            return True
    return False


def strength_phrase(np: str, after: str, g: Grammar) -> bool:
    """ "the 360,000 soldiers in Putin's army": a strength, unless a loss follows."""
    tail = after[len(np) : len(np) + 60]
    return bool(g.not_losses.match(tail.lstrip())) and not g.predicate.search(tail[:30])
