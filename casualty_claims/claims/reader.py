"""Reading an article: its sentences in order, each figure read as a claim."""

from __future__ import annotations

from dataclasses import replace

from .. import figures
from ..dates import When
from ..figures import Figure
from ..lexicon import Claimant, Lexicon
from ..sentences import Sentence
from .counting import as_read_before, count
from .coverage import coverage
from .dating import as_of, carried_over
from .discourse import Discourse, Reading
from .grammar import Grammar, grammar
from .markers import attribution_markers, remember_acronyms
from .mentions import Mention, claimant_mentions, scan
from .speakers import attribute
from .voices import (
    continued_speaker,
    inside_quote,
    introduced_speaker,
    is_list_item,
    list_speaker,
    open_quote_speaker,
    opening_speaker,
    own_voice,
    source_after,
)


def read(
    sentences: list[Sentence], published: When | None, lexicon: Lexicon, outlet: str | None = None
) -> list[Reading]:
    """Every figure read as a claim, in article order; ``outlet`` the sidecar's, for the figures
    the article counts itself ("by our calculations")."""
    g = grammar(lexicon)
    state = Discourse(own_voice=own_voice(sentences, outlet, g))
    readings: list[Reading] = []
    found_in = [figures.find(sentence.text, lexicon) for sentence in sentences]
    speaking = _speaking(sentences, found_in, g)
    # Who was named last is asked only by the anaphors of sentences that speak: after
    # the last of those, the claimants of a sentence that does not speak are not needed.
    last_asking = max((i for i, (_, anaphors) in speaking.items() if anaphors), default=-1)
    last_speaking = max(speaking, default=-1)
    for n, sentence in enumerate(sentences):
        if state.list_speaker and not is_list_item(sentence.text):
            state.list_speaker = None
        found = found_in[n]
        mentions = _mentions(n, sentence, speaking, n < last_asking, n < last_speaking, g, state)
        markers = attribution_markers(sentence, g, mentions, state) if n in speaking else []
        if n not in speaking and "(" in sentence.text:
            remember_acronyms(sentence.text, g, mentions, state)
        if (
            not found
            and readings
            and readings[-1].sentence.position == n - 1
            and readings[-1].claimant is None
        ):
            _credit_source(readings, state, n - 1, source_after(sentence.text, g, state))
        opens_in_quote = state.quote_speaker is not None
        prev: Reading | None = None
        for i, figure in enumerate(found):
            speaker = _speaker(sentence, figure, markers, mentions, opens_in_quote, g, state)
            nxt = found[i + 1] if i + 1 < len(found) else None
            reading = _reading(sentence, figure, speaker, nxt, prev, i == 0, published, g, state)
            if reading is None:
                continue
            readings.append(reading)
            state.heard(reading)
            prev = reading
        _remember(sentence, mentions, markers, g, state)
    return readings


Speaker = tuple[Claimant | None, str | None, str, Claimant | None]  # claimant, its words, attribution, via


def _speaking(sentences: list[Sentence], found_in: list[list[Figure]], g: Grammar) -> dict[int, tuple]:
    """Who speaks in each sentence where it matters: a figure, an open quote or a list announced
    by a colon."""
    return {
        i: scan(sentence.text, g)
        for i, sentence in enumerate(sentences)
        if found_in[i] or "“" in sentence.text or '"' in sentence.text or sentence.text.rstrip().endswith(":")
    }


def _mentions(
    n: int,
    sentence: Sentence,
    speaking: dict[int, tuple],
    asked_later: bool,
    speaks_later: bool,
    g: Grammar,
    state: Discourse,
) -> list[Mention]:
    """The claimants a sentence names, where a figure or a later anaphor may ask for them."""
    text = sentence.text
    if n in speaking or asked_later:
        named, anaphors = speaking[n] if n in speaking else scan(text, g)
        # who a sentence opens with matters only to an anaphor, here or later
        opening = opening_speaker(text, g, named, state) if anaphors or asked_later else None
        if opening:
            named = [opening, *named]
            anaphors = [a for a in anaphors if a.start() >= opening[1]]
        return claimant_mentions(named, anaphors, g, state)
    if speaks_later and (introduced := introduced_speaker(text, g, state)):
        return [introduced]
    return []


def _speaker(
    sentence: Sentence,
    figure: Figure,
    markers: list,
    mentions: list[Mention],
    opens_in_quote: bool,
    g: Grammar,
    state: Discourse,
) -> Speaker:
    """Who claims a figure: its sentence's attribution, else an open quote's speaker, a list's,
    the article's own voice, or the speaker the sentence continues."""
    marker = attribute(figure, markers)
    if marker:
        return marker.claimant, marker.text, marker.kind, marker.via
    if opens_in_quote and state.quote_speaker:
        return *state.quote_speaker, "quote", None
    if state.list_speaker and state.list_speaker[0]:
        return *state.list_speaker[:2], "list", None
    if state.own_voice and g.own_voice.search(sentence.text):
        return *state.own_voice, "verb", None
    if continued := continued_speaker(sentence, markers, mentions, state, g):
        return continued.claimant, continued.claimant_text, "anaphora", continued.via
    return None, None, "none", None


def _reading(
    sentence: Sentence,
    figure: Figure,
    speaker: Speaker,
    nxt: Figure | None,
    prev: Reading | None,
    first: bool,
    published: When | None,
    g: Grammar,
    state: Discourse,
) -> Reading | None:
    """One figure read as a claim: what it counts, how sure, as of when and what it covers; None
    for a figure that counts no losses."""
    claimant, claimant_text, attribution, via = speaker
    counted = count(sentence, figure, nxt, prev, claimant, g, state, attribution == "contrastive")
    if counted is None:
        return None
    if counted.subject_side == "unknown":
        counted = as_read_before(counted, figure, state.sided)
    qualifier = figure.qualifier
    words_before = sentence.text[max(0, figure.start - 60) : figure.start]
    if g.projection_words.may_match(sentence.text) and (
        g.projection.search(words_before) or g.projection_after.match(sentence.text, figure.end)
    ):
        qualifier = "projection"
    when = carried_over(
        as_of(sentence, figure, published), sentence, claimant, counted.subject_side, state.readings, g
    )
    covers = coverage(sentence, figure, first, when, published, g.lexicon)
    return Reading(
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
        as_of=covers.ends or when,
        covers=covers,
        in_quote=inside_quote(sentence.text, figure.start),
        via=via,
    )


def _remember(
    sentence: Sentence, mentions: list[Mention], markers: list, g: Grammar, state: Discourse
) -> None:
    """What a sentence leaves for the next: the claimants it named, an open quote's speaker, a list's."""
    inferred = [m.named for m in markers if m.named and m.named[2].inferred]
    for s, e, claimant, name in sorted({*mentions, *inferred}, key=lambda m: m[0]):
        if name == sentence.text[s:e]:
            state.saw(claimant, name, *g.speaker_words.person_named(sentence.text, s, name))
    state.quote_speaker = open_quote_speaker(sentence, markers, state)
    state.list_speaker = list_speaker(sentence, markers, state, g)
    state.previous_text = sentence.text


def _credit_source(readings: list[Reading], state: Discourse, position: int, source: Mention | None) -> None:
    """The figures of the sentence at ``position`` that no one claimed are the source's, named in
    the sentence after it ("The ministry made the claim on Monday")."""
    if source is None:
        return
    for k in range(len(readings) - 1, -1, -1):
        reading = readings[k]
        if reading.sentence.position != position:
            break
        if reading.claimant is None:
            readings[k] = state.readings[k] = replace(
                reading, claimant=source[2], claimant_text=source[3], attribution="verb"
            )
