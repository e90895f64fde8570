"""The claimants a sentence names, and the anaphors in it ("he", "the ministry") that refer
back to one the article named before."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..lexicon import Claimant
from ..sentences import SENTENCES_REMEMBERED
from .discourse import Discourse
from .grammar import Grammar

Mention = tuple[int, int, Claimant, str]  # start, end, claimant, the words that name it


def names(text: str, g: Grammar) -> list[Mention]:
    return [(m.start(), m.end(), g.lexicon.claimant_at(m), m.group()) for m in g.claimant.finditer(text)]


def scan(text: str, g: Grammar) -> tuple[list[Mention], list[regex.Match]]:
    """The claimants a sentence names, and its anaphors ("he", "the ministry": words
    that refer back to a claimant) that are not part of a name."""
    named, anaphors = _scanned(text, g)
    return list(named), list(anaphors)


@lru_cache(maxsize=SENTENCES_REMEMBERED)
def _scanned(text: str, g: Grammar) -> tuple[tuple[Mention, ...], tuple[regex.Match, ...]]:
    named = names(text, g)
    anaphors = [m for m in g.anaphora.finditer(text) if not any(s <= m.start() < e for s, e, _, _ in named)]
    return tuple(named), tuple(anaphors)


def claimant_mentions(
    named: list[Mention], anaphors: list[regex.Match], g: Grammar, state: Discourse
) -> list[Mention]:
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
