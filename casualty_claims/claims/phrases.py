"""Where a speaker phrase stands: the longest run of words a name is made of (capitalised
words, acronyms, ranks, nationality words, head nouns and their modifiers, joined by "of",
"for", "in", ...), read backwards from a verb ("... the ombudsman said") or forwards from
"according to" and "citing", and stopped by any other word, a comma or a quote. What the
phrase names is ``naming``'s question."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..lexicon import FLAGS, alternation, labelled

TOKEN = regex.compile(r"[\w][\w.'’/&-]*")
# how far a speaker phrase may reach from where it stands (a long official title)
REACH = 160
CONNECTORS = {"of", "for", "in", "on", "under", "at", "and", "de"}
# lowercase words inside a person's name: "Ursula von der Leyen", "Rafael Mariano Grossi da Silva"
NAME_PARTICLES = set(
    ["von", "van", "der", "den", "de", "da", "das", "dos", "del", "di", "du", "le", "la", "al", "bin"]
)
DETERMINERS = {"the", "a", "an"}
REFLEXIVES = {"themselves", "itself", "himself", "herself"}
CAPITALISED = regex.compile(r"^[a-z]{0,2}[A-Z]")  # "Mediazona", "iStories"
ACRONYM = regex.compile(r"^(?:[A-Z][A-Z&]+|[A-Z](?:\.[A-Z])+\.?)(?:['’]s)?$")
POSSESSIVE = regex.compile(r"['’]s$")
ASIDE_AFTER = regex.compile(r",\s*(?P<aside>[^,;“”\"]{2,100}?),")
ACRONYM_AFTER = regex.compile(r"\s*\((?P<acronym>[A-Z][A-Z&.-]{1,9})\)")


@dataclass(frozen=True)
class Phrase:
    """A run of words that may name a speaker, and where it stands."""

    start: int
    end: int
    text: str


class PhraseReader:
    """Reads speaker phrases with the words of lexicon/speakers.yml a name may be made of."""

    def __init__(self, data: dict):
        self.rank = regex.compile(r"(?<![\w-])" + alternation(data["ranks"]) + r"(?![\w])", regex.VERSION0)
        self.side = labelled(data["sides"])
        self.not_names = set(data["not_names"])
        self.role_word = regex.compile(alternation(_role_words(data)) + r"(?:['’]s)?", FLAGS)
        # what a word is does not depend on where it stands: asked once per distinct word
        self._fits = lru_cache(maxsize=1 << 16)(self._fits_word)

    def _fits_word(self, word: str) -> bool:
        """A word a speaker's name can be made of (a connector or determiner aside)."""
        if ACRONYM.match(word) or self.rank.fullmatch(word):
            return True
        word = word.removesuffix(".")  # a sentence's full stop
        bare = POSSESSIVE.sub("", word)
        if CAPITALISED.match(word):
            return bare not in self.not_names or bool(self.side.fullmatch(word))
        return bool(self.role_word.fullmatch(word)) or word.lower() in ("country's", "country’s")

    def before(self, text: str, end: int) -> Phrase | None:
        """The phrase that ends at ``end`` (the subject of a verb there), read backwards."""
        tokens = list(TOKEN.finditer(text, max(0, end - REACH), end))
        if tokens and tokens[-1].group().lower() in REFLEXIVES:
            end = tokens.pop().start()  # "the Russians themselves have reported"
        if not tokens or text[tokens[-1].end() : end].strip():
            return None
        first = len(tokens)
        for i in range(len(tokens) - 1, -1, -1):
            word = tokens[i].group().lower()
            joins = i > 0 and first < len(tokens) and tokens[i - 1].group().lower() in CONNECTORS
            if self._fits(tokens[i].group()):
                first = i
            elif self._joins(tokens, i, first):
                continue
            elif word in DETERMINERS and first == i + 1 and not joins:
                first = i
                break
            elif not (word in DETERMINERS and joins):  # "the Committee of the Red Cross"
                break
            if i and not text[tokens[i - 1].end() : tokens[i].start()].isspace():
                break  # a comma or a quote between two words ends the phrase
        return self._phrase(text, tokens[first:]) if first < len(tokens) else None

    def _joins(self, tokens: list, i: int, first: int) -> bool:
        """A connector between two words of a name ("Committee of the Red Cross"), or a particle
        inside a person's name ("Ursula von der Leyen"), read backwards."""
        if i == 0:
            return False
        word = tokens[i].group().lower()
        if word in CONNECTORS and first < len(tokens) and self._fits(tokens[i - 1].group()):
            return True
        return word in NAME_PARTICLES and _joins_name(tokens, i, first)

    def after(self, text: str, start: int) -> Phrase | None:
        """The phrase that begins at ``start`` (after "according to", "citing"), read forwards."""
        tokens: list[regex.Match] = []
        last = -1
        for token in TOKEN.finditer(text, start, min(len(text), start + REACH)):
            gap = text[tokens[-1].end() if tokens else start : token.start()]
            if (gap and not gap.isspace()) or (not tokens and gap.strip()):
                break  # a comma or a quote ends the phrase
            word = token.group().lower()
            previous = tokens[-1].group().lower() if tokens else None
            if self._fits(token.group()):
                last = len(tokens)
            elif not (
                (word in DETERMINERS and (previous is None or previous in CONNECTORS))
                or (word in CONNECTORS and last == len(tokens) - 1 >= 0)
                or (word in NAME_PARTICLES and tokens and CAPITALISED.match(tokens[-1].group()))
                or (word in NAME_PARTICLES and previous in NAME_PARTICLES)
            ):
                break
            tokens.append(token)
        return self._phrase(text, tokens[: last + 1]) if last >= 0 else None

    def _phrase(self, text: str, tokens: list) -> Phrase | None:
        while tokens and tokens[-1].group().lower() in CONNECTORS | DETERMINERS:
            tokens = tokens[:-1]
        if not tokens:
            return None
        start, end = tokens[0].start(), tokens[-1].end()
        last = tokens[-1].group()
        if text[end - 1] == "." and not self.rank.fullmatch(last) and not ACRONYM.match(last):
            end -= 1  # a sentence's full stop, not an abbreviation's
        return Phrase(start, end, text[start:end])


def _role_words(data: dict) -> list[str]:
    """The words of head nouns, modifiers and ranks, each a pattern of one word ("defen[cs]e")."""
    role_words = [w for group in ("modifiers", "not_speakers") for p in data[group] for w in p.split()]
    role_words += [
        w for group in ("heads", "units") for ps in data[group].values() for p in ps for w in p.split()
    ]
    role_words += list(data["rank_roles"].values())
    return role_words


def _joins_name(tokens: list, i: int, first: int) -> bool:
    """Whether the particle at ``i``, read backwards, stands inside a person's name: a name
    word (or another particle) after it, a capitalised word before it."""
    following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
    inside = first == i + 1 or following in NAME_PARTICLES
    return inside and bool(
        CAPITALISED.match(tokens[i - 1].group()) or tokens[i - 1].group() in NAME_PARTICLES
    )


def acronym_after(text: str, end: int) -> str | None:
    """The acronym a name is given right after it: "the National Intelligence Service (NIS)"."""
    found = ACRONYM_AFTER.match(text, end)
    return found.group("acronym") if found else None
