"""Reading an article: its sentences in order, each figure read as a claim."""

from __future__ import annotations

from dataclasses import replace

from .. import figures
from ..dates import When
from ..lexicon import Lexicon
from ..sentences import Sentence
from .counting import as_read_before, count
from .dating import as_of, carried_over, own_period_start
from .discourse import Discourse, Reading
from .grammar import grammar
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
    # who speaks matters only for a figure, an open quote or a list announced by a colon
    speaking = {
        i: scan(sentence.text, g)
        for i, sentence in enumerate(sentences)
        if found_in[i] or "“" in sentence.text or '"' in sentence.text or sentence.text.rstrip().endswith(":")
    }
    # Who was named last is asked only by the anaphors of sentences that speak: after
    # the last of those, the claimants of a sentence that does not speak are not needed.
    last_asking = max((i for i, (_, anaphors) in speaking.items() if anaphors), default=-1)
    last_speaking = max(speaking, default=-1)
    for n, sentence in enumerate(sentences):
        if state.list_speaker and not is_list_item(sentence.text):
            state.list_speaker = None
        text = sentence.text
        found = found_in[n]
        mentions: list[Mention] = []
        if n in speaking or n < last_asking:
            named, anaphors = speaking[n] if n in speaking else scan(text, g)
            # who a sentence opens with matters only to an anaphor, here or later
            opening = opening_speaker(text, g, named, state) if anaphors or n < last_asking else None
            if opening:
                named = [opening, *named]
                anaphors = [a for a in anaphors if a.start() >= opening[1]]
            mentions = claimant_mentions(named, anaphors, g, state)
        elif n < last_speaking and (introduced := introduced_speaker(text, g, state)):
            mentions = [introduced]
        markers = attribution_markers(sentence, g, mentions, state) if n in speaking else []
        if n not in speaking and "(" in text:
            remember_acronyms(text, g, mentions, state)
        if (
            not found
            and readings
            and readings[-1].sentence.position == n - 1
            and readings[-1].claimant is None
        ):
            _credit_source(readings, state, n - 1, source_after(text, g, state))
        opens_in_quote = state.quote_speaker is not None
        prev: Reading | None = None
        for i, figure in enumerate(found):
            marker = attribute(figure, markers)
            claimant, claimant_text, attribution, via = None, None, "none", None
            if marker:
                claimant, claimant_text, attribution, via = (
                    marker.claimant,
                    marker.text,
                    marker.kind,
                    marker.via,
                )
            elif opens_in_quote and state.quote_speaker:
                claimant, claimant_text = state.quote_speaker
                attribution = "quote"
            elif state.list_speaker and state.list_speaker[0]:
                claimant, claimant_text = state.list_speaker[:2]
                attribution = "list"
            elif state.own_voice and g.own_voice.search(text):
                claimant, claimant_text = state.own_voice
                attribution = "verb"
            elif continued := continued_speaker(sentence, markers, mentions, state, g):
                claimant, claimant_text, via = continued.claimant, continued.claimant_text, continued.via
                attribution = "anaphora"
            nxt = found[i + 1] if i + 1 < len(found) else None
            counted = count(sentence, figure, nxt, prev, claimant, g, state, attribution == "contrastive")
            if counted is None:
                continue
            if counted.subject_side == "unknown":
                counted = as_read_before(counted, figure, state.sided)
            qualifier = figure.qualifier
            words_before = sentence.text[max(0, figure.start - 60) : figure.start]
            if g.projection.search(words_before) or g.projection_after.match(sentence.text, figure.end):
                qualifier = "projection"
            when, period_start = as_of(sentence, figure, published)
            when = carried_over(when, sentence, claimant, counted.subject_side, state.readings, g)
            period_start = own_period_start(sentence, figure, when, period_start, g)
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
                as_of=when,
                period_start=period_start,
                in_quote=inside_quote(sentence.text, figure.start),
                via=via,
            )
            readings.append(reading)
            state.heard(reading)
            prev = reading
        inferred = [m.named for m in markers if m.named and m.named[2].inferred]
        for s, e, claimant, name in sorted({*mentions, *inferred}, key=lambda m: m[0]):
            if name == sentence.text[s:e]:
                state.saw(claimant, name, *g.speaker_words.person_named(text, s, name))
        state.quote_speaker = open_quote_speaker(sentence, markers, state)
        state.list_speaker = list_speaker(sentence, markers, state, g)
        state.previous_text = sentence.text
    return readings


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
